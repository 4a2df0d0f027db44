#!/bin/bash
# Host-side part of the VM selftests: decode the captures they left in the job directory
# with tshark (an independent dissector) and print "ok - ..." / "not ok - ..." lines.
# usage: decode.sh JOBDIR        exit status: 0 iff every check passed
job=${1:?usage: decode.sh JOBDIR}
command -v tshark >/dev/null || { echo "not ok - tshark is not installed (run scripts/bootstrap.sh)"; exit 1; }
fail=0
t() { # NAME EXPECTED_REGEX PCAP FILTER FIELDS...: first matching packet's fields, comma-separated
    local name=$1 want=$2 pcap=$3 filter=$4; shift 4
    local args=() f got
    for f in "$@"; do args+=(-e "$f"); done
    if [ ! -s "$pcap" ]; then echo "not ok - $name (no capture $pcap)"; fail=1; return; fi
    got=$(tshark -r "$pcap" -Y "$filter" -T fields -E separator=, "${args[@]}" 2>/dev/null | head -n1)
    if [[ $got =~ $want ]]; then echo "ok - $name"; else echo "not ok - $name"; echo "# got '$got', want /$want/"; fail=1; fi
}
p=$job/home_reg.pcap
t "tshark: BU with A and H set, seq 1, lifetime 25, HAO with the home address" \
  '^(1|True),(1|True),1,25,fec0:106:2700::4$' "$p" 'mip6.bu.seqnr == 1 && ipv6.dst == fec0:106:2700::1' \
  mip6.bu.a_flag mip6.bu.h_flag mip6.bu.seqnr mip6.bu.lifetime ipv6.opt.mipv6.home_address
t "tshark: our BA: status 0, seq 2, lifetime 25, to the new CoA" \
  '^0,2,25,fec0:106:1100::20$' "$p" 'mip6.ba.seqnr == 2' mip6.ba.status mip6.ba.seqnr mip6.ba.lifetime ipv6.dst
t "tshark: our BA carries a type 2 routing header with the home address" \
  '^2,fec0:106:2700::4$' "$p" 'mip6.ba.status' ipv6.routing.type ipv6.routing.mipv6.home_address
t "tshark: BA 135 for the replayed sequence number" '^135,1$' "$p" 'mip6.ba.status == 135' mip6.ba.status mip6.ba.seqnr
t "tshark: BA 132 for a foreign home prefix" '^132$' "$p" 'mip6.ba.status == 132' mip6.ba.status
t "tshark: Binding Refresh Advice option of 10 units" '^10$' "$p" 'mip6.bra.interval' mip6.bra.interval
# RFC 4285 (the home address's SPI is 4096, the load generator's 4097). tshark 4.0 shows
# the MN-HA subtype as "Unknown (1)" and only 10 octets of its data, so the authenticator
# itself is checked by the peer and by rust/mip6/tests/python_rfc4285.rs, not here.
t "tshark: the signed BU carries a replay protection timestamp and the MN-HA option (subtype 1, SPI 4096)" \
  '^1,1,4096,.+$' "$p" 'mip6.bu.seqnr == 1 && ipv6.dst == fec0:106:2700::1 && mip6.auth.mobility_spi' \
  mip6.bu.seqnr mip6.auth.subtype mip6.auth.mobility_spi mip6.mseg_id.timestamp
t "tshark: our BA 0 to it carries the replay protection option and the MN-HA option (SPI 4096)" \
  '^0,2,1,4096,.+$' "$p" 'mip6.ba.seqnr == 2 && mip6.ba.status == 0' \
  mip6.ba.status mip6.ba.seqnr mip6.auth.subtype mip6.auth.mobility_spi mip6.mseg_id.timestamp
t "tshark: the load generator's BUs are signed with SPI 4097" \
  '^4097$' "$p" 'mip6.bu.seqnr && ipv6.opt.mipv6.home_address == fec0:106:2700::1:0:12c' mip6.auth.mobility_spi
if [ -s "$p" ]; then
    n=$(tshark -r "$p" -Y '_ws.malformed || _ws.expert.severity >= 8388608' 2>/dev/null | wc -l)
    if [ "$n" -eq 0 ]; then echo "ok - tshark: no malformed packets or errors in the capture"; else echo "not ok - tshark: $n malformed/error packets"; fail=1; fi
fi

# The mobility scenario: our mobile node's own signalling through three moves.
m=$job/mobility.pcap
t "tshark: the MN's BU from visitnet: A and H set, lifetime 250, HAO with the home address" \
  '^(1|True),(1|True),250,fec0:106:2700::4$' "$m" 'mip6.bu.seqnr && ipv6.src == fec0:106:1100::/64' \
  mip6.bu.a_flag mip6.bu.h_flag mip6.bu.lifetime ipv6.opt.mipv6.home_address
t "tshark: the MN's BU from visitnet2 with the home address" \
  '^(1|True),fec0:106:2700::4$' "$m" 'mip6.bu.seqnr && ipv6.src == fec0:106:1000::/64' mip6.bu.h_flag ipv6.opt.mipv6.home_address
t "tshark: the deregistration at home: lifetime 0, from the home address" \
  '^(1|True),0$' "$m" 'mip6.bu.lifetime == 0 && ipv6.src == fec0:106:2700::4' mip6.bu.h_flag mip6.bu.lifetime
t "tshark: the HA's BA 0 to a care-of address with the home address in a type 2 routing header" \
  '^0,2,fec0:106:2700::4$' "$m" 'mip6.ba.status == 0 && ipv6.dst == fec0:106:1000::/64' \
  mip6.ba.status ipv6.routing.type ipv6.routing.mipv6.home_address
t "tshark: the MN signs its BUs (replay protection timestamp, MN-HA option with the testbed's SPI 4096)" \
  '^1,4096,.+$' "$m" 'mip6.bu.seqnr && ipv6.src == fec0:106:1100::/64' mip6.auth.subtype mip6.auth.mobility_spi mip6.mseg_id.timestamp
t "tshark: the HA's BA 0 to the MN is signed too" \
  '^1,4096$' "$m" 'mip6.ba.status == 0 && ipv6.dst == fec0:106:1100::/64 && ipv6.src == fec0:106:2700::1' mip6.auth.subtype mip6.auth.mobility_spi
if [ -s "$m" ]; then
    # Sequence numbers grow from move to move (RFC 6275 11.7.1).
    seqs=$(tshark -r "$m" -Y 'mip6.bu.seqnr' -T fields -e mip6.bu.seqnr 2>/dev/null | tr '\n' ' ')
    if python3 -c 'import sys; s=[int(x) for x in sys.argv[1:]]; sys.exit(not s or any(b < a for a, b in zip(s, s[1:])))' $seqs; then
        echo "ok - tshark: the MN's Binding Update sequence numbers never decrease ($seqs)"
    else
        echo "not ok - tshark: BU sequence numbers out of order: $seqs"; fail=1
    fi
    n=$(tshark -r "$m" -Y '_ws.malformed || _ws.expert.severity >= 8388608' 2>/dev/null | wc -l)
    if [ "$n" -eq 0 ]; then echo "ok - tshark: no malformed packets in the mobility capture"; else echo "not ok - tshark: $n malformed/error packets in the mobility capture"; fail=1; fi
fi

# The correspondent node (cn.sh): return routability and route optimisation at our CN,
# against the Scapy peer (home ::4 and care-of ::10 on the CN's link). ICMPv6 errors quote
# packets, so the filters leave them out.
cnp=$job/cn.pcap
cn_cn=fec0:106:2000::100 cn_hoa=fec0:106:2000::4 cn_coa=fec0:106:2000::10
cn_noerr='!(icmpv6.type == 1 || icmpv6.type == 4)'
t "tshark (cn): HoTI from the home address to the CN" "^$cn_hoa,$cn_cn\$" "$cnp" "mip6.mhtype == 1 && mip6.proto == 59 && $cn_noerr" ipv6.src ipv6.dst
t "tshark (cn): CoTI from the care-of address to the CN" "^$cn_coa,$cn_cn\$" "$cnp" "mip6.mhtype == 2 && $cn_noerr" ipv6.src ipv6.dst
t "tshark (cn): HoT to the home address with a nonce index and a keygen token" "^$cn_cn,$cn_hoa,[0-9]+,0x[0-9a-f]{16}\$" \
  "$cnp" "mip6.mhtype == 3 && $cn_noerr" ipv6.src ipv6.dst mip6.hot.nindex mip6.hot.token
t "tshark (cn): CoT to the care-of address with a nonce index and a keygen token" "^$cn_cn,$cn_coa,[0-9]+,0x[0-9a-f]{16}\$" \
  "$cnp" "mip6.mhtype == 4 && $cn_noerr" ipv6.src ipv6.dst mip6.cot.nindex mip6.hot.token   # (tshark 4.0 files the CoT's token there)
t "tshark (cn): BU from the care-of address with a HAO, H clear, nonce indices, Binding Authorization Data" \
  "^$cn_coa,$cn_hoa,(0|False),[0-9]+,[0-9]+,[0-9a-f]{24}\$" "$cnp" "mip6.mhtype == 5 && mip6.bad.auth && $cn_noerr" \
  ipv6.src ipv6.opt.mipv6.home_address mip6.bu.h_flag mip6.ni.hni mip6.ni.cni mip6.bad.auth
t "tshark (cn): the CN's BA 0 to the care-of address, RH2 with the home address, Binding Authorization Data" \
  "^$cn_coa,2,$cn_hoa,0,[0-9a-f]{24}\$" "$cnp" "mip6.ba.status == 0 && ipv6.src == $cn_cn && $cn_noerr" \
  ipv6.dst ipv6.routing.type ipv6.routing.mipv6.home_address mip6.ba.status mip6.bad.auth
t "tshark (cn): the CN's BA 135 for the replayed sequence number" '^135$' "$cnp" "mip6.ba.status == 135 && ipv6.src == $cn_cn && $cn_noerr" mip6.ba.status
t "tshark (cn): Binding Error status 1 to the care-of address for a home address without a binding" \
  "^$cn_coa,1,fec0:106:2000::5\$" "$cnp" "mip6.be.status == 1 && ipv6.src == $cn_cn && $cn_noerr" ipv6.dst mip6.be.status mip6.be.haddr
t "tshark (cn): Echo Reply to the care-of address with a type 2 routing header holding the home address" \
  "^$cn_coa,2,$cn_hoa\$" "$cnp" "icmpv6.type == 129 && ipv6.routing.type == 2 && ipv6.src == $cn_cn && $cn_noerr" \
  ipv6.dst ipv6.routing.type ipv6.routing.mipv6.home_address
t "tshark (cn): Binding Refresh Request to the care-of address with RH2" "^$cn_coa,$cn_hoa\$" \
  "$cnp" "mip6.mhtype == 0 && ipv6.src == $cn_cn && $cn_noerr" ipv6.dst ipv6.routing.mipv6.home_address
if [ -s "$cnp" ]; then
    n=$(tshark -r "$cnp" -Y '_ws.malformed || _ws.expert.severity >= 8388608' 2>/dev/null | wc -l)
    if [ "$n" -eq 0 ]; then echo "ok - tshark (cn): no malformed packets in the cn capture"; else echo "not ok - tshark (cn): $n malformed/error packets"; fail=1; fi
else
    echo "not ok - tshark (cn): no malformed packets (no capture $cnp)"; fail=1
fi
# Route optimisation between our MN and our CN (ro.sh): steady state in visitnet and in
# visitnet2 after the move, then with accept_return_routability=0.
count() { # PCAP FILTER: number of matching packets
    tshark -r "$1" -Y "$2" 2>/dev/null | wc -l
}
n_is() { # NAME OP N PCAP FILTER: the number of matching packets compared with N (-eq, -gt)
    local name=$1 op=$2 n=$3 pcap=$4 filter=$5 got
    if [ ! -s "$pcap" ]; then echo "not ok - $name (no capture $pcap)"; fail=1; return; fi
    got=$(count "$pcap" "$filter")
    if [ "$got" "$op" "$n" ]; then echo "ok - $name ($got)"; else echo "not ok - $name: $got packets, want $op $n"; fail=1; fi
}
no_errors() { # NAME PCAP
    [ -s "$2" ] || { echo "not ok - $1 (no capture $2)"; fail=1; return; }
    n_is "$1" -eq 0 "$2" '_ws.malformed || _ws.expert.severity >= 8388608'
}
CN=fec0:106:2300::10 HOMEA=fec0:106:2700::4
for v in "v1 fec0:106:1100:" "v2 fec0:106:1000:"; do
    set -- $v
    r=$job/ro-$1.pcap
    t "tshark: RO $1: the CN's echo requests come to the care-of address with a type 2 routing header holding the home address" \
      "^2,$HOMEA,$2" "$r" "icmpv6.type == 128 && ipv6.src == $CN" ipv6.routing.type ipv6.routing.mipv6.home_address ipv6.dst
    t "tshark: RO $1: the MN's echo replies go from the care-of address with a Home Address option" \
      "^$HOMEA,$2" "$r" "icmpv6.type == 129 && ipv6.dst == $CN" ipv6.opt.mipv6.home_address ipv6.src
    n_is "tshark: RO $1: no IPv6-in-IPv6 for the CN's pings" -eq 0 "$r" 'ipv6.nxt == 41 && icmpv6.type in {128 129}'
    n_is "tshark: RO $1: route-optimised echo requests seen" -gt 5 "$r" "icmpv6.type == 128 && ipv6.routing.type == 2"
    no_errors "tshark: RO $1: no malformed packets" "$r"
done
r=$job/ro-off.pcap
n_is "tshark: accept_return_routability=0: the CN's pings come through the tunnel (IPv6-in-IPv6)" -gt 5 "$r" \
    "ipv6.nxt == 41 && icmpv6.type == 128 && ipv6.src == $CN"
n_is "tshark: accept_return_routability=0: no type 2 routing header or Home Address option on data" -eq 0 "$r" \
    '(ipv6.routing.type == 2 || ipv6.opt.mipv6.home_address) && icmpv6.type in {128 129}'
no_errors "tshark: accept_return_routability=0: no malformed packets" "$r"

exit $fail
