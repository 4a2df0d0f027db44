//! Unit tests of `addr` (kept apart so the kernel-side sources hold no test-only panics).

extern crate std;
use super::Ipv6Display;
use std::format;
use std::net::Ipv6Addr;

#[test]
fn matches_std_formatting() {
    let cases: [[u8; 16]; 6] = [
        [0; 16],
        [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4],
        [0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 2, 0x90, 0x7d, 0xff, 0xfe, 0xf3, 3, 0x1a],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        [0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0],
    ];
    for a in cases {
        assert_eq!(format!("{}", Ipv6Display(&a)), format!("{}", Ipv6Addr::from(a)));
    }
}
