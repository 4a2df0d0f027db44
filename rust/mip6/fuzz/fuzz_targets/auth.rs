//! RFC 4285 at the home agent over arbitrary Mobility Headers: locating the MN-HA option,
//! verifying it, and the whole home-registration check with the options parsed from them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::auth::{self, Credential};
use mip6::mh::{Packet, Repr};

fuzz_target!(|data: &[u8]| {
    let _ = auth::find(data);
    let _ = auth::verify(4096, b"fuzz key", &[1; 16], &[2; 16], data);
    if let Ok(p) = Packet::new_checked(data) {
        if let Ok(r) = Repr::parse(&p) {
            let cred = Credential::Key {
                spi: 4096,
                key: b"fuzz key",
            };
            let _ = auth::check_home_bu(
                cred,
                &r.options,
                data,
                &[1; 16],
                &[2; 16],
                u64::MAX,
                u32::MAX,
                Some(u64::MAX),
            );
            let _ = auth::check_home_bu(cred, &r.options, data, &[1; 16], &[2; 16], 0, 0, None);
        }
    }
});
