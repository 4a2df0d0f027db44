//! The receive hook's decisions over arbitrary packets: classification as the kernel side
//! drives it (asking for more bytes until it has an answer), and applying a Home Address
//! option wherever one is reported. Checks the properties the hook relies on.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::inbound::{classify, hao_apply, hao_home, Classified, HAO_LEN, OPT_HAO_DONE};

fuzz_target!(|data: &[u8]| {
    // The packet's first `linear` bytes are at hand, as in a non-linear skb.
    let linear = data.first().map_or(0, |&b| usize::from(b)).min(data.len());
    let mut have = linear;
    let verdict = loop {
        match classify(&data[..have], data.len()) {
            Classified::Need(n) => {
                assert!(
                    n > have && n <= data.len(),
                    "asked for {n} with {have} of {}",
                    data.len()
                );
                have = n;
            }
            v => break v,
        }
    };
    // Given the whole packet at once, the answer is the same.
    assert_eq!(classify(data, data.len()), verdict);
    if let Classified::HomeAddress(at) = verdict {
        let home = hao_home(data, at).expect("reported option is inside the packet");
        let mut pkt = data.to_vec();
        assert!(hao_apply(&mut pkt, at));
        assert_eq!(&pkt[8..24], &home);
        assert_eq!(&pkt[at + 2..at + HAO_LEN], &data[8..24]);
        assert_eq!(pkt[at], OPT_HAO_DONE);
    }
});
