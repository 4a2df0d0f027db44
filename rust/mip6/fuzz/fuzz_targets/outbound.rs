//! The send hook's rewrite over arbitrary packet fronts and lengths: it either leaves the
//! bytes alone or produces an IPv6 header to the care-of address followed by a type 2
//! routing header holding the old destination; the size checks never overflow.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mip6::ext::{Rh2Repr, RH2_LEN};
use mip6::outbound::{fits, insert_rh2, rh2_mtu, REWRITE_LEN};

fuzz_target!(|data: &[u8]| {
    let Some((head, front)) = data.split_first_chunk::<22>() else {
        return;
    };
    let coa: [u8; 16] = head[..16].try_into().unwrap();
    let total = usize::from(u16::from_be_bytes([head[16], head[17]])) * usize::from(head[18] % 4);
    let mtu = u32::from_be_bytes([head[19], head[20], head[21], 0]);
    let (m, pmtu) = rh2_mtu(mtu);
    assert!(m >= 1304 && pmtu + RH2_LEN as u32 == m);
    let _ = fits(total, mtu);
    let mut buf = front.to_vec();
    if insert_rh2(&mut buf, &coa, total) {
        assert!(front.len() >= REWRITE_LEN);
        let old = &front[RH2_LEN..REWRITE_LEN];
        assert_eq!(&buf[..4], &old[..4]);
        assert_eq!(
            usize::from(u16::from_be_bytes([buf[4], buf[5]])),
            total - 40
        );
        assert_eq!(&buf[7..24], &old[7..24]);
        assert_eq!(buf[6], 43);
        assert_eq!(&buf[24..40], &coa);
        let rh2 = Rh2Repr::parse(&buf[40..64]).expect("a valid type 2 routing header");
        assert_eq!(
            (rh2.next_header, rh2.segments_left, &rh2.home_address[..]),
            (old[6], 1, &old[24..40])
        );
        assert_eq!(&buf[64..], &front[64..]);
    } else {
        assert_eq!(&buf[..], front);
    }
});
