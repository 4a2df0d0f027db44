//! Mobility Header receive checks (RFC 6275 §9.2), reporting which rule failed and what
//! the node must do about it.

use super::checksum;
use super::mh::{be_status, field, min_header_len, IPPROTO_NONE};

/// Why a received Mobility Header is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MhCheckError {
    /// Shorter than 8 octets or than its Header Len announces: silently discard.
    Truncated,
    /// Checksum incorrect: silently discard.
    BadChecksum,
    /// Payload Proto is not IPPROTO_NONE (59): ICMP Parameter Problem code 0 pointing to it.
    PayloadProto {
        /// Offset of the Payload Proto field from the start of the Mobility Header.
        pointer: usize,
    },
    /// MH Type unknown: Binding Error with status 2.
    UnknownType {
        /// The MH Type received.
        mh_type: u8,
    },
    /// Header Len smaller than the message minimum: ICMP Parameter Problem code 0
    /// pointing to the Header Len field.
    HeaderLen {
        /// Offset of the Header Len field from the start of the Mobility Header.
        pointer: usize,
    },
}

/// What to do with a rejected Mobility Header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MhAction {
    /// Drop, send nothing.
    SilentDrop,
    /// Drop and send ICMPv6 Parameter Problem with this code and pointer (offset from the
    /// start of the Mobility Header; add the header's offset in the invoking packet with
    /// [`MhAction::icmp_pointer`]).
    ParameterProblem {
        /// ICMPv6 Parameter Problem code (0: erroneous header field).
        code: u8,
        /// Offset from the start of the Mobility Header.
        pointer: usize,
    },
    /// Drop and send a Binding Error with this status.
    BindingError {
        /// Binding Error status.
        status: u8,
    },
}

impl MhAction {
    /// The ICMP pointer for a Parameter Problem when the Mobility Header starts `mh_offset`
    /// octets into the invoking packet (IPv6 header included); `None` on overflow or for
    /// other actions. ICMPv6 pointers are 32 bits.
    pub fn icmp_pointer(&self, mh_offset: usize) -> Option<u32> {
        match self {
            MhAction::ParameterProblem { pointer, .. } => {
                u32::try_from(mh_offset.checked_add(*pointer)?).ok()
            }
            _ => None,
        }
    }
}

impl MhCheckError {
    /// The §9.2 action for this failure.
    pub fn action(&self) -> MhAction {
        match self {
            MhCheckError::Truncated | MhCheckError::BadChecksum => MhAction::SilentDrop,
            MhCheckError::PayloadProto { pointer } | MhCheckError::HeaderLen { pointer } => {
                MhAction::ParameterProblem {
                    code: 0,
                    pointer: *pointer,
                }
            }
            MhCheckError::UnknownType { .. } => MhAction::BindingError {
                status: be_status::UNRECOGNIZED_MH_TYPE,
            },
        }
    }
}

/// Check a received Mobility Header `mh` (from its first octet to the end of the packet)
/// against §9.2, in the RFC's order: length within the packet, checksum, Payload Proto, MH
/// Type known, Header Len at least the message minimum. `src`/`dst` are the pseudo-header
/// addresses ([`checksum::mh_pseudo_addresses`]). On success returns the header's length.
pub fn check_mh(src: &[u8; 16], dst: &[u8; 16], mh: &[u8]) -> Result<usize, MhCheckError> {
    let hl = *mh.get(field::HEADER_LEN).ok_or(MhCheckError::Truncated)?;
    if mh.len() < 8 {
        return Err(MhCheckError::Truncated);
    }
    let total = (usize::from(hl) + 1) * 8;
    let h = mh.get(..total).ok_or(MhCheckError::Truncated)?;
    if !checksum::verify(src, dst, checksum::NEXT_HEADER_MOBILITY, h) {
        return Err(MhCheckError::BadChecksum);
    }
    if h.get(field::PAYLOAD_PROTO) != Some(&IPPROTO_NONE) {
        return Err(MhCheckError::PayloadProto {
            pointer: field::PAYLOAD_PROTO,
        });
    }
    let t = *h.get(field::MH_TYPE).ok_or(MhCheckError::Truncated)?;
    let min = min_header_len(t).ok_or(MhCheckError::UnknownType { mh_type: t })?;
    if hl < min {
        return Err(MhCheckError::HeaderLen {
            pointer: field::HEADER_LEN,
        });
    }
    Ok(total)
}

#[cfg(test)]
#[path = "tests/validate.rs"]
mod tests;
