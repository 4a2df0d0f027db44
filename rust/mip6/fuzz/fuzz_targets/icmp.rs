//! ICMPv6 MIPv6 messages, Router Advertisements and ND options.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::icmp::{IcmpRepr, NdOptionIter, RouterAdvert};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = IcmpRepr::parse(data) {
        let mut out = [0u8; 70000];
        let _ = r.emit(&mut out, &[1; 16], &[2; 16]);
    }
    if let Ok(ra) = RouterAdvert::parse(data) {
        let _ = ra.adv_interval();
    }
    for o in NdOptionIter::new(data) {
        let _ = o;
    }
});
