#!/usr/bin/env python3
"""An independent mobile node for the selftests, written with Scapy (no project code):
sends a Binding Update with a Home Address option from a care-of address and reports the
Binding Acknowledgement it gets back as one JSON line ({"ba": null} after the timeout).

One request:  mn_peer.py --ha ADDR --home ADDR --coa ADDR --seq N --lifetime UNITS [...]
Tunnel tests: --ping ADDR sends an echo request from the home address through the reverse
              tunnel (outer source --coa) and waits for the reply through the tunnel;
              --respond N answers N echo requests that arrive tunnelled to the home address.
Serve many:   mn_peer.py --serve REQ_FIFO RESP_FIFO  (one request per line, same options;
              Scapy is imported once, which matters in an emulated VM)
"""
import argparse
import json
import shlex
import sys
import threading
import time

from scapy.all import conf, sniff
from scapy.layers.inet6 import (HAO, ICMPv6EchoReply, ICMPv6EchoRequest, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, MIP6MH_BA,
                                MIP6MH_BU, MIP6OptAltCoA, MIP6OptBRAdvice)
from scapy.supersocket import L3RawSocket6

conf.verb = 0


def parser():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ha", required=True)
    ap.add_argument("--home", required=True)
    ap.add_argument("--coa", required=True)
    ap.add_argument("--seq", type=int, default=0)
    ap.add_argument("--lifetime", type=int, default=0)
    ap.add_argument("--ping")
    ap.add_argument("--inner-src")
    ap.add_argument("--reply-to", help="where the tunnelled reply is expected (default --coa)")
    ap.add_argument("--respond", type=int, default=0)
    ap.add_argument("--no-home-reg", action="store_true")
    ap.add_argument("--no-ack", action="store_true")
    ap.add_argument("--alt-coa")
    ap.add_argument("--bad-checksum", action="store_true")
    ap.add_argument("--iface", default="mn0")
    # Generous: the first exchange in the emulated debug VM competes with tcpdump's start-up.
    # A BA ends the wait at once, so only the "expect no answer" requests pay the timeout.
    ap.add_argument("--timeout", type=float, default=20.0)
    return ap


def send_l3(pkt, result):
    # A raw IPv6 socket: the namespace's kernel routes the packet (Scapy's own routing
    # table is not namespace-aware) and leaves our extension headers untouched.
    try:
        s = L3RawSocket6()
        s.send(pkt)
        s.close()
        result["sent"] = True
    except OSError as e:     # reported in the answer, not lost in a thread's traceback
        result["send_error"] = str(e)


def send_and_sniff(pkt, a, result, on_packet, bpf="ip6"):
    """Send `pkt` once the capture runs; sniff until `on_packet` says done or the timeout."""
    started = threading.Event()

    def sender():
        started.wait(2)
        time.sleep(0.2)
        send_l3(pkt, result)

    threading.Thread(target=sender, daemon=True).start()
    sniff(iface=a.iface, filter=bpf, stop_filter=on_packet, timeout=a.timeout,
          started_callback=started.set, store=False)
    return result


def tunnelled(p, a):
    """The inner packet of an IPv6-in-IPv6 packet from the home agent to our CoA, or None."""
    if IPv6 not in p or p[IPv6].nh != 41 or p[IPv6].src != a.ha or \
            p[IPv6].dst != (a.reply_to or a.coa):
        return None
    inner = p[IPv6].payload
    return inner if isinstance(inner, IPv6) else None


def ping_through_tunnel(a):
    src = a.inner_src or a.home
    ident = 0x6d36
    pkt = IPv6(src=a.coa, dst=a.ha) / IPv6(src=src, dst=a.ping) / ICMPv6EchoRequest(id=ident, seq=1)
    result = {"reply": None, "sent": False}

    def on_packet(p):
        inner = tunnelled(p, a)
        if inner is None or ICMPv6EchoReply not in inner or inner[ICMPv6EchoReply].id != ident:
            return False
        result["reply"] = {"src": inner.src, "dst": inner.dst, "hlim": inner.hlim}
        return True

    return send_and_sniff(pkt, a, result, on_packet)


def respond_in_tunnel(a):
    result = {"answered": 0, "requests": []}

    def on_packet(p):
        inner = tunnelled(p, a)
        if inner is None or ICMPv6EchoRequest not in inner or inner.dst != a.home:
            return False
        req = inner[ICMPv6EchoRequest]
        result["requests"].append({"src": inner.src, "hlim": inner.hlim})
        reply = IPv6(src=a.coa, dst=a.ha) / IPv6(src=a.home, dst=inner.src) / \
            ICMPv6EchoReply(id=req.id, seq=req.seq, data=req.data)
        send_l3(reply, result)
        result["answered"] += 1
        return result["answered"] >= a.respond

    sniff(iface=a.iface, filter="ip6", stop_filter=on_packet, timeout=a.timeout, store=False)
    return result


def exchange(a):
    if a.ping:
        return ping_through_tunnel(a)
    if a.respond:
        return respond_in_tunnel(a)
    flags = ""     # Scapy names the BU flag bits; only A and H are used here
    if not a.no_ack:
        flags += "A"
    if not a.no_home_reg:
        flags += "H"
    opts = [MIP6OptAltCoA(acoa=a.alt_coa)] if a.alt_coa else []
    bu = MIP6MH_BU(seq=a.seq, flags=flags, mhtime=a.lifetime, options=opts)
    if a.bad_checksum:
        bu.cksum = 0x1234
    pkt = IPv6(src=a.coa, dst=a.ha) / IPv6ExtHdrDestOpt(options=[HAO(hoa=a.home)]) / bu
    result = {"ba": None, "sent": False}

    def on_packet(p):
        if MIP6MH_BA not in p:
            return False
        ba = p[MIP6MH_BA]
        rh = p.getlayer(IPv6ExtHdrRouting)
        adv = ba.getlayer(MIP6OptBRAdvice)
        result["ba"] = {
            "src": p[IPv6].src, "dst": p[IPv6].dst,
            "status": ba.status, "seq": ba.seq, "lifetime": ba.mhtime,
            "rh2_type": rh.type if rh is not None else None,
            "rh2_addr": (rh.addresses[0] if rh is not None and rh.addresses else None),
            "refresh_advice": adv.rinter if adv is not None else None,
        }
        return True

    return send_and_sniff(pkt, a, result, on_packet, "ip6 and src host %s" % a.ha)


if len(sys.argv) == 4 and sys.argv[1] == "--serve":
    with open(sys.argv[2]) as req, open(sys.argv[3], "w") as resp:
        for line in req:
            try:
                out = exchange(parser().parse_args(shlex.split(line)))
            except SystemExit:
                out = {"error": "bad request: " + line.strip()}
            resp.write(json.dumps(out) + "\n")
            resp.flush()
else:
    print(json.dumps(exchange(parser().parse_args())))
