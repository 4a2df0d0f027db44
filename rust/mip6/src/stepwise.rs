//! Classifiers that see a packet a piece at a time.
//!
//! A netfilter hook holds a packet whose first bytes are linear; the rest may sit in pages.
//! The data path's classifiers ([`super::inbound`], [`super::intercept`],
//! [`super::mn_inbound`]) answer from the bytes at hand or ask for more, which the hook
//! makes linear before asking again. Their answers share that shape: [`Stepwise`].

use super::error::bytes;

/// The answer of a classifier that may ask for more of the packet.
///
/// A classifier asks only for more than it was given and never for more than the packet
/// holds (its fuzz target checks both), so the hook's loop ends.
pub trait Stepwise: Sized {
    /// Asks for the first `n` bytes from the IPv6 header on.
    fn need(n: usize) -> Self;
    /// Nothing for Mobile IPv6 to do: the stack's business.
    fn pass() -> Self;
    /// How many bytes this answer asks for, if it asks.
    fn needs(&self) -> Option<usize>;

    /// Asks for `n` bytes when the packet holds them. A packet too short for the header it
    /// names passes: the stack drops it as truncated.
    fn need_within(n: usize, pkt_len: usize) -> Self {
        if n <= pkt_len {
            Self::need(n)
        } else {
            Self::pass()
        }
    }
}

/// The 16 bytes at `off`, zeros if out of range (the classifiers check lengths before).
pub fn addr16(b: &[u8], off: usize) -> [u8; 16] {
    bytes::arr(b, off).unwrap_or([0; 16])
}
