//! The credentials `bu --keyfile FILE` signs with: a key file in mipdiag's syntax
//! (`mipdiag -k FILE`), one binding policy entry per line,
//!
//! ```text
//! ADDR[/PLEN]  spi SPI  key HEX     # PLEN 128 if left out; SPI >= 256 (decimal or 0x-hex)
//! ADDR/PLEN    unauthenticated      # no credential: such BUs go out unsigned
//! ```
//!
//! `#` starts a comment; keywords in any case. Each home address uses the longest prefix
//! that covers it, as the home agent does, so the file given to the home agent can be given
//! here too. Errors name the line, never a key.

use mip6::addr::{in_prefix, masked};
use std::net::Ipv6Addr;

/// One entry: a prefix and its credential (`None`: unauthenticated).
#[derive(Debug, Clone)]
pub struct Entry {
    /// Home address or prefix (masked).
    pub prefix: [u8; 16],
    /// Prefix length.
    pub plen: u8,
    /// Mobility SPI and MN-HA key; `None` for an unauthenticated entry.
    pub cred: Option<(u32, Vec<u8>)>,
}

fn spi(word: &str) -> Option<u32> {
    let n = match word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16).ok()?,
        None => word.parse().ok()?,
    };
    (n >= 256).then_some(n)
}

fn key(word: &str) -> Option<Vec<u8>> {
    let b = word.as_bytes();
    if b.is_empty()
        || !b.len().is_multiple_of(2)
        || b.len() > 128
        || !b.iter().all(u8::is_ascii_hexdigit)
    {
        return None;
    }
    (0..b.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(word.get(i..i + 2)?, 16).ok())
        .collect()
}

fn entry(line: &str) -> Result<Entry, String> {
    let words: Vec<&str> = line.split_ascii_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    let (a, p) = first.split_once('/').unwrap_or((first, "128"));
    let addr: Ipv6Addr = a
        .parse()
        .map_err(|_| "expected ADDR[/PLEN] first".to_string())?;
    let plen: u8 = p
        .parse()
        .ok()
        .filter(|&n| n <= 128)
        .ok_or("bad prefix length (0-128)")?;
    let prefix = masked(&addr.octets(), plen);
    let (mut s, mut k, mut unauth) = (None, None, false);
    let mut i = 1;
    while let Some(w) = words.get(i) {
        let value = words.get(i + 1).copied().unwrap_or("");
        match w.to_ascii_lowercase().as_str() {
            "spi" => {
                s = Some(spi(value).ok_or("spi: a number from 256 to 4294967295")?);
                i += 2;
            }
            "key" => {
                k = Some(key(value).ok_or("key: 2-128 hex digits")?);
                i += 2;
            }
            "unauthenticated" => {
                unauth = true;
                i += 1;
            }
            _ => {
                return Err(format!(
                    "unexpected word {} (spi SPI key HEX, or unauthenticated)",
                    i + 1
                ))
            }
        }
    }
    let cred = match (s, k, unauth) {
        (None, None, true) => None,
        (Some(s), Some(k), false) => Some((s, k)),
        _ => return Err("needs 'spi SPI key HEX' or 'unauthenticated'".into()),
    };
    Ok(Entry { prefix, plen, cred })
}

/// Every entry of the key file at `path`.
pub fn read(path: &str) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        out.push(entry(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?);
    }
    Ok(out)
}

/// The entry with the longest prefix covering `addr`; with `spi`, only keyed entries with
/// that SPI are candidates.
pub fn covering<'a>(entries: &'a [Entry], addr: &[u8; 16], spi: Option<u32>) -> Option<&'a Entry> {
    entries
        .iter()
        .filter(|e| in_prefix(addr, &e.prefix, e.plen))
        .filter(|e| spi.is_none() || e.cred.as_ref().map(|c| c.0) == spi)
        .max_by_key(|e| e.plen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> [u8; 16] {
        s.parse::<Ipv6Addr>().unwrap().octets()
    }

    #[test]
    fn mipdiag_syntax_and_longest_prefix() {
        let dir = std::env::temp_dir().join(format!("mip6-load-keys-{}", std::process::id()));
        std::fs::write(
            &dir,
            "# lab\nfec0:106:2700::4 spi 4096 key 00112233\n\nfec0:106:2700::1:0:0/96 SPI 0x1001 KEY aAbB  # load\nfec0:106:2700::/64 unauthenticated\n",
        )
        .unwrap();
        let e = read(dir.to_str().unwrap()).unwrap();
        std::fs::remove_file(&dir).unwrap();
        assert_eq!(e.len(), 3);
        let c = |s: &str, spi| covering(&e, &a(s), spi).map(|e| (e.plen, e.cred.clone()));
        assert_eq!(
            c("fec0:106:2700::4", None),
            Some((128, Some((4096, vec![0, 0x11, 0x22, 0x33]))))
        );
        assert_eq!(
            c("fec0:106:2700::1:0:12c", None),
            Some((96, Some((0x1001, vec![0xaa, 0xbb]))))
        );
        assert_eq!(c("fec0:106:2700::1:0:12c", Some(4096)), None);
        assert_eq!(c("fec0:106:2700::99", None), Some((64, None)));
        assert_eq!(c("fec0:106:2701::4", None), None);
        for bad in [
            "fec0::1 spi 255 key 00",
            "fec0::1 spi 300",
            "fec0::1 key 0",
            "fec0::1/129 unauthenticated",
            "fec0::1 unauthenticated spi 300 key 00",
            "x spi 300 key 00",
        ] {
            assert!(entry(bad).is_err(), "{bad}");
        }
    }
}
