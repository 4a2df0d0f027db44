//! The Mobility Header (RFC 6275 §6.1) and its eight messages: a zero-copy [`Packet`] view
//! with checked accessors, and the owned [`Repr`] with `parse`/`emit`/`buffer_len`.

use super::checksum;
use super::error::{bytes, Error, Result};
use super::mhopt::MhOptions;

/// IPPROTO_NONE: the only Payload Proto value a Mobility Header may carry today.
pub const IPPROTO_NONE: u8 = 59;

/// Binding Refresh Request.
pub const MH_BRR: u8 = 0;
/// Home Test Init.
pub const MH_HOTI: u8 = 1;
/// Care-of Test Init.
pub const MH_COTI: u8 = 2;
/// Home Test.
pub const MH_HOT: u8 = 3;
/// Care-of Test.
pub const MH_COT: u8 = 4;
/// Binding Update.
pub const MH_BU: u8 = 5;
/// Binding Acknowledgement.
pub const MH_BA: u8 = 6;
/// Binding Error.
pub const MH_BE: u8 = 7;

/// Offsets of the common header fields.
pub mod field {
    /// Payload Proto.
    pub const PAYLOAD_PROTO: usize = 0;
    /// Header Len (8-octet units, not counting the first 8 octets).
    pub const HEADER_LEN: usize = 1;
    /// MH Type.
    pub const MH_TYPE: usize = 2;
    /// Reserved.
    pub const RESERVED: usize = 3;
    /// Checksum.
    pub const CHECKSUM: usize = 4;
    /// Start of the Message Data.
    pub const DATA: usize = 6;
}

/// Offset from the start of the Mobility Header where the options of an `mh_type` message
/// begin (the end of its fixed part), or `None` for an unknown type.
pub fn options_offset(mh_type: u8) -> Option<usize> {
    match mh_type {
        MH_BRR => Some(8),
        MH_HOTI | MH_COTI => Some(16),
        MH_HOT | MH_COT => Some(24),
        MH_BU | MH_BA => Some(12),
        MH_BE => Some(24),
        _ => None,
    }
}

/// Smallest Header Len field value for an `mh_type` message (§9.2), or `None` if unknown.
pub fn min_header_len(mh_type: u8) -> Option<u8> {
    options_offset(mh_type).map(|off| (off.div_ceil(8) - 1) as u8)
}

/// Binding Update status codes and flags live in [`BindingUpdate`]; these are the BU flag bits
/// of the 16-bit word after the sequence number.
pub mod bu_flags {
    /// Acknowledge (A).
    pub const A: u16 = 0x8000;
    /// Home Registration (H).
    pub const H: u16 = 0x4000;
    /// Link-Local Address Compatibility (L).
    pub const L: u16 = 0x2000;
    /// Key Management Mobility Capability (K).
    pub const K: u16 = 0x1000;
}

/// A read/write view of a Mobility Header in a buffer.
#[derive(Debug, Clone)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wrap without checking; accessors still never panic (they return errors).
    pub const fn new_unchecked(buffer: T) -> Self {
        Packet { buffer }
    }
    /// Wrap after [`Packet::check_len`].
    pub fn new_checked(buffer: T) -> Result<Self> {
        let p = Packet { buffer };
        p.check_len()?;
        Ok(p)
    }
    /// The buffer holds at least 8 octets and the whole header that Header Len announces.
    pub fn check_len(&self) -> Result<()> {
        let b = self.buffer.as_ref();
        if b.len() < 8 {
            return Err(Error::Truncated);
        }
        if b.len() < self.total_len() {
            return Err(Error::Truncated);
        }
        Ok(())
    }
    /// Release the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
    /// Payload Proto (0 if the buffer is empty).
    pub fn payload_proto(&self) -> u8 {
        bytes::u8_at(self.buffer.as_ref(), field::PAYLOAD_PROTO).unwrap_or(0)
    }
    /// Header Len field.
    pub fn header_len(&self) -> u8 {
        bytes::u8_at(self.buffer.as_ref(), field::HEADER_LEN).unwrap_or(0)
    }
    /// MH Type.
    pub fn mh_type(&self) -> u8 {
        bytes::u8_at(self.buffer.as_ref(), field::MH_TYPE).unwrap_or(0)
    }
    /// Reserved octet.
    pub fn reserved(&self) -> u8 {
        bytes::u8_at(self.buffer.as_ref(), field::RESERVED).unwrap_or(0)
    }
    /// Checksum field.
    pub fn checksum(&self) -> u16 {
        bytes::u16_at(self.buffer.as_ref(), field::CHECKSUM).unwrap_or(0)
    }
    /// Length in octets that Header Len announces: `(Header Len + 1) * 8`.
    pub fn total_len(&self) -> usize {
        (usize::from(self.header_len()) + 1) * 8
    }
    /// The whole header (as announced), if the buffer holds it.
    pub fn header_bytes(&self) -> Result<&[u8]> {
        bytes::slice(self.buffer.as_ref(), 0, self.total_len())
    }
    /// The message's option area, if the type is known and the header holds its fixed part.
    pub fn options(&self) -> Result<&[u8]> {
        let off = options_offset(self.mh_type()).ok_or(Error::Unrecognized)?;
        let h = self.header_bytes()?;
        h.get(off..).ok_or(Error::Malformed)
    }
    /// Verify the checksum with pseudo-header addresses chosen by
    /// [`checksum::mh_pseudo_addresses`].
    pub fn verify_checksum(&self, src: &[u8; 16], dst: &[u8; 16]) -> bool {
        match self.header_bytes() {
            Ok(h) => checksum::verify(src, dst, checksum::NEXT_HEADER_MOBILITY, h),
            Err(_) => false,
        }
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Set Payload Proto.
    pub fn set_payload_proto(&mut self, v: u8) -> Result<()> {
        bytes::put_u8(self.buffer.as_mut(), field::PAYLOAD_PROTO, v)
    }
    /// Set Header Len.
    pub fn set_header_len(&mut self, v: u8) -> Result<()> {
        bytes::put_u8(self.buffer.as_mut(), field::HEADER_LEN, v)
    }
    /// Set MH Type.
    pub fn set_mh_type(&mut self, v: u8) -> Result<()> {
        bytes::put_u8(self.buffer.as_mut(), field::MH_TYPE, v)
    }
    /// Set the checksum field.
    pub fn set_checksum(&mut self, v: u16) -> Result<()> {
        bytes::put_u16(self.buffer.as_mut(), field::CHECKSUM, v)
    }
    /// Compute and store the checksum over the announced header length.
    pub fn fill_checksum(&mut self, src: &[u8; 16], dst: &[u8; 16]) -> Result<()> {
        let c = checksum::mh_checksum(src, dst, self.header_bytes()?);
        self.set_checksum(c)
    }
}

/// Binding Update fields (§6.1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BindingUpdate {
    /// Sequence #.
    pub seq: u16,
    /// A: acknowledgement requested.
    pub ack: bool,
    /// H: home registration.
    pub home_reg: bool,
    /// L: link-local address compatibility.
    pub link_local: bool,
    /// K: key management mobility capability.
    pub key_mgmt: bool,
    /// The other 12 bits of the flags word (extensions such as M, R, P); zero in RFC 6275.
    pub other_flags: u16,
    /// Lifetime in 4-second units.
    pub lifetime: u16,
}

/// Binding Acknowledgement fields (§6.1.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BindingAck {
    /// Status (see [`ba_status`]).
    pub status: u8,
    /// K: key management mobility capability.
    pub key_mgmt: bool,
    /// The other 7 bits of that octet (extensions); zero in RFC 6275.
    pub other_flags: u8,
    /// Sequence #.
    pub seq: u16,
    /// Lifetime in 4-second units.
    pub lifetime: u16,
}

/// Binding Acknowledgement status values (§6.1.8).
pub mod ba_status {
    /// Binding Update accepted.
    pub const ACCEPTED: u8 = 0;
    /// Accepted but prefix discovery necessary.
    pub const ACCEPTED_PREFIX_DISCOVERY: u8 = 1;
    /// Reason unspecified.
    pub const UNSPECIFIED: u8 = 128;
    /// Administratively prohibited.
    pub const ADMIN_PROHIBITED: u8 = 129;
    /// Insufficient resources.
    pub const INSUFFICIENT_RESOURCES: u8 = 130;
    /// Home registration not supported.
    pub const HOME_REG_NOT_SUPPORTED: u8 = 131;
    /// Not home subnet.
    pub const NOT_HOME_SUBNET: u8 = 132;
    /// Not home agent for this mobile node.
    pub const NOT_HOME_AGENT: u8 = 133;
    /// Duplicate Address Detection failed.
    pub const DAD_FAILED: u8 = 134;
    /// Sequence number out of window.
    pub const SEQ_OUT_OF_WINDOW: u8 = 135;
    /// Expired home nonce index.
    pub const EXPIRED_HOME_NONCE: u8 = 136;
    /// Expired care-of nonce index.
    pub const EXPIRED_CAREOF_NONCE: u8 = 137;
    /// Expired nonces.
    pub const EXPIRED_NONCES: u8 = 138;
    /// Registration type change disallowed.
    pub const REG_TYPE_CHANGE_DISALLOWED: u8 = 139;
    /// RFC 4285: the replay protection timestamp is not acceptable (MIPV6-ID-MISMATCH).
    pub const ID_MISMATCH: u8 = 144;
    /// RFC 4285: a replay protection option is required (MIPV6-MESG-ID-REQD).
    pub const MESG_ID_REQD: u8 = 145;
    /// RFC 4285: authentication failed (MIPV6-AUTH-FAIL).
    pub const AUTH_FAIL: u8 = 146;
    /// Status values below 128 mean the Binding Update was accepted.
    pub fn is_accepted(s: u8) -> bool {
        s < 128
    }
}

/// Binding Error status values (§6.1.9).
pub mod be_status {
    /// Unknown binding for Home Address destination option.
    pub const UNKNOWN_BINDING: u8 = 1;
    /// Unrecognized MH Type value.
    pub const UNRECOGNIZED_MH_TYPE: u8 = 2;
}

/// The message-specific part of a Mobility Header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// Binding Refresh Request (0).
    BindingRefreshRequest,
    /// Home Test Init (1).
    HomeTestInit {
        /// Home Init Cookie.
        cookie: [u8; 8],
    },
    /// Care-of Test Init (2).
    CareOfTestInit {
        /// Care-of Init Cookie.
        cookie: [u8; 8],
    },
    /// Home Test (3).
    HomeTest {
        /// Home Nonce Index.
        nonce_index: u16,
        /// Home Init Cookie.
        cookie: [u8; 8],
        /// Home Keygen Token.
        token: [u8; 8],
    },
    /// Care-of Test (4).
    CareOfTest {
        /// Care-of Nonce Index.
        nonce_index: u16,
        /// Care-of Init Cookie.
        cookie: [u8; 8],
        /// Care-of Keygen Token.
        token: [u8; 8],
    },
    /// Binding Update (5).
    BindingUpdate(BindingUpdate),
    /// Binding Acknowledgement (6).
    BindingAck(BindingAck),
    /// Binding Error (7).
    BindingError {
        /// Status.
        status: u8,
        /// Home Address.
        home_address: [u8; 16],
    },
}

impl Message {
    /// The MH Type value of this message.
    pub fn mh_type(&self) -> u8 {
        match self {
            Message::BindingRefreshRequest => MH_BRR,
            Message::HomeTestInit { .. } => MH_HOTI,
            Message::CareOfTestInit { .. } => MH_COTI,
            Message::HomeTest { .. } => MH_HOT,
            Message::CareOfTest { .. } => MH_COT,
            Message::BindingUpdate(_) => MH_BU,
            Message::BindingAck(_) => MH_BA,
            Message::BindingError { .. } => MH_BE,
        }
    }
}

/// A parsed Mobility Header: payload proto, message and known options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr<'a> {
    /// Payload Proto (59 for every RFC 6275 message).
    pub payload_proto: u8,
    /// The message.
    pub message: Message,
    /// Its mobility options.
    pub options: MhOptions<'a>,
}

impl<'a> Repr<'a> {
    /// A header with Payload Proto 59 and no options.
    pub fn new(message: Message) -> Self {
        Repr {
            payload_proto: IPPROTO_NONE,
            message,
            options: MhOptions::default(),
        }
    }

    /// Parse a Mobility Header. Checks lengths (Header Len at least the message minimum
    /// and within the buffer) and option syntax; does not check the checksum or Payload
    /// Proto (see [`super::validate`]).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        let buf: &'a [u8] = packet.buffer.as_ref();
        let p = Packet::new_checked(buf)?;
        let t = p.mh_type();
        let min = min_header_len(t).ok_or(Error::Unrecognized)?;
        if p.header_len() < min {
            return Err(Error::Malformed);
        }
        let h = bytes::slice(buf, 0, p.total_len())?;
        let d = field::DATA;
        let message = match t {
            MH_BRR => Message::BindingRefreshRequest,
            MH_HOTI => Message::HomeTestInit {
                cookie: bytes::arr(h, d + 2)?,
            },
            MH_COTI => Message::CareOfTestInit {
                cookie: bytes::arr(h, d + 2)?,
            },
            MH_HOT | MH_COT => {
                let nonce_index = bytes::u16_at(h, d)?;
                let cookie = bytes::arr(h, d + 2)?;
                let token = bytes::arr(h, d + 10)?;
                if t == MH_HOT {
                    Message::HomeTest {
                        nonce_index,
                        cookie,
                        token,
                    }
                } else {
                    Message::CareOfTest {
                        nonce_index,
                        cookie,
                        token,
                    }
                }
            }
            MH_BU => {
                let flags = bytes::u16_at(h, d + 2)?;
                Message::BindingUpdate(BindingUpdate {
                    seq: bytes::u16_at(h, d)?,
                    ack: flags & bu_flags::A != 0,
                    home_reg: flags & bu_flags::H != 0,
                    link_local: flags & bu_flags::L != 0,
                    key_mgmt: flags & bu_flags::K != 0,
                    other_flags: flags & 0x0fff,
                    lifetime: bytes::u16_at(h, d + 4)?,
                })
            }
            MH_BA => {
                let flags = bytes::u8_at(h, d + 1)?;
                Message::BindingAck(BindingAck {
                    status: bytes::u8_at(h, d)?,
                    key_mgmt: flags & 0x80 != 0,
                    other_flags: flags & 0x7f,
                    seq: bytes::u16_at(h, d + 2)?,
                    lifetime: bytes::u16_at(h, d + 4)?,
                })
            }
            MH_BE => Message::BindingError {
                status: bytes::u8_at(h, d)?,
                home_address: bytes::arr(h, d + 2)?,
            },
            _ => return Err(Error::Unrecognized),
        };
        let off = options_offset(t).ok_or(Error::Unrecognized)?;
        let options = MhOptions::parse(h.get(off..).ok_or(Error::Malformed)?)?;
        Ok(Repr {
            payload_proto: p.payload_proto(),
            message,
            options,
        })
    }

    /// Octets [`Repr::emit`] writes (always a multiple of 8).
    pub fn buffer_len(&self) -> Result<usize> {
        let off = options_offset(self.message.mh_type()).ok_or(Error::Unrecognized)?;
        let n = off
            .checked_add(self.options.buffer_len(off)?)
            .ok_or(Error::ValueTooLarge)?;
        if n / 8 > 256 {
            return Err(Error::ValueTooLarge);
        }
        Ok(n)
    }

    /// Write the header into `buf` with a zero checksum; returns its length.
    pub fn emit_without_checksum(&self, buf: &mut [u8]) -> Result<usize> {
        let total = self.buffer_len()?;
        let off = options_offset(self.message.mh_type()).ok_or(Error::Unrecognized)?;
        let b = buf.get_mut(..total).ok_or(Error::BufferTooSmall)?;
        bytes::zero(b, 0, total)?;
        bytes::put_u8(b, field::PAYLOAD_PROTO, self.payload_proto)?;
        bytes::put_u8(
            b,
            field::HEADER_LEN,
            u8::try_from(total / 8 - 1).map_err(|_| Error::ValueTooLarge)?,
        )?;
        bytes::put_u8(b, field::MH_TYPE, self.message.mh_type())?;
        let d = field::DATA;
        match &self.message {
            Message::BindingRefreshRequest => {}
            Message::HomeTestInit { cookie } | Message::CareOfTestInit { cookie } => {
                bytes::put(b, d + 2, cookie)?
            }
            Message::HomeTest {
                nonce_index,
                cookie,
                token,
            }
            | Message::CareOfTest {
                nonce_index,
                cookie,
                token,
            } => {
                bytes::put_u16(b, d, *nonce_index)?;
                bytes::put(b, d + 2, cookie)?;
                bytes::put(b, d + 10, token)?;
            }
            Message::BindingUpdate(bu) => {
                let mut flags = bu.other_flags & 0x0fff;
                for (set, bit) in [
                    (bu.ack, bu_flags::A),
                    (bu.home_reg, bu_flags::H),
                    (bu.link_local, bu_flags::L),
                    (bu.key_mgmt, bu_flags::K),
                ] {
                    if set {
                        flags |= bit;
                    }
                }
                bytes::put_u16(b, d, bu.seq)?;
                bytes::put_u16(b, d + 2, flags)?;
                bytes::put_u16(b, d + 4, bu.lifetime)?;
            }
            Message::BindingAck(ba) => {
                bytes::put_u8(b, d, ba.status)?;
                bytes::put_u8(
                    b,
                    d + 1,
                    (ba.other_flags & 0x7f) | if ba.key_mgmt { 0x80 } else { 0 },
                )?;
                bytes::put_u16(b, d + 2, ba.seq)?;
                bytes::put_u16(b, d + 4, ba.lifetime)?;
            }
            Message::BindingError {
                status,
                home_address,
            } => {
                bytes::put_u8(b, d, *status)?;
                bytes::put(b, d + 2, home_address)?;
            }
        }
        self.options
            .emit(b.get_mut(off..).ok_or(Error::BufferTooSmall)?, off)?;
        Ok(total)
    }

    /// Write the header into `buf` and fill its checksum for the pseudo-header addresses
    /// `src`/`dst` (see [`checksum::mh_pseudo_addresses`]); returns its length.
    pub fn emit(&self, buf: &mut [u8], src: &[u8; 16], dst: &[u8; 16]) -> Result<usize> {
        let n = self.emit_without_checksum(buf)?;
        let h = buf.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        let c = checksum::mh_checksum(src, dst, h);
        bytes::put_u16(h, field::CHECKSUM, c)?;
        Ok(n)
    }
}

#[cfg(test)]
#[path = "tests/mh.rs"]
mod tests;
