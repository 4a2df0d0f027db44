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

#[cfg(test)]
#[path = "tests/addr.rs"]
mod tests;
