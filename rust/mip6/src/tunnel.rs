//! What may come out of an IPv6-in-IPv6 tunnel (RFC 6275 §10.4.5, §11.3.1): the inner
//! packet of a reverse-tunnelled or home-tunnelled packet is received as if it had arrived
//! on an interface, so it must not be something only a link neighbour may send. Neighbour
//! Discovery through the tunnel would let a registered mobile node rewrite the home
//! agent's neighbour table, and link-scoped traffic has no business crossing a tunnel.

use super::ext::{NH_DEST_OPTS, NH_FRAGMENT, NH_HOP_BY_HOP, NH_ROUTING};

/// ICMPv6.
const NH_ICMPV6: u8 = 58;
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

#[cfg(test)]
#[path = "tests/tunnel.rs"]
mod tests;
