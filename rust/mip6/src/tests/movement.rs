//! Unit tests of `movement` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;

const HOME: [u8; 8] = [0x20, 1, 0xd, 0xb8, 0, 1, 0, 0];
const FOREIGN: [u8; 8] = [0x20, 1, 0xd, 0xb8, 0, 2, 0, 0];
const OTHER: [u8; 8] = [0x20, 1, 0xd, 0xb8, 0, 3, 0, 0];
const R1: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const R2: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
const R3: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3];

#[test]
fn leave_home_move_return() {
    let mut m: MovementDetector<4> = MovementDetector::new(HOME, true);
    assert_eq!(m.on_ra(0, R1, &[HOME], Some(1000)), MoveEvent::None);
    assert!(m.at_home());
    assert_eq!(m.on_ra(10, R2, &[FOREIGN], None), MoveEvent::Moved);
    assert!(!m.at_home());
    assert_eq!(m.on_ra(20, R2, &[FOREIGN], None), MoveEvent::None);
    // a second router on the same link advertising a known prefix
    assert_eq!(
        m.on_ra(30, R3, &[FOREIGN, OTHER], None),
        MoveEvent::NewRouter
    );
    assert!(!m.at_home());
    assert_eq!(
        m.on_ra(40, R1, &[HOME], Some(1000)),
        MoveEvent::ReturnedHome
    );
    assert!(m.at_home());
}

#[test]
fn adv_interval_and_unreachable() {
    let mut m: MovementDetector<2> = MovementDetector::new(HOME, false);
    assert_eq!(m.on_ra(0, R2, &[FOREIGN], Some(1000)), MoveEvent::Moved);
    assert_eq!(m.next_deadline(), Some(2001));
    assert_eq!(m.on_tick(1500), MoveEvent::None);
    assert_eq!(m.on_tick(2001), MoveEvent::AdvIntervalExpired);
    assert_eq!(m.on_tick(3000), MoveEvent::None, "reported once");
    assert_eq!(m.on_router_unreachable(), MoveEvent::RouterUnreachable);
    assert_eq!(m.on_router_unreachable(), MoveEvent::None);
    assert_eq!(m.on_ra(5000, R3, &[OTHER], None), MoveEvent::Moved);
}

#[test]
fn new_router_with_unknown_prefix_is_movement() {
    let mut m: MovementDetector<2> = MovementDetector::new(HOME, false);
    m.on_ra(0, R2, &[FOREIGN], None);
    assert_eq!(m.on_ra(1, R3, &[OTHER], None), MoveEvent::Moved);
}
