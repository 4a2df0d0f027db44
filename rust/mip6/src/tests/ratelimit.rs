//! Unit tests of `ratelimit`.

use super::RateLimit;

#[test]
fn budget_per_second() {
    let mut r = RateLimit::new();
    assert!((0..10).all(|i| r.allow(5000 + i, 10)));
    assert!(!r.allow(5500, 10));
    assert!(!r.allow(5999, 10));
    assert!(r.allow(6000, 10));
    assert!(!RateLimit::new().allow(0, 0));
}
