//! Unit tests of `dad`.

use super::*;

#[test]
fn probe_is_a_valid_dad_neighbour_solicitation() {
    let t = [
        0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56,
    ];
    let p = probe(&t);
    assert_eq!(
        solicited_node(&t),
        [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0x12, 0x34, 0x56]
    );
    assert_eq!(
        (p[0] >> 4, u16::from_be_bytes([p[4], p[5]]), p[6], p[7]),
        (6, 24, 58, 255)
    );
    assert_eq!(&p[8..24], &[0; 16]);
    assert_eq!(&p[24..40], &solicited_node(&t));
    assert_eq!((p[40], p[41]), (135, 0));
    assert_eq!(&p[48..64], &t);
    assert!(checksum::verify(
        &[0; 16],
        &solicited_node(&t),
        58,
        &p[40..]
    ));
}
