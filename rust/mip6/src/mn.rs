//! Mobile node decisions about addresses (RFC 6275 §11.5): which address is the care-of
//! address on the current link, and which addresses an earlier link left behind. Pure
//! functions over a snapshot of an interface's addresses; `mip6_mn` acts on the answers.

/// `IFA_F_DADFAILED`: duplicate address detection failed.
pub const IFA_F_DADFAILED: u32 = 0x08;
/// `IFA_F_TENTATIVE`: duplicate address detection still running.
pub const IFA_F_TENTATIVE: u32 = 0x40;
/// `IFA_F_PERMANENT`: configured by the administrator, not autoconfigured.
pub const IFA_F_PERMANENT: u32 = 0x80;

/// One address of an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddrInfo {
    /// The address.
    pub addr: [u8; 16],
    /// Its prefix length.
    pub plen: u8,
    /// `IFA_F_*` flags.
    pub flags: u32,
}

/// The /64 prefix of `a` (stateless autoconfiguration's unit, RFC 4862).
pub fn prefix64(a: &[u8; 16]) -> [u8; 8] {
    let mut p = [0u8; 8];
    p.copy_from_slice(&a[..8]);
    p
}

/// `a` with the bits after the first `plen` cleared (a route's destination).
pub fn masked(a: &[u8; 16], plen: u8) -> [u8; 16] {
    let mut m = [0u8; 16];
    for (i, (o, b)) in m.iter_mut().zip(a.iter()).enumerate() {
        let bits = usize::from(plen).saturating_sub(i * 8).min(8);
        *o = if bits == 0 {
            0
        } else {
            b & (0xffu8 << (8 - bits))
        };
    }
    m
}

/// The care-of address on the current link: a usable address (DAD done and passed) in one
/// of the link's advertised prefixes, other than the home prefix and the home address.
pub fn select_coa(
    addrs: &[AddrInfo],
    home: &[u8; 16],
    link_prefixes: &[[u8; 8]],
) -> Option<[u8; 16]> {
    let home_prefix = prefix64(home);
    addrs
        .iter()
        .filter(|a| a.flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED) == 0 && a.addr != *home)
        .map(|a| a.addr)
        .find(|a| {
            let p = prefix64(a);
            p != home_prefix && link_prefixes.contains(&p)
        })
}

/// An autoconfigured address that none of `keep` (the prefixes of where we are now)
/// explains: a visited network's address left behind by a move (MIPL kept them).
/// Administrator-configured addresses and the home address are never stale.
pub fn is_stale(a: &AddrInfo, home: &[u8; 16], keep: &[[u8; 8]]) -> bool {
    a.flags & IFA_F_PERMANENT == 0 && a.addr != *home && !keep.contains(&prefix64(&a.addr))
}

#[cfg(test)]
#[path = "tests/mn.rs"]
mod tests;
