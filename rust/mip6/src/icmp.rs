//! ICMPv6 messages of Mobile IPv6 (RFC 6275 §6.5–§6.8) and its Router Advertisement
//! additions (§7.1–§7.4): H flag, R flag in Prefix Information, Advertisement Interval and
//! Home Agent Information options.

use super::checksum;
use super::error::{bytes, Error, Result};

/// Home Agent Address Discovery Request.
pub const ICMP_HAAD_REQUEST: u8 = 144;
/// Home Agent Address Discovery Reply.
pub const ICMP_HAAD_REPLY: u8 = 145;
/// Mobile Prefix Solicitation.
pub const ICMP_MPS: u8 = 146;
/// Mobile Prefix Advertisement.
pub const ICMP_MPA: u8 = 147;
/// Router Advertisement.
pub const ICMP_RA: u8 = 134;

/// ND option: Source Link-layer Address.
pub const ND_OPT_SLLA: u8 = 1;
/// ND option: Prefix Information.
pub const ND_OPT_PREFIX_INFO: u8 = 3;
/// ND option: MTU.
pub const ND_OPT_MTU: u8 = 5;
/// ND option: Advertisement Interval (§7.3).
pub const ND_OPT_ADV_INTERVAL: u8 = 7;
/// ND option: Home Agent Information (§7.4).
pub const ND_OPT_HA_INFO: u8 = 8;

/// RA flag octet: Home Agent (H) bit (§7.1).
pub const RA_FLAG_HOME_AGENT: u8 = 0x20;
/// Prefix Information flag: on-link (L).
pub const PI_FLAG_ON_LINK: u8 = 0x80;
/// Prefix Information flag: autonomous (A).
pub const PI_FLAG_AUTONOMOUS: u8 = 0x40;
/// Prefix Information flag: Router Address (R) (§7.2).
pub const PI_FLAG_ROUTER_ADDRESS: u8 = 0x20;

/// A Mobile IPv6 ICMPv6 message (the header from its Type octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcmpRepr<'a> {
    /// Home Agent Address Discovery Request (§6.5).
    HaadRequest {
        /// Identifier.
        identifier: u16,
    },
    /// Home Agent Address Discovery Reply (§6.6): `addresses` is a multiple of 16 octets.
    HaadReply {
        /// Identifier.
        identifier: u16,
        /// Home agent addresses, concatenated (see [`addresses`]).
        addresses: &'a [u8],
    },
    /// Mobile Prefix Solicitation (§6.7).
    PrefixSolicitation {
        /// Identifier.
        identifier: u16,
    },
    /// Mobile Prefix Advertisement (§6.8).
    PrefixAdvertisement {
        /// Identifier.
        identifier: u16,
        /// M: managed address configuration.
        managed: bool,
        /// O: other stateful configuration.
        other: bool,
        /// ND options (Prefix Information ...), see [`NdOptionIter`].
        options: &'a [u8],
    },
}

/// Iterate 16-octet addresses from a concatenation (a trailing partial address is ignored).
pub fn addresses(b: &[u8]) -> impl Iterator<Item = [u8; 16]> + '_ {
    b.chunks_exact(16).map(|c| {
        let mut a = [0u8; 16];
        a.copy_from_slice(c);
        a
    })
}

impl<'a> IcmpRepr<'a> {
    /// Parse an ICMPv6 message of types 144–147 (checksum not checked; see
    /// [`IcmpRepr::verify_checksum`]). Code must be 0.
    pub fn parse(b: &'a [u8]) -> Result<IcmpRepr<'a>> {
        let t = bytes::u8_at(b, 0)?;
        if bytes::u8_at(b, 1)? != 0 {
            return Err(Error::Malformed);
        }
        let identifier = bytes::u16_at(b, 4)?;
        let _ = bytes::u16_at(b, 6)?;
        let rest = b.get(8..).unwrap_or(&[]);
        Ok(match t {
            ICMP_HAAD_REQUEST => IcmpRepr::HaadRequest { identifier },
            ICMP_HAAD_REPLY => {
                if rest.len() % 16 != 0 {
                    return Err(Error::Malformed);
                }
                IcmpRepr::HaadReply {
                    identifier,
                    addresses: rest,
                }
            }
            ICMP_MPS => IcmpRepr::PrefixSolicitation { identifier },
            ICMP_MPA => {
                let f = bytes::u8_at(b, 6)?;
                for o in NdOptionIter::new(rest) {
                    o?;
                }
                IcmpRepr::PrefixAdvertisement {
                    identifier,
                    managed: f & 0x80 != 0,
                    other: f & 0x40 != 0,
                    options: rest,
                }
            }
            _ => return Err(Error::Unrecognized),
        })
    }

    /// True if the checksum over `b` is right for `src`/`dst`.
    pub fn verify_checksum(src: &[u8; 16], dst: &[u8; 16], b: &[u8]) -> bool {
        checksum::verify(src, dst, checksum::NEXT_HEADER_ICMPV6, b)
    }

    /// Octets [`IcmpRepr::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        8 + match self {
            IcmpRepr::HaadReply { addresses, .. } => addresses.len(),
            IcmpRepr::PrefixAdvertisement { options, .. } => options.len(),
            _ => 0,
        }
    }

    /// Write the message with its checksum; returns its length.
    pub fn emit(&self, buf: &mut [u8], src: &[u8; 16], dst: &[u8; 16]) -> Result<usize> {
        let n = self.buffer_len();
        let b = buf.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        bytes::zero(b, 0, 8)?;
        let (t, id) = match self {
            IcmpRepr::HaadRequest { identifier } => (ICMP_HAAD_REQUEST, *identifier),
            IcmpRepr::HaadReply {
                identifier,
                addresses,
            } => {
                if addresses.len() % 16 != 0 {
                    return Err(Error::Malformed);
                }
                bytes::put(b, 8, addresses)?;
                (ICMP_HAAD_REPLY, *identifier)
            }
            IcmpRepr::PrefixSolicitation { identifier } => (ICMP_MPS, *identifier),
            IcmpRepr::PrefixAdvertisement {
                identifier,
                managed,
                other,
                options,
            } => {
                bytes::put_u8(
                    b,
                    6,
                    if *managed { 0x80 } else { 0 } | if *other { 0x40 } else { 0 },
                )?;
                bytes::put(b, 8, options)?;
                (ICMP_MPA, *identifier)
            }
        };
        bytes::put_u8(b, 0, t)?;
        bytes::put_u16(b, 4, id)?;
        let c = checksum::checksum(src, dst, checksum::NEXT_HEADER_ICMPV6, b);
        bytes::put_u16(b, 2, c)?;
        Ok(n)
    }
}

/// Prefix Information option contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrefixInfo {
    /// Prefix length in bits.
    pub prefix_len: u8,
    /// L flag.
    pub on_link: bool,
    /// A flag.
    pub autonomous: bool,
    /// R flag: `prefix` holds the router's full address (§7.2).
    pub router_address: bool,
    /// Valid lifetime in seconds.
    pub valid_lifetime: u32,
    /// Preferred lifetime in seconds.
    pub preferred_lifetime: u32,
    /// The prefix (or router address when R is set).
    pub prefix: [u8; 16],
}

/// One Neighbor Discovery option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NdOption<'a> {
    /// Prefix Information.
    PrefixInfo(PrefixInfo),
    /// Advertisement Interval in milliseconds.
    AdvInterval(u32),
    /// Home Agent Information.
    HomeAgentInfo {
        /// Home Agent Preference (signed).
        preference: i16,
        /// Home Agent Lifetime in seconds.
        lifetime: u16,
    },
    /// MTU.
    Mtu(u32),
    /// Source Link-layer Address.
    SourceLinkLayer(&'a [u8]),
    /// Anything else.
    Other {
        /// Option type.
        kind: u8,
        /// Option data (after type and length).
        data: &'a [u8],
    },
}

impl NdOption<'_> {
    /// Octets [`NdOption::emit`] writes for the options it can emit.
    pub fn buffer_len(&self) -> usize {
        match self {
            NdOption::PrefixInfo(_) => 32,
            NdOption::AdvInterval(_) | NdOption::HomeAgentInfo { .. } | NdOption::Mtu(_) => 8,
            NdOption::SourceLinkLayer(d) | NdOption::Other { data: d, .. } => {
                (d.len() + 2).div_ceil(8) * 8
            }
        }
    }

    /// Write the option (zero-padded to a multiple of 8); returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let n = self.buffer_len();
        let b = buf.get_mut(..n).ok_or(Error::BufferTooSmall)?;
        bytes::zero(b, 0, n)?;
        let kind = match self {
            NdOption::PrefixInfo(p) => {
                let mut f = 0;
                for (set, bit) in [
                    (p.on_link, PI_FLAG_ON_LINK),
                    (p.autonomous, PI_FLAG_AUTONOMOUS),
                    (p.router_address, PI_FLAG_ROUTER_ADDRESS),
                ] {
                    if set {
                        f |= bit;
                    }
                }
                bytes::put(b, 2, &[p.prefix_len, f])?;
                bytes::put_u32(b, 4, p.valid_lifetime)?;
                bytes::put_u32(b, 8, p.preferred_lifetime)?;
                bytes::put(b, 16, &p.prefix)?;
                ND_OPT_PREFIX_INFO
            }
            NdOption::AdvInterval(ms) => {
                bytes::put_u32(b, 4, *ms)?;
                ND_OPT_ADV_INTERVAL
            }
            NdOption::HomeAgentInfo {
                preference,
                lifetime,
            } => {
                bytes::put(b, 4, &preference.to_be_bytes())?;
                bytes::put_u16(b, 6, *lifetime)?;
                ND_OPT_HA_INFO
            }
            NdOption::Mtu(m) => {
                bytes::put_u32(b, 4, *m)?;
                ND_OPT_MTU
            }
            NdOption::SourceLinkLayer(d) => {
                bytes::put(b, 2, d)?;
                ND_OPT_SLLA
            }
            NdOption::Other { kind, data } => {
                bytes::put(b, 2, data)?;
                *kind
            }
        };
        bytes::put_u8(b, 0, kind)?;
        bytes::put_u8(b, 1, u8::try_from(n / 8).map_err(|_| Error::ValueTooLarge)?)?;
        Ok(n)
    }
}

/// Iterator over ND options (`b` starts at the first option). A zero Length or an option
/// running past the end yields one `Err` and stops (RFC 4861 §4.6).
#[derive(Debug, Clone)]
pub struct NdOptionIter<'a> {
    b: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> NdOptionIter<'a> {
    /// Iterate the options in `b`.
    pub fn new(b: &'a [u8]) -> Self {
        NdOptionIter {
            b,
            pos: 0,
            done: false,
        }
    }

    fn parse_one(&self) -> Result<(NdOption<'a>, usize)> {
        let o = bytes::slice(self.b, self.pos, 2)?;
        let kind = bytes::u8_at(o, 0)?;
        let units = bytes::u8_at(o, 1)?;
        if units == 0 {
            return Err(Error::Malformed);
        }
        let len = usize::from(units) * 8;
        let o = bytes::slice(self.b, self.pos, len)?;
        let data = o.get(2..).unwrap_or(&[]);
        let opt = match (kind, units) {
            (ND_OPT_PREFIX_INFO, 4) => {
                let f = bytes::u8_at(o, 3)?;
                NdOption::PrefixInfo(PrefixInfo {
                    prefix_len: bytes::u8_at(o, 2)?,
                    on_link: f & PI_FLAG_ON_LINK != 0,
                    autonomous: f & PI_FLAG_AUTONOMOUS != 0,
                    router_address: f & PI_FLAG_ROUTER_ADDRESS != 0,
                    valid_lifetime: bytes::u32_at(o, 4)?,
                    preferred_lifetime: bytes::u32_at(o, 8)?,
                    prefix: bytes::arr(o, 16)?,
                })
            }
            (ND_OPT_ADV_INTERVAL, 1) => NdOption::AdvInterval(bytes::u32_at(o, 4)?),
            (ND_OPT_HA_INFO, 1) => NdOption::HomeAgentInfo {
                preference: i16::from_be_bytes(bytes::arr(o, 4)?),
                lifetime: bytes::u16_at(o, 6)?,
            },
            (ND_OPT_MTU, 1) => NdOption::Mtu(bytes::u32_at(o, 4)?),
            (ND_OPT_PREFIX_INFO | ND_OPT_ADV_INTERVAL | ND_OPT_HA_INFO | ND_OPT_MTU, _) => {
                return Err(Error::Malformed)
            }
            (ND_OPT_SLLA, _) => NdOption::SourceLinkLayer(data),
            _ => NdOption::Other { kind, data },
        };
        Ok((opt, len))
    }
}

impl<'a> Iterator for NdOptionIter<'a> {
    type Item = Result<NdOption<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.b.len() {
            return None;
        }
        match self.parse_one() {
            Ok((o, len)) => {
                self.pos = self.pos.saturating_add(len);
                Some(Ok(o))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// The fixed part of a Router Advertisement (from its ICMPv6 Type octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouterAdvert<'a> {
    /// Cur Hop Limit.
    pub hop_limit: u8,
    /// M flag.
    pub managed: bool,
    /// O flag.
    pub other: bool,
    /// H flag: the router is a home agent (§7.1).
    pub home_agent: bool,
    /// Router Lifetime in seconds.
    pub router_lifetime: u16,
    /// Reachable Time in ms.
    pub reachable_time: u32,
    /// Retrans Timer in ms.
    pub retrans_timer: u32,
    /// Options, see [`NdOptionIter`].
    pub options: &'a [u8],
}

impl<'a> RouterAdvert<'a> {
    /// Parse a Router Advertisement (code 0; options syntax checked).
    pub fn parse(b: &'a [u8]) -> Result<Self> {
        if bytes::u8_at(b, 0)? != ICMP_RA {
            return Err(Error::Unrecognized);
        }
        if bytes::u8_at(b, 1)? != 0 {
            return Err(Error::Malformed);
        }
        let f = bytes::u8_at(b, 5)?;
        let ra = RouterAdvert {
            hop_limit: bytes::u8_at(b, 4)?,
            managed: f & 0x80 != 0,
            other: f & 0x40 != 0,
            home_agent: f & RA_FLAG_HOME_AGENT != 0,
            router_lifetime: bytes::u16_at(b, 6)?,
            reachable_time: bytes::u32_at(b, 8)?,
            retrans_timer: bytes::u32_at(b, 12)?,
            options: b.get(16..).unwrap_or(&[]),
        };
        for o in ra.option_iter() {
            o?;
        }
        Ok(ra)
    }
    /// Iterate its options.
    pub fn option_iter(&self) -> NdOptionIter<'a> {
        NdOptionIter::new(self.options)
    }
    /// The Advertisement Interval option's value in ms, if present.
    pub fn adv_interval(&self) -> Option<u32> {
        self.option_iter().flatten().find_map(|o| {
            if let NdOption::AdvInterval(v) = o {
                Some(v)
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
#[path = "tests/icmp.rs"]
mod tests;
