// SPDX-License-Identifier: GPL-2.0
//! Safe Rust over what RFC 4285 needs from the kernel (mip6_base's glue exports them, so
//! mip6_mn uses the same): HMAC-SHA1 from the kernel's crypto library, the wall clock for
//! replay protection timestamps, explicit zeroing of key copies, and the global rate limit
//! for log lines a packet can trigger.


extern "C" {
    fn mip6_hmac_sha1(key: *const u8, key_len: u32, parts: *const *const u8, lens: *const u32, n: u32, out: *mut u8);
    fn mip6_real_ns() -> u64;
    fn mip6_wipe(buf: *mut u8, len: u32);
    fn mip6_log_ratelimit() -> bool;
}

/// Most parts one HMAC takes (the RFC 4285 authenticator uses six).
const MAX_PARTS: usize = 8;

/// HMAC-SHA1 of the concatenation of `parts` under `key`, by the kernel's library
/// (`hmac_sha1_*` of `<crypto/sha1.h>`). Matches [`crate::mip6::auth::HmacFn`].
pub(crate) fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> [u8; 20] {
    let mut out = [0u8; 20];
    let mut ptrs = [core::ptr::null::<u8>(); MAX_PARTS];
    let mut lens = [0u32; MAX_PARTS];
    let mut n = 0u32;
    for (i, p) in parts.iter().enumerate() {
        let (Some(ptr), Some(len), Ok(l)) = (ptrs.get_mut(i), lens.get_mut(i), u32::try_from(p.len())) else {
            // More parts than the table holds, or a part over 4 GiB: no MAC anyone can match.
            fill_random(&mut out);
            return out;
        };
        *ptr = p.as_ptr();
        *len = l;
        n += 1;
    }
    let Ok(key_len) = u32::try_from(key.len()) else {
        fill_random(&mut out);
        return out;
    };
    // SAFETY: `key` is valid for `key_len` bytes; the first `n` entries of `ptrs`/`lens`
    // describe live slices of `parts`; `out` has room for the 20-byte digest.
    unsafe { mip6_hmac_sha1(key.as_ptr(), key_len, ptrs.as_ptr(), lens.as_ptr(), n, out.as_mut_ptr()) };
    out
}

/// Random bytes (used where no MAC can be computed, so that no forged value matches).
pub(crate) fn fill_random(buf: &mut [u8]) {
    extern "C" {
        fn mip6_random_bytes(buf: *mut u8, len: u32);
    }
    let Ok(len) = u32::try_from(buf.len()) else { return };
    // SAFETY: `buf` is valid for `len` bytes.
    unsafe { mip6_random_bytes(buf.as_mut_ptr(), len) };
}

/// Nanoseconds since 1970 (the wall clock; replay protection timestamps are absolute).
pub(crate) fn real_time_ns() -> u64 {
    // SAFETY: reads the clock; no preconditions.
    unsafe { mip6_real_ns() }
}

/// Zeroes `buf` in a way the compiler cannot drop (`memzero_explicit`).
pub(crate) fn wipe(buf: &mut [u8]) {
    let Ok(len) = u32::try_from(buf.len()) else { return };
    // SAFETY: `buf` is valid for `len` bytes.
    unsafe { mip6_wipe(buf.as_mut_ptr(), len) };
}

/// Whether a log line a packet triggered may be printed now (`net_ratelimit`, shared by
/// every namespace: root in a container cannot flood the host's log by raising debuglevel).
pub(crate) fn log_allowed() -> bool {
    // SAFETY: no preconditions.
    unsafe { mip6_log_ratelimit() }
}
