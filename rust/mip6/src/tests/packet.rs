//! Unit tests of `packet` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;
use crate::mh::{BindingAck, BindingUpdate, Message, Packet};
use crate::validate::check_mh;

const HA: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const HOME: [u8; 16] = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4];
const COA: [u8; 16] = [
    0xfe, 0xc0, 1, 6, 0x11, 0, 0, 0, 2, 0x90, 0x7d, 0xff, 0xfe, 0xf3, 3, 0x1a,
];

#[test]
fn bu_with_hao_round_trip() {
    let bu = BindingUpdate {
        seq: 7,
        ack: true,
        home_reg: true,
        lifetime: 100,
        ..Default::default()
    };
    let mut b = [0u8; 256];
    let n = build_mh_packet(
        &mut b,
        &COA,
        &HA,
        Some(&HOME),
        None,
        &Repr::new(Message::BindingUpdate(bu)),
    )
    .unwrap();
    let p = locate_mh(&b[..n]).unwrap();
    assert_eq!(
        (p.src, p.dst, p.home_address, p.rh2_address),
        (COA, HA, Some(HOME), None)
    );
    assert_eq!(p.mh_offset, 40 + 24);
    assert_eq!(
        check_mh(&p.pseudo_src(), &p.pseudo_dst(), p.mh).unwrap(),
        p.mh.len()
    );
    let r = Repr::parse(&Packet::new_checked(p.mh).unwrap()).unwrap();
    assert_eq!(r.message, Message::BindingUpdate(bu));
}

#[test]
fn ba_with_rh2_round_trip() {
    let ba = BindingAck {
        status: 0,
        seq: 7,
        lifetime: 100,
        ..Default::default()
    };
    let mut b = [0u8; 256];
    let n = build_mh_packet(
        &mut b,
        &HA,
        &COA,
        None,
        Some(&HOME),
        &Repr::new(Message::BindingAck(ba)),
    )
    .unwrap();
    assert_eq!(b[6], NH_ROUTING);
    let p = locate_mh(&b[..n]).unwrap();
    assert_eq!(
        (p.src, p.dst, p.home_address, p.rh2_address),
        (HA, COA, None, Some(HOME))
    );
    assert!(check_mh(&p.pseudo_src(), &p.pseudo_dst(), p.mh).is_ok());
    // The checksum is over the final destination: with the CoA it does not verify.
    assert!(check_mh(&HA, &COA, p.mh).is_err());
}

#[test]
fn non_mobility_and_malformed() {
    let mut b = [0u8; 256];
    let n = build_mh_packet(
        &mut b,
        &COA,
        &HA,
        Some(&HOME),
        None,
        &Repr::new(Message::BindingRefreshRequest),
    )
    .unwrap();
    let mut udp = b;
    udp[6] = 17;
    assert_eq!(locate_mh(&udp[..n]), Err(LocateError::NotMobility));
    let mut frag = b;
    frag[6] = NH_FRAGMENT;
    assert_eq!(locate_mh(&frag[..n]), Err(LocateError::Fragment));
    assert_eq!(locate_mh(&b[..30]), Err(LocateError::Malformed));
    let mut v4 = b;
    v4[0] = 0x45;
    assert_eq!(locate_mh(&v4[..n]), Err(LocateError::Malformed));
    // payload length beyond the buffer
    let mut long = b;
    long[4] = 0xff;
    assert_eq!(locate_mh(&long[..n]), Err(LocateError::Malformed));
}

#[test]
fn bad_rh2_segments_left_points_into_the_packet() {
    let mut b = [0u8; 256];
    let ba = BindingAck {
        seq: 1,
        ..Default::default()
    };
    let n = build_mh_packet(
        &mut b,
        &HA,
        &COA,
        None,
        Some(&HOME),
        &Repr::new(Message::BindingAck(ba)),
    )
    .unwrap();
    b[40 + 3] = 2;
    assert_eq!(locate_mh(&b[..n]), Err(LocateError::BadRh2 { pointer: 43 }));
}

#[test]
fn never_panics_on_truncation() {
    let mut b = [0u8; 256];
    let n = build_mh_packet(
        &mut b,
        &COA,
        &HA,
        Some(&HOME),
        Some(&HOME),
        &Repr::new(Message::BindingRefreshRequest),
    )
    .unwrap();
    for cut in 0..n {
        let mut t = b;
        // keep the payload length consistent with the cut so every header is reached
        let pl = cut.saturating_sub(40) as u16;
        t[4..6].copy_from_slice(&pl.to_be_bytes());
        let _ = locate_mh(&t[..cut]);
    }
}
