// SPDX-License-Identifier: GPL-2.0
//! Per-namespace Mobile IPv6 state of mip6_base: the binding cache, the statistics, and
//! the Mobility Header receive path (RFC 6275 §9.5 correspondent, §10.3 home agent).
//!
//! Everything here runs in process context (the glue's receive work, 1 Hz tick and
//! ioctls), serialised by one mutex per namespace. The protocol decisions are the pure
//! functions of the `mip6` core; this file only stores state and sends what they decide.

use kernel::{new_mutex, prelude::*, rbtree::RBTree, sync::Mutex};

use crate::glue::{self, NetBorrow, Sysctl};
use crate::glue_auth;
use crate::mip6::{
    abi::{self, Role, Stat},
    addr,
    auth::{self, Credential, HomeAuth, AUTH_DATA_LEN, SUBTYPE_MN_HA},
    bcache::{self, BindingEntry, BuContext, BuInput, CacheAction},
    dad,
    mh::{ba_status, be_status, BindingAck, BindingUpdate, Message, Packet, Repr},
    mhopt::{MhOptions, MsgAuth, AUTHENTICATOR_LEN},
    packet::{self, LocateError, MhPacket},
    ratelimit::RateLimit,
    rr::{self, BuAuth, CnKeys, MAX_NONCE_LIFETIME_MS, MAX_RR_BINDING_LIFETIME_SECS},
    validate::{self, MhAction},
};

/// An IPv6 address in log lines (RFC 5952 text from the core's formatter).
struct Ipv6Display<'a>(&'a [u8; 16]);

impl kernel::fmt::Display for Ipv6Display<'_> {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        core::fmt::Display::fmt(&crate::mip6::addr::Ipv6Display(self.0), f)
    }
}

/// Largest home registration lifetime granted, seconds (0xffff 4-second units).
const MAX_HOME_LIFETIME_SECS: u32 = 262_140;
/// Nonce slots of the correspondent node: a new nonce every 30 s, each valid 240 s.
const NONCE_SLOTS: usize = 9;
/// Kcn is replaced after this long, at a moment when no nonce issued under it is valid.
const KCN_LIFETIME_MS: u64 = 3_600_000;
/// Binding Errors sent per second at most (RFC 6275 9.3.1 asks for a rate limit).
const MAX_BE_PER_SEC: u32 = 10;
/// Refusing Binding Acknowledgements per second at most: whoever sends a BU gets one, so
/// they are bounded like Binding Errors (accepted ones need a credential or an opt-in).
const MAX_REFUSALS_PER_SEC: u32 = 200;
/// Home Tests and Care-of Tests per second at most, each (a HoTI/CoTI costs nothing to send).
const MAX_RR_REPLIES_PER_SEC: u32 = 1000;
/// A Binding Refresh Request goes out when this share (percent) of the lifetime is left.
const BRR_LEAD_PCT: u64 = 20;

/// The state behind one namespace's `mip6_net.rs` pointer.
#[pin_data]
pub(crate) struct NetState {
    #[pin]
    inner: Mutex<Inner>,
}

/// A binding cache entry and the address of ours the mobile node registered with (the
/// source of what we send it: BA, Binding Refresh Request).
#[derive(Clone, Copy)]
struct Cached {
    e: BindingEntry,
    local: [u8; 16],
    /// RFC 4285 replay protection timestamp of the last accepted BU (0: none).
    last_ts: u64,
}

/// A binding policy entry's key in the table: (masked prefix, prefix length).
type PolicyKey = ([u8; 16], u8);

/// First registrations waiting for Duplicate Address Detection of their home address at
/// once (more are dropped unanswered: the mobile node retransmits).
const MAX_DAD_PENDING: usize = 256;

/// A first home registration held back while its home address is probed on the home link:
/// the latest Binding Update for it, processed again once the probe had its time.
struct PendingDad {
    until_ms: u64,
    ifindex: i32,
    bu: KVec<u8>,
    /// When it arrived (NTP format): its replay timestamp is judged against that time,
    /// not against when the probe is over.
    arrived_ntp: u64,
}

/// Where a Binding Update stands with the home address's Duplicate Address Detection.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DadStep {
    /// A Binding Update as it arrived.
    Fresh,
    /// Processed again after the probe: whether another node answered it, and when the
    /// BU arrived (NTP format).
    Done { conflict: bool, arrived_ntp: u64 },
}

struct Inner {
    bcache: RBTree<[u8; 16], Cached>,
    /// Entries of `bcache` that are home registrations, and correspondent ones (limits).
    home_regs: u32,
    cn_regs: u32,
    stats: [u64; abi::STATS_SLOTS],
    /// Return routability secrets of this correspondent node (§5.2.7).
    keys: CnKeys<NONCE_SLOTS>,
    kcn_since_ms: u64,
    be_limit: RateLimit,
    refusal_limit: RateLimit,
    hot_limit: RateLimit,
    cot_limit: RateLimit,
    /// The binding policy: which home addresses may register, with which credential.
    policy: RBTree<PolicyKey, abi::Policy>,
    /// Bit `plen` set when some entry has that prefix length (longest match looks only there).
    policy_plens: [u64; 3],
    /// Home addresses under Duplicate Address Detection (at most `MAX_DAD_PENDING`).
    dad: RBTree<[u8; 16], PendingDad>,
    dad_pending: usize,
}

impl Inner {
    fn count(&mut self, s: Stat) {
        if let Some(c) = self.stats.get_mut(s as usize) {
            *c = c.wrapping_add(1);
        }
    }
    /// The binding policy entry with the longest prefix covering `home`.
    fn policy_for(&self, home: &[u8; 16]) -> Option<&abi::Policy> {
        (0..=128u8)
            .rev()
            .filter(|&l| plen_bit(&self.policy_plens, l))
            .find_map(|l| self.policy.get(&(addr::masked(home, l), l)))
    }

    /// Bookkeeping for a binding leaving the cache.
    fn forgotten(&mut self, e: &Cached) {
        if e.e.home_reg {
            self.home_regs = self.home_regs.saturating_sub(1);
        } else {
            self.cn_regs = self.cn_regs.saturating_sub(1);
        }
    }

    /// Bookkeeping for a binding entering the cache.
    fn added(&mut self, home_reg: bool) {
        if home_reg {
            self.home_regs = self.home_regs.saturating_add(1);
        } else {
            self.cn_regs = self.cn_regs.saturating_add(1);
        }
    }

    fn recount_plens(&mut self) {
        let mut bits = [0u64; 3];
        for ((_, plen), _) in self.policy.iter() {
            if let Some(w) = bits.get_mut(usize::from(*plen / 64)) {
                *w |= 1 << (plen % 64);
            }
        }
        self.policy_plens = bits;
    }
}

fn plen_bit(bits: &[u64; 3], plen: u8) -> bool {
    bits.get(usize::from(plen / 64))
        .is_some_and(|w| w & (1 << (plen % 64)) != 0)
}

impl Drop for Inner {
    fn drop(&mut self) {
        let mut cur = self.policy.cursor_front_mut();
        while let Some(mut c) = cur {
            glue_auth::wipe(&mut c.current_mut().1.key);
            cur = c.move_next();
        }
    }
}

impl NetState {
    pub(crate) fn new() -> impl PinInit<Self> {
        pin_init!(NetState {
            inner <- new_mutex!(Inner {
                bcache: RBTree::new(),
                home_regs: 0,
                cn_regs: 0,
                stats: [0; abi::STATS_SLOTS],
                keys: CnKeys::new(glue::random()),
                kcn_since_ms: glue::now_ms(),
                be_limit: RateLimit::new(),
                refusal_limit: RateLimit::new(),
                hot_limit: RateLimit::new(),
                cot_limit: RateLimit::new(),
                policy: RBTree::new(),
                policy_plens: [0; 3],
                dad: RBTree::new(),
                dad_pending: 0,
            }),
        })
    }

    /// The state of the namespace `net` holds a reference on (set up by the pernet init
    /// before anything can call this), for as long as that reference is borrowed.
    pub(crate) fn of(net: &glue::NetRef) -> Option<&NetState> {
        Some(net.state().control_plane())
    }

    /// `MIPV6_IOC_GET_STATS`: signalling counters plus the data path's per-CPU ones.
    pub(crate) fn stats(&self, net: &NetBorrow) -> [u64; abi::STATS_SLOTS] {
        let mut s = self.inner.lock().stats;
        for (i, c) in s.iter_mut().enumerate() {
            *c = c.wrapping_add(net.dp_stat(i));
        }
        s
    }

    /// Calls `f` with each binding as a dump record; returns the number of bindings.
    pub(crate) fn for_each_binding(
        &self,
        mut f: impl FnMut(&abi::BcacheEntry) -> Result,
    ) -> Result<usize> {
        let now = glue::now_ms();
        let g = self.inner.lock();
        let mut n = 0usize;
        for (_, e) in g
            .bcache
            .iter()
            .map(|(k, c)| (k, &c.e))
            .filter(|(_, e)| e.expires_ms > now)
        {
            let left_s = (e.expires_ms - now).div_ceil(1000);
            f(&abi::BcacheEntry {
                home: e.home,
                coa: e.coa,
                lifetime_left: u32::try_from(left_s).unwrap_or(u32::MAX),
                seq: e.seq,
                kind: if e.home_reg {
                    abi::bcache_type::HOME_REGISTRATION
                } else {
                    abi::bcache_type::CORRESPONDENT
                },
                flags: 0,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// `MIPV6_IOC_SET_POLICY`: add or replace an entry (already validated).
    pub(crate) fn policy_set(&self, p: abi::Policy) -> Result {
        let mut g = self.inner.lock();
        let key = (p.prefix, p.plen);
        let replaced = g.policy.get(&key).is_some();
        if !replaced && g.policy.iter().count() >= abi::POLICY_MAX {
            return Err(ENOSPC);
        }
        if p.unauthenticated() {
            // An explicit opt-in, said once, when it is made.
            pr_warn!(
                "mip6: binding policy: home registrations for {}/{} are accepted WITHOUT authentication\n",
                Ipv6Display(&p.prefix),
                p.plen
            );
        }
        match g.policy.try_create_and_insert(key, p, GFP_KERNEL) {
            Ok(Some(old)) => glue_auth::wipe(&mut old.to_key_value().1.key),
            Ok(None) => {}
            Err(_) => return Err(ENOMEM),
        }
        g.recount_plens();
        Ok(())
    }

    /// `MIPV6_IOC_DEL_POLICY`: delete the entry for `prefix`/`plen` (its key is wiped).
    pub(crate) fn policy_del(&self, prefix: &[u8; 16], plen: u8) -> Result {
        let mut g = self.inner.lock();
        let mut old = g
            .policy
            .remove(&(addr::masked(prefix, plen), plen))
            .ok_or(ENOENT)?;
        glue_auth::wipe(&mut old.key);
        g.recount_plens();
        Ok(())
    }

    /// Calls `f` with each policy entry (never its key); returns the number of entries.
    pub(crate) fn for_each_policy(
        &self,
        mut f: impl FnMut(&abi::PolicyEntry) -> Result,
    ) -> Result<usize> {
        let g = self.inner.lock();
        let mut n = 0usize;
        for (_, p) in g.policy.iter() {
            f(&p.entry())?;
            n += 1;
        }
        Ok(n)
    }

    /// The credential for `home` as the mobile node module asks for it: `Ok(Some(spi))` with
    /// the key copied into `key` (its length returned too), `Ok(None)` for an
    /// unauthenticated entry, `Err(ENOENT)` without an entry.
    pub(crate) fn policy_key(
        &self,
        home: &[u8; 16],
        key: &mut [u8; abi::KEY_MAX],
    ) -> Result<Option<(u32, usize)>> {
        let g = self.inner.lock();
        let p = g.policy_for(home).ok_or(ENOENT)?;
        if p.unauthenticated() {
            return Ok(None);
        }
        let k = p.key();
        key.get_mut(..k.len()).ok_or(EINVAL)?.copy_from_slice(k);
        Ok(Some((p.spi, k.len())))
    }

    /// One packet from the receive work: a Mobility Header for us, or a packet with a Home
    /// Address option that no binding covers. Returns the ICMP Parameter Problem pointer
    /// to answer with (§9.2), or -1.
    pub(crate) fn rx_mh(&self, net: &NetBorrow, pkt: &[u8], dad: DadStep) -> i32 {
        let debug = net.sysctl(Sysctl::DebugLevel);
        let now = glue::now_ms();
        let mut g = self.inner.lock();
        let p = match packet::locate_mh(pkt) {
            Ok(p) => p,
            Err(LocateError::NotMobility) => {
                // §9.3.1: a Home Address option without a binding for it.
                if let Ok(h) = packet::walk_headers(pkt) {
                    if let Some(home) = h.home_address {
                        send_be(
                            &mut g,
                            net,
                            now,
                            &h.dst,
                            &h.src,
                            be_status::UNKNOWN_BINDING,
                            &home,
                        );
                    }
                }
                return -1;
            }
            Err(_) => return -1,
        };
        let mh_type = p.mh.get(2).copied().unwrap_or(0xff);
        if let Err(e) = validate::check_mh(&p.pseudo_src(), &p.pseudo_dst(), p.mh) {
            if mh_type == crate::mip6::mh::MH_BU {
                g.count(Stat::BindUpdatesDropInvalid);
            }
            if debug >= 2 && glue_auth::log_allowed() {
                pr_info!(
                    "mip6: dropped Mobility Header from {}: {:?}\n",
                    Ipv6Display(&p.src),
                    e
                );
            }
            let act = e.action();
            match act {
                MhAction::BindingError { status } => {
                    let home = p.home_address.unwrap_or([0; 16]);
                    send_be(&mut g, net, now, &p.dst, &p.src, status, &home);
                }
                MhAction::ParameterProblem { .. } => {
                    return act
                        .icmp_pointer(p.mh_offset)
                        .and_then(|x| i32::try_from(x).ok())
                        .unwrap_or(-1);
                }
                MhAction::SilentDrop => {}
            }
            return -1;
        }
        let Ok(view) = Packet::new_checked(p.mh) else {
            return -1;
        };
        let Ok(repr) = Repr::parse(&view) else {
            if mh_type == crate::mip6::mh::MH_BU {
                g.count(Stat::BindUpdatesDropInvalid);
            }
            return -1;
        };
        let rr_on = net.sysctl(Sysctl::AcceptReturnRoutability) != 0;
        let to_mn = net.role() == Role::Mn as u32;
        match repr.message {
            Message::BindingUpdate(bu) => {
                rx_bu(&mut g, net, debug, &p, &bu, &repr.options, pkt, dad)
            }
            Message::BindingAck(ba) => {
                g.count(if ba_status::is_accepted(ba.status) {
                    Stat::BindAcksRcvd
                } else {
                    Stat::BindNAcksRcvd
                });
            }
            Message::BindingRefreshRequest => g.count(Stat::BindRefreshRqsRcvd),
            // §9.4.1, §9.4.2: a HoTI/CoTI carrying a Home Address option is discarded.
            Message::HomeTestInit { cookie } => {
                g.count(Stat::HomeTestInitsRcvd);
                if rr_on
                    && p.home_address.is_none()
                    && g.hot_limit.allow(now, MAX_RR_REPLIES_PER_SEC)
                {
                    let (nonce_index, token) = g.keys.home_test(now, &p.src, glue::random());
                    let m = Message::HomeTest {
                        nonce_index,
                        cookie,
                        token,
                    };
                    if send_plain(net, &p.dst, &p.src, m) {
                        g.count(Stat::HomeTestsSent);
                    }
                }
            }
            Message::CareOfTestInit { cookie } => {
                g.count(Stat::CareofTestInitsRcvd);
                if rr_on
                    && p.home_address.is_none()
                    && g.cot_limit.allow(now, MAX_RR_REPLIES_PER_SEC)
                {
                    let (nonce_index, token) = g.keys.care_of_test(now, &p.src, glue::random());
                    let m = Message::CareOfTest {
                        nonce_index,
                        cookie,
                        token,
                    };
                    if send_plain(net, &p.dst, &p.src, m) {
                        g.count(Stat::CareofTestsSent);
                    }
                }
            }
            Message::HomeTest { .. } => g.count(Stat::HomeTestsRcvd),
            Message::CareOfTest { .. } => g.count(Stat::CareofTestsRcvd),
            Message::BindingError { .. } => g.count(Stat::BindErrorsRcvd),
        }
        // What answers the mobile node's own signalling goes on to it.
        let for_mn = matches!(
            repr.message,
            Message::BindingAck(_)
                | Message::BindingRefreshRequest
                | Message::HomeTest { .. }
                | Message::CareOfTest { .. }
                | Message::BindingError { .. }
        );
        if to_mn && for_mn {
            drop(g); // the mobile node may send a Binding Update in answer
            net.mn_rx_mh(pkt);
        }
        -1
    }

    /// The namespace stopped being a home agent: its home registrations end now.
    pub(crate) fn end_home_registrations(&self, net: &NetBorrow) {
        let mut g = self.inner.lock();
        let mut cur = g.bcache.cursor_front_mut();
        while let Some(c) = cur {
            let (home, e) = c.current();
            if e.e.home_reg {
                net.ha_binding(home, &e.e.coa, &[0; 16], 0, false);
                cur = c.remove_current().0;
            } else {
                cur = c.move_next();
            }
        }
        g.home_regs = 0;
        // Registrations waiting for DAD are forgotten unanswered.
        while let Some(mut c) = g.dad.cursor_front_mut() {
            let (home, pd) = c.current_mut();
            let (home, ifindex) = (*home, pd.ifindex);
            let _ = net.ha_dad_conflict(ifindex, &home);
            c.remove_current();
        }
        g.dad_pending = 0;
    }

    /// Registrations whose home address has been probed long enough are answered now.
    /// Returns the milliseconds until the next DAD deadline, if any.
    fn finish_dad(&self, net: &NetBorrow, now: u64) -> Option<u64> {
        let mut done = KVec::new();
        let next = {
            let mut g = self.inner.lock();
            let mut cur = g.dad.cursor_front_mut();
            let mut next: Option<u64> = None;
            while let Some(mut c) = cur {
                let (home, pd) = c.current_mut();
                if pd.until_ms <= now {
                    let (home, ifindex, arrived_ntp) = (*home, pd.ifindex, pd.arrived_ntp);
                    let bu = core::mem::replace(&mut pd.bu, KVec::new());
                    let (rest, _) = c.remove_current();
                    cur = rest;
                    if done
                        .push((home, ifindex, bu, arrived_ntp), GFP_KERNEL)
                        .is_err()
                    {
                        // Without memory the registration is dropped; the MN retransmits.
                        let _ = net.ha_dad_conflict(ifindex, &home);
                    }
                    continue;
                }
                next = Some(next.map_or(pd.until_ms, |n| n.min(pd.until_ms)));
                cur = c.move_next();
            }
            g.dad_pending = g.dad_pending.saturating_sub(done.len());
            next
        };
        for (home, ifindex, bu, arrived_ntp) in done.iter() {
            let conflict = net.ha_dad_conflict(*ifindex, home);
            let arrived_ntp = *arrived_ntp;
            self.rx_mh(
                net,
                bu,
                DadStep::Done {
                    conflict,
                    arrived_ntp,
                },
            );
        }
        next.map(|t| t.saturating_sub(now))
    }

    /// Timers (1 Hz, faster while a DAD probe runs): returns ms until the next tick.
    pub(crate) fn tick(&self, net: &NetBorrow) -> u64 {
        let now = glue::now_ms();
        let dad_next = self.finish_dad(net, now);
        self.tick_bindings(net, now);
        dad_next.map_or(1000, |ms| ms.clamp(10, 1000))
    }

    fn tick_bindings(&self, net: &NetBorrow, now: u64) {
        let debug = net.sysctl(Sysctl::DebugLevel);
        let mut g = self.inner.lock();
        // Kcn rotation (§5.2.7), preferably at a moment when no nonce issued under the old
        // key lives; a stream of HoTIs cannot postpone it past one nonce lifetime more (the
        // mobile nodes caught by it see 136-138 and redo return routability).
        let quiet = g
            .keys
            .last_nonce_ms()
            .is_none_or(|t| now.saturating_sub(t) > MAX_NONCE_LIFETIME_MS);
        let age = now.saturating_sub(g.kcn_since_ms);
        if age >= KCN_LIFETIME_MS && (quiet || age >= KCN_LIFETIME_MS + MAX_NONCE_LIFETIME_MS) {
            g.keys.rekey(glue::random());
            g.kcn_since_ms = now;
        }
        let rr_on = net.sysctl(Sysctl::AcceptReturnRoutability) != 0;
        let mut brr = KVec::new();
        // Counted after the walk (the cursor borrows the cache).
        let mut gone = ExpiredCount::default();
        let mut cur = g.bcache.cursor_front_mut();
        while let Some(mut c) = cur {
            let (home, e) = c.current();
            let (home, e) = (*home, *e);
            // accept_return_routability=0 also ends the correspondent bindings in place.
            if e.e.expires_ms <= now || (!rr_on && !e.e.home_reg) {
                if debug >= 2 && glue_auth::log_allowed() {
                    pr_info!("mip6: binding for {} expired\n", Ipv6Display(&home));
                }
                if e.e.home_reg {
                    net.ha_binding(&home, &e.e.coa, &[0; 16], 0, false);
                } else {
                    net.cn_binding(&home, &e.e.coa, false);
                }
                cur = c.remove_current().0;
                gone.push(e.e.home_reg);
                continue;
            }
            // §9.5.5: ask for a refresh of a correspondent binding that is in use.
            let left = e.e.expires_ms - now;
            let lead = e.e.lifetime_ms / 100 * BRR_LEAD_PCT;
            if !e.e.home_reg && !e.e.brr_sent && left <= lead {
                let idle = u64::from(net.cn_binding_idle_ms(&home));
                if idle < e.e.lifetime_ms {
                    c.current_mut().1.e.brr_sent = true;
                    let _ = brr.push((home, e), GFP_KERNEL);
                }
            }
            cur = c.move_next();
        }
        g.home_regs = g.home_regs.saturating_sub(gone.home);
        g.cn_regs = g.cn_regs.saturating_sub(gone.cn);
        for (home, e) in brr.iter() {
            let repr = Repr::new(Message::BindingRefreshRequest);
            let mut buf = [0u8; 128];
            let sent =
                packet::build_mh_packet(&mut buf, &e.local, &e.e.coa, None, Some(home), &repr)
                    .ok()
                    .and_then(|n| buf.get(..n))
                    .map(|pkt| net.send_ipv6(pkt));
            if let Some(Ok(())) = sent {
                g.count(Stat::BindRefreshRqsSent);
            }
        }
    }
}

/// Bindings removed by one walk of the cache.
#[derive(Default)]
struct ExpiredCount {
    home: u32,
    cn: u32,
}

impl ExpiredCount {
    fn push(&mut self, home_reg: bool) {
        if home_reg {
            self.home = self.home.saturating_add(1);
        } else {
            self.cn = self.cn.saturating_add(1);
        }
    }
}

/// What signs a Binding Acknowledgement to an RFC 4285-authenticated home registration:
/// the credential (a copy, wiped when dropped) and the replay protection timestamp to send.
struct Signer {
    spi: u32,
    key: [u8; abi::KEY_MAX],
    key_len: usize,
    timestamp: u64,
}

impl Signer {
    fn key(&self) -> &[u8] {
        self.key.get(..self.key_len).unwrap_or(&[])
    }
}

impl Drop for Signer {
    fn drop(&mut self) {
        glue_auth::wipe(&mut self.key);
    }
}

/// The checks of a home registration before the binding cache is consulted (RFC 6275
/// §10.3.1, RFC 4285 §5-§6): the home address, the binding policy and its credential, the
/// care-of address. Returns the status to refuse with (if any), the signer for the BA and
/// the BU's replay protection timestamp.
fn check_home_registration(
    g: &mut Inner,
    net: &NetBorrow,
    p: &MhPacket<'_>,
    opts: &MhOptions<'_>,
    home: &[u8; 16],
    coa: &[u8; 16],
    dereg: bool,
    now_ntp: u64,
) -> (Option<u8>, Option<Signer>, u64) {
    // A home address names one node of a link this home agent serves, and not this node
    // (whose own addresses route to the loopback, so they are caught first); its prefix
    // must still be valid there for the shortest lifetime we grant (4 s).
    if net.is_local(home) {
        return (Some(ba_status::ADMIN_PROHIBITED), None, 0);
    }
    let Some(ifindex) = net
        .onlink_ifindex(home)
        .filter(|_| addr::unicast_check(home).is_ok())
    else {
        return (Some(ba_status::NOT_HOME_SUBNET), None, 0);
    };
    if net.prefix_valid_secs(ifindex, home) < 4 {
        return (Some(ba_status::NOT_HOME_SUBNET), None, 0);
    }
    let last = g.bcache.get(home).map(|c| c.last_ts).filter(|t| *t != 0);
    let tolerance =
        u32::try_from(net.sysctl(Sysctl::ReplayTolerance)).unwrap_or(auth::DEFAULT_TOLERANCE_SECS);
    let mut signer = None;
    let verdict = {
        let policy = g.policy_for(home);
        let cred = match policy {
            None => Credential::None,
            Some(pol) if pol.unauthenticated() => Credential::Unauthenticated,
            Some(pol) => Credential::Key {
                spi: pol.spi,
                key: pol.key(),
            },
        };
        let v = auth::check_home_bu(cred, opts, p.mh, coa, home, now_ntp, tolerance, last);
        let signed = matches!(
            v,
            HomeAuth::Accept { signed: true, .. } | HomeAuth::Refuse { signed: true, .. }
        );
        if let (true, Some(pol)) = (signed, policy) {
            // 144 tells the mobile node this home agent's time; otherwise the BU's is echoed.
            let timestamp = match v {
                HomeAuth::Refuse {
                    status: ba_status::ID_MISMATCH,
                    ..
                } => now_ntp,
                _ => opts.replay.unwrap_or(now_ntp),
            };
            let mut s = Signer {
                spi: pol.spi,
                key: [0; abi::KEY_MAX],
                key_len: 0,
                timestamp,
            };
            let k = pol.key();
            if let Some(dst) = s.key.get_mut(..k.len()) {
                dst.copy_from_slice(k);
                s.key_len = k.len();
            }
            signer = Some(s);
        }
        v
    };
    match verdict {
        HomeAuth::Refuse { status, .. } => {
            if status == ba_status::AUTH_FAIL || status == ba_status::ADMIN_PROHIBITED {
                g.count(Stat::BindUpdatesDropAuth);
            }
            (Some(status), signer, 0)
        }
        HomeAuth::Accept { timestamp, .. } => {
            // The care-of address must not loop the tunnel back into this node or into
            // another mobile node's home address.
            let taken = g.bcache.get(coa).is_some_and(|c| c.e.home_reg);
            if !dereg && (net.is_local(coa) || taken) {
                return (Some(ba_status::ADMIN_PROHIBITED), signer, 0);
            }
            (None, signer, timestamp.unwrap_or(0))
        }
    }
}

/// The longest lifetime a home registration for `home` gets (§10.3.1): the administrator's
/// `max_home_lifetime`, and no longer than the home prefix stays valid.
fn home_lifetime_cap(net: &NetBorrow, home: &[u8; 16]) -> u32 {
    let admin =
        u32::try_from(net.sysctl(Sysctl::MaxHomeLifetime)).unwrap_or(MAX_HOME_LIFETIME_SECS);
    let prefix = net
        .onlink_ifindex(home)
        .map_or(u32::MAX, |i| net.prefix_valid_secs(i, home));
    MAX_HOME_LIFETIME_SECS.min(admin).min(prefix)
}

/// The live binding for `home`, if any.
fn existing_binding(g: &Inner, home: &[u8; 16], now: u64) -> Option<BindingEntry> {
    g.bcache
        .get(home)
        .map(|c| c.e)
        .filter(|e| e.expires_ms > now)
}

/// Starts Duplicate Address Detection of `home` on its home link and keeps the BU `pkt`
/// for when it is done; a BU for an address already being probed replaces the kept one.
fn hold_for_dad(
    g: &mut Inner,
    net: &NetBorrow,
    home: &[u8; 16],
    pkt: &[u8],
    now: u64,
    arrived_ntp: u64,
) {
    let mut copy = KVec::new();
    if copy.extend_from_slice(pkt, GFP_KERNEL).is_err() {
        g.count(Stat::BindUpdatesDropMisc);
        return;
    }
    if let Some(pd) = g.dad.get_mut(home) {
        pd.bu = copy;
        pd.arrived_ntp = arrived_ntp;
        return;
    }
    let Some(ifindex) = net.onlink_ifindex(home) else {
        return;
    };
    if g.dad_pending >= MAX_DAD_PENDING || net.ha_dad_start(ifindex, home).is_err() {
        g.count(Stat::BindUpdatesDropMisc);
        return;
    }
    let probe = dad::probe(home);
    let _ = net.send_ipv6_on(&probe, ifindex);
    let pd = PendingDad {
        until_ms: now.saturating_add(dad::WAIT_MS),
        ifindex,
        bu: copy,
        arrived_ntp,
    };
    if g.dad.try_create_and_insert(*home, pd, GFP_KERNEL).is_err() {
        let _ = net.ha_dad_conflict(ifindex, home);
        g.count(Stat::BindUpdatesDropMisc);
        return;
    }
    g.dad_pending = g.dad_pending.saturating_add(1);
    net.tick_soon(dad::WAIT_MS);
}

/// A Binding Update (RFC 6275 §9.5.1, §10.3.1): authorise, decide, update the cache,
/// acknowledge.
#[allow(clippy::too_many_arguments)]
fn rx_bu(
    g: &mut Inner,
    net: &NetBorrow,
    debug: i32,
    p: &MhPacket<'_>,
    bu: &BindingUpdate,
    opts: &MhOptions<'_>,
    pkt: &[u8],
    dad: DadStep,
) {
    if dad == DadStep::Fresh {
        g.count(Stat::BindUpdatesRcvd);
    }
    let now = glue::now_ms();
    let home = p.sender_home();
    let coa = opts.alt_coa.unwrap_or(p.src);
    let is_ha = net.role() == Role::Ha as u32;
    let rr_on = net.sysctl(Sysctl::AcceptReturnRoutability) != 0;
    let dereg = bu.lifetime == 0 || coa == home;
    let log = debug >= 2 && glue_auth::log_allowed();
    // A care-of address must name one node (§9.5.1): anything else is discarded unanswered
    // (an answer would go to a multicast group or to nobody).
    if !dereg && addr::unicast_check(&coa).is_err() {
        g.count(Stat::BindUpdatesDropInvalid);
        if log {
            pr_info!(
                "mip6: BU from {} with care-of address {}: not unicast, discarded\n",
                Ipv6Display(&p.src),
                Ipv6Display(&coa)
            );
        }
        return;
    }
    // A correspondent registration is authorised by return routability (§5.2.6): the
    // Kbm from both keygen tokens (the home one only when deregistering) signs it.
    let mut kbm = None;
    let mut nonce_status = 0;
    if !bu.home_reg && rr_on {
        match g
            .keys
            .check_bu(now, &home, &coa, &p.dst, opts.nonce_indices, dereg, p.mh)
        {
            BuAuth::Verified(k) => kbm = Some(k),
            BuAuth::Refuse(status) => nonce_status = status,
            BuAuth::Discard => {
                g.count(Stat::BindUpdatesDropAuth);
                if log {
                    pr_info!(
                        "mip6: BU from {} for home {}: authorisation failed, discarded\n",
                        Ipv6Display(&p.src),
                        Ipv6Display(&home)
                    );
                }
                return;
            }
        }
    }
    let (refused, signer, timestamp) = if bu.home_reg && is_ha {
        let now_ntp = match dad {
            DadStep::Done { arrived_ntp, .. } => arrived_ntp,
            DadStep::Fresh => auth::ntp_timestamp(glue_auth::real_time_ns()),
        };
        check_home_registration(g, net, p, opts, &home, &coa, dereg, now_ntp)
    } else if !dereg && net.is_local(&coa) {
        (Some(ba_status::ADMIN_PROHIBITED), None, 0)
    } else {
        (None, None, 0)
    };
    // §10.4.1: before the first registration of a home address, make sure no other node
    // on the home link uses it. The BU waits for the probe (the latest one is answered).
    let first = existing_binding(g, &home, now).is_none();
    if bu.home_reg && is_ha && refused.is_none() && !dereg && first && dad == DadStep::Fresh {
        let arrived_ntp = auth::ntp_timestamp(glue_auth::real_time_ns());
        hold_for_dad(g, net, &home, pkt, now, arrived_ntp);
        return;
    }
    let ctx = BuContext {
        is_home_agent: is_ha,
        // Checked above (refused with 132 otherwise).
        home_on_served_link: is_ha,
        serves_mn: true,
        // accept_return_routability=0: no route optimisation with this node.
        admin_allowed: bu.home_reg || rr_on,
        dad_failed: matches!(dad, DadStep::Done { conflict: true, .. }),
        prefix_discovery_needed: false,
        nonce_status,
        max_lifetime_secs: if bu.home_reg {
            home_lifetime_cap(net, &home)
        } else {
            MAX_RR_BINDING_LIFETIME_SECS
        },
    };
    let input = BuInput {
        home,
        coa,
        seq: bu.seq,
        home_reg: bu.home_reg,
        ack: bu.ack,
        lifetime: bu.lifetime,
    };
    let existing = g.bcache.get(&home).map(|c| c.e);
    let (mut d, entry) = match refused {
        Some(status) => (
            bcache::BuDecision {
                status,
                seq: bu.seq,
                lifetime: 0,
                send_ba: true,
                action: CacheAction::None,
            },
            None,
        ),
        None => bcache::decide(existing.as_ref(), now, &input, &ctx),
    };
    // What the data path must hear: (home registration?, care-of address, up).
    let mut event = None;
    match (d.action, entry) {
        (CacheAction::Deleted, _) => {
            if let Some(old) = g.bcache.remove(&home) {
                g.forgotten(&old);
                event = Some((old.e.home_reg, old.e.coa, false));
            }
        }
        (CacheAction::Updated, Some(e)) if g.bcache.get(&home).is_some() => {
            if let Some(slot) = g.bcache.get_mut(&home) {
                *slot = Cached {
                    e,
                    local: p.dst,
                    last_ts: timestamp,
                };
            }
            event = Some((e.home_reg, e.coa, true));
        }
        (CacheAction::Created | CacheAction::Updated, Some(e)) => {
            // The caches are bounded (net.ipv6.mobility.max_bindings / max_cn_bindings).
            let (count, knob) = if e.home_reg {
                (g.home_regs, Sysctl::MaxBindings)
            } else {
                (g.cn_regs, Sysctl::MaxCnBindings)
            };
            let full = u32::try_from(net.sysctl(knob)).map_or(true, |max| count >= max);
            if full
                || g.bcache
                    .try_create_and_insert(
                        home,
                        Cached {
                            e,
                            local: p.dst,
                            last_ts: timestamp,
                        },
                        GFP_KERNEL,
                    )
                    .is_err()
            {
                d.status = ba_status::INSUFFICIENT_RESOURCES;
                d.lifetime = 0;
                d.send_ba = true;
            } else {
                g.added(e.home_reg);
                event = Some((e.home_reg, e.coa, true));
            }
        }
        _ => {}
    }
    // Correspondent bindings change the data path before the BA, so that the mobile node's
    // first route-optimised packet after it is already understood.
    if let Some((false, c, up)) = event {
        net.cn_binding(&home, &c, up);
    }
    if log {
        pr_info!(
            "mip6: BU from {} for home {} seq {} lifetime {}: status {}\n",
            Ipv6Display(&p.src),
            Ipv6Display(&home),
            bu.seq,
            bu.lifetime,
            d.status
        );
    }
    let ha_event = match event {
        Some((true, c, up)) => Some((c, up)),
        _ => None,
    };
    let accepted = ba_status::is_accepted(d.status);
    if !d.send_ba || (!accepted && !g.refusal_limit.allow(now, MAX_REFUSALS_PER_SEC)) {
        ha_plane(net, &home, &p.dst, ha_event);
        return;
    }
    let mut repr = Repr::new(Message::BindingAck(BindingAck {
        status: d.status,
        key_mgmt: false,
        other_flags: 0,
        seq: d.seq,
        lifetime: d.lifetime,
    }));
    let advice = net.sysctl(Sysctl::BindingRefreshAdvice);
    if bu.home_reg && accepted && d.lifetime > 0 && advice > 0 {
        // Advice is in 4-second units and must not exceed the granted lifetime (§10.3.1).
        repr.options.refresh_advice =
            Some(u16::try_from(advice).unwrap_or(u16::MAX).min(d.lifetime));
    }
    // A BA to a verified correspondent registration is signed with the same Kbm (§6.1.8);
    // one to an RFC 4285-authenticated home registration with the MN-HA key, after the
    // replay protection timestamp (RFC 4285 §5-§6).
    let zero = [0u8; AUTHENTICATOR_LEN];
    let zero_auth = [0u8; AUTH_DATA_LEN];
    if kbm.is_some() {
        repr.options.auth_data = Some(&zero);
    }
    if let Some(s) = &signer {
        repr.options.replay = Some(s.timestamp);
        repr.options.msg_auth = Some(MsgAuth {
            subtype: SUBTYPE_MN_HA,
            spi: s.spi,
            data: &zero_auth,
        });
    }
    // The BA goes back to where the BU came from; to a care-of address it carries the home
    // address in a type 2 routing header (§6.4, §9.5.4).
    let rh2 = (p.src != home).then_some(&home);
    let mut buf = [0u8; 256];
    let sent = packet::build_mh_packet(&mut buf, &p.dst, &p.src, None, rh2, &repr)
        .ok()
        .and_then(|n| buf.get_mut(..n))
        .and_then(|pkt| match (&kbm, &signer) {
            (Some(k), _) => rr::sign_mh_packet(pkt, k, &coa, &p.dst)
                .ok()
                .map(|()| &*pkt),
            (None, Some(s)) => auth::sign_packet(pkt, s.key(), &coa, &home)
                .ok()
                .map(|()| &*pkt),
            (None, None) => Some(&*pkt),
        })
        .map(|pkt| net.send_ipv6(pkt));
    match sent {
        Some(Ok(())) => g.count(if accepted {
            Stat::BindAcksSent
        } else {
            Stat::BindNAcksSent
        }),
        _ => {
            if debug >= 1 && glue_auth::log_allowed() {
                pr_warn!(
                    "mip6: could not send a Binding Acknowledgement to {}\n",
                    Ipv6Display(&p.src)
                );
            }
        }
    }
    ha_plane(net, &home, &p.dst, ha_event);
}

/// A Mobility Header message without extension headers from `src` to `dst`.
fn send_plain(net: &NetBorrow, src: &[u8; 16], dst: &[u8; 16], m: Message) -> bool {
    let mut buf = [0u8; 128];
    packet::build_mh_packet(&mut buf, src, dst, None, None, &Repr::new(m))
        .ok()
        .and_then(|n| buf.get(..n))
        .is_some_and(|pkt| net.send_ipv6(pkt).is_ok())
}

/// A Binding Error (§6.1.9) to `dst`, rate-limited.
fn send_be(
    g: &mut Inner,
    net: &NetBorrow,
    now: u64,
    src: &[u8; 16],
    dst: &[u8; 16],
    status: u8,
    home: &[u8; 16],
) {
    if dst[0] == 0xff || *dst == [0; 16] || !g.be_limit.allow(now, MAX_BE_PER_SEC) {
        return;
    }
    if send_plain(
        net,
        src,
        dst,
        Message::BindingError {
            status,
            home_address: *home,
        },
    ) {
        g.count(Stat::BindErrorsSent);
    }
}

/// Tells the home agent's forwarding plane about a home registration that began, moved or
/// ended. After the BA: joining the solicited-node group and announcing the home address
/// take time the mobile node should not wait for.
fn ha_plane(net: &NetBorrow, home: &[u8; 16], ha_addr: &[u8; 16], event: Option<([u8; 16], bool)>) {
    if let Some((coa, up)) = event {
        // The tunnel's outer source is the address the mobile node registered with (§10.4.2).
        let ifindex = net.onlink_ifindex(home).unwrap_or(0);
        net.ha_binding(home, &coa, ha_addr, ifindex, up);
    }
}
