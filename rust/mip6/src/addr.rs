//! IPv6 address text (RFC 5952 canonical form), without `std`, for kernel log lines.

use core::fmt;

/// Displays a 16-octet IPv6 address in RFC 5952 form (`fec0:106:2700::4`).
pub struct Ipv6Display<'a>(pub &'a [u8; 16]);

impl fmt::Display for Ipv6Display<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut g = [0u16; 8];
        for (i, w) in g.iter_mut().enumerate() {
            let hi = self.0.get(2 * i).copied().unwrap_or(0);
            let lo = self.0.get(2 * i + 1).copied().unwrap_or(0);
            *w = u16::from_be_bytes([hi, lo]);
        }
        // Longest run of at least two zero groups (first one on ties) becomes "::".
        let (mut best, mut best_len, mut run_start, mut run_len) = (8usize, 0usize, 0usize, 0usize);
        for (i, w) in g.iter().enumerate() {
            if *w == 0 {
                if run_len == 0 {
                    run_start = i;
                }
                run_len += 1;
                if run_len > best_len {
                    best = run_start;
                    best_len = run_len;
                }
            } else {
                run_len = 0;
            }
        }
        if best_len < 2 {
            best = 8;
        }
        let mut i = 0;
        while i < 8 {
            if i == best {
                f.write_str("::")?;
                i += best_len;
                continue;
            }
            if i > 0 && i != best + best_len {
                f.write_str(":")?;
            }
            write!(f, "{:x}", g.get(i).copied().unwrap_or(0))?;
            i += 1;
        }
        Ok(())
    }
}

/// `a` with the bits past `plen` cleared (`plen` above 128 keeps all of it).
pub fn masked(a: &[u8; 16], plen: u8) -> [u8; 16] {
    let mut out = [0u8; 16];
    let bits = usize::from(plen.min(128));
    for (i, (o, b)) in out.iter_mut().zip(a.iter()).enumerate() {
        let keep = bits.saturating_sub(i * 8).min(8);
        // keep is 0..=8: a mask of its top bits.
        let mask = if keep == 0 { 0 } else { 0xffu8 << (8 - keep) };
        *o = b & mask;
    }
    out
}

/// Whether `a` lies in `prefix`/`plen`.
pub fn in_prefix(a: &[u8; 16], prefix: &[u8; 16], plen: u8) -> bool {
    masked(a, plen) == masked(prefix, plen)
}

/// Seconds an address stays valid: `valid_lft` seconds from when it was set, `age`
/// seconds ago; `u32::MAX` when it never expires (permanent, or the infinite lifetime
/// `u32::MAX`). RFC 6275 §10.3.1: a home registration must not outlive the home prefix.
pub fn valid_left(permanent: bool, valid_lft: u32, age: u32) -> u32 {
    if permanent || valid_lft == u32::MAX {
        u32::MAX
    } else {
        valid_lft.saturating_sub(age)
    }
}

/// Why an address cannot be a home address or a care-of address (RFC 6275 §9.5.1, §10.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrClass {
    /// `::`.
    Unspecified,
    /// `::1`.
    Loopback,
    /// `ff00::/8`.
    Multicast,
    /// `fe80::/10`.
    LinkLocal,
    /// `::ffff:0:0/96` and `::/96` (IPv4-mapped and -compatible).
    Ipv4,
    /// The Subnet-Router anycast address (interface identifier 0) or one of the reserved
    /// subnet anycast addresses of RFC 2526.
    Anycast,
}

/// `Ok` when `a` can name one node: a unicast address of global or site scope (the HOWTO's
/// testbed uses site-local fec0::/10), not an IPv4-mapped or -compatible one, and not one of
/// the anycast addresses every /64 reserves (interface identifier 0, RFC 4291 §2.6.1, and
/// the 128 reserved subnet anycast identifiers fdff:ffff:ffff:ff80-ff, RFC 2526).
pub fn unicast_check(a: &[u8; 16]) -> Result<(), AddrClass> {
    let [b0, b1, ..] = *a;
    if *a == [0; 16] {
        return Err(AddrClass::Unspecified);
    }
    let mut lo = [0u8; 16];
    lo[15] = 1;
    if *a == lo {
        return Err(AddrClass::Loopback);
    }
    if b0 == 0xff {
        return Err(AddrClass::Multicast);
    }
    if b0 == 0xfe && b1 & 0xc0 == 0x80 {
        return Err(AddrClass::LinkLocal);
    }
    if a.get(..10).is_some_and(|p| p.iter().all(|&x| x == 0))
        && matches!((a[10], a[11]), (0, 0) | (0xff, 0xff))
    {
        return Err(AddrClass::Ipv4);
    }
    let iid = a.get(8..).unwrap_or(&[]);
    if iid.iter().all(|&x| x == 0) {
        return Err(AddrClass::Anycast);
    }
    let reserved = [0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    if iid.get(..7) == Some(&reserved[..]) && iid.get(7).is_some_and(|&x| x >= 0x80) {
        return Err(AddrClass::Anycast);
    }
    Ok(())
}

#[cfg(test)]
#[path = "tests/addr.rs"]
mod tests;
