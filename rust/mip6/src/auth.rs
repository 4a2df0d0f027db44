//! The Authentication Protocol for Mobile IPv6 (RFC 4285) between a mobile node and its
//! home agent: the MN-HA Mobility Message Authentication option (subtype 1, HMAC-SHA1
//! truncated to 96 bits) and the Mobility Message Replay Protection option (timestamps).
//!
//! Authenticator = First(96, HMAC_SHA1(key, care-of address | home address | MH Data)),
//! where MH Data is the Mobility Header as long as its Header Len says, with the checksum
//! taken as zero and the Authentication Data field itself left out (RFC 4285 §5.1, the same
//! convention as RFC 6275 §5.2.6). The care-of address of a home registration is the one
//! the Binding Update registers (Alternate Care-of Address option, else the source); for
//! a deregistration at home it is the home address. A BA is authenticated over the same
//! pair of addresses as the BU it answers.
//!
//! The HMAC is [`super::sha1::hmac_sha1`]: the kernel's own library in kernel builds.

use super::error::bytes;
use super::error::{Error, Result};
use super::mh::{ba_status, options_offset, Packet};
use super::mhopt::{MhOption, MhOptionIter, MhOptions};
use super::packet::locate_mh;
use super::rr::mobility_data_mac;

/// Subtype of the MN-HA Mobility Message Authentication option.
pub const SUBTYPE_MN_HA: u8 = 1;
/// Octets of Authentication Data (HMAC-SHA1 truncated to 96 bits).
pub const AUTH_DATA_LEN: usize = 12;
/// Default tolerance of a replay protection timestamp, seconds (RFC 4285 §6: 7 s).
pub const DEFAULT_TOLERANCE_SECS: u32 = 7;

/// Seconds between the NTP epoch (1900) and the Unix epoch (1970).
const NTP_UNIX_OFFSET_SECS: u64 = 2_208_988_800;

/// The 64-bit NTP timestamp (seconds since 1900 in the high half, binary fraction in the
/// low half) of a wall-clock time given in nanoseconds since 1970.
pub fn ntp_timestamp(unix_ns: u64) -> u64 {
    let secs = (unix_ns / 1_000_000_000).saturating_add(NTP_UNIX_OFFSET_SECS);
    let frac = ((unix_ns % 1_000_000_000) << 32) / 1_000_000_000;
    (secs << 32) | frac
}

/// Whether two NTP timestamps lie within `tolerance_secs` of each other.
pub fn within_tolerance(a: u64, b: u64, tolerance_secs: u32) -> bool {
    a.abs_diff(b) <= u64::from(tolerance_secs) << 32
}

/// Where the Authentication Data of the MN-HA option sits in a Mobility Header:
/// `(offset, length, spi)`; `None` without such an option.
pub fn find(mh: &[u8]) -> Result<Option<(usize, usize, u32)>> {
    let p = Packet::new_checked(mh)?;
    let start = options_offset(p.mh_type()).ok_or(Error::Unrecognized)?;
    for item in MhOptionIter::new(p.options()?) {
        let (off, opt) = item?;
        if let MhOption::MsgAuth {
            subtype: SUBTYPE_MN_HA,
            spi,
            data,
        } = opt
        {
            // type, length, subtype and SPI come before the data
            let at = start
                .checked_add(off)
                .and_then(|x| x.checked_add(7))
                .ok_or(Error::Malformed)?;
            return Ok(Some((at, data.len(), spi)));
        }
    }
    Ok(None)
}

/// The authenticator of `mh` for `coa`/`home` under `key`.
pub fn authenticator(
    key: &[u8],
    coa: &[u8; 16],
    home: &[u8; 16],
    mh: &[u8],
) -> Result<[u8; AUTH_DATA_LEN]> {
    let (at, len, _) = find(mh)?.ok_or(Error::Malformed)?;
    mobility_data_mac(key, coa, home, mh, at, len)
}

/// Fills the Authentication Data of an emitted BU/BA (its MN-HA option must hold 12 zero
/// octets), then the checksum for the pseudo-header `src`/`dst`.
pub fn sign(
    mh: &mut [u8],
    key: &[u8],
    coa: &[u8; 16],
    home: &[u8; 16],
    src: &[u8; 16],
    dst: &[u8; 16],
) -> Result<()> {
    let (at, len, _) = find(mh)?.ok_or(Error::Malformed)?;
    if len != AUTH_DATA_LEN {
        return Err(Error::Malformed);
    }
    let a = authenticator(key, coa, home, mh)?;
    bytes::put(mh, at, &a)?;
    Packet::new_checked(mh)?.fill_checksum(src, dst)
}

/// Signs the Mobility Header of a whole IPv6 packet built with a zeroed MN-HA option (see
/// [`sign`]); the checksum pseudo-header comes from its Home Address option / type 2
/// routing header.
pub fn sign_packet(pkt: &mut [u8], key: &[u8], coa: &[u8; 16], home: &[u8; 16]) -> Result<()> {
    let (off, src, dst) = {
        let p = locate_mh(pkt).map_err(|_| Error::Malformed)?;
        (p.mh_offset, p.pseudo_src(), p.pseudo_dst())
    };
    sign(
        pkt.get_mut(off..).ok_or(Error::Malformed)?,
        key,
        coa,
        home,
        &src,
        &dst,
    )
}

/// Whether `mh` carries a valid MN-HA authenticator for `spi`/`key`, as its last option
/// (RFC 4285 §5); compared in constant time.
pub fn verify(spi: u32, key: &[u8], coa: &[u8; 16], home: &[u8; 16], mh: &[u8]) -> bool {
    let Ok(Some((at, len, got_spi))) = find(mh) else {
        return false;
    };
    let Ok(p) = Packet::new_checked(mh) else {
        return false;
    };
    if len != AUTH_DATA_LEN || got_spi != spi || at.checked_add(len) != Some(p.total_len()) {
        return false;
    }
    let (Ok(want), Ok(got)) = (authenticator(key, coa, home, mh), bytes::slice(mh, at, len)) else {
        return false;
    };
    want.iter()
        .zip(got.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// The credential a home agent holds for a home address (from its binding policy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential<'a> {
    /// No policy covers the home address: registrations are refused.
    None,
    /// The administrator allowed unauthenticated registrations for it.
    Unauthenticated,
    /// Mobility SPI and MN-HA key.
    Key {
        /// Mobility SPI.
        spi: u32,
        /// Shared key.
        key: &'a [u8],
    },
}

/// The outcome of checking a home registration Binding Update against its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeAuth {
    /// Go on with the registration; `timestamp` is the BU's replay protection timestamp
    /// (to store, and to echo in the BA), `signed` whether the BA must be signed.
    Accept {
        /// Replay protection timestamp of the BU.
        timestamp: Option<u64>,
        /// Authenticated with a key: the BA carries an authenticator too.
        signed: bool,
    },
    /// Answer with this status. `signed`: the BU was authentic, so the BA is signed (and for
    /// 144 carries the home agent's own time); otherwise it goes out without authenticator.
    Refuse {
        /// BA status.
        status: u8,
        /// The BA can be signed.
        signed: bool,
    },
}

/// RFC 4285 §5-§6 at the home agent for one home registration BU. `last_timestamp` is the
/// timestamp of the last BU accepted for this home address; a replay protection timestamp
/// must be newer and within `tolerance_secs` of `now_ntp`.
#[allow(clippy::too_many_arguments)]
pub fn check_home_bu(
    cred: Credential<'_>,
    opts: &MhOptions<'_>,
    mh: &[u8],
    coa: &[u8; 16],
    home: &[u8; 16],
    now_ntp: u64,
    tolerance_secs: u32,
    last_timestamp: Option<u64>,
) -> HomeAuth {
    let (spi, key) = match cred {
        Credential::None => {
            return HomeAuth::Refuse {
                status: ba_status::ADMIN_PROHIBITED,
                signed: false,
            }
        }
        Credential::Unauthenticated => {
            return HomeAuth::Accept {
                timestamp: opts.replay,
                signed: false,
            }
        }
        Credential::Key { spi, key } => (spi, key),
    };
    if !verify(spi, key, coa, home, mh) {
        return HomeAuth::Refuse {
            status: ba_status::AUTH_FAIL,
            signed: false,
        };
    }
    let Some(ts) = opts.replay else {
        return HomeAuth::Refuse {
            status: ba_status::MESG_ID_REQD,
            signed: true,
        };
    };
    let newer = last_timestamp.is_none_or(|last| ts > last);
    if !newer || !within_tolerance(ts, now_ntp, tolerance_secs) {
        return HomeAuth::Refuse {
            status: ba_status::ID_MISMATCH,
            signed: true,
        };
    }
    HomeAuth::Accept {
        timestamp: Some(ts),
        signed: true,
    }
}

#[cfg(test)]
#[path = "tests/auth.rs"]
mod tests;
