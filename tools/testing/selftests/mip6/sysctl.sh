#!/bin/bash
# net.ipv6.mobility: every MIPL 1.0 knob and mip6's limits (binding caches, RFC 4285 replay
# tolerance, home registration lifetime), each one's default and range, per network namespace.
. "$(dirname "$0")/lib.sh"

modprobe mip6_base
declare -A default=([debuglevel]=1 [accept_return_routability]=1 [bu_flag_lladdr]=0 [bu_flag_keymgm]=0
    [bu_flag_cn_ack]=0 [max_router_reachable_time]=5 [eager_cell_switching]=1 [binding_refresh_advice]=0
    [max_tnls]=3 [min_tnls]=1 [tunnel_sitelocal]=0
    [max_bindings]=131072 [max_cn_bindings]=16384 [replay_tolerance]=7 [max_home_lifetime]=262140)
declare -A max=([debuglevel]=7 [accept_return_routability]=1 [bu_flag_lladdr]=1 [bu_flag_keymgm]=1
    [bu_flag_cn_ack]=1 [max_router_reachable_time]=1000 [eager_cell_switching]=1 [binding_refresh_advice]=65535
    [max_tnls]=1024 [min_tnls]=1024 [tunnel_sitelocal]=1
    [max_bindings]=1048576 [max_cn_bindings]=1048576 [replay_tolerance]=3600 [max_home_lifetime]=262140)
declare -A min=([max_router_reachable_time]=1 [max_tnls]=1 [min_tnls]=1 [replay_tolerance]=1 [max_home_lifetime]=4)

check "exactly the 11 MIPL knobs and the 4 limits" equals 15 sh -c 'ls /proc/sys/net/ipv6/mobility | wc -l'
for k in "${!default[@]}"; do
    check "$k defaults to ${default[$k]}" equals "${default[$k]}" cat "$(sysctl_path "$k")"
    lo=${min[$k]:-0}
    check "$k accepts its maximum ${max[$k]}" sh -c "echo ${max[$k]} > $(sysctl_path "$k") && test \$(cat $(sysctl_path "$k")) = ${max[$k]}"
    expect_fail "$k rejects $((max[$k] + 1))" sh -c "echo $((max[$k] + 1)) > $(sysctl_path "$k")"
    expect_fail "$k rejects $((lo - 1))" sh -c "echo $((lo - 1)) > $(sysctl_path "$k")"
    echo "${default[$k]}" > "$(sysctl_path "$k")"
done

ip netns add a; ip netns add b
echo 5 > "$(sysctl_path debuglevel)"
check "a new namespace gets the defaults" equals 1 in_ns a cat "$(sysctl_path debuglevel)"
in_ns a sh -c "echo 0 > $(sysctl_path accept_return_routability); echo 6 > $(sysctl_path debuglevel)"
check "change in a is seen in a" equals 0 in_ns a cat "$(sysctl_path accept_return_routability)"
check "change in a is not seen in b" equals 1 in_ns b cat "$(sysctl_path accept_return_routability)"
check "change in a is not seen in init" equals 1 cat "$(sysctl_path accept_return_routability)"
check "init keeps its own debuglevel" equals 5 cat "$(sysctl_path debuglevel)"
check "mipdiag -d reads the namespace's level" equals "Debug level is 6." in_ns a "$MIPDIAG" -d
check "mipdiag -d 2 sets it in b only" sh -c "ip netns exec b $MIPDIAG -d 2 >/dev/null && test \$(cat $(sysctl_path debuglevel)) = 5"
check "mipdiag -t yes / -t" equals "Tunnel site-local is ON." in_ns b "$MIPDIAG" -t yes
check "mipdiag -d 9 refused before the kernel" output_has 'debug level must be 0-7' "$MIPDIAG" -d 9
ip netns del a
check "namespace deletion with a live table is clean" test -d /proc/sys/net/ipv6/mobility
