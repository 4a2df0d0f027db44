#!/bin/bash
# The home agent against a hostile visited network (RFC 6275 §10.3.1, RFC 4285): default-deny
# binding policy, MN-HA authentication and replay protection, home and care-of address
# checks, the binding limit, Neighbour Discovery and link-local packets smuggled through the
# reverse tunnel, and a storm of malformed packets. The attacker is mn_peer.py (Scapy, its
# own RFC 4285 code) and mip6-load on the visited side, plus a host on the home link.
#
#   ha (ha0) fec0:106:2700::1  --+
#   r  (r0)  fec0:106:2700::ff --+-- home link fec0:106:2700::/64 (bridge br0 in namespace sw)
#   h  (h0)  fec0:106:2700::ee --+
#   r  (r1)  fec0:106:1100::ff --- (mn0) mn fec0:106:1100::10 and ::20   visitnet
. "$(dirname "$0")/lib.sh"
peer=$(dirname "$0")/mn_peer.py
J=$MIP6_JOB
P=fec0:106:2700
HA=$P::1 R=$P::ff H=$P::ee HOME=$P::4 COA=fec0:106:1100::10 COA2=fec0:106:1100::20
Q=fec0:106:2800   # a second home prefix, valid for 100 s only
SPI=4096 KEY=686f7374696c652e7368206b6579206f66203a3a34 WRONG=686f7374696c652e7368206b6579206f66203a3a35

modprobe mip6_ha
for ns in ha r h mn sw; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n sw link add br0 type bridge mcast_snooping 0
ip -n sw link set br0 up
home_link() { # NS IF ADDR: a port on the home link
    ip link add "$2" netns "$1" type veth peer name "p-$1" netns sw
    ip -n sw link set "p-$1" master br0 up
    ip -n "$1" addr add "$3/64" dev "$2" nodad
    ip -n "$1" link set "$2" up
}
home_link ha ha0 $HA
home_link r r0 $R
home_link h h0 $H
ip link add mn0 netns mn type veth peer name r1 netns r
ip -n r addr add fec0:106:1100::ff/64 dev r1 nodad
ip -n mn addr add $COA/64 dev mn0 nodad
ip -n mn addr add $COA2/64 dev mn0 nodad
ip -n r link set r1 up
ip -n mn link set mn0 up
ip netns exec r sysctl -qw net.ipv6.conf.all.forwarding=1
ip netns exec ha sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n ha route add default via $R
ip -n h route add default via $R
ip -n mn route add default via fec0:106:1100::ff
in_ns ha "$MIPDIAG" -r ha >/dev/null
in_ns mn ping -c1 -W5 $HA >/dev/null 2>&1 || true   # neighbour caches warm
in_ns h ping -c1 -W5 $HA >/dev/null 2>&1 || true

# Key files (root only): the home address keyed; a lab policy that lets the whole home
# prefix in without credentials (for the address checks).
KEYED=$J/hostile-keyed.keys LAB=$J/hostile-lab.keys
( umask 077
  printf '# hostile.sh\n%s spi %s key %s\n' $HOME $SPI $KEY >$KEYED
  printf '%s::/64 unauthenticated\n%s::/64 unauthenticated\n' $P $Q >$LAB )
chmod 600 $KEYED $LAB
policy() { in_ns ha "$MIPDIAG" --policy-flush -k "$1" >/dev/null; }

# One Scapy peer in mn for the whole test, over FIFOs opened read-write (a dead peer makes
# `read -t` time out instead of hanging the run).
fifo=$(mktemp -d)
mkfifo "$fifo/req" "$fifo/resp"
exec 7<>"$fifo/req" 8<>"$fifo/resp"
in_ns mn python3 "$peer" --serve "$fifo/req" "$fifo/resp" >/dev/null 2>"$J/hostile-peer.err" &
peer_pid=$!
# req ARGS...: one request (--ha $HA --coa $COA --iface mn0 unless ARGS override them);
# the answer line is kept in $J/hostile-peer.last.
req() {
    local line
    echo "--ha $HA --coa $COA $*" >&7
    read -r -t 150 line <&8 || { echo "peer did not answer '$*'"; return 1; }
    echo "$*: $line" >>"$J/hostile-peer.log"
    printf '%s\n' "$line" >"$J/hostile-peer.last"
    echo "$line"
}
# bu ARGS...: a BU; prints "STATUS AUTH" of its BA (AUTH: ok, bad or none), or "none".
bu() {
    local line
    line=$(req "$@") || { echo "$line"; return 1; }
    local re='"status": ([0-9]+).*"auth": "([a-z]+)"'
    if [[ $line == *'"ba": null'* ]]; then
        echo none
    elif [[ $line =~ $re ]]; then
        echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
    else
        echo "$line"
    fi
}
# last FIELD: a field of the last answer (a number, a string's contents, or null).
last() {
    local a re="\"$1\": (\"([^\"]*)\"|[^,}]*)"
    a=$(<"$J/hostile-peer.last")
    [[ $a =~ $re ]] && echo "${BASH_REMATCH[2]:-${BASH_REMATCH[1]}}"
}
signed() { echo "--spi $SPI --key $KEY"; }
# stat NAME: a counter of mipdiag -s on the home agent.
stat() {
    local v
    v=$(in_ns ha "$MIPDIAG" -s | awk -v n="$1" '$1 == n {print $3}')
    [[ $v =~ ^[0-9]+$ ]] || { echo "no counter $1 in mipdiag -s"; return 1; }
    echo "$v"
}
snmp() { in_ns ha awk -v n="$1" '$1 == n {print $2}' /proc/net/snmp6; }
grew() { # OLD CMD...: CMD's number is above OLD
    local v; v=$("${@:2}") && [ "$v" -gt "$1" ] || { echo "'${*:2}' gave '$v', expected more than $1"; return 1; }
}
same() { # OLD CMD...: CMD's number is OLD
    local v; v=$("${@:2}") && [ "$v" -eq "$1" ] || { echo "'${*:2}' gave '$v', expected $1"; return 1; }
}
nbind() { in_ns ha "$MIPDIAG" -j -c | grep -o '"home_address"' | wc -l; }
binding() { # HOME COA SEQ: the binding cache holds exactly this binding for HOME
    in_ns ha "$MIPDIAG" -j -c | grep -Eq "\"home_address\":\"$1\",\"care_of_address\":\"$2\",\"lifetime\":[0-9]+,\"type\":2,\"sequence\":$3[,}]" ||
        { echo "no binding $1 -> $2 seq $3 in:"; in_ns ha "$MIPDIAG" -j -c; return 1; }
}
# The BA's replay timestamp is the home agent's clock (within 10 s of ours), not the BU's.
ha_time() {
    local off bu ba
    off=$(last replay_offset) bu=$(last bu_ts) ba=$(last replay_ts)
    [[ $off =~ ^-?[0-9.]+$ ]] || { echo "no replay protection option in the BA: $(<"$J/hostile-peer.last")"; return 1; }
    [ "$ba" != "$bu" ] || { echo "the BA echoes the BU's timestamp"; return 1; }
    awk -v o="$off" 'BEGIN { exit !(o > -10 && o < 10) }' || { echo "the BA's timestamp is $off s from our clock"; return 1; }
}
echoed() { local bu; bu=$(last bu_ts); [[ $bu =~ ^[0-9]+$ ]] && [ "$(last replay_ts)" = "$bu" ] || { echo "BU $bu, BA $(last replay_ts)"; return 1; }; }

# ---- default deny ------------------------------------------------------------------------
check "no binding policy at first (mipdiag -j -p)" equals '{"binding_policy":[]}' in_ns ha "$MIPDIAG" -j -p
check "default deny: an unauthenticated BU gets 129" equals "129 none" bu --home $HOME --seq 1 --lifetime 25
check "default deny: a signed BU without a policy entry gets 129" equals "129 none" bu --home $HOME --seq 1 --lifetime 25 $(signed)
check "default deny: no binding was made" equals 0 nbind

# ---- keyed policy: RFC 4285 ----------------------------------------------------------------
check "the keyed policy loads (mipdiag --policy-flush -k)" policy $KEYED
check "unauthenticated BU for a keyed home address: 146, unsigned BA" equals "146 none" bu --home $HOME --seq 1 --lifetime 25
check "wrong key: 146" equals "146 none" bu --home $HOME --seq 1 --lifetime 25 --spi $SPI --key $WRONG
check "unknown SPI: 146" equals "146 none" bu --home $HOME --seq 1 --lifetime 25 --spi $((SPI + 1)) --key $KEY
check "one authenticator bit flipped: 146" equals "146 none" bu --home $HOME --seq 1 --lifetime 25 $(signed) --bad-auth
check "authentic but no replay protection option: 145, signed BA" equals "145 ok" bu --home $HOME --seq 1 --lifetime 25 $(signed) --no-replay
check "timestamp 60 s old: 144, signed BA" equals "144 ok" bu --home $HOME --seq 1 --lifetime 25 $(signed) --ts-offset -60
check "the 144 BA carries the home agent's own time" ha_time
check "timestamp 60 s ahead: 144" equals "144 ok" bu --home $HOME --seq 1 --lifetime 25 $(signed) --ts-offset 60
check "nothing was registered by the refused BUs" equals 0 nbind
check "signed BU with a fresh timestamp: 0, signed BA" equals "0 ok" bu --home $HOME --seq 1 --lifetime 100 $(signed)
check "the accepted BA echoes the BU's timestamp" echoed
check "binding cache: the home address at the care-of address, sequence 1" binding $HOME $COA 1
check "the exact bytes of that BU again (replay): 144" equals "144 ok" bu --home $HOME --replay-last
check "take-over from a second care-of address without the key: 146" \
    equals "146 none" bu --home $HOME --coa $COA2 --seq 2 --lifetime 100
check "take-over with a wrong key: 146" \
    equals "146 none" bu --home $HOME --coa $COA2 --seq 3 --lifetime 100 --spi $SPI --key $WRONG
check "the binding is unchanged after the take-over attempts" binding $HOME $COA 1
check "statistics: the refused unauthenticated BUs are counted (NBindUpdatesDropAuth)" grew 0 stat NBindUpdatesDropAuth
check "signed deregistration: 0, signed BA" equals "0 ok" bu --home $HOME --seq 2 --lifetime 0 $(signed)
check "the binding cache is empty" equals 0 nbind

# ---- home and care-of address checks, under an unauthenticated lab policy ----------------
check "the lab policy (unauthenticated $P::/64) loads" policy $LAB
check "mipdiag -j -p shows the lab entry" \
    output_has "\"prefix\":\"$P::\",\"plen\":64,\"spi\":0,\"key_len\":0,\"unauthenticated\":true" in_ns ha "$MIPDIAG" -j -p
HB=$P::30
check "lab policy: an unauthenticated registration is accepted (unsigned BA)" \
    equals "0 none" bu --home $HB --coa $COA2 --seq 1 --lifetime 100
# The home agent probes the home link before it registers an address someone uses.
check "the router's address as home address: 134 (duplicate on the home link)" equals "134 none" bu --home $R --seq 1 --lifetime 25
check "another host's address on the home link: 134" equals "134 none" bu --home $H --seq 1 --lifetime 25
check "the home agent's own address: 129" equals "129 none" bu --home $HA --seq 1 --lifetime 25
check "a link-local home address: 132" equals "132 none" bu --home fe80::4 --seq 1 --lifetime 25
check "a multicast home address (ff02::2): 132" equals "132 none" bu --home ff02::2 --seq 1 --lifetime 25
check "the subnet-router anycast address: 132" equals "132 none" bu --home $P:: --seq 1 --lifetime 25
check "a reserved subnet anycast address (RFC 2526): 132" equals "132 none" bu --home $P:0:fdff:ffff:ffff:fffe --seq 1 --lifetime 25
check "no binding for any of those" equals 1 nbind
drop0=$(stat NBindUpdatesDropInvalid)
check "alternate care-of address ff02::1: no BA at all" \
    equals none bu --home $P::31 --alt-coa ff02::1 --seq 1 --lifetime 25 --timeout 4
check "... and it is counted as invalid (NBindUpdatesDropInvalid)" grew "$drop0" stat NBindUpdatesDropInvalid
check "the home agent's own address as care-of address: 129" equals "129 none" bu --home $P::32 --alt-coa $HA --seq 1 --lifetime 25
encaps=$(stat NEncapsulations)
in_ns r ping -c1 -W2 $P::32 >/dev/null 2>&1
check "... and nothing is tunnelled for that home address (NEncapsulations unchanged)" same "$encaps" stat NEncapsulations
check "another registration's home address as care-of address: 129" \
    equals "129 none" bu --home $P::33 --alt-coa $HB --seq 1 --lifetime 25
check "deregistration without a binding: 133" equals "133 none" bu --home $P::34 --seq 1 --lifetime 0
check "still only the one lab binding" binding $HB $COA2 1

# The granted lifetime: never longer than the home prefix stays valid, nor max_home_lifetime.
in_ns ha ip addr add $Q::1/64 dev ha0 nodad valid_lft 100 preferred_lft 100
between() { # LO HI CMD...: CMD's number is within LO..HI
    local v; v=$("${@:3}") && [ "$v" -ge "$1" ] && [ "$v" -le "$2" ] || { echo "'${*:3}' gave '$v', expected $1..$2"; return 1; }
}
check "a registration in a home prefix valid for 100 s is accepted" equals "0 none" bu --home $Q::4 --seq 1 --lifetime 250
check "... for at most the prefix's 100 s (25 units, not the 250 asked for)" between 20 25 last lifetime
in_ns ha sysctl -qw net.ipv6.mobility.max_home_lifetime=40
check "with max_home_lifetime=40 a refresh is accepted" equals "0 none" bu --home $Q::4 --seq 2 --lifetime 250
check "... for 10 units (40 s)" equals 10 last lifetime
in_ns ha sysctl -qw net.ipv6.mobility.max_home_lifetime=262140
check "that binding deregisters" equals "0 none" bu --home $Q::4 --seq 3 --lifetime 0

# ---- binding limit ---------------------------------------------------------------------------
check "the lab binding deregisters" equals "0 none" bu --home $HB --coa $COA2 --seq 2 --lifetime 0
check "the binding cache is empty" equals 0 nbind
max0=$(in_ns ha sysctl -n net.ipv6.mobility.max_bindings)
check "sysctl -w net.ipv6.mobility.max_bindings=50" in_ns ha sysctl -qw net.ipv6.mobility.max_bindings=50
load60() { # SEQ LIFETIME: 60 home registrations at once
    in_ns mn "$LOAD" bu --iface mn0 --coa $COA --ha $HA --prefix $P::2:0:0 --count 60 --window 60 \
        --lost-ms 20000 --seq "$1" --lifetime "$2" | tee -a "$J/hostile-load.json"
}
check "60 registrations with room for 50: 50 accepted, 10 refused with 130" \
    output_has '"sent":60,"answered":50,"lost":0,.*"status":\{"0":50,"130":10\}' load60 1 100
check "the binding cache holds 50" equals 50 nbind
check "their deregistrations: 50 accepted, 133 for the 10 never bound" \
    output_has '"sent":60,"answered":50,"lost":0,.*"status":\{"0":50,"133":10\}' load60 2 0
in_ns ha sysctl -qw net.ipv6.mobility.max_bindings="${max0:-0}"
check "the binding cache is empty again" equals 0 nbind

# ---- the reverse tunnel: Neighbour Discovery and link-local packets ------------------------
HC=$P::40
check "a registration for the tunnel checks" equals "0 none" bu --home $HC --seq 1 --lifetime 100
encaps=$(stat NEncapsulations)
in_ns ha ping -c1 -W2 $HC >/dev/null 2>&1
check "what the home agent itself sends to the home address goes through the tunnel (NEncapsulations)" \
    grew "$encaps" stat NEncapsulations
# Interception forwards as a router does (RFC 8200 §3, RFC 4291 §2.5.6).
check "a packet for the home address with hop limit 1 gets Time Exceeded from the home agent" \
    output_has "From $HA.*Time exceeded" in_ns h ping -c1 -t1 -W3 $HC
encaps=$(stat NEncapsulations)
in_ns h ping -c1 -W2 $HC >/dev/null 2>&1
check "control: with hop limit 64 it goes into the tunnel (NEncapsulations)" grew "$encaps" stat NEncapsulations
# h with only its link-local address: what it sends to the home address has that source.
ha_mac=$(in_ns ha cat /sys/class/net/ha0/address)
in_ns h ip -6 addr del $H/64 dev h0
in_ns h ip -6 route add $HC/128 dev h0
check "control: h now sends to the home address from its link-local address" \
    output_has "src fe80:" in_ns h ip -6 route get $HC
encaps=$(stat NEncapsulations)
in_ns h ping -c2 -W2 $HC >/dev/null 2>&1
check "control: the home agent answered h's solicitation for the home address (proxy ND)" \
    output_has "lladdr $ha_mac" in_ns h ip -6 neigh show $HC dev h0
check "a packet for the home address from a link-local source is not forwarded into the tunnel" \
    same "$encaps" stat NEncapsulations
in_ns h ip -6 route del $HC/128 dev h0
in_ns h ip -6 addr add $H/64 dev h0 nodad
r_mac=$(in_ns r cat /sys/class/net/r0/address)
in_ns ha ping -c1 -W3 $R >/dev/null 2>&1      # the home agent's entry for the router, fresh
check "the home agent's neighbour entry for the router has the router's address" \
    output_has "lladdr $r_mac" in_ns ha ip -6 neigh show $R dev ha0
check "an override NA for the router, sent through the reverse tunnel, goes out" \
    output_has '"sent": true' req --home $HC --tunnel-na $R --lladdr 02:00:00:00:00:01
# A tunnelled echo behind it: once its reply is back, the NA has been through the home agent.
check "the reverse tunnel still works: a tunnelled echo to the router is answered" \
    output_has "\"reply\": \\{\"src\": \"$R\", \"dst\": \"$HC\"" req --home $HC --ping $R
check "the tunnelled NA did not change the home agent's entry for the router" \
    output_has "lladdr $r_mac" in_ns ha ip -6 neigh show $R dev ha0
expect_fail "no neighbour entry of the home agent has the NA's link-layer address" \
    sh -c "ip netns exec ha ip -6 neigh show | grep -qi 02:00:00:00:00:01"
# Control: a tunnelled echo request from the home address itself reaches the home agent's
# stack (its reply may or may not come back through the tunnel).
echos=$(snmp Icmp6InEchos)
req --home $HC --ping $HA --timeout 4 >/dev/null
check "control: a tunnelled echo request from the home address to the home agent is received (Icmp6InEchos)" \
    grew "$echos" snmp Icmp6InEchos
echos=$(snmp Icmp6InEchos)
check "an echo from a link-local source through the reverse tunnel is not answered" \
    output_has '"reply": null' req --home $HC --tunnel-ll --ping $HA --timeout 4
check "... nor received by the home agent (Icmp6InEchos unchanged)" same "$echos" snmp Icmp6InEchos

# ---- a storm of malformed packets ----------------------------------------------------------
check "the keyed policy again" policy $KEYED
check "a signed registration before the storm" equals "0 ok" bu --home $HOME --seq 5 --lifetime 250 $(signed)
drop0=$(stat NBindUpdatesDropInvalid)
check "storm from the home link at the home agent's address: 8000 packets" \
    output_has '"sent":8000,' in_ns h "$LOAD" storm --src $H --dst $HA --home $HOME --count 8000 --seed 1
check "storm from the visited network at the home address (into the tunnel): 3000 packets" \
    output_has '"sent":3000,' in_ns mn "$LOAD" storm --src $COA --dst $HOME --home $HOME --count 3000 --seed 2
check "nested tunnels, split headers and flipped BUs from the bound care-of address to the home agent" \
    output_has '"sent":2000,' in_ns mn "$LOAD" storm --src $COA --dst $HA --home $HOME --count 2000 --seed 3 \
    --templates tunnel_nested,fragments_split_ext,flip_bu,hao_bad_address
check "the storm reached the home agent (NBindUpdatesDropInvalid grew)" grew "$drop0" stat NBindUpdatesDropInvalid
check "after the storms the home agent answers pings from the home link" in_ns r ping -c1 -W5 $HA
check "and from the visited network" in_ns mn ping -c1 -W5 $HA
check "the binding survived the storms" binding $HOME $COA 5
check "a fresh signed registration after the storms: 0, signed BA" equals "0 ok" bu --home $HOME --seq 6 --lifetime 100 $(signed)
check "its BA echoes its timestamp" echoed
in_ns ha "$MIPDIAG" -s | awk '$3 != 0' >"$J/hostile-stats.txt" 2>&1

exec 7>&- 8<&-
kill $peer_pid 2>/dev/null; wait $peer_pid 2>/dev/null
rm -rf "$fifo"
