#!/bin/bash
# Correspondent node side of return routability and route optimisation (RFC 6275 §5.2,
# §9.3-§9.5) in mip6_base, against an independent mobile node written with Scapy
# (rr_peer.py, its own HMAC-SHA1 crypto): HoTI/CoTI -> HoT/CoT, Binding Updates signed
# with Kbm -> BA statuses and their authenticator, the binding cache, the Home Address
# option and the type 2 routing header on data packets, Binding Errors, Binding Refresh
# Requests, deregistration, the accept_return_routability sysctl, and a tshark decode.
#
#   cn (cn0) fec0:106:2000::100 --- veth --- (mn0) mn: home ::4, care-of ::10, home2 ::5
#   one link, fec0:106:2000::/64; no home agent: the CN answers the peer's addresses directly
. "$(dirname "$0")/lib.sh"
peer=$(dirname "$0")/rr_peer.py
CN=fec0:106:2000::100 HOME=fec0:106:2000::4 COA=fec0:106:2000::10 HOME2=fec0:106:2000::5

modprobe mip6_base                  # mip6_base only: every namespace is a correspondent node
for ns in cn mn; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add cn0 netns cn type veth peer name mn0 netns mn
ip -n cn addr add $CN/64 dev cn0 nodad
for a in $HOME $COA $HOME2; do ip -n mn addr add $a/64 dev mn0 nodad; done
ip -n cn link set cn0 up
ip -n mn link set mn0 up
for a in $HOME $COA $HOME2; do in_ns mn ping -c1 -W5 -I $a $CN >/dev/null 2>&1; done   # neighbour caches warm

ip netns exec cn tcpdump -i cn0 -U -w "$MIP6_JOB/cn.pcap" ip6 >/dev/null 2>&1 &
dump=$!
# tcpdump writes the pcap header once its capture is open.
for _ in $(seq 60); do [ -s "$MIP6_JOB/cn.pcap" ] && break; nap 1; done

# The Scapy peer runs once in mn and serves requests over two FIFOs, opened read-write
# here so that a peer that dies makes `read -t` time out instead of hanging the run.
fifo=$(mktemp -d)
mkfifo "$fifo/req" "$fifo/resp"
exec 7<>"$fifo/req" 8<>"$fifo/resp"
in_ns mn python3 "$peer" --cn $CN --home $HOME --coa $COA --iface mn0 --serve "$fifo/req" "$fifo/resp" \
    >/dev/null 2>"$MIP6_JOB/rr_peer.err" &
peer_pid=$!
# req REQUEST...: one request to the peer (see rr_peer.py), prints its one-line answer.
req() {
    local line
    echo "$*" >&7
    read -r -t 150 line <&8 || { echo "peer did not answer '$*'"; return 1; }
    echo "$*: $line" >>"$MIP6_JOB/rr_peer.log"
    echo "$line"
}
# stat NAME: one counter of `mipdiag -s` in cn (fails if there is no such counter).
stat() {
    local v
    v=$(in_ns cn "$MIPDIAG" -s | awk -v n="$1" '$1 == n {print $3}')
    [[ $v =~ ^[0-9]+$ ]] || { echo "no counter $1 in mipdiag -s"; return 1; }
    echo "$v"
}
ge() { local v; v=$("${@:2}") && [ "$v" -ge "$1" ] || { echo "'${*:2}' gave '$v', expected at least $1"; return 1; }; }
# json_binding HOME COA SEQ: the binding as mipdiag -j -c prints it (type 1: correspondent).
json_binding() { echo "\"home_address\":\"$1\",\"care_of_address\":\"$2\",\"lifetime\":[0-9]+,\"type\":1,\"sequence\":$3[,}]"; }
# no_binding HOME: mipdiag -j -c works and has no binding for HOME.
no_binding() {
    local out
    out=$(in_ns cn "$MIPDIAG" -j -c) || { echo "mipdiag -j -c failed: $out"; return 1; }
    grep -q '"binding_cache"' <<<"$out" || { echo "no binding cache in: $out"; return 1; }
    ! grep -q "\"home_address\":\"$1\"" <<<"$out" || { echo "$1 is still bound: $out"; return 1; }
}

# ---- return routability (§5.2.5, §9.4) ----
check "rr: HoTI from the home address and CoTI from the care-of address are answered by HoT and CoT" \
    output_has '^ok [0-9]+ [0-9]+$' req rr
check "statistics: NHomeTestInitsRcvd 1" equals 1 stat NHomeTestInitsRcvd
check "statistics: NCareofTestInitsRcvd 1" equals 1 stat NCareofTestInitsRcvd
check "statistics: NHomeTestsSent 1" equals 1 stat NHomeTestsSent
check "statistics: NCareofTestsSent 1" equals 1 stat NCareofTestsSent

# ---- correspondent registration (§9.5.1) ----
check "BU seq 1 lifetime 8 (HAO, nonce indices, authenticator): BA 0, seq 1, lifetime 8, BA authenticator verified" \
    equals "0 1 8 1" req bu --seq 1 --lifetime 8 --ack
check "binding cache: the home address bound to the care-of address, a correspondent entry (type 1), <= 32 s" \
    output_has "^$HOME +$COA +([1-9]|[12][0-9]|3[0-2]) +1 *\$" in_ns cn "$MIPDIAG" -c
check "mipdiag -j -c: the same binding with sequence 1" output_has "$(json_binding $HOME $COA 1)" in_ns cn "$MIPDIAG" -j -c
# A long binding for the checks below (and MAX_RR_BINDING_LIFETIME, 420 s = 105 units).
check "BU seq 2 asking 200 units: BA 0 with a lifetime of at most 105 units (MAX_RR_BINDING_LIFETIME)" \
    output_has '^0 2 ([1-9]|[1-9][0-9]|10[0-5]) 1$' req bu --seq 2 --lifetime 200 --ack
check "binding cache: lifetime at most 420 s" \
    output_has "^$HOME +$COA +([1-9]|[1-9][0-9]|[1-3][0-9][0-9]|4[01][0-9]|420) +1 *\$" in_ns cn "$MIPDIAG" -c

# ---- route optimisation on data packets (§9.3.1, §9.3.2) ----
check "echo with a HAO: the reply goes to the care-of address with a type 2 routing header holding the home address" \
    equals "reply $COA $HOME" req echo
check "echo from the care-of address without a HAO: a plain reply, no routing header" \
    equals "reply $COA -" req echo --no-hao
check "echo with a HAO for a home address without a binding: Binding Error 1 to the care-of address" \
    equals "be 1 $HOME2" req echo --home $HOME2

# ---- Binding Updates the CN must refuse ----
check "BU with a wrong authenticator: silently discarded, no BA (§9.5.1)" \
    equals "none" req bu --seq 3 --lifetime 8 --ack --bad-auth --timeout 4
check "the binding is unchanged after the bad authenticator" output_has "$(json_binding $HOME $COA 2)" in_ns cn "$MIPDIAG" -j -c
check "statistics: NBindUpdatesDropAuth counts the bad authenticator" equals 1 stat NBindUpdatesDropAuth
check "replayed sequence number, valid authenticator: BA 135 with the last accepted sequence number, authenticated" \
    output_has '^135 2 [0-9]+ 1$' req bu --seq 2 --lifetime 8 --ack
check "never-issued home nonce index: BA 136, no authenticator" \
    output_has '^136 3 [0-9]+ -$' req bu --seq 3 --lifetime 8 --ack --home-index +1000
check "never-issued care-of nonce index: BA 137, no authenticator" \
    output_has '^137 3 [0-9]+ -$' req bu --seq 3 --lifetime 8 --ack --coa-index +1000
check "both nonce indices never issued: BA 138, no authenticator" \
    output_has '^138 3 [0-9]+ -$' req bu --seq 3 --lifetime 8 --ack --home-index +1000 --coa-index +1000
check "the binding is unchanged after the refused BUs" output_has "$(json_binding $HOME $COA 2)" in_ns cn "$MIPDIAG" -j -c

# ---- Mobility Header errors (§9.2); sent from HOME2, which has no binding ----
check "unknown MH type 50: Binding Error 2 (§9.2)" output_has '^be 2 ' req mh-type 50 --src $HOME2
check "MH with Payload Proto 6: ICMPv6 Parameter Problem code 0 pointing at the Payload Proto (40)" \
    equals "pp 0 40" req mh-badproto --src $HOME2
check "statistics: NBindErrorsSent 2 (missing binding, unknown MH type)" equals 2 stat NBindErrorsSent

# ---- Binding Refresh Request (§9.5.5): a short binding in use ----
check "rr again for fresh tokens" output_has '^ok [0-9]+ [0-9]+$' req rr
check "BU seq 4 lifetime 3 units (12 s): BA 0" equals "0 4 3 1" req bu --seq 4 --lifetime 3 --ack
# The peer pings with the HAO as soon as it listens, then every second while it waits, so
# the binding is in use; its echo replies are what the CN's in-use test can see.
check "a Binding Refresh Request reaches the care-of address (RH2 home) before the binding expires" \
    equals "brr" req brr --timeout 20 --ping 1
check "statistics: NBindRefreshRqsSent counts it" ge 1 stat NBindRefreshRqsSent

# ---- deregistration (§5.2.5: Kbm from the home keygen token only) ----
check "BU seq 5 lifetime 8: BA 0 (a binding to deregister)" equals "0 5 8 1" req bu --seq 5 --lifetime 8 --ack
check "binding cache lists it" output_has "^$HOME +$COA +[0-9]+ +1 *\$" in_ns cn "$MIPDIAG" -c
check "deregistration BU seq 6 lifetime 0: BA 0, its authenticator from Kbm = SHA1(home token)" \
    equals "0 6 0 1" req bu --seq 6 --dereg --ack
check "binding cache: the home address is gone" no_binding $HOME
check "echo with the HAO after deregistration: Binding Error 1" equals "be 1 $HOME" req echo
check "statistics: 5 accepting BAs (seq 1, 2, 4, 5, 6)" equals 5 stat NBindAcksSent
check "statistics: 4 negative BAs (135, 136, 137, 138)" equals 4 stat NBindNAcksSent

# ---- accept_return_routability=0: route optimisation refused in this namespace ----
hot=$(stat NHomeTestsSent) || hot="no counter"
in_ns cn sysctl -qw net.ipv6.mobility.accept_return_routability=0
check "accept_return_routability=0: HoTI and CoTI get no HoT nor CoT" output_has '^none HoT CoT' req rr --timeout 5
check "accept_return_routability=0: NHomeTestsSent unchanged" equals "$hot" stat NHomeTestsSent
in_ns cn sysctl -qw net.ipv6.mobility.accept_return_routability=1
check "accept_return_routability=1 again: rr answered" output_has '^ok [0-9]+ [0-9]+$' req rr

# ---- a storm of malformed packets (after the capture: it would drown the decode) ----
kill $dump 2>/dev/null; nap 1; kill -9 $dump 2>/dev/null; wait $dump 2>/dev/null
check "storm: 4000 malformed packets at the correspondent node" \
    output_has '"sent":4000,' in_ns mn "$LOAD" storm --src $COA --dst $CN --home $HOME --count 4000 --seed 5
check "after the storm the correspondent node still answers return routability" output_has '^ok [0-9]+ [0-9]+$' req rr

check "the peer ends cleanly" equals "bye" req quit
exec 7>&- 8<&-
for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 $peer_pid 2>/dev/null || break; nap 1; done
kill $peer_pid 2>/dev/null; wait $peer_pid 2>/dev/null
rm -rf "$fifo"
nap 1; kill $dump 2>/dev/null; nap 1; kill -9 $dump 2>/dev/null; wait $dump 2>/dev/null
# cn.pcap is decoded with tshark on the host afterwards (decode.sh, section "cn").
