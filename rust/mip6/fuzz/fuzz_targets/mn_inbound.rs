//! The mobile node's receive decisions over arbitrary packets and states: classification
//! as the kernel side drives it (answer independent of how the bytes were split), and the
//! type 2 routing header rewrite wherever one is reported.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common/stepwise.rs"]
mod stepwise;
use mip6::mn_inbound::{apply_rh2, classify, Received, View, RH_TYPE_DONE};
use mip6::stepwise::addr16;

fuzz_target!(|data: &[u8]| {
    let Some((state, pkt)) = data.split_first_chunk::<2>() else {
        return;
    };
    // Addresses taken from the packet itself, so that the interesting branches match.
    let at = |o: usize| addr16(pkt, o);
    let view = View {
        home: at(48 + (state[0] as usize % 4) * 8),
        coa: at(24),
        ha: at(8),
        away: state[0] & 0x80 != 0,
    };
    let verdict = stepwise::drive(pkt, usize::from(state[1]), |b, n| classify(b, n, &view));
    if verdict == Received::RoutingHeader {
        let mut p = pkt.to_vec();
        assert!(apply_rh2(&mut p, true));
        assert_eq!(&p[24..40], &view.home);
        assert_eq!(&p[48..64], &pkt[24..40]);
        assert_eq!((p[42], p[43]), (RH_TYPE_DONE, 0));
        assert_eq!(classify(&p, p.len(), &view), Received::Pass);
    }
});
