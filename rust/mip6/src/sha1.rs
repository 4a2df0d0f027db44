//! SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104), as return routability (RFC 6275 §5.2) and
//! the MN-HA authenticator (RFC 4285) need them.
//!
//! [`sha1`] and [`hmac_sha1`] are the kernel's own library (`<crypto/sha1.h>`, through the
//! module's `glue_auth`) in kernel builds; this file's constant-memory implementation serves
//! the host only (tests, fuzzing, mipdiag, the load generator).

/// Length of a SHA-1 digest in octets.
pub const DIGEST_LEN: usize = 20;
#[cfg(not(MODULE))]
const BLOCK_LEN: usize = 64;

/// SHA-1 of the concatenation of `parts`.
pub fn sha1(parts: &[&[u8]]) -> [u8; DIGEST_LEN] {
    #[cfg(MODULE)]
    {
        crate::glue_auth::sha1(parts)
    }
    #[cfg(not(MODULE))]
    {
        soft_sha1(parts)
    }
}

/// HMAC-SHA1 of the concatenation of `parts` under `key`.
pub fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> [u8; DIGEST_LEN] {
    #[cfg(MODULE)]
    {
        crate::glue_auth::hmac_sha1(key, parts)
    }
    #[cfg(not(MODULE))]
    {
        let mut h = HmacSha1::new(key);
        for p in parts {
            h.update(p);
        }
        h.finalize()
    }
}

/// Incremental SHA-1 hasher.
#[cfg(not(MODULE))]
#[derive(Clone)]
pub struct Sha1 {
    state: [u32; 5],
    block: [u8; BLOCK_LEN],
    used: usize,
    /// Total message length in bytes, modulo 2^64 (the length field is taken mod 2^64 bits).
    total: u64,
}

#[cfg(not(MODULE))]
impl Default for Sha1 {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(not(MODULE))]
impl Sha1 {
    /// A hasher with the FIPS 180 initial value.
    pub const fn new() -> Self {
        Sha1 {
            state: [
                0x6745_2301,
                0xEFCD_AB89,
                0x98BA_DCFE,
                0x1032_5476,
                0xC3D2_E1F0,
            ],
            block: [0; BLOCK_LEN],
            used: 0,
            total: 0,
        }
    }

    /// Feed `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u64);
        for &b in data {
            self.update_raw(b);
        }
    }

    /// Finish and return the digest.
    pub fn finalize(mut self) -> [u8; DIGEST_LEN] {
        let bits = self.total.wrapping_mul(8);
        self.update_raw(0x80);
        while self.used != BLOCK_LEN - 8 {
            self.update_raw(0);
        }
        for b in bits.to_be_bytes() {
            self.update_raw(b);
        }
        let mut out = [0u8; DIGEST_LEN];
        for (chunk, word) in out.chunks_exact_mut(4).zip(self.state.iter()) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    /// One byte into the block, compressing when it is full (padding bytes too: they do
    /// not count in `total`).
    fn update_raw(&mut self, b: u8) {
        if let Some(slot) = self.block.get_mut(self.used) {
            *slot = b;
        }
        self.used = self.used.wrapping_add(1);
        if self.used >= BLOCK_LEN {
            let block = self.block;
            self.compress(&block);
            self.used = 0;
        }
    }

    fn compress(&mut self, block: &[u8; BLOCK_LEN]) {
        let mut w = [0u32; 80];
        for (wi, c) in w.iter_mut().zip(block.chunks_exact(4)) {
            *wi = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for t in 16..80 {
            w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = self.state;
        for (t, wt) in w.iter().enumerate() {
            let (f, k) = match t {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let tmp = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wt);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = tmp;
        }
        for (s, v) in self.state.iter_mut().zip([a, b, c, d, e]) {
            *s = s.wrapping_add(v);
        }
    }
}

/// SHA-1 of the concatenation of `parts`, in software.
#[cfg(not(MODULE))]
fn soft_sha1(parts: &[&[u8]]) -> [u8; DIGEST_LEN] {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p);
    }
    h.finalize()
}

/// Incremental HMAC-SHA1.
#[cfg(not(MODULE))]
#[derive(Clone)]
pub struct HmacSha1 {
    inner: Sha1,
    opad_key: [u8; BLOCK_LEN],
}

#[cfg(not(MODULE))]
impl HmacSha1 {
    /// Start an HMAC with `key` (keys longer than 64 octets are hashed first, RFC 2104).
    pub fn new(key: &[u8]) -> Self {
        let mut k = [0u8; BLOCK_LEN];
        if key.len() > BLOCK_LEN {
            let d = soft_sha1(&[key]);
            for (dst, src) in k.iter_mut().zip(d.iter()) {
                *dst = *src;
            }
        } else {
            for (dst, src) in k.iter_mut().zip(key.iter()) {
                *dst = *src;
            }
        }
        let mut ipad = [0u8; BLOCK_LEN];
        let mut opad_key = [0u8; BLOCK_LEN];
        for ((i, o), kb) in ipad.iter_mut().zip(opad_key.iter_mut()).zip(k.iter()) {
            *i = kb ^ 0x36;
            *o = kb ^ 0x5c;
        }
        let mut inner = Sha1::new();
        inner.update(&ipad);
        HmacSha1 { inner, opad_key }
    }
    /// Feed message bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }
    /// Finish and return the 20-octet MAC.
    pub fn finalize(self) -> [u8; DIGEST_LEN] {
        let ih = self.inner.finalize();
        soft_sha1(&[&self.opad_key, &ih])
    }
}

#[cfg(test)]
#[path = "tests/sha1.rs"]
mod tests;
