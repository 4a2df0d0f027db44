#!/bin/bash
# The Mobile IPv6 HOWTO's scenario with our mobile node and home agent (RFC 6275 §10, §11),
# on the testbed of testbed.sh: the MN travels home -> visitnet -> visitnet2 -> home while a
# CN pings its home address every 20 ms and streams it TCP data; radvd advertises.
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

tb_up
check "mobile-ip6 start on the home agent" tb_mobile_ip6 ha start
tb_radvd_start ha ar ar2
check "mobile-ip6 start on the mobile node" tb_mobile_ip6 mn start
check "the home tunnel device holds the home address" \
    output_has "inet6 $TB_HOME/64" ip -n mn addr show dev mip6mnha1
check "mipdiag -m: home address, home agent, at home" \
    output_has "^ *[0-9]+ $TB_HOME/64 +$TB_HA +1 0" in_ns mn "$MIPDIAG" -m

in_ns ha tcpdump -i ha0 -U -w $J/mobility.pcap "ip6 and (ip6[6] == 135 or ip6[6] == 60 or ip6[6] == 43)" >/dev/null 2>&1 &
dump=$!
tb_wait 60 test -s $J/mobility.pcap
check "at home: the CN reaches the home address" tb_wait 60 in_ns cn ping -c1 -W1 $TB_HOME

# A TCP stream from the CN to the home address (8 kB/s) until the MN is home again.
in_ns mn python3 "$here/tcp_xfer.py" recv $TB_HOME 5001 $J/tcp-recv.json 2>$J/tcp-recv.err &
tcp_recv=$!
tb_wait 60 test -e $J/tcp-recv.json.ready
in_ns cn python3 "$here/tcp_xfer.py" send $TB_HOME 5001 8000 $J/tcp-stop $J/tcp-send.json 2>$J/tcp-send.err &
tcp_send=$!
# 20 ms pings with timestamps: the gaps between answers are the service interruptions.
# (ip netns exec execs ping: $! is ping itself, stopped with TERM below.)
ip netns exec cn ping -D -i 0.02 $TB_HOME >$J/ping.txt 2>&1 &
pinger=$!
sleep 3

tb_move br_v1
check "visitnet: registered with a care-of address in fec0:106:1100::/64 (BUL and HA binding cache)" \
    tb_wait 60 tb_registered_in fec0:106:1100:
seq1=$(tb_bul_seq)
in_ns mn "$MIPDIAG" -l; in_ns ha "$MIPDIAG" -c
check "visitnet: default route through the home tunnel" \
    output_has "default dev mip6mnha1 .*metric 1 " ip -n mn -6 route show default
sleep 3

tb_move br_v2
check "visitnet2: registered with a care-of address in fec0:106:1000::/64, without a restart" \
    tb_wait 60 tb_registered_in fec0:106:1000:
seq2=$(tb_bul_seq)
in_ns mn "$MIPDIAG" -l; in_ns ha "$MIPDIAG" -c
check "visitnet2: the BUL sequence number increased ($seq1 -> $seq2)" test "${seq2:-0}" -gt "${seq1:-0}"
check "visitnet2: the visitnet address is gone from the interface" \
    sh -c "! ip -n mn addr show dev mn0 | grep -q 'fec0:106:1100:'"
sleep 3

tb_move br_home
check "home again: the HA's binding is gone (deregistration)" tb_wait 60 tb_home_again
in_ns mn "$MIPDIAG" -m; in_ns mn "$MIPDIAG" -l; in_ns ha "$MIPDIAG" -c
check "home again: no visited-network address is left on the interface" \
    sh -c "! ip -n mn addr show dev mn0 | grep -q -e 'fec0:106:1100:' -e 'fec0:106:1000:'"
check "home again: no tunnel default route" sh -c "! ip -n mn -6 route show default | grep -q mip6mnha1"
sleep 3

kill $pinger; wait $pinger 2>/dev/null
touch $J/tcp-stop
check "the TCP transfer finishes" tb_wait 120 test -e $J/tcp-recv.json -a -e $J/tcp-send.json
check "TCP: the bytes received are the bytes sent (sha256), across three handovers" \
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); r=json.load(open(sys.argv[2])); print(s, r); sys.exit(s != r or s["bytes"] < 100000)' \
    $J/tcp-send.json $J/tcp-recv.json
kill $tcp_send $tcp_recv 2>/dev/null

# Interruptions: the three longest silences between answered pings, one per handover.
python3 - $J/ping.txt >$J/interruptions.txt <<'PY'
import re, sys
times = [float(m.group(1)) for m in re.finditer(r"^\[(\d+\.\d+)\].*icmp_seq=\d+ ttl", open(sys.argv[1]).read(), re.M)]
print("replies", len(times))
for g in sorted((b - a for a, b in zip(times, times[1:])), reverse=True)[:3]:
    print("interruption_ms %d" % (g * 1000))
PY
cat $J/interruptions.txt
check "the CN's pings were answered between the moves" \
    test "$(awk '/^replies/{print $2}' $J/interruptions.txt)" -gt 100
check "each handover interrupts the home address for less than ${BOUND_MS} ms" \
    awk -v b=$BOUND_MS '/^interruption_ms/ && $2 >= b {bad=1} END {exit bad}' $J/interruptions.txt
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

tb_dump_state >$J/state.txt 2>&1
sleep 1; kill $dump 2>/dev/null; wait $dump 2>/dev/null
tb_down
