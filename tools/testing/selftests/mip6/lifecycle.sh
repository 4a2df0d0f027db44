#!/bin/bash
# Lifecycle: removing the modules in either order while a home agent tunnels traffic and a
# mobile node is configured, and deleting a namespace while signalling for it is queued.
# Nothing may crash (the VM harness fails the whole run on any kernel splat) and nothing
# may be left behind (devices, namespaces).
#
#   h (h0) fec0:106:2700::ee --- (ha0) ha (ha1) --- (v0) v (v1) --- (m0) m fec0:106:1100:1::20
#          home link fec0:106:2700::/64   visited fec0:106:1100::/64   fec0:106:1100:1::/64
. "$(dirname "$0")/lib.sh"
J=$MIP6_JOB
P=fec0:106:2700 V=fec0:106:1100
HA=$P::1 H=$P::ee COA=$V::10 M=$V:1::20 LOAD_PREFIX=$P::1:0:0

pair() { # NS1 IF1 ADDR1 NS2 IF2 ADDR2
    ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
    ip -n "$1" addr add "$3/64" dev "$2" nodad
    ip -n "$4" addr add "$6/64" dev "$5" nodad
    ip -n "$1" link set "$2" up
    ip -n "$4" link set "$5" up
}

# A BA flood to ADDR from namespace NS (valid checksum, so each one is queued for the
# signalling work of ADDR's namespace): COUNT packets as fast as Python sends them.
ba_flood() { # NS SRC DST COUNT
    in_ns "$1" python3 - "$2" "$3" "$4" <<'PY'
import socket, struct, sys
src, dst, n = socket.inet_pton(socket.AF_INET6, sys.argv[1]), socket.inet_pton(socket.AF_INET6, sys.argv[2]), int(sys.argv[3])
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
pkts = []
for seq in range(64):
    mh = bytearray([59, 1, 6, 0, 0, 0, 0, 0]) + struct.pack("!HH", seq, 25) + bytes([1, 2, 0, 0])
    c = csum(src + dst + struct.pack("!I", len(mh)) + b"\0\0\0\x87" + bytes(mh))
    mh[4:6] = struct.pack("!H", c)
    pkts.append(struct.pack("!IHBB", 0x60000000, len(mh), 135, 64) + src + dst + bytes(mh))
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
sent = 0
for i in range(n):
    try:
        s.sendto(pkts[i % 64], (sys.argv[2], 0))
        sent += 1
    except OSError:
        pass
print(sent)
PY
}

setup() {
    modprobe mip6_ha && modprobe mip6_mn || return 1
    for ns in h ha v m; do ip netns add $ns; ip -n $ns link set lo up; done
    pair h h0 $H ha ha0 $HA
    pair ha ha1 $V::1 v v0 $COA
    pair v v1 $V:1::1 m m0 $M
    ip netns exec ha sysctl -qw net.ipv6.conf.all.forwarding=1
    ip netns exec v sysctl -qw net.ipv6.conf.all.forwarding=1
    ip -n h route add default via $HA
    ip -n v route add default via $V::1
    ip -n m route add default via $V:1::1
    in_ns ha "$MIPDIAG" -r ha >/dev/null
    printf '%s::/64 unauthenticated\n' $P >$J/lifecycle.keys
    chmod 600 $J/lifecycle.keys
    in_ns ha "$MIPDIAG" --policy-flush -k $J/lifecycle.keys >/dev/null
    in_ns m "$MIPDIAG" -r mn >/dev/null
    in_ns m "$MIPDIAG" -i mip6mnha1 -h $P::4/64 -H $HA/64
}

teardown() {
    local ns
    for ns in h ha v m; do
        ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null
        ip netns del $ns 2>/dev/null
    done
    unload_all
}

# ---- the 0.1.0 crash: rmmod mip6_mn with a configured mobile node ----------------------------
modprobe mip6_mn
ip netns add q; ip -n q link set lo up
in_ns q "$MIPDIAG" -r mn >/dev/null
check "a mobile node is configured (home tunnel mip6mnha1)" in_ns q "$MIPDIAG" -i mip6mnha1 -h $P::4/64 -H $HA/64
check "the home tunnel device exists" in_ns q ip link show mip6mnha1
check "rmmod mip6_mn while the mobile node is configured" rmmod mip6_mn
check "ip link works in the namespace afterwards" in_ns q ip link show
expect_fail "and the home tunnel went away with the module" in_ns q ip link show mip6mnha1
ip netns del q
unload_all

# ---- rmmod under traffic, in both orders ----------------------------------------------------
for order in "mip6_ha mip6_mn mip6_base" "mip6_mn mip6_ha mip6_base"; do
    check "[$order] setup: home agent, visited network, configured mobile node" setup
    check "[$order] 20 home registrations (lab policy)" output_has '"sent":20,"answered":20,' \
        in_ns v "$LOAD" bu --iface v0 --coa $COA --ha $HA --prefix $LOAD_PREFIX --count 20 --window 20 --lifetime 100
    encaps=$(in_ns ha "$MIPDIAG" -s | awk '$1 == "NEncapsulations" {print $3}')
    in_ns h ping -q -f -w 60 $P::1:0:3 >/dev/null 2>&1 &
    in_ns v ping -q -f -w 60 $HA >/dev/null 2>&1 &
    ba_flood v $COA $M 200000 >/dev/null 2>&1 &
    flood=$!
    nap 2
    grew() { [ "$(in_ns ha "$MIPDIAG" -s | awk '$1 == "NEncapsulations" {print $3}')" -gt "$encaps" ]; }
    check "[$order] traffic is being tunnelled to the care-of address" grew
    for mod in $order; do
        check "[$order] rmmod $mod under traffic" rmmod $mod
    done
    kill $flood 2>/dev/null; wait $flood 2>/dev/null
    check "[$order] the mobile node's home tunnel is gone with its module" \
        sh -c '! ip netns exec m ip link show mip6mnha1 >/dev/null 2>&1'
    check "[$order] the namespaces are still usable" in_ns ha ip -6 route show
    teardown
done

# ---- namespace deletion while signalling for it is queued -----------------------------------
check "setup again" setup
ba_flood v $COA $M 200000 >$J/lifecycle-flood.txt 2>&1 &
flood=$!
nap 2
check "deleting the mobile node's namespace while Binding Acknowledgements pour in" ip netns del m
check "deleting the home agent's namespace while it tunnels and signals" ip netns del ha
kill $flood 2>/dev/null; wait $flood 2>/dev/null
teardown
gone() { [ -z "$(ip netns list)" ] && ! ip -o link show | grep -q mip6mnha; }
check "no namespace or tunnel device of the test is left" gone
check "the modules load again afterwards" sh -c 'modprobe mip6_ha && modprobe mip6_mn'
