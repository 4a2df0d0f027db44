#!/bin/bash
# Route optimisation (RFC 6275 §5.2, §9.3, §11.6, §11.7.2) between our mobile node and our
# correspondent node on the HOWTO testbed: the CN pings the home address; once the MN's
# return routability test and Binding Update to the CN are through, the pings go directly
# (type 2 routing header CN -> MN, Home Address option MN -> CN), across a move between
# visited networks. With net.ipv6.mobility.accept_return_routability=0 on both sides the
# same traffic stays in the home agent's tunnel. Captures on the MN's link are decoded by
# decode.sh (tshark) on the host.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
TB_DIR=$MIP6_JOB
. "$here/testbed.sh"
J=$MIP6_JOB

# The visited networks' path MTU is 1400: every bulk transfer below finds its path MTU
# through packets our send paths reshape (RH2 at the CN, Home Address option at the MN,
# the HA's tunnel): from the access routers' Packet Too Big or the MN's link MTU.
TB_VISITED_MTU=1400
tb_up
tb_mobile_ip6 ha start >/dev/null
tb_radvd_start ha ar ar2
# The A flag on the BU to the CN: the CN's signed BA is verified by the MN.
in_ns mn sysctl -qw net.ipv6.mobility.bu_flag_cn_ack=1
tb_mobile_ip6 mn start >/dev/null
tb_wait 60 in_ns cn ping -c1 -W1 $TB_HOME

# capture NAME: everything on the MN's link (the care-of side of both paths).
capture() {
    # (ip netns exec execs tcpdump: $! is tcpdump itself, stopped below.)
    ip netns exec mn tcpdump -i mn0 -U -w $J/$1.pcap "ip6 and not (icmp6 and icmp6[0] >= 133 and icmp6[0] <= 137)" \
        >/dev/null 2>&1 &
    dump=$!
    tb_wait 60 test -s $J/$1.pcap
}
stop_capture() { nap 1; kill $dump 2>/dev/null; wait $dump 2>/dev/null; }

# The MN's BUL entry for the CN: route optimised with a care-of address in PREFIX.
ro_with() {
    in_ns mn "$MIPDIAG" -j -l | grep -q \
        "\"recipient\":\"$TB_CN\",\"home_registration\":false,[^}]*\"care_of_address\":\"$1[^\"]*\",[^}]*\"state\":2,\"route_optimised\":true"
}
# The CN's binding cache: a correspondent entry (type 1) for the home address in PREFIX.
cn_binding_in() {
    in_ns cn "$MIPDIAG" -j -c | grep -q \
        "\"home_address\":\"$TB_HOME\",\"care_of_address\":\"$1[^\"]*\",\"lifetime\":[0-9]*,\"type\":1"
}
replies() { grep -c 'ttl=' $J/ro-ping.txt; }

# Packets dropped on transmit by any interface of any namespace (the counter a router
# bumps when it drops a GSO packet it cannot parse, and our tunnel device's drops).
tx_dropped() {
    for ns in $(ip netns list | awk '{print $1}'); do ip -n $ns -s -o link show; done | awk '
        # One line per link: "... TX: bytes packets errors dropped ... \ VALUES": the value
        # under "dropped" is as many fields after the backslash as the name is after TX:.
        # No link with a "dropped" counter read: print nothing (the check then fails).
        { for (i = 1; i <= NF; i++) if ($i == "TX:") {
              d = 0
              for (h = i + 1; h <= NF && $h != "\\"; h++) if ($h == "dropped") d = h
              if (d) { n += $(d + h - i); links++ } } }
        END { if (links) print n + 0 }'
}
# same_bytes DIR: sender and receiver agree on the byte count and the digest (one JSON
# line each, written by the same code) and at least 128 kB (128,000 bytes: two of the
# sender's 64,000-byte writes) went.
same_bytes() {
    local s r
    read -r s <"$1/send.json"; read -r r <"$1/recv.json"
    [ -n "$s" ] && [ "$s" = "$r" ] || { echo "sent: $s; received: $r"; return 1; }
    [[ $s =~ \"bytes\":\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 128000 ] || { echo "too few bytes: $s"; return 1; }
}
# bulk LABEL FROM_NS TO_NS TO_ADDR PORT: 6 s (from the connection) of TCP as fast as it
# goes, in 64 kB writes
# (GSO packets through the path under test): every byte arrives (sha256) and no
# interface drops a packet meanwhile.
bulk() {
    local label=$1 from=$2 to=$3 addr=$4 port=$5 d=$J/bulk-$5 drops0 drops1
    mkdir -p $d
    # Python takes seconds to start in the debug VM, minutes on a loaded machine: the 6 s
    # count from the sender's connection, whenever that comes.
    in_ns $to python3 -I -S "$here/tcp_xfer.py" recv $addr $port $d/recv.json 2>$d/recv.err &
    tb_wait 600 test -e $d/recv.json.ready
    drops0=$(tx_dropped)
    in_ns $from python3 -I -S "$here/tcp_xfer.py" send $addr $port 1e9 $d/stop $d/send.json 2>$d/send.err &
    tb_wait 600 test -e $d/stop.started
    nap 6
    : >$d/stop
    tb_wait 600 test -e $d/recv.json -a -e $d/send.json
    drops1=$(tx_dropped)    # (about 40 s in the debug VM: counted once)
    echo "# bulk $label: $(cat $d/send.json 2>/dev/null); tx dropped $drops0 -> $drops1"
    check "$label: TCP at full speed, every byte arrives (sha256) and at least 128 kB went" same_bytes $d
    check "$label: no interface dropped a packet during the transfer" test -n "$drops0" -a "$drops1" = "$drops0"
}

ip netns exec cn ping -D -i 0.2 $TB_HOME >$J/ro-ping.txt 2>&1 &
pinger=$!

tb_move br_v1
check "visitnet: home registration" tb_wait 60 tb_registered_in fec0:106:1100:
check "visitnet: the MN route-optimises with the CN that pings it (BUL entry, state bound)" \
    tb_wait 60 ro_with fec0:106:1100:
check "visitnet: the CN's binding cache holds the home address -> care-of address (correspondent entry)" \
    cn_binding_in fec0:106:1100:
in_ns mn "$MIPDIAG" -l; in_ns cn "$MIPDIAG" -c
check "mipdiag -l: MIPL's format with a 'Recipient CN' entry, route optimised" \
    output_has "route optimised: yes" in_ns mn "$MIPDIAG" -l
capture ro-v1
nap 4
stop_capture
n1=$(replies)

tb_move br_v2
check "visitnet2: home registration" tb_wait 60 tb_registered_in fec0:106:1000:
check "visitnet2: route optimisation redone from the new care-of address" tb_wait 60 ro_with fec0:106:1000:
check "visitnet2: the CN's binding follows the move" cn_binding_in fec0:106:1000:
capture ro-v2
nap 4
stop_capture
n2=$(replies)
check "pings answered after the move with route optimisation ($n1 -> $n2)" test "$n2" -gt "$((n1 + 10))"
# GSO packets on the route-optimised path: the CN cuts them into segments that each carry
# a routing header, the MN segments its own before adding the Home Address option.
bulk "route optimised CN -> MN" cn mn $TB_HOME 5101
# The route to the care-of address learnt the visited network's MTU from the access
# router's Packet Too Big about a packet with a type 2 routing header. Checked at once: a
# learnt MTU expires (net.ipv6.route.mtu_expires, 600 s), and on a loaded machine the
# next transfer alone can take minutes.
coa2=$(in_ns cn "$MIPDIAG" -j -c | grep -o '"care_of_address":"fec0:106:1000:[^"]*' | head -1 | cut -d'"' -f4)
check "path MTU: the CN's route to the care-of address learnt 1400 (Packet Too Big about RH2 packets)" \
    output_has " mtu 1400 " ip -n cn -6 route get "$coa2"
bulk "route optimised MN -> CN" mn cn $TB_CN 5102
check "the bulk transfers went route-optimised (binding still at the CN)" cn_binding_in fec0:106:1000:
check "statistics: the CN answered HoTI/CoTI and BUs" \
    sh -c "ip netns exec cn $MIPDIAG -s | awk '/NHomeTestsSent|NCareofTestsSent|NBindAcksSent/ && \$3 == 0 {z=1} END {exit z}'"

tb_move br_home
check "home again: the CN's binding is deleted (deregistration BU from the home address)" \
    tb_wait 60 sh -c "! ip netns exec cn $MIPDIAG -j -c | grep -q care_of_address"
check "home again: the MN's BUL has no CN entry" tb_wait 30 sh -c "! ip netns exec mn $MIPDIAG -j -l | grep -q recipient"
check "home again: the CN still reaches the home address" tb_wait 30 in_ns cn ping -c1 -W1 $TB_HOME

# A correspondent that does not take part (route optimisation off there only): the MN's
# tests go unanswered, it gives up and keeps using the tunnel.
in_ns cn sysctl -qw net.ipv6.mobility.accept_return_routability=0
tb_move br_v1
check "CN without route optimisation: home registration from visitnet" tb_wait 60 tb_registered_in fec0:106:1100:
declined() { in_ns mn "$MIPDIAG" -j -l | grep -q "\"recipient\":\"$TB_CN\",[^}]*\"state\":3,\"route_optimised\":false"; }
check "CN without route optimisation: the MN gives up after its retries (BUL state 3, tunnel)" tb_wait 60 declined
n3=$(replies)
check "CN without route optimisation: the pings are answered through the tunnel" \
    tb_wait 30 sh -c "[ \$(grep -c ttl= $J/ro-ping.txt) -gt $((n3 + 5)) ]"

# Route optimisation off on both sides: the same traffic goes through the home agent.
in_ns mn sysctl -qw net.ipv6.mobility.accept_return_routability=0
capture ro-off
nap 6
stop_capture
check "accept_return_routability=0: no CN entry in the MN's BUL" sh -c "! ip netns exec mn $MIPDIAG -j -l | grep -q '\"home_registration\":false'"
check "accept_return_routability=0: no binding at the CN" sh -c "! ip netns exec cn $MIPDIAG -j -c | grep -q care_of_address"
n3=$(replies)
check "accept_return_routability=0: the pings are still answered (through the tunnel)" \
    tb_wait 30 sh -c "[ \$(grep -c ttl= $J/ro-ping.txt) -gt $((n3 + 5)) ]"
# GSO packets through the tunnels: whole through the home agent's (SKB_GSO_IPXIP6) and
# through the mobile node's reverse tunnel, decapsulated whole at the other end.
bulk "home agent tunnel CN -> MN" cn mn $TB_HOME 5103
coa1=$(in_ns ha "$MIPDIAG" -j -c | grep -o '"care_of_address":"fec0:106:1100:[^"]*' | head -1 | cut -d'"' -f4)
check "path MTU: the HA's route to the care-of address learnt 1400 (Packet Too Big about tunnel packets)" \
    output_has " mtu 1400 " ip -n ha -6 route get "$coa1" from $TB_HA
bulk "reverse tunnel MN -> CN" mn cn $TB_CN 5104

kill $pinger; wait $pinger 2>/dev/null
tb_dump_state >$J/ro-state.txt 2>&1
tb_down
