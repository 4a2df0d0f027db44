//! Whole IPv6 packets: the extension-header walk to the Mobility Header (HAO, RH2), then
//! the §9.2 checks and the message parser on what it finds, as the kernel receive path does.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::mh::{Packet, Repr};
use mip6::packet::locate_mh;
use mip6::validate::check_mh;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = locate_mh(data) {
        assert!(p.mh_offset <= data.len());
        let _ = check_mh(&p.pseudo_src(), &p.pseudo_dst(), p.mh);
        if let Ok(view) = Packet::new_checked(p.mh) {
            let _ = Repr::parse(&view);
        }
    }
});
