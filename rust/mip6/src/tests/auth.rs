//! Unit tests of `auth` (RFC 4285).

use super::super::mh::{BindingAck, BindingUpdate, Message, Repr};
use super::super::mhopt::MsgAuth;
use super::super::sha1::hmac_sha1;
use super::*;

const HOME: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4];
const HA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const COA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const KEY: &[u8] = b"0123456789abcdef0123";
const SPI: u32 = 0x1000;
const ZERO: [u8; AUTH_DATA_LEN] = [0; AUTH_DATA_LEN];

fn bu(seq: u16, ts: Option<u64>, auth: bool) -> std::vec::Vec<u8> {
    let mut r = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq,
        ack: true,
        home_reg: true,
        link_local: false,
        key_mgmt: false,
        other_flags: 0,
        lifetime: 25,
    }));
    r.options.replay = ts;
    if auth {
        r.options.msg_auth = Some(MsgAuth {
            subtype: SUBTYPE_MN_HA,
            spi: SPI,
            data: &ZERO,
        });
    }
    let mut buf = [0u8; 128];
    let n = r.emit(&mut buf, &HOME, &HA).unwrap();
    let mut v = buf[..n].to_vec();
    if auth {
        sign(&mut v, KEY, &COA, &HOME, &HOME, &HA).unwrap();
    }
    v
}

#[test]
fn ntp_timestamps() {
    assert_eq!(ntp_timestamp(0), NTP_UNIX_OFFSET_SECS << 32);
    assert_eq!(
        ntp_timestamp(1_500_000_000),
        ((NTP_UNIX_OFFSET_SECS + 1) << 32) | 0x8000_0000
    );
    let t = ntp_timestamp(1_700_000_000_000_000_000);
    assert!(within_tolerance(t, t + (7 << 32), 7));
    assert!(!within_tolerance(t, t + (7 << 32) + 1, 7));
    assert!(within_tolerance(t + (3 << 32), t, 7));
}

#[test]
fn the_authentication_option_is_last_and_the_message_8_aligned() {
    let m = bu(1, Some(5), true);
    assert_eq!(m.len() % 8, 0);
    let (at, len, spi) = find(&m).unwrap().unwrap();
    assert_eq!((at + len, len, spi), (m.len(), AUTH_DATA_LEN, SPI));
    // A BA with a Binding Refresh Advice too.
    let mut r = Repr::new(Message::BindingAck(BindingAck {
        status: 0,
        key_mgmt: false,
        other_flags: 0,
        seq: 1,
        lifetime: 25,
    }));
    r.options.refresh_advice = Some(10);
    r.options.replay = Some(5);
    r.options.msg_auth = Some(MsgAuth {
        subtype: SUBTYPE_MN_HA,
        spi: SPI,
        data: &ZERO,
    });
    let mut buf = [0u8; 128];
    let n = r.emit(&mut buf, &HA, &HOME).unwrap();
    let (at, len, _) = find(&buf[..n]).unwrap().unwrap();
    assert_eq!(at + len, n);
}

#[test]
fn sign_then_verify_and_every_tampering_fails() {
    let m = bu(7, Some(99), true);
    assert!(verify(SPI, KEY, &COA, &HOME, &m));
    assert!(!verify(SPI + 1, KEY, &COA, &HOME, &m), "other SPI");
    assert!(!verify(SPI, b"another key", &COA, &HOME, &m), "other key");
    assert!(!verify(SPI, KEY, &HA, &HOME, &m), "other care-of address");
    assert!(!verify(SPI, KEY, &COA, &HA, &m), "other home address");
    for i in 0..m.len() {
        if (4..6).contains(&i) {
            continue; // the checksum is not covered
        }
        let mut t = m.clone();
        t[i] ^= 1;
        assert!(!verify(SPI, KEY, &COA, &HOME, &t), "byte {i} flipped");
    }
    assert!(
        !verify(SPI, KEY, &COA, &HOME, &bu(7, Some(99), false)),
        "no option"
    );
}

#[test]
fn authenticator_is_the_first_96_bits_of_the_hmac_over_coa_home_and_mh_data() {
    let m = bu(3, Some(1), true);
    let (at, _, _) = find(&m).unwrap().unwrap();
    let mut data = m[..at].to_vec();
    data[4] = 0;
    data[5] = 0;
    let mac = hmac_sha1(KEY, &[&COA, &HOME, &data]);
    assert_eq!(&m[at..at + 12], &mac[..12]);
}

#[test]
fn home_agent_decisions() {
    let now = 1000u64 << 32;
    let cred = Credential::Key { spi: SPI, key: KEY };
    let check = |m: &[u8], cred, last| {
        let repr = Repr::parse(&super::super::mh::Packet::new_checked(m).unwrap()).unwrap();
        check_home_bu(cred, &repr.options, m, &COA, &HOME, now, 7, last)
    };
    let good = bu(1, Some(now), true);
    assert_eq!(
        check(&good, cred, None),
        HomeAuth::Accept {
            timestamp: Some(now),
            signed: true
        }
    );
    assert_eq!(
        check(&good, Credential::None, None),
        HomeAuth::Refuse {
            status: ba_status::ADMIN_PROHIBITED,
            signed: false
        }
    );
    assert_eq!(
        check(&bu(1, None, false), Credential::Unauthenticated, None),
        HomeAuth::Accept {
            timestamp: None,
            signed: false
        }
    );
    assert_eq!(
        check(&bu(1, Some(now), false), cred, None),
        HomeAuth::Refuse {
            status: ba_status::AUTH_FAIL,
            signed: false
        }
    );
    assert_eq!(
        check(
            &good,
            Credential::Key {
                spi: SPI + 1,
                key: KEY
            },
            None
        ),
        HomeAuth::Refuse {
            status: ba_status::AUTH_FAIL,
            signed: false
        }
    );
    assert_eq!(
        check(&bu(1, None, true), cred, None),
        HomeAuth::Refuse {
            status: ba_status::MESG_ID_REQD,
            signed: true
        }
    );
    let stale = now - (8 << 32);
    assert_eq!(
        check(&bu(1, Some(stale), true), cred, None),
        HomeAuth::Refuse {
            status: ba_status::ID_MISMATCH,
            signed: true
        }
    );
    assert_eq!(
        check(&good, cred, Some(now)),
        HomeAuth::Refuse {
            status: ba_status::ID_MISMATCH,
            signed: true
        },
        "replay"
    );
    assert_eq!(
        check(&good, cred, Some(now - 1)),
        HomeAuth::Accept {
            timestamp: Some(now),
            signed: true
        }
    );
}

#[test]
fn the_authentication_option_is_last_even_without_a_replay_option() {
    let mut r = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 1,
        ack: true,
        home_reg: true,
        link_local: false,
        key_mgmt: false,
        other_flags: 0,
        lifetime: 25,
    }));
    r.options.alt_coa = Some(COA);
    r.options.msg_auth = Some(MsgAuth {
        subtype: SUBTYPE_MN_HA,
        spi: SPI,
        data: &ZERO,
    });
    let mut buf = [0u8; 128];
    let n = r.emit(&mut buf, &HOME, &HA).unwrap();
    let mut m = buf[..n].to_vec();
    let (at, len, _) = find(&m).unwrap().unwrap();
    assert_eq!(at + len, n);
    sign(&mut m, KEY, &COA, &HOME, &HOME, &HA).unwrap();
    assert!(verify(SPI, KEY, &COA, &HOME, &m));
}
