//! Drives a stepwise classifier as the kernel hooks do, checking what they rely on.

use mip6::stepwise::Stepwise;

/// Classifies `pkt` from its first `linear` bytes, giving the classifier what it asks for
/// until it answers. Panics (a fuzz finding) if it asks for no more than it has, for more
/// than the packet holds, or if its answer depends on how the bytes were split.
pub fn drive<T: Stepwise + PartialEq + core::fmt::Debug>(
    pkt: &[u8],
    linear: usize,
    classify: impl Fn(&[u8], usize) -> T,
) -> T {
    let mut have = linear.min(pkt.len());
    let verdict = loop {
        let answer = classify(&pkt[..have], pkt.len());
        match answer.needs() {
            Some(n) => {
                assert!(
                    n > have && n <= pkt.len(),
                    "asked for {n} with {have} of {}",
                    pkt.len()
                );
                have = n;
            }
            None => break answer,
        }
    };
    assert_eq!(classify(pkt, pkt.len()), verdict);
    verdict
}
