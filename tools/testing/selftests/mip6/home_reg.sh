#!/bin/bash
# Home registration signalling at the home agent (RFC 6275 §10.3), against an independent
# mobile node written with Scapy (mn_peer.py): BU -> BA statuses, binding cache contents,
# sequence numbers, lifetimes, deregistration, expiry, statistics, and a tshark decode.
# The home agent refuses unauthenticated home registrations (its binding policy is
# default-deny): its key file gives the home address an RFC 4285 MN-HA key, which the peer
# signs its BUs with, and the load generator's prefix another key (mip6-load signs too).
#
#   ha(ha0) fec0:106:2700::1 --- r --- fec0:106:1100::10 (mn0) mn
#   home link fec0:106:2700::/64        visitnet fec0:106:1100::/64
. "$(dirname "$0")/lib.sh"
peer=$(dirname "$0")/mn_peer.py
HA=fec0:106:2700::1 HOME=fec0:106:2700::4 COA=fec0:106:1100::10 COA2=fec0:106:1100::20

modprobe mip6_ha
for ns in ha r mn; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add ha0 netns ha type veth peer name r0 netns r
ip link add mn0 netns mn type veth peer name r1 netns r
ip -n ha addr add $HA/64 dev ha0 nodad
ip -n r addr add fec0:106:2700::ff/64 dev r0 nodad
ip -n r addr add fec0:106:1100::ff/64 dev r1 nodad
ip -n mn addr add $COA/64 dev mn0 nodad
ip -n mn addr add $COA2/64 dev mn0 nodad
for l in "ha ha0" "r r0" "r r1" "mn mn0"; do set -- $l; ip -n $1 link set $2 up; done
ip netns exec r sysctl -qw net.ipv6.conf.all.forwarding=1
# A home agent is a router: it forwards what comes out of the reverse tunnel.
ip netns exec ha sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n ha route add default via fec0:106:2700::ff
ip -n mn route add default via fec0:106:1100::ff
in_ns ha "$MIPDIAG" -r ha >/dev/null
# The binding policy (mipdiag -k): keyed entries for the home address and for the load
# generator's /96 (the key file is private to root, as mipdiag asks).
SPI=4096 KEY=6d697036206d6e2d6861206b657920666f72203a3a34 LOAD_SPI=4097 LOAD_KEY=0f1e2d3c4b5a69788796a5b4c3d2e1f0
KEYS=$MIP6_JOB/home_reg.keys
( umask 077; printf '%s spi %s key %s\n%s spi %s key %s\n' $HOME $SPI $KEY \
    fec0:106:2700::1:0:0/96 $LOAD_SPI $LOAD_KEY >$KEYS )
chmod 600 $KEYS
check "the home agent loads its key file (mipdiag -k)" in_ns ha "$MIPDIAG" -k $KEYS
check "mipdiag -j -p: the home address's entry (SPI, key length, no key shown)" \
    output_has "\"prefix\":\"$HOME\",\"plen\":128,\"spi\":$SPI,\"key_len\":22,\"unauthenticated\":false" in_ns ha "$MIPDIAG" -j -p
check "mipdiag -j -p: the load generator's /96" \
    output_has "\"prefix\":\"fec0:106:2700::1:0:0\",\"plen\":96,\"spi\":$LOAD_SPI,\"key_len\":16,\"unauthenticated\":false" in_ns ha "$MIPDIAG" -j -p
expect_fail "mipdiag -p never prints a key" sh -c "ip netns exec ha $MIPDIAG -p | grep -qi -e $KEY -e $LOAD_KEY; ip netns exec ha $MIPDIAG -j -p | grep -qi -e $KEY -e $LOAD_KEY"
in_ns mn ping -c1 -W5 $HA >/dev/null 2>&1 || true   # neighbour caches warm

# The Scapy peer runs once in mn and serves requests over two FIFOs.
mkfifo /tmp/peer.req /tmp/peer.resp
in_ns mn python3 "$peer" --serve /tmp/peer.req /tmp/peer.resp >/dev/null 2>"$MIP6_JOB/peer.err" &
peer_pid=$!
exec 7>/tmp/peer.req 8</tmp/peer.resp
# bu ARGS...: one BU from the peer, signed with the home address's key; prints the BA as
# "status seq lifetime rh2_type rh2_addr dst refresh_advice", or "none". The whole answer
# is kept in $MIP6_JOB/peer.last (see last_ba).
bu() {
    local line
    echo "--ha $HA --home $HOME --coa $COA --spi $SPI --key $KEY $*" >&7
    read -r -t 90 line <&8 || { echo "peer did not answer"; return 1; }
    echo "$*: $line" >>"$MIP6_JOB/peer.log"
    printf '%s\n' "$line" >"$MIP6_JOB/peer.last"
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); b=r.get("ba"); print(r["error"] if "error" in r else "send failed: " + r["send_error"] if "send_error" in r else "none" if b is None else "%(status)s %(seq)s %(lifetime)s %(rh2_type)s %(rh2_addr)s %(dst)s %(refresh_advice)s" % b)' "$line"
}
stat() { in_ns ha "$MIPDIAG" -s | awk -v n="$1" '$1 == n {print $3}'; }
# last_ba EXPR: a Python expression over the BA of the last bu (b), printed.
last_ba() {
    python3 -c 'import json,sys; b=json.load(open(sys.argv[2]))["ba"]; print(eval(sys.argv[1]))' "$1" "$MIP6_JOB/peer.last"
}

ip netns exec ha tcpdump -i ha0 -U -w "$MIP6_JOB/home_reg.pcap" ip6 >/dev/null 2>&1 &
dump=$!
# tcpdump writes the pcap header once its capture is open.
for _ in $(seq 60); do [ -s "$MIP6_JOB/home_reg.pcap" ] && break; nap 1; done

check "first registration (signed): BA 0, seq 1, lifetime granted, RH2 with the home address to the CoA" \
    equals "0 1 25 2 $HOME $COA None" bu --seq 1 --lifetime 25
check "the BA is signed: its MN-HA authenticator verifies with the key over the BU's (CoA, HoA)" \
    equals ok last_ba 'b["auth"]'
check "the BA echoes the BU's replay protection timestamp" \
    equals True last_ba 'b["bu_ts"] is not None and b["replay_ts"] == b["bu_ts"]'
check "binding cache has the care-of address (mipdiag -c, MIPL columns)" \
    output_has "^$HOME +$COA +[0-9]+ +2 *\$" in_ns ha "$MIPDIAG" -c
check "mipdiag -j -c gives the same binding as JSON" \
    output_has "\"home_address\":\"$HOME\",\"care_of_address\":\"$COA\",\"lifetime\":[0-9]+,\"type\":2,\"sequence\":1" in_ns ha "$MIPDIAG" -j -c
check "replayed sequence number: BA 135 carrying the last accepted one" \
    equals "135 1 0 2 $HOME $COA None" bu --seq 1 --lifetime 25
check "move: seq 2 from a new care-of address updates the binding" \
    equals "0 2 25 2 $HOME $COA2 None" bu --seq 2 --lifetime 25 --coa $COA2
check "the BA of the move is signed over the new care-of address and echoes its timestamp" \
    equals "ok True" last_ba '"%s %s" % (b["auth"], b["replay_ts"] == b["bu_ts"])'
check "binding cache shows the new care-of address" output_has "^$HOME +$COA2 " in_ns ha "$MIPDIAG" -c
in_ns ha sysctl -qw net.ipv6.mobility.binding_refresh_advice=10
check "Binding Refresh Advice from the sysctl" equals "0 3 25 2 $HOME $COA 10" bu --seq 3 --lifetime 25
in_ns ha sysctl -qw net.ipv6.mobility.binding_refresh_advice=0
check "foreign home prefix: BA 132 (not home subnet)" \
    output_has "^132 1 0 2 fec0:106:9999::4 " bu --seq 1 --lifetime 25 --home fec0:106:9999::4
check "bad checksum: no BA at all" equals "none" bu --seq 4 --lifetime 25 --bad-checksum --timeout 3
check "deregistration (lifetime 0): BA 0 and the binding is gone" equals "0 4 0 2 $HOME $COA None" bu --seq 4 --lifetime 0
check "the BA of the deregistration is signed" equals ok last_ba 'b["auth"]'
check "binding cache empty after deregistration" equals 0 sh -c "ip netns exec ha $MIPDIAG -j -c | grep -o home_address | wc -l"
# 6 units (24 s): long enough for the slow VM to look before it expires.
check "short lifetime: granted 6 units (24 s)" equals "0 5 6 2 $HOME $COA None" bu --seq 5 --lifetime 6
check "the short binding is in the cache before it expires" output_has "^$HOME +$COA " in_ns ha "$MIPDIAG" -c
gone() { [ "$(ip netns exec ha $MIPDIAG -j -c | grep -o home_address | wc -l)" = 0 ]; }
for _ in $(seq 60); do gone && break; nap 1; done
check "binding expires after its lifetime (gone within 60 s)" gone
in_ns ha "$MIPDIAG" -r cn >/dev/null
check "a namespace that is not a home agent: BA 131" equals "131 6 0 2 $HOME $COA None" bu --seq 6 --lifetime 25
in_ns ha "$MIPDIAG" -r ha >/dev/null
# (The policy again, in case leaving the role dropped it; flushed first so nothing is doubled.)
in_ns ha "$MIPDIAG" --policy-flush >/dev/null 2>&1; in_ns ha "$MIPDIAG" -k $KEYS >/dev/null
check "statistics: 8 valid BUs received" equals 8 stat NBindUpdatesRcvd
check "statistics: 5 accepting BAs sent" equals 5 stat NBindAcksSent
check "statistics: 3 negative BAs sent" equals 3 stat NBindNAcksSent
check "statistics: the bad checksum counted" equals 1 stat NBindUpdatesDropInvalid
check "statistics are per namespace" equals 0 sh -c "$MIPDIAG -s | awk '\$1==\"NBindUpdatesRcvd\"{print \$3}'"

# ---- forwarding plane (§10.4): proxy ND, tunnel to the care-of address, reverse tunnel ----
R=fec0:106:2700::ff
peer_send() { echo "--ha $HA --home $HOME --coa $COA $*" >&7; }
peer_recv() { # EXPR: a Python expression over the peer's JSON answer r
    local line
    read -r -t 120 line <&8 || { echo "peer did not answer"; return 1; }
    echo "recv: $line" >>"$MIP6_JOB/peer.log"
    python3 -c 'import json,sys; r=json.loads(sys.argv[2]); print(eval(sys.argv[1]))' "$1" "$line"
}
tping() { peer_send "$@"; peer_recv 'r.get("send_error") or ("%(src)s %(dst)s" % r["reply"] if r["reply"] else "none")'; }
ge() { [ "$("${@:2}")" -ge "$1" ] || { echo "'${*:2}' gave $("${@:2}"), expected at least $1"; return 1; }; }
ha_mac=$(ip -n ha -br link show ha0 | awk '{print $3}')

# 100 units (400 s): the forwarding checks below took 137 s on a loaded machine, past a
# 25-unit binding's life.
check "registration for the forwarding tests" equals "0 7 100 2 $HOME $COA None" bu --seq 7 --lifetime 100
in_ns r ping -c1 -W3 $HOME >/dev/null 2>&1
check "proxy ND: the home link resolves the home address to the home agent" \
    output_has "lladdr $ha_mac" in_ns r ip -6 neigh show $HOME
in_ns r ip addr add $HOME/64 dev r0
nap 4
check "proxy DAD: the home agent defends the home address" output_has "dadfailed" in_ns r ip addr show dev r0
in_ns r ip addr del $HOME/64 dev r0
peer_send --respond 3 --timeout 90
in_ns r ping -c 3 -i 0.5 -w 80 $HOME >"$MIP6_JOB/fwd_ping.txt" 2>&1
ping_rc=$?
check "tunnel: pings to the home address reach the care-of address and are answered (reverse tunnel)" \
    equals "3 0" echo "$(peer_recv 'r["answered"]') $ping_rc"
check "reverse tunnel: the home address's echo request is forwarded, its reply tunnelled back" \
    equals "$R $HOME" tping --ping $R
check "reverse tunnel: a care-of address that is not the binding's is refused" \
    equals "none" tping --ping $R --coa $COA2 --reply-to $COA --timeout 8
check "statistics: NEncapsulations counts tunnelled packets" ge 5 stat NEncapsulations
check "statistics: NDecapsulations counts reverse-tunnelled packets" ge 4 stat NDecapsulations
check "deregistration for the forwarding tests" equals "0 8 0 2 $HOME $COA None" bu --seq 8 --lifetime 0
encaps=$(stat NEncapsulations)
in_ns r ip -6 neigh flush dev r0
expect_fail "after deregistration the home address is no longer answered for" in_ns r ping -c1 -W3 $HOME
check "after deregistration nothing is tunnelled" equals "$encaps" stat NEncapsulations

# Many mobile nodes: the first 256 bindings join their solicited-node groups (the kernel
# scans that list per join and per multicast packet); past that the home link goes
# all-multicast, and proxy ND still answers for every binding.
LOAD_PREFIX=fec0:106:2700::1:0:0 LAST=fec0:106:2700::1:0:12c   # BASE + 300
groups() { in_ns ha ip -6 maddr show dev ha0 | grep -c 'ff02::1:ff'; }
# The kernel's all-multicast count (ip link's ALLMULTI flag shows only the user's setting).
allmulti() { in_ns ha ip -d link show dev ha0 | grep -oE 'allmulti [0-9]+'; }
groups0=$(groups)
# Each BU signed with the /96's key (replay protection timestamp, MN-HA authenticator);
# each BA's authenticator verified. Many in flight: the home agent probes the home link
# before an address's first registration, which takes a while per address.
SIGNED300='"status":\{"0":300\},"signed":300,"auth":\{"ok":300,"bad":0,"none":0\},"bad_auth":0,"ts_mismatch":0'
load300() { # SEQ LIFETIME: one BU for each of the 300 home addresses
    in_ns mn "$LOAD" bu --iface mn0 --coa $COA --ha $HA --prefix $LOAD_PREFIX --start 0 --count 300 \
        --window 32 --lost-ms 20000 --seq $1 --lifetime $2 --keyfile $KEYS --spi $LOAD_SPI | tee -a "$MIP6_JOB/load300.json"
}
check "300 signed home registrations from the load generator are all acknowledged, every BA signed" \
    output_has "\"sent\":300,\"answered\":300,.*$SIGNED300" load300 1 100
nbind() { in_ns ha "$MIPDIAG" -j -c | grep -o home_address | wc -l; }
check "the binding cache holds the 300 bindings" equals 300 nbind
for _ in $(seq 20); do [ "$(allmulti)" = "allmulti 1" ] && break; nap 0.5; done
check "past 256 bindings the home link is in all-multicast mode" equals "allmulti 1" allmulti
# At most 256 new groups (fewer if an address shares its last 24 bits with one joined before).
check "only 256 solicited-node groups were joined for the 300 bindings" \
    equals yes sh -c "n=\$(ip netns exec ha ip -6 maddr show dev ha0 | grep -c ff02::1:ff); [ \$n -le $((groups0 + 256)) ] && [ \$n -ge $((groups0 + 250)) ] && echo yes || echo \$n"
in_ns r ip -6 neigh flush dev r0
in_ns r ping -c1 -W3 $LAST >/dev/null 2>&1   # resolves the address; the echo goes into the tunnel
check "proxy ND answers for a binding past the join limit (its NA gives the HA's link address)" \
    output_has "lladdr $(in_ns ha cat /sys/class/net/ha0/address)" in_ns r ip -6 neigh show $LAST dev r0
check "the 300 are deregistered (BA 0 for each, signed)" output_has "\"sent\":300,\"answered\":300,.*$SIGNED300" load300 2 0
check "the binding cache is empty again" equals 0 nbind
for _ in $(seq 20); do [ "$(allmulti)" = "allmulti 0" ] && break; nap 0.5; done
check "when those bindings end the home link leaves all-multicast mode" equals "allmulti 0" allmulti
check "and their groups are left" equals "$groups0" groups

check "a live binding before namespace deletion" equals "0 9 25 2 $HOME $COA None" bu --seq 9 --lifetime 25
in_ns r ping -c1 -W3 $HOME >/dev/null 2>&1   # traffic in flight through the tunnel too

exec 7>&- 8<&-
# The peer ends at EOF on its request FIFO; do not let a stuck peer hang the run.
for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 $peer_pid 2>/dev/null || break; nap 1; done
kill $peer_pid 2>/dev/null; wait $peer_pid 2>/dev/null
nap 1; kill $dump 2>/dev/null; nap 1; kill -9 $dump 2>/dev/null; wait $dump 2>/dev/null
# The capture is decoded with tshark on the host afterwards (decode.sh): tshark's start-up
# costs minutes in the emulated debug VM and seconds outside it.
