//! Path MTU for the packets Mobile IPv6 reshapes (RFC 6275 §6.4, §9.3.2, §11.3.1; RFC 8201).
//!
//! Our send paths add a header after the stack has sized a packet (a type 2 routing
//! header, a Home Address option, an outer IPv6 header) and route it somewhere else than
//! the stack thinks (the care-of address, the home agent). Two consequences:
//!
//! - A packet that no longer fits its real route is refused with a Packet Too Big to its
//!   local sender that leaves room for the added header ([`with_header`], [`fits`]).
//! - A Packet Too Big a router returns quotes the reshaped packet, which no socket or
//!   tunnel device of the stack recognises: the stack would drop it, and the real route
//!   would never learn its MTU, so every later packet would be lost the same way. The
//!   receive hook recognises those ([`quoted_own`]) and has the quoted packet's own route
//!   learn the MTU; our send paths then do the rest.

use super::ext::{NH_DEST_OPTS, NH_ROUTING};
use super::inbound::find_hao;

/// IPv6 header length.
const IPV6_HDR_LEN: usize = 40;
/// IPv6 minimum link MTU (RFC 8200 §5).
const IPV6_MIN_MTU: u32 = 1280;
/// Next Header of IPv6 (IPv6-in-IPv6, RFC 2473).
const NH_IPV6: u8 = 41;
/// ICMPv6 Packet Too Big (RFC 4443 §3.2).
const ICMP_PKT_TOO_BIG: u8 = 2;
/// ICMPv6 header: type, code, checksum, MTU.
const ICMP_HDR_LEN: usize = 8;
/// Bytes of a quoted extension header read to recognise it: the whole type 2 routing
/// header (its type octet and address), or a Destination Options header's first 8.
const EXT_PEEK: usize = 24;

/// The MTU a packet with `extra` bytes of added headers may use on a path of `path_mtu`,
/// and the path MTU its sender learns when its packet is too big: room is left for the
/// header, and no path is taken to be below the IPv6 minimum.
pub fn with_header(path_mtu: u32, extra: usize) -> (u32, u32) {
    let extra = u32::try_from(extra).unwrap_or(u32::MAX).min(IPV6_MIN_MTU);
    let mtu = path_mtu.max(IPV6_MIN_MTU + extra);
    (mtu, mtu - extra)
}

/// Whether a packet of `len` bytes (IPv6 header included) fits a path of `path_mtu` once
/// `extra` bytes of headers are added.
pub fn fits(len: usize, path_mtu: u32, extra: usize) -> bool {
    let (mtu, _) = with_header(path_mtu, extra);
    len.checked_add(extra).is_some_and(|l| l <= mtu as usize)
}

/// What a received ICMPv6 message is to [`quoted_own`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// Not a Packet Too Big about a packet we reshaped.
    No,
    /// Call again with at least this many bytes from the IPv6 header made linear.
    Need(usize),
    /// A Packet Too Big about a packet we reshaped, whose IPv6 header is at `quoted` from
    /// the outer IPv6 header: the route from its source to its destination has `mtu`.
    Learn {
        /// Offset of the quoted IPv6 header.
        quoted: usize,
        /// The MTU the router reported.
        mtu: u32,
    },
}

/// Whether the ICMPv6 message at `icmp` (offset from the IPv6 header in `hdr`, the bytes
/// at hand of a packet of `pkt_len`) is a Packet Too Big quoting a packet this node sent
/// in a shape of Mobile IPv6's: with a type 2 routing header right behind its IPv6 header
/// (a correspondent's route-optimised packet), with a Home Address option in a
/// Destination Options header right behind it (a mobile node's), or an IPv6-in-IPv6
/// packet (a tunnel's outer one). The quoted source must be the address the error came
/// to: the error came back to the node that sent the packet.
pub fn quoted_own(hdr: &[u8], icmp: usize, pkt_len: usize) -> Quote {
    let need = |n: usize| {
        if n <= pkt_len {
            Quote::Need(n)
        } else {
            Quote::No
        }
    };
    let Some(quoted) = icmp.checked_add(ICMP_HDR_LEN) else {
        return Quote::No;
    };
    let Some(kind) = hdr.get(icmp) else {
        return need(icmp.saturating_add(1));
    };
    if *kind != ICMP_PKT_TOO_BIG {
        return Quote::No;
    }
    let ext = quoted + IPV6_HDR_LEN;
    let Some(q) = hdr.get(quoted..ext) else {
        return need(ext);
    };
    let (Some(outer_dst), Some(mtu)) = (hdr.get(24..40), hdr.get(icmp + 4..icmp + 8)) else {
        return Quote::No;
    };
    if hdr.get(icmp + 1) != Some(&0) || q[0] >> 4 != 6 || q[8..24] != *outer_dst {
        return Quote::No;
    }
    let mtu = u32::from_be_bytes([mtu[0], mtu[1], mtu[2], mtu[3]]);
    let learn = Quote::Learn { quoted, mtu };
    match q[6] {
        NH_IPV6 => learn,
        NH_ROUTING | NH_DEST_OPTS => {
            // What the router quoted may end early: the shape is judged on what it sent.
            let peek_end = ext.saturating_add(EXT_PEEK).min(pkt_len);
            let Some(e) = hdr.get(ext..peek_end) else {
                return need(peek_end);
            };
            let ours = if q[6] == NH_ROUTING {
                e.get(2) == Some(&2)
            } else {
                find_hao(e).is_some()
            };
            if ours {
                learn
            } else {
                Quote::No
            }
        }
        _ => Quote::No,
    }
}

#[cfg(test)]
#[path = "tests/pmtu.rs"]
mod tests;
