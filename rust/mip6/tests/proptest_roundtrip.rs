//! Property tests: emit→parse round trips for every message and option set, and parsing
//! arbitrary bytes never panics.

mod common;
use mip6::icmp::{IcmpRepr, NdOption, NdOptionIter, PrefixInfo};
use mip6::mh::{BindingAck, BindingUpdate, Message, Packet, Repr};
use mip6::mhopt::{MhOptions, MsgAuth};
use proptest::prelude::*;

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        Just(Message::BindingRefreshRequest),
        any::<[u8; 8]>().prop_map(|cookie| Message::HomeTestInit { cookie }),
        any::<[u8; 8]>().prop_map(|cookie| Message::CareOfTestInit { cookie }),
        (any::<u16>(), any::<[u8; 8]>(), any::<[u8; 8]>()).prop_map(
            |(nonce_index, cookie, token)| Message::HomeTest {
                nonce_index,
                cookie,
                token
            }
        ),
        (any::<u16>(), any::<[u8; 8]>(), any::<[u8; 8]>()).prop_map(
            |(nonce_index, cookie, token)| Message::CareOfTest {
                nonce_index,
                cookie,
                token
            }
        ),
        (any::<u16>(), any::<[bool; 4]>(), 0u16..0x1000, any::<u16>()).prop_map(
            |(seq, f, other_flags, lifetime)| Message::BindingUpdate(BindingUpdate {
                seq,
                ack: f[0],
                home_reg: f[1],
                link_local: f[2],
                key_mgmt: f[3],
                other_flags,
                lifetime
            })
        ),
        (
            any::<u8>(),
            any::<bool>(),
            0u8..0x80,
            any::<u16>(),
            any::<u16>()
        )
            .prop_map(
                |(status, key_mgmt, other_flags, seq, lifetime)| Message::BindingAck(BindingAck {
                    status,
                    key_mgmt,
                    other_flags,
                    seq,
                    lifetime
                })
            ),
        (any::<u8>(), any::<[u8; 16]>()).prop_map(|(status, home_address)| Message::BindingError {
            status,
            home_address
        }),
    ]
}

#[derive(Debug, Clone)]
struct Opts {
    refresh: Option<u16>,
    alt: Option<[u8; 16]>,
    ni: Option<(u16, u16)>,
    mnid: Option<(u8, Vec<u8>)>,
    replay: Option<u64>,
    auth: Option<(u8, u32, Vec<u8>)>,
    bad: Option<Vec<u8>>,
}

fn opts() -> impl Strategy<Value = Opts> {
    (
        proptest::option::of(any::<u16>()),
        proptest::option::of(any::<[u8; 16]>()),
        proptest::option::of(any::<(u16, u16)>()),
        proptest::option::of((any::<u8>(), proptest::collection::vec(any::<u8>(), 0..60))),
        proptest::option::of(any::<u64>()),
        proptest::option::of((
            any::<u8>(),
            any::<u32>(),
            proptest::collection::vec(any::<u8>(), 0..40),
        )),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
    )
        .prop_map(|(refresh, alt, ni, mnid, replay, auth, bad)| Opts {
            refresh,
            alt,
            ni,
            mnid,
            replay,
            auth,
            bad,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn mh_round_trip(m in message(), o in opts(), src in any::<[u8; 16]>(), dst in any::<[u8; 16]>(), proto in any::<u8>()) {
        let repr = Repr {
            payload_proto: proto,
            message: m,
            options: MhOptions {
                refresh_advice: o.refresh,
                alt_coa: o.alt,
                nonce_indices: o.ni,
                mn_id: o.mnid.as_ref().map(|(s, v)| (*s, &v[..])),
                replay: o.replay,
                msg_auth: o.auth.as_ref().map(|(subtype, spi, d)| MsgAuth { subtype: *subtype, spi: *spi, data: &d[..] }),
                auth_data: o.bad.as_deref(),
            },
        };
        let mut buf = [0u8; 1024];
        let n = repr.emit(&mut buf, &src, &dst).unwrap();
        prop_assert_eq!(n % 8, 0);
        prop_assert_eq!(n, repr.buffer_len().unwrap());
        let p = Packet::new_checked(&buf[..n]).unwrap();
        prop_assert!(p.verify_checksum(&src, &dst));
        prop_assert_eq!(Repr::parse(&p).unwrap(), repr);
        if proto == 59 {
            prop_assert_eq!(mip6::validate::check_mh(&src, &dst, &buf[..n]), Ok(n));
        }
    }

    #[test]
    fn icmp_round_trip(id in any::<u16>(), m in any::<bool>(), o in any::<bool>(), naddr in 0usize..5, pi in any::<(u8, [bool; 3], u32, u32, [u8; 16])>()) {
        let addrs = vec![0x5au8; naddr * 16];
        let mut opt = [0u8; 32];
        NdOption::PrefixInfo(PrefixInfo { prefix_len: pi.0, on_link: pi.1[0], autonomous: pi.1[1], router_address: pi.1[2], valid_lifetime: pi.2, preferred_lifetime: pi.3, prefix: pi.4 }).emit(&mut opt).unwrap();
        let parsed: Vec<_> = NdOptionIter::new(&opt).collect();
        prop_assert_eq!(parsed.len(), 1);
        for r in [
            IcmpRepr::HaadRequest { identifier: id },
            IcmpRepr::HaadReply { identifier: id, addresses: &addrs },
            IcmpRepr::PrefixSolicitation { identifier: id },
            IcmpRepr::PrefixAdvertisement { identifier: id, managed: m, other: o, options: &opt },
        ] {
            let mut b = [0u8; 200];
            let n = r.emit(&mut b, &[1; 16], &[2; 16]).unwrap();
            prop_assert!(IcmpRepr::verify_checksum(&[1; 16], &[2; 16], &b[..n]));
            prop_assert_eq!(IcmpRepr::parse(&b[..n]).unwrap(), r);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        common::feed_all_parsers(&data);
    }

    #[test]
    fn mh_shaped_bytes_never_panic(t in 0u8..10, hl in 0u8..6, rest in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut d = vec![59, hl, t, 0, 0, 0];
        d.extend(rest);
        common::feed_all_parsers(&d);
    }
}
