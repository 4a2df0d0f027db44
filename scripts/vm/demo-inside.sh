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
say "Unloading"
ip netns del ha; ip netns del mn
run rmmod mip6_ha mip6_mn mip6_base
dmesg | grep 'unloaded'
