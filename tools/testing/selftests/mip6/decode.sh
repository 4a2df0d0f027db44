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
exit $fail
