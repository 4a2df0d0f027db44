//! What the mobile node's receive hook does with a packet (RFC 6275 §11): Router
//! Advertisements for movement detection, Neighbour Solicitations for the home address at
//! home, ICMP errors showing a correspondent cannot do route optimisation, type 2 routing
//! headers to the care-of address, and the home tunnel. "Sans I/O": the kernel side
//! fetches bytes and carries the verdicts out.

use super::addr::{self, AddrClass};
use super::stepwise::{addr16, Stepwise};

/// IPv6 header length.
const IPV6_HDR_LEN: usize = 40;
const NH_ICMPV6: u8 = 58;
const NH_IPV6: u8 = 41;
const NH_ROUTING: u8 = 43;
const NH_DEST_OPTS: u8 = 60;
const NH_MOBILITY: u8 = 135;
const ICMP_PARAM_PROBLEM: u8 = 4;
const PARAM_UNKNOWN_NEXT_HEADER: u8 = 1;
const PARAM_UNKNOWN_OPTION: u8 = 2;
const ND_RA: u8 = 134;
const ND_NS: u8 = 135;
/// ICMPv6 header, reserved word and target address of a Neighbour Solicitation.
const ND_LEN: usize = 24;
/// A type 2 routing header: 8 bytes and the home address.
const RH2_LEN: usize = 24;
/// The routing type a processed type 2 header is renamed to on a kernel built with
/// `CONFIG_IPV6_MIP6` (RFC 4727's experimental type: skipped with Segments Left 0).
pub const RH_TYPE_DONE: u8 = 253;
/// Bytes from the IPv6 header [`apply_rh2`] rewrites.
pub const RH2_REWRITE_LEN: usize = IPV6_HDR_LEN + RH2_LEN;

/// What the data path knows of the mobile node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// The home address.
    pub home: [u8; 16],
    /// The care-of address (meaningful while away).
    pub coa: [u8; 16],
    /// The home agent.
    pub ha: [u8; 16],
    /// Whether the node is away from home.
    pub away: bool,
}

/// The decision on a received packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Not for the mobile node's data path: the stack's business.
    Pass,
    /// Call again with at least this many bytes from the IPv6 header made linear (never
    /// more than the packet holds).
    Need(usize),
    /// A Router Advertisement from a link-local source with hop limit 255: keep it for
    /// movement detection (§11.5.1), and let the stack have it too.
    RouterAdvert,
    /// At home, a Neighbour Solicitation for the home address (which sits on the tunnel
    /// device): answer it on the link; `dad`: a DAD probe, answered to all-nodes.
    AnswerNs {
        /// Whether the source is unspecified.
        dad: bool,
    },
    /// Away, an ICMP Parameter Problem about a packet we sent from the care-of address:
    /// `cn` does not know the Home Address option or the Mobility Header, so it takes no
    /// part in route optimisation (§11.3.5).
    NoRouteOptimisation {
        /// The correspondent.
        cn: [u8; 16],
    },
    /// Away, a type 2 routing header to the care-of address carrying the home address
    /// (§11.3.3): apply it ([`apply_rh2`]).
    RoutingHeader,
    /// Away, from the home agent to the care-of address for the home address (§11.3.1):
    /// receive it through the home tunnel. `candidate`: its inner source, a correspondent
    /// reaching us through the home agent, to consider for route optimisation (§11.7.2).
    FromHomeAgent {
        /// The correspondent, if the inner packet is one to consider.
        candidate: Option<[u8; 16]>,
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

/// Classifies a packet from `hdr`, its bytes from the IPv6 header at hand, of `pkt_len`
/// bytes in all.
pub fn classify(hdr: &[u8], pkt_len: usize, view: &View) -> Received {
    let Some(ip6) = hdr.get(..IPV6_HDR_LEN) else {
        return Received::need_within(IPV6_HDR_LEN, pkt_len);
    };
    let (nh, hop_limit, src, dst) = (ip6[6], ip6[7], addr16(ip6, 8), addr16(ip6, 24));
    match nh {
        NH_ICMPV6 => {
            let Some(icmp) = hdr.get(IPV6_HDR_LEN..IPV6_HDR_LEN + ND_LEN) else {
                return Received::need_within(IPV6_HDR_LEN + ND_LEN, pkt_len);
            };
            let (kind, code) = (icmp[0], icmp[1]);
            match kind {
                ND_RA if hop_limit == 255 && is_link_local(&src) => Received::RouterAdvert,
                ND_NS
                    if !view.away
                        && hop_limit == 255
                        && code == 0
                        && addr16(icmp, 8) == view.home =>
                {
                    Received::AnswerNs {
                        dad: src == [0; 16],
                    }
                }
                ICMP_PARAM_PROBLEM if view.away => {
                    let start = IPV6_HDR_LEN + 8;
                    let Some(inner) = hdr.get(start..start + IPV6_HDR_LEN) else {
                        return Received::need_within(start + IPV6_HDR_LEN, pkt_len);
                    };
                    let unknown = matches!(
                        (code, inner[6]),
                        (PARAM_UNKNOWN_OPTION, NH_DEST_OPTS)
                            | (PARAM_UNKNOWN_NEXT_HEADER, NH_MOBILITY)
                    );
                    if unknown && addr16(inner, 8) == view.coa {
                        Received::NoRouteOptimisation {
                            cn: addr16(inner, 24),
                        }
                    } else {
                        Received::Pass
                    }
                }
                _ => Received::Pass,
            }
        }
        NH_ROUTING if view.away && dst == view.coa => {
            match hdr.get(IPV6_HDR_LEN..RH2_REWRITE_LEN) {
                Some(rh)
                    if rh[1] == 2 && rh[2] == 2 && rh[3] == 1 && addr16(rh, 8) == view.home =>
                {
                    Received::RoutingHeader
                }
                Some(_) => Received::Pass,
                None => Received::need_within(RH2_REWRITE_LEN, pkt_len),
            }
        }
        NH_IPV6 if view.away => {
            let Some(inner) = hdr.get(IPV6_HDR_LEN..2 * IPV6_HDR_LEN) else {
                return Received::need_within(2 * IPV6_HDR_LEN, pkt_len);
            };
            if src != view.ha || dst != view.coa || addr16(inner, 24) != view.home {
                return Received::Pass;
            }
            let inner_src = addr16(inner, 8);
            let candidate =
                (inner[6] != NH_MOBILITY && inner_src != view.ha && correspondent(&inner_src))
                    .then_some(inner_src);
            Received::FromHomeAgent { candidate }
        }
        _ => Received::Pass,
    }
}

/// Applies a type 2 routing header ([`Received::RoutingHeader`]): the home address becomes
/// the destination, the care-of address goes into the header, and the header counts as
/// processed (Segments Left 0; renamed to [`RH_TYPE_DONE`] if `rename`, for a kernel that
/// would drop a processed type 2 header it did not process itself). `false`, nothing
/// changed, if `hdr` is shorter than [`RH2_REWRITE_LEN`].
pub fn apply_rh2(hdr: &mut [u8], rename: bool) -> bool {
    let Some(front) = hdr.get_mut(..RH2_REWRITE_LEN) else {
        return false;
    };
    let (ip6, rh) = front.split_at_mut(IPV6_HDR_LEN);
    ip6[24..40].swap_with_slice(&mut rh[8..24]);
    rh[3] = 0;
    if rename {
        rh[2] = RH_TYPE_DONE;
    }
    true
}

/// Whether an inner source could be a correspondent node: one unicast node beyond this
/// link (not unspecified, loopback, multicast or link-local).
fn correspondent(a: &[u8; 16]) -> bool {
    !matches!(
        addr::unicast_check(a),
        Err(AddrClass::Unspecified
            | AddrClass::Loopback
            | AddrClass::Multicast
            | AddrClass::LinkLocal)
    )
}

fn is_link_local(a: &[u8; 16]) -> bool {
    addr::unicast_check(a) == Err(AddrClass::LinkLocal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const HOME: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4];
    const COA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    const HA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const CN: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    const LL: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const AWAY: View = View {
        home: HOME,
        coa: COA,
        ha: HA,
        away: true,
    };
    const AT_HOME: View = View {
        home: HOME,
        coa: [0; 16],
        ha: HA,
        away: false,
    };

    fn ipv6(nh: u8, hop: u8, src: [u8; 16], dst: [u8; 16], payload: &[u8]) -> Vec<u8> {
        let mut p = std::vec![0x60, 0, 0, 0, 0, 0, nh, hop];
        p.extend_from_slice(&src);
        p.extend_from_slice(&dst);
        p.extend_from_slice(payload);
        p
    }

    fn icmp(kind: u8, code: u8, rest: &[u8]) -> Vec<u8> {
        let mut m = std::vec![kind, code, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(rest);
        m
    }

    #[test]
    fn router_adverts_are_kept_only_from_link_local_with_hop_limit_255() {
        let ra = ipv6(
            58,
            255,
            LL,
            [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            &icmp(134, 0, &[0; 16]),
        );
        assert_eq!(classify(&ra, ra.len(), &AWAY), Received::RouterAdvert);
        let routed = ipv6(58, 254, LL, HOME, &icmp(134, 0, &[0; 16]));
        assert_eq!(classify(&routed, routed.len(), &AWAY), Received::Pass);
        let global = ipv6(58, 255, CN, HOME, &icmp(134, 0, &[0; 16]));
        assert_eq!(classify(&global, global.len(), &AWAY), Received::Pass);
    }

    #[test]
    fn solicitations_for_the_home_address_are_answered_at_home_only() {
        let ns = ipv6(58, 255, CN, HOME, &icmp(135, 0, &HOME));
        assert_eq!(
            classify(&ns, ns.len(), &AT_HOME),
            Received::AnswerNs { dad: false }
        );
        assert_eq!(classify(&ns, ns.len(), &AWAY), Received::Pass);
        let dad = ipv6(58, 255, [0; 16], HOME, &icmp(135, 0, &HOME));
        assert_eq!(
            classify(&dad, dad.len(), &AT_HOME),
            Received::AnswerNs { dad: true }
        );
        let other = ipv6(58, 255, CN, HOME, &icmp(135, 0, &CN));
        assert_eq!(classify(&other, other.len(), &AT_HOME), Received::Pass);
        assert_eq!(classify(&ns[..50], ns.len(), &AT_HOME), Received::Need(64));
    }

    #[test]
    fn parameter_problems_about_our_hao_or_mh_end_route_optimisation() {
        let sent = ipv6(60, 64, COA, CN, &[]);
        let pp = ipv6(58, 64, CN, COA, &icmp(4, 2, &sent));
        assert_eq!(
            classify(&pp, pp.len(), &AWAY),
            Received::NoRouteOptimisation { cn: CN }
        );
        let sent_mh = ipv6(135, 64, COA, CN, &[]);
        let pp = ipv6(58, 64, CN, COA, &icmp(4, 1, &sent_mh));
        assert_eq!(
            classify(&pp, pp.len(), &AWAY),
            Received::NoRouteOptimisation { cn: CN }
        );
        let pp_other = ipv6(58, 64, CN, COA, &icmp(4, 1, &sent));
        assert_eq!(classify(&pp_other, pp_other.len(), &AWAY), Received::Pass);
        let not_ours = ipv6(60, 64, HA, CN, &[]);
        let pp = ipv6(58, 64, CN, COA, &icmp(4, 2, &not_ours));
        assert_eq!(classify(&pp, pp.len(), &AWAY), Received::Pass);
    }

    #[test]
    fn type_2_routing_headers_to_the_care_of_address_are_applied() {
        let mut rh = std::vec![17, 2, 2, 1, 0, 0, 0, 0];
        rh.extend_from_slice(&HOME);
        let mut p = ipv6(43, 64, CN, COA, &rh);
        p.extend_from_slice(&[0xab; 8]);
        assert_eq!(classify(&p, p.len(), &AWAY), Received::RoutingHeader);
        assert!(apply_rh2(&mut p, true));
        assert_eq!(&p[24..40], &HOME);
        assert_eq!(&p[48..64], &COA);
        assert_eq!((p[42], p[43]), (RH_TYPE_DONE, 0));
        assert_eq!(&p[64..], &[0xab; 8]);
        // Processed already, or not ours, or at home: left alone.
        assert_eq!(classify(&p, p.len(), &AWAY), Received::Pass);
        let other = ipv6(
            43,
            64,
            CN,
            COA,
            &[
                17, 2, 2, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            ],
        );
        assert_eq!(classify(&other, other.len(), &AWAY), Received::Pass);
        assert!(!apply_rh2(&mut [0u8; 63], false));
    }

    #[test]
    fn the_home_tunnel_is_only_from_our_home_agent_for_our_home_address() {
        let inner = ipv6(17, 64, CN, HOME, &[0; 8]);
        let t = ipv6(41, 64, HA, COA, &inner);
        assert_eq!(
            classify(&t, t.len(), &AWAY),
            Received::FromHomeAgent {
                candidate: Some(CN)
            }
        );
        let signalling = ipv6(41, 64, HA, COA, &ipv6(135, 64, CN, HOME, &[]));
        assert_eq!(
            classify(&signalling, signalling.len(), &AWAY),
            Received::FromHomeAgent { candidate: None }
        );
        let from_ll = ipv6(41, 64, HA, COA, &ipv6(17, 64, LL, HOME, &[]));
        assert_eq!(
            classify(&from_ll, from_ll.len(), &AWAY),
            Received::FromHomeAgent { candidate: None }
        );
        let spoofed = ipv6(41, 64, CN, COA, &inner);
        assert_eq!(classify(&spoofed, spoofed.len(), &AWAY), Received::Pass);
        assert_eq!(classify(&t, t.len(), &AT_HOME), Received::Pass);
        assert_eq!(classify(&t[..60], t.len(), &AWAY), Received::Need(80));
    }
}
