//! SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104), as return routability needs them
//! (RFC 6275 §5.2). Constant memory, no allocation.

/// Length of a SHA-1 digest in octets.
pub const DIGEST_LEN: usize = 20;
const BLOCK_LEN: usize = 64;

/// Incremental SHA-1 hasher.
#[derive(Clone)]
pub struct Sha1 {
    state: [u32; 5],
    block: [u8; BLOCK_LEN],
    used: usize,
    /// Total message length in bytes, modulo 2^64 (the length field is taken mod 2^64 bits).
    total: u64,
}

impl Default for Sha1 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha1 {
    /// A hasher with the FIPS 180 initial value.
    pub const fn new() -> Self {
        Sha1 {
            state: [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0],
            block: [0; BLOCK_LEN],
            used: 0,
            total: 0,
        }
    }

    /// Feed `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u64);
        for &b in data {
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
            let tmp = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wt);
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

/// SHA-1 of the concatenation of `parts`.
pub fn sha1(parts: &[&[u8]]) -> [u8; DIGEST_LEN] {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p);
    }
    h.finalize()
}

/// Incremental HMAC-SHA1.
#[derive(Clone)]
pub struct HmacSha1 {
    inner: Sha1,
    opad_key: [u8; BLOCK_LEN],
}

impl HmacSha1 {
    /// Start an HMAC with `key` (keys longer than 64 octets are hashed first, RFC 2104).
    pub fn new(key: &[u8]) -> Self {
        let mut k = [0u8; BLOCK_LEN];
        if key.len() > BLOCK_LEN {
            let d = sha1(&[key]);
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
        sha1(&[&self.opad_key, &ih])
    }
}

/// HMAC-SHA1 of the concatenation of `parts` under `key`.
pub fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> [u8; DIGEST_LEN] {
    let mut h = HmacSha1::new(key);
    for p in parts {
        h.update(p);
    }
    h.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{format, string::String, vec::Vec};

    fn hex(d: &[u8]) -> String {
        d.iter().map(|b| format!("{:02x}", b)).collect()
    }

    #[test]
    fn fips180_vectors() {
        assert_eq!(hex(&sha1(&[b"abc"])), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(hex(&sha1(&[b""])), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(&sha1(&[b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"])),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        let mut h = Sha1::new();
        let chunk = [b'a'; 1000];
        for _ in 0..1000 {
            h.update(&chunk);
        }
        assert_eq!(hex(&h.finalize()), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    }

    #[test]
    fn split_updates_match() {
        let data: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
        for cut in [0, 1, 55, 56, 63, 64, 65, 128, 299] {
            let mut h = Sha1::new();
            h.update(&data[..cut]);
            h.update(&data[cut..]);
            assert_eq!(h.finalize(), sha1(&[&data]));
        }
    }

    #[test]
    fn rfc2202_vectors() {
        let cases: [(&[u8], &[u8], &str); 7] = [
            (&[0x0b; 20], b"Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"),
            (b"Jefe", b"what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (&[0xaa; 20], &[0xdd; 50], "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
            (
                &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
                &[0xcd; 50],
                "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
            ),
            (&[0x0c; 20], b"Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
            (
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "aa4ae5e15272d00e95705637ce8a3b55ed402112",
            ),
            (
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
            ),
        ];
        for (key, data, want) in cases {
            assert_eq!(hex(&hmac_sha1(key, &[data])), want);
        }
    }
}
