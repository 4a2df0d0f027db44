//! Unit tests of `ext` (kept apart so the kernel-side sources hold no test-only panics).

use super::*;
use std::vec::Vec;

#[test]
fn hao_header_layout_and_parse() {
    let home = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
    let mut b = [0u8; 24];
    assert_eq!(emit_hao_dest_opts(&mut b, NH_MOBILITY, &home).unwrap(), 24);
    let opts: Vec<_> = Ipv6OptionIter::new(&b)
        .unwrap()
        .map(|o| o.unwrap())
        .collect();
    assert_eq!(opts.len(), 2);
    assert_eq!(opts[1].kind, OPT_HOME_ADDRESS);
    assert_eq!(opts[1].offset % 8, 6, "8n+6 alignment");
    assert_eq!(find_home_address(&b).unwrap(), Some(home));
    let mut bad = b;
    bad[7] = 15;
    assert!(find_home_address(&bad).is_err());
    assert!(find_home_address(&b[..20]).is_err());
    assert_eq!(find_home_address(&[59, 0, 1, 4, 0, 0, 0, 0]).unwrap(), None);
}

#[test]
fn rh2() {
    let r = Rh2Repr {
        next_header: 135,
        segments_left: 1,
        home_address: [7; 16],
    };
    let mut b = [0u8; 24];
    assert_eq!(r.emit(&mut b).unwrap(), 24);
    assert_eq!(Rh2Repr::parse(&b), Ok(r));
    let mut x = b;
    x[1] = 3;
    assert_eq!(Rh2Repr::parse(&x).unwrap_err().pointer(), Some(1));
    x = b;
    x[3] = 2;
    assert_eq!(Rh2Repr::parse(&x).unwrap_err().pointer(), Some(3));
    x = b;
    x[2] = 0;
    assert_eq!(Rh2Repr::parse(&x), Err(Rh2Error::NotType2));
    assert_eq!(Rh2Repr::parse(&b[..10]), Err(Rh2Error::Truncated));
}

#[test]
fn chain_rules() {
    use ChainEntry::*;
    assert_eq!(check_chain(&[DestOpts { hao: true }, Mobility(5)]), Ok(()));
    assert_eq!(check_chain(&[Routing(2), Mobility(6)]), Ok(()));
    assert_eq!(
        check_chain(&[
            HopByHop,
            Routing(2),
            DestOpts { hao: true },
            Fragment,
            Upper(6)
        ]),
        Ok(())
    );
    assert_eq!(
        check_chain(&[DestOpts { hao: true }, Routing(2), Upper(6)]),
        Err(ChainError::HaoBeforeRouting)
    );
    assert_eq!(
        check_chain(&[Fragment, DestOpts { hao: true }, Upper(6)]),
        Err(ChainError::HaoAfterFragmentOrSecurity)
    );
    assert_eq!(
        check_chain(&[Esp, DestOpts { hao: true }]),
        Err(ChainError::HaoAfterFragmentOrSecurity)
    );
    assert_eq!(
        check_chain(&[DestOpts { hao: true }, DestOpts { hao: true }]),
        Err(ChainError::DuplicateHao)
    );
    assert_eq!(
        check_chain(&[Routing(2), Routing(2)]),
        Err(ChainError::DuplicateRh2)
    );
    assert_eq!(
        check_chain(&[Routing(2), HopByHop]),
        Err(ChainError::HopByHopNotFirst)
    );
    assert_eq!(
        check_chain(&[Mobility(5), Upper(6)]),
        Err(ChainError::MobilityNotLast)
    );
    assert_eq!(
        check_chain(&[Routing(2), Mobility(5)]),
        Err(ChainError::MobilityWithRh2)
    );
    assert_eq!(
        check_chain(&[DestOpts { hao: true }, Mobility(6)]),
        Err(ChainError::MobilityWithHao)
    );
    assert_eq!(check_chain(&[]), Ok(()));
}
