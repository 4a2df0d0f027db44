#!/usr/bin/env python3
"""An independent mobile node for the selftests, written with Scapy and hashlib/hmac (no
project code): sends a Binding Update with a Home Address option from a care-of address and
reports the Binding Acknowledgement it gets back as one JSON line ({"ba": null} after the
timeout). Binding Updates are built as bytes here, so the RFC 4285 authenticator, the
option layout and the checksum are this file's own; Scapy sniffs the answers.

One request:  mn_peer.py --ha ADDR --home ADDR --coa ADDR --seq N --lifetime UNITS [...]
  --alt-coa ADDR       Alternate Care-of Address option (then the registered care-of address)
  --no-ack, --no-home-reg   clear the A / H flag;  --bad-checksum  a wrong MH checksum
  --spi N --key HEX    sign (RFC 4285): a Mobility Message Replay Protection option with the
                       current NTP time + --ts-offset SECONDS (float, default 0; left out with
                       --no-replay), then the MN-HA Mobility Message Authentication option
                       (subtype 1, SPI N, First(96, HMAC-SHA1(key, CoA | HoA | MH data)))
                       as the last option;  --bad-auth  flips one bit of the authenticator
  --replay-last        send the previous Binding Update's exact bytes again (its key and
                       addresses are used to verify the answer)
  The answer: {"ba": {"src", "dst", "status", "seq", "lifetime", "rh2_type", "rh2_addr",
  "refresh_advice", "cksum_ok", "auth": "ok"|"bad"|"none", "replay_ts": INT|null,
  "replay_offset": SECONDS|null (the BA's timestamp minus our clock),
  "bu_ts": INT|null (the BU's own timestamp)}|null, "sent": BOOL[, "send_error": TEXT]}
  "auth" is checked with --key over the (CoA, HoA) of the BU; "none" means the BA carries no
  MN-HA option.
Tunnel tests: --ping ADDR sends an echo request from the home address (or --inner-src)
              through the reverse tunnel (outer source --coa) and waits for the reply
              through the tunnel; --respond N answers N echo requests that arrive tunnelled
              to the home address;
              --tunnel-na TARGET --lladdr MAC sends through the reverse tunnel an unsolicited
              Neighbour Advertisement (override flag) from the home address to ff02::1, hop
              limit 255, for TARGET with MAC as its target link-layer address;
              --tunnel-ll sends through the reverse tunnel an echo request from a link-local
              source (fe80:: + the home address's interface identifier) to --ping (default
              --ha) and waits --timeout for a tunnelled reply.
Serve many:   mn_peer.py --serve REQ_FIFO RESP_FIFO  (one request per line, same options;
              Scapy is imported once, which matters in an emulated VM)
Host checks (no network, no Scapy):  mn_peer.py --print-bu [request options] prints the BU
              packet (hex) a request would send; mn_peer.py --check-ba HEX [request options]
              prints the answer for the IPv6 packet HEX taken as the BA to that request.
"""
import argparse
import hashlib
import hmac
import json
import shlex
import socket
import struct
import sys
import threading
import time

MH, ICMP6, DSTOPTS, ROUTING, HOPOPTS, FRAGMENT, NONE, IPIP6 = 135, 58, 60, 43, 0, 44, 59, 41
MH_BU, MH_BA = 5, 6
OPT_REFRESH_ADVICE, OPT_ALT_COA, OPT_AUTH, OPT_REPLAY = 2, 3, 9, 10
SUBTYPE_MN_HA, AUTH_LEN = 1, 12
NTP_UNIX = 2208988800

# The previous Binding Update (for --replay-last): its packet and what verifies its answer.
LAST = {}

scapy = None    # the Scapy names used for sniffing and the tunnel tests, once imported


def load_scapy():
    global scapy
    if scapy is None:
        from scapy import all as sa
        from scapy.layers import inet6
        sa.conf.verb = 0
        scapy = argparse.Namespace(sniff=sa.sniff, IPv6=inet6.IPv6, ICMPv6EchoRequest=inet6.ICMPv6EchoRequest,
                                   ICMPv6EchoReply=inet6.ICMPv6EchoReply)
    return scapy


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
    ap.add_argument("--spi", type=lambda s: int(s, 0))
    ap.add_argument("--key", type=bytes.fromhex)
    ap.add_argument("--ts-offset", type=float, default=0.0)
    ap.add_argument("--no-replay", action="store_true")
    ap.add_argument("--bad-auth", action="store_true")
    ap.add_argument("--replay-last", action="store_true")
    ap.add_argument("--tunnel-na", metavar="TARGET")
    ap.add_argument("--lladdr", metavar="MAC")
    ap.add_argument("--tunnel-ll", action="store_true")
    ap.add_argument("--iface", default="mn0")
    # Generous: the first exchange in the emulated debug VM competes with tcpdump's start-up.
    # A BA ends the wait at once, so only the "expect no answer" requests pay the timeout.
    ap.add_argument("--timeout", type=float, default=20.0)
    return ap


# ---- bytes ----------------------------------------------------------------------------

def a2b(addr):
    return socket.inet_pton(socket.AF_INET6, addr)


def b2a(b):
    return socket.inet_ntop(socket.AF_INET6, bytes(b))


def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def pseudo(src, dst, nh, length):
    return src + dst + struct.pack("!I", length) + b"\0\0\0" + bytes([nh])


def l4_checksum(src, dst, nh, payload):
    """RFC 8200 §8.1 over a payload whose checksum field is zero (src: the home address when
    there is a Home Address option; dst: the final destination)."""
    return (~csum16(pseudo(src, dst, nh, len(payload)) + payload)) & 0xFFFF


def ipv6(src, dst, nh, payload, hlim=64):
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, hlim) + src + dst + payload


def hao_dstopts(nh, home):
    """Destination Options header: PadN (2 octets of data), then the Home Address option
    (type 201) at 8n+6; 24 octets."""
    return bytes([nh, 2]) + b"\x01\x02\0\0" + b"\xc9\x10" + home


def ntp_now(offset=0.0):
    """The 64-bit NTP timestamp (RFC 5905: seconds since 1900, 32-bit binary fraction) of
    the wall clock plus `offset` seconds."""
    ns = time.time_ns() + int(round(offset * 1e9))
    secs, rem = divmod(ns, 10 ** 9)
    return ((secs + NTP_UNIX) << 32) | ((rem << 32) // 10 ** 9)


def pad(n):
    """n octets of padding: Pad1 or PadN (RFC 6275 §6.2.2)."""
    return b"" if n == 0 else b"\0" if n == 1 else bytes([1, n - 2]) + bytes(n - 2)


def align(body, x, y):
    """`body` (the Mobility Header after its 6-octet start) padded so that the next option
    starts at an offset x*n + y of the Mobility Header."""
    return body + pad((y - (6 + len(body))) % x)


def mn_ha_authenticator(key, coa, home, mh, at):
    """RFC 4285 §5.1: First(96, HMAC_SHA1(key, care-of address | home address | MH Data)),
    MH Data being the Mobility Header (Header Len long) with the checksum taken as zero and
    the 12 octets of Authentication Data at `at` left out."""
    data = mh[:4] + b"\0\0" + mh[6:at] + mh[at + AUTH_LEN:]
    return hmac.new(key, coa + home + data, hashlib.sha1).digest()[:AUTH_LEN]


def build_bu(a):
    """The BU packet for request `a`: (packet, context to verify its BA with)."""
    ha, home, coa = a2b(a.ha), a2b(a.home), a2b(a.coa)
    ts = None if a.key is None or a.no_replay else ntp_now(a.ts_offset)
    flags = (0 if a.no_ack else 0x8000) | (0 if a.no_home_reg else 0x4000)
    body = struct.pack("!HHH", a.seq & 0xFFFF, flags, a.lifetime & 0xFFFF)
    if a.alt_coa:
        body = align(body, 8, 6) + bytes([OPT_ALT_COA, 16]) + a2b(a.alt_coa)
    if ts is not None:
        body = align(body, 8, 2) + bytes([OPT_REPLAY, 8]) + struct.pack("!Q", ts)
    at = None
    if a.key is not None:
        # 4n+1, and placed so that the option (19 octets) ends the message on an 8-octet
        # boundary: nothing may follow it (RFC 4285 §5).
        body = align(body, 8, 5) + bytes([OPT_AUTH, 5 + AUTH_LEN, SUBTYPE_MN_HA]) + struct.pack("!I", a.spi or 0)
        at = 6 + len(body)
        body += bytes(AUTH_LEN)
    body = align(body, 8, 0)
    mh = bytes([NONE, (6 + len(body)) // 8 - 1, MH_BU, 0, 0, 0]) + body
    auth_coa = a2b(a.alt_coa) if a.alt_coa else coa
    if at is not None:
        auth = bytearray(mn_ha_authenticator(a.key, auth_coa, home, mh, at))
        if a.bad_auth:
            auth[7] ^= 0x04
        mh = mh[:at] + bytes(auth) + mh[at + AUTH_LEN:]
    c = 0x1234 if a.bad_checksum else l4_checksum(home, ha, MH, mh)
    mh = mh[:4] + struct.pack("!H", c) + mh[6:]
    pkt = ipv6(coa, ha, DSTOPTS, hao_dstopts(MH, home) + mh)
    return pkt, {"key": a.key, "spi": a.spi, "auth_coa": auth_coa, "home": home, "ha": ha, "bu_ts": ts}


def parse_ipv6(b):
    """Walk an IPv6 packet to its upper layer: a dict, or None if it is cut short."""
    if len(b) < 40 or b[0] >> 4 != 6:
        return None
    plen = struct.unpack("!H", b[4:6])[0]
    b = b[:40 + plen]
    p = {"src": b[8:24], "dst": b[24:40], "rh_type": None, "rh2": None, "hao": None}
    nh, off = b[6], 40
    while nh in (HOPOPTS, ROUTING, DSTOPTS, FRAGMENT):
        if off + 8 > len(b):
            return None
        hlen = 8 if nh == FRAGMENT else (b[off + 1] + 1) * 8
        if off + hlen > len(b):
            return None
        if nh == ROUTING and p["rh_type"] is None:
            p["rh_type"] = b[off + 2]
            if b[off + 2] == 2 and hlen == 24:
                p["rh2"] = b[off + 8:off + 24]
                p["rh2_segleft"] = b[off + 3]
        if nh == DSTOPTS:
            o = off + 2
            while o < off + hlen:
                if b[o] == 0:
                    o += 1
                    continue
                if o + 2 > off + hlen:
                    break
                if b[o] == 201 and b[o + 1] == 16:
                    p["hao"] = b[o + 2:o + 18]
                o += 2 + b[o + 1]
        nh, off = b[off], off + hlen
    p["proto"], p["l4"] = nh, b[off:]
    p["ck_src"] = p["hao"] or p["src"]
    p["ck_dst"] = p["rh2"] if p["rh2"] is not None and p.get("rh2_segleft") else p["dst"]
    if nh == MH:
        l4 = p["l4"]
        if len(l4) < 6 or (l4[1] + 1) * 8 > len(l4):
            p["proto"] = None
            return p
        p["mh"] = l4[:(l4[1] + 1) * 8]
        p["mh_type"] = l4[2]
        p["cksum_ok"] = csum16(pseudo(p["ck_src"], p["ck_dst"], MH, len(p["mh"])) + p["mh"]) == 0xFFFF
    return p


def mh_options(mh, start):
    """[(offset, type, data)] of the mobility options from `start` to the end of the MH,
    or None if one overruns it."""
    out, off = [], start
    while off < len(mh):
        if mh[off] == 0:
            out.append((off, 0, b""))
            off += 1
            continue
        if off + 2 > len(mh) or off + 2 + mh[off + 1] > len(mh):
            return None
        out.append((off, mh[off], mh[off + 2:off + 2 + mh[off + 1]]))
        off += 2 + mh[off + 1]
    return out


def ba_answer(p, ctx):
    """The JSON answer for a parsed BA `p` to the BU of context `ctx`."""
    m = p["mh"]
    opts = mh_options(m, 12) or []
    adv = next((d for _, t, d in opts if t == OPT_REFRESH_ADVICE and len(d) == 2), None)
    replay = next((d for _, t, d in opts if t == OPT_REPLAY and len(d) == 8), None)
    replay_ts = struct.unpack("!Q", replay)[0] if replay is not None else None
    return {
        "src": b2a(p["src"]), "dst": b2a(p["dst"]),
        "status": m[6], "seq": struct.unpack("!H", m[8:10])[0], "lifetime": struct.unpack("!H", m[10:12])[0],
        "rh2_type": p["rh_type"], "rh2_addr": b2a(p["rh2"]) if p["rh2"] is not None else None,
        "refresh_advice": struct.unpack("!H", adv)[0] if adv is not None else None,
        "cksum_ok": p["cksum_ok"],
        "auth": check_auth(m, opts, ctx),
        "replay_ts": replay_ts,
        "replay_offset": round((replay_ts - ntp_now()) / 2 ** 32, 3) if replay_ts is not None else None,
        "bu_ts": ctx["bu_ts"],
    }


def check_auth(mh, opts, ctx):
    """'none' without an MN-HA option; 'ok' if it is the last option, ends the message, has
    our SPI and 12 octets of Authentication Data that verify with our key over the BU's
    (CoA, HoA); 'bad' otherwise (also when we hold no key to check it with)."""
    found = [(o, d) for o, t, d in opts if t == OPT_AUTH and d[:1] == bytes([SUBTYPE_MN_HA])]
    if not found:
        return "none"
    off, data = found[0]
    if ctx["key"] is None or len(found) != 1 or off + 2 + len(data) != len(mh) or len(data) != 5 + AUTH_LEN:
        return "bad"
    if struct.unpack("!I", data[1:5])[0] != ctx["spi"]:
        return "bad"
    want = mn_ha_authenticator(ctx["key"], ctx["auth_coa"], ctx["home"], mh, off + 7)
    return "ok" if hmac.compare_digest(want, data[5:]) else "bad"


# ---- the network ----------------------------------------------------------------------

def send_raw(pkt, result):
    # A raw IPv6 socket, header included: the namespace's kernel routes the packet (Scapy's
    # own routing table is not namespace-aware) and leaves our extension headers untouched.
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        try:
            s.sendto(bytes(pkt), (b2a(bytes(pkt)[24:40]), 0))
        finally:
            s.close()
        result["sent"] = True
    except OSError as e:     # reported in the answer, not lost in a thread's traceback
        result["send_error"] = str(e)


def send_and_sniff(pkt, a, result, on_packet, bpf="ip6"):
    """Send `pkt` once the capture runs; sniff until `on_packet` says done or the timeout.
    `pkt` may be a function that makes the packet: it is called just before sending (a
    replay protection timestamp is taken as late as possible)."""
    started = threading.Event()

    def sender():
        started.wait(2)
        time.sleep(0.2)
        try:
            send_raw(pkt() if callable(pkt) else pkt, result)
        except Exception as e:      # reported, not lost in the thread
            result["send_error"] = "%s: %s" % (type(e).__name__, e)

    threading.Thread(target=sender, daemon=True).start()
    load_scapy().sniff(iface=a.iface, filter=bpf, stop_filter=on_packet, timeout=a.timeout,
                       started_callback=started.set, store=False)
    return result


def tunnelled(p, a):
    """The inner packet of an IPv6-in-IPv6 packet from the home agent to our CoA, or None."""
    IPv6 = load_scapy().IPv6
    if IPv6 not in p or p[IPv6].nh != 41 or p[IPv6].src != a.ha or \
            p[IPv6].dst != (a.reply_to or a.coa):
        return None
    inner = p[IPv6].payload
    return inner if isinstance(inner, IPv6) else None


def ping_through_tunnel(a, src=None):
    s = load_scapy()
    src = src or a.inner_src or a.home
    ident = 0x6d36
    pkt = s.IPv6(src=a.coa, dst=a.ha) / s.IPv6(src=src, dst=a.ping or a.ha) / s.ICMPv6EchoRequest(id=ident, seq=1)
    result = {"reply": None, "sent": False}

    def on_packet(p):
        inner = tunnelled(p, a)
        if inner is None or s.ICMPv6EchoReply not in inner or inner[s.ICMPv6EchoReply].id != ident:
            return False
        result["reply"] = {"src": inner.src, "dst": inner.dst, "hlim": inner.hlim}
        return True

    return send_and_sniff(pkt, a, result, on_packet)


def respond_in_tunnel(a):
    s = load_scapy()
    result = {"answered": 0, "requests": []}

    def on_packet(p):
        inner = tunnelled(p, a)
        if inner is None or s.ICMPv6EchoRequest not in inner or inner.dst != a.home:
            return False
        req = inner[s.ICMPv6EchoRequest]
        result["requests"].append({"src": inner.src, "hlim": inner.hlim})
        reply = s.IPv6(src=a.coa, dst=a.ha) / s.IPv6(src=a.home, dst=inner.src) / \
            s.ICMPv6EchoReply(id=req.id, seq=req.seq, data=req.data)
        send_raw(reply, result)
        result["answered"] += 1
        return result["answered"] >= a.respond

    s.sniff(iface=a.iface, filter="ip6", stop_filter=on_packet, timeout=a.timeout, store=False)
    return result


def tunnel_na(a):
    """An unsolicited override NA from the home address to all nodes (hop limit 255, as ND
    requires), inside IPv6-in-IPv6 from the care-of address to the home agent."""
    home, allnodes = a2b(a.home), a2b("ff02::1")
    mac = bytes.fromhex(a.lladdr.replace(":", ""))
    na = struct.pack("!BBHI", 136, 0, 0, 0x20000000) + a2b(a.tunnel_na) + bytes([2, 1]) + mac
    na = na[:2] + struct.pack("!H", l4_checksum(home, allnodes, ICMP6, na)) + na[4:]
    inner = ipv6(home, allnodes, ICMP6, na, hlim=255)
    result = {"sent": False}
    send_raw(ipv6(a2b(a.coa), a2b(a.ha), IPIP6, inner), result)
    return result


def link_local_of(home):
    return b2a(a2b("fe80::")[:8] + a2b(home)[8:])


def exchange(a):
    if a.tunnel_na:
        return tunnel_na(a)
    if a.tunnel_ll:
        return ping_through_tunnel(a, src=link_local_of(a.home))
    if a.ping:
        return ping_through_tunnel(a)
    if a.respond:
        return respond_in_tunnel(a)
    if a.replay_last and not LAST:
        return {"error": "--replay-last: no Binding Update sent before"}
    made = {}

    def make():
        if a.replay_last:
            made.update(LAST)
        else:
            pkt, ctx = build_bu(a)
            made.update(pkt=pkt, ctx=ctx)
            LAST.update(made)
        return made["pkt"]

    result = {"ba": None, "sent": False}

    def on_packet(frame):
        ctx = made.get("ctx")
        if ctx is None:
            return False        # nothing sent yet: an answer to something else
        raw = bytes(getattr(frame, "original", b"") or bytes(frame))
        if len(raw) < 14 or raw[12:14] != b"\x86\xdd":
            return False
        p = parse_ipv6(raw[14:])
        if p is None or p.get("mh_type") != MH_BA or len(p["mh"]) < 16:
            return False
        if p["rh2"] is not None and p["rh2"] != ctx["home"]:
            return False        # the answer to another home address (an earlier request)
        result["ba"] = ba_answer(p, ctx)
        return True

    return send_and_sniff(make, a, result, on_packet, "ip6 and src host %s" % a.ha)


def offline(argv):
    """--print-bu / --check-ba HEX: the host cross-check (rust/mip6/tests/python_rfc4285.rs)."""
    if argv[0] == "--print-bu":
        pkt, _ = build_bu(parser().parse_args(argv[1:]))
        print(pkt.hex())
        return
    a = parser().parse_args(argv[2:])
    _, ctx = build_bu(a)
    ctx["bu_ts"] = None
    p = parse_ipv6(bytes.fromhex(argv[1]))
    if p is None or p.get("mh_type") != MH_BA or len(p["mh"]) < 16:
        print(json.dumps({"ba": None, "error": "not a BA"}))
        return
    print(json.dumps({"ba": ba_answer(p, ctx)}))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        load_scapy()
        with open(sys.argv[2]) as req, open(sys.argv[3], "w") as resp:
            for line in req:
                try:
                    out = exchange(parser().parse_args(shlex.split(line)))
                except SystemExit:
                    out = {"error": "bad request: " + line.strip()}
                except Exception as e:      # one bad request must not end the peer
                    out = {"error": "%s: %s" % (type(e).__name__, e)}
                resp.write(json.dumps(out) + "\n")
                resp.flush()
    elif sys.argv[1:2] in (["--print-bu"], ["--check-ba"]):
        offline(sys.argv[1:])
    else:
        print(json.dumps(exchange(parser().parse_args())))


if __name__ == "__main__":
    main()
