//! Unit tests of `abi` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;

#[test]
fn ioctl_numbers_match_the_c_encoding() {
    // _IOR(0xF9, 0, 40) computed by hand: dir 2 << 30 | 40 << 16 | 0xF9 << 8 | 0.
    assert_eq!(IOC_GET_VERSION, 0x8028_F900);
    assert_eq!(IOC_GET_ROLE, 0x8004_F901);
    assert_eq!(IOC_SET_ROLE, 0x4004_F902);
}

#[test]
fn version_round_trip_and_truncation() {
    let v = Version::new(ABI_VERSION, 0b111, RELEASE);
    assert_eq!(Version::from_bytes(&v.to_bytes()), v);
    assert_eq!(v.release_str(), RELEASE);
    let long = Version::new(1, 1, "0123456789012345678901234567890123456789");
    assert_eq!(long.release_str().len(), VERSION_STR_LEN - 1);
    assert_eq!(long.release[VERSION_STR_LEN - 1], 0);
}

#[test]
fn table_records_round_trip() {
    let e = BcacheEntry {
        home: [1; 16],
        coa: [2; 16],
        lifetime_left: 971,
        seq: 9,
        kind: 2,
        flags: 0,
    };
    assert_eq!(BcacheEntry::from_bytes(&e.to_bytes()), e);
    let d = DumpRequest {
        buf: 0xdead_beef_0000,
        max: 12,
        count: 3,
    };
    assert_eq!(DumpRequest::from_bytes(&d.to_bytes()), d);
    assert_eq!(STAT_NAMES.len(), Stat::BindRqsDropMisc as usize + 1);
    assert_eq!(IOC_GET_STATS, 0x8100_F903);
    assert_eq!(IOC_GET_BCACHE, 0xC010_F904);
}

#[test]
fn role_names() {
    for r in [Role::Cn, Role::Mn, Role::Ha] {
        assert_eq!(Role::from_name(r.name()), Some(r));
        assert_eq!(Role::from_u32(r as u32), Some(r));
    }
    assert_eq!(Role::from_name("HA"), Some(Role::Ha));
    assert_eq!(Role::from_name("router"), None);
    assert_eq!(Role::from_u32(3), None);
}

#[test]
fn correspondent_list_round_trip() {
    let mut m = MnCns {
        count: 2,
        ..Default::default()
    };
    m.cns[0] = MnCn {
        cn: [1; 16],
        coa: [2; 16],
        expires: 420,
        seq: 7,
        state: bul_state::BOUND,
        active: 1,
    };
    m.cns[1] = MnCn {
        cn: [3; 16],
        coa: [4; 16],
        expires: 0,
        seq: 65535,
        state: bul_state::RR,
        active: 0,
    };
    let b = m.to_bytes();
    assert_eq!(b.len(), MnCns::SIZE);
    assert_eq!(MnCns::from_bytes(&b), m);
    assert_eq!(IOC_MN_GET_CNS, ior(7, 8 + 40 * MAX_MN_CNS));
}

#[test]
fn policy_roundtrip_and_validation() {
    let mut p = Policy {
        plen: 64,
        spi: 0x1000,
        key_len: 3,
        ..Default::default()
    };
    p.prefix = [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4];
    p.key[..4].copy_from_slice(b"abcd");
    assert_eq!(Policy::from_bytes(&p.to_bytes()), p);
    let v = p.validated().unwrap();
    assert_eq!(
        v.prefix,
        [0xfe, 0xc0, 1, 6, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        "masked"
    );
    assert_eq!(v.key(), b"abc");
    assert_eq!(v.key[3], 0, "bytes past key_len are dropped");
    assert!(
        !std::format!("{v:?}").contains("abc"),
        "Debug never shows the key"
    );
    assert_eq!(
        Policy { plen: 129, ..p }.validated(),
        Err(PolicyError::PrefixLength)
    );
    assert_eq!(
        Policy { flags: 2, ..p }.validated(),
        Err(PolicyError::Flags)
    );
    assert_eq!(
        Policy { spi: 255, ..p }.validated(),
        Err(PolicyError::Credential)
    );
    assert_eq!(
        Policy { key_len: 0, ..p }.validated(),
        Err(PolicyError::Credential)
    );
    assert_eq!(
        Policy { key_len: 65, ..p }.validated(),
        Err(PolicyError::Credential)
    );
    assert_eq!(
        Policy {
            flags: POLICY_UNAUTHENTICATED,
            ..p
        }
        .validated(),
        Err(PolicyError::Credential)
    );
    let open = Policy {
        flags: POLICY_UNAUTHENTICATED,
        spi: 0,
        key_len: 0,
        ..p
    }
    .validated()
    .unwrap();
    assert!(open.unauthenticated());
    let e = open.entry();
    assert_eq!(PolicyEntry::from_bytes(&e.to_bytes()), e);
    assert_eq!(PolicyEntry::SIZE, 24);
    assert_eq!(Policy::SIZE, 88);
}
