//! `storm`: malformed packets, built deterministically (a seeded PRNG) from templates, for
//! a node's Mobile IPv6 receive paths: extension headers cut short or overlong, Home
//! Address options where they do not belong, broken type 2 routing headers, nested
//! tunnels, fragments that split the extension headers, Mobility Headers with bad lengths,
//! checksums, types and options, and random byte flips of valid Binding Updates and
//! Home Test Inits. Each template returns the packets (IPv6 header included) of one case.

use mip6::checksum::{checksum, NEXT_HEADER_ICMPV6, NEXT_HEADER_MOBILITY};
use mip6::mh::{BindingUpdate, Message, Repr};
use mip6::mhopt::MsgAuth;

const HBH: u8 = 0;
const ROUTING: u8 = 43;
const FRAGMENT: u8 = 44;
const DSTOPTS: u8 = 60;
const IPV6: u8 = 41;
const NONE: u8 = 59;
const MH: u8 = NEXT_HEADER_MOBILITY;
const ICMP6: u8 = NEXT_HEADER_ICMPV6;
const HAO: u8 = 201;

/// xorshift64*: deterministic for a seed.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.byte()).collect()
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len())]
    }
}

/// The addresses a storm uses: source, destination and the home address put in Home
/// Address options and type 2 routing headers.
pub struct Ctx {
    /// IPv6 source of the outer packets.
    pub src: [u8; 16],
    /// Where the packets go.
    pub dst: [u8; 16],
    /// The home address the options carry.
    pub home: [u8; 16],
}

/// A packet being built: the IPv6 header's fields and a chain of headers, each starting with
/// its Next Header octet (filled in by [`assemble`]).
struct Part {
    proto: u8,
    bytes: Vec<u8>,
}

fn part(proto: u8, bytes: Vec<u8>) -> Part {
    Part { proto, bytes }
}

/// IPv6 header + parts; each part's first octet is set to the next part's protocol (the
/// last one's to `last_nh`) unless the part is the upper layer (no Next Header field:
/// Mobility Header's Payload Proto is not a chain link, ICMPv6 has none).
fn assemble(src: &[u8; 16], dst: &[u8; 16], parts: &mut [Part], hlim: u8) -> Vec<u8> {
    for i in 0..parts.len() {
        let next = parts.get(i + 1).map_or(NONE, |p| p.proto);
        let p = &mut parts[i];
        if matches!(p.proto, HBH | ROUTING | DSTOPTS | FRAGMENT) && !p.bytes.is_empty() {
            p.bytes[0] = next;
        }
    }
    let payload: Vec<u8> = parts.iter().flat_map(|p| p.bytes.iter().copied()).collect();
    let first = parts.first().map_or(NONE, |p| p.proto);
    let mut out = Vec::with_capacity(40 + payload.len());
    out.extend_from_slice(&[0x60, 0, 0, 0]);
    out.extend_from_slice(&(payload.len().min(0xffff) as u16).to_be_bytes());
    out.extend_from_slice(&[first, hlim]);
    out.extend_from_slice(src);
    out.extend_from_slice(dst);
    out.extend_from_slice(&payload);
    out
}

/// Destination Options (or Hop-by-Hop) header holding the option bytes `opts`, padded with
/// PadN to a multiple of 8 (the Next Header octet is filled in by `assemble`).
fn opts_header(proto: u8, opts: &[u8]) -> Part {
    let mut b = vec![0u8, 0];
    b.extend_from_slice(opts);
    let pad = (8 - b.len() % 8) % 8;
    match pad {
        0 => {}
        1 => b.push(0),
        n => {
            b.push(1);
            b.push((n - 2) as u8);
            b.extend(std::iter::repeat_n(0, n - 2));
        }
    }
    b[1] = (b.len() / 8 - 1) as u8;
    part(proto, b)
}

/// PadN(2) + the Home Address option at 8n+6.
fn hao_opts(home: &[u8; 16]) -> Vec<u8> {
    let mut o = vec![1, 2, 0, 0, HAO, 16];
    o.extend_from_slice(home);
    o
}

fn rh2(home: &[u8; 16], segleft: u8) -> Part {
    let mut b = vec![0, 2, 2, segleft, 0, 0, 0, 0];
    b.extend_from_slice(home);
    part(ROUTING, b)
}

fn fragment(offset8: u16, more: bool, id: u32) -> Part {
    let mut b = vec![0, 0];
    b.extend_from_slice(&((offset8 << 3) | u16::from(more)).to_be_bytes());
    b.extend_from_slice(&id.to_be_bytes());
    part(FRAGMENT, b)
}

/// A valid Binding Update (A, H, lifetime) with the checksum over `psrc`/`pdst`, and with
/// some of the RFC 4285 options (random authenticator) or an Alternate CoA.
fn bu(r: &mut Rng, psrc: &[u8; 16], pdst: &[u8; 16]) -> Vec<u8> {
    let data = r.bytes(12);
    let mut repr = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: r.next() as u16,
        ack: r.below(4) != 0,
        home_reg: r.below(4) != 0,
        lifetime: r.pick(&[0, 1, 25, 0xffff]),
        ..Default::default()
    }));
    match r.below(4) {
        0 => {}
        1 => repr.options.alt_coa = Some(*psrc),
        2 => repr.options.refresh_advice = Some(r.next() as u16),
        _ => {
            repr.options.replay = Some(r.next());
            repr.options.msg_auth = Some(MsgAuth {
                subtype: 1,
                spi: 256 + r.below(4) as u32,
                data: &data,
            });
        }
    }
    let mut buf = [0u8; 128];
    let n = repr.emit(&mut buf, psrc, pdst).unwrap_or(0);
    buf[..n].to_vec()
}

/// A Mobility Header with any type/body, its checksum right for `psrc`/`pdst`.
fn mh_raw(
    proto: u8,
    hlen: u8,
    mh_type: u8,
    body: &[u8],
    psrc: &[u8; 16],
    pdst: &[u8; 16],
) -> Vec<u8> {
    let mut m = vec![proto, hlen, mh_type, 0, 0, 0];
    m.extend_from_slice(body);
    fix_mh_checksum(&mut m, psrc, pdst);
    m
}

fn fix_mh_checksum(m: &mut [u8], psrc: &[u8; 16], pdst: &[u8; 16]) {
    if m.len() >= 6 {
        m[4] = 0;
        m[5] = 0;
        let c = checksum(psrc, pdst, MH, m);
        m[4..6].copy_from_slice(&c.to_be_bytes());
    }
}

fn echo(r: &mut Rng, src: &[u8; 16], dst: &[u8; 16]) -> Vec<u8> {
    let mut m = vec![128, 0, 0, 0];
    m.extend_from_slice(&(r.next() as u32).to_be_bytes());
    m.extend_from_slice(&r.bytes(8));
    let c = checksum(src, dst, ICMP6, &m);
    m[2..4].copy_from_slice(&c.to_be_bytes());
    m
}

/// Addresses no Home Address option may carry.
fn bad_home(r: &mut Rng, c: &Ctx) -> [u8; 16] {
    let mut a = [0u8; 16];
    match r.below(7) {
        0 => a[0] = 0xff, // multicast ff00::
        1 => {
            a[0] = 0xfe;
            a[1] = 0x80;
            a[15] = 4;
        }
        2 => {}
        3 => a[15] = 1,
        4 => a = c.dst,
        5 => {
            a[10] = 0xff;
            a[11] = 0xff;
            a[12..].copy_from_slice(&[192, 0, 2, 1]);
        }
        _ => {
            a = c.home;
            a[8..].fill(0); // subnet-router anycast
        }
    }
    a
}

/// Builds the packets of one case.
pub type Template = fn(&mut Rng, &Ctx) -> Vec<Vec<u8>>;

/// The templates, by name.
pub const TEMPLATES: &[(&str, Template)] = &[
    ("ext_truncated", ext_truncated),
    ("ext_overlong_option", ext_overlong_option),
    ("hao_in_hop_by_hop", hao_in_hop_by_hop),
    ("hao_twice_one_header", hao_twice_one_header),
    ("hao_two_headers", hao_two_headers),
    ("hao_after_routing_header", hao_after_routing_header),
    ("hao_before_rh2", hao_before_rh2),
    ("hao_after_fragment", hao_after_fragment),
    ("hao_bad_length", hao_bad_length),
    ("hao_misaligned", hao_misaligned),
    ("hao_bad_address", hao_bad_address),
    ("rh2_segleft_0", rh2_segleft_0),
    ("rh2_segleft_2", rh2_segleft_2),
    ("rh2_bad_length", rh2_bad_length),
    ("rh2_twice", rh2_twice),
    ("tunnel_nested", tunnel_nested),
    ("fragments_split_ext", fragments_split_ext),
    ("mh_bad_header_len", mh_bad_header_len),
    ("mh_bad_checksum", mh_bad_checksum),
    ("mh_bad_type_or_proto", mh_bad_type_or_proto),
    ("mh_truncated_option", mh_truncated_option),
    ("mh_cut_short", mh_cut_short),
    ("flip_bu", flip_bu),
    ("flip_hoti", flip_hoti),
    ("random_chain", random_chain),
];

/// A BU with a HAO as the upper part of a chain: (dest options, MH).
fn hao_bu(r: &mut Rng, c: &Ctx) -> Vec<Part> {
    vec![
        opts_header(DSTOPTS, &hao_opts(&c.home)),
        part(MH, bu(r, &c.home, &c.dst)),
    ]
}

fn ext_truncated(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let proto = r.pick(&[HBH, DSTOPTS, ROUTING]);
    let claimed = r.range(1, 255);
    let mut b = vec![0u8, claimed as u8];
    if proto == ROUTING {
        b.extend_from_slice(&[2, 1]);
    }
    let have = r.range(0, (claimed * 8).min(600));
    let body = r.bytes(have);
    b.extend_from_slice(&body);
    // What follows (never reached): a BU.
    let mut parts = vec![part(proto, b)];
    parts.extend(hao_bu(r, c));
    let mut p = assemble(&c.src, &c.dst, &mut parts, 64);
    let cut = 40 + 2 + r.below(claimed * 8 + 8);
    p.truncate(cut.max(42));
    vec![p]
}

fn ext_overlong_option(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    // An option whose length runs past the end of its header.
    let proto = r.pick(&[HBH, DSTOPTS]);
    let kind = r.pick(&[1, HAO, 0xc2, 0x1e, 0x05]);
    let mut opts = vec![kind, r.range(7, 255) as u8];
    opts.extend_from_slice(&r.bytes(4));
    let mut hdr = opts_header(proto, &opts);
    // Cut the padding so the option is what ends the header.
    let blen = hdr.bytes.len();
    hdr.bytes.truncate(blen.min(8));
    hdr.bytes[1] = 0;
    let mut parts = vec![hdr];
    parts.extend(hao_bu(r, c));
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_in_hop_by_hop(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let mut parts = vec![opts_header(HBH, &hao_opts(&c.home))];
    if r.coin() {
        parts.extend(hao_bu(r, c));
    } else {
        parts.push(part(MH, bu(r, &c.home, &c.dst)));
    }
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_twice_one_header(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let mut o = hao_opts(&c.home);
    o.extend_from_slice(&[1, 4, 0, 0, 0, 0, HAO, 16]);
    o.extend_from_slice(&if r.coin() { c.home } else { bad_home(r, c) });
    let mut parts = vec![opts_header(DSTOPTS, &o), part(MH, bu(r, &c.home, &c.dst))];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_two_headers(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let second = if r.coin() { c.src } else { c.home };
    let mut parts = vec![
        opts_header(DSTOPTS, &hao_opts(&c.home)),
        opts_header(DSTOPTS, &hao_opts(&second)),
        part(MH, bu(r, &c.home, &c.dst)),
    ];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_after_routing_header(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    // A routing header of another type (0, deprecated; 4, SRH-like) before the HAO.
    let t = r.pick(&[0u8, 4, 253]);
    let segleft = r.below(2) as u8;
    let mut b = vec![0, 2, t, segleft, 0, 0, 0, 0];
    b.extend_from_slice(&c.home);
    let mut parts = vec![part(ROUTING, b)];
    parts.extend(hao_bu(r, c));
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_before_rh2(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let segleft = r.below(2) as u8;
    let mut parts = vec![
        opts_header(DSTOPTS, &hao_opts(&c.home)),
        rh2(&c.home, segleft),
        part(MH, bu(r, &c.home, &c.dst)),
    ];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_after_fragment(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    // An atomic fragment (offset 0, M clear) with the HAO behind the Fragment header.
    let mut parts = vec![fragment(0, false, r.next() as u32)];
    parts.extend(hao_bu(r, c));
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_bad_length(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let len = r.pick(&[0u8, 1, 8, 15, 17, 24, 40]);
    let mut o = vec![1, 2, 0, 0, HAO, len];
    o.extend_from_slice(&c.home);
    o.extend_from_slice(&r.bytes(usize::from(len).saturating_sub(16)));
    let mut parts = vec![opts_header(DSTOPTS, &o), part(MH, bu(r, &c.home, &c.dst))];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_misaligned(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let lead = r.pick(&[0usize, 1, 3, 5]);
    let mut o = match lead {
        0 => vec![],
        1 => vec![0],
        n => {
            let mut v = vec![1, (n - 2) as u8];
            v.extend(std::iter::repeat_n(0, n - 2));
            v
        }
    };
    o.extend_from_slice(&[HAO, 16]);
    o.extend_from_slice(&c.home);
    let mut parts = vec![opts_header(DSTOPTS, &o), part(MH, bu(r, &c.home, &c.dst))];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn hao_bad_address(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let home = bad_home(r, c);
    let upper = if r.coin() {
        part(MH, bu(r, &home, &c.dst))
    } else {
        part(ICMP6, echo(r, &home, &c.dst))
    };
    let mut parts = vec![opts_header(DSTOPTS, &hao_opts(&home)), upper];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn rh2_upper(r: &mut Rng, c: &Ctx) -> Part {
    if r.coin() {
        part(ICMP6, echo(r, &c.src, &c.home))
    } else {
        let t = r.pick(&[6u8, 7, 0]);
        let body = r.bytes(10);
        part(MH, mh_raw(NONE, 1, t, &body, &c.src, &c.home))
    }
}

fn rh2_segleft_0(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let mut parts = vec![rh2(&c.home, 0), rh2_upper(r, c)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn rh2_segleft_2(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let mut parts = vec![rh2(&c.home, 2), rh2_upper(r, c)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn rh2_bad_length(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let hlen = r.pick(&[0u8, 1, 3, 4]);
    let mut b = vec![0, hlen, 2, 1, 0, 0, 0, 0];
    for _ in 0..hlen {
        b.extend_from_slice(&c.home[..8]);
    }
    let mut parts = vec![part(ROUTING, b), rh2_upper(r, c)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn rh2_twice(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let other = if r.coin() { c.src } else { bad_home(r, c) };
    let mut parts = vec![
        rh2(&c.home, 1),
        rh2(&other, r.below(2) as u8),
        rh2_upper(r, c),
    ];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn tunnel_nested(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let depth = r.range(2, 6);
    // Innermost: a BU with a HAO, an echo from the home address, or ND from the home link.
    let mut pkt = match r.below(3) {
        0 => {
            let mut parts = hao_bu(r, c);
            assemble(&c.src, &c.dst, &mut parts, 64)
        }
        1 => {
            let mut parts = vec![part(ICMP6, echo(r, &c.home, &c.dst))];
            assemble(&c.home, &c.dst, &mut parts, 64)
        }
        _ => {
            let mut na = vec![136, 0, 0, 0, 0x20, 0, 0, 0];
            na.extend_from_slice(&c.dst);
            na.extend_from_slice(&[2, 1, 2, 0, 0, 0, 0, 1]);
            let all = {
                let mut a = [0u8; 16];
                a[0] = 0xff;
                a[1] = 2;
                a[15] = 1;
                a
            };
            let ck = checksum(&c.home, &all, ICMP6, &na);
            na[2..4].copy_from_slice(&ck.to_be_bytes());
            assemble(&c.home, &all, &mut [part(ICMP6, na)], 255)
        }
    };
    for level in 1..depth {
        let (s, d) = if level + 1 == depth {
            (c.src, c.dst)
        } else {
            (c.home, c.dst)
        };
        let mut outer = assemble(&s, &d, &mut [part(IPV6, pkt.clone())], 64);
        if r.below(4) == 0 {
            // The inner packet's own payload length disagrees with what it carries.
            let l = 40 + 4;
            if outer.len() > l + 2 {
                let v = r.next() as u16;
                outer[l..l + 2].copy_from_slice(&v.to_be_bytes());
            }
        }
        pkt = outer;
    }
    if r.below(3) == 0 {
        let cut = r.range(40, pkt.len());
        pkt.truncate(cut);
    }
    vec![pkt]
}

fn fragments_split_ext(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    // Fragmentable part: destination options (HAO), maybe an RH2 again, and a BU.
    let mut tail = vec![opts_header(DSTOPTS, &hao_opts(&c.home))];
    if r.coin() {
        tail.push(opts_header(
            DSTOPTS,
            &[1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
    }
    tail.push(part(MH, bu(r, &c.home, &c.dst)));
    for i in 0..tail.len() {
        let next = tail.get(i + 1).map_or(NONE, |p| p.proto);
        if tail[i].proto == DSTOPTS {
            tail[i].bytes[0] = next;
        }
    }
    let first_nh = tail[0].proto;
    let data: Vec<u8> = tail.iter().flat_map(|p| p.bytes.iter().copied()).collect();
    let id = r.next() as u32;
    // Split inside the extension headers (8-octet units).
    let split = 8 * r.range(1, (data.len() / 8).saturating_sub(1).max(1));
    let frag = |off: usize, more: bool, chunk: &[u8]| {
        let mut p = Vec::with_capacity(48 + chunk.len());
        p.extend_from_slice(&[0x60, 0, 0, 0]);
        p.extend_from_slice(&((8 + chunk.len()) as u16).to_be_bytes());
        p.extend_from_slice(&[FRAGMENT, 64]);
        p.extend_from_slice(&c.src);
        p.extend_from_slice(&c.dst);
        p.extend_from_slice(&[first_nh, 0]);
        p.extend_from_slice(&((((off / 8) as u16) << 3) | u16::from(more)).to_be_bytes());
        p.extend_from_slice(&id.to_be_bytes());
        p.extend_from_slice(chunk);
        p
    };
    let (a, b) = data.split_at(split.min(data.len()));
    let mut out = vec![frag(0, true, a)];
    match r.below(4) {
        0 => {}                                                    // the rest never comes
        1 => out.push(frag(split - 8, false, &data[split - 8..])), // overlapping
        _ => out.push(frag(split, false, b)),
    }
    if r.coin() {
        out.reverse();
    }
    out
}

fn mh_bad_header_len(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let mut m = bu(r, &c.home, &c.dst);
    let right = m[1];
    let mut v = r.byte();
    if v == right {
        v = v.wrapping_add(1);
    }
    m[1] = v;
    if r.coin() {
        // Not a multiple of 8 octets either.
        let n = m.len() - r.range(1, 7);
        m.truncate(n);
    }
    fix_mh_checksum(&mut m, &c.home, &c.dst);
    let mut parts = vec![opts_header(DSTOPTS, &hao_opts(&c.home)), part(MH, m)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn mh_bad_checksum(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let mut m = bu(r, &c.home, &c.dst);
    let x = (r.next() as u16).max(1);
    let ck = u16::from_be_bytes([m[4], m[5]]) ^ x;
    m[4..6].copy_from_slice(&ck.to_be_bytes());
    // Or a checksum right for other pseudo-header addresses (the source, not the HAO's).
    if r.coin() {
        fix_mh_checksum(&mut m, &c.src, &c.dst);
    }
    let mut parts = vec![opts_header(DSTOPTS, &hao_opts(&c.home)), part(MH, m)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn mh_bad_type_or_proto(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let (proto, t) = if r.coin() {
        (NONE, r.range(8, 255) as u8)
    } else {
        (r.pick(&[6u8, 17, 58, 135, 0]), r.range(0, 7) as u8)
    };
    let k = r.below(3);
    let body = r.bytes(10 + 8 * k);
    let m = mh_raw(proto, (body.len() / 8) as u8, t, &body, &c.home, &c.dst);
    let mut parts = vec![opts_header(DSTOPTS, &hao_opts(&c.home)), part(MH, m)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn mh_truncated_option(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    // A BU body with one broken option at the end of the options area.
    let mut body = vec![0, 1, 0xc0, 0, 0, 25];
    let opt: Vec<u8> = match r.below(6) {
        0 => vec![9, 3, 1, 0, 0],              // MN-HA shorter than subtype + SPI
        1 => vec![10, 7, 1, 2, 3, 4, 5, 6, 7], // replay protection of 7 octets
        2 => [vec![3, 15], c.home[..15].to_vec()].concat(), // alternate CoA of 15
        3 => vec![9, 200, 1, 0, 0, 16, 0],     // MN-HA running past the end
        4 => vec![2, 1, 0],                    // refresh advice of 1
        _ => vec![r.byte() | 1, 250],          // anything, overrunning
    };
    body.extend_from_slice(&opt);
    while (body.len() + 6) % 8 != 0 {
        body.push(0);
    }
    let m = mh_raw(
        NONE,
        ((body.len() + 6) / 8 - 1) as u8,
        5,
        &body,
        &c.home,
        &c.dst,
    );
    let mut parts = vec![opts_header(DSTOPTS, &hao_opts(&c.home)), part(MH, m)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

fn mh_cut_short(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    // Header Len below the minimum of its type, or a header shorter than 6 octets.
    let t = r.range(0, 7) as u8;
    let mut m = if r.coin() {
        mh_raw(NONE, 0, t, &[0, 0], &c.home, &c.dst)
    } else {
        vec![NONE, 0, t, 0]
    };
    if r.coin() {
        m.truncate(r.range(1, m.len()));
    }
    let mut parts = vec![opts_header(DSTOPTS, &hao_opts(&c.home)), part(MH, m)];
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

/// Flip 1-4 random octets after the IPv6 header; half the time the Mobility Header's
/// checksum is made right again so that the flips get past it.
fn flip(r: &mut Rng, mut p: Vec<u8>, mh_at: usize, psrc: &[u8; 16], pdst: &[u8; 16]) -> Vec<u8> {
    for _ in 0..r.range(1, 4) {
        let i = r.range(40, p.len() - 1);
        p[i] ^= (r.byte()).max(1);
    }
    if r.coin() && mh_at < p.len() {
        fix_mh_checksum(&mut p[mh_at..], psrc, pdst);
    }
    p
}

fn flip_bu(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let mut parts = hao_bu(r, c);
    let p = assemble(&c.src, &c.dst, &mut parts, 64);
    vec![flip(r, p, 40 + 24, &c.home, &c.dst)]
}

fn flip_hoti(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    let t = r.pick(&[1u8, 2]);
    let mut body = vec![0, 0];
    body.extend_from_slice(&r.bytes(8));
    if r.coin() {
        let m = mh_raw(NONE, 1, t, &body, &c.src, &c.dst);
        let p = assemble(&c.src, &c.dst, &mut [part(MH, m)], 64);
        vec![flip(r, p, 40, &c.src, &c.dst)]
    } else {
        let m = mh_raw(NONE, 1, t, &body, &c.home, &c.dst);
        let mut parts = vec![opts_header(DSTOPTS, &hao_opts(&c.home)), part(MH, m)];
        let p = assemble(&c.src, &c.dst, &mut parts, 64);
        vec![flip(r, p, 40 + 24, &c.home, &c.dst)]
    }
}

fn random_chain(r: &mut Rng, c: &Ctx) -> Vec<Vec<u8>> {
    // Up to 8 extension headers in any order, random contents, random upper layer.
    let mut parts = Vec::new();
    for _ in 0..r.range(1, 8) {
        let proto = r.pick(&[HBH, DSTOPTS, ROUTING, FRAGMENT, DSTOPTS]);
        let p = match proto {
            FRAGMENT => fragment(r.below(4) as u16, r.coin(), r.next() as u32),
            ROUTING => {
                if r.coin() {
                    rh2(&c.home, r.below(3) as u8)
                } else {
                    let n = r.below(3);
                    let mut b = vec![0, (2 * n) as u8, r.byte(), r.below(3) as u8];
                    b.extend_from_slice(&r.bytes(4 + 16 * n));
                    part(ROUTING, b)
                }
            }
            _ => {
                if r.below(3) == 0 {
                    opts_header(proto, &hao_opts(&c.home))
                } else {
                    let n = r.below(20);
                    opts_header(proto, &r.bytes(n))
                }
            }
        };
        parts.push(p);
    }
    parts.push(match r.below(3) {
        0 => part(MH, bu(r, &c.home, &c.dst)),
        1 => part(ICMP6, echo(r, &c.src, &c.dst)),
        _ => {
            let (proto, n) = (r.byte(), r.below(40));
            part(proto, r.bytes(n))
        }
    });
    vec![assemble(&c.src, &c.dst, &mut parts, 64)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Ctx {
        let a = |s: &str| s.parse::<std::net::Ipv6Addr>().unwrap().octets();
        Ctx {
            src: a("fec0:106:1100::10"),
            dst: a("fec0:106:2700::1"),
            home: a("fec0:106:2700::4"),
        }
    }

    #[test]
    fn every_template_builds_ipv6_packets_deterministically() {
        let c = ctx();
        for (name, t) in TEMPLATES {
            for seed in 0..200 {
                let a = t(&mut Rng::new(seed), &c);
                let b = t(&mut Rng::new(seed), &c);
                assert_eq!(a, b, "{name}: same seed, same packets");
                assert!(!a.is_empty(), "{name}");
                for p in &a {
                    assert!(
                        p.len() >= 40 && p.len() <= 1280,
                        "{name}: {} octets",
                        p.len()
                    );
                    assert_eq!(p[0] >> 4, 6, "{name}");
                    assert_eq!(&p[8..24], &c.src[..], "{name}: source");
                    assert_eq!(&p[24..40], &c.dst[..], "{name}: destination");
                }
            }
        }
    }

    #[test]
    fn the_valid_pieces_are_valid() {
        let c = ctx();
        let mut r = Rng::new(7);
        let mut parts = hao_bu(&mut r, &c);
        let p = assemble(&c.src, &c.dst, &mut parts, 64);
        let m = mip6::packet::locate_mh(&p).unwrap();
        assert_eq!(m.home_address, Some(c.home));
        assert!(mip6::mh::Packet::new_checked(m.mh)
            .unwrap()
            .verify_checksum(&c.home, &c.dst));
        // The parsers of the core take every storm packet without panicking.
        for (_, t) in TEMPLATES {
            for seed in 0..300 {
                for p in t(&mut Rng::new(seed), &c) {
                    let _ = mip6::packet::walk_headers(&p);
                    if let Ok(m) = mip6::packet::locate_mh(&p) {
                        let _ = mip6::validate::check_mh(&m.pseudo_src(), &m.pseudo_dst(), m.mh);
                        let _ = mip6::mhopt::MhOptions::parse(m.mh);
                    }
                }
            }
        }
    }
}
