//! Unit tests of `mh` (kept apart so the kernel-side sources hold no test-only panics).

use super::super::mhopt::MsgAuth;
use super::*;
use std::vec::Vec;

const SRC: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const DST: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

fn round_trip(r: &Repr) -> Vec<u8> {
    let mut buf = [0u8; 600];
    let n = r.emit(&mut buf, &SRC, &DST).unwrap();
    assert_eq!(n, r.buffer_len().unwrap());
    assert_eq!(n % 8, 0);
    let p = Packet::new_checked(&buf[..n]).unwrap();
    assert!(p.verify_checksum(&SRC, &DST));
    assert_eq!(p.total_len(), n);
    assert_eq!(&Repr::parse(&p).unwrap(), r);
    buf[..n].to_vec()
}

#[test]
fn all_messages_round_trip() {
    let msgs = [
        Message::BindingRefreshRequest,
        Message::HomeTestInit { cookie: [1; 8] },
        Message::CareOfTestInit { cookie: [2; 8] },
        Message::HomeTest {
            nonce_index: 7,
            cookie: [3; 8],
            token: [4; 8],
        },
        Message::CareOfTest {
            nonce_index: 8,
            cookie: [5; 8],
            token: [6; 8],
        },
        Message::BindingUpdate(BindingUpdate {
            seq: 0x1234,
            ack: true,
            home_reg: true,
            link_local: true,
            key_mgmt: true,
            other_flags: 0,
            lifetime: 100,
        }),
        Message::BindingAck(BindingAck {
            status: ba_status::SEQ_OUT_OF_WINDOW,
            key_mgmt: true,
            other_flags: 0,
            seq: 9,
            lifetime: 3,
        }),
        Message::BindingError {
            status: be_status::UNRECOGNIZED_MH_TYPE,
            home_address: SRC,
        },
    ];
    for m in msgs {
        let r = Repr::new(m);
        let bytes = round_trip(&r);
        assert_eq!(bytes[2], m.mh_type());
        assert_eq!(
            usize::from(bytes[1]),
            usize::from(min_header_len(m.mh_type()).unwrap())
        );
    }
}

#[test]
fn bu_layout_matches_rfc() {
    let bu = BindingUpdate {
        seq: 0x0102,
        ack: true,
        home_reg: false,
        link_local: false,
        key_mgmt: true,
        other_flags: 0,
        lifetime: 0x0304,
    };
    let b = round_trip(&Repr::new(Message::BindingUpdate(bu)));
    assert_eq!(b.len(), 16);
    assert_eq!(&b[..4], &[59, 1, 5, 0]);
    assert_eq!(&b[6..12], &[1, 2, 0x90, 0, 3, 4]);
    assert_eq!(&b[12..], &[1, 2, 0, 0]); // PadN to 16
}

#[test]
fn options_round_trip_in_bu_and_ba() {
    let auth = [0xaa; 12];
    let mut r = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 1,
        ack: true,
        lifetime: 5,
        ..Default::default()
    }));
    r.options.nonce_indices = Some((1, 2));
    r.options.auth_data = Some(&auth);
    let b = round_trip(&r);
    assert_eq!(b.len(), 32);
    assert_eq!(b[18], 5); // BAD at 8n+2
    r.options.alt_coa = Some(DST);
    r.options.mn_id = Some((1, b"user@example"));
    r.options.msg_auth = Some(MsgAuth {
        subtype: 1,
        spi: 7,
        data: &[1, 2, 3],
    });
    r.options.replay = Some(42);
    r.options.refresh_advice = Some(9);
    round_trip(&r);
}

#[test]
fn short_header_len_rejected() {
    let mut b = [0u8; 16];
    b[0] = 59;
    b[2] = MH_HOT;
    b[1] = 1; // HoT needs 2
    assert_eq!(
        Repr::parse(&Packet::new_unchecked(&b[..])),
        Err(Error::Malformed)
    );
    b[1] = 2; // announces 24 but buffer holds 16
    assert_eq!(Packet::new_checked(&b[..]).unwrap_err(), Error::Truncated);
    b[1] = 0;
    b[2] = 200;
    assert_eq!(
        Repr::parse(&Packet::new_unchecked(&b[..])),
        Err(Error::Unrecognized)
    );
}

#[test]
fn accepts_foreign_padding() {
    // BU with Pad1 x4 padding instead of PadN.
    let mut b = [59u8, 1, 5, 0, 0, 0, 0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0];
    let c = checksum::mh_checksum(&SRC, &DST, &b);
    b[4..6].copy_from_slice(&c.to_be_bytes());
    let r = Repr::parse(&Packet::new_checked(&b[..]).unwrap()).unwrap();
    assert!(r.options.is_empty());
}

#[test]
fn setters() {
    let mut b = [0u8; 8];
    let mut p = Packet::new_unchecked(&mut b[..]);
    p.set_payload_proto(59).unwrap();
    p.set_header_len(0).unwrap();
    p.set_mh_type(MH_BRR).unwrap();
    p.fill_checksum(&SRC, &DST).unwrap();
    assert!(p.verify_checksum(&SRC, &DST));
    let mut e = [0u8; 2];
    assert!(Packet::new_unchecked(&mut e[..]).set_checksum(1).is_err());
}

#[test]
fn emit_into_small_buffer_fails() {
    let mut b = [0u8; 15];
    let r = Repr::new(Message::HomeTestInit { cookie: [0; 8] });
    assert_eq!(r.emit(&mut b, &SRC, &DST), Err(Error::BufferTooSmall));
}
