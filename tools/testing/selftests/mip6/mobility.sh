#!/bin/bash
# The Mobile IPv6 HOWTO's scenario with our mobile node and home agent (RFC 6275 §10, §11),
# on the testbed of testbed.sh: the MN travels home -> visitnet -> visitnet2 -> home while a
# CN pings its home address every 50 ms and streams it TCP data; radvd advertises.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
TB_DIR=$MIP6_JOB
. "$here/testbed.sh"
J=$MIP6_JOB
# Handover bound, justified: an RA reaches the MN at most MaxRtrAdvInterval (0.5 s) after
# its link is back; then one Binding Update / Acknowledgement exchange over two routers.
# In the emulated debug VM (TCG, KASAN, lockdep, kmemleak: ~50x slower than hardware, one
# process start ~0.4 s) those steps take a few hundred ms each; 3 s leaves room for that
# and still fails a lost first BU (the first retransmission comes 1.5 s later and adds
# another exchange) or any fallback to neighbour unreachability detection (> 5 s).
BOUND_MS=${MIP6_HANDOVER_BOUND_MS:-3000}
# The first move away from home is a first registration: the home agent answers it only
# after Duplicate Address Detection of the home address on the home link (§10.3.1), one
# RetransTimer (1 s) with the default single DAD probe. Later moves and the return home
# update or delete an existing binding and have no such wait.
DAD_MS=1000

tb_up
check "mobile-ip6 start on the home agent" tb_mobile_ip6 ha start
# This scenario measures the home agent's path (bidirectional tunnelling); route
# optimisation with the CN is ro.sh's subject.
in_ns mn sysctl -qw net.ipv6.mobility.accept_return_routability=0
tb_radvd_start ha ar ar2
check "mobile-ip6 start on the mobile node" tb_mobile_ip6 mn start
check "the home tunnel device holds the home address" \
    output_has "inet6 $TB_HOME/64" ip -n mn addr show dev mip6mnha1
check "mipdiag -m: home address, home agent, at home" \
    output_has "^ *[0-9]+ $TB_HOME/64 +$TB_HA +1 0" in_ns mn "$MIPDIAG" -m

ip netns exec ha tcpdump -i ha0 -U -w $J/mobility.pcap "ip6 and (ip6[6] == 135 or ip6[6] == 60 or ip6[6] == 43)" >/dev/null 2>&1 &
dump=$!
tb_wait 60 test -s $J/mobility.pcap
check "at home: the CN reaches the home address" tb_wait 60 in_ns cn ping -c1 -W1 $TB_HOME

# A TCP stream from the CN to the home address (8 kB/s) until the MN is home again.
in_ns mn python3 -I -S "$here/tcp_xfer.py" recv $TB_HOME 5001 $J/tcp-recv.json 2>$J/tcp-recv.err &
tcp_recv=$!
tb_wait 600 test -e $J/tcp-recv.json.ready
in_ns cn python3 -I -S "$here/tcp_xfer.py" send $TB_HOME 5001 8000 $J/tcp-stop $J/tcp-send.json 2>$J/tcp-send.err &
tcp_send=$!
# Connected before the first move, so that the stream spans all three handovers.
tb_wait 600 test -e $J/tcp-stop.started
# Timestamped pings every 50 ms (the emulated debug VM cannot keep up with 20 ms and
# slows every other step down): the gaps between answers are the interruptions.
# (ip netns exec execs ping: $! is ping itself, stopped with TERM below.)
ip netns exec cn ping -D -i 0.05 $TB_HOME >$J/ping.txt 2>&1 &
pinger=$!
nap 3

tb_move br_v1
check "visitnet: registered with a care-of address in fec0:106:1100::/64 (BUL and HA binding cache)" \
    tb_wait 60 tb_registered_in fec0:106:1100:
seq1=$(tb_bul_seq)
in_ns mn "$MIPDIAG" -l; in_ns ha "$MIPDIAG" -c
check "mipdiag -l: MIPL's binding update list format" \
    output_has "^BINDING home address: $TB_HOME care-of address: fec0:106:1100:" in_ns mn "$MIPDIAG" -l
check "mipdiag -m: registered, not at home" output_has "^ *[0-9]+ $TB_HOME/64 +$TB_HA +0 1\$" in_ns mn "$MIPDIAG" -m
check "visitnet: default route through the home tunnel" \
    output_has "default dev mip6mnha1 .*metric 1 " ip -n mn -6 route show default

# Spoofed Binding Acknowledgements (RFC 4285): from the CN's network, two BAs to the MN's
# care-of address "from" the home agent with the home address in a type 2 routing header,
# without the MN-HA authenticator: 135 (with the MN's current sequence number), then 129
# (with the next one). The MN must drop both (NBindAcksDropAuth) and stay registered.
mnstat() { in_ns mn "$MIPDIAG" -s | awk -v n="$1" '$1 == n {print $3}'; }
coa=$(tb_bcache_coa)
authdrops0=$(mnstat NBindAcksDropAuth)
check "spoofed BAs 135 (seq $seq1) and 129 (seq $((seq1 + 1))) sent from the CN's network" \
    in_ns cn python3 - $TB_HA "$coa" $TB_HOME "${seq1:-0}" <<'PY'
import socket, sys, time
from scapy.layers.inet6 import IPv6, IPv6ExtHdrRouting, MIP6MH_BA
ha, coa, home, seq = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)     # header included
for status, n in ((135, seq), (129, seq + 1)):
    p = IPv6(src=ha, dst=coa) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[home]) / \
        MIP6MH_BA(status=status, seq=n & 0xFFFF, mhtime=0)
    s.sendto(bytes(p), (coa, 0))
    time.sleep(0.2)
PY
authdrops_2() { [ "$(mnstat NBindAcksDropAuth)" -ge $(( ${authdrops0:-0} + 2 )) ]; }
check "the MN dropped both unauthenticated BAs (NBindAcksDropAuth grew by 2)" tb_wait 20 authdrops_2
check "the MN is still registered in visitnet (BUL and HA binding cache)" tb_wait 10 tb_registered_in fec0:106:1100:
check "the spoofed 135 did not move the MN's sequence number ($seq1)" equals "$seq1" tb_bul_seq
# A storm of malformed packets at the mobile node's care-of address (not through the home
# link, where the capture is).
check "storm: 4000 malformed packets from the CN's network at the MN's care-of address" \
    output_has '"sent":4000,' in_ns cn "$LOAD" storm --src $TB_CN --dst "$coa" --home $TB_HOME --count 4000 --seed 6
check "after the storm the MN is still registered in visitnet" tb_wait 10 tb_registered_in fec0:106:1100:
check "and the CN reaches its home address through the home agent" in_ns cn ping -c1 -W5 $TB_HOME
nap 3

tb_move br_v2
check "visitnet2: registered with a care-of address in fec0:106:1000::/64, without a restart" \
    tb_wait 60 tb_registered_in fec0:106:1000:
seq2=$(tb_bul_seq)
in_ns mn "$MIPDIAG" -l; in_ns ha "$MIPDIAG" -c
check "visitnet2: the BUL sequence number increased ($seq1 -> $seq2)" test "${seq2:-0}" -gt "${seq1:-0}"
check "visitnet2: the visitnet address is gone from the interface" \
    sh -c "! ip -n mn addr show dev mn0 | grep -q 'fec0:106:1100:'"
nap 3

tb_move br_home
check "home again: the HA's binding is gone (deregistration)" tb_wait 60 tb_home_again
in_ns mn "$MIPDIAG" -m; in_ns mn "$MIPDIAG" -l; in_ns ha "$MIPDIAG" -c
check "home again: no visited-network address is left on the interface" \
    sh -c "! ip -n mn addr show dev mn0 | grep -q -e 'fec0:106:1100:' -e 'fec0:106:1000:'"
check "home again: no tunnel default route" sh -c "! ip -n mn -6 route show default | grep -q mip6mnha1"
nap 3

kill $pinger; wait $pinger 2>/dev/null
touch $J/tcp-stop
check "the TCP transfer finishes" tb_wait 120 test -e $J/tcp-recv.json -a -e $J/tcp-send.json
check "TCP: the bytes received are the bytes sent (sha256), across three handovers" \
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); r=json.load(open(sys.argv[2])); print(s, r); sys.exit(s != r or s["bytes"] < 100000)' \
    $J/tcp-send.json $J/tcp-recv.json
kill $tcp_send $tcp_recv 2>/dev/null

# Interruptions per move: from the link coming back up to the first answered ping (what
# Mobile IPv6 costs), and the whole outage seen by the CN (which adds the time the link was
# down: the test's own `ip link` commands, slow in this VM).
tb_interruptions $J/ping.txt | tee $J/interruptions.txt
check "the CN's pings were answered between the moves" test "$(grep -c 'ttl=' $J/ping.txt)" -gt 100
check "each handover restores the home address within ${BOUND_MS} ms of the link coming up (+${DAD_MS} ms for the first registration's DAD)" \
    awk -v b=$BOUND_MS -v d=$DAD_MS '/^move/ {n++; if ($0 !~ /restored_ms/ || $4 >= b + (n == 1 ? d : 0)) bad=1} END {exit bad || n != 3}' $J/interruptions.txt
check "statistics: the HA tunnelled and decapsulated packets" \
    sh -c "ip netns exec ha $MIPDIAG -s | awk '/NEncapsulations|NDecapsulations/ && \$3 == 0 {z=1} END {exit z}'"
check "statistics: the MN sent Binding Updates and received acknowledgements" \
    sh -c "ip netns exec mn $MIPDIAG -s | awk '/NBindUpdatesSent|NBindAcksRcvd/ && \$3 == 0 {z=1} END {exit z}'"

# Away once more, then mobile-ip6 stop deregisters and removes the tunnel.
tb_move br_v1
tb_wait 60 tb_registered_in fec0:106:1100:
check "mobile-ip6 stop away from home deregisters" tb_mobile_ip6 mn stop
check "after stop: the HA's binding is gone" tb_wait 30 sh -c "[ -z \"\$(ip netns exec ha $MIPDIAG -j -c | grep -o care_of_address)\" ]"
check "after stop: the home tunnel device is gone" sh -c "! ip -n mn link show mip6mnha1 2>/dev/null"

# Start again away from home and delete every namespace with the bindings live (the
# kernel must tear down tunnel device, routes, bindings and proxying cleanly).
restart_away() { tb_mobile_ip6 mn start >/dev/null && tb_wait 60 tb_registered_in fec0:106:1100:; }
check "mobile-ip6 start away from home registers" restart_away

tb_dump_state >$J/state.txt 2>&1
nap 1; kill $dump 2>/dev/null; wait $dump 2>/dev/null
tb_down
