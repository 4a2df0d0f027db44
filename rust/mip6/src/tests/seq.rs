//! Unit tests of `seq` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;

#[test]
fn comparisons_wrap() {
    assert!(seq_lt(1, 2));
    assert!(!seq_lt(2, 2));
    assert!(seq_lt(65535, 0));
    assert!(seq_lt(0, 32767));
    assert!(!seq_lt(0, 32768));
    assert!(seq_gt(0, 65535));
}

#[test]
fn bu_window() {
    assert!(bu_seq_acceptable(11, 10));
    assert!(!bu_seq_acceptable(10, 10));
    assert!(!bu_seq_acceptable(9, 10));
    // the 32768 values preceding 'last' inclusive are out of window
    assert!(!bu_seq_acceptable(10u16.wrapping_sub(32768), 10));
    assert!(bu_seq_acceptable(10u16.wrapping_add(32767), 10));
    assert!(bu_seq_acceptable(0, 65535));
}

#[test]
fn units() {
    assert_eq!(binding_units_to_secs(u16::MAX), 262_140);
    assert_eq!(secs_to_binding_units(7), 1);
    assert_eq!(secs_to_binding_units_ceil(7), 2);
    assert_eq!(secs_to_binding_units(u32::MAX), u16::MAX);
    assert_eq!(secs_to_binding_units_ceil(u32::MAX), u16::MAX);
    assert_eq!(clamp_binding_units(1000, 420), 105);
    assert_eq!(clamp_binding_units(10, 420), 10);
    assert_eq!(binding_units_to_ms(3), 12_000);
}
