//! Return routability crypto (RFC 6275 §5.2): keygen tokens, Kbm, the Binding
//! Authorization Data authenticator, and the correspondent node's Kcn and nonce table
//! (fixed size; the caller supplies random bytes and the time).

use super::error::{bytes, Error, Result};
use super::mh::{ba_status, field, options_offset, Packet};
use super::mhopt::{MhOption, MhOptionIter, AUTHENTICATOR_LEN};
use super::packet::locate_mh;
use super::sha1::{hmac_sha1, sha1, DIGEST_LEN};

/// Length of Kcn (the CN's secret key): 20 octets, as §5.2.1 suggests for HMAC-SHA1.
pub const KCN_LEN: usize = 20;
/// Length of a nonce (64 bits).
pub const NONCE_LEN: usize = 8;
/// Length of a keygen token (64 bits).
pub const TOKEN_LEN: usize = 8;
/// Length of Kbm.
pub const KBM_LEN: usize = DIGEST_LEN;
/// MAX_NONCE_LIFETIME (§12): 240 s.
pub const MAX_NONCE_LIFETIME_MS: u64 = 240_000;
/// MAX_TOKEN_LIFETIME (§12): 210 s.
pub const MAX_TOKEN_LIFETIME_MS: u64 = 210_000;
/// MAX_RR_BINDING_LIFETIME (§12): 420 s.
pub const MAX_RR_BINDING_LIFETIME_SECS: u32 = 420;
/// How often [`CnKeys::current_nonce`] starts a new nonce (implementation choice; §5.2.7
/// leaves it open). With this and [`MAX_NONCE_LIFETIME_MS`], 9 slots keep every live nonce.
pub const NONCE_REGEN_INTERVAL_MS: u64 = 30_000;

/// First(64, HMAC_SHA1(Kcn, address | nonce | which)) where `which` is the single octet
/// 0 (home) or 1 (care-of) (§5.2.5).
pub fn keygen_token(
    kcn: &[u8; KCN_LEN],
    address: &[u8; 16],
    nonce: &[u8; NONCE_LEN],
    which: u8,
) -> [u8; TOKEN_LEN] {
    let mac = hmac_sha1(kcn, &[address, nonce, &[which]]);
    let mut t = [0u8; TOKEN_LEN];
    for (d, s) in t.iter_mut().zip(mac.iter()) {
        *d = *s;
    }
    t
}

/// Home keygen token (§5.2.5).
pub fn home_keygen_token(
    kcn: &[u8; KCN_LEN],
    home: &[u8; 16],
    nonce: &[u8; NONCE_LEN],
) -> [u8; TOKEN_LEN] {
    keygen_token(kcn, home, nonce, 0)
}

/// Care-of keygen token (§5.2.5).
pub fn care_of_keygen_token(
    kcn: &[u8; KCN_LEN],
    coa: &[u8; 16],
    nonce: &[u8; NONCE_LEN],
) -> [u8; TOKEN_LEN] {
    keygen_token(kcn, coa, nonce, 1)
}

/// Kbm = SHA1(home keygen token | care-of keygen token); for a deregistration
/// (care-of address equal to the home address, or lifetime 0) pass `None`:
/// Kbm = SHA1(home keygen token) (§5.2.5).
pub fn kbm(home_token: &[u8; TOKEN_LEN], care_of_token: Option<&[u8; TOKEN_LEN]>) -> [u8; KBM_LEN] {
    match care_of_token {
        Some(c) => sha1(&[home_token, c]),
        None => sha1(&[home_token]),
    }
}

/// Where the Binding Authorization Data authenticator sits in a Mobility Header:
/// `(offset, length)`, or `None` if the message has no such option.
pub fn find_authenticator(mh: &[u8]) -> Result<Option<(usize, usize)>> {
    let p = Packet::new_checked(mh)?;
    let start = options_offset(p.mh_type()).ok_or(Error::Unrecognized)?;
    let area = p.options()?;
    for item in MhOptionIter::new(area) {
        let (off, opt) = item?;
        if let MhOption::AuthData(d) = opt {
            let at = start
                .checked_add(off)
                .and_then(|x| x.checked_add(2))
                .ok_or(Error::Malformed)?;
            return Ok(Some((at, d.len())));
        }
    }
    Ok(None)
}

/// First(96, HMAC_SHA1(Kbm, care-of address | correspondent address | MH Data)) where MH
/// Data is the Mobility Header (as long as Header Len says) with its checksum taken as
/// zero and the authenticator itself left out (§5.2.6, §6.2.7).
pub fn bad_authenticator(
    kbm: &[u8; KBM_LEN],
    coa: &[u8; 16],
    cn: &[u8; 16],
    mh: &[u8],
) -> Result<[u8; AUTHENTICATOR_LEN]> {
    let (at, len) = find_authenticator(mh)?.ok_or(Error::Malformed)?;
    mobility_data_mac(kbm, coa, cn, mh, at, len)
}

/// First(96, HMAC_SHA1(key, `first` | `second` | MH Data)), MH Data being the Mobility
/// Header as long as Header Len says, its checksum taken as zero and the `len` octets of
/// authenticator at `at` left out: the shape of both the Binding Authorization Data
/// (RFC 6275 §5.2.6) and the MN-HA authenticator (RFC 4285 §5.1).
pub fn mobility_data_mac(
    key: &[u8],
    first: &[u8; 16],
    second: &[u8; 16],
    mh: &[u8],
    at: usize,
    len: usize,
) -> Result<[u8; AUTHENTICATOR_LEN]> {
    let total = Packet::new_checked(mh)?.total_len();
    let h = bytes::slice(mh, 0, total)?;
    let end = at.checked_add(len).ok_or(Error::Malformed)?;
    let mac = hmac_sha1(
        key,
        &[
            first,
            second,
            bytes::slice(h, 0, field::CHECKSUM)?,
            &[0, 0],
            h.get(field::DATA..at).ok_or(Error::Malformed)?,
            h.get(end..).ok_or(Error::Malformed)?,
        ],
    );
    let mut out = [0u8; AUTHENTICATOR_LEN];
    for (d, s) in out.iter_mut().zip(mac.iter()) {
        *d = *s;
    }
    Ok(out)
}

/// Fill the authenticator of an emitted BU/BA (its Binding Authorization Data option must
/// hold 12 octets), then its checksum for pseudo-header `src`/`dst`.
pub fn sign_mh(
    mh: &mut [u8],
    kbm: &[u8; KBM_LEN],
    coa: &[u8; 16],
    cn: &[u8; 16],
    src: &[u8; 16],
    dst: &[u8; 16],
) -> Result<()> {
    let (at, len) = find_authenticator(mh)?.ok_or(Error::Malformed)?;
    if len != AUTHENTICATOR_LEN {
        return Err(Error::Malformed);
    }
    let a = bad_authenticator(kbm, coa, cn, mh)?;
    bytes::put(mh, at, &a)?;
    let mut p = Packet::new_checked(mh)?;
    p.fill_checksum(src, dst)
}

/// True when the message carries a 96-bit authenticator that matches (compared in
/// constant time).
pub fn verify_authenticator(kbm: &[u8; KBM_LEN], coa: &[u8; 16], cn: &[u8; 16], mh: &[u8]) -> bool {
    let Ok(Some((at, len))) = find_authenticator(mh) else {
        return false;
    };
    if len != AUTHENTICATOR_LEN {
        return false;
    }
    let (Ok(want), Ok(got)) = (
        bad_authenticator(kbm, coa, cn, mh),
        bytes::slice(mh, at, len),
    ) else {
        return false;
    };
    want.iter()
        .zip(got.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// Sign the Mobility Header of a whole IPv6 packet built with its Binding Authorization
/// Data option zeroed (see [`sign_mh`]): the checksum pseudo-header comes from the packet's
/// Home Address option / type 2 routing header.
pub fn sign_mh_packet(
    pkt: &mut [u8],
    kbm: &[u8; KBM_LEN],
    coa: &[u8; 16],
    cn: &[u8; 16],
) -> Result<()> {
    let (off, src, dst) = {
        let p = locate_mh(pkt).map_err(|_| Error::Malformed)?;
        (p.mh_offset, p.pseudo_src(), p.pseudo_dst())
    };
    sign_mh(
        pkt.get_mut(off..).ok_or(Error::Malformed)?,
        kbm,
        coa,
        cn,
        &src,
        &dst,
    )
}

/// What a correspondent node makes of a Binding Update's authorisation (§9.5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuAuth {
    /// Nonces valid and authenticator correct: the Kbm that signs the BA.
    Verified([u8; KBM_LEN]),
    /// Nonce indices no longer (or never) valid: answer with this status (136–138).
    Refuse(u8),
    /// Options missing or authenticator wrong: silently discard.
    Discard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct NonceSlot {
    used: bool,
    index: u16,
    nonce: [u8; NONCE_LEN],
    created_ms: u64,
}

/// A correspondent node's nonces, indexed by Nonce Index, valid for
/// [`MAX_NONCE_LIFETIME_MS`]. `N` slots, the oldest reused.
#[derive(Debug, Clone)]
pub struct NonceTable<const N: usize> {
    slots: [NonceSlot; N],
    next_index: u16,
}

impl<const N: usize> Default for NonceTable<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> NonceTable<N> {
    /// An empty table.
    pub fn new() -> Self {
        NonceTable {
            slots: [NonceSlot::default(); N],
            next_index: 0,
        }
    }
    /// Store a fresh random `nonce` created at `now_ms`; returns its index.
    pub fn insert(&mut self, now_ms: u64, nonce: [u8; NONCE_LEN]) -> u16 {
        let index = self.next_index;
        self.next_index = self.next_index.wrapping_add(1);
        let victim =
            self.slots
                .iter_mut()
                .min_by_key(|s| if s.used { (1u8, s.created_ms) } else { (0, 0) });
        if let Some(s) = victim {
            *s = NonceSlot {
                used: true,
                index,
                nonce,
                created_ms: now_ms,
            };
        }
        index
    }
    /// The nonce with `index` if it is still within its lifetime at `now_ms`.
    pub fn get(&self, index: u16, now_ms: u64) -> Option<[u8; NONCE_LEN]> {
        self.slots
            .iter()
            .find(|s| {
                s.used
                    && s.index == index
                    && now_ms.saturating_sub(s.created_ms) <= MAX_NONCE_LIFETIME_MS
                    && now_ms >= s.created_ms
            })
            .map(|s| s.nonce)
    }
    /// The newest nonce and its index, with its creation time.
    pub fn newest(&self) -> Option<(u16, [u8; NONCE_LEN], u64)> {
        self.slots
            .iter()
            .filter(|s| s.used)
            .max_by_key(|s| s.created_ms)
            .map(|s| (s.index, s.nonce, s.created_ms))
    }
    /// Forget every nonce (after Kcn changes).
    pub fn clear(&mut self) {
        self.slots = [NonceSlot::default(); N];
    }
}

/// A correspondent node's return routability secrets: Kcn and its nonces.
#[derive(Debug, Clone)]
pub struct CnKeys<const N: usize> {
    kcn: [u8; KCN_LEN],
    nonces: NonceTable<N>,
}

impl<const N: usize> CnKeys<N> {
    /// Start with a random `kcn`.
    pub fn new(kcn: [u8; KCN_LEN]) -> Self {
        CnKeys {
            kcn,
            nonces: NonceTable::new(),
        }
    }
    /// When the newest nonce was created (`None`: none handed out since the last rekey).
    pub fn last_nonce_ms(&self) -> Option<u64> {
        self.nonces.newest().map(|(_, _, t)| t)
    }
    /// Replace Kcn; all nonces issued under the old key become invalid.
    pub fn rekey(&mut self, kcn: [u8; KCN_LEN]) {
        self.kcn = kcn;
        self.nonces.clear();
    }
    /// The nonce to hand out now: the newest one if younger than
    /// [`NONCE_REGEN_INTERVAL_MS`], else `fresh` (random bytes from the caller) stored anew.
    pub fn current_nonce(&mut self, now_ms: u64, fresh: [u8; NONCE_LEN]) -> (u16, [u8; NONCE_LEN]) {
        match self.nonces.newest() {
            Some((i, n, t)) if now_ms >= t && now_ms - t < NONCE_REGEN_INTERVAL_MS => (i, n),
            _ => (self.nonces.insert(now_ms, fresh), fresh),
        }
    }
    /// Answer a HoTI: `(home nonce index, home keygen token)`.
    pub fn home_test(
        &mut self,
        now_ms: u64,
        home: &[u8; 16],
        fresh: [u8; NONCE_LEN],
    ) -> (u16, [u8; TOKEN_LEN]) {
        let (i, n) = self.current_nonce(now_ms, fresh);
        (i, home_keygen_token(&self.kcn, home, &n))
    }
    /// Answer a CoTI: `(care-of nonce index, care-of keygen token)`.
    pub fn care_of_test(
        &mut self,
        now_ms: u64,
        coa: &[u8; 16],
        fresh: [u8; NONCE_LEN],
    ) -> (u16, [u8; TOKEN_LEN]) {
        let (i, n) = self.current_nonce(now_ms, fresh);
        (i, care_of_keygen_token(&self.kcn, coa, &n))
    }
    /// Recompute Kbm for a received Binding Update (§9.5.1). `deregistration` when the
    /// care-of address equals the home address or the lifetime is zero (then the care-of
    /// nonce index is ignored). On an expired index, the BA status to send (136, 137, 138).
    pub fn kbm_for_bu(
        &self,
        now_ms: u64,
        home: &[u8; 16],
        coa: &[u8; 16],
        home_index: u16,
        care_of_index: u16,
        deregistration: bool,
    ) -> core::result::Result<[u8; KBM_LEN], u8> {
        let hn = self.nonces.get(home_index, now_ms);
        let cn = if deregistration {
            None
        } else {
            self.nonces.get(care_of_index, now_ms)
        };
        match (hn, cn, deregistration) {
            (None, None, false) => Err(ba_status::EXPIRED_NONCES),
            (None, _, _) => Err(ba_status::EXPIRED_HOME_NONCE),
            (Some(_), None, false) => Err(ba_status::EXPIRED_CAREOF_NONCE),
            (Some(h), c, _) => {
                let ht = home_keygen_token(&self.kcn, home, &h);
                let ct = c.map(|c| care_of_keygen_token(&self.kcn, coa, &c));
                Ok(kbm(&ht, ct.as_ref()))
            }
        }
    }

    /// Check a correspondent registration (§9.5.1): `mh` is the received Mobility Header,
    /// `cn` the address it was sent to, `nonce_indices` its Nonce Indices option.
    #[allow(clippy::too_many_arguments)]
    pub fn check_bu(
        &self,
        now_ms: u64,
        home: &[u8; 16],
        coa: &[u8; 16],
        cn: &[u8; 16],
        nonce_indices: Option<(u16, u16)>,
        deregistration: bool,
        mh: &[u8],
    ) -> BuAuth {
        let Some((hi, ci)) = nonce_indices else {
            return BuAuth::Discard;
        };
        if !matches!(find_authenticator(mh), Ok(Some((_, AUTHENTICATOR_LEN)))) {
            return BuAuth::Discard;
        }
        match self.kbm_for_bu(now_ms, home, coa, hi, ci, deregistration) {
            Err(status) => BuAuth::Refuse(status),
            Ok(k) if verify_authenticator(&k, coa, cn, mh) => BuAuth::Verified(k),
            Ok(_) => BuAuth::Discard,
        }
    }
}

#[cfg(test)]
#[path = "tests/rr.rs"]
mod tests;
