//! Mobility options (RFC 6275 §6.2, RFC 4283, RFC 4285): a zero-copy iterator for parsing,
//! and [`MhOptions`], the owned (borrowing) set of known options that a message carries,
//! with an emitter that honours every alignment rule.

use super::error::{bytes, Error, Result};

/// Pad1 (a single zero octet).
pub const OPT_PAD1: u8 = 0;
/// PadN.
pub const OPT_PADN: u8 = 1;
/// Binding Refresh Advice (§6.2.4), alignment 2n.
pub const OPT_BINDING_REFRESH_ADVICE: u8 = 2;
/// Alternate Care-of Address (§6.2.5), alignment 8n+6.
pub const OPT_ALTERNATE_COA: u8 = 3;
/// Nonce Indices (§6.2.6), alignment 2n.
pub const OPT_NONCE_INDICES: u8 = 4;
/// Binding Authorization Data (§6.2.7), implicit alignment 8n+2, always last.
pub const OPT_BINDING_AUTH_DATA: u8 = 5;
/// Mobile Node Identifier (RFC 4283), no alignment.
pub const OPT_MN_ID: u8 = 8;
/// Mobility Message Authentication (RFC 4285 §5), alignment 4n+1.
pub const OPT_MSG_AUTH: u8 = 9;
/// Mobility Message Replay Protection (RFC 4285 §6), alignment 8n+2.
pub const OPT_REPLAY_PROTECTION: u8 = 10;

/// MN Identifier subtype: Network Access Identifier (RFC 4283).
pub const MN_ID_SUBTYPE_NAI: u8 = 1;
/// Length of the RFC 6275 Binding Authorization Data authenticator (96 bits).
pub const AUTHENTICATOR_LEN: usize = 12;

/// One mobility option as found on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MhOption<'a> {
    /// Pad1.
    Pad1,
    /// PadN with this many data octets.
    PadN(u8),
    /// Binding Refresh Advice: refresh interval in 4-second units.
    RefreshAdvice(u16),
    /// Alternate Care-of Address.
    AltCoa([u8; 16]),
    /// Nonce Indices.
    NonceIndices {
        /// Home Nonce Index.
        home: u16,
        /// Care-of Nonce Index.
        care_of: u16,
    },
    /// Binding Authorization Data: the authenticator.
    AuthData(&'a [u8]),
    /// Mobile Node Identifier.
    MnId {
        /// Subtype (1 = NAI).
        subtype: u8,
        /// Identifier bytes.
        id: &'a [u8],
    },
    /// Mobility Message Authentication.
    MsgAuth {
        /// Subtype (1 = MN-HA, 2 = MN-AAA).
        subtype: u8,
        /// Mobility SPI.
        spi: u32,
        /// Authentication data.
        data: &'a [u8],
    },
    /// Mobility Message Replay Protection: 64-bit timestamp.
    Replay(u64),
    /// Any other option: silently ignored by receivers (§9.2).
    Unknown {
        /// Option type.
        kind: u8,
        /// Option data.
        data: &'a [u8],
    },
}

impl<'a> MhOption<'a> {
    /// Parse the option at the start of `b`; returns it and the octets it occupies.
    pub fn parse(b: &'a [u8]) -> Result<(MhOption<'a>, usize)> {
        let kind = bytes::u8_at(b, 0)?;
        if kind == OPT_PAD1 {
            return Ok((MhOption::Pad1, 1));
        }
        let len = bytes::u8_at(b, 1)?;
        let data = bytes::slice(b, 2, usize::from(len))?;
        let fixed = |want: u8| {
            if len == want {
                Ok(())
            } else {
                Err(Error::Malformed)
            }
        };
        let opt = match kind {
            OPT_PADN => MhOption::PadN(len),
            OPT_BINDING_REFRESH_ADVICE => {
                fixed(2)?;
                MhOption::RefreshAdvice(bytes::u16_at(data, 0)?)
            }
            OPT_ALTERNATE_COA => {
                fixed(16)?;
                MhOption::AltCoa(bytes::arr(data, 0)?)
            }
            OPT_NONCE_INDICES => {
                fixed(4)?;
                MhOption::NonceIndices {
                    home: bytes::u16_at(data, 0)?,
                    care_of: bytes::u16_at(data, 2)?,
                }
            }
            OPT_BINDING_AUTH_DATA => MhOption::AuthData(data),
            OPT_MN_ID => MhOption::MnId {
                subtype: bytes::u8_at(data, 0).map_err(|_| Error::Malformed)?,
                id: data.get(1..).unwrap_or(&[]),
            },
            OPT_MSG_AUTH => {
                if len < 5 {
                    return Err(Error::Malformed);
                }
                MhOption::MsgAuth {
                    subtype: bytes::u8_at(data, 0)?,
                    spi: bytes::u32_at(data, 1)?,
                    data: data.get(5..).unwrap_or(&[]),
                }
            }
            OPT_REPLAY_PROTECTION => {
                fixed(8)?;
                MhOption::Replay(bytes::u64_at(data, 0)?)
            }
            _ => MhOption::Unknown { kind, data },
        };
        Ok((opt, usize::from(len) + 2))
    }

    /// `(x, y)`: the option must start at an offset `x*n + y` from the start of the
    /// Mobility Header (`x == 1` means no requirement).
    pub fn alignment(&self) -> (usize, usize) {
        match self {
            MhOption::RefreshAdvice(_) | MhOption::NonceIndices { .. } => (2, 0),
            MhOption::AltCoa(_) => (8, 6),
            MhOption::AuthData(_) | MhOption::Replay(_) => (8, 2),
            // 4n+1 (RFC 4285 §5), and where it ends the message: it must be the last
            // option, so no padding may follow it (8n+5 for the usual 12-octet data).
            MhOption::MsgAuth { .. } => match (8 - self.wire_len() % 8) % 8 {
                y if y % 4 == 1 => (8, y),
                _ => (4, 1),
            },
            _ => (1, 0),
        }
    }

    /// Octets the option occupies (type and length included).
    pub fn wire_len(&self) -> usize {
        match self {
            MhOption::Pad1 => 1,
            MhOption::PadN(n) => 2 + usize::from(*n),
            MhOption::RefreshAdvice(_) => 4,
            MhOption::AltCoa(_) => 18,
            MhOption::NonceIndices { .. } => 6,
            MhOption::AuthData(d) => 2 + d.len(),
            MhOption::MnId { id, .. } => 3 + id.len(),
            MhOption::MsgAuth { data, .. } => 7 + data.len(),
            MhOption::Replay(_) => 10,
            MhOption::Unknown { data, .. } => 2 + data.len(),
        }
    }

    /// Write the option at the start of `b`; returns its length.
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        let total = self.wire_len();
        if b.len() < total {
            return Err(Error::BufferTooSmall);
        }
        let len = u8::try_from(total.saturating_sub(2)).map_err(|_| Error::ValueTooLarge)?;
        let kind = match self {
            MhOption::Pad1 => return bytes::put_u8(b, 0, OPT_PAD1).map(|()| 1),
            MhOption::PadN(_) => {
                bytes::zero(b, 2, usize::from(len))?;
                OPT_PADN
            }
            MhOption::RefreshAdvice(v) => {
                bytes::put_u16(b, 2, *v)?;
                OPT_BINDING_REFRESH_ADVICE
            }
            MhOption::AltCoa(a) => {
                bytes::put(b, 2, a)?;
                OPT_ALTERNATE_COA
            }
            MhOption::NonceIndices { home, care_of } => {
                bytes::put_u16(b, 2, *home)?;
                bytes::put_u16(b, 4, *care_of)?;
                OPT_NONCE_INDICES
            }
            MhOption::AuthData(d) => {
                bytes::put(b, 2, d)?;
                OPT_BINDING_AUTH_DATA
            }
            MhOption::MnId { subtype, id } => {
                bytes::put_u8(b, 2, *subtype)?;
                bytes::put(b, 3, id)?;
                OPT_MN_ID
            }
            MhOption::MsgAuth { subtype, spi, data } => {
                bytes::put_u8(b, 2, *subtype)?;
                bytes::put_u32(b, 3, *spi)?;
                bytes::put(b, 7, data)?;
                OPT_MSG_AUTH
            }
            MhOption::Replay(t) => {
                bytes::put_u64(b, 2, *t)?;
                OPT_REPLAY_PROTECTION
            }
            MhOption::Unknown { kind, data } => {
                bytes::put(b, 2, data)?;
                *kind
            }
        };
        bytes::put_u8(b, 0, kind)?;
        bytes::put_u8(b, 1, len)?;
        Ok(total)
    }
}

/// Iterator over the mobility options of a message's option area. Yields
/// `(offset within the area, option)`; after a malformed option it yields one `Err` and stops.
#[derive(Debug, Clone)]
pub struct MhOptionIter<'a> {
    data: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> MhOptionIter<'a> {
    /// Iterate the options in `data`.
    pub fn new(data: &'a [u8]) -> Self {
        MhOptionIter {
            data,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for MhOptionIter<'a> {
    type Item = Result<(usize, MhOption<'a>)>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = self.data.get(self.pos..)?;
        if rest.is_empty() {
            self.done = true;
            return None;
        }
        match MhOption::parse(rest) {
            Ok((opt, used)) => {
                let at = self.pos;
                self.pos = self.pos.saturating_add(used);
                Some(Ok((at, opt)))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Mobility Message Authentication option contents (RFC 4285).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsgAuth<'a> {
    /// Subtype: 1 MN-HA, 2 MN-AAA.
    pub subtype: u8,
    /// Mobility SPI.
    pub spi: u32,
    /// Authentication data.
    pub data: &'a [u8],
}

/// The known mobility options a message carries (the first of each kind wins on parse;
/// unknown options are skipped as §9.2 requires).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MhOptions<'a> {
    /// Binding Refresh Advice, refresh interval in 4-second units.
    pub refresh_advice: Option<u16>,
    /// Alternate Care-of Address.
    pub alt_coa: Option<[u8; 16]>,
    /// Nonce Indices `(home, care-of)`.
    pub nonce_indices: Option<(u16, u16)>,
    /// Mobile Node Identifier `(subtype, id)`.
    pub mn_id: Option<(u8, &'a [u8])>,
    /// Replay Protection timestamp.
    pub replay: Option<u64>,
    /// Mobility Message Authentication.
    pub msg_auth: Option<MsgAuth<'a>>,
    /// Binding Authorization Data authenticator.
    pub auth_data: Option<&'a [u8]>,
}

impl<'a> MhOptions<'a> {
    /// Collect the known options of an option area.
    pub fn parse(area: &'a [u8]) -> Result<Self> {
        let mut o = MhOptions::default();
        for item in MhOptionIter::new(area) {
            let (_, opt) = item?;
            match opt {
                MhOption::RefreshAdvice(v) => {
                    o.refresh_advice.get_or_insert(v);
                }
                MhOption::AltCoa(a) => {
                    o.alt_coa.get_or_insert(a);
                }
                MhOption::NonceIndices { home, care_of } => {
                    o.nonce_indices.get_or_insert((home, care_of));
                }
                MhOption::MnId { subtype, id } => {
                    o.mn_id.get_or_insert((subtype, id));
                }
                MhOption::Replay(t) => {
                    o.replay.get_or_insert(t);
                }
                MhOption::MsgAuth { subtype, spi, data } => {
                    o.msg_auth.get_or_insert(MsgAuth { subtype, spi, data });
                }
                MhOption::AuthData(d) => {
                    o.auth_data.get_or_insert(d);
                }
                MhOption::Pad1 | MhOption::PadN(_) | MhOption::Unknown { .. } => {}
            }
        }
        Ok(o)
    }

    /// True when no option is set.
    pub fn is_empty(&self) -> bool {
        *self == MhOptions::default()
    }

    fn ordered(&self) -> [Option<MhOption<'a>>; 7] {
        [
            self.refresh_advice.map(MhOption::RefreshAdvice),
            self.alt_coa.map(MhOption::AltCoa),
            self.nonce_indices
                .map(|(home, care_of)| MhOption::NonceIndices { home, care_of }),
            self.mn_id
                .map(|(subtype, id)| MhOption::MnId { subtype, id }),
            self.replay.map(MhOption::Replay),
            self.msg_auth.map(|m| MhOption::MsgAuth {
                subtype: m.subtype,
                spi: m.spi,
                data: m.data,
            }),
            self.auth_data.map(MhOption::AuthData),
        ]
    }

    /// Emit the options into `b`, whose first octet sits at offset `start` of the Mobility
    /// Header; each option is preceded by the Pad1/PadN its alignment needs, and the area is
    /// padded so the header ends on a multiple of 8 octets.
    /// Returns the octets used.
    pub fn emit(&self, b: &mut [u8], start: usize) -> Result<usize> {
        self.layout(Some(b), start)
    }

    /// Octets [`MhOptions::emit`] would use at offset `start`.
    pub fn buffer_len(&self, start: usize) -> Result<usize> {
        self.layout(None, start)
    }

    fn layout(&self, mut b: Option<&mut [u8]>, start: usize) -> Result<usize> {
        let mut used = 0usize;
        for opt in self.ordered().iter().flatten() {
            let (x, y) = opt.alignment();
            let at = start.checked_add(used).ok_or(Error::ValueTooLarge)?;
            let pad = (x + y - at % x) % x;
            used = put_pad(b.as_deref_mut(), used, pad)?;
            let len = opt.wire_len();
            if len > 257 {
                return Err(Error::ValueTooLarge);
            }
            if let Some(buf) = b.as_deref_mut() {
                opt.emit(buf.get_mut(used..).ok_or(Error::BufferTooSmall)?)?;
            }
            used = used.checked_add(len).ok_or(Error::ValueTooLarge)?;
        }
        let at = start.checked_add(used).ok_or(Error::ValueTooLarge)?;
        let pad = (8 - at % 8) % 8;
        put_pad(b, used, pad)
    }
}

/// Write `pad` octets of Pad1/PadN at `at` (when a buffer is given); returns `at + pad`.
fn put_pad(b: Option<&mut [u8]>, at: usize, pad: usize) -> Result<usize> {
    if let Some(buf) = b {
        match pad {
            0 => {}
            1 => MhOption::Pad1
                .emit(buf.get_mut(at..).ok_or(Error::BufferTooSmall)?)
                .map(|_| ())?,
            n => {
                let n = u8::try_from(n - 2).map_err(|_| Error::ValueTooLarge)?;
                MhOption::PadN(n)
                    .emit(buf.get_mut(at..).ok_or(Error::BufferTooSmall)?)
                    .map(|_| ())?
            }
        }
    }
    at.checked_add(pad).ok_or(Error::ValueTooLarge)
}

#[cfg(test)]
#[path = "tests/mhopt.rs"]
mod tests;
