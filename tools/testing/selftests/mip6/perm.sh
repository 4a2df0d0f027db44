#!/bin/bash
# Mutating ioctls and sysctls need CAP_NET_ADMIN over the namespace (in its user namespace).
. "$(dirname "$0")/lib.sh"

modprobe mip6_ha
nocaps() { setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all -- "$@"; }
check "no capabilities: set role is EPERM with MIPL's message" output_has 'You must be root' nocaps "$MIPDIAG" -r ha
expect_fail "no capabilities: mipdiag -r ha fails" nocaps "$MIPDIAG" -r ha
check "no capabilities: role unchanged" equals "Role is cn." "$MIPDIAG" -r
check "no capabilities: reading is allowed" output_has 'roles loaded: cn ha' nocaps "$MIPDIAG" -V
check "root of a child user namespace: EPERM on the init namespace" output_has 'You must be root' unshare -Ur "$MIPDIAG" -r ha
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"; }
check "unprivileged user: sysctl write refused with MIPL's message" output_has 'You must be root' nobody "$MIPDIAG" -d 3
check "unprivileged user: sysctl unchanged" equals "Debug level is 1." "$MIPDIAG" -d
check "unprivileged user: sysctl readable" equals "Debug level is 1." nobody "$MIPDIAG" -d
check "unprivileged user: device open refused (mode 0600) with a clear message" output_has 'permission denied\. You must be root' nobody "$MIPDIAG" -V
check "root of a child user+net namespace may configure its own namespace" equals "Role is ha." unshare -Urn "$MIPDIAG" -r ha
check "init namespace still cn" equals "Role is cn." "$MIPDIAG" -r
