//! Internet checksum (RFC 1071) with the IPv6 pseudo-header (RFC 8200 §8.1), and the
//! Mobile IPv6 rules for choosing its addresses (RFC 6275 §6.1.1).

/// Next Header value of the Mobility Header.
pub const NEXT_HEADER_MOBILITY: u8 = 135;
/// Next Header value of ICMPv6.
pub const NEXT_HEADER_ICMPV6: u8 = 58;

/// Add `data` (as big-endian 16-bit words, odd byte padded with zero) to a folded sum.
pub fn ones_add(mut acc: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        let w = u16::from_be_bytes([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ]);
        acc = fold(acc.wrapping_add(u32::from(w)));
    }
    if let Some(&last) = chunks.remainder().first() {
        acc = fold(acc.wrapping_add(u32::from(last) << 8));
    }
    acc
}

fn fold(mut acc: u32) -> u32 {
    while acc > 0xffff {
        acc = (acc & 0xffff).wrapping_add(acc >> 16);
    }
    acc
}

/// Folded sum of the IPv6 pseudo-header for an upper-layer packet of `len` octets.
pub fn pseudo_header_sum(src: &[u8; 16], dst: &[u8; 16], next_header: u8, len: usize) -> u32 {
    let mut acc = ones_add(0, src);
    acc = ones_add(acc, dst);
    let len = len as u64;
    acc = ones_add(acc, &[0, 0, 0, 0, 0, 0, 0, 0]);
    acc = ones_add(acc, &len.to_be_bytes());
    ones_add(acc, &[0, next_header])
}

/// The checksum to store for `data` (whose checksum field must hold zero) sent from
/// `src` to `dst` under `next_header`.
pub fn checksum(src: &[u8; 16], dst: &[u8; 16], next_header: u8, data: &[u8]) -> u16 {
    let acc = ones_add(pseudo_header_sum(src, dst, next_header, data.len()), data);
    !(acc as u16)
}

/// True when `data` (checksum field included, as received) carries a correct checksum.
pub fn verify(src: &[u8; 16], dst: &[u8; 16], next_header: u8, data: &[u8]) -> bool {
    ones_add(pseudo_header_sum(src, dst, next_header, data.len()), data) == 0xffff
}

/// Checksum of a Mobility Header `mh` (checksum field at offset 4 treated as zero,
/// whatever it holds). `src`/`dst` must already follow [`mh_pseudo_addresses`].
pub fn mh_checksum(src: &[u8; 16], dst: &[u8; 16], mh: &[u8]) -> u16 {
    let mut acc = pseudo_header_sum(src, dst, NEXT_HEADER_MOBILITY, mh.len());
    acc = ones_add(acc, mh.get(..4).unwrap_or(mh));
    acc = ones_add(acc, &[0, 0]);
    if let Some(rest) = mh.get(6..) {
        acc = ones_add(acc, rest);
    }
    !(acc as u16)
}

/// Pseudo-header addresses for a Mobility Header checksum (RFC 6275 §6.1.1): the source is
/// the home address when a Home Address option is present, the destination is the final
/// destination (the RH2's home address) when a type 2 routing header is present.
pub fn mh_pseudo_addresses(
    ip_src: [u8; 16],
    ip_dst: [u8; 16],
    hao: Option<[u8; 16]>,
    rh2_final: Option<[u8; 16]>,
) -> ([u8; 16], [u8; 16]) {
    (hao.unwrap_or(ip_src), rh2_final.unwrap_or(ip_dst))
}

#[cfg(test)]
#[path = "tests/checksum.rs"]
mod tests;
