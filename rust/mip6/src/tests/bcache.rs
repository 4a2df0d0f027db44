//! Unit tests of `bcache` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;

const H: [u8; 16] = [1; 16];
const C: [u8; 16] = [2; 16];

fn ha() -> BuContext {
    BuContext {
        is_home_agent: true,
        home_on_served_link: true,
        serves_mn: true,
        admin_allowed: true,
        dad_failed: false,
        prefix_discovery_needed: false,
        nonce_status: 0,
        max_lifetime_secs: 400,
    }
}
fn bu(seq: u16, home_reg: bool, lifetime: u16) -> BuInput {
    BuInput {
        home: H,
        coa: C,
        seq,
        home_reg,
        ack: true,
        lifetime,
    }
}

#[test]
fn create_refresh_expire_delete() {
    let mut c: BindingCache<2> = BindingCache::new();
    let d = c.process_bu(0, &bu(10, true, 1000), &ha());
    assert_eq!(
        (d.status, d.lifetime, d.action),
        (0, 100, CacheAction::Created)
    );
    assert_eq!(c.get(&H, 1).unwrap().expires_ms, 400_000);
    let d = c.process_bu(1000, &bu(11, true, 50), &ha());
    assert_eq!(
        (d.status, d.lifetime, d.action),
        (0, 50, CacheAction::Updated)
    );
    assert_eq!(c.len(1000), 1);
    assert!(c.get(&H, 201_000).is_none());
    assert_eq!(c.expire(201_000), 1);
    c.process_bu(300_000, &bu(12, true, 50), &ha());
    let d = c.process_bu(300_001, &bu(13, true, 0), &ha());
    assert_eq!((d.status, d.action), (0, CacheAction::Deleted));
    assert!(c.is_empty(300_002));
}

#[test]
fn statuses() {
    let mut c: BindingCache<1> = BindingCache::new();
    c.process_bu(0, &bu(10, true, 10), &ha());
    let d = c.process_bu(1, &bu(10, true, 10), &ha());
    assert_eq!((d.status, d.seq), (ba_status::SEQ_OUT_OF_WINDOW, 10));
    let d = c.process_bu(1, &bu(5, true, 10), &ha());
    assert_eq!((d.status, d.seq), (135, 10));
    assert_eq!(
        c.process_bu(1, &bu(11, false, 10), &ha()).status,
        ba_status::REG_TYPE_CHANGE_DISALLOWED
    );
    let other = BuInput {
        home: [9; 16],
        ..bu(1, true, 10)
    };
    assert_eq!(
        c.process_bu(1, &other, &ha()).status,
        ba_status::INSUFFICIENT_RESOURCES
    );
    let mut e: BindingCache<1> = BindingCache::new();
    let cases = [
        (
            BuContext {
                is_home_agent: false,
                ..ha()
            },
            ba_status::HOME_REG_NOT_SUPPORTED,
        ),
        (
            BuContext {
                home_on_served_link: false,
                ..ha()
            },
            ba_status::NOT_HOME_SUBNET,
        ),
        (
            BuContext {
                serves_mn: false,
                ..ha()
            },
            ba_status::NOT_HOME_AGENT,
        ),
        (
            BuContext {
                dad_failed: true,
                ..ha()
            },
            ba_status::DAD_FAILED,
        ),
        (
            BuContext {
                admin_allowed: false,
                ..ha()
            },
            ba_status::ADMIN_PROHIBITED,
        ),
        (
            BuContext {
                prefix_discovery_needed: true,
                ..ha()
            },
            ba_status::ACCEPTED_PREFIX_DISCOVERY,
        ),
    ];
    for (ctx, want) in cases {
        assert_eq!(e.process_bu(0, &bu(1, true, 10), &ctx).status, want);
        e.delete(&H);
    }
    for s in [136, 137, 138] {
        let d = e.process_bu(
            0,
            &bu(1, false, 10),
            &BuContext {
                nonce_status: s,
                ..ha()
            },
        );
        assert_eq!((d.status, d.action), (s, CacheAction::None));
    }
    let d = e.process_bu(
        0,
        &BuInput {
            ack: false,
            ..bu(1, false, 500)
        },
        &BuContext {
            max_lifetime_secs: 420,
            ..ha()
        },
    );
    assert_eq!((d.status, d.lifetime, d.send_ba), (0, 105, false));
}

#[test]
fn seq_wraps() {
    let mut c: BindingCache<1> = BindingCache::new();
    c.process_bu(0, &bu(65535, true, 10), &ha());
    assert_eq!(c.process_bu(1, &bu(0, true, 10), &ha()).status, 0);
}

#[test]
fn brr_timing() {
    let mut c: BindingCache<1> = BindingCache::new();
    c.process_bu(0, &bu(1, false, 25), &ha()); // 100 s
    let mut sent = 0;
    c.refresh_requests(50_000, 10, |_| true, |_| sent += 1);
    assert_eq!(sent, 0);
    c.refresh_requests(91_000, 10, |_| true, |_| sent += 1);
    c.refresh_requests(92_000, 10, |_| true, |_| sent += 1);
    assert_eq!(sent, 1);
    assert_eq!(c.next_expiry(), Some(100_000));
}

#[test]
fn home_deregistration_without_a_binding_is_133() {
    let mut c: BindingCache<2> = BindingCache::new();
    let d = c.process_bu(0, &bu(5, true, 0), &ha());
    assert_eq!(
        (d.status, d.action, d.send_ba),
        (ba_status::NOT_HOME_AGENT, CacheAction::None, true)
    );
    // A correspondent deregistration without a binding is still accepted (§9.5.1).
    let mut cn = ha();
    cn.is_home_agent = false;
    let d = c.process_bu(0, &bu(5, false, 0), &cn);
    assert_eq!((d.status, d.action), (0, CacheAction::None));
}
