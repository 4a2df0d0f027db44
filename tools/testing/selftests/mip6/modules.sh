#!/bin/bash
# Module dependencies, banners, parameters, load/unload cycles in every allowed order.
. "$(dirname "$0")/lib.sh"

check "modinfo: mip6_mn depends on mip6_base" equals mip6_base modinfo -F depends mip6_mn
check "modinfo: mip6_ha depends on mip6_base" equals mip6_base modinfo -F depends mip6_ha
check "modinfo: mipv6_debug parameter documented" output_has 'mipv6_debug:.*Debug level' modinfo mip6_base

dmesg -C
check "modprobe mip6_base mipv6_debug=3" modprobe mip6_base mipv6_debug=3
check "banner: Correspondent Node" output_has 'mip6 Mobile IPv6 for Linux Correspondent Node v[0-9.]+ \(RFC 6275\)' dmesg
check "mipv6_debug=3 sets debuglevel" equals 3 cat "$(sysctl_path debuglevel)"
check "/dev/mipv6_dev is a char device" test -c /dev/mipv6_dev
check "modprobe mip6_mn loads beside base" modprobe mip6_mn
check "modprobe mip6_ha loads beside mn" modprobe mip6_ha
check "banners: Mobile Node and Home Agent" output_has 'Mobile Node v.*' dmesg
check "banner: Home Agent" output_has 'mip6 Mobile IPv6 for Linux Home Agent v' dmesg
expect_fail "rmmod mip6_base refused while roles use it" rmmod mip6_base
check "base still loaded after refused rmmod" grep -q '^mip6_base ' /proc/modules

cycle() { # order of the role modules to remove
    modprobe mip6_mn && modprobe mip6_ha || return 1
    for m in "$@"; do rmmod "$m" || return 1; done
    rmmod mip6_base || return 1
    ! grep -q '^mip6_' /proc/modules || { echo "modules left"; return 1; }
    [ ! -e /dev/mipv6_dev ] || { echo "device left"; return 1; }
    [ ! -e /proc/sys/net/ipv6/mobility ] || { echo "sysctls left"; return 1; }
}
rmmod mip6_ha mip6_mn mip6_base
check "modprobe mip6_ha pulls in mip6_base" sh -c 'modprobe mip6_ha && grep -q "^mip6_base " /proc/modules && rmmod mip6_ha mip6_base'
for i in 1 2 3; do
    check "load/unload cycle $i (ha, mn, base)" cycle mip6_ha mip6_mn
    check "load/unload cycle $i (mn, ha, base)" cycle mip6_mn mip6_ha
done
check "default mipv6_debug=1" sh -c 'modprobe mip6_base && test "$(cat /proc/sys/net/ipv6/mobility/debuglevel)" = 1'
check "unload banner" output_has 'Correspondent Node unloaded' sh -c 'rmmod mip6_base; dmesg'
