//! §9.2 receive checks.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = mip6::validate::check_mh(&[1; 16], &[2; 16], data) {
        let _ = e.action().icmp_pointer(usize::MAX);
    }
});
