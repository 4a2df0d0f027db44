//! Unit tests of `pmtu`, and of the receive hook's classification of what they recognise.

use super::super::inbound::{classify, Classified};
use super::*;
use std::vec::Vec;

const CN: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const HOME: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4];
const COA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const HA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const ROUTER: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

fn ipv6(nh: u8, src: [u8; 16], dst: [u8; 16], rest: &[u8]) -> Vec<u8> {
    let len = u16::try_from(rest.len()).unwrap().to_be_bytes();
    let mut p = std::vec![0x60, 0, 0, 0, len[0], len[1], nh, 64];
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(rest);
    p
}

/// A Packet Too Big from the router to `to`, reporting `mtu`, quoting `quoted`.
fn too_big(to: [u8; 16], mtu: u32, quoted: &[u8]) -> Vec<u8> {
    let mut icmp = std::vec![2, 0, 0, 0];
    icmp.extend_from_slice(&mtu.to_be_bytes());
    icmp.extend_from_slice(quoted);
    ipv6(58, ROUTER, to, &icmp)
}

/// The correspondent's route-optimised packet: to the care-of address, with a type 2
/// routing header holding the home address, then TCP.
fn cn_packet() -> Vec<u8> {
    let mut rh2 = std::vec![6, 2, 2, 1, 0, 0, 0, 0];
    rh2.extend_from_slice(&HOME);
    rh2.extend_from_slice(&[0; 20]);
    ipv6(43, CN, COA, &rh2)
}

/// The mobile node's route-optimised packet: from the care-of address, with a Home
/// Address option (after a PadN) in a Destination Options header, then TCP.
fn mn_packet() -> Vec<u8> {
    let mut dst_opts = std::vec![6, 2, 1, 2, 0, 0, 201, 16];
    dst_opts.extend_from_slice(&HOME);
    dst_opts.extend_from_slice(&[0; 20]);
    ipv6(60, COA, CN, &dst_opts)
}

fn learn(pkt: &[u8]) -> Classified {
    assert_eq!(pkt[6], 58);
    classify(pkt, pkt.len())
}

#[test]
fn room_for_an_added_header() {
    assert_eq!(with_header(1500, 24), (1500, 1476));
    assert_eq!(with_header(1400, 40), (1400, 1360));
    // Never below the IPv6 minimum, once the header is in.
    assert_eq!(with_header(1280, 24), (1304, 1280));
    assert_eq!(with_header(0, 24), (1304, 1280));
    assert!(fits(1476, 1500, 24));
    assert!(!fits(1477, 1500, 24));
    assert!(!fits(usize::MAX, 1500, 24));
    // An absurd header size cannot wrap the arithmetic.
    assert_eq!(with_header(1500, usize::MAX), (2560, 1280));
}

#[test]
fn too_big_about_a_route_optimised_packet_of_the_correspondent() {
    let p = too_big(CN, 1400, &cn_packet());
    assert_eq!(
        learn(&p),
        Classified::PathMtu {
            quoted: 48,
            mtu: 1400
        }
    );
}

#[test]
fn too_big_about_a_route_optimised_packet_of_the_mobile_node() {
    let p = too_big(COA, 1400, &mn_packet());
    assert_eq!(
        learn(&p),
        Classified::PathMtu {
            quoted: 48,
            mtu: 1400
        }
    );
}

#[test]
fn too_big_about_a_tunnel_packet() {
    let inner = ipv6(6, CN, HOME, &[0; 20]);
    let outer = ipv6(41, HA, COA, &inner);
    let p = too_big(HA, 1400, &outer);
    assert_eq!(
        learn(&p),
        Classified::PathMtu {
            quoted: 48,
            mtu: 1400
        }
    );
}

#[test]
fn a_quote_cut_short_by_the_router_is_still_recognised() {
    let mut quoted = cn_packet();
    quoted.truncate(40 + 24);
    let p = too_big(CN, 1400, &quoted);
    assert_eq!(
        learn(&p),
        Classified::PathMtu {
            quoted: 48,
            mtu: 1400
        }
    );
}

#[test]
fn what_is_not_ours_passes() {
    // A plain packet: the stack's own sockets handle it.
    let plain = ipv6(6, CN, HOME, &[0; 20]);
    assert_eq!(learn(&too_big(CN, 1400, &plain)), Classified::Pass);
    // Not sent by the node the error came to.
    assert_eq!(learn(&too_big(HA, 1400, &cn_packet())), Classified::Pass);
    // Another routing type (a source route of someone else's).
    let mut rh0 = cn_packet();
    rh0[42] = 0;
    assert_eq!(learn(&too_big(CN, 1400, &rh0)), Classified::Pass);
    // Destination options without a Home Address option.
    let mut pad = mn_packet();
    pad[46] = 1;
    assert_eq!(learn(&too_big(COA, 1400, &pad)), Classified::Pass);
    // Another ICMPv6 error, or a non-zero code.
    let mut unreach = too_big(CN, 1400, &cn_packet());
    unreach[40] = 1;
    assert_eq!(learn(&unreach), Classified::Pass);
    let mut code = too_big(CN, 1400, &cn_packet());
    code[41] = 1;
    assert_eq!(learn(&code), Classified::Pass);
    // An echo request.
    assert_eq!(
        learn(&ipv6(58, CN, HOME, &[128, 0, 0, 0, 0, 1, 0, 1])),
        Classified::Pass
    );
    // A quote that is not IPv6.
    let mut v4 = too_big(CN, 1400, &cn_packet());
    v4[48] = 0x45;
    assert_eq!(learn(&v4), Classified::Pass);
}

#[test]
fn truncated_errors_pass_and_short_views_ask_for_more() {
    let p = too_big(CN, 1400, &cn_packet());
    for cut in 0..p.len() {
        // Truncated: the stack drops it.
        let short = &p[..cut];
        assert!(matches!(
            classify(short, short.len()),
            Classified::Pass | Classified::PathMtu { .. }
        ));
        // Only part at hand: asks for more, never past the packet, and ends the same.
        let mut have = cut;
        let verdict = loop {
            match classify(&p[..have], p.len()) {
                Classified::Need(n) => {
                    assert!(n > have && n <= p.len());
                    have = n;
                }
                v => break v,
            }
        };
        assert_eq!(
            verdict,
            Classified::PathMtu {
                quoted: 48,
                mtu: 1400
            }
        );
    }
}
