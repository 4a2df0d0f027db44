#!/bin/bash
# Roles are per namespace: a home agent and a mobile node in one kernel.
. "$(dirname "$0")/lib.sh"

modprobe mip6_base
ip netns add home; ip netns add mobile
check "set role mn without mip6_mn: names the module" output_has 'module mip6_mn is not loaded' in_ns mobile "$MIPDIAG" -r mn
modprobe mip6_mn; modprobe mip6_ha
check "HA namespace" equals "Role is ha." in_ns home "$MIPDIAG" --role=ha
check "MN namespace" equals "Role is mn." in_ns mobile "$MIPDIAG" -r mn
check "init namespace stays cn" equals "Role is cn." "$MIPDIAG" -r
check "HA namespace kept its role" equals "Role is ha." in_ns home "$MIPDIAG" -r
check "bad role name refused" output_has "role must be cn, mn or ha" "$MIPDIAG" -r router
rmmod mip6_ha
check "unloading mip6_ha returns its namespace to cn" equals "Role is cn." in_ns home "$MIPDIAG" -r
check "the MN namespace is untouched" equals "Role is mn." in_ns mobile "$MIPDIAG" -r
check "role ha now refused" output_has 'module mip6_ha is not loaded' in_ns home "$MIPDIAG" -r ha
modprobe mip6_ha
check "reloading mip6_ha does not give the old role back" equals "Role is cn." in_ns home "$MIPDIAG" -r
check "role ha accepted again once reloaded" equals "Role is ha." in_ns home "$MIPDIAG" -r ha
check "deleting namespaces with roles set is clean" sh -c 'ip netns del home && ip netns del mobile'
check "modules unload after that" sh -c 'rmmod mip6_ha mip6_mn mip6_base'
