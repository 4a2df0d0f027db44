//! Cross-check (a): Mobility Headers, HAO and RH2 built by Scapy's MIPv6 layers parse to
//! the expected representation, and their checksums verify under our pseudo-header rules.
//! Needs `$MIP6_PYTHON` (default /var/cache/mip6/venv/bin/python3) with scapy; fails if absent.

mod common;
use common::*;
use mip6::checksum::mh_pseudo_addresses;
use mip6::ext::{find_home_address, Rh2Repr};
use mip6::mh::{BindingAck, BindingUpdate, Message, Packet, Repr};
use mip6::mhopt::{MhOptions, MsgAuth};
use mip6::validate::check_mh;
use std::collections::HashMap;

const SCRIPT: &str = r#"
from scapy.layers.inet6 import *
A = "2001:db8:1::10"; B = "2001:db8:3::1"; HOA = "2001:db8:2::99"
cases = {
 "brr": IPv6(src=A, dst=B)/MIP6MH_BRR(),
 "hoti": IPv6(src=A, dst=B)/MIP6MH_HoTI(cookie=b"\x01\x02\x03\x04\x05\x06\x07\x08"),
 "coti": IPv6(src=A, dst=B)/MIP6MH_CoTI(cookie=b"\x11"*8),
 "hot": IPv6(src=A, dst=B)/MIP6MH_HoT(index=0x0102, cookie=b"\x21"*8, token=b"\x31"*8),
 "cot": IPv6(src=A, dst=B)/MIP6MH_CoT(index=7, cookie=b"\x22"*8, token=b"\x32"*8),
 "bu": IPv6(src=A, dst=B)/MIP6MH_BU(seq=0x1234, flags="AHLK", mhtime=100),
 "bu_opts": IPv6(src=A, dst=B)/MIP6MH_BU(seq=65535, flags="A", mhtime=0, options=[
      MIP6OptNonceIndices(olen=4, hni=1, coni=2),
      MIP6OptBindingAuthData(olen=12, authenticator=0xaabbccddeeff00112233445566)]),
 "bu_more": IPv6(src=A, dst=B)/MIP6MH_BU(seq=5, flags="H", mhtime=3, options=[
      MIP6OptAltCoA(acoa="2001:db8:9::1"), MIP6OptMNID(id=b"mn@example.org"),
      MIP6OptReplayProtection(timestamp=0x0102030405060708),
      MIP6OptMsgAuth(mspi=0x100, authdata=b"\x05"*12)]),
 "ba": IPv6(src=A, dst=B)/MIP6MH_BA(status=135, flags="K", seq=9, mhtime=25,
      options=[MIP6OptBRAdvice(rinter=60)]),
 "be": IPv6(src=A, dst=B)/MIP6MH_BE(status=2, ha=HOA),
 "hao_bu": IPv6(src=A, dst=B)/IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)])/MIP6MH_BU(seq=1, flags="AH", mhtime=10),
 "rh2_ba": IPv6(src=B, dst=A)/IPv6ExtHdrRouting(type=2, segleft=1, addresses=[HOA])/MIP6MH_BA(status=0, seq=1, mhtime=10),
}
for k, p in cases.items():
    print(k, bytes(p).hex())
"#;

fn cases() -> HashMap<String, Vec<u8>> {
    run_python(SCRIPT)
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(' ').expect("name hex");
            (k.to_string(), unhex(v))
        })
        .collect()
}

/// Split an IPv6 packet: (src, dst, extension headers and MH after the 40-octet header).
fn split(pkt: &[u8]) -> ([u8; 16], [u8; 16], &[u8]) {
    (
        pkt[8..24].try_into().unwrap(),
        pkt[24..40].try_into().unwrap(),
        &pkt[40..],
    )
}

fn parse_plain(pkt: &[u8]) -> Repr<'_> {
    assert_eq!(pkt[6], 135, "next header MH");
    let (s, d, mh) = split(pkt);
    assert_eq!(
        check_mh(&s, &d, mh),
        Ok(mh.len()),
        "scapy MH passes §9.2 checks"
    );
    Repr::parse(&Packet::new_checked(mh).unwrap()).unwrap()
}

#[test]
fn scapy_messages_parse_to_expected_repr() {
    let c = cases();
    assert_eq!(c.len(), 12, "scapy produced every case");
    let r = |k: &str| parse_plain(&c[k]);
    assert_eq!(r("brr"), Repr::new(Message::BindingRefreshRequest));
    assert_eq!(
        r("hoti"),
        Repr::new(Message::HomeTestInit {
            cookie: [1, 2, 3, 4, 5, 6, 7, 8]
        })
    );
    assert_eq!(
        r("coti"),
        Repr::new(Message::CareOfTestInit { cookie: [0x11; 8] })
    );
    assert_eq!(
        r("hot"),
        Repr::new(Message::HomeTest {
            nonce_index: 0x0102,
            cookie: [0x21; 8],
            token: [0x31; 8]
        })
    );
    assert_eq!(
        r("cot"),
        Repr::new(Message::CareOfTest {
            nonce_index: 7,
            cookie: [0x22; 8],
            token: [0x32; 8]
        })
    );
    assert_eq!(
        r("bu"),
        Repr::new(Message::BindingUpdate(BindingUpdate {
            seq: 0x1234,
            ack: true,
            home_reg: true,
            link_local: true,
            key_mgmt: true,
            other_flags: 0,
            lifetime: 100
        }))
    );
    // scapy's 96-bit field keeps the low 96 bits of the integer given
    let parsed = r("bu_opts");
    let want_auth: [u8; 12] = [
        0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
    ];
    assert_eq!(
        parsed,
        Repr {
            payload_proto: 59,
            message: Message::BindingUpdate(BindingUpdate {
                seq: 65535,
                ack: true,
                lifetime: 0,
                ..Default::default()
            }),
            options: MhOptions {
                nonce_indices: Some((1, 2)),
                auth_data: Some(&want_auth),
                ..Default::default()
            },
        }
    );
    let more = r("bu_more");
    assert_eq!(
        more.message,
        Message::BindingUpdate(BindingUpdate {
            seq: 5,
            home_reg: true,
            lifetime: 3,
            ..Default::default()
        })
    );
    assert_eq!(
        more.options,
        MhOptions {
            alt_coa: Some(addr("2001:db8:9::1")),
            mn_id: Some((1, b"mn@example.org")),
            replay: Some(0x0102030405060708),
            msg_auth: Some(MsgAuth {
                subtype: 1,
                spi: 0x100,
                data: &[5; 12]
            }),
            ..Default::default()
        }
    );
    let ba = r("ba");
    assert_eq!(
        ba.message,
        Message::BindingAck(BindingAck {
            status: 135,
            key_mgmt: true,
            other_flags: 0,
            seq: 9,
            lifetime: 25
        })
    );
    assert_eq!(ba.options.refresh_advice, Some(60));
    assert_eq!(
        r("be"),
        Repr::new(Message::BindingError {
            status: 2,
            home_address: addr("2001:db8:2::99")
        })
    );
}

#[test]
fn scapy_emitted_bytes_equal_ours_for_simple_messages() {
    // Same messages emitted by us are byte-identical (both pad with PadN).
    let c = cases();
    for k in ["brr", "hoti", "coti", "hot", "cot", "bu", "be", "bu_opts"] {
        let pkt = &c[k];
        let (s, d, mh) = split(pkt);
        let repr = Repr::parse(&Packet::new_checked(mh).unwrap()).unwrap();
        let mut out = vec![0u8; mh.len()];
        let n = repr.emit(&mut out, &s, &d).unwrap();
        assert_eq!(hex(&out[..n]), hex(mh), "case {k}");
    }
}

#[test]
fn scapy_hao_and_rh2_checksums_follow_mip6_rules() {
    let c = cases();
    let hoa = addr("2001:db8:2::99");

    let pkt = &c["hao_bu"];
    assert_eq!(pkt[6], 60);
    let (s, d, rest) = split(pkt);
    let dlen = (rest[1] as usize + 1) * 8;
    assert_eq!(rest[0], 135);
    assert_eq!(find_home_address(&rest[..dlen]).unwrap(), Some(hoa));
    let mh = &rest[dlen..];
    let (ps, pd) = mh_pseudo_addresses(s, d, Some(hoa), None);
    assert_eq!(check_mh(&ps, &pd, mh), Ok(mh.len()));
    assert!(
        check_mh(&s, &d, mh).is_err(),
        "the IPv6 source is not the pseudo-header source"
    );
    let r = Repr::parse(&Packet::new_checked(mh).unwrap()).unwrap();
    assert_eq!(
        r.message,
        Message::BindingUpdate(BindingUpdate {
            seq: 1,
            ack: true,
            home_reg: true,
            lifetime: 10,
            ..Default::default()
        })
    );

    let pkt = &c["rh2_ba"];
    assert_eq!(pkt[6], 43);
    let (s, d, rest) = split(pkt);
    let rh2 = Rh2Repr::parse(rest).unwrap();
    assert_eq!(
        rh2,
        Rh2Repr {
            next_header: 135,
            segments_left: 1,
            home_address: hoa
        }
    );
    let mh = &rest[24..];
    let (ps, pd) = mh_pseudo_addresses(s, d, None, Some(rh2.home_address));
    assert_eq!(check_mh(&ps, &pd, mh), Ok(mh.len()));
    // and our own RH2 bytes equal scapy's
    let mut b = [0u8; 24];
    rh2.emit(&mut b).unwrap();
    assert_eq!(&b[..], &rest[..24]);
}
