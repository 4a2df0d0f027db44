//! The home agent's data path decisions (RFC 6275 §10.4): what a packet arriving on one of
//! its links is, as far as home registrations go. "Sans I/O": the kernel side fetches
//! header bytes and looks bindings up; these functions only read and rewrite bytes.

use super::addr::{self, AddrClass};
use super::stepwise::{addr16, Stepwise};

/// IPv6 header length.
const IPV6_HDR_LEN: usize = 40;
/// Next Header of ICMPv6.
const NH_ICMPV6: u8 = 58;
/// Next Header of IPv6 (IPv6-in-IPv6, RFC 2473).
const NH_IPV6: u8 = 41;
/// Next Header of the Mobility Header.
const NH_MOBILITY: u8 = 135;
/// ICMPv6 Neighbour Solicitation and Advertisement (RFC 4861).
const ND_NS: u8 = 135;
const ND_NA: u8 = 136;
/// Router Solicitation .. Redirect: what belongs to the link the home agent sends on.
const ND_TYPES: core::ops::RangeInclusive<u8> = 133..=137;
/// Bytes of an ICMPv6 header plus the reserved word and a target address (NS, NA).
const ND_TARGET_END: usize = IPV6_HDR_LEN + 8 + 16;

/// What a received packet is to the home agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Nothing the home agent acts on at this layer: the stack's business.
    Pass,
    /// Call again with at least this many bytes from the IPv6 header made linear (never
    /// more than the packet holds).
    Need(usize),
    /// A Neighbour Solicitation for `target` (hop limit 255, code 0, RFC 4861 §7.1.1):
    /// answer it if `target` is a home address bound on the link it came in on
    /// (proxy ND, §10.4.1). `dad`: the source is unspecified (a DAD probe), so the answer
    /// goes to all-nodes.
    Solicitation {
        /// The Target Address.
        target: [u8; 16],
        /// Whether it is a Duplicate Address Detection probe.
        dad: bool,
    },
    /// A Neighbour Advertisement for `target` (hop limit 255, code 0): evidence for the
    /// home agent's own DAD of a new home address (§10.4.1).
    Advertisement {
        /// The Target Address.
        target: [u8; 16],
    },
    /// IPv6-in-IPv6 whose inner source is `inner_src`: reverse-tunnelled from a mobile
    /// node if that is a home address bound to the outer source (§10.4.5).
    Tunnelled {
        /// The inner packet's source address.
        inner_src: [u8; 16],
    },
    /// Any other packet: intercepted if `dst` is a bound home address (§10.4.2).
    ToAddress {
        /// The destination address.
        dst: [u8; 16],
    },
}

impl Stepwise for Received {
    fn need(n: usize) -> Self {
        Received::Need(n)
    }
    fn pass() -> Self {
        Received::Pass
    }
    fn needs(&self) -> Option<usize> {
        match self {
            Received::Need(n) => Some(*n),
            _ => None,
        }
    }
}

/// Classifies a packet from `hdr`, the bytes of its IPv6 header onwards at hand, of
/// `pkt_len` bytes in all.
pub fn classify(hdr: &[u8], pkt_len: usize) -> Received {
    let Some(ip6) = hdr.get(..IPV6_HDR_LEN) else {
        return Received::need_within(IPV6_HDR_LEN, pkt_len);
    };
    let (nh, hop_limit) = (ip6[6], ip6[7]);
    let dst = addr16(ip6, 24);
    match nh {
        NH_ICMPV6 => {
            let Some(icmp) = hdr.get(IPV6_HDR_LEN..ND_TARGET_END) else {
                // Too short for ND: only an ordinary ICMPv6 packet could be this short.
                return match Received::need_within(ND_TARGET_END, pkt_len) {
                    Received::Pass => Received::ToAddress { dst },
                    n => n,
                };
            };
            let (kind, code, target) = (icmp[0], icmp[1], addr16(icmp, 8));
            match (kind, code, hop_limit) {
                (ND_NS, 0, 255) => Received::Solicitation {
                    target,
                    dad: addr16(ip6, 8) == [0; 16],
                },
                (ND_NA, 0, 255) => Received::Advertisement { target },
                _ => Received::ToAddress { dst },
            }
        }
        NH_IPV6 => match hdr.get(IPV6_HDR_LEN..2 * IPV6_HDR_LEN) {
            Some(inner) => Received::Tunnelled {
                inner_src: addr16(inner, 8),
            },
            None => match Received::need_within(2 * IPV6_HDR_LEN, pkt_len) {
                Received::Pass => Received::ToAddress { dst },
                n => n,
            },
        },
        _ => Received::ToAddress { dst },
    }
}

/// What to do with a packet for a bound home address that is to be forwarded into the
/// tunnel, as a router forwards (RFC 8200 §3, RFC 4291 §2.5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forward {
    /// Decrement the hop limit (byte 7) and tunnel it.
    Tunnel,
    /// The hop limit is used up: ICMPv6 Time Exceeded (code 0) to the source.
    HopLimitExceeded,
    /// Not forwardable (link-local, loopback, multicast or unspecified source): drop it
    /// silently.
    Refuse,
}

/// Decides on forwarding an intercepted packet (`ip6` holds at least its IPv6 header).
pub fn forward(ip6: &[u8]) -> Forward {
    let (Some(&hop_limit), Some(src)) = (ip6.get(7), ip6.get(8..24)) else {
        return Forward::Refuse;
    };
    let src = addr16(src, 0);
    if matches!(
        addr::unicast_check(&src),
        Err(AddrClass::Unspecified
            | AddrClass::Loopback
            | AddrClass::Multicast
            | AddrClass::LinkLocal)
    ) {
        return Forward::Refuse;
    }
    if hop_limit <= 1 {
        Forward::HopLimitExceeded
    } else {
        Forward::Tunnel
    }
}

/// Whether a packet the home agent itself sends to a bound home address goes through the
/// tunnel (§10.4.2): not signalling (the Mobility Header bypasses bindings, §6.1), and not
/// Neighbour Discovery, which belongs to the home link. `hdr` holds the IPv6 header and,
/// for ICMPv6, the type octet after it; without it the packet stays on the link.
pub fn tunnel_own(hdr: &[u8]) -> bool {
    match hdr.get(6) {
        Some(&NH_MOBILITY) | None => false,
        Some(&NH_ICMPV6) => hdr.get(IPV6_HDR_LEN).is_some_and(|t| !ND_TYPES.contains(t)),
        Some(_) => true,
    }
}

/// Decrements the hop limit of the IPv6 header at the start of `ip6`.
pub fn decrement_hop_limit(ip6: &mut [u8]) {
    if let Some(h) = ip6.get_mut(7) {
        *h = h.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const HOME: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    const CN: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x30];

    fn ipv6(nh: u8, hop: u8, src: [u8; 16], dst: [u8; 16], payload: &[u8]) -> Vec<u8> {
        let mut p = std::vec![0x60, 0, 0, 0, 0, payload.len() as u8, nh, hop];
        p.extend_from_slice(&src);
        p.extend_from_slice(&dst);
        p.extend_from_slice(payload);
        p
    }

    fn nd(kind: u8, target: [u8; 16]) -> Vec<u8> {
        let mut m = std::vec![kind, 0, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(&target);
        m
    }

    #[test]
    fn neighbour_discovery_is_recognised_only_with_hop_limit_255() {
        let ns = ipv6(
            58,
            255,
            CN,
            [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x10],
            &nd(135, HOME),
        );
        assert_eq!(
            classify(&ns, ns.len()),
            Received::Solicitation {
                target: HOME,
                dad: false
            }
        );
        let dad = ipv6(58, 255, [0; 16], HOME, &nd(135, HOME));
        assert_eq!(
            classify(&dad, dad.len()),
            Received::Solicitation {
                target: HOME,
                dad: true
            }
        );
        let na = ipv6(58, 255, CN, HOME, &nd(136, HOME));
        assert_eq!(
            classify(&na, na.len()),
            Received::Advertisement { target: HOME }
        );
        let routed = ipv6(58, 254, CN, HOME, &nd(135, HOME));
        assert_eq!(
            classify(&routed, routed.len()),
            Received::ToAddress { dst: HOME }
        );
    }

    #[test]
    fn short_icmp_is_ordinary_traffic_and_partial_headers_ask_for_more() {
        let short = ipv6(58, 64, CN, HOME, &[128, 0, 0, 0]);
        assert_eq!(
            classify(&short, short.len()),
            Received::ToAddress { dst: HOME }
        );
        let ns = ipv6(58, 255, CN, HOME, &nd(135, HOME));
        assert_eq!(classify(&ns[..44], ns.len()), Received::Need(64));
        assert_eq!(classify(&ns[..20], ns.len()), Received::Need(40));
        assert_eq!(classify(&ns[..20], 30), Received::Pass);
    }

    #[test]
    fn tunnelled_packets_name_their_inner_source() {
        let inner = ipv6(17, 64, HOME, CN, &[0; 8]);
        let outer = ipv6(41, 64, CN, CN, &inner);
        assert_eq!(
            classify(&outer, outer.len()),
            Received::Tunnelled { inner_src: HOME }
        );
        assert_eq!(classify(&outer[..60], outer.len()), Received::Need(80));
    }

    #[test]
    fn forwarding_refuses_link_local_and_spent_hop_limits() {
        assert_eq!(forward(&ipv6(6, 64, CN, HOME, &[])), Forward::Tunnel);
        assert_eq!(
            forward(&ipv6(6, 1, CN, HOME, &[])),
            Forward::HopLimitExceeded
        );
        assert_eq!(
            forward(&ipv6(6, 0, CN, HOME, &[])),
            Forward::HopLimitExceeded
        );
        let ll = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        assert_eq!(forward(&ipv6(6, 64, ll, HOME, &[])), Forward::Refuse);
        assert_eq!(forward(&ipv6(6, 64, [0; 16], HOME, &[])), Forward::Refuse);
        assert_eq!(forward(&[0x60; 10]), Forward::Refuse);
        let mut p = ipv6(6, 64, CN, HOME, &[]);
        decrement_hop_limit(&mut p);
        assert_eq!(p[7], 63);
    }

    #[test]
    fn own_packets_tunnel_except_signalling_and_nd() {
        assert!(tunnel_own(&ipv6(6, 64, CN, HOME, &[])));
        assert!(tunnel_own(&ipv6(58, 64, CN, HOME, &[128])));
        assert!(!tunnel_own(&ipv6(58, 255, CN, HOME, &[136])));
        assert!(!tunnel_own(&ipv6(58, 64, CN, HOME, &[])));
        assert!(!tunnel_own(&ipv6(135, 64, CN, HOME, &[])));
        assert!(!tunnel_own(&[0x60]));
    }
}
