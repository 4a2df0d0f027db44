//! The verdict on what comes out of a tunnel, over arbitrary inner packets; the ECN
//! combination of RFC 6040 and the outer header, over arbitrary header bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::tunnel::{decap_ecn, ecn, ecn_of, inner_allowed, outer_header, set_ecn};

fuzz_target!(|data: &[u8]| {
    let _ = inner_allowed(data);
    let (outer, inner) = data.split_at(data.len().min(40));
    let (o, i) = (ecn_of(outer), ecn_of(inner));
    match decap_ecn(o, i) {
        None => assert!(o == ecn::CE && i == ecn::NOT_ECT),
        Some(e) => {
            // Congestion is never lost, and a Not-ECT transport never sees ECN marks.
            assert!(o != ecn::CE || e == ecn::CE);
            assert!(i != ecn::NOT_ECT || e == ecn::NOT_ECT);
            let mut p = inner.to_vec();
            set_ecn(&mut p, e);
            if p.len() > 1 {
                assert_eq!(ecn_of(&p), e);
                assert_eq!(p[1] & 0xcf, inner[1] & 0xcf);
            }
        }
    }
    let h = outer_header(inner, &[1; 16], &[2; 16], 64);
    assert_eq!(h[0] >> 4, 6);
    assert_eq!(ecn_of(&h), if inner.len() >= 4 { ecn_of(inner) } else { 0 });
});
