#!/bin/bash
# The mip6 benchmarks, inside the VM (non-debug kernel), started by scripts/bench.sh.
# Each figure is measured next to the kernel's own path in the same run; results go to
# $MIP6_JOB/results.jsonl (one JSON object per measurement), read by tools/bench/report.py.
#
#   cn (c0) fd00:1::2 --- (h0) fd00:1::1  ha  fd00:2::1 (h1) --- (m0) mn: care-of by SLAAC
#                                          fd00:3::1 (h2)  home link (a veth pair inside ha)
#   home address of the MN: fd00:3::100; the load generator registers fd00:3::1:0:0:N
#   Every home registration is authenticated (RFC 4285): the HA's key file holds the MN's key
#   and one for the load generator's /96; the MN's only its own.
set -u
B=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$B/../.." && pwd)
J=$MIP6_JOB
MIPDIAG=$top/target/release/mipdiag
LOAD=$top/target/release/mip6-load
OUT=$J/results.jsonl
: >"$OUT"
HOME_A=fd00:3::100 HA=fd00:3::1 CN=fd00:1::2
T=${BENCH_SECONDS:-5}
log() { printf '\n### %s  (%s)\n' "$*" "$(date +%T)"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
fail() { echo "bench: $*" >&2; exit 1; }
for tool in iperf3 radvd perf python3; do command -v $tool >/dev/null || fail "$tool is missing (scripts/bootstrap.sh installs it)"; done
[ -x "$LOAD" ] && [ -x "$MIPDIAG" ] || fail "build mipdiag and mip6-load first (scripts/bench.sh does)"

# record NAME UNIT VALUE [KEY=VALUE...]: one measurement.
record() {
    local name=$1 unit=$2 value=$3; shift 3
    local extra="" kv
    for kv in "$@"; do extra="$extra,\"${kv%%=*}\":\"${kv#*=}\""; done
    printf '{"name":"%s","unit":"%s","value":%s%s}\n' "$name" "$unit" "$value" "$extra" >>"$OUT"
    printf '  %-58s %12s %s\n' "$name" "$value" "$unit"
}

# iperf NAME SERVER_NS CLIENT_NS DST [iperf3 client options]: TCP (Mbit/s) or UDP (packets/s
# received) from CLIENT_NS to DST, T seconds, BENCH_REPEAT times; records the median (TCG
# runs vary by tens of percent from one run to the next) and every run's value.
iperf() {
    local name=$1 sns=$2 cns=$3 dst=$4; shift 4
    local json v k unit=Mbit/s runs=()
    [[ " $* " == *" -u "* ]] && unit=packets/s
    for k in $(seq "${BENCH_REPEAT:-3}"); do
        json=$J/iperf-$name-$k.json
        in_ns "$sns" iperf3 -s -1 -D -I $J/iperf.pid >/dev/null 2>&1
        sleep 1
        in_ns "$cns" iperf3 -c "$dst" -t "$T" -J "$@" >"$json" 2>&1
        kill "$(cat $J/iperf.pid 2>/dev/null)" 2>/dev/null
        if [ $unit = packets/s ]; then
            # Received 64-byte datagrams per second (the receiver's byte count).
            v=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["end"]["sum_received"]; print("%.0f" % (e["bytes"] / 64 / e["seconds"]))' "$json" 2>/dev/null)
        else
            v=$(python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"] / 1e6))' "$json" 2>/dev/null)
        fi
        runs+=("${v:-0}")
    done
    v=$(printf '%s\n' "${runs[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    record "$name" "$unit" "$v" "runs=${runs[*]}"
}

# The four data-path runs of one path, in both directions: TCP and 64-byte UDP.
four() { # PREFIX DST_FROM_CN
    iperf "$1 tcp cn->mn" mn cn "$2"
    iperf "$1 udp64 cn->mn" mn cn "$2" -u -l 64 -b 0
    iperf "$1 tcp mn->cn" mn cn "$2" -R
    iperf "$1 udp64 mn->cn" mn cn "$2" -u -l 64 -b 0 -R
}

log "setup: namespaces cn, ha, mn; radvd on the visited link; modules"
for ns in cn ha mn; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add c0 netns cn type veth peer name h0 netns ha
ip link add h1 netns ha type veth peer name m0 netns mn
ip link add h2 netns ha type veth peer name h2p netns ha
ip -n cn addr add $CN/64 dev c0 nodad
ip -n ha addr add fd00:1::1/64 dev h0 nodad
ip -n ha addr add fd00:2::1/64 dev h1 nodad
ip -n ha addr add $HA/64 dev h2 nodad
for l in "cn c0" "ha h0" "ha h1" "ha h2" "ha h2p" "mn m0"; do set -- $l; ip -n $1 link set $2 up; done
ip -n cn route add default via fd00:1::1
in_ns ha sysctl -qw net.ipv6.conf.all.forwarding=1
in_ns mn sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
cat >$J/radvd.conf <<EOF
interface h1 {
    AdvSendAdvert on; MinRtrAdvInterval 0.2; MaxRtrAdvInterval 0.5; MinDelayBetweenRAs 0.05;
    AdvIntervalOpt on; AdvDefaultLifetime 30;
    prefix fd00:2::/64 { AdvOnLink on; AdvAutonomous on; AdvRouterAddr on; };
};
EOF
in_ns ha radvd -C $J/radvd.conf -p $J/radvd.pid -m logfile -l $J/radvd.log -u root
modprobe mip6_ha && modprobe mip6_mn || fail "modules"
for i in $(seq 100); do
    COA=$(ip -n mn -6 addr show dev m0 scope global | awk '/inet6 fd00:2:/ {sub("/.*", "", $2); print $2; exit}')
    [ -n "$COA" ] && break; sleep 0.2
done
[ -n "$COA" ] || fail "the mobile node got no address from radvd"
echo "care-of address $COA"
in_ns cn ping -c1 -W5 $HA >/dev/null; in_ns mn ping -c1 -W5 $CN >/dev/null
uname -a; grep -m1 'model name' /proc/cpuinfo; nproc
# The accelerator as the guest sees it ("QEMU TCG CPU" under TCG).
record "accelerator" "" "\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//; s/"//g')\""

# ---- 1, 2: the kernel's ip6tnl (ip6ip6) between ha and mn, configured by hand ----------
log "baseline: ip6tnl tunnel ha <-> mn, MTU 1460"
ip -n ha -6 tunnel add bt0 mode ip6ip6 local fd00:2::1 remote $COA
ip -n mn -6 tunnel add bt0 mode ip6ip6 local $COA remote fd00:2::1
for ns in ha mn; do ip -n $ns link set bt0 mtu 1460 up; done
ip -n ha -6 route add $HOME_A/128 dev bt0
ip -n mn addr add $HOME_A/128 dev bt0 nodad
ip -n mn -6 route add fd00:1::/64 dev bt0 src $HOME_A metric 1
in_ns cn ping -c2 -W5 $HOME_A >/dev/null || fail "the ip6tnl baseline does not forward"
four "ip6tnl" $HOME_A
ip -n ha link del bt0; ip -n mn link del bt0

# ---- 1, 2: our home agent: interception, tunnel, reverse tunnel -------------------------
log "mip6: home registration of the MN (route optimisation off: the home agent's path)"
( umask 077
  printf '%s spi 4096 key 62656e6368206d6e2d6861206b6579\nfd00:3::1:0:0:0/96 spi 4097 key 62656e6368206c6f61642067656e\n' \
      $HOME_A >$J/ha.keys
  printf '%s spi 4096 key 62656e6368206d6e2d6861206b6579\n' $HOME_A >$J/mn.keys )
chmod 600 $J/ha.keys $J/mn.keys
in_ns ha "$MIPDIAG" -r ha >/dev/null
in_ns ha "$MIPDIAG" --policy-flush -k $J/ha.keys >/dev/null || fail "mipdiag -k on the home agent"
in_ns mn "$MIPDIAG" -r mn >/dev/null
in_ns mn "$MIPDIAG" --policy-flush -k $J/mn.keys >/dev/null || fail "mipdiag -k on the mobile node"
in_ns mn sysctl -qw net.ipv6.mobility.accept_return_routability=0
in_ns mn "$MIPDIAG" -i mip6mnha1 -h $HOME_A/64 -H $HA/64 >/dev/null || fail "mipdiag -i"
registered() { in_ns ha "$MIPDIAG" -j -c | grep -q "\"home_address\":\"$HOME_A\""; }
for i in $(seq 150); do registered && break; sleep 0.2; done
registered || fail "the MN did not register"
COA=$(in_ns mn "$MIPDIAG" -j -m | python3 -c 'import json,sys; print(json.load(sys.stdin)["mobile_node"]["care_of_address"])')
in_ns cn ping -c2 -W5 $HOME_A >/dev/null || fail "the home address is not reachable through the home agent"
four "mip6-ha" $HOME_A
# A profile of the tunnel path (the whole VM, kernel stacks), in an extra run that is not
# counted: perf itself costs throughput.
profile() { # NAME CLIENT_NS DST [iperf options]: perf (software clock: TCG has no PMU)
    local name=$1; shift
    perf record -e cpu-clock -a -g -o /tmp/perf-$name.data -- sleep $((T + 2)) >/dev/null 2>$J/perf-$name.err &
    local perfpid=$!
    iperf "profiled (not a figure) $name" mn "$@"
    wait $perfpid 2>/dev/null
    perf report -i /tmp/perf-$name.data --stdio --no-children --sort sym 2>>$J/perf-$name.err \
        | grep -v '^#' | grep '%' | head -30 >$J/perf-$name.txt
}
profile ha cn $HOME_A

# ---- 3: route optimisation (HAO + RH2) versus plain forwarding to the care-of address ----
log "route optimisation: CN <-> MN directly (type 2 routing header, Home Address option)"
in_ns mn sysctl -qw net.ipv6.mobility.accept_return_routability=1
ro() { in_ns mn "$MIPDIAG" -j -l | grep -q '"route_optimised":true'; }
for i in $(seq 100); do in_ns cn ping -c1 -W1 $HOME_A >/dev/null; ro && break; sleep 0.3; done
ro || fail "no route optimisation between the MN and the CN"
for ns in cn ha mn; do in_ns $ns nstat -n >/dev/null 2>&1; done
four "mip6-ro" $HOME_A
# Counters of the route-optimised runs, for the report's analysis.
for ns in cn ha mn; do echo "== $ns"; in_ns $ns nstat 2>&1 | grep -v '^#'; done >$J/nstat-ro.txt
profile ro cn $HOME_A
log "baseline: plain IPv6 forwarding CN <-> care-of address"
# The care-of address's own route to the CN, so that its packets do not pass through the
# home tunnel device (whose default route has metric 1) on their way out.
ip -n mn -6 route add fd00:1::/64 via fd00:2::1 dev m0 metric 2
four "forwarding" $COA
ip -n mn -6 route del fd00:1::/64 via fd00:2::1 dev m0 metric 2
# Route optimisation off on both ends again (the CN drops its binding within a second):
# the scale figures below are the home agent's path.
in_ns mn sysctl -qw net.ipv6.mobility.accept_return_routability=0
in_ns cn sysctl -qw net.ipv6.mobility.accept_return_routability=0
sleep 2
in_ns cn "$MIPDIAG" -j -c | grep -q care_of_address && fail "the CN kept its route optimisation binding"

# ---- 5: signalling rate: BUs answered per second vs ICMPv6 echo, same generator ----------
# Every BU is signed (replay protection timestamp, MN-HA authenticator) and every BA's
# authenticator verified by mip6-load. A home agent probes the home link (RFC 6275 §10.4.1:
# one Neighbour Solicitation, 1 s RetransTimer) before it accepts an address's first
# registration, so first registrations are bound by that wait, not by work: they are made
# with as many in flight as it probes at once (BENCH_FILL_WINDOW, default 200: the home agent
# holds at most 256 BUs waiting for their probe and drops the rest unanswered) and reported
# apart; the figure is the rate of re-registrations of those 10k bindings (sequence 2) at
# the echo baseline's window, 32.
log "signalling: signed Binding Updates with BA per second vs ICMPv6 echo per second (window 32)"
slab() { awk '/^Slab:/ {print $2}' /proc/meminfo; }
slab0=$(slab)
FILL_WINDOW=${BENCH_FILL_WINDOW:-200}
loadbu() { # START COUNT WINDOW SEQ: signed BUs for COUNT home addresses of the load prefix
    in_ns cn "$LOAD" bu --iface c0 --coa $CN --ha $HA --prefix fd00:3::1:0:0:0 --start "$1" --count "$2" \
        --window "$3" --seq "$4" --lost-ms 20000 --keyfile $J/ha.keys --spi 4097
}
loadbu 0 10000 $FILL_WINDOW 1 | tee $J/load-bu-10k.json
loadbu 0 10000 32 2 | tee $J/load-bu-refresh.json
in_ns cn "$LOAD" echo --iface c0 --src $CN --dst $HA --count 10000 --window 32 | tee $J/load-echo.json
for f in $J/load-bu-10k.json $J/load-bu-refresh.json; do
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r.get("signed") != r["sent"] or r.get("bad_auth") != 0 or r["answered"] != r["sent"])' $f ||
        echo "bench: WARNING: $f: not every BU signed and acknowledged with a valid authenticator" >&2
done
v=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["per_second"])' $J/load-bu-refresh.json)
record "signalling BU->BA" "per second" "${v:-0}"
v=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["per_second"])' $J/load-bu-10k.json)
record "signalling first registrations (home link probe, window $FILL_WINDOW)" "per second" "${v:-0}"
v=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["per_second"])' $J/load-echo.json)
record "signalling echo baseline" "per second" "${v:-0}"

# ---- 4: binding scale --------------------------------------------------------------------
n=$(in_ns ha "$MIPDIAG" -j -c | grep -o home_address | wc -l)
record "bindings at the HA (10k step)" "" "$n"
in_ns ha "$MIPDIAG" -j -c | grep -q "\"home_address\":\"$HOME_A\",\"care_of_address\":\"$COA\"" ||
    fail "the MN's binding was disturbed by the load generator"
iperf "scale 10k tcp cn->mn" mn cn $HOME_A
log "filling to 100k bindings (in steps, stopping at ${BENCH_FILL_BUDGET:-600} s)"
start=$(date +%s); got=10000
# The first step (10k -> 20k) is profiled for exactly its duration: where the time of a
# registration goes (figure 5's limit), and whether it grows with the bindings.
profile=(perf record -e cpu-clock -a -g -o /tmp/perf-fill.data --)
while [ $got -lt 100000 ] && [ $(( $(date +%s) - start )) -lt ${BENCH_FILL_BUDGET:-600} ]; do
    "${profile[@]}" ip netns exec cn "$LOAD" bu --iface c0 --coa $CN --ha $HA --prefix fd00:3::1:0:0:0 \
        --start $got --count 10000 --window $FILL_WINDOW --lost-ms 20000 --keyfile $J/ha.keys --spi 4097 \
        2>>$J/perf-fill.err | tee -a $J/load-bu-fill.json
    if [ ${#profile[@]} -gt 0 ]; then
        profile=()
        perf report -i /tmp/perf-fill.data --stdio --no-children --sort sym 2>>$J/perf-fill.err \
            | grep -v '^#' | grep '%' | head -60 >$J/perf-fill.txt
    fi
    got=$((got + 10000))
done
n=$(in_ns ha "$MIPDIAG" -j -c | grep -o home_address | wc -l)
record "bindings at the HA (100k step)" "" "$n"
slab1=$(slab)
record "kernel slab memory per binding" "bytes" "$(( (slab1 - slab0) * 1024 / (n > 1 ? n - 1 : 1) ))"
iperf "scale 100k tcp cn->mn" mn cn $HOME_A
# (The namespaces are deleted below with the bindings live: ending each one first would
# cost as much again as making it.)

# ---- 6: handover interruption, on the HOWTO testbed, 20 moves per radvd setting -----------
log "handover: 20 moves per radvd setting"
in_ns mn "$MIPDIAG" -r cn >/dev/null
kill "$(cat $J/radvd.pid)" 2>/dev/null
for ns in cn ha mn; do ip netns del $ns; done
sleep 1
handover() { # LABEL MIN MAX MINDELAY
    local label=$1
    TB_DIR=$J/tb-$label
    mkdir -p $TB_DIR
    TB_RA_MIN=$2 TB_RA_MAX=$3 TB_RA_DELAY=$4
    . $top/tools/testing/selftests/mip6/testbed.sh
    tb_up
    tb_mobile_ip6 ha start >/dev/null
    tb_radvd_start ha ar ar2
    ip netns exec mn sysctl -qw net.ipv6.mobility.accept_return_routability=0
    tb_mobile_ip6 mn start >/dev/null
    ip netns exec cn ping -D -i 0.02 $TB_HOME >$TB_DIR/ping.txt 2>&1 &
    local pinger=$! i pfx br
    # The Mobility Header seen on the MN's link, stamped by the same wall clock as the
    # link events (a BA to a care-of address comes with a type 2 routing header).
    ip netns exec mn tcpdump -i mn0 -n -tt -l 'ip6 and (ip6[6] == 135 or ip6[6] == 43 or ip6[6] == 60)' \
        >$TB_DIR/mh.txt 2>$TB_DIR/tcpdump.err &
    local capture=$!
    sleep 1
    for i in $(seq ${BENCH_MOVES:-20}); do
        if [ $((i % 2)) = 1 ]; then br=br_v1 pfx=fec0:106:1100:; else br=br_v2 pfx=fec0:106:1000:; fi
        tb_move $br
        tb_wait 60 tb_registered_in $pfx || echo "move $i: no registration"
        sleep 1
    done
    kill $pinger
    sleep 1; kill $capture; wait $capture 2>/dev/null
    tb_interruptions $TB_DIR/ping.txt >$TB_DIR/interruptions.txt
    python3 $B/handover.py $TB_DIR "$label" >>"$OUT"
    tail -n 2 "$OUT"
    tb_mobile_ip6 mn stop >/dev/null; tb_mobile_ip6 ha stop >/dev/null
    tb_down
    dmesg -C
}
dmesg -C
handover howto 1 3 0.05
handover fastest 0.03 0.07 0.03
log "done"
