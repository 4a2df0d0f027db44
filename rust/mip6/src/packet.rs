//! Whole IPv6 packets that carry a Mobility Header: find the MH behind the extension
//! headers together with the Home Address option and type 2 routing header addresses that
//! decide its checksum (§6.1.1), and build such packets (BU with HAO, BA with RH2).

use super::error::{bytes, Error, Result};
use super::ext::{
    self, Rh2Repr, NH_DEST_OPTS, NH_FRAGMENT, NH_HOP_BY_HOP, NH_MOBILITY, NH_ROUTING,
    ROUTING_TYPE_2,
};
use super::mh::Repr;

/// Length of the fixed IPv6 header.
pub const IPV6_HDR_LEN: usize = 40;
/// Hop limit of the signalling we send.
pub const DEFAULT_HOP_LIMIT: u8 = 64;

/// A Mobility Header located in an IPv6 packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MhPacket<'a> {
    /// IPv6 Source Address (the care-of address when a HAO is present).
    pub src: [u8; 16],
    /// IPv6 Destination Address (the care-of address when an RH2 is present).
    pub dst: [u8; 16],
    /// Home Address option, if any.
    pub home_address: Option<[u8; 16]>,
    /// Address of a type 2 routing header (the receiver's home address), if any.
    pub rh2_address: Option<[u8; 16]>,
    /// Offset of the Mobility Header in the packet.
    pub mh_offset: usize,
    /// The Mobility Header and what follows it, up to the IPv6 payload length.
    pub mh: &'a [u8],
}

impl MhPacket<'_> {
    /// Source address of the checksum pseudo-header: the home address when a HAO is present.
    pub fn pseudo_src(&self) -> [u8; 16] {
        self.home_address.unwrap_or(self.src)
    }
    /// Destination of the checksum pseudo-header: the final destination (RH2 address).
    pub fn pseudo_dst(&self) -> [u8; 16] {
        self.rh2_address.unwrap_or(self.dst)
    }
    /// The mobile node's home address as the sender claims it: HAO, else the source.
    pub fn sender_home(&self) -> [u8; 16] {
        self.pseudo_src()
    }
}

/// Why a packet is not a Mobility Header packet we process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocateError {
    /// Not IPv6 or shorter than its headers: drop.
    Malformed,
    /// The upper layer is not the Mobility Header: leave the packet to the stack.
    NotMobility,
    /// A fragment: leave it to reassembly.
    Fragment,
    /// A type 2 routing header that is wrong (§6.4): Parameter Problem at this packet offset.
    BadRh2 {
        /// Offset of the offending field in the packet.
        pointer: usize,
    },
}

/// The headers of an IPv6 packet up to its upper layer (or its first fragment header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headers<'a> {
    /// IPv6 Source Address.
    pub src: [u8; 16],
    /// IPv6 Destination Address.
    pub dst: [u8; 16],
    /// Home Address option of the first Destination Options header holding one.
    pub home_address: Option<[u8; 16]>,
    /// Address of the first type 2 routing header.
    pub rh2_address: Option<[u8; 16]>,
    /// Upper-layer protocol (Next Header after the extension headers).
    pub upper: u8,
    /// Offset of the upper-layer header.
    pub upper_offset: usize,
    /// The packet, cut to the IPv6 payload length.
    pub pkt: &'a [u8],
}

/// Walk the extension headers of `pkt` (starting at the IPv6 header) to the upper layer,
/// noting the Home Address option and type 2 routing header on the way.
pub fn walk_headers(pkt: &[u8]) -> core::result::Result<Headers<'_>, LocateError> {
    let m = LocateError::Malformed;
    let first = bytes::u8_at(pkt, 0).map_err(|_| m)?;
    if first >> 4 != 6 {
        return Err(m);
    }
    let payload_len = usize::from(bytes::u16_at(pkt, 4).map_err(|_| m)?);
    let end = IPV6_HDR_LEN.checked_add(payload_len).ok_or(m)?;
    let pkt = pkt.get(..end).ok_or(m)?;
    let mut nh = bytes::u8_at(pkt, 6).map_err(|_| m)?;
    let src: [u8; 16] = bytes::arr(pkt, 8).map_err(|_| m)?;
    let dst: [u8; 16] = bytes::arr(pkt, 24).map_err(|_| m)?;
    let mut off = IPV6_HDR_LEN;
    let mut home_address = None;
    let mut rh2_address = None;
    loop {
        match nh {
            NH_HOP_BY_HOP | NH_DEST_OPTS | NH_ROUTING => {
                let rest = pkt.get(off..).ok_or(m)?;
                let len = ext::ext_header_len(rest).map_err(|_| m)?;
                let hdr = rest.get(..len).ok_or(m)?;
                if nh == NH_DEST_OPTS {
                    if let Some(h) = ext::find_home_address(hdr).map_err(|_| m)? {
                        home_address.get_or_insert(h);
                    }
                } else if nh == NH_ROUTING && hdr.get(2) == Some(&ROUTING_TYPE_2) {
                    match Rh2Repr::parse(hdr) {
                        Ok(r) => {
                            rh2_address.get_or_insert(r.home_address);
                        }
                        Err(e) => {
                            return Err(match e.pointer() {
                                Some(p) => LocateError::BadRh2 {
                                    pointer: off.checked_add(p).ok_or(m)?,
                                },
                                None => m,
                            })
                        }
                    }
                }
                nh = *hdr.first().ok_or(m)?;
                off = off.checked_add(len).ok_or(m)?;
            }
            NH_FRAGMENT => return Err(LocateError::Fragment),
            upper => {
                return Ok(Headers {
                    src,
                    dst,
                    home_address,
                    rh2_address,
                    upper,
                    upper_offset: off,
                    pkt,
                })
            }
        }
    }
}

/// Walk the extension headers of `pkt` (starting at the IPv6 header) to the Mobility Header.
pub fn locate_mh(pkt: &[u8]) -> core::result::Result<MhPacket<'_>, LocateError> {
    let h = walk_headers(pkt)?;
    if h.upper != NH_MOBILITY {
        return Err(LocateError::NotMobility);
    }
    let mh = h.pkt.get(h.upper_offset..).ok_or(LocateError::Malformed)?;
    Ok(MhPacket {
        src: h.src,
        dst: h.dst,
        home_address: h.home_address,
        rh2_address: h.rh2_address,
        mh_offset: h.upper_offset,
        mh,
    })
}

/// Build `IPv6 [| RH2(rh2)] [| DestOpts(HAO hao)] | MH` into `buf` (the order §6.3/§6.4
/// require: the routing header before the destination options), with the MH checksum over
/// the home address (HAO) and final destination (RH2). Returns the packet length.
pub fn build_mh_packet(
    buf: &mut [u8],
    src: &[u8; 16],
    dst: &[u8; 16],
    hao: Option<&[u8; 16]>,
    rh2: Option<&[u8; 16]>,
    repr: &Repr<'_>,
) -> Result<usize> {
    let first_nh = match (rh2, hao) {
        (Some(_), _) => NH_ROUTING,
        (None, Some(_)) => NH_DEST_OPTS,
        (None, None) => NH_MOBILITY,
    };
    let mut off = IPV6_HDR_LEN;
    if let Some(home) = rh2 {
        let next_header = if hao.is_some() {
            NH_DEST_OPTS
        } else {
            NH_MOBILITY
        };
        let r = Rh2Repr {
            next_header,
            segments_left: 1,
            home_address: *home,
        };
        off += r.emit(buf.get_mut(off..).ok_or(Error::BufferTooSmall)?)?;
    }
    if let Some(home) = hao {
        off += ext::emit_hao_dest_opts(
            buf.get_mut(off..).ok_or(Error::BufferTooSmall)?,
            NH_MOBILITY,
            home,
        )?;
    }
    let psrc = hao.unwrap_or(src);
    let pdst = rh2.unwrap_or(dst);
    let mh_len = repr.emit(buf.get_mut(off..).ok_or(Error::BufferTooSmall)?, psrc, pdst)?;
    let total = off.checked_add(mh_len).ok_or(Error::ValueTooLarge)?;
    let payload = u16::try_from(total - IPV6_HDR_LEN).map_err(|_| Error::ValueTooLarge)?;
    let h = buf.get_mut(..IPV6_HDR_LEN).ok_or(Error::BufferTooSmall)?;
    bytes::put(h, 0, &[0x60, 0, 0, 0])?;
    bytes::put_u16(h, 4, payload)?;
    bytes::put(h, 6, &[first_nh, DEFAULT_HOP_LIMIT])?;
    bytes::put(h, 8, src)?;
    bytes::put(h, 24, dst)?;
    Ok(total)
}

#[cfg(test)]
#[path = "tests/packet.rs"]
mod tests;
