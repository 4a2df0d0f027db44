//! Mobility Header parse, and re-emit of whatever parses.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::mh::{Packet, Repr};

fuzz_target!(|data: &[u8]| {
    let p = Packet::new_unchecked(data);
    let _ = (
        p.payload_proto(),
        p.header_len(),
        p.mh_type(),
        p.checksum(),
        p.options(),
    );
    if let Ok(p) = Packet::new_checked(data) {
        if let Ok(r) = Repr::parse(&p) {
            let mut out = [0u8; 2100];
            let n = r
                .emit(&mut out, &[1; 16], &[2; 16])
                .expect("a parsed header re-emits"); // allow-panic: fuzz oracle
            let again = Repr::parse(&Packet::new_checked(&out[..n]).unwrap()).unwrap(); // allow-panic: fuzz oracle
            assert_eq!(again, r);
        }
    }
});
