//! Unit tests of `validate` (kept apart so the kernel-side sources hold no test-only panics).

use super::super::mh::{Message, Repr};
use super::*;

const A: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const B: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

fn fix(b: &mut [u8]) {
    b[4] = 0;
    b[5] = 0;
    let c = checksum::mh_checksum(&A, &B, b);
    b[4..6].copy_from_slice(&c.to_be_bytes());
}

#[test]
fn each_rule() {
    let mut b = [0u8; 32];
    let n = Repr::new(Message::HomeTest {
        nonce_index: 1,
        cookie: [0; 8],
        token: [0; 8],
    })
    .emit(&mut b, &A, &B)
    .unwrap();
    assert_eq!(check_mh(&A, &B, &b[..n]), Ok(24));
    assert_eq!(
        check_mh(&A, &B, &b[..n + 8]),
        Ok(24),
        "trailing bytes are not the header's"
    );
    assert_eq!(check_mh(&A, &B, &b[..n - 1]), Err(MhCheckError::Truncated));
    assert_eq!(check_mh(&A, &B, &b[..1]), Err(MhCheckError::Truncated));

    let mut bad = b;
    bad[20] ^= 0xff;
    let e = check_mh(&A, &B, &bad[..n]).unwrap_err();
    assert_eq!(e, MhCheckError::BadChecksum);
    assert_eq!(e.action(), MhAction::SilentDrop);

    let mut p = b;
    p[0] = 6;
    fix(&mut p[..n]);
    let e = check_mh(&A, &B, &p[..n]).unwrap_err();
    assert_eq!(
        e.action(),
        MhAction::ParameterProblem {
            code: 0,
            pointer: 0
        }
    );
    assert_eq!(e.action().icmp_pointer(48), Some(48));

    let mut l = b;
    l[1] = 1; // HoT minimum is 2
    fix(&mut l[..16]);
    let e = check_mh(&A, &B, &l[..16]).unwrap_err();
    assert_eq!(e, MhCheckError::HeaderLen { pointer: 1 });
    assert_eq!(e.action().icmp_pointer(40), Some(41));

    let mut u = b;
    u[2] = 42;
    fix(&mut u[..n]);
    let e = check_mh(&A, &B, &u[..n]).unwrap_err();
    assert_eq!(e, MhCheckError::UnknownType { mh_type: 42 });
    assert_eq!(e.action(), MhAction::BindingError { status: 2 });
    assert_eq!(e.action().icmp_pointer(0), None);
}
