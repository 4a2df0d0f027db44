//! Key files (`mipdiag -k FILE`): binding policy entries with their RFC 4285 MN-HA
//! credentials, one per line:
//!
//! ```text
//! ADDR[/PLEN]  spi SPI  key HEX     # PLEN 128 if left out; SPI >= 256; 1-64 key bytes
//! ADDR/PLEN    unauthenticated      # lab opt-in: no credential needed
//! ```
//!
//! `#` starts a comment. The whole file is checked before anything is sent, and nothing
//! here ever prints a key (nor a word that might be one).

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{compiler_fence, Ordering};

use mip6::abi;

use crate::device::DiagError;

/// A key file is small: 4096 entries with 64-byte keys and comments fit in 1 MiB.
const MAX_FILE_BYTES: u64 = 16 << 20;

/// Overwrites `buf` with zeros in a way the optimiser does not remove.
pub fn wipe(buf: &mut [u8]) {
    for b in buf.iter_mut() {
        // SAFETY: `b` is a valid, aligned, exclusive reference to one byte.
        unsafe { std::ptr::write_volatile(b, 0) };
    }
    compiler_fence(Ordering::SeqCst);
}

/// The entries of one key file, each with its line number; keys are wiped on drop.
#[derive(Debug, PartialEq)]
pub struct KeyFile {
    /// The file as given on the command line.
    pub path: String,
    entries: Vec<(usize, abi::Policy)>,
}

impl Drop for KeyFile {
    fn drop(&mut self) {
        for (_, p) in self.entries.iter_mut() {
            wipe(&mut p.key);
        }
    }
}

impl KeyFile {
    /// A key file not read yet ([`KeyFile::load`]).
    pub fn new(path: &str) -> KeyFile {
        KeyFile {
            path: path.to_string(),
            entries: Vec::new(),
        }
    }

    /// The validated entries (prefix masked), with their line numbers.
    pub fn entries(&self) -> &[(usize, abi::Policy)] {
        &self.entries
    }

    /// Reads and checks the whole file. Warns (and goes on) if other users may read or
    /// write it. Errors are one line, `mipdiag: FILE:LINE: ...`.
    pub fn load(&mut self) -> Result<(), DiagError> {
        let path = self.path.as_str();
        let io_err = |e: std::io::Error| DiagError(format!("mipdiag: {path}: {e}"));
        let mut f = File::open(path).map_err(io_err)?;
        let meta = f.metadata().map_err(io_err)?;
        if meta.is_dir() {
            return Err(DiagError(format!(
                "mipdiag: {path}: is a directory, not a key file"
            )));
        }
        if meta.is_file() && meta.permissions().mode() & 0o066 != 0 {
            eprintln!("mipdiag: warning: {path} is accessible by other users (chmod 600 it)");
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(DiagError(format!(
                "mipdiag: {path}: too large for a key file"
            )));
        }
        // Room for the whole file at once, so the buffer holding the keys is not
        // reallocated (and left behind unwiped) while it is read.
        let mut text = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
        let read = f.by_ref().take(MAX_FILE_BYTES + 1).read_to_end(&mut text);
        let parsed = match read {
            Err(e) => Err(io_err(e)),
            Ok(_) if text.len() as u64 > MAX_FILE_BYTES => Err(DiagError(format!(
                "mipdiag: {path}: too large for a key file"
            ))),
            Ok(_) => parse(path, &text),
        };
        wipe(&mut text);
        let entries = parsed?;
        if entries.is_empty() {
            eprintln!("mipdiag: warning: {path} has no binding policy entries");
        }
        self.entries = entries;
        Ok(())
    }
}

/// `ADDR[/PLEN]` (PLEN 128 if left out), with no bits set past the prefix length. The
/// error names the word only if it looks like an address (it could be a stray key).
pub fn prefix(word: &str) -> Result<([u8; 16], u8), String> {
    let (a, p) = match word.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (word, None),
    };
    let addr: std::net::Ipv6Addr = match a.parse() {
        Ok(addr) => addr,
        Err(_) if word.contains(':') => {
            return Err(format!("'{word}' is not an IPv6 address or ADDR/PLEN"))
        }
        Err(_) => return Err("expected an IPv6 address (ADDR or ADDR/PLEN) first".into()),
    };
    let plen = match p {
        None => 128,
        Some(p) => match p.parse::<u8>() {
            Ok(n) if n <= 128 && !p.starts_with('+') => n,
            _ => return Err(format!("bad prefix length in '{word}' (0-128)")),
        },
    };
    let octets = addr.octets();
    let masked = mip6::addr::masked(&octets, plen);
    if masked != octets {
        return Err(format!(
            "'{word}' has bits set past the prefix length: write {}/{plen} for the prefix, or {a} (/128) for one home address",
            std::net::Ipv6Addr::from(masked)
        ));
    }
    Ok((octets, plen))
}

/// An SPI: decimal or 0x-hex, 256-4294967295 (never echoed unless it is a number).
fn spi(word: &str) -> Result<u32, String> {
    let hex = word.strip_prefix("0x").or_else(|| word.strip_prefix("0X"));
    let digits_ok = match hex {
        Some(h) => !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit()),
        None => !word.is_empty() && word.bytes().all(|c| c.is_ascii_digit()),
    };
    let range = "an SPI is a number from 256 to 4294967295 (decimal or 0x-hex)";
    if !digits_ok {
        return Err(format!("spi is not a number: {range}"));
    }
    let n = match hex {
        Some(h) => u32::from_str_radix(h, 16),
        None => word.parse::<u32>(),
    };
    match n {
        Ok(n) if n >= abi::SPI_MIN => Ok(n),
        Ok(n) => Err(format!("spi {n} is reserved (0-255 are): {range}")),
        Err(_) => Err(format!("spi is too large: {range}")),
    }
}

/// Decodes a key of 2-128 hex digits (1-64 bytes) into `out`; returns its length.
fn key(word: &str, out: &mut [u8; abi::KEY_MAX]) -> Result<u16, String> {
    let b = word.as_bytes();
    if !b.iter().all(|c| c.is_ascii_hexdigit()) {
        return Err("key is not hexadecimal (2-128 hex digits, 1-64 bytes)".into());
    }
    if b.len() & 1 == 1 {
        return Err("key has an odd number of hex digits (two per byte)".into());
    }
    if b.len() / 2 > abi::KEY_MAX {
        return Err(format!(
            "key is longer than {} bytes ({} hex digits)",
            abi::KEY_MAX,
            2 * abi::KEY_MAX
        ));
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    };
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        *o = (nibble(pair[0]) << 4) | nibble(pair[1]);
    }
    Ok((b.len() / 2) as u16)
}

/// A policy being parsed: its key is wiped however parsing ends.
struct Scratch(abi::Policy);

impl Drop for Scratch {
    fn drop(&mut self) {
        wipe(&mut self.0.key);
    }
}

/// One non-empty line (comment removed) as a validated entry.
fn entry(line: &str) -> Result<abi::Policy, String> {
    let words: Vec<&str> = line.split_ascii_whitespace().collect();
    let (prefix, plen) = prefix(words.first().copied().unwrap_or(""))?;
    let mut s = Scratch(abi::Policy {
        prefix,
        plen,
        ..Default::default()
    });
    let p = &mut s.0;
    let (mut have_spi, mut have_key, mut unauth) = (false, false, false);
    let mut i = 1;
    while let Some(&w) = words.get(i) {
        let value = |what: &str| {
            words
                .get(i + 1)
                .copied()
                .ok_or_else(|| format!("{what} needs a value"))
        };
        if w.eq_ignore_ascii_case("spi") {
            if have_spi {
                return Err("spi given twice".into());
            }
            p.spi = spi(value("spi")?)?;
            have_spi = true;
            i += 2;
        } else if w.eq_ignore_ascii_case("key") {
            if have_key {
                return Err("key given twice".into());
            }
            p.key_len = key(value("key")?, &mut p.key)?;
            have_key = true;
            i += 2;
        } else if w.eq_ignore_ascii_case("unauthenticated") {
            unauth = true;
            p.flags |= abi::POLICY_UNAUTHENTICATED;
            i += 1;
        } else {
            // The word itself is not shown: it could be (part of) a key.
            return Err(format!(
                "unexpected word {} (expected spi SPI, key HEX or unauthenticated)",
                i + 1
            ));
        }
    }
    if unauth && (have_spi || have_key) {
        return Err("an unauthenticated entry takes no spi or key".into());
    }
    if !unauth {
        match (have_spi, have_key) {
            (false, false) => return Err("needs 'spi SPI key HEX' or 'unauthenticated'".into()),
            (false, true) => return Err("spi missing (ADDR[/PLEN] spi SPI key HEX)".into()),
            (true, false) => return Err("key missing (ADDR[/PLEN] spi SPI key HEX)".into()),
            (true, true) => {}
        }
    }
    p.validated().map_err(|e| match e {
        abi::PolicyError::PrefixLength => "prefix length above 128".into(),
        abi::PolicyError::Flags => "unknown flags".into(),
        abi::PolicyError::Credential => {
            format!(
                "a credential needs an spi >= {} and a key of 1-{} bytes",
                abi::SPI_MIN,
                abi::KEY_MAX
            )
        }
    })
}

/// Parses a whole key file (`path` only names it in errors): every entry, or the first
/// error as `mipdiag: PATH:LINE: ...`. The same prefix twice is an error (which key was
/// meant?), and so is more than a namespace can hold.
pub fn parse(path: &str, text: &[u8]) -> Result<Vec<(usize, abi::Policy)>, DiagError> {
    let mut out: Vec<(usize, abi::Policy)> = Vec::new();
    let mut seen: HashMap<([u8; 16], u8), usize> = HashMap::new();
    let fail = |n: usize, msg: String| DiagError(format!("mipdiag: {path}:{n}: {msg}"));
    let result = (|| {
        for (i, raw) in text.split(|&c| c == b'\n').enumerate() {
            let n = i + 1;
            let line = std::str::from_utf8(raw).map_err(|_| fail(n, "not UTF-8 text".into()))?;
            let line = line.split('#').next().unwrap_or("");
            if line.trim().is_empty() {
                continue;
            }
            let p = entry(line).map_err(|m| fail(n, m))?;
            if let Some(first) = seen.insert((p.prefix, p.plen), n) {
                let what = format!("{}/{}", std::net::Ipv6Addr::from(p.prefix), p.plen);
                return Err(fail(n, format!("{what} is already given on line {first}")));
            }
            out.push((n, p));
            if out.len() > abi::POLICY_MAX {
                return Err(fail(
                    n,
                    format!(
                        "more than {} entries (a namespace holds at most that)",
                        abi::POLICY_MAX
                    ),
                ));
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(out),
        Err(e) => {
            for (_, p) in out.iter_mut() {
                wipe(&mut p.key);
            }
            Err(e)
        }
    }
}
