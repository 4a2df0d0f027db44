//! What may come out of an IPv6-in-IPv6 tunnel (RFC 6275 §10.4.5, §11.3.1): the inner
//! packet of a reverse-tunnelled or home-tunnelled packet is received as if it had arrived
//! on an interface, so it must not be something only a link neighbour may send. Neighbour
//! Discovery through the tunnel would let a registered mobile node rewrite the home
//! agent's neighbour table, and link-scoped traffic has no business crossing a tunnel.

use super::ext::{NH_DEST_OPTS, NH_FRAGMENT, NH_HOP_BY_HOP, NH_ROUTING};

/// ICMPv6.
const NH_ICMPV6: u8 = 58;
/// IPv6 (IPv6-in-IPv6).
const NH_IPV6: u8 = 41;
/// Router Solicitation .. Redirect (RFC 4861).
const ND_TYPES: core::ops::RangeInclusive<u8> = 133..=137;

/// Whether an address is link-scoped: link-local unicast, or multicast of interface- or
/// link-local scope, or the unspecified address (only DAD uses it as a source).
fn link_scoped(a: &[u8]) -> bool {
    match a {
        [0xfe, b1, ..] => b1 & 0xc0 == 0x80,
        [0xff, b1, ..] => b1 & 0x0f <= 2,
        _ => a.iter().all(|&b| b == 0),
    }
}

/// Decides on the first bytes of an inner packet (as many as the caller could read, the
/// IPv6 header at least): `false` for Neighbour Discovery, a link-scoped source or
/// destination, ICMPv6 with hop limit 255 (what ND and other link-only ICMPv6 carry), or
/// anything that is not a whole IPv6 header. When the extension headers run past the bytes
/// given, a hop limit of 255 is refused as a precaution.
pub fn inner_allowed(inner: &[u8]) -> bool {
    let (Some(&vtc), Some(&first_nh), Some(&hop_limit), Some(src), Some(dst)) = (
        inner.first(),
        inner.get(6),
        inner.get(7),
        inner.get(8..24),
        inner.get(24..40),
    ) else {
        return false;
    };
    if vtc >> 4 != 6 || link_scoped(src) || link_scoped(dst) || src.first() == Some(&0xff) {
        return false;
    }
    let mut nh = first_nh;
    let mut off = 40usize;
    // At most 8 extension headers, as the receive path's own walk.
    for _ in 0..8 {
        match nh {
            NH_HOP_BY_HOP | NH_DEST_OPTS | NH_ROUTING => {
                let (Some(&next), Some(&len)) = (inner.get(off), inner.get(off.saturating_add(1)))
                else {
                    return hop_limit != 255;
                };
                nh = next;
                off = off.saturating_add((usize::from(len) + 1) * 8);
            }
            NH_FRAGMENT => {
                let (Some(&next), Some(&hi), Some(&lo)) = (
                    inner.get(off),
                    inner.get(off.saturating_add(2)),
                    inner.get(off.saturating_add(3)),
                ) else {
                    return hop_limit != 255;
                };
                if u16::from_be_bytes([hi, lo]) & 0xfff8 != 0 {
                    // A later fragment: its upper layer is unknown here.
                    return hop_limit != 255;
                }
                nh = next;
                off = off.saturating_add(8);
            }
            _ => break,
        }
    }
    if nh != NH_ICMPV6 {
        return true;
    }
    match inner.get(off) {
        Some(t) => !ND_TYPES.contains(t) && hop_limit != 255,
        None => hop_limit != 255,
    }
}

/// ECN field values (RFC 3168): the low two bits of the Traffic Class.
pub mod ecn {
    /// Not ECN-Capable Transport.
    pub const NOT_ECT: u8 = 0b00;
    /// ECN-Capable Transport (1).
    pub const ECT1: u8 = 0b01;
    /// ECN-Capable Transport (0).
    pub const ECT0: u8 = 0b10;
    /// Congestion Experienced.
    pub const CE: u8 = 0b11;
}

/// The ECN field of the IPv6 header at the start of `ip6` (Not-ECT if it is too short).
pub fn ecn_of(ip6: &[u8]) -> u8 {
    ip6.get(1).map_or(ecn::NOT_ECT, |b| (b >> 4) & 0b11)
}

/// Sets the ECN field of the IPv6 header at the start of `ip6`.
pub fn set_ecn(ip6: &mut [u8], value: u8) {
    if let Some(b) = ip6.get_mut(1) {
        *b = (*b & !0x30) | ((value & 0b11) << 4);
    }
}

/// The inner packet's ECN field after decapsulation (RFC 6040 §4.2, the table of Figure 4),
/// from the outer and inner fields; `None`: drop it (congestion was experienced by a packet
/// whose transport cannot be told, so dropping is the only signal left). Other cells
/// keep the inner field, except that CE and ECT(1) on the outer are carried in.
pub fn decap_ecn(outer: u8, inner: u8) -> Option<u8> {
    match (inner & 0b11, outer & 0b11) {
        (ecn::NOT_ECT, ecn::CE) => None,
        (ecn::NOT_ECT, _) => Some(ecn::NOT_ECT),
        (_, ecn::CE) => Some(ecn::CE),
        (ecn::ECT0, ecn::ECT1) => Some(ecn::ECT1),
        (i, _) => Some(i),
    }
}

/// The outer IPv6 header of an IPv6-in-IPv6 packet from `src` to `dst` around `inner`
/// (its first bytes, the IPv6 header at least): Traffic Class and Flow Label are the inner
/// packet's (RFC 2473 §5.1; the ECN field copied as RFC 6040 §4.1's normal mode says),
/// Next Header is IPv6, the Payload Length is left 0 for the stack to fill in.
pub fn outer_header(inner: &[u8], src: &[u8; 16], dst: &[u8; 16], hop_limit: u8) -> [u8; 40] {
    let mut h = [0u8; 40];
    if let (Some(out), Some(flow)) = (h.get_mut(..4), inner.get(..4)) {
        out.copy_from_slice(flow);
    }
    h[0] = 0x60 | (h[0] & 0x0f);
    h[6] = NH_IPV6;
    h[7] = hop_limit;
    h[8..24].copy_from_slice(src);
    h[24..40].copy_from_slice(dst);
    h
}

#[cfg(test)]
#[path = "tests/tunnel.rs"]
mod tests;
