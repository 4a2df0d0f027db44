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
        [
            0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 2, 0x90, 0x7d, 0xff, 0xfe, 0xf3, 3, 0x1a,
        ],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        [0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0],
    ];
    for a in cases {
        assert_eq!(
            format!("{}", Ipv6Display(&a)),
            format!("{}", Ipv6Addr::from(a))
        );
    }
}

fn a(s: &str) -> [u8; 16] {
    s.parse::<Ipv6Addr>().unwrap().octets()
}

#[test]
fn masks_and_prefixes() {
    use super::{in_prefix, masked};
    assert_eq!(masked(&a("fec0:106:2700::4"), 64), a("fec0:106:2700::"));
    assert_eq!(masked(&a("fec0:106:27ff::4"), 41), a("fec0:106:2780::"));
    assert_eq!(masked(&a("fec0::4"), 0), [0; 16]);
    assert_eq!(masked(&a("fec0::4"), 128), a("fec0::4"));
    assert_eq!(masked(&a("fec0::4"), 200), a("fec0::4"));
    assert!(in_prefix(&a("fec0:106:2700::4"), &a("fec0:106:2700::"), 64));
    assert!(!in_prefix(
        &a("fec0:106:2701::4"),
        &a("fec0:106:2700::"),
        64
    ));
    assert!(in_prefix(
        &a("fec0:106:2700::4"),
        &a("fec0:106:2700::4"),
        128
    ));
    assert!(!in_prefix(
        &a("fec0:106:2700::5"),
        &a("fec0:106:2700::4"),
        128
    ));
}

#[test]
fn unicast_classes() {
    use super::{unicast_check, AddrClass};
    for ok in [
        "fec0:106:2700::4",
        "2001:db8::1",
        "fec0:106:1100:0:290:7dff:fef3:31a",
        "2001:db8::fdff:ffff:ffff:ff7f",
    ] {
        assert_eq!(unicast_check(&a(ok)), Ok(()), "{ok}");
    }
    let bad = [
        ("::", AddrClass::Unspecified),
        ("::1", AddrClass::Loopback),
        ("ff02::1", AddrClass::Multicast),
        ("ff02::1:ff00:4", AddrClass::Multicast),
        ("fe80::1", AddrClass::LinkLocal),
        ("febf::1", AddrClass::LinkLocal),
        ("::ffff:10.0.0.1", AddrClass::Ipv4),
        ("::10.0.0.1", AddrClass::Ipv4),
        ("fec0:106:2700::", AddrClass::Anycast),
        ("fec0:106:2700:0:fdff:ffff:ffff:fffe", AddrClass::Anycast),
        ("fec0:106:2700:0:fdff:ffff:ffff:ff80", AddrClass::Anycast),
    ];
    for (s, class) in bad {
        assert_eq!(unicast_check(&a(s)), Err(class), "{s}");
    }
}

#[test]
fn valid_left_counts_down_and_never_below_zero() {
    use super::valid_left;
    assert_eq!(valid_left(false, 3600, 600), 3000);
    assert_eq!(valid_left(false, 3600, 3600), 0);
    assert_eq!(valid_left(false, 60, u32::MAX), 0);
    assert_eq!(valid_left(true, 60, 600), u32::MAX);
    assert_eq!(valid_left(false, u32::MAX, 600), u32::MAX);
}
