//! Unit tests of `tunnel`.

use super::*;
use std::vec::Vec;

const HOME: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4];
const CN: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const LL: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const ALL_NODES: [u8; 16] = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const SITE_MC: [u8; 16] = [0xff, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

fn pkt(src: [u8; 16], dst: [u8; 16], hop: u8, nh: u8, rest: &[u8]) -> Vec<u8> {
    let mut v = std::vec![0x60, 0, 0, 0, 0, 0, nh, hop];
    v.extend_from_slice(&src);
    v.extend_from_slice(&dst);
    v.extend_from_slice(rest);
    v
}

#[test]
fn ordinary_traffic_passes() {
    assert!(inner_allowed(&pkt(HOME, CN, 64, 6, &[0; 20])));
    assert!(
        inner_allowed(&pkt(HOME, CN, 64, 58, &[128, 0, 0, 0])),
        "echo request"
    );
    assert!(
        inner_allowed(&pkt(HOME, CN, 255, 6, &[0; 20])),
        "TCP with hop limit 255 (GTSM)"
    );
    assert!(
        inner_allowed(&pkt(HOME, SITE_MC, 64, 17, &[0; 8])),
        "site-scoped multicast"
    );
    // ICMPv6 echo behind a destination options header
    assert!(inner_allowed(&pkt(
        HOME,
        CN,
        64,
        60,
        &[58, 0, 1, 4, 0, 0, 0, 0, 128, 0]
    )));
}

#[test]
fn link_only_traffic_is_refused() {
    assert!(
        !inner_allowed(&pkt(HOME, ALL_NODES, 255, 58, &[136, 0, 0, 0])),
        "unsolicited NA"
    );
    assert!(
        !inner_allowed(&pkt(HOME, CN, 64, 58, &[135, 0, 0, 0])),
        "NS even with hop limit 64"
    );
    assert!(
        !inner_allowed(&pkt(HOME, CN, 255, 58, &[128, 0, 0, 0])),
        "any ICMPv6 with hop limit 255"
    );
    assert!(
        !inner_allowed(&pkt(LL, CN, 64, 6, &[0; 20])),
        "link-local source"
    );
    assert!(
        !inner_allowed(&pkt(HOME, LL, 64, 6, &[0; 20])),
        "link-local destination"
    );
    assert!(
        !inner_allowed(&pkt(HOME, ALL_NODES, 64, 17, &[0; 8])),
        "link-scoped multicast"
    );
    assert!(
        !inner_allowed(&pkt([0; 16], CN, 64, 6, &[0; 20])),
        "unspecified source"
    );
    assert!(
        !inner_allowed(&pkt(SITE_MC, CN, 64, 6, &[0; 20])),
        "multicast source"
    );
    // NA hidden behind a hop-by-hop header and a first fragment
    assert!(!inner_allowed(&pkt(
        HOME,
        CN,
        64,
        0,
        &[44, 0, 1, 4, 0, 0, 0, 0, 58, 0, 0, 1, 0, 0, 0, 1, 136, 0]
    )));
    // extension headers that run past what the caller read, hop limit 255
    assert!(!inner_allowed(&pkt(HOME, CN, 255, 60, &[58, 200])));
    assert!(!inner_allowed(&[0x60; 39]), "shorter than an IPv6 header");
    let mut v4 = pkt(HOME, CN, 64, 6, &[0; 20]);
    v4[0] = 0x45;
    assert!(!inner_allowed(&v4), "not IPv6");
}

#[test]
fn never_panics_on_any_prefix() {
    let p = pkt(
        HOME,
        CN,
        255,
        0,
        &[
            60, 0, 1, 4, 0, 0, 0, 0, 44, 255, 0, 0, 0, 0, 0, 0, 58, 0, 0, 0,
        ],
    );
    for n in 0..=p.len() {
        let _ = inner_allowed(&p[..n]);
    }
}
