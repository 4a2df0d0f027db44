//! Mobility option area parse and re-emit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::mhopt::{MhOptionIter, MhOptions};

fuzz_target!(|data: &[u8]| {
    for o in MhOptionIter::new(data) {
        let _ = o;
    }
    if let Ok(o) = MhOptions::parse(data) {
        let mut out = [0u8; 4096];
        if let Ok(n) = o.emit(&mut out, 12) {
            assert_eq!(MhOptions::parse(&out[..n]).unwrap(), o); // allow-panic: fuzz oracle
        }
    }
});
