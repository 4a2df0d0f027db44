#!/bin/bash
# The Mobile IPv6 HOWTO's testbed inside one VM, one network namespace per node; sourced by
# the mobility selftest and by `make demo`. Needs MIPDIAG and TB_DIR (a writable directory).
#
#   br_home  fec0:106:2700::/64  HA ::1 (radvd with the home agent flag), R ::2, the MN at home
#   br_core  fec0:106:2300::/64  R ::1, AR ::2, AR2 ::3, CN ::10   (the "internet")
#   br_v1    fec0:106:1100::/64  AR ::1 (radvd)                    "visitnet"
#   br_v2    fec0:106:1000::/64  AR2 ::1 (radvd)                   "visitnet2"
#
# Travelling is what `iwconfig essid visitnet` did in the HOWTO: the MN's link goes down,
# its port moves to another bridge, and the link comes back up (tb_move).
. "$(dirname "${BASH_SOURCE[0]}")/nap.sh"

TB_HOME=fec0:106:2700::4 TB_HA=fec0:106:2700::1 TB_CN=fec0:106:2300::10
# The MN-HA credential (RFC 4285) of the home address: one key file, given to the home agent
# and to the mobile node (KEYFILE in network-mip6.conf), so home registrations are signed.
TB_SPI=4096 TB_KEY=74657374626564206d6e2d6861206b6579203a3a34
TB_NODES="ha r ar ar2 cn mn"
TB_BRIDGES="br_home br_core br_v1 br_v2"
TB_MNPORT=p-mn-mn0
MOBILE_IP6=${MOBILE_IP6:-$PWD/tools/mobile-ip6/mobile-ip6}

# tb_link NS IF BRIDGE [ADDR/PLEN]: a veth from namespace NS into BRIDGE.
tb_link() {
    ip link add "$2" netns "$1" type veth peer name "p-$1-$2"
    ip link set "p-$1-$2" master "$3" up
    [ -n "${4:-}" ] && ip -n "$1" addr add "$4" dev "$2" nodad
    ip -n "$1" link set "$2" up
}

# tb_radvd_conf IF PREFIX [ha]: the HOWTO's radvd configuration with short intervals
# (the Mobile IPv6 extensions allow them with the Advertisement Interval option);
# TB_RA_MIN / TB_RA_MAX / TB_RA_DELAY override them (the benchmarks compare settings);
# a visited network's router advertises TB_VISITED_MTU if set.
tb_radvd_conf() {
    cat <<EOF
interface $1 {
    AdvSendAdvert on;
    MinRtrAdvInterval ${TB_RA_MIN:-0.2};
    MaxRtrAdvInterval ${TB_RA_MAX:-0.5};
    MinDelayBetweenRAs ${TB_RA_DELAY:-0.05};
    AdvIntervalOpt on;
    AdvDefaultLifetime 30;
EOF
    [ -z "${3:-}" ] && [ -n "${TB_VISITED_MTU:-}" ] && echo "    AdvLinkMTU $TB_VISITED_MTU;"
    [ -n "${3:-}" ] && cat <<EOF
    AdvHomeAgentFlag on;
    AdvHomeAgentInfo on;
    HomeAgentLifetime 1800;
    HomeAgentPreference 10;
EOF
    cat <<EOF
    prefix $2 {
        AdvOnLink on;
        AdvAutonomous on;
        AdvRouterAddr on;
    };
};
EOF
}

# Namespaces, links, addresses, static routes, radvd configurations and the
# network-mip6.conf files of the home agent and the mobile node.
tb_up() {
    local br ns
    tb_gone
    for br in $TB_BRIDGES; do ip link add $br type bridge; ip link set $br up; done
    for ns in $TB_NODES; do ip netns add $ns; ip -n $ns link set lo up; done
    tb_link ha ha0 br_home $TB_HA/64
    tb_link r r0 br_home fec0:106:2700::2/64
    tb_link r r1 br_core fec0:106:2300::1/64
    tb_link ar a0 br_core fec0:106:2300::2/64
    tb_link ar a1 br_v1 fec0:106:1100::1/64
    tb_link ar2 b0 br_core fec0:106:2300::3/64
    tb_link ar2 b1 br_v2 fec0:106:1000::1/64
    tb_link cn c0 br_core $TB_CN/64
    for ns in r ar ar2; do ip netns exec $ns sysctl -qw net.ipv6.conf.all.forwarding=1; done
    # TB_VISITED_MTU: the visited networks' path MTU, below the home and core links' 1500.
    # Their routers advertise it and send Packet Too Big for larger packets into them (the
    # links themselves stay at 1500, so no frame is lost without an ICMP error).
    if [ -n "${TB_VISITED_MTU:-}" ]; then
        ip -n ar -6 route replace fec0:106:1100::/64 dev a1 metric 256 mtu $TB_VISITED_MTU
        ip -n ar2 -6 route replace fec0:106:1000::/64 dev b1 metric 256 mtu $TB_VISITED_MTU
    fi
    ip -n r route add fec0:106:1100::/64 via fec0:106:2300::2
    ip -n r route add fec0:106:1000::/64 via fec0:106:2300::3
    ip -n ar route add default via fec0:106:2300::1
    ip -n ar2 route add default via fec0:106:2300::1
    ip -n cn route add default via fec0:106:2300::1
    ip -n ha route add default via fec0:106:2700::2
    # The mobile node autoconfigures; no DAD delay on its care-of addresses (what optimistic
    # DAD, RFC 4429, gives; this kernel is built without it).
    ip netns exec mn sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
    tb_link mn mn0 br_home
    # When the MN's link goes down and comes back, as the MN sees it (timestamped).
    ip -n mn -ts monitor link >$TB_DIR/mn-link.txt 2>&1 &
    TB_MONITOR=$!
    tb_radvd_conf ha0 fec0:106:2700::/64 ha >$TB_DIR/radvd-ha.conf
    tb_radvd_conf a1 fec0:106:1100::/64 >$TB_DIR/radvd-ar.conf
    tb_radvd_conf b1 fec0:106:1000::/64 >$TB_DIR/radvd-ar2.conf
    ( umask 077; printf '# the HOWTO testbed: the mobile node %s\n%s spi %s key %s\n' \
        $TB_HOME $TB_HOME $TB_SPI $TB_KEY >$TB_DIR/mip6.keys )
    chmod 600 $TB_DIR/mip6.keys
    printf 'FUNCTIONALITY=ha\nDEBUGLEVEL=1\nKEYFILE=%s\n' $TB_DIR/mip6.keys >$TB_DIR/ha.conf
    printf 'FUNCTIONALITY=mn\nDEBUGLEVEL=2\nHOMEDEV=mip6mnha1\nHOMEADDRESS=%s/64\nHOMEAGENT=%s/64\nKEYFILE=%s\n' \
        $TB_HOME $TB_HA $TB_DIR/mip6.keys >$TB_DIR/mn.conf
}

tb_radvd_start() { # NODE...
    local n
    for n in "$@"; do
        ip netns exec $n radvd -C $TB_DIR/radvd-$n.conf -p $TB_DIR/radvd-$n.pid -m logfile \
            -l $TB_DIR/radvd-$n.log -u root
    done
}

tb_mobile_ip6() { # NODE start|stop|status
    ip netns exec "$1" env MIP6_CONF=$TB_DIR/$1.conf MIPDIAG="$MIPDIAG" "$MOBILE_IP6" "$2"
}

# tb_move BRIDGE: the MN's link goes down, its port moves to BRIDGE, the link comes back
# (one `ip -batch`: process starts are slow in the emulated VM). Logs "move BRIDGE TIME".
tb_move() {
    echo "move $1 $(date +%s.%N)" >>$TB_DIR/moves.txt
    printf 'link set %s down\nlink set %s nomaster\nlink set %s master %s\nlink set %s up\n' \
        $TB_MNPORT $TB_MNPORT $TB_MNPORT "$1" $TB_MNPORT | ip -batch -
}

# tb_interruptions PINGLOG: per move, the time from the MN's link coming back up (its
# carrier, LOWER_UP, as `ip monitor` in the MN saw it) to the first answered ping: what the
# Mobile IPv6 handover costs; and the whole outage seen by the pinger, which adds the time
# the link was down.
tb_interruptions() {
    python3 - "$1" $TB_DIR/moves.txt $TB_DIR/mn-link.txt <<'PY'
import datetime, re, sys
replies = [float(m.group(1)) for m in
           re.finditer(r"^\[(\d+\.\d+)\].*icmp_seq=\d+ ttl", open(sys.argv[1]).read(), re.M)]
events = []     # (time, carrier) of the MN's interface
for line in open(sys.argv[3]):
    m = re.match(r"\[(\S+)\] \d+: mn0[@:].*<([^>]*)>", line)
    if m:   # a naive timestamp in local time, as ip printed it
        events.append((datetime.datetime.fromisoformat(m.group(1)).timestamp(),
                       "LOWER_UP" in m.group(2).split(",")))
for line in open(sys.argv[2]):
    _, where, start = line.split()
    start = float(start)
    down = next((t for t, carrier in events if t > start and not carrier), None)
    up = next((t for t, carrier in events if down is not None and t > down and carrier), None)
    after = [t for t in replies if up is not None and t > up]
    if not after:
        print("move %s: no link-up or no answer after it" % where)
        continue
    before = [t for t in replies if t < start]
    print("move %s: restored_ms %d outage_ms %d" % (where, (after[0] - up) * 1000,
          (after[0] - (before[-1] if before else start)) * 1000))
PY
}

# tb_wait SECONDS CMD...: until CMD succeeds.
tb_wait() {
    local t=$1; shift
    local end=$((SECONDS + t))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -ge "$end" ] && return 1
        nap 0.2
    done
}

tb_bcache_coa() { ip netns exec ha "$MIPDIAG" -j -c | grep -o '"care_of_address":"[^"]*"' | cut -d'"' -f4; }
tb_bul_seq() { ip netns exec mn "$MIPDIAG" -j -l | grep -o '"sequence":[0-9]*' | cut -d: -f2; }
# The MN's BUL is bound with a care-of address in PREFIX and the HA's binding cache agrees.
tb_registered_in() {
    ip netns exec mn "$MIPDIAG" -j -l | grep -q "\"care_of_address\":\"$1[^\"]*\",.*\"state\":2" &&
        tb_bcache_coa | grep -q "^$1"
}
tb_home_again() {
    [ -z "$(tb_bcache_coa)" ] && ip netns exec mn "$MIPDIAG" -j -m | grep -q '"at_home":true'
}

# Addresses, routes, neighbours and counters of every node, for a post-mortem.
tb_dump_state() {
    local ns
    for ns in $TB_NODES; do
        echo "== $ns"; ip -n $ns -6 addr; ip -n $ns -6 route; ip -n $ns -6 neigh
        ip netns exec $ns "$MIPDIAG" -s 2>&1 | awk '$3 != 0'
    done
}

tb_down() {
    local n ns br
    kill $TB_MONITOR 2>/dev/null
    for n in ha ar ar2; do kill "$(cat $TB_DIR/radvd-$n.pid 2>/dev/null)" 2>/dev/null; done
    nap 1
    for ns in $TB_NODES; do
        ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null   # captures, pingers left over
        ip netns del $ns 2>/dev/null
    done
    for br in $TB_BRIDGES; do ip link del $br 2>/dev/null; done
    tb_gone
    return 0
}

# The kernel dismantles deleted namespaces in the background (slowly in the debug VM): wait
# until their veth ports are gone from this namespace, or the next testbed's names clash.
tb_gone() {
    local i
    for i in $(seq 120); do
        ip -o link show | grep -q ' p-[a-z0-9]*-[a-z0-9]*[@:]' || return 0
        nap 0.5
    done
    echo "testbed: ports of deleted namespaces are still there after 60 s" >&2
    return 1
}
