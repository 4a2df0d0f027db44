//! Unit tests of `bul` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;
use std::vec;

#[test]
fn first_home_registration_backoff() {
    let mut e = BulEntry::new(true, 100);
    assert_eq!(
        e.register(0, 1000),
        BulAction::SendBu {
            seq: 101,
            lifetime: 1000
        }
    );
    assert_eq!(e.next_deadline(), Some(1500));
    assert_eq!(e.on_timer(1000), BulAction::Wait);
    let mut t = 1500;
    let mut timeouts = vec![];
    for _ in 0..8 {
        match e.on_timer(t) {
            BulAction::SendBu { .. } => {}
            BulAction::RateLimited { at_ms } => {
                t = at_ms;
                continue;
            }
            BulAction::Wait => panic!(),
        }
        timeouts.push(e.timeout_ms);
        t = e.next_deadline().unwrap();
    }
    assert_eq!(&timeouts[..6], &[3000, 6000, 12000, 24000, 32000, 32000]);
}

#[test]
fn correspondent_gives_up_and_caps_lifetime() {
    let mut e = BulEntry::new(false, 0);
    assert_eq!(
        e.register(0, 1000),
        BulAction::SendBu {
            seq: 1,
            lifetime: 105
        }
    );
    assert_eq!(e.timeout_ms, 1000);
    let mut t = 1000;
    while let BulAction::SendBu { .. } | BulAction::RateLimited { .. } = e.on_timer(t) {
        t = e.next_deadline().unwrap_or(t + 1000);
    }
    assert_eq!(
        e.state,
        BulState::Failed {
            status: 0,
            retry_ms: None
        }
    );
}

#[test]
fn rate_limit() {
    let mut e = BulEntry::new(false, 0);
    e.register(0, 10);
    e.register(10, 10);
    e.register(20, 10);
    assert_eq!(e.register(30, 10), BulAction::RateLimited { at_ms: 1000 });
    assert!(matches!(e.register(1000, 10), BulAction::SendBu { .. }));
}

#[test]
fn ack_refresh_deregister() {
    let mut e = BulEntry::new(true, 7);
    e.register(0, 100);
    assert_eq!(e.on_ba(100, 0, 9, 50), (false, BulAction::Wait));
    assert_eq!(e.on_ba(100, 0, 8, 50).0, true);
    assert_eq!(
        e.state,
        BulState::Bound {
            expires_ms: 200_100
        }
    );
    assert!(!e.first_reg);
    assert_eq!(e.on_timer(100_000), BulAction::Wait);
    assert!(matches!(
        e.on_timer(181_000),
        BulAction::SendBu { seq: 9, .. }
    ));
    assert_eq!(e.timeout_ms, INITIAL_BINDACK_TIMEOUT_MS);
    e.on_ba(181_100, 0, 9, 100);
    assert!(matches!(
        e.deregister(190_000),
        BulAction::SendBu {
            seq: 10,
            lifetime: 0
        }
    ));
    e.on_ba(190_100, 0, 10, 0);
    assert_eq!(e.state, BulState::Idle);
    // Deregistered: the next home registration waits for the home agent's DAD again.
    assert!(e.first_reg);
    e.register(195_000, 10);
    assert_eq!(e.timeout_ms, INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS);
    e.on_ba(195_100, 0, 11, 10);
    assert!(!e.first_reg);
    // out of window: resync and resend
    e.register(200_000, 10);
    let (m, a) = e.on_ba(200_001, ba_status::SEQ_OUT_OF_WINDOW, 500, 0);
    assert!(m);
    assert!(matches!(a, BulAction::SendBu { seq: 501, .. }));
    e.on_ba(200_002, ba_status::NOT_HOME_AGENT, 501, 0);
    assert_eq!(
        e.state,
        BulState::Failed {
            status: 133,
            retry_ms: Some(201_002)
        }
    );
    assert!(e.is_stale(400));
    // A refused home registration is retried, with back-off, never left failed.
    assert_eq!(e.next_deadline(), Some(201_002));
    assert_eq!(e.on_timer(201_001), BulAction::Wait);
    assert!(matches!(
        e.on_timer(201_002),
        BulAction::SendBu {
            seq: 502,
            lifetime: 10
        }
    ));
    e.on_ba(201_003, ba_status::ADMIN_PROHIBITED, 502, 0);
    assert_eq!(
        e.state,
        BulState::Failed {
            status: 129,
            retry_ms: Some(203_003)
        }
    );
}

#[test]
fn forged_seq_out_of_window_cannot_pull_the_sequence_back() {
    let mut e = BulEntry::new(true, 1000);
    assert!(matches!(
        e.register(0, 10),
        BulAction::SendBu { seq: 1001, .. }
    ));
    // An older "last accepted" number would not have refused 1001.
    assert_eq!(
        e.on_ba(1, ba_status::SEQ_OUT_OF_WINDOW, 5, 0),
        (false, BulAction::Wait)
    );
    assert_eq!(e.seq, 1001);
    // A plausible one (not older than ours) resynchronises.
    let (m, a) = e.on_ba(2, ba_status::SEQ_OUT_OF_WINDOW, 1001, 0);
    assert!(m && matches!(a, BulAction::SendBu { seq: 1002, .. }));
}

#[test]
fn rr_tokens() {
    let mut r = RrState::default();
    r.start([1; 8], [2; 8]);
    assert!(!r.on_hot(0, [9; 8], 1, [3; 8]));
    assert!(r.on_hot(0, [1; 8], 1, [3; 8]));
    assert!(r.ready(10, false).is_none());
    assert!(r.ready(10, true).is_some());
    assert!(r.on_cot(10, [2; 8], 2, [4; 8]));
    assert!(r.ready(MAX_TOKEN_LIFETIME_MS, false).is_some());
    assert!(r.ready(MAX_TOKEN_LIFETIME_MS + 1, false).is_none());
    r.on_expired(ba_status::EXPIRED_CAREOF_NONCE);
    assert!(r.care_of.is_none() && r.home.is_some());
    r.care_of_changed();
    r.on_expired(ba_status::EXPIRED_NONCES);
    assert!(r.home.is_none());
    let t = TokenState {
        nonce_index: 0,
        token: [0; 8],
        received_ms: 0,
    };
    assert!(RrState::surely_expired(&t, MAX_NONCE_LIFETIME_MS + 1));
}

#[test]
fn a_late_ba_for_a_retransmitted_copy_answers_the_registration() {
    let mut e = BulEntry::new(true, 0);
    assert!(matches!(
        e.register(0, 100),
        BulAction::SendBu { seq: 1, .. }
    ));
    // The first-registration timeout runs out before the home agent's DAD is over.
    assert!(matches!(
        e.on_timer(1_500),
        BulAction::SendBu { seq: 2, .. }
    ));
    // The BA for seq 1 comes back: it answers this attempt.
    let (matched, _) = e.on_ba(1_600, 0, 1, 100);
    assert!(matched);
    assert!(matches!(e.state, BulState::Bound { .. }));
    // Once bound, a new attempt (refresh) does not take answers to the old one.
    assert!(matches!(
        e.register(300_000, 100),
        BulAction::SendBu { seq: 3, .. }
    ));
    assert_eq!(e.on_ba(300_010, 0, 2, 100), (false, BulAction::Wait));
    assert_eq!(e.on_ba(300_010, 0, 4, 100), (false, BulAction::Wait));
    assert!(e.on_ba(300_020, 0, 3, 100).0);
}
