//! Binding Authorization Data location and authenticator over arbitrary headers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mip6::rr::find_authenticator(data);
    let _ = mip6::rr::verify_authenticator(&[3; 20], &[1; 16], &[2; 16], data);
});
