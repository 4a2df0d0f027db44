// SPDX-License-Identifier: GPL-2.0
//! Per-namespace Mobile IPv6 state of mip6_base: the binding cache, the statistics, and
//! the Mobility Header receive path (RFC 6275 §9.5 correspondent, §10.3 home agent).
//!
//! Everything here runs in process context (the glue's receive work, 1 Hz tick and
//! ioctls), serialised by one mutex per namespace. The protocol decisions are the pure
//! functions of the `mip6` core; this file only stores state and sends what they decide.

use core::ffi::c_void;
use kernel::{
    new_mutex,
    prelude::*,
    rbtree::RBTree,
    sync::Mutex,
    types::ForeignOwnable,
};

use crate::glue::{self, Net, NetBorrow, Sysctl};
use crate::mip6::{
    abi::{self, Role, Stat},
    bcache::{self, BindingEntry, BuContext, BuInput, CacheAction},
    mh::{ba_status, be_status, BindingAck, BindingUpdate, Message, Packet, Repr},
    mhopt::{MhOptions, AUTHENTICATOR_LEN},
    packet::{self, LocateError, MhPacket},
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
}

struct Inner {
    bcache: RBTree<[u8; 16], Cached>,
    stats: [u64; abi::STATS_SLOTS],
    /// Return routability secrets of this correspondent node (§5.2.7).
    keys: CnKeys<NONCE_SLOTS>,
    kcn_since_ms: u64,
    /// Binding Error rate limit: start of the current second and errors sent in it.
    be_window_ms: u64,
    be_count: u32,
}

impl Inner {
    fn count(&mut self, s: Stat) {
        if let Some(c) = self.stats.get_mut(s as usize) {
            *c = c.wrapping_add(1);
        }
    }
    /// Whether one more Binding Error may go out now.
    fn be_allowed(&mut self, now: u64) -> bool {
        if now.saturating_sub(self.be_window_ms) >= 1000 {
            self.be_window_ms = now;
            self.be_count = 0;
        }
        self.be_count = self.be_count.saturating_add(1);
        self.be_count <= MAX_BE_PER_SEC
    }
}

impl NetState {
    fn new() -> impl PinInit<Self> {
        pin_init!(NetState {
            inner <- new_mutex!(Inner {
                bcache: RBTree::new(),
                stats: [0; abi::STATS_SLOTS],
                keys: CnKeys::new(glue::random()),
                kcn_since_ms: glue::now_ms(),
                be_window_ms: 0,
                be_count: 0,
            }),
        })
    }

    /// The state of `net` (set up by the pernet init before anything can call this).
    pub(crate) fn of<'a>(net: NetBorrow) -> Option<Pin<&'a NetState>> {
        let p = net.rs();
        if p.is_null() {
            return None;
        }
        // SAFETY: `p` came from `mip6_rs_net_new` and is freed only by the pernet exit,
        // after every user (hook work, tick, open files holding a net reference) is gone.
        Some(unsafe { <Pin<KBox<NetState>> as ForeignOwnable>::borrow(p) })
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
    pub(crate) fn for_each_binding(&self, mut f: impl FnMut(&abi::BcacheEntry) -> Result) -> Result<usize> {
        let now = glue::now_ms();
        let g = self.inner.lock();
        let mut n = 0usize;
        for (_, e) in g.bcache.iter().map(|(k, c)| (k, &c.e)).filter(|(_, e)| e.expires_ms > now) {
            let left_s = (e.expires_ms - now).div_ceil(1000);
            f(&abi::BcacheEntry {
                home: e.home,
                coa: e.coa,
                lifetime_left: u32::try_from(left_s).unwrap_or(u32::MAX),
                seq: e.seq,
                kind: if e.home_reg { abi::bcache_type::HOME_REGISTRATION } else { abi::bcache_type::CORRESPONDENT },
                flags: 0,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// One packet from the receive work: a Mobility Header for us, or a packet with a Home
    /// Address option that no binding covers. Returns the ICMP Parameter Problem pointer
    /// to answer with (§9.2), or -1.
    fn rx_mh(&self, net: &NetBorrow, pkt: &[u8]) -> i32 {
        let debug = net.sysctl(Sysctl::DebugLevel);
        let now = glue::now_ms();
        let mut g = self.inner.lock();
        let p = match packet::locate_mh(pkt) {
            Ok(p) => p,
            Err(LocateError::NotMobility) => {
                // §9.3.1: a Home Address option without a binding for it.
                if let Ok(h) = packet::walk_headers(pkt) {
                    if let Some(home) = h.home_address {
                        send_be(&mut g, net, now, &h.dst, &h.src, be_status::UNKNOWN_BINDING, &home);
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
            if debug >= 2 {
                pr_info!("mip6: dropped Mobility Header from {}: {:?}\n", Ipv6Display(&p.src), e);
            }
            let act = e.action();
            match act {
                MhAction::BindingError { status } => {
                    let home = p.home_address.unwrap_or([0; 16]);
                    send_be(&mut g, net, now, &p.dst, &p.src, status, &home);
                }
                MhAction::ParameterProblem { .. } => {
                    return act.icmp_pointer(p.mh_offset).and_then(|x| i32::try_from(x).ok()).unwrap_or(-1);
                }
                MhAction::SilentDrop => {}
            }
            return -1;
        }
        let Ok(view) = Packet::new_checked(p.mh) else { return -1 };
        let Ok(repr) = Repr::parse(&view) else {
            if mh_type == crate::mip6::mh::MH_BU {
                g.count(Stat::BindUpdatesDropInvalid);
            }
            return -1;
        };
        let rr_on = net.sysctl(Sysctl::AcceptReturnRoutability) != 0;
        let to_mn = net.role() == Role::Mn as u32;
        match repr.message {
            Message::BindingUpdate(bu) => rx_bu(&mut g, net, debug, &p, &bu, &repr.options),
            Message::BindingAck(ba) => {
                g.count(if ba_status::is_accepted(ba.status) { Stat::BindAcksRcvd } else { Stat::BindNAcksRcvd });
            }
            Message::BindingRefreshRequest => g.count(Stat::BindRefreshRqsRcvd),
            // §9.4.1, §9.4.2: a HoTI/CoTI carrying a Home Address option is discarded.
            Message::HomeTestInit { cookie } => {
                g.count(Stat::HomeTestInitsRcvd);
                if rr_on && p.home_address.is_none() {
                    let (nonce_index, token) = g.keys.home_test(now, &p.src, glue::random());
                    let m = Message::HomeTest { nonce_index, cookie, token };
                    if send_plain(net, &p.dst, &p.src, m) {
                        g.count(Stat::HomeTestsSent);
                    }
                }
            }
            Message::CareOfTestInit { cookie } => {
                g.count(Stat::CareofTestInitsRcvd);
                if rr_on && p.home_address.is_none() {
                    let (nonce_index, token) = g.keys.care_of_test(now, &p.src, glue::random());
                    let m = Message::CareOfTest { nonce_index, cookie, token };
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
    }

    fn tick(&self, net: &NetBorrow) {
        let now = glue::now_ms();
        let debug = net.sysctl(Sysctl::DebugLevel);
        let mut g = self.inner.lock();
        // Kcn rotation (§5.2.7), at a moment when no nonce issued under the old key lives.
        let quiet = g.keys.last_nonce_ms().is_none_or(|t| now.saturating_sub(t) > MAX_NONCE_LIFETIME_MS);
        if now.saturating_sub(g.kcn_since_ms) >= KCN_LIFETIME_MS && quiet {
            g.keys.rekey(glue::random());
            g.kcn_since_ms = now;
        }
        let rr_on = net.sysctl(Sysctl::AcceptReturnRoutability) != 0;
        let mut brr = KVec::new();
        let mut cur = g.bcache.cursor_front_mut();
        while let Some(mut c) = cur {
            let (home, e) = c.current();
            let (home, e) = (*home, *e);
            // accept_return_routability=0 also ends the correspondent bindings in place.
            if e.e.expires_ms <= now || (!rr_on && !e.e.home_reg) {
                if debug >= 2 {
                    pr_info!("mip6: binding for {} expired\n", Ipv6Display(&home));
                }
                if e.e.home_reg {
                    net.ha_binding(&home, &e.e.coa, &[0; 16], 0, false);
                } else {
                    net.cn_binding(&home, &e.e.coa, false);
                }
                cur = c.remove_current().0;
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
        for (home, e) in brr.iter() {
            let repr = Repr::new(Message::BindingRefreshRequest);
            let mut buf = [0u8; 128];
            let sent = packet::build_mh_packet(&mut buf, &e.local, &e.e.coa, None, Some(home), &repr)
                .ok()
                .and_then(|n| buf.get(..n))
                .map(|pkt| net.send_ipv6(pkt));
            if let Some(Ok(())) = sent {
                g.count(Stat::BindRefreshRqsSent);
            }
        }
    }
}

/// A Binding Update (RFC 6275 §9.5.1, §10.3.1): authorise, decide, update the cache,
/// acknowledge.
fn rx_bu(g: &mut Inner, net: &NetBorrow, debug: i32, p: &MhPacket<'_>, bu: &BindingUpdate, opts: &MhOptions<'_>) {
    g.count(Stat::BindUpdatesRcvd);
    let now = glue::now_ms();
    let home = p.sender_home();
    let coa = opts.alt_coa.unwrap_or(p.src);
    let is_ha = net.role() == Role::Ha as u32;
    let rr_on = net.sysctl(Sysctl::AcceptReturnRoutability) != 0;
    // A correspondent registration is authorised by return routability (§5.2.6): the
    // Kbm from both keygen tokens (the home one only when deregistering) signs it.
    let mut kbm = None;
    let mut nonce_status = 0;
    if !bu.home_reg && rr_on {
        let dereg = bu.lifetime == 0 || coa == home;
        match g.keys.check_bu(now, &home, &coa, &p.dst, opts.nonce_indices, dereg, p.mh) {
            BuAuth::Verified(k) => kbm = Some(k),
            BuAuth::Refuse(status) => nonce_status = status,
            BuAuth::Discard => {
                g.count(Stat::BindUpdatesDropAuth);
                if debug >= 2 {
                    pr_info!("mip6: BU from {} for home {}: authorisation failed, discarded\n", Ipv6Display(&p.src), Ipv6Display(&home));
                }
                return;
            }
        }
    }
    let ctx = BuContext {
        is_home_agent: is_ha,
        home_on_served_link: is_ha && net.onlink_ifindex(&home).is_some(),
        serves_mn: true,
        // accept_return_routability=0: no route optimisation with this node.
        admin_allowed: bu.home_reg || rr_on,
        dad_failed: false,
        prefix_discovery_needed: false,
        nonce_status,
        max_lifetime_secs: if bu.home_reg { MAX_HOME_LIFETIME_SECS } else { MAX_RR_BINDING_LIFETIME_SECS },
    };
    let input = BuInput { home, coa, seq: bu.seq, home_reg: bu.home_reg, ack: bu.ack, lifetime: bu.lifetime };
    let existing = g.bcache.get(&home).map(|c| c.e);
    let (mut d, entry) = bcache::decide(existing.as_ref(), now, &input, &ctx);
    // What the data path must hear: (home registration?, care-of address, up).
    let mut event = None;
    match (d.action, entry) {
        (CacheAction::Deleted, _) => {
            if let Some(old) = g.bcache.remove(&home) {
                event = Some((old.e.home_reg, old.e.coa, false));
            }
        }
        (CacheAction::Updated, Some(e)) if g.bcache.get(&home).is_some() => {
            if let Some(slot) = g.bcache.get_mut(&home) {
                *slot = Cached { e, local: p.dst };
            }
            event = Some((e.home_reg, e.coa, true));
        }
        (CacheAction::Created | CacheAction::Updated, Some(e)) => {
            if g.bcache.try_create_and_insert(home, Cached { e, local: p.dst }, GFP_KERNEL).is_err() {
                d.status = ba_status::INSUFFICIENT_RESOURCES;
                d.lifetime = 0;
                d.send_ba = true;
            } else {
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
    if debug >= 2 {
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
    if !d.send_ba {
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
    if bu.home_reg && ba_status::is_accepted(d.status) && d.lifetime > 0 && advice > 0 {
        // Advice is in 4-second units and must not exceed the granted lifetime (§10.3.1).
        repr.options.refresh_advice = Some(u16::try_from(advice).unwrap_or(u16::MAX).min(d.lifetime));
    }
    // A BA to a verified correspondent registration is signed with the same Kbm (§6.1.8).
    let zero = [0u8; AUTHENTICATOR_LEN];
    if kbm.is_some() {
        repr.options.auth_data = Some(&zero);
    }
    // The BA goes back to where the BU came from; to a care-of address it carries the home
    // address in a type 2 routing header (§6.4, §9.5.4).
    let rh2 = (p.src != home).then_some(&home);
    let mut buf = [0u8; 256];
    let sent = packet::build_mh_packet(&mut buf, &p.dst, &p.src, None, rh2, &repr)
        .ok()
        .and_then(|n| buf.get_mut(..n))
        .and_then(|pkt| match &kbm {
            Some(k) => rr::sign_mh_packet(pkt, k, &coa, &p.dst).ok().map(|()| &*pkt),
            None => Some(&*pkt),
        })
        .map(|pkt| net.send_ipv6(pkt));
    match sent {
        Some(Ok(())) => g.count(if ba_status::is_accepted(d.status) { Stat::BindAcksSent } else { Stat::BindNAcksSent }),
        _ => {
            if debug >= 1 {
                pr_warn!("mip6: could not send a Binding Acknowledgement to {}\n", Ipv6Display(&p.src));
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
fn send_be(g: &mut Inner, net: &NetBorrow, now: u64, src: &[u8; 16], dst: &[u8; 16], status: u8, home: &[u8; 16]) {
    if dst[0] == 0xff || *dst == [0; 16] || !g.be_allowed(now) {
        return;
    }
    if send_plain(net, src, dst, Message::BindingError { status, home_address: *home }) {
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

/// Called by the pernet init: a new namespace's state, or NULL (ENOMEM).
#[no_mangle]
pub(crate) extern "C" fn mip6_rs_net_new() -> *mut c_void {
    match KBox::pin_init(NetState::new(), GFP_KERNEL) {
        Ok(b) => b.into_foreign(),
        Err(_) => core::ptr::null_mut(),
    }
}

/// Called by the pernet exit once nothing else can reach `rs`.
///
/// # Safety
/// `rs` comes from [`mip6_rs_net_new`] and is not used again.
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_net_free(rs: *mut c_void) {
    if !rs.is_null() {
        // SAFETY: the caller hands back the pointer `mip6_rs_net_new` produced, once.
        drop(unsafe { <Pin<KBox<NetState>> as ForeignOwnable>::from_foreign(rs) });
    }
}

/// Called by the receive work for each stolen Mobility Header packet.
///
/// # Safety
/// `rs` is the namespace's live state, `net` the live namespace, `pkt` valid for `len` bytes.
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_rx_mh(rs: *mut c_void, net: *mut Net, pkt: *const u8, len: u32, _iif: c_int) -> c_int {
    if rs.is_null() || pkt.is_null() {
        return -1;
    }
    let Ok(len) = usize::try_from(len) else { return -1 };
    // SAFETY: the glue passes the linear packet data, valid for `len` bytes during this call.
    let pkt = unsafe { core::slice::from_raw_parts(pkt, len) };
    // SAFETY: the glue runs this from the namespace's work, which the pernet exit cancels
    // before the namespace and `rs` go away.
    let (state, net) = unsafe { (<Pin<KBox<NetState>> as ForeignOwnable>::borrow(rs), NetBorrow::new(net)) };
    state.rx_mh(&net, pkt)
}

/// Called once a second per namespace.
///
/// # Safety
/// As for [`mip6_rs_rx_mh`].
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_tick(rs: *mut c_void, net: *mut Net) {
    if rs.is_null() {
        return;
    }
    // SAFETY: see `mip6_rs_rx_mh`: the tick work is cancelled before teardown.
    let (state, net) = unsafe { (<Pin<KBox<NetState>> as ForeignOwnable>::borrow(rs), NetBorrow::new(net)) };
    state.tick(&net);
}
