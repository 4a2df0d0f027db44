//! Destination options (HAO) and type 2 routing header.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::ext::{find_home_address, Ipv6OptionIter, Rh2Repr};

fuzz_target!(|data: &[u8]| {
    let _ = find_home_address(data);
    let _ = Rh2Repr::parse(data);
    if let Ok(it) = Ipv6OptionIter::new(data) {
        for o in it {
            let _ = o;
        }
    }
});
