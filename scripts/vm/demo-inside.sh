#!/bin/bash
# Runs inside the VM for `make demo`: the Mobile IPv6 HOWTO's walk through its testbed,
# with mip6's mobile node and home agent (testbed: tools/testing/selftests/mip6/testbed.sh).
set -u
MIPDIAG=$PWD/target/release/mipdiag
TB_DIR=$MIP6_JOB
. tools/testing/selftests/mip6/testbed.sh
say() { printf '\n\033[1m### %s\033[0m\n' "$*"; }
run() { echo "# $*"; "$@"; }
on() { local ns=$1; shift; echo "[$ns]# ${1##*/} ${*:2}"; ip netns exec "$ns" "$@"; }
fail() { echo "demo: $*" >&2; tb_dump_state >&2; exit 1; }

say "The testbed: HA and R on the home link, AR and AR2 serve visitnet and visitnet2, a CN"
tb_up
cat <<'EOF'
   home link fec0:106:2700::/64   HA ::1 (home agent, radvd), R ::2, the MN at home
   internet  fec0:106:2300::/64   R ::1, AR ::2, AR2 ::3, CN ::10
   visitnet  fec0:106:1100::/64   AR  ::1 (radvd)
   visitnet2 fec0:106:1000::/64   AR2 ::1 (radvd)
EOF
say "radvd on the home agent (home agent flag, Home Agent Information, fast intervals)"
cat $TB_DIR/radvd-ha.conf

say "Starting Mobile IPv6 (network-mip6.conf + mobile-ip6 start), as in the HOWTO"
echo "--- network-mip6.conf of the HA:"; cat $TB_DIR/ha.conf
mip6ctl() { echo "[$1]# mobile-ip6 $2"; tb_mobile_ip6 "$1" "$2"; }
mip6ctl ha start || fail "HA start"
echo "--- its binding policy, from KEYFILE (RFC 4285 MN-HA key of the home address; never shown):"
on ha "$MIPDIAG" -p
tb_radvd_start ha ar ar2
echo "--- network-mip6.conf of the MN:"; cat $TB_DIR/mn.conf
mip6ctl mn start || fail "MN start"
dmesg | grep 'mip6 Mobile IPv6'
on mn "$MIPDIAG" -m
on mn ip -6 addr show dev mip6mnha1

say "At home: the CN pings the MN's home address (and keeps pinging, every 50 ms)"
tb_wait 60 ip netns exec cn ping -c1 -W1 $TB_HOME || fail "the CN cannot reach the home address"
ip netns exec cn ping -O -i 0.05 $TB_HOME >$TB_DIR/ping.txt 2>&1 &
pinger=$!
sleep 2

# The MN's BUL entry for the CN: bound and route optimised from a care-of address in PREFIX.
ro_with() {
    ip netns exec mn "$MIPDIAG" -j -l | grep -q \
        "\"recipient\":\"$TB_CN\",\"home_registration\":false,[^}]*\"care_of_address\":\"$1[^\"]*\",[^}]*\"route_optimised\":true"
}

show_away() { # PREFIX NAME
    tb_wait 60 tb_registered_in "$1" || fail "no registration in $2"
    on ha "$MIPDIAG" -c
    echo "--- the MN's default route goes through the home tunnel:"
    on mn ip -6 route show default
    echo "--- the HOWTO: \"When the MN answers the CN, it may use its current care-of address"
    echo "    (and perform a binding to the CN) and communicate with the CN directly\":"
    echo "    return routability (HoTI through the tunnel, CoTI direct), then a Binding Update to the CN"
    tb_wait 60 ro_with "$1" || fail "no route optimisation with the CN in $2"
    on mn "$MIPDIAG" -l
    on cn "$MIPDIAG" -c
}

say "The MN travels to visitnet (the HOWTO: iwconfig eth0 essid visitnet)"
tb_move br_v1
show_away fec0:106:1100: visitnet
sleep 2
say "On to visitnet2: a new care-of address, a new Binding Update, no restart needed"
tb_move br_v2
show_away fec0:106:1000: visitnet2
on mn ip -6 addr show dev mn0 scope global
sleep 2
say "Back home: deregistration; the HA's binding disappears, visited addresses are removed"
tb_move br_home
tb_wait 60 tb_home_again || fail "did not come home"
on mn "$MIPDIAG" -m
on ha "$MIPDIAG" -c
tb_wait 30 sh -c "! ip netns exec cn $MIPDIAG -j -c | grep -q care_of_address" || fail "the CN kept its binding"
echo "--- the CN's binding was deleted too (Binding Update from the home address, lifetime 0):"
on cn "$MIPDIAG" -c
on mn ip -6 addr show dev mn0 scope global
sleep 2
kill $pinger 2>/dev/null; wait $pinger 2>/dev/null

say "The CN's pings to the home address during the three moves"
awk '/bytes from/ {ok++} /no answer yet/ {lost++} END {printf "%d echo requests answered, %d unanswered (the handovers)\n", ok, lost}' $TB_DIR/ping.txt
say "Statistics on the home agent, the mobile node and the correspondent node"
on ha "$MIPDIAG" -s | awk '$3 != 0'
on mn "$MIPDIAG" -s | awk '$3 != 0'
on cn "$MIPDIAG" -s | awk '$3 != 0'

say "Stopping"
mip6ctl mn stop
mip6ctl ha stop
tb_down
run rmmod mip6_ha mip6_mn mip6_base
dmesg | grep 'unloaded'
