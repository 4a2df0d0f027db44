//! Unit tests of `icmp` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;

const S: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const D: [u8; 16] = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

#[test]
fn icmp_messages_round_trip() {
    let addrs = [[1u8; 16], [2u8; 16]].concat();
    let mut pi = [0u8; 32];
    NdOption::PrefixInfo(PrefixInfo {
        prefix_len: 64,
        on_link: true,
        autonomous: true,
        router_address: true,
        valid_lifetime: 10,
        preferred_lifetime: 5,
        prefix: D,
    })
    .emit(&mut pi)
    .unwrap();
    let msgs = [
        IcmpRepr::HaadRequest { identifier: 1 },
        IcmpRepr::HaadReply {
            identifier: 2,
            addresses: &addrs,
        },
        IcmpRepr::PrefixSolicitation { identifier: 3 },
        IcmpRepr::PrefixAdvertisement {
            identifier: 4,
            managed: true,
            other: false,
            options: &pi,
        },
    ];
    for m in msgs {
        let mut b = [0u8; 128];
        let n = m.emit(&mut b, &S, &D).unwrap();
        assert!(IcmpRepr::verify_checksum(&S, &D, &b[..n]));
        assert_eq!(IcmpRepr::parse(&b[..n]).unwrap(), m);
    }
    assert_eq!(addresses(&addrs).count(), 2);
    assert!(IcmpRepr::parse(&[145, 0, 0, 0, 0, 0, 0, 0, 1]).is_err());
    assert!(IcmpRepr::parse(&[144, 1, 0, 0, 0, 0, 0, 0]).is_err());
}

#[test]
fn ra_with_mip6_options() {
    let mut b = [0u8; 80];
    b[0] = ICMP_RA;
    b[4] = 64;
    b[5] = RA_FLAG_HOME_AGENT;
    b[6..8].copy_from_slice(&1800u16.to_be_bytes());
    let mut n = 16;
    n += NdOption::AdvInterval(1500).emit(&mut b[n..]).unwrap();
    n += NdOption::HomeAgentInfo {
        preference: -5,
        lifetime: 600,
    }
    .emit(&mut b[n..])
    .unwrap();
    n += NdOption::PrefixInfo(PrefixInfo {
        prefix_len: 64,
        on_link: true,
        autonomous: false,
        router_address: true,
        valid_lifetime: 1,
        preferred_lifetime: 1,
        prefix: D,
    })
    .emit(&mut b[n..])
    .unwrap();
    let ra = RouterAdvert::parse(&b[..n]).unwrap();
    assert!(ra.home_agent);
    assert_eq!(ra.adv_interval(), Some(1500));
    let opts: std::vec::Vec<_> = ra.option_iter().map(|o| o.unwrap()).collect();
    assert_eq!(
        opts[1],
        NdOption::HomeAgentInfo {
            preference: -5,
            lifetime: 600
        }
    );
    assert!(matches!(opts[2], NdOption::PrefixInfo(p) if p.router_address && !p.autonomous));
    // zero-length option is malformed
    b[n] = 99;
    assert!(RouterAdvert::parse(&b[..n + 8]).is_err());
    assert_eq!(&b[16..24], &[7, 1, 0, 0, 0, 0, 0x05, 0xdc]);
}
