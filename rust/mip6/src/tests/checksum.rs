//! Unit tests of `checksum` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;

#[test]
fn rfc1071_example_sum() {
    // RFC 1071 §3 example words sum to ddf2.
    let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
    assert_eq!(ones_add(0, &data), 0xddf2);
}

#[test]
fn checksum_then_verify() {
    let src = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let dst = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
    let mut mh = [59u8, 1, 5, 0, 0, 0, 0, 7, 0xc0, 0, 0, 3, 1, 2, 0, 0];
    let c = mh_checksum(&src, &dst, &mh);
    mh[4..6].copy_from_slice(&c.to_be_bytes());
    assert!(verify(&src, &dst, NEXT_HEADER_MOBILITY, &mh));
    assert_eq!(mh_checksum(&src, &dst, &mh), c);
    mh[7] ^= 1;
    assert!(!verify(&src, &dst, NEXT_HEADER_MOBILITY, &mh));
}

#[test]
fn odd_length() {
    assert_eq!(ones_add(0, &[0xab]), 0xab00);
}

#[test]
fn pseudo_address_rules() {
    let a = [1u8; 16];
    let b = [2u8; 16];
    let h = [3u8; 16];
    assert_eq!(mh_pseudo_addresses(a, b, None, None), (a, b));
    assert_eq!(mh_pseudo_addresses(a, b, Some(h), None), (h, b));
    assert_eq!(mh_pseudo_addresses(a, b, None, Some(h)), (a, h));
}
