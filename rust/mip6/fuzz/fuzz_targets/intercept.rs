//! The home agent's data path decisions over arbitrary packets: classification as the
//! kernel side drives it (asking for more bytes until it has an answer, which must not
//! depend on how the bytes were split), forwarding and own-packet verdicts, the hop-limit
//! rewrite.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common/stepwise.rs"]
mod stepwise;
use mip6::intercept::{classify, decrement_hop_limit, forward, tunnel_own, Forward};

fuzz_target!(|data: &[u8]| {
    stepwise::drive(data, data.first().map_or(0, |&b| usize::from(b)), classify);
    let _ = tunnel_own(data);
    if forward(data) == Forward::Tunnel {
        let mut p = data.to_vec();
        decrement_hop_limit(&mut p);
        assert_eq!(p[7], data[7] - 1);
        assert_eq!(&p[..7], &data[..7]);
        assert_eq!(&p[8..], &data[8..]);
    }
});
