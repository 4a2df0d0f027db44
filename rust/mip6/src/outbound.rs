//! What the send hook does with a packet this node sends to a home address that has a
//! correspondent binding (RFC 6275 §9.3.2, §6.4): it goes to the care-of address with a
//! type 2 routing header carrying the home address. "Sans I/O": the kernel side fetches
//! the route and the bytes, these functions decide and rewrite.

use super::ext::{Rh2Repr, NH_HOP_BY_HOP, NH_MOBILITY, NH_ROUTING, RH2_LEN};
use super::pmtu;

/// IPv6 header length.
const IPV6_HDR_LEN: usize = 40;
/// Bytes of the packet's front [`insert_rh2`] rewrites.
pub const REWRITE_LEN: usize = IPV6_HDR_LEN + RH2_LEN;

/// Whether a packet whose first header after the IPv6 header is `first_nh` may be sent
/// with a type 2 routing header: signalling carries its own headers (a Home Test must
/// reach the home address), and a packet with Hop-by-Hop options or a routing header of
/// its own keeps its path.
pub fn route_optimisable(first_nh: u8) -> bool {
    !matches!(first_nh, NH_MOBILITY | NH_ROUTING | NH_HOP_BY_HOP)
}

/// The MTU a packet with a type 2 routing header may use on a path of `path_mtu`, and
/// what the sender learns as its path MTU when its packet is too big
/// ([`pmtu::with_header`]).
pub fn rh2_mtu(path_mtu: u32) -> (u32, u32) {
    pmtu::with_header(path_mtu, RH2_LEN)
}

/// Whether a packet of `len` bytes (IPv6 header included) fits a path of `path_mtu` once
/// the routing header is in.
pub fn fits(len: usize, path_mtu: u32) -> bool {
    pmtu::fits(len, path_mtu, RH2_LEN)
}

/// Rewrites the front of a packet that was just given [`RH2_LEN`] bytes of headroom:
/// `front` holds those bytes followed by the original IPv6 header ([`REWRITE_LEN`] bytes
/// in all), `total_len` is the whole packet's new length. The IPv6 header moves to the
/// start, a type 2 routing header with its destination (the home address) follows, and
/// `coa` becomes the destination. `false`, with `front` untouched, if the sizes are wrong
/// (the packet must then be dropped).
pub fn insert_rh2(front: &mut [u8], coa: &[u8; 16], total_len: usize) -> bool {
    let Some(payload) = total_len
        .checked_sub(IPV6_HDR_LEN)
        .and_then(|p| u16::try_from(p).ok())
    else {
        return false;
    };
    if total_len < REWRITE_LEN {
        return false;
    }
    let Some(old) = front.get(RH2_LEN..REWRITE_LEN) else {
        return false;
    };
    let (Some(&nh), Some(Ok(home))) = (old.get(6), old.get(24..40).map(<[u8; 16]>::try_from))
    else {
        return false;
    };
    front.copy_within(RH2_LEN..REWRITE_LEN, 0);
    let (ip6, rest) = front.split_at_mut(IPV6_HDR_LEN);
    let rh2 = Rh2Repr {
        next_header: nh,
        segments_left: 1,
        home_address: home,
    };
    // Cannot fail: `rest` is RH2_LEN bytes.
    let _ = rh2.emit(rest);
    set_front(ip6, payload, coa);
    true
}

/// Payload length, Next Header (Routing) and destination of the rewritten IPv6 header.
fn set_front(ip6: &mut [u8], payload: u16, coa: &[u8; 16]) {
    if let Some(l) = ip6.get_mut(4..6) {
        l.copy_from_slice(&payload.to_be_bytes());
    }
    if let Some(nh) = ip6.get_mut(6) {
        *nh = NH_ROUTING;
    }
    if let Some(d) = ip6.get_mut(24..40) {
        d.copy_from_slice(coa);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    const COA: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20];

    #[test]
    fn signalling_and_own_routing_keep_their_path() {
        assert!(!route_optimisable(NH_MOBILITY));
        assert!(!route_optimisable(NH_ROUTING));
        assert!(!route_optimisable(NH_HOP_BY_HOP));
        assert!(route_optimisable(6) && route_optimisable(17) && route_optimisable(58));
        assert!(
            route_optimisable(44),
            "fragments: the routing header goes in front"
        );
    }

    #[test]
    fn mtu_leaves_room_for_the_header() {
        assert_eq!(rh2_mtu(1500), (1500, 1476));
        assert_eq!(rh2_mtu(1280), (1304, 1280));
        assert!(fits(1476, 1500) && !fits(1477, 1500));
        assert!(!fits(usize::MAX, 1500));
    }

    #[test]
    fn routing_header_goes_behind_the_ipv6_header() {
        let mut pkt = std::vec![0u8; RH2_LEN];
        let mut ip6 = [0u8; 40];
        ip6[0] = 0x60;
        ip6[6] = 17;
        ip6[7] = 64;
        ip6[8..24].fill(0x11);
        ip6[24..40].copy_from_slice(&HOME);
        pkt.extend_from_slice(&ip6);
        pkt.extend_from_slice(&[0xab; 8]);
        let total = pkt.len();
        assert!(insert_rh2(&mut pkt[..REWRITE_LEN], &COA, total));
        assert_eq!(pkt[0], 0x60);
        assert_eq!(u16::from_be_bytes([pkt[4], pkt[5]]) as usize, total - 40);
        assert_eq!(pkt[6], NH_ROUTING);
        assert_eq!(&pkt[8..24], &[0x11; 16]);
        assert_eq!(&pkt[24..40], &COA);
        assert_eq!(
            Rh2Repr::parse(&pkt[40..64]),
            Ok(Rh2Repr {
                next_header: 17,
                segments_left: 1,
                home_address: HOME
            })
        );
        assert_eq!(&pkt[64..], &[0xab; 8]);
    }

    #[test]
    fn wrong_sizes_change_nothing() {
        let mut front = [7u8; REWRITE_LEN];
        assert!(!insert_rh2(&mut front[..REWRITE_LEN - 1], &COA, 100));
        assert!(!insert_rh2(&mut front, &COA, 30));
        assert!(!insert_rh2(&mut front, &COA, 70_000));
        assert_eq!(front, [7u8; REWRITE_LEN]);
    }
}
