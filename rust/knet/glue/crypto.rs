// SPDX-License-Identifier: GPL-2.0
//! Safe Rust over what the Mobile IPv6 crypto needs from the kernel (mip6_base's glue
//! exports them; every module uses the same): SHA-1 and HMAC-SHA1 from the kernel's crypto
//! library (the `mip6` core's `sha1` module calls these in kernel builds), the wall clock for
//! replay protection timestamps, explicit zeroing of key copies, and the global rate limit
//! for log lines a packet can trigger.

use crate::knet::bindings::{
    mip6_hmac_sha1, mip6_log_ratelimit, mip6_real_ns, mip6_sha1, mip6_wipe,
};

/// Most parts one HMAC takes (the RFC 4285 authenticator uses six).
const MAX_PARTS: usize = 8;

/// `parts` as the C side takes them: pointer and length tables and their count; `None`
/// for more parts than the tables hold or a part over 4 GiB.
fn part_tables(parts: &[&[u8]]) -> Option<([*const u8; MAX_PARTS], [u32; MAX_PARTS], u32)> {
    let mut ptrs = [core::ptr::null::<u8>(); MAX_PARTS];
    let mut lens = [0u32; MAX_PARTS];
    for (i, p) in parts.iter().enumerate() {
        *ptrs.get_mut(i)? = p.as_ptr();
        *lens.get_mut(i)? = u32::try_from(p.len()).ok()?;
    }
    Some((ptrs, lens, u32::try_from(parts.len()).ok()?))
}

/// SHA-1 of the concatenation of `parts`, by the kernel's library (`sha1_*` of
/// `<crypto/sha1.h>`); `mip6::sha1::sha1` in kernel builds.
pub(crate) fn sha1(parts: &[&[u8]]) -> [u8; 20] {
    let mut out = [0u8; 20];
    let Some((ptrs, lens, n)) = part_tables(parts) else {
        // No digest anyone can match.
        fill_random(&mut out);
        return out;
    };
    // SAFETY: the first `n` entries of `ptrs`/`lens` describe live slices of `parts`;
    // `out` has room for the 20-byte digest.
    unsafe { mip6_sha1(ptrs.as_ptr(), lens.as_ptr(), n, out.as_mut_ptr()) };
    out
}

/// HMAC-SHA1 of the concatenation of `parts` under `key`, by the kernel's library
/// (`hmac_sha1_*` of `<crypto/sha1.h>`); `mip6::sha1::hmac_sha1` in kernel builds.
pub(crate) fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> [u8; 20] {
    let mut out = [0u8; 20];
    let (Some((ptrs, lens, n)), Ok(key_len)) = (part_tables(parts), u32::try_from(key.len()))
    else {
        // No MAC anyone can match.
        fill_random(&mut out);
        return out;
    };
    // SAFETY: `key` is valid for `key_len` bytes; the first `n` entries of `ptrs`/`lens`
    // describe live slices of `parts`; `out` has room for the 20-byte digest.
    unsafe {
        mip6_hmac_sha1(
            key.as_ptr(),
            key_len,
            ptrs.as_ptr(),
            lens.as_ptr(),
            n,
            out.as_mut_ptr(),
        )
    };
    out
}

/// Random bytes (used where no MAC can be computed, so that no forged value matches).
pub(crate) fn fill_random(buf: &mut [u8]) {
    use crate::knet::bindings::mip6_random_bytes;
    let Ok(len) = u32::try_from(buf.len()) else {
        return;
    };
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
    let Ok(len) = u32::try_from(buf.len()) else {
        return;
    };
    // SAFETY: `buf` is valid for `len` bytes.
    unsafe { mip6_wipe(buf.as_mut_ptr(), len) };
}

/// Whether a log line a packet triggered may be printed now (`net_ratelimit`, shared by
/// every namespace: root in a container cannot flood the host's log by raising debuglevel).
pub(crate) fn log_allowed() -> bool {
    // SAFETY: no preconditions.
    unsafe { mip6_log_ratelimit() }
}
