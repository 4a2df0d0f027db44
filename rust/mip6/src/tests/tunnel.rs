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

#[test]
fn ecn_decapsulation_follows_rfc6040_figure_4() {
    use super::ecn::*;
    // Rows: inner Not-ECT, ECT(0), ECT(1), CE; columns: outer Not-ECT, ECT(0), ECT(1), CE.
    let table = [
        (NOT_ECT, [Some(NOT_ECT), Some(NOT_ECT), Some(NOT_ECT), None]),
        (ECT0, [Some(ECT0), Some(ECT0), Some(ECT1), Some(CE)]),
        (ECT1, [Some(ECT1), Some(ECT1), Some(ECT1), Some(CE)]),
        (CE, [Some(CE), Some(CE), Some(CE), Some(CE)]),
    ];
    for (inner, row) in table {
        for (outer, want) in [NOT_ECT, ECT0, ECT1, CE].into_iter().zip(row) {
            assert_eq!(
                decap_ecn(outer, inner),
                want,
                "inner {inner:02b} outer {outer:02b}"
            );
        }
    }
}

#[test]
fn ecn_field_is_the_low_bits_of_the_traffic_class() {
    let mut p = pkt(HOME, CN, 64, 17, &[]);
    p[0] = 0x6a;
    p[1] = 0xbc;
    assert_eq!(ecn_of(&p), 0b11);
    set_ecn(&mut p, ecn::ECT0);
    assert_eq!((p[0], p[1]), (0x6a, 0xac));
    assert_eq!(ecn_of(&p), ecn::ECT0);
    assert_eq!(ecn_of(&[0x60]), ecn::NOT_ECT);
}

#[test]
fn outer_header_copies_traffic_class_and_flow_label() {
    let mut inner = pkt(HOME, CN, 64, 17, &[]);
    inner[0] = 0x6a;
    inner[1] = 0xbf;
    inner[2] = 0x12;
    inner[3] = 0x34;
    let h = outer_header(&inner, &CN, &HOME, 63);
    assert_eq!(&h[..4], &[0x6a, 0xbf, 0x12, 0x34]);
    assert_eq!(ecn_of(&h), ecn_of(&inner));
    assert_eq!((h[4], h[5], h[6], h[7]), (0, 0, 41, 63));
    assert_eq!(&h[8..24], &CN);
    assert_eq!(&h[24..40], &HOME);
    // Too short an inner header: version 6, nothing copied.
    assert_eq!(outer_header(&[0x6f], &CN, &HOME, 1)[..4], [0x60, 0, 0, 0]);
}
