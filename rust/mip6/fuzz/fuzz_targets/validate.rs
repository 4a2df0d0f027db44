//! §9.2 receive checks.
#![no_main]
use libfuzzer_sys::fuzz_target;

const SRC: [u8; 16] = [1; 16];
const DST: [u8; 16] = [2; 16];

fn check(mh: &[u8]) {
    if let Err(e) = mip6::validate::check_mh(&SRC, &DST, mh) {
        let _ = e.action().icmp_pointer(usize::MAX);
        let _ = e.action().icmp_pointer(40);
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    // Random bytes almost never carry a valid checksum; also check a copy whose checksum
    // is filled in, so the checks after it (Payload Proto, MH Type, Header Len) are reached.
    if data.len() >= 8 {
        let total = ((usize::from(data[1]) + 1) * 8).min(data.len());
        let mut b = data.to_vec();
        b[4] = 0;
        b[5] = 0;
        let c = mip6::checksum::mh_checksum(&SRC, &DST, &b[..total]);
        b[4..6].copy_from_slice(&c.to_be_bytes());
        check(&b);
    }
});
