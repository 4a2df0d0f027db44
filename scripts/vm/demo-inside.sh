#!/bin/bash
# Runs inside the VM for `make demo`: narrate what the modules provide so far.
set -e
MIPDIAG=$PWD/target/release/mipdiag
say() { printf '\n\033[1m### %s\033[0m\n' "$*"; }
run() { echo "# $*"; "$@"; }

say "Loading the modules (the HOWTO: modprobe mip6_mn / mip6_ha)"
run modprobe mip6_base mipv6_debug=1
run modprobe mip6_mn
run modprobe mip6_ha
dmesg | grep 'mip6 Mobile IPv6'
run lsmod
say "The device and the tool"
run ls -l /dev/mipv6_dev
run "$MIPDIAG" -V
say "net.ipv6.mobility sysctls (per network namespace)"
for f in /proc/sys/net/ipv6/mobility/*; do printf '%-45s %s\n' "net.ipv6.mobility.${f##*/}" "$(cat "$f")"; done
say "Roles per namespace: a home agent and a mobile node in one kernel"
run ip netns add ha
run ip netns add mn
run ip netns exec ha "$MIPDIAG" -r ha
run ip netns exec mn "$MIPDIAG" -r mn
run "$MIPDIAG" -r
run ip netns exec mn "$MIPDIAG" -d 3
run "$MIPDIAG" -d
say "Home registration (HOWTO testbed addresses): the HA in namespace ha, a mobile node"
echo "   visiting fec0:106:1100::/64 (an independent Scapy peer for now: mip6_mn's own BUs are next)"
ip netns add r
ip link add ha0 netns ha type veth peer name r0 netns r
ip link add mn0 netns mn type veth peer name r1 netns r
ip -n ha addr add fec0:106:2700::1/64 dev ha0 nodad
ip -n r addr add fec0:106:2700::ff/64 dev r0 nodad
ip -n r addr add fec0:106:1100::ff/64 dev r1 nodad
ip -n mn addr add fec0:106:1100:0:290:7dff:fef3:31a/64 dev mn0 nodad
for l in "ha ha0" "r r0" "r r1" "mn mn0" "ha lo" "r lo" "mn lo"; do set -- $l; ip -n $1 link set $2 up; done
ip netns exec r sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n ha route add default via fec0:106:2700::ff
ip -n mn route add default via fec0:106:1100::ff
peer=tools/testing/selftests/mip6/mn_peer.py
bu() { ip netns exec mn python3 $peer --ha fec0:106:2700::1 --home fec0:106:2700::4 \
        --coa fec0:106:1100:0:290:7dff:fef3:31a "$@"; }
echo "# MN -> HA: Binding Update (A, H, seq 1, lifetime 250 units = 1000 s) with a Home Address option"
bu --seq 1 --lifetime 250
run ip netns exec ha "$MIPDIAG" -c
echo "# a BU for an address that is not on the home link"
bu --seq 1 --lifetime 250 --home fec0:106:9999::4
run ip netns exec ha "$MIPDIAG" -s
echo "# returning home: deregistration (lifetime 0)"
bu --seq 2 --lifetime 0
run ip netns exec ha "$MIPDIAG" -c

say "Unloading"
ip netns del ha; ip netns del mn; ip netns del r
run rmmod mip6_ha mip6_mn mip6_base
dmesg | grep 'unloaded'
