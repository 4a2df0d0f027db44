//! The receive hook's decisions over arbitrary packets: classification as the kernel side
//! drives it (asking for more bytes until it has an answer), and applying a Home Address
//! option wherever one is reported, and the quoted header of a Packet Too Big the hook
//! hands to the route. Checks the properties the hook relies on.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common/stepwise.rs"]
mod stepwise;
use mip6::inbound::{classify, hao_apply, hao_home, Classified, HAO_LEN, OPT_HAO_DONE};

fuzz_target!(|data: &[u8]| {
    let verdict = stepwise::drive(data, data.first().map_or(0, |&b| usize::from(b)), classify);
    if let Classified::PathMtu { quoted, .. } = verdict {
        // The kernel side reads the quoted IPv6 header: it is inside the packet.
        assert!(quoted + 40 <= data.len());
    }
    if let Classified::HomeAddress(at) = verdict {
        let home = hao_home(data, at).expect("reported option is inside the packet");
        let mut pkt = data.to_vec();
        assert!(hao_apply(&mut pkt, at));
        assert_eq!(&pkt[8..24], &home);
        assert_eq!(&pkt[at + 2..at + HAO_LEN], &data[8..24]);
        assert_eq!(pkt[at], OPT_HAO_DONE);
    }
});
