use super::*;

fn a(s: &str, flags: u32) -> AddrInfo {
    let ip: std::net::Ipv6Addr = s.parse().unwrap();
    AddrInfo {
        addr: ip.octets(),
        plen: 64,
        flags,
    }
}
fn p(s: &str) -> [u8; 8] {
    prefix64(&s.parse::<std::net::Ipv6Addr>().unwrap().octets())
}
const HOME: &str = "fec0:106:2700::4";
fn home() -> [u8; 16] {
    HOME.parse::<std::net::Ipv6Addr>().unwrap().octets()
}

#[test]
fn coa_is_the_usable_address_of_the_advertised_prefix() {
    let addrs = [
        a("fec0:106:2700::290:7dff:fef3:31a", 0), // home prefix (SLAAC at home)
        a("fec0:106:1100::290:7dff:fef3:31a", 0), // the previous link
        a("fec0:106:1000::290:7dff:fef3:31a", 0), // this link
    ];
    let coa = select_coa(&addrs, &home(), &[p("fec0:106:1000::")]);
    assert_eq!(coa, Some(addrs[2].addr));
}

#[test]
fn no_coa_while_dad_runs_or_failed_or_only_home_prefix() {
    let link = [p("fec0:106:1000::")];
    assert_eq!(
        select_coa(&[a("fec0:106:1000::1", IFA_F_TENTATIVE)], &home(), &link),
        None
    );
    assert_eq!(
        select_coa(&[a("fec0:106:1000::1", IFA_F_DADFAILED)], &home(), &link),
        None
    );
    // The home prefix advertised on a link is home, never a care-of address.
    assert_eq!(
        select_coa(&[a("fec0:106:2700::9", 0)], &home(), &[p(HOME)]),
        None
    );
    assert_eq!(select_coa(&[], &home(), &link), None);
}

#[test]
fn stale_addresses_are_autoconfigured_ones_of_other_prefixes() {
    let keep = [p("fec0:106:1000::")];
    assert!(is_stale(&a("fec0:106:1100::1", 0), &home(), &keep));
    assert!(!is_stale(&a("fec0:106:1000::1", 0), &home(), &keep));
    assert!(!is_stale(
        &a("fec0:106:1100::1", IFA_F_PERMANENT),
        &home(),
        &keep
    ));
    assert!(!is_stale(&a(HOME, 0), &home(), &keep));
    // At home, everything outside the home prefix goes.
    assert!(is_stale(&a("fec0:106:1000::1", 0), &home(), &[p(HOME)]));
}

#[test]
fn masking() {
    let x: [u8; 16] = "fec0:106:2700:0:290:7dff:fef3:31a"
        .parse::<std::net::Ipv6Addr>()
        .unwrap()
        .octets();
    assert_eq!(
        masked(&x, 64),
        "fec0:106:2700::"
            .parse::<std::net::Ipv6Addr>()
            .unwrap()
            .octets()
    );
    assert_eq!(masked(&x, 0), [0; 16]);
    assert_eq!(masked(&x, 128), x);
    assert_eq!(masked(&x, 12)[..2], [0xfe, 0xc0]);
    assert_eq!(masked(&x, 11)[..2], [0xfe, 0xc0]);
    assert_eq!(masked(&x, 9)[..2], [0xfe, 0x80]);
    for plen in 0..=255u8 {
        let _ = masked(&x, plen); // never panics, whatever the length
    }
}
