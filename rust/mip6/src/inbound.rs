//! What the receive hook does with a packet before the stack parses its extension headers
//! (RFC 6275 §9.3.1, §9.2): "sans I/O" decisions over the header bytes the caller could
//! make linear, so that the kernel side only fetches bytes and carries verdicts out.
//!
//! The hook runs for every received packet: the common case (TCP, UDP, ICMPv6 right after
//! the IPv6 header) is decided on one byte.

use super::ext::{
    NH_AH, NH_DEST_OPTS, NH_FRAGMENT, NH_HOP_BY_HOP, NH_MOBILITY, NH_ROUTING, OPT_HOME_ADDRESS,
};
use super::pmtu::{self, Quote};
use super::stepwise::Stepwise;

/// IPv6 header length.
const IPV6_HDR_LEN: usize = 40;
/// Next Header of ICMPv6.
const NH_ICMPV6: u8 = 58;
/// Extension headers walked at most; a longer chain is left to the stack.
const MAX_EXT_HEADERS: usize = 16;
/// Option type a processed Home Address option becomes: RFC 4727's experimental type
/// 0x1e, whose top bits say "skip", so the stack's own option parser passes over it
/// whether or not the kernel was built with `CONFIG_IPV6_MIP6` (a raw HAO is dropped).
pub const OPT_HAO_DONE: u8 = 0x1e;
/// Bytes from the option type to the end of a Home Address option.
pub const HAO_LEN: usize = 18;

/// The decision on a received packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classified {
    /// Not for Mobile IPv6 (or malformed: the stack answers it): leave it to the stack.
    Pass,
    /// The headers run past the bytes given: call again with at least this many bytes
    /// made linear (never more than the packet holds).
    Need(usize),
    /// The upper-layer header is a Mobility Header: signalling for the control plane if
    /// the destination is one of ours.
    Signalling,
    /// A Home Address option whose type octet is at this offset from the IPv6 header
    /// (its length octet says 16), in front of an upper layer other than the Mobility
    /// Header: check the correspondent binding before the stack sees the packet.
    HomeAddress(usize),
    /// A Packet Too Big about a packet this node reshaped ([`pmtu::quoted_own`]): the
    /// route of the packet quoted at `quoted` from the IPv6 header is to learn `mtu`.
    PathMtu {
        /// Offset of the quoted IPv6 header.
        quoted: usize,
        /// The MTU the router reported.
        mtu: u32,
    },
}

impl Stepwise for Classified {
    fn need(n: usize) -> Self {
        Classified::Need(n)
    }
    fn pass() -> Self {
        Classified::Pass
    }
    fn needs(&self) -> Option<usize> {
        match self {
            Classified::Need(n) => Some(*n),
            _ => None,
        }
    }
}

/// Classifies a received packet from `hdr`, the bytes of its IPv6 header onwards that are
/// at hand, `pkt_len` being how many the packet has in all.
///
/// Hop-by-Hop, Routing, Destination Options and AH headers are walked (at most
/// [`MAX_EXT_HEADERS`]); a Fragment header ends the walk ([`Classified::Pass`]: signalling
/// is never fragmented, and a fragment's upper layer is only known after reassembly). Only
/// the first Destination Options header is searched for a Home Address option (§6.3: it
/// sits in the one before the upper layer, after a routing header if any).
pub fn classify(hdr: &[u8], pkt_len: usize) -> Classified {
    let (Some(&first), true) = (hdr.get(6), hdr.len() >= IPV6_HDR_LEN) else {
        return Classified::need_within(IPV6_HDR_LEN, pkt_len);
    };
    let mut nh = first;
    let mut off = IPV6_HDR_LEN;
    let mut hao = None;
    let mut seen_dest = false;
    for _ in 0..MAX_EXT_HEADERS {
        if !matches!(nh, NH_HOP_BY_HOP | NH_ROUTING | NH_DEST_OPTS | NH_AH) {
            break;
        }
        let Some(len_at) = off.checked_add(2) else {
            return Classified::Pass;
        };
        let (Some(&next), Some(&ext_len)) = (hdr.get(off), hdr.get(off + 1)) else {
            return Classified::need_within(len_at, pkt_len);
        };
        let len = if nh == NH_AH {
            (usize::from(ext_len) + 2) * 4
        } else {
            (usize::from(ext_len) + 1) * 8
        };
        let Some(end) = off.checked_add(len) else {
            return Classified::Pass;
        };
        if nh == NH_DEST_OPTS && !seen_dest {
            seen_dest = true;
            let Some(opts) = hdr.get(off..end) else {
                return Classified::need_within(end, pkt_len);
            };
            hao = find_hao(opts).and_then(|at| at.checked_add(off));
        }
        nh = next;
        off = end;
    }
    match (nh, hao) {
        (NH_MOBILITY, _) => Classified::Signalling,
        (NH_FRAGMENT, _) => Classified::Pass,
        (NH_ICMPV6, None) => match pmtu::quoted_own(hdr, off, pkt_len) {
            Quote::No => Classified::Pass,
            Quote::Need(n) => Classified::Need(n),
            Quote::Learn { quoted, mtu } => Classified::PathMtu { quoted, mtu },
        },
        (_, Some(at)) if off <= pkt_len => Classified::HomeAddress(at),
        _ => Classified::Pass,
    }
}

/// Offset in `opts` (a whole Destination Options header) of a Home Address option of
/// length 16; `None` without one, or when the options are malformed (the stack's option
/// parser answers those).
pub(super) fn find_hao(opts: &[u8]) -> Option<usize> {
    let mut at = 2usize;
    while at < opts.len() {
        let kind = *opts.get(at)?;
        if kind == 0 {
            at += 1;
            continue;
        }
        let data_len = usize::from(*opts.get(at + 1)?);
        let next = at + 2 + data_len;
        if next > opts.len() {
            return None;
        }
        if kind == OPT_HOME_ADDRESS {
            return (data_len == 16).then_some(at);
        }
        at = next;
    }
    None
}

/// The home address carried by the Home Address option at `opt` ([`Classified::HomeAddress`]).
pub fn hao_home(hdr: &[u8], opt: usize) -> Option<[u8; 16]> {
    hdr.get(opt.checked_add(2)?..opt.checked_add(HAO_LEN)?)?
        .try_into()
        .ok()
}

/// Applies a Home Address option that matched a binding (§9.3.1): the home address
/// becomes the source, the care-of address goes into the option, and the option is
/// marked processed ([`OPT_HAO_DONE`]). `false` (nothing changed) if `opt` is not inside
/// `hdr`. The caller keeps the checksum state right for the bytes at 8..24 and
/// `opt..opt + HAO_LEN`.
pub fn hao_apply(hdr: &mut [u8], opt: usize) -> bool {
    let Some(end) = opt.checked_add(HAO_LEN) else {
        return false;
    };
    if end > hdr.len() || opt < IPV6_HDR_LEN {
        return false;
    }
    let (head, tail) = hdr.split_at_mut(opt);
    let (Some(src), Some(home)) = (head.get_mut(8..24), tail.get_mut(2..HAO_LEN)) else {
        return false;
    };
    src.swap_with_slice(home);
    if let Some(kind) = tail.first_mut() {
        *kind = OPT_HAO_DONE;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const HOME: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    const COA: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20];

    fn ipv6(nh: u8, payload: &[u8]) -> Vec<u8> {
        let mut p = std::vec![0u8; 40];
        p[0] = 0x60;
        p[4..6].copy_from_slice(&(payload.len() as u16).to_be_bytes());
        p[6] = nh;
        p[7] = 64;
        p[8..24].copy_from_slice(&COA);
        p[24..40].fill(0x22);
        p.extend_from_slice(payload);
        p
    }

    fn hao_dest(next: u8) -> Vec<u8> {
        let mut d = std::vec![next, 2, 1, 2, 0, 0, OPT_HOME_ADDRESS, 16];
        d.extend_from_slice(&HOME);
        d
    }

    #[test]
    fn transport_passes_on_the_first_header() {
        for nh in [6u8, 17, 58] {
            let p = ipv6(nh, &[0; 20]);
            assert_eq!(classify(&p, p.len()), Classified::Pass);
            assert_eq!(classify(&p[..7], p.len()), Classified::Need(40));
        }
    }

    #[test]
    fn short_header_asks_for_more_or_passes() {
        assert_eq!(classify(&[0x60], 60), Classified::Need(40));
        assert_eq!(classify(&[0x60], 20), Classified::Pass);
    }

    #[test]
    fn mobility_header_after_hao_is_signalling() {
        let mut pl = hao_dest(NH_MOBILITY);
        pl.extend_from_slice(&[59, 1, 5, 0, 0, 0, 0, 0]);
        let p = ipv6(NH_DEST_OPTS, &pl);
        assert_eq!(classify(&p, p.len()), Classified::Signalling);
        assert_eq!(
            classify(&ipv6(NH_MOBILITY, &[59, 0, 0, 0, 0, 0, 0, 0]), 48),
            Classified::Signalling
        );
    }

    #[test]
    fn hao_in_front_of_transport_is_found_and_applied() {
        let mut pl = hao_dest(17);
        pl.extend_from_slice(&[0; 8]);
        let mut p = ipv6(NH_DEST_OPTS, &pl);
        let Classified::HomeAddress(at) = classify(&p, p.len()) else {
            panic!()
        };
        assert_eq!(at, 46);
        assert_eq!(hao_home(&p, at), Some(HOME));
        assert!(hao_apply(&mut p, at));
        assert_eq!(&p[8..24], &HOME);
        assert_eq!(&p[at + 2..at + 18], &COA);
        assert_eq!(p[at], OPT_HAO_DONE);
        // Applied once: the stack's parser now skips it, and so does the hook.
        assert_eq!(classify(&p, p.len()), Classified::Pass);
    }

    #[test]
    fn partial_headers_ask_for_exactly_the_next_bytes() {
        let mut pl = hao_dest(17);
        pl.extend_from_slice(&[0; 8]);
        let p = ipv6(NH_DEST_OPTS, &pl);
        assert_eq!(classify(&p[..41], p.len()), Classified::Need(42));
        assert_eq!(classify(&p[..50], p.len()), Classified::Need(64));
        // A header longer than the packet: truncated, the stack's business.
        assert_eq!(classify(&p[..50], 60), Classified::Pass);
    }

    #[test]
    fn malformed_or_odd_options_pass() {
        // HAO of length 15, an option running past its header, a fragment in front.
        let mut d = hao_dest(17);
        d[7] = 15;
        let p = ipv6(NH_DEST_OPTS, &d);
        assert_eq!(classify(&p, p.len()), Classified::Pass);
        let p = ipv6(NH_DEST_OPTS, &[17, 0, 1, 9, 0, 0, 0, 0]);
        assert_eq!(classify(&p, p.len()), Classified::Pass);
        let p = ipv6(NH_FRAGMENT, &[NH_MOBILITY, 0, 0, 1, 0, 0, 0, 1]);
        assert_eq!(classify(&p, p.len()), Classified::Pass);
    }

    #[test]
    fn only_the_first_destination_options_header_counts() {
        let mut pl = std::vec![NH_DEST_OPTS, 0, 1, 4, 0, 0, 0, 0];
        pl.extend_from_slice(&hao_dest(17));
        let p = ipv6(NH_DEST_OPTS, &pl);
        assert_eq!(classify(&p, p.len()), Classified::Pass);
    }

    #[test]
    fn long_chains_are_bounded() {
        let mut pl = Vec::new();
        for _ in 0..40 {
            pl.extend_from_slice(&[NH_HOP_BY_HOP, 0, 1, 4, 0, 0, 0, 0]);
        }
        let p = ipv6(NH_HOP_BY_HOP, &pl);
        assert_eq!(classify(&p, p.len()), Classified::Pass);
    }

    #[test]
    fn hao_apply_refuses_out_of_range_offsets() {
        let mut p = ipv6(17, &[0; 8]);
        assert!(!hao_apply(&mut p, 39));
        assert!(!hao_apply(&mut p, usize::MAX));
        let near_end = p.len() - 10;
        assert!(!hao_apply(&mut p, near_end));
    }
}
