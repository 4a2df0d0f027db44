//! Where a packet the mobile node's home tunnel device is given goes (RFC 6275 §11.3.1):
//! from the home address route-optimised (straight to the correspondent, from the care-of
//! address, the home address in a Home Address option), or through the reverse tunnel to
//! the home agent; from any other address straight out of the care-of address's link.
//! "Sans I/O": the kernel side looks the correspondent up and moves the bytes.

use super::ext::{emit_hao_dest_opts, NH_DEST_OPTS, NH_HOP_BY_HOP, NH_MOBILITY, NH_ROUTING};
use super::mn_inbound::View;

/// IPv6 header length.
const IPV6_HDR_LEN: usize = 40;
/// A Destination Options header holding only a Home Address option.
pub const HAO_HDR_LEN: usize = 24;
/// Bytes of the packet's front [`insert_hao`] rewrites.
pub const HAO_REWRITE_LEN: usize = IPV6_HDR_LEN + HAO_HDR_LEN;

/// Where a packet goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// At home, or no IPv6 header: nothing to send through the home tunnel.
    Drop,
    /// From the home address to a route-optimised correspondent: with a Home Address
    /// option, from the care-of address ([`insert_hao`]), straight out of its link.
    RouteOptimised,
    /// From the home address: through the reverse tunnel to the home agent.
    ReverseTunnel,
    /// From another address (the care-of address): straight out of its link.
    Direct,
}

/// Decides for the packet whose IPv6 header is `ip6`; `route_optimised` says whether a
/// correspondent is route-optimised (asked only for packets that could be).
pub fn route(ip6: &[u8], view: &View, route_optimised: impl FnOnce(&[u8; 16]) -> bool) -> Route {
    let (Some(&nh), Some(src), Some(Ok(dst))) = (
        ip6.get(6),
        ip6.get(8..24),
        ip6.get(24..40).map(<[u8; 16]>::try_from),
    ) else {
        return Route::Drop;
    };
    if !view.away {
        return Route::Drop;
    }
    if src != view.home {
        return Route::Direct;
    }
    // Signalling and packets with extension headers of their own use the tunnel.
    let plain = !matches!(nh, NH_MOBILITY | NH_HOP_BY_HOP | NH_ROUTING | NH_DEST_OPTS);
    if plain && route_optimised(&dst) {
        Route::RouteOptimised
    } else {
        Route::ReverseTunnel
    }
}

/// Rewrites the front of a packet that was just given [`HAO_HDR_LEN`] bytes of headroom:
/// `front` holds those bytes followed by the original IPv6 header. The IPv6 header moves to
/// the start with `coa` as its source, and a Destination Options header with a Home
/// Address option (aligned 8n+6) carrying the old source follows. The Payload Length is
/// left to the stack (`ip6_local_out` sets it). `false`, nothing changed, if `front` is
/// shorter than [`HAO_REWRITE_LEN`].
pub fn insert_hao(front: &mut [u8], coa: &[u8; 16]) -> bool {
    let Some(old) = front.get(HAO_HDR_LEN..HAO_REWRITE_LEN) else {
        return false;
    };
    let (Some(&nh), Some(Ok(home))) = (old.get(6), old.get(8..24).map(<[u8; 16]>::try_from)) else {
        return false;
    };
    front.copy_within(HAO_HDR_LEN..HAO_REWRITE_LEN, 0);
    let (ip6, rest) = front.split_at_mut(IPV6_HDR_LEN);
    if emit_hao_dest_opts(rest, nh, &home).is_err() {
        return false;
    }
    ip6[6] = NH_DEST_OPTS;
    ip6[8..24].copy_from_slice(coa);
    true
}

#[cfg(test)]
mod tests {
    use super::super::ext::find_home_address;
    use super::*;
    use std::vec::Vec;

    const HOME: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4];
    const COA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    const HA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const CN: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    const AWAY: View = View {
        home: HOME,
        coa: COA,
        ha: HA,
        away: true,
    };

    fn ipv6(nh: u8, src: [u8; 16], dst: [u8; 16]) -> Vec<u8> {
        let mut p = std::vec![0x60, 0, 0, 0, 0, 8, nh, 64];
        p.extend_from_slice(&src);
        p.extend_from_slice(&dst);
        p
    }

    #[test]
    fn home_address_packets_go_route_optimised_or_through_the_tunnel() {
        assert_eq!(
            route(&ipv6(17, HOME, CN), &AWAY, |d| *d == CN),
            Route::RouteOptimised
        );
        assert_eq!(
            route(&ipv6(17, HOME, CN), &AWAY, |_| false),
            Route::ReverseTunnel
        );
        for nh in [135, 0, 43, 60] {
            assert_eq!(
                route(&ipv6(nh, HOME, CN), &AWAY, |_| true),
                Route::ReverseTunnel
            );
        }
        assert_eq!(route(&ipv6(17, COA, CN), &AWAY, |_| true), Route::Direct);
        let home = View {
            away: false,
            ..AWAY
        };
        assert_eq!(route(&ipv6(17, HOME, CN), &home, |_| true), Route::Drop);
        assert_eq!(route(&[0x60; 39], &AWAY, |_| true), Route::Drop);
    }

    #[test]
    fn the_home_address_option_follows_the_ipv6_header() {
        let mut p = std::vec![0u8; HAO_HDR_LEN];
        p.extend_from_slice(&ipv6(17, HOME, CN));
        p.extend_from_slice(&[0xab; 8]);
        assert!(insert_hao(&mut p[..HAO_REWRITE_LEN], &COA));
        assert_eq!(p[6], NH_DEST_OPTS);
        assert_eq!(&p[8..24], &COA);
        assert_eq!(&p[24..40], &CN);
        assert_eq!(p[40], 17);
        assert_eq!(find_home_address(&p[40..64]), Ok(Some(HOME)));
        assert_eq!(p[46], 201, "the option sits at 8n+6");
        assert_eq!(&p[64..], &[0xab; 8]);
        let mut short = [7u8; HAO_REWRITE_LEN - 1];
        assert!(!insert_hao(&mut short, &COA));
        assert_eq!(short, [7u8; HAO_REWRITE_LEN - 1]);
    }
}
