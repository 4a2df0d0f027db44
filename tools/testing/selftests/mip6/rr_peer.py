#!/usr/bin/env python3
"""An independent mobile node for the correspondent node selftest (cn.sh), written with
Scapy and hashlib/hmac only (no project code): return routability (HoTI/CoTI -> HoT/CoT),
Binding Updates authorised with Kbm (RFC 6275 §5.2), and data packets with a Home Address
option, against our correspondent node. It holds the home and care-of addresses itself
(no home agent): the CN answers to them directly on the link.

Packets are built as bytes here (so the authenticator and checksums are ours, not Scapy's)
and sent on a raw IPv6 socket; Scapy sniffs the answers, which are parsed as bytes too.

Serve:  rr_peer.py --cn ADDR --home ADDR --coa ADDR [--iface mn0] --serve REQ_FIFO RESP_FIFO
        one request per line, one answer line per request (Scapy is imported only once):
  rr [--timeout S]                  HoTI from the home address, CoTI from the care-of address
      -> "ok HIDX CIDX" | "none MISSING... [(problems)]"
  bu --seq N --lifetime UNITS [--ack] [--bad-auth] [--dereg] [--home-index I|+D]
     [--coa-index I|+D] [--timeout S]   BU from the care-of address with a HAO, signed with
                                    the tokens of the last rr; +D: the last index plus D
      -> "STATUS SEQ LIFETIME BAD" (BAD: 1 verified, 0 present but wrong, - absent) | "none"
  echo [--home ADDR] [--no-hao] [--timeout S]   Echo Request from the care-of address
      -> "reply DST RH2ADDR|-" | "be STATUS HOMEADDR" | "none"
  mh-type T [--src ADDR] [--timeout S]   a Mobility Header of type T -> "be STATUS HOMEADDR" | "none"
  mh-badproto [--src ADDR] [--timeout S] a HoTI with Payload Proto 6 -> "pp CODE POINTER" | "none"
  brr [--timeout S] [--ping SECONDS]    wait for a Binding Refresh Request; with --ping, an
                                    Echo Request with the HAO from the care-of address once
                                    listening and every SECONDS meanwhile -> "brr" | "none"
  quit
A received message that is misaddressed or fails its checksum is never counted as the
answer: it is reported instead ("ba-misrouted DST RH2", "bad-checksum ...", ...).
Self-check on the host (no network):  rr_peer.py --selftest
"""
import argparse
import hashlib
import hmac
import os
import shlex
import socket
import struct
import sys
import threading
import time

MH, ICMP6, DSTOPTS, ROUTING, HOPOPTS, FRAGMENT, NONE = 135, 58, 60, 43, 0, 44, 59
BRR, HOTI, COTI, HOT, COT, BU, BA, BE = 0, 1, 2, 3, 4, 5, 6, 7
OPT_PADN, OPT_NONCE_INDICES, OPT_BAD = 1, 4, 5
AUTH_LEN = 12


def a2b(addr):
    return socket.inet_pton(socket.AF_INET6, addr)


def b2a(b):
    return socket.inet_ntop(socket.AF_INET6, bytes(b))


# ---- RFC 6275 §5.2 crypto -------------------------------------------------------------

def kbm(home_token, care_of_token=None):
    """Kbm = SHA1(home token | care-of token); SHA1(home token) for a deregistration."""
    return hashlib.sha1(home_token + (care_of_token or b"")).digest()


def authenticator(key, coa, cn, mh, at):
    """First(96, HMAC_SHA1(Kbm, care-of | correspondent | MH Data)): the Mobility Header
    (Header Len long) with its checksum taken as zero and the 12 authenticator octets at
    offset `at` left out (§5.2.6, §6.2.7)."""
    data = mh[:4] + b"\0\0" + mh[6:at] + mh[at + AUTH_LEN:]
    return hmac.new(key, coa + cn + data, hashlib.sha1).digest()[:AUTH_LEN]


# ---- wire formats ---------------------------------------------------------------------

def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def l4_checksum(src, dst, nh, payload):
    """Upper-layer checksum (RFC 8200 §8.1) over a payload whose checksum field is zero;
    src is the home address when there is a HAO, dst the final destination."""
    ph = src + dst + struct.pack("!I", len(payload)) + b"\0\0\0" + bytes([nh])
    return (~csum16(ph + payload)) & 0xFFFF


def l4_checksum_ok(src, dst, nh, payload):
    ph = src + dst + struct.pack("!I", len(payload)) + b"\0\0\0" + bytes([nh])
    return csum16(ph + payload) == 0xFFFF


def ipv6(src, dst, nh, payload, hlim=64):
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, hlim) + src + dst + payload


def hao_dstopts(nh, home):
    """Destination Options header: PadN(2 octets of data), then the Home Address option
    (type 201) at 8n+6; 24 octets."""
    return bytes([nh, 2]) + b"\x01\x02\0\0" + b"\xc9\x10" + home


def mh_bytes(mh_type, body, proto=NONE):
    """A Mobility Header with checksum 0: `body` follows the Checksum field and must make
    the whole a multiple of 8 octets."""
    total = 6 + len(body)
    assert total % 8 == 0 and total >= 8, total
    return bytes([proto, total // 8 - 1, mh_type, 0, 0, 0]) + body


def with_checksum(l4, off, src, dst, nh):
    c = l4_checksum(src, dst, nh, l4)
    return l4[:off] + struct.pack("!H", c) + l4[off + 2:]


def build_bu(seq, flags, lifetime, hidx, cidx):
    """BU body (§6.1.7) with Nonce Indices (2n) and Binding Authorization Data (8n+2, last,
    authenticator zero): 32 octets, no padding. Returns (mh, offset of the authenticator)."""
    body = struct.pack("!HHH", seq, flags, lifetime)
    body += bytes([OPT_NONCE_INDICES, 4]) + struct.pack("!HH", hidx, cidx)   # at offset 12
    body += bytes([OPT_BAD, AUTH_LEN]) + bytes(AUTH_LEN)                      # at offset 18
    mh = mh_bytes(BU, body)
    return mh, 20


def mh_options(mh, start):
    """[(offset, type, data)] of the mobility options from `start` to the end of the MH,
    or None if they overrun it."""
    out, off = [], start
    while off < len(mh):
        if mh[off] == 0:                   # Pad1
            out.append((off, 0, b""))
            off += 1
            continue
        if off + 2 > len(mh) or off + 2 + mh[off + 1] > len(mh):
            return None
        out.append((off, mh[off], mh[off + 2:off + 2 + mh[off + 1]]))
        off += 2 + mh[off + 1]
    return out


def parse_ipv6(b):
    """Walk an IPv6 packet to its upper layer. Returns a dict or None."""
    if len(b) < 40 or b[0] >> 4 != 6:
        return None
    plen = struct.unpack("!H", b[4:6])[0]
    b = b[:40 + plen]
    p = {"src": b[8:24], "dst": b[24:40], "rh2": None, "hao": None, "ip": b}
    nh, off = b[6], 40
    while nh in (HOPOPTS, ROUTING, DSTOPTS, FRAGMENT):
        if off + 8 > len(b):
            return None
        hlen = 8 if nh == FRAGMENT else (b[off + 1] + 1) * 8
        if off + hlen > len(b):
            return None
        if nh == ROUTING and b[off + 2] == 2 and hlen == 24:
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
    # checksum addresses (RFC 6275 §6.1.1, §6.3; RFC 8200 §8.1)
    p["ck_src"] = p["hao"] or p["src"]
    p["ck_dst"] = p["rh2"] if p["rh2"] is not None and p.get("rh2_segleft") else p["dst"]
    if nh == MH:
        l4 = p["l4"]
        if len(l4) < 6 or (l4[1] + 1) * 8 > len(l4):
            p["proto"] = None
            return p
        p["mh"] = l4[:(l4[1] + 1) * 8]
        p["mh_type"] = l4[2]
        p["cksum_ok"] = l4_checksum_ok(p["ck_src"], p["ck_dst"], MH, p["mh"])
    elif nh == ICMP6 and len(p["l4"]) >= 4:
        p["cksum_ok"] = l4_checksum_ok(p["ck_src"], p["ck_dst"], ICMP6, p["l4"])
    return p


def rh2_str(p):
    return b2a(p["rh2"]) if p["rh2"] is not None else "-"


# ---- the peer -------------------------------------------------------------------------

class Peer:
    def __init__(self, cn, home, coa, iface):
        self.cn, self.home, self.coa, self.iface = a2b(cn), a2b(home), a2b(coa), iface
        self.cn_s = cn
        self.tokens = None          # (hidx, home token, cidx, care-of token) of the last rr

    def send(self, pkt):
        # A raw IPv6 socket (header included): the namespace's kernel routes the packet and
        # leaves our extension headers alone.
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        try:
            s.sendto(pkt, (b2a(pkt[24:40]), 0))
        finally:
            s.close()

    def exchange(self, pkts, on_packet, timeout):
        """Send `pkts` once the capture runs; feed the CN's packets to `on_packet` (parsed)
        until it returns True or the timeout. Returns the send error, if any."""
        from scapy.all import sniff
        started = threading.Event()
        err = []

        def sender():
            started.wait(2)
            time.sleep(0.2)
            try:
                for p in pkts:
                    self.send(p)
            except OSError as e:
                err.append(str(e))

        def stop(frame):
            raw = bytes(getattr(frame, "original", b"") or bytes(frame))
            if len(raw) < 14 or raw[12:14] != b"\x86\xdd":
                return False
            p = parse_ipv6(raw[14:])
            return p is not None and p["src"] == self.cn and bool(on_packet(p))

        threading.Thread(target=sender, daemon=True).start()
        sniff(iface=self.iface, filter="ip6 and src host %s" % self.cn_s, stop_filter=stop,
              timeout=timeout, started_callback=started.set, store=False)
        return err[0] if err else None

    # -- requests --

    def rr(self, a):
        hc, cc = os.urandom(8), os.urandom(8)
        hoti = ipv6(self.home, self.cn, MH, with_checksum(mh_bytes(HOTI, b"\0\0" + hc), 4, self.home, self.cn, MH))
        coti = ipv6(self.coa, self.cn, MH, with_checksum(mh_bytes(COTI, b"\0\0" + cc), 4, self.coa, self.cn, MH))
        got, problems = {}, []

        def on(p):
            t = p.get("mh_type")
            if t not in (HOT, COT) or len(p["mh"]) < 24:
                return False
            name, cookie, to = ("HoT", hc, self.home) if t == HOT else ("CoT", cc, self.coa)
            mh = p["mh"]
            if mh[8:16] != cookie:
                return False
            if not p["cksum_ok"]:
                problems.append(name + " with a bad checksum")
            elif p["dst"] != to or p["rh2"] is not None:
                problems.append("%s to %s rh2 %s" % (name, b2a(p["dst"]), rh2_str(p)))
            else:
                got[name] = (struct.unpack("!H", mh[6:8])[0], mh[16:24])
            return len(got) == 2

        err = self.exchange([hoti, coti], on, a.timeout)
        if err:
            return "send-error " + err
        if len(got) == 2:
            (hi, ht), (ci, ct) = got["HoT"], got["CoT"]
            self.tokens = (hi, ht, ci, ct)
            return "ok %d %d" % (hi, ci)
        missing = [n for n in ("HoT", "CoT") if n not in got]
        return "none " + " ".join(missing) + (" (%s)" % "; ".join(problems) if problems else "")

    def bu(self, a):
        if self.tokens is None:
            return "error: no rr before bu"
        hi, ht, ci, ct = self.tokens

        def index(v, last):
            if v is None:
                return last
            return (last + int(v[1:])) & 0xFFFF if v.startswith("+") else int(v) & 0xFFFF

        lifetime = 0 if a.dereg else a.lifetime
        dereg = a.dereg or lifetime == 0
        key = kbm(ht, None if dereg else ct)
        flags = 0x8000 if a.ack else 0          # A; H, L, K clear: a correspondent registration
        mh, at = build_bu(a.seq, flags, lifetime, index(a.home_index, hi), index(a.coa_index, ci))
        auth = bytearray(authenticator(key, self.coa, self.cn, mh, at))
        if a.bad_auth:
            auth[5] ^= 0x10
        mh = mh[:at] + bytes(auth) + mh[at + AUTH_LEN:]
        mh = with_checksum(mh, 4, self.home, self.cn, MH)   # pseudo-header source: the HAO's
        pkt = ipv6(self.coa, self.cn, DSTOPTS, hao_dstopts(MH, self.home) + mh)
        res = []

        def on(p):
            if p.get("mh_type") != BA or len(p["mh"]) < 16:
                return False
            m = p["mh"]
            if not p["cksum_ok"]:
                res.append("bad-checksum BA")
            elif p["dst"] != self.coa or p["rh2"] != self.home or p.get("rh2_segleft") != 1:
                res.append("ba-misrouted %s %s" % (b2a(p["dst"]), rh2_str(p)))
            else:
                status, seq, life = m[6], struct.unpack("!H", m[8:10])[0], struct.unpack("!H", m[10:12])[0]
                res.append("%d %d %d %s" % (status, seq, life, self.check_bad(m, key)))
            return True

        err = self.exchange([pkt], on, a.timeout)
        if err:
            return "send-error " + err
        return res[0] if res else "none"

    def check_bad(self, mh, key):
        """'1' if the BA's Binding Authorization Data option (last option, at 8n+2, 12
        octets) verifies with our Kbm, '0' if present but not so, '-' if absent."""
        opts = mh_options(mh, 12)
        if opts is None:
            return "0"
        bads = [(o, d) for o, t, d in opts if t == OPT_BAD]
        if not bads:
            return "-"
        off, data = bads[-1]
        if len(bads) != 1 or opts[-1][0] != off or off % 8 != 2 or len(data) != AUTH_LEN:
            return "0"
        want = authenticator(key, self.coa, self.cn, mh, off + 2)
        return "1" if hmac.compare_digest(want, data) else "0"

    def be_answer(self, p, to):
        m = p["mh"]
        if len(m) < 24:
            return "be-short"
        if not p["cksum_ok"]:
            return "bad-checksum BE"
        if p["dst"] != to or p["rh2"] is not None:
            return "be-misrouted %s %s" % (b2a(p["dst"]), rh2_str(p))
        return "be %d %s" % (m[6], b2a(m[8:24]))

    def echo_request(self, src, hao, ident, seq):
        icmp = struct.pack("!BBHHH", 128, 0, 0, ident, seq) + b"rr_peer echo...."
        icmp = with_checksum(icmp, 2, hao or src, self.cn, ICMP6)
        if hao:
            return ipv6(src, self.cn, DSTOPTS, hao_dstopts(ICMP6, hao) + icmp)
        return ipv6(src, self.cn, ICMP6, icmp)

    def echo(self, a):
        hao = None if a.no_hao else a2b(a.home) if a.home else self.home
        ident = struct.unpack("!H", os.urandom(2))[0]
        pkt = self.echo_request(self.coa, hao, ident, 1)
        res = []

        def on(p):
            if p.get("mh_type") == BE:
                res.append(self.be_answer(p, self.coa))
                return True
            l4 = p["l4"]
            if p["proto"] != ICMP6 or len(l4) < 8 or l4[0] != 129 or struct.unpack("!H", l4[4:6])[0] != ident:
                return False
            res.append("%s %s %s" % ("reply" if p["cksum_ok"] else "reply-bad-checksum", b2a(p["dst"]), rh2_str(p)))
            return True

        err = self.exchange([pkt], on, a.timeout)
        if err:
            return "send-error " + err
        return res[0] if res else "none"

    def mh_type(self, a):
        src = a2b(a.src) if a.src else self.home
        mh = with_checksum(mh_bytes(a.type, bytes(10)), 4, src, self.cn, MH)   # Header Len 1
        res = []

        def on(p):
            if p.get("mh_type") == BE:
                res.append(self.be_answer(p, src))
                return True
            return False

        err = self.exchange([ipv6(src, self.cn, MH, mh)], on, a.timeout)
        if err:
            return "send-error " + err
        return res[0] if res else "none"

    def mh_badproto(self, a):
        src = a2b(a.src) if a.src else self.home
        cookie = os.urandom(8)
        hoti = with_checksum(mh_bytes(HOTI, b"\0\0" + cookie, proto=6), 4, src, self.cn, MH)
        pkt = ipv6(src, self.cn, MH, hoti)
        res = []

        def on(p):
            l4 = p["l4"]
            if p.get("mh_type") == HOT and p["mh"][8:16] == cookie:
                res.append("hot (the HoTI with Payload Proto 6 was answered)")
                return True
            if p["proto"] != ICMP6 or len(l4) < 8 or l4[0] != 4:
                return False
            inner = l4[8:]
            if inner[:40] != pkt[:40]:     # not about our packet
                return False
            res.append("pp %d %d" % (l4[1], struct.unpack("!I", l4[4:8])[0]) if p["cksum_ok"] else "bad-checksum pp")
            return True

        err = self.exchange([pkt], on, a.timeout)
        if err:
            return "send-error " + err
        return res[0] if res else "none"

    def brr(self, a):
        stop = threading.Event()
        res = []

        def pinger():
            n = 1
            while a.ping > 0 and not stop.wait(a.ping):
                try:
                    self.send(self.echo_request(self.coa, self.home, 0x7272, n))
                except OSError:
                    pass
                n += 1

        def on(p):
            if p.get("mh_type") != BRR:
                return False
            if not p["cksum_ok"]:
                res.append("bad-checksum BRR")
            elif p["dst"] != self.coa or p["rh2"] != self.home:
                res.append("brr-misrouted %s %s" % (b2a(p["dst"]), rh2_str(p)))
            else:
                res.append("brr")
            return True

        threading.Thread(target=pinger, daemon=True).start()
        first = [self.echo_request(self.coa, self.home, 0x7272, 0)] if a.ping > 0 else []
        try:
            err = self.exchange(first, on, a.timeout)
        finally:
            stop.set()
        if err:
            return "send-error " + err
        return res[0] if res else "none"


def request_parser():
    ap = argparse.ArgumentParser(prog="request", add_help=False)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("rr", add_help=False)
    r.add_argument("--timeout", type=float, default=20.0)
    b = sub.add_parser("bu", add_help=False)
    b.add_argument("--seq", type=int, required=True)
    b.add_argument("--lifetime", type=int, default=0)
    b.add_argument("--ack", action="store_true")
    b.add_argument("--bad-auth", action="store_true")
    b.add_argument("--dereg", action="store_true")
    b.add_argument("--home-index")
    b.add_argument("--coa-index")
    b.add_argument("--timeout", type=float, default=20.0)
    e = sub.add_parser("echo", add_help=False)
    e.add_argument("--home")
    e.add_argument("--no-hao", action="store_true")
    e.add_argument("--timeout", type=float, default=20.0)
    m = sub.add_parser("mh-type", add_help=False)
    m.add_argument("type", type=int)
    m.add_argument("--src")
    m.add_argument("--timeout", type=float, default=20.0)
    bp = sub.add_parser("mh-badproto", add_help=False)
    bp.add_argument("--src")
    bp.add_argument("--timeout", type=float, default=20.0)
    q = sub.add_parser("brr", add_help=False)
    q.add_argument("--timeout", type=float, default=20.0)
    q.add_argument("--ping", type=float, default=0.0)
    sub.add_parser("quit", add_help=False)
    return ap


def serve(peer, req_path, resp_path):
    handlers = {"rr": peer.rr, "bu": peer.bu, "echo": peer.echo, "mh-type": peer.mh_type,
                "mh-badproto": peer.mh_badproto, "brr": peer.brr}
    with open(req_path) as req, open(resp_path, "w") as resp:
        for line in req:
            if not line.strip():
                continue
            try:
                a = request_parser().parse_args(shlex.split(line))
            except (SystemExit, ValueError):
                a, out = None, "error: bad request: " + line.strip()
            if a is not None and a.cmd == "quit":
                resp.write("bye\n")
                resp.flush()
                return
            if a is not None:
                try:
                    out = handlers[a.cmd](a)
                except Exception as e:          # one answer line per request, always
                    out = "error: %s: %s" % (type(e).__name__, e)
            resp.write(out.replace("\n", " ") + "\n")
            resp.flush()


# ---- host self-check: our bytes against Scapy's dissectors and checksum code ----------

def selftest():
    import logging
    logging.getLogger("scapy").setLevel(logging.ERROR)
    from scapy.layers.inet6 import (HAO, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BU,
                                    MIP6MH_HoTI, MIP6OptBindingAuthData, MIP6OptNonceIndices, ICMPv6EchoRequest)
    cn, home, coa = a2b("fec0:106:2000::100"), a2b("fec0:106:2000::4"), a2b("fec0:106:2000::10")
    ht, ct = bytes(range(8)), bytes(range(8, 16))
    key = kbm(ht, ct)
    assert key == hashlib.sha1(ht + ct).digest() and kbm(ht) == hashlib.sha1(ht).digest()
    mh, at = build_bu(7, 0x8000, 8, 3, 4)
    mh = mh[:at] + authenticator(key, coa, cn, mh, at) + mh[at + 12:]
    mh = with_checksum(mh, 4, home, cn, MH)
    pkt = ipv6(coa, cn, DSTOPTS, hao_dstopts(MH, home) + mh)
    s = IPv6(pkt)
    bu = s[MIP6MH_BU]
    assert s[HAO].hoa == "fec0:106:2000::4" and bu.seq == 7 and bu.mhtime == 8 and bu.len == 3
    assert bu.flags.A and not bu.flags.H and bytes(bu)[8:10] == b"\x80\0", bu.flags
    ni, bad = bu[MIP6OptNonceIndices], bu[MIP6OptBindingAuthData]
    assert (ni.hni, ni.coni) == (3, 4)
    assert bad.authenticator.to_bytes(12, "big") == mh[at:at + 12]
    assert parse_ipv6(pkt)["cksum_ok"] and parse_ipv6(pkt)["hao"] == home
    # Scapy builds the same bytes, checksum included (its pseudo-header takes the source
    # from a HAO that is the Destination Options header's only option, as ours is).
    sc = IPv6(src="fec0:106:2000::10", dst="fec0:106:2000::100") / \
        IPv6ExtHdrDestOpt(options=[HAO(hoa="fec0:106:2000::4")]) / \
        MIP6MH_BU(seq=7, flags="A", mhtime=8, options=[
            MIP6OptNonceIndices(olen=4, hni=3, coni=4),
            MIP6OptBindingAuthData(olen=12, authenticator=int.from_bytes(mh[at:at + 12], "big"))])
    assert bytes(sc) == pkt, "Scapy's BU differs:\n%s\n%s" % (bytes(sc).hex(), pkt.hex())
    # the authenticator covers everything but itself and the checksum
    auth = authenticator(key, coa, cn, mh, at)
    flipped = bytearray(mh)
    flipped[4] ^= 0xFF
    assert authenticator(key, coa, cn, bytes(flipped), at) == auth
    flipped[8] ^= 1
    assert authenticator(key, coa, cn, bytes(flipped), at) != auth
    assert authenticator(key, cn, coa, mh, at) != auth
    # a BA as a CN would send it (PadN 4 to reach 8n+2), checked by check_bad
    ba = MIP6MH_BA(status=0, seq=7, mhtime=8, options=[MIP6OptBindingAuthData(olen=12, authenticator=0)])
    bab = bytearray(bytes(IPv6(src="fec0:106:2000::100", dst="fec0:106:2000::10") /
                          IPv6ExtHdrRouting(type=2, segleft=1, addresses=["fec0:106:2000::4"]) / ba))
    p = parse_ipv6(bytes(bab))
    assert p["rh2"] == home and p["mh_type"] == BA and p["cksum_ok"], p
    off = 40 + 24
    bam = bytes(p["mh"])
    opts = mh_options(bam, 12)
    assert opts[-1][1] == OPT_BAD and opts[-1][0] == 18, opts
    good = authenticator(key, coa, cn, bam, 20)
    bab[off + 20:off + 32] = good
    peer = Peer("fec0:106:2000::100", "fec0:106:2000::4", "fec0:106:2000::10", "lo")
    assert peer.check_bad(bytes(bab[off:off + len(bam)]), key) == "1"
    assert peer.check_bad(bytes(bab[off:off + len(bam)]), kbm(ht)) == "0"
    assert peer.check_bad(bytes(MIP6MH_BA(status=136, seq=7)), key) == "-"
    # HoTI and echo request bytes as Scapy sees them
    hoti = ipv6(home, cn, MH, with_checksum(mh_bytes(HOTI, b"\0\0" + b"\x11" * 8), 4, home, cn, MH))
    h = IPv6(hoti)
    assert h[MIP6MH_HoTI].cookie == b"\x11" * 8 and parse_ipv6(hoti)["cksum_ok"]
    h[MIP6MH_HoTI].cksum = None
    assert bytes(h) == hoti
    er = peer.echo_request(coa, home, 0x1234, 1)
    sc = IPv6(src="fec0:106:2000::10", dst="fec0:106:2000::100") / \
        IPv6ExtHdrDestOpt(options=[HAO(hoa="fec0:106:2000::4")]) / \
        ICMPv6EchoRequest(id=0x1234, seq=1, data=er[-16:])
    assert bytes(sc) == er, "Scapy's echo request differs (checksum with the home address?)"
    assert parse_ipv6(er)["cksum_ok"] and parse_ipv6(peer.echo_request(coa, None, 1, 1))["cksum_ok"]
    bp = with_checksum(mh_bytes(HOTI, b"\0\0" + bytes(8), proto=6), 4, home, cn, MH)
    assert ipv6(home, cn, MH, bp)[40] == 6      # Payload Proto at offset 40 of the packet
    print("rr_peer selftest: ok")


def main():
    if sys.argv[1:] == ["--selftest"]:
        selftest()
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--cn", required=True)
    ap.add_argument("--home", required=True)
    ap.add_argument("--coa", required=True)
    ap.add_argument("--iface", default="mn0")
    ap.add_argument("--serve", nargs=2, metavar=("REQ_FIFO", "RESP_FIFO"), required=True)
    a = ap.parse_args()
    from scapy.all import conf
    conf.verb = 0
    serve(Peer(a.cn, a.home, a.coa, a.iface), *a.serve)


if __name__ == "__main__":
    main()
