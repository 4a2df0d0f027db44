//! Unit tests of `mhopt` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;

#[test]
fn each_option_parses() {
    let area = [
        0, // Pad1
        1, 1, 0, // PadN 1
        2, 2, 0, 10, // refresh advice 10
        4, 4, 0, 1, 0, 2, // nonce indices
        8, 4, 1, b'a', b'b', b'c', // MN-ID NAI "abc"
        10, 8, 0, 0, 0, 0, 0, 0, 0, 9, // replay
        99, 1, 7, // unknown
    ];
    let o = MhOptions::parse(&area).unwrap();
    assert_eq!(o.refresh_advice, Some(10));
    assert_eq!(o.nonce_indices, Some((1, 2)));
    assert_eq!(o.mn_id, Some((1, &b"abc"[..])));
    assert_eq!(o.replay, Some(9));
    assert_eq!(o.alt_coa, None);
}

#[test]
fn bad_lengths_rejected() {
    assert_eq!(MhOptions::parse(&[2, 3, 0, 0, 0]), Err(Error::Malformed));
    assert_eq!(MhOptions::parse(&[3, 16, 0]), Err(Error::Truncated));
    assert_eq!(MhOptions::parse(&[9, 4, 1, 0, 0, 0]), Err(Error::Malformed));
    assert_eq!(MhOptions::parse(&[8, 0]), Err(Error::Malformed));
    assert_eq!(MhOptions::parse(&[1]), Err(Error::Truncated));
}

fn check_alignment(o: &MhOptions, start: usize) {
    let mut buf = [0xffu8; 512];
    let n = o.emit(&mut buf, start).unwrap();
    assert_eq!(n, o.buffer_len(start).unwrap());
    assert_eq!((start + n) % 8, 0);
    for item in MhOptionIter::new(&buf[..n]) {
        let (off, opt) = item.unwrap();
        let (x, y) = opt.alignment();
        assert_eq!((start + off) % x, y, "{:?} at {}", opt, start + off);
    }
    assert_eq!(&MhOptions::parse(&buf[..n]).unwrap(), o);
}

#[test]
fn alignment_rules_on_emit() {
    let auth = [7u8; AUTHENTICATOR_LEN];
    let all = MhOptions {
        refresh_advice: Some(3),
        alt_coa: Some([1; 16]),
        nonce_indices: Some((4, 5)),
        mn_id: Some((1, b"mn@example.org")),
        replay: Some(0x1122334455667788),
        msg_auth: Some(MsgAuth {
            subtype: 1,
            spi: 0x100,
            data: &[9; 12],
        }),
        auth_data: Some(&auth),
    };
    for start in [8, 12, 16, 24] {
        check_alignment(&all, start);
        check_alignment(
            &MhOptions {
                auth_data: Some(&auth),
                ..Default::default()
            },
            start,
        );
        check_alignment(
            &MhOptions {
                alt_coa: Some([2; 16]),
                ..Default::default()
            },
            start,
        );
        check_alignment(&MhOptions::default(), start);
    }
}

#[test]
fn bu_with_nonces_and_bad_is_32_octets() {
    // §6.2.7 / §5.2.6 typical layout: BU fixed part 12, NI at 12, BAD at 18, end at 32.
    let auth = [0u8; 12];
    let o = MhOptions {
        nonce_indices: Some((1, 2)),
        auth_data: Some(&auth),
        ..Default::default()
    };
    assert_eq!(o.buffer_len(12).unwrap(), 20);
}

#[test]
fn small_buffer_is_an_error() {
    let o = MhOptions {
        alt_coa: Some([2; 16]),
        ..Default::default()
    };
    let mut buf = [0u8; 10];
    assert_eq!(o.emit(&mut buf, 12), Err(Error::BufferTooSmall));
}
