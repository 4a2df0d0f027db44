//! Helpers for the cross-check tests: they run external tools and fail loudly when the
//! tools are missing.
#![allow(dead_code)]

use std::process::Command;

/// The Python interpreter with scapy: `$MIP6_PYTHON`, default the project's venv.
pub fn python() -> String {
    std::env::var("MIP6_PYTHON").unwrap_or_else(|_| "/var/cache/mip6/venv/bin/python3".to_string())
}

/// Run `python -c script` and return its stdout; panics (test failure) on any error.
pub fn run_python(script: &str) -> String {
    let py = python();
    let out = Command::new(&py)
        .arg("-c")
        .arg(script)
        .output()
        .unwrap_or_else(|e| panic!("cannot run Python interpreter {py:?} (set MIP6_PYTHON): {e}"));
    assert!(
        out.status.success(),
        "{py} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Decode hex.
pub fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    assert!(s.len() % 2 == 0, "odd hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Encode hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Parse "2001:db8::1"-style text (std's parser).
pub fn addr(s: &str) -> [u8; 16] {
    s.parse::<std::net::Ipv6Addr>()
        .expect("ipv6 address")
        .octets()
}

/// Feed `data` to every parser of the crate (results ignored: only panics matter).
pub fn feed_all_parsers(data: &[u8]) {
    use mip6::*;
    let a = [0x20u8; 16];
    let b = [0x30u8; 16];
    let p = mh::Packet::new_unchecked(data);
    let _ = (
        p.payload_proto(),
        p.header_len(),
        p.mh_type(),
        p.checksum(),
        p.options(),
        p.verify_checksum(&a, &b),
    );
    if let Ok(p) = mh::Packet::new_checked(data) {
        if let Ok(r) = mh::Repr::parse(&p) {
            // whatever parses must re-emit
            let mut out = [0u8; 2100];
            let _ = r.emit(&mut out, &a, &b);
        }
    }
    let _ = validate::check_mh(&a, &b, data);
    let _ = mhopt::MhOptions::parse(data);
    for o in mhopt::MhOptionIter::new(data).take(300) {
        let _ = o;
    }
    let _ = ext::find_home_address(data);
    let _ = ext::Rh2Repr::parse(data);
    if let Ok(it) = ext::Ipv6OptionIter::new(data) {
        for o in it.take(300) {
            let _ = o;
        }
    }
    let _ = icmp::IcmpRepr::parse(data);
    if let Ok(ra) = icmp::RouterAdvert::parse(data) {
        let _ = ra.adv_interval();
    }
    for o in icmp::NdOptionIter::new(data).take(300) {
        let _ = o;
    }
    let _ = rr::find_authenticator(data);
    let _ = rr::bad_authenticator(&[1; 20], &a, &b, data);
    let _ = rr::verify_authenticator(&[1; 20], &a, &b, data);
    let _ = checksum::mh_checksum(&a, &b, data);
}
