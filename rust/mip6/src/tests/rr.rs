//! Unit tests of `rr` (kept apart so the kernel-side sources hold no test-only panics).

use super::super::mh::{BindingUpdate, Message, Repr};
use super::*;

const HOME: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const COA: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const CN: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

#[test]
fn tokens_differ_by_final_octet() {
    let kcn = [9u8; 20];
    let n = [1u8; 8];
    assert_ne!(
        home_keygen_token(&kcn, &HOME, &n),
        care_of_keygen_token(&kcn, &HOME, &n)
    );
    let full = hmac_sha1(&kcn, &[&HOME, &n, &[0]]);
    assert_eq!(&home_keygen_token(&kcn, &HOME, &n)[..], &full[..8]);
    assert_eq!(kbm(&[1; 8], None), sha1(&[&[1u8; 8]]));
}

#[test]
fn nonce_table_and_statuses() {
    let mut k: CnKeys<9> = CnKeys::new([3; 20]);
    let (hi, ht) = k.home_test(1000, &HOME, [1; 8]);
    let (ci, ct) = k.care_of_test(2000, &COA, [2; 8]);
    assert_eq!(hi, ci, "same nonce within the regeneration interval");
    let want = kbm(&ht, Some(&ct));
    assert_eq!(k.kbm_for_bu(3000, &HOME, &COA, hi, ci, false), Ok(want));
    assert_eq!(
        k.kbm_for_bu(3000, &HOME, &HOME, hi, 77, true),
        Ok(kbm(&ht, None))
    );
    let (ci2, _) = k.care_of_test(1000 + NONCE_REGEN_INTERVAL_MS, &COA, [5; 8]);
    assert_ne!(ci2, hi);
    let late = 1000 + MAX_NONCE_LIFETIME_MS + 1;
    assert_eq!(
        k.kbm_for_bu(late, &HOME, &COA, hi, ci2, false),
        Err(ba_status::EXPIRED_HOME_NONCE)
    );
    assert_eq!(
        k.kbm_for_bu(late, &HOME, &COA, ci2, hi, false),
        Err(ba_status::EXPIRED_CAREOF_NONCE)
    );
    assert_eq!(
        k.kbm_for_bu(late, &HOME, &COA, hi, hi, false),
        Err(ba_status::EXPIRED_NONCES)
    );
    assert_eq!(
        k.kbm_for_bu(late, &HOME, &COA, 999, 999, false),
        Err(ba_status::EXPIRED_NONCES)
    );
    k.rekey([4; 20]);
    assert_eq!(
        k.kbm_for_bu(late, &HOME, &COA, ci2, ci2, false),
        Err(ba_status::EXPIRED_NONCES)
    );
}

#[test]
fn sign_and_verify_bu() {
    let auth = [0u8; 12];
    let mut r = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 3,
        ack: true,
        lifetime: 100,
        ..Default::default()
    }));
    r.options.nonce_indices = Some((1, 2));
    r.options.auth_data = Some(&auth);
    let mut b = [0u8; 64];
    let n = r.emit(&mut b, &HOME, &CN).unwrap();
    let key = [7u8; 20];
    sign_mh(&mut b[..n], &key, &COA, &CN, &HOME, &CN).unwrap();
    assert!(verify_authenticator(&key, &COA, &CN, &b[..n]));
    assert!(Packet::new_checked(&b[..n])
        .unwrap()
        .verify_checksum(&HOME, &CN));
    // the checksum field does not enter the authenticator
    let mut c = b;
    c[4] ^= 0x55;
    assert!(verify_authenticator(&key, &COA, &CN, &c[..n]));
    let mut d = b;
    d[7] ^= 1;
    assert!(!verify_authenticator(&key, &COA, &CN, &d[..n]));
    assert!(!verify_authenticator(&[8u8; 20], &COA, &CN, &b[..n]));
    assert!(!verify_authenticator(&key, &CN, &COA, &b[..n]));
    // no BAD option
    let plain = Repr::new(Message::BindingRefreshRequest);
    let m = plain.emit(&mut b, &HOME, &CN).unwrap();
    assert!(!verify_authenticator(&key, &COA, &CN, &b[..m]));
    assert!(sign_mh(&mut b[..m], &key, &COA, &CN, &HOME, &CN).is_err());
}

#[test]
fn correspondent_checks_a_signed_bu_and_signs_its_ba() {
    use super::super::mhopt::MhOptions;
    use super::super::packet::{build_mh_packet, locate_mh};
    let mut k: CnKeys<9> = CnKeys::new([7; 20]);
    let (hi, ht) = k.home_test(10, &HOME, [1; 8]);
    let (ci, ct) = k.care_of_test(20, &COA, [2; 8]);
    let kbm_mn = kbm(&ht, Some(&ct));
    let zero = [0u8; AUTHENTICATOR_LEN];
    let mut repr = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 3,
        ack: true,
        home_reg: false,
        link_local: false,
        key_mgmt: false,
        other_flags: 0,
        lifetime: 50,
    }));
    repr.options = MhOptions {
        nonce_indices: Some((hi, ci)),
        auth_data: Some(&zero),
        ..MhOptions::default()
    };
    let mut buf = [0u8; 200];
    let n = build_mh_packet(&mut buf, &COA, &CN, Some(&HOME), None, &repr).unwrap();
    sign_mh_packet(&mut buf[..n], &kbm_mn, &COA, &CN).unwrap();
    let p = locate_mh(&buf[..n]).unwrap();
    assert!(
        super::super::validate::check_mh(&p.pseudo_src(), &p.pseudo_dst(), p.mh).is_ok(),
        "checksum after signing"
    );
    assert_eq!(
        k.check_bu(30, &HOME, &COA, &CN, Some((hi, ci)), false, p.mh),
        BuAuth::Verified(kbm_mn)
    );
    assert_eq!(
        k.check_bu(30, &HOME, &COA, &CN, None, false, p.mh),
        BuAuth::Discard
    );
    assert_eq!(
        k.check_bu(
            30,
            &HOME,
            &COA,
            &CN,
            Some((hi.wrapping_add(100), ci)),
            false,
            p.mh
        ),
        BuAuth::Refuse(ba_status::EXPIRED_HOME_NONCE)
    );
    assert_eq!(
        k.check_bu(30, &HOME, &COA, &HOME, Some((hi, ci)), false, p.mh),
        BuAuth::Discard,
        "other CN address"
    );
    let mut bad = buf;
    let mh_off = p.mh_offset;
    bad[n - 1] ^= 1;
    let pb = locate_mh(&bad[..n]).unwrap();
    assert_eq!(pb.mh_offset, mh_off);
    assert_eq!(
        k.check_bu(30, &HOME, &COA, &CN, Some((hi, ci)), false, pb.mh),
        BuAuth::Discard
    );
}
