//! IPv6 extension headers that Mobile IPv6 adds: the Home Address destination option
//! (RFC 6275 §6.3) inside a Destination Options header, the type 2 routing header (§6.4),
//! and a checker for where they (and the Mobility Header) may sit in a header chain.

use super::error::{bytes, Error, Result};

/// Destination option type of the Home Address option.
pub const OPT_HOME_ADDRESS: u8 = 201;
/// Next Header value of a Destination Options header.
pub const NH_DEST_OPTS: u8 = 60;
/// Next Header value of a Routing header.
pub const NH_ROUTING: u8 = 43;
/// Next Header value of Hop-by-Hop Options.
pub const NH_HOP_BY_HOP: u8 = 0;
/// Next Header value of a Fragment header.
pub const NH_FRAGMENT: u8 = 44;
/// Next Header value of ESP.
pub const NH_ESP: u8 = 50;
/// Next Header value of AH.
pub const NH_AH: u8 = 51;
/// Next Header value of the Mobility Header.
pub const NH_MOBILITY: u8 = 135;
/// Routing Type of the MIPv6 routing header.
pub const ROUTING_TYPE_2: u8 = 2;
/// Length of a Destination Options header holding only a Home Address option.
pub const HAO_DEST_OPTS_LEN: usize = 24;
/// Length of a type 2 routing header.
pub const RH2_LEN: usize = 24;

/// One TLV option of a Hop-by-Hop or Destination Options header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv6Option<'a> {
    /// Offset of the option from the start of the extension header.
    pub offset: usize,
    /// Option type (0 for Pad1).
    pub kind: u8,
    /// Option data.
    pub data: &'a [u8],
}

/// Iterator over the options of a Destination Options header (`hdr` starts at its Next
/// Header octet). Stops after yielding one `Err` for a malformed option.
#[derive(Debug, Clone)]
pub struct Ipv6OptionIter<'a> {
    hdr: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Ipv6OptionIter<'a> {
    /// Iterate the options of `hdr`, whose Hdr Ext Len must fit in `hdr`.
    pub fn new(hdr: &'a [u8]) -> Result<Self> {
        let len = ext_header_len(hdr)?;
        Ok(Ipv6OptionIter {
            hdr: bytes::slice(hdr, 0, len)?,
            pos: 2,
            done: false,
        })
    }
}

impl<'a> Iterator for Ipv6OptionIter<'a> {
    type Item = Result<Ipv6Option<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.hdr.len() {
            return None;
        }
        let offset = self.pos;
        let kind = *self.hdr.get(offset)?;
        if kind == 0 {
            self.pos = offset.saturating_add(1);
            return Some(Ok(Ipv6Option {
                offset,
                kind,
                data: &[],
            }));
        }
        let r = bytes::u8_at(self.hdr, offset.saturating_add(1)).and_then(|l| {
            let data = bytes::slice(self.hdr, offset.saturating_add(2), usize::from(l))?;
            Ok((l, data))
        });
        match r {
            Ok((l, data)) => {
                self.pos = offset.saturating_add(2).saturating_add(usize::from(l));
                Some(Ok(Ipv6Option { offset, kind, data }))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Length in octets of the extension header at the start of `hdr` (`(Hdr Ext Len + 1) * 8`).
pub fn ext_header_len(hdr: &[u8]) -> Result<usize> {
    Ok((usize::from(bytes::u8_at(hdr, 1)?) + 1) * 8)
}

/// The Home Address carried by a Destination Options header, if any. A Home Address option
/// whose length is not 16 is malformed.
pub fn find_home_address(dest_opts: &[u8]) -> Result<Option<[u8; 16]>> {
    for opt in Ipv6OptionIter::new(dest_opts)? {
        let opt = opt?;
        if opt.kind == OPT_HOME_ADDRESS {
            if opt.data.len() != 16 {
                return Err(Error::Malformed);
            }
            return Ok(Some(bytes::arr(opt.data, 0)?));
        }
    }
    Ok(None)
}

/// Write a Destination Options header holding only a Home Address option at 8n+6
/// (preceded by a 4-octet PadN); returns [`HAO_DEST_OPTS_LEN`].
pub fn emit_hao_dest_opts(buf: &mut [u8], next_header: u8, home: &[u8; 16]) -> Result<usize> {
    let b = buf
        .get_mut(..HAO_DEST_OPTS_LEN)
        .ok_or(Error::BufferTooSmall)?;
    bytes::put(b, 0, &[next_header, 2, 1, 2, 0, 0, OPT_HOME_ADDRESS, 16])?;
    bytes::put(b, 8, home)?;
    Ok(HAO_DEST_OPTS_LEN)
}

/// A type 2 routing header (§6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rh2Repr {
    /// Next Header.
    pub next_header: u8,
    /// Segments Left (1 when sent; 0 once processed).
    pub segments_left: u8,
    /// The mobile node's home address.
    pub home_address: [u8; 16],
}

/// Why a type 2 routing header is rejected, with the ICMP Parameter Problem pointer
/// (offset from the start of the routing header) where one is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rh2Error {
    /// Buffer shorter than the header: discard.
    Truncated,
    /// Not a type 2 routing header.
    NotType2,
    /// Hdr Ext Len is not 2: Parameter Problem code 0 at offset 1.
    BadLength,
    /// Segments Left is neither 0 nor 1: Parameter Problem code 0 at offset 3.
    BadSegmentsLeft,
}

impl Rh2Error {
    /// Parameter Problem pointer (relative to the routing header) if one is sent.
    pub fn pointer(&self) -> Option<usize> {
        match self {
            Rh2Error::BadLength => Some(1),
            Rh2Error::BadSegmentsLeft => Some(3),
            _ => None,
        }
    }
}

impl Rh2Repr {
    /// Parse a routing header that should be of type 2.
    pub fn parse(hdr: &[u8]) -> core::result::Result<Rh2Repr, Rh2Error> {
        let fixed: [u8; 4] = bytes::arr(hdr, 0).map_err(|_| Rh2Error::Truncated)?;
        let [next_header, len, rtype, segments_left] = fixed;
        if rtype != ROUTING_TYPE_2 {
            return Err(Rh2Error::NotType2);
        }
        if len != 2 {
            return Err(Rh2Error::BadLength);
        }
        if segments_left > 1 {
            return Err(Rh2Error::BadSegmentsLeft);
        }
        let home_address = bytes::arr(hdr, 8).map_err(|_| Rh2Error::Truncated)?;
        Ok(Rh2Repr {
            next_header,
            segments_left,
            home_address,
        })
    }
    /// Write it; returns [`RH2_LEN`].
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let b = buf.get_mut(..RH2_LEN).ok_or(Error::BufferTooSmall)?;
        bytes::put(
            b,
            0,
            &[
                self.next_header,
                2,
                ROUTING_TYPE_2,
                self.segments_left,
                0,
                0,
                0,
                0,
            ],
        )?;
        bytes::put(b, 8, &self.home_address)?;
        Ok(RH2_LEN)
    }
}

/// One header of a chain, as seen by [`check_chain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainEntry {
    /// Hop-by-Hop Options.
    HopByHop,
    /// Destination Options; `hao` when it holds a Home Address option.
    DestOpts {
        /// Holds a Home Address option.
        hao: bool,
    },
    /// Routing header of this type.
    Routing(u8),
    /// Fragment header.
    Fragment,
    /// Authentication Header.
    Ah,
    /// ESP.
    Esp,
    /// Mobility Header carrying this MH Type.
    Mobility(u8),
    /// Any upper-layer protocol (TCP, UDP, ICMPv6, 59 ...).
    Upper(u8),
}

/// A chain-order rule broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainError {
    /// Hop-by-Hop Options not first.
    HopByHopNotFirst,
    /// More than one type 2 routing header.
    DuplicateRh2,
    /// More than one Home Address option.
    DuplicateHao,
    /// Home Address option before the routing header (§6.3: it follows it).
    HaoBeforeRouting,
    /// Home Address option after a Fragment, AH or ESP header (§6.3: it precedes them).
    HaoAfterFragmentOrSecurity,
    /// The Mobility Header is not the last header.
    MobilityNotLast,
    /// A Mobility Header other than a Binding Acknowledgement with a type 2 routing header
    /// (§6.1; §9.5.4 allows the BA).
    MobilityWithRh2,
    /// A Mobility Header other than a Binding Update with a Home Address option
    /// (§6.1; §11.7.1, §11.7.2 allow the BU).
    MobilityWithHao,
}

/// Check the order of the extension headers of one packet (index 0 is the header after
/// the IPv6 header) against RFC 8200 §4.1 and RFC 6275 §6.1, §6.3, §6.4.
pub fn check_chain(chain: &[ChainEntry]) -> core::result::Result<(), ChainError> {
    let mut seen_routing = false;
    let mut seen_rh2 = false;
    let mut seen_hao = false;
    let mut seen_frag_sec = false;
    let last = chain.len().saturating_sub(1);
    for (i, e) in chain.iter().enumerate() {
        match *e {
            ChainEntry::HopByHop if i != 0 => return Err(ChainError::HopByHopNotFirst),
            ChainEntry::HopByHop => {}
            ChainEntry::Routing(t) => {
                if t == ROUTING_TYPE_2 {
                    if seen_rh2 {
                        return Err(ChainError::DuplicateRh2);
                    }
                    seen_rh2 = true;
                }
                seen_routing = true;
            }
            ChainEntry::DestOpts { hao: true } => {
                if seen_hao {
                    return Err(ChainError::DuplicateHao);
                }
                if seen_frag_sec {
                    return Err(ChainError::HaoAfterFragmentOrSecurity);
                }
                // A routing header that comes later means this option precedes it.
                if !seen_routing
                    && chain
                        .iter()
                        .skip(i)
                        .any(|x| matches!(x, ChainEntry::Routing(_)))
                {
                    return Err(ChainError::HaoBeforeRouting);
                }
                seen_hao = true;
            }
            ChainEntry::DestOpts { hao: false } => {}
            ChainEntry::Fragment | ChainEntry::Ah | ChainEntry::Esp => seen_frag_sec = true,
            ChainEntry::Mobility(t) => {
                if i != last {
                    return Err(ChainError::MobilityNotLast);
                }
                if seen_rh2 && t != super::mh::MH_BA {
                    return Err(ChainError::MobilityWithRh2);
                }
                if seen_hao && t != super::mh::MH_BU {
                    return Err(ChainError::MobilityWithHao);
                }
            }
            ChainEntry::Upper(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "tests/ext.rs"]
mod tests;
