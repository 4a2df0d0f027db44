//! Sequence number arithmetic (RFC 6275 §9.5.1) and lifetime units (§6.1.7, §6.1.8,
//! §6.2.4), all checked or saturating.

/// Half of the 16-bit sequence space: the comparison window.
pub const SEQ_WINDOW: u16 = 32768;

/// `a < b` modulo 2^16: `b` lies within the 32767 values after `a`.
pub fn seq_lt(a: u16, b: u16) -> bool {
    let d = b.wrapping_sub(a);
    d != 0 && d < SEQ_WINDOW
}

/// `a > b` modulo 2^16.
pub fn seq_gt(a: u16, b: u16) -> bool {
    seq_lt(b, a)
}

/// RFC 6275 §9.5.1: a received Binding Update sequence `new` is acceptable only if it is
/// greater than `last`; values equal to `last` or among the 32768 values preceding it
/// are out of window (Binding Acknowledgement status 135).
pub fn bu_seq_acceptable(new: u16, last: u16) -> bool {
    seq_gt(new, last)
}

/// Seconds per unit of the Binding Update / Binding Acknowledgement Lifetime fields and the
/// Binding Refresh Advice Refresh Interval.
pub const BINDING_LIFETIME_UNIT_SECS: u32 = 4;

/// Seconds carried by a BU/BA lifetime (or refresh interval) field value.
pub fn binding_units_to_secs(units: u16) -> u32 {
    u32::from(units).saturating_mul(BINDING_LIFETIME_UNIT_SECS)
}

/// Field value for `secs` seconds in 4-second units, rounded down and saturated to the
/// field's 16 bits (the largest lifetime a BU can express is 262140 s).
pub fn secs_to_binding_units(secs: u32) -> u16 {
    u16::try_from(secs / BINDING_LIFETIME_UNIT_SECS).unwrap_or(u16::MAX)
}

/// Field value for `secs` seconds in 4-second units, rounded up (for a requested lifetime
/// that must not come out shorter), saturated.
pub fn secs_to_binding_units_ceil(secs: u32) -> u16 {
    let u = secs / BINDING_LIFETIME_UNIT_SECS + u32::from(secs % BINDING_LIFETIME_UNIT_SECS != 0);
    u16::try_from(u).unwrap_or(u16::MAX)
}

/// Milliseconds for a BU/BA lifetime field value.
pub fn binding_units_to_ms(units: u16) -> u64 {
    u64::from(binding_units_to_secs(units)).saturating_mul(1000)
}

/// Milliseconds for a 1-second-unit lifetime (Home Agent Information option, prefixes).
pub fn secs_to_ms(secs: u32) -> u64 {
    u64::from(secs).saturating_mul(1000)
}

/// The lifetime to grant: the smaller of the requested field value and a policy maximum
/// expressed in seconds, in 4-second units.
pub fn clamp_binding_units(requested: u16, max_secs: u32) -> u16 {
    requested.min(secs_to_binding_units(max_secs))
}

#[cfg(test)]
#[path = "tests/seq.rs"]
mod tests;
