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
    mh::{ba_status, BindingAck, BindingUpdate, Message, Packet, Repr},
    mhopt::MhOptions,
    packet::{self, MhPacket},
    rr::MAX_RR_BINDING_LIFETIME_SECS,
    validate,
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

/// The state behind one namespace's `mip6_net.rs` pointer.
#[pin_data]
pub(crate) struct NetState {
    #[pin]
    inner: Mutex<Inner>,
}

struct Inner {
    bcache: RBTree<[u8; 16], BindingEntry>,
    stats: [u64; abi::STATS_SLOTS],
}

impl Inner {
    fn count(&mut self, s: Stat) {
        if let Some(c) = self.stats.get_mut(s as usize) {
            *c = c.wrapping_add(1);
        }
    }
}

impl NetState {
    fn new() -> impl PinInit<Self> {
        pin_init!(NetState {
            inner <- new_mutex!(Inner { bcache: RBTree::new(), stats: [0; abi::STATS_SLOTS] }),
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
        for (_, e) in g.bcache.iter().filter(|(_, e)| e.expires_ms > now) {
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

    fn rx_mh(&self, net: &NetBorrow, pkt: &[u8]) {
        let debug = net.sysctl(Sysctl::DebugLevel);
        let mut g = self.inner.lock();
        let Ok(p) = packet::locate_mh(pkt) else { return };
        let mh_type = p.mh.get(2).copied().unwrap_or(0xff);
        if let Err(e) = validate::check_mh(&p.pseudo_src(), &p.pseudo_dst(), p.mh) {
            if mh_type == crate::mip6::mh::MH_BU {
                g.count(Stat::BindUpdatesDropInvalid);
            }
            if debug >= 2 {
                pr_info!("mip6: dropped Mobility Header from {}: {:?}\n", Ipv6Display(&p.src), e);
            }
            return;
        }
        let Ok(view) = Packet::new_checked(p.mh) else { return };
        let Ok(repr) = Repr::parse(&view) else {
            if mh_type == crate::mip6::mh::MH_BU {
                g.count(Stat::BindUpdatesDropInvalid);
            }
            return;
        };
        match repr.message {
            Message::BindingUpdate(bu) => rx_bu(&mut g, net, debug, &p, &bu, &repr.options),
            Message::BindingAck(ba) => {
                g.count(if ba_status::is_accepted(ba.status) { Stat::BindAcksRcvd } else { Stat::BindNAcksRcvd });
                if net.role() == Role::Mn as u32 {
                    drop(g); // the mobile node may send a Binding Update in answer
                    net.mn_rx_mh(pkt);
                }
            }
            Message::BindingRefreshRequest => {
                g.count(Stat::BindRefreshRqsRcvd);
                if net.role() == Role::Mn as u32 {
                    drop(g);
                    net.mn_rx_mh(pkt);
                }
            }
            Message::HomeTestInit { .. } => g.count(Stat::HomeTestInitsRcvd),
            Message::CareOfTestInit { .. } => g.count(Stat::CareofTestInitsRcvd),
            Message::HomeTest { .. } => g.count(Stat::HomeTestsRcvd),
            Message::CareOfTest { .. } => g.count(Stat::CareofTestsRcvd),
            Message::BindingError { .. } => g.count(Stat::BindErrorsRcvd),
        }
    }

    /// The namespace stopped being a home agent: its home registrations end now.
    pub(crate) fn end_home_registrations(&self, net: &NetBorrow) {
        let mut g = self.inner.lock();
        let mut cur = g.bcache.cursor_front_mut();
        while let Some(c) = cur {
            let (home, e) = c.current();
            if e.home_reg {
                net.ha_binding(home, &e.coa, &[0; 16], 0, false);
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
        let mut cur = g.bcache.cursor_front_mut();
        while let Some(c) = cur {
            let (home, e) = c.current();
            if e.expires_ms <= now {
                if debug >= 2 {
                    pr_info!("mip6: binding for {} expired\n", Ipv6Display(home));
                }
                if e.home_reg {
                    net.ha_binding(home, &e.coa, &[0; 16], 0, false);
                }
                cur = c.remove_current().0;
            } else {
                cur = c.move_next();
            }
        }
    }
}

/// A Binding Update (RFC 6275 §9.5.1, §10.3.1): decide, update the cache, acknowledge.
fn rx_bu(g: &mut Inner, net: &NetBorrow, debug: i32, p: &MhPacket<'_>, bu: &BindingUpdate, opts: &MhOptions<'_>) {
    g.count(Stat::BindUpdatesRcvd);
    let now = glue::now_ms();
    let home = p.sender_home();
    let coa = opts.alt_coa.unwrap_or(p.src);
    let is_ha = net.role() == Role::Ha as u32;
    let ctx = BuContext {
        is_home_agent: is_ha,
        home_on_served_link: is_ha && net.onlink_ifindex(&home).is_some(),
        serves_mn: true,
        admin_allowed: true,
        dad_failed: false,
        prefix_discovery_needed: false,
        // Correspondent registrations need return routability (Binding Authorization
        // Data), which this release does not verify yet: refuse them as unspecified.
        nonce_status: ba_status::UNSPECIFIED,
        max_lifetime_secs: if bu.home_reg { MAX_HOME_LIFETIME_SECS } else { MAX_RR_BINDING_LIFETIME_SECS },
    };
    let input = BuInput { home, coa, seq: bu.seq, home_reg: bu.home_reg, ack: bu.ack, lifetime: bu.lifetime };
    let existing = g.bcache.get(&home).copied();
    let (mut d, entry) = bcache::decide(existing.as_ref(), now, &input, &ctx);
    // What the home agent's forwarding plane must hear: (care-of address, up).
    let mut ha_event = None;
    match (d.action, entry) {
        (CacheAction::Deleted, _) => {
            if let Some(old) = g.bcache.remove(&home) {
                ha_event = old.home_reg.then_some((old.coa, false));
            }
        }
        (CacheAction::Updated, Some(e)) if g.bcache.get(&home).is_some() => {
            if let Some(slot) = g.bcache.get_mut(&home) {
                *slot = e;
            }
            ha_event = e.home_reg.then_some((e.coa, true));
        }
        (CacheAction::Created | CacheAction::Updated, Some(e)) => {
            if g.bcache.try_create_and_insert(home, e, GFP_KERNEL).is_err() {
                d.status = ba_status::INSUFFICIENT_RESOURCES;
                d.lifetime = 0;
                d.send_ba = true;
            } else {
                ha_event = e.home_reg.then_some((e.coa, true));
            }
        }
        _ => {}
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
    // The BA goes back to where the BU came from; to a care-of address it carries the home
    // address in a type 2 routing header (§6.4, §9.5.4).
    let rh2 = (p.src != home).then_some(&home);
    let mut buf = [0u8; 256];
    let sent = packet::build_mh_packet(&mut buf, &p.dst, &p.src, None, rh2, &repr)
        .ok()
        .and_then(|n| buf.get(..n))
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
pub(crate) unsafe extern "C" fn mip6_rs_rx_mh(rs: *mut c_void, net: *mut Net, pkt: *const u8, len: u32, _iif: c_int) {
    if rs.is_null() || pkt.is_null() {
        return;
    }
    let Ok(len) = usize::try_from(len) else { return };
    // SAFETY: the glue passes the linear packet data, valid for `len` bytes during this call.
    let pkt = unsafe { core::slice::from_raw_parts(pkt, len) };
    // SAFETY: the glue runs this from the namespace's work, which the pernet exit cancels
    // before the namespace and `rs` go away.
    let (state, net) = unsafe { (<Pin<KBox<NetState>> as ForeignOwnable>::borrow(rs), NetBorrow::new(net)) };
    state.rx_mh(&net, pkt);
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
