//! The verdict on what comes out of a tunnel, over arbitrary inner packets.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mip6::tunnel::inner_allowed(data);
});
