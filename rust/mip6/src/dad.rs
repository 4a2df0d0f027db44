//! Duplicate Address Detection for a home address (RFC 6275 §10.4.1, RFC 4862 §5.4): before
//! it accepts the first registration of an address, a home agent probes the home link with
//! a Neighbour Solicitation from the unspecified address; a Neighbour Advertisement for
//! that address within RetransTimer means another node uses it (BA status 134).

use super::checksum;

/// Length of the probe: IPv6 header and a Neighbour Solicitation without options.
pub const PROBE_LEN: usize = 64;
/// How long the home agent waits for an answer (RetransTimer, RFC 4861 §10; one probe,
/// DupAddrDetectTransmits = 1).
pub const WAIT_MS: u64 = 1000;

/// The solicited-node multicast address of `a` (ff02::1:ffXX:XXXX, RFC 4291 §2.7.1).
pub fn solicited_node(a: &[u8; 16]) -> [u8; 16] {
    let mut m = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0];
    m[13] = a[13];
    m[14] = a[14];
    m[15] = a[15];
    m
}

/// The DAD probe for `target`: `::` to its solicited-node group, hop limit 255.
pub fn probe(target: &[u8; 16]) -> [u8; PROBE_LEN] {
    let dst = solicited_node(target);
    let mut p = [0u8; PROBE_LEN];
    // version 6, payload 24 octets, ICMPv6, hop limit 255; source :: (zeroes already).
    p[0] = 0x60;
    p[5] = 24;
    p[6] = 58;
    p[7] = 255;
    p[24..40].copy_from_slice(&dst);
    p[40] = 135; // Neighbour Solicitation, code 0, reserved 0
    p[48..64].copy_from_slice(target);
    let c = checksum::checksum(&[0; 16], &dst, 58, &p[40..]);
    p[42..44].copy_from_slice(&c.to_be_bytes());
    p
}

#[cfg(test)]
#[path = "tests/dad.rs"]
mod tests;
