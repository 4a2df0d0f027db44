//! Error type shared by every parser and emitter of the crate.

/// Why a parse or an emit failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The input is shorter than the structure it announces.
    Truncated,
    /// A length or field is inconsistent with the format.
    Malformed,
    /// An unknown message or option type where a known one is required.
    Unrecognized,
    /// The caller's output buffer is too small.
    BufferTooSmall,
    /// A value does not fit its field on the wire.
    ValueTooLarge,
}

/// Result with [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

/// Checked big-endian readers and writers over byte slices: every access is bounds
/// checked and reports [`Error::Truncated`] / [`Error::BufferTooSmall`] instead of panicking.
pub mod bytes {
    use super::{Error, Result};

    /// The `N` bytes at `off`.
    pub fn arr<const N: usize>(b: &[u8], off: usize) -> Result<[u8; N]> {
        let end = off.checked_add(N).ok_or(Error::Truncated)?;
        let s = b.get(off..end).ok_or(Error::Truncated)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }
    /// The byte at `off`.
    pub fn u8_at(b: &[u8], off: usize) -> Result<u8> {
        b.get(off).copied().ok_or(Error::Truncated)
    }
    /// Big-endian `u16` at `off`.
    pub fn u16_at(b: &[u8], off: usize) -> Result<u16> {
        Ok(u16::from_be_bytes(arr(b, off)?))
    }
    /// Big-endian `u32` at `off`.
    pub fn u32_at(b: &[u8], off: usize) -> Result<u32> {
        Ok(u32::from_be_bytes(arr(b, off)?))
    }
    /// Big-endian `u64` at `off`.
    pub fn u64_at(b: &[u8], off: usize) -> Result<u64> {
        Ok(u64::from_be_bytes(arr(b, off)?))
    }
    /// `b[off..off+len]`, checked.
    pub fn slice(b: &[u8], off: usize, len: usize) -> Result<&[u8]> {
        let end = off.checked_add(len).ok_or(Error::Truncated)?;
        b.get(off..end).ok_or(Error::Truncated)
    }
    /// Copy `src` into `b` at `off`.
    pub fn put(b: &mut [u8], off: usize, src: &[u8]) -> Result<()> {
        let end = off.checked_add(src.len()).ok_or(Error::BufferTooSmall)?;
        b.get_mut(off..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(src);
        Ok(())
    }
    /// Write one byte at `off`.
    pub fn put_u8(b: &mut [u8], off: usize, v: u8) -> Result<()> {
        *b.get_mut(off).ok_or(Error::BufferTooSmall)? = v;
        Ok(())
    }
    /// Write a big-endian `u16` at `off`.
    pub fn put_u16(b: &mut [u8], off: usize, v: u16) -> Result<()> {
        put(b, off, &v.to_be_bytes())
    }
    /// Write a big-endian `u32` at `off`.
    pub fn put_u32(b: &mut [u8], off: usize, v: u32) -> Result<()> {
        put(b, off, &v.to_be_bytes())
    }
    /// Write a big-endian `u64` at `off`.
    pub fn put_u64(b: &mut [u8], off: usize, v: u64) -> Result<()> {
        put(b, off, &v.to_be_bytes())
    }
    /// Zero `len` bytes at `off`.
    pub fn zero(b: &mut [u8], off: usize, len: usize) -> Result<()> {
        let end = off.checked_add(len).ok_or(Error::BufferTooSmall)?;
        for x in b.get_mut(off..end).ok_or(Error::BufferTooSmall)? {
            *x = 0;
        }
        Ok(())
    }
}
