// SPDX-License-Identifier: GPL-2.0
//! The mobile node's control plane (RFC 6275 §11): one home registration per namespace.
//!
//! Runs in process context (the glue's work item, the ioctls, mip6_base's receive work),
//! serialised by one mutex per namespace. Decisions come from the `mip6` core's
//! `MovementDetector` and `BulEntry`; this file turns them into packets, routes,
//! addresses and the data path's state.
//!
//! Away from home: the care-of address is the autoconfigured address of the current
//! link's advertised prefix; `default` and the home prefix are routed into the home
//! tunnel (metric 1); addresses and on-link routes of earlier links are removed; the
//! home agent gets a Binding Update (with a Home Address option) until it acknowledges.
//! Back home: the tunnel routes go, the visited addresses go, and a deregistration
//! (lifetime 0) is sent from the home address.

use core::ffi::c_void;
use kernel::{
    new_mutex,
    prelude::*,
    sync::Mutex,
    types::ForeignOwnable,
    uaccess::{UserPtr, UserSlice},
};

use crate::mip6::{
    abi::{self, bul_state, MnHome, MnInfo, Role},
    bul::{BulAction, BulEntry, BulState},
    icmp::{NdOption, RouterAdvert},
    mh::{ba_status, BindingUpdate, Message, Packet, Repr},
    mn::{is_stale, masked, prefix64, select_coa, AddrInfo},
    movement::{MoveEvent, MovementDetector},
    packet,
};

/// Opaque `struct net`.
#[repr(C)]
pub(crate) struct Net {
    _private: [u8; 0],
}

/// `struct mip6_mn_addr` of `include/mip6/mip6_mn_glue.h`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct IfAddr {
    addr: [u8; 16],
    plen: u8,
    pad: [u8; 3],
    flags: u32,
}

extern "C" {
    fn mip6_mn_schedule(net: *mut Net, delay_ms: u32);
    fn mip6_mn_tunnel_setup(net: *mut Net, name: *const u8, home: *const u8, plen: u8) -> c_int;
    fn mip6_mn_teardown(net: *mut Net);
    fn mip6_mn_announce(net: *mut Net, ifindex: c_int, home: *const u8);
    fn mip6_mn_link_ok(net: *mut Net, ifindex: c_int) -> bool;
    fn mip6_mn_take_failed(net: *mut Net, addr: *mut u8) -> bool;
    fn mip6_mn_dp_set(net: *mut Net, home: *const u8, ha: *const u8, coa: *const u8, oif: c_int, away: bool);
    fn mip6_mn_addrs(net: *mut Net, ifindex: c_int, out: *mut IfAddr, max: u32) -> c_int;
    fn mip6_mn_take_ra(net: *mut Net, buf: *mut u8, max: u32, ifindex: *mut c_int, src: *mut u8) -> u32;
    fn mip6_mn_route(net: *mut Net, add: bool, dst: *const u8, plen: u8, gw: *const u8, oif: c_int, metric: u32) -> c_int;
    fn mip6_mn_addr(net: *mut Net, add: bool, ifindex: c_int, addr: *const u8, plen: u8) -> c_int;
    // Exported by mip6_base (namespace MIP6).
    fn mip6_send_ipv6(net: *mut Net, pkt: *const u8, len: u32, oif: c_int) -> c_int;
    fn mip6_stat_add(net: *mut Net, idx: u32, n: u64);
    fn mip6_net_role(net: *mut Net) -> c_int;
    fn mip6_now_ms() -> u64;
    fn mip6_sysctl_get(net: *mut Net, knob: u32) -> c_int;
}

// Slots of the per-CPU statistics (`enum mip6_dp_stat`).
const STAT_BU_SENT: u32 = 16;
const STAT_BA_DROP_MISC: u32 = 25;
const SYSCTL_DEBUGLEVEL: u32 = 0;
/// Lifetime asked of the home agent: 250 units of 4 s (MIPL's ~1000 s).
const HOME_LIFETIME_UNITS: u16 = 250;
/// Metric of the routes into the home tunnel: ahead of any router's (1024) and on-link (256).
const TUNNEL_METRIC: u32 = 1;
/// Look again this soon when the new link's address is still tentative (DAD).
const RECHECK_MS: u64 = 100;
const MAX_ADDRS: usize = 16;

/// A borrowed namespace for one call from the glue.
#[derive(Clone, Copy)]
struct NetPtr(*mut Net);

impl NetPtr {
    fn debug(&self) -> i32 {
        // SAFETY: `self.0` is live for the call (glue contract); the knob index is valid.
        unsafe { mip6_sysctl_get(self.0, SYSCTL_DEBUGLEVEL) }
    }
    fn stat(&self, idx: u32) {
        // SAFETY: `self.0` is live; the glue bounds-checks `idx`.
        unsafe { mip6_stat_add(self.0, idx, 1) }
    }
    /// Adds or deletes the route to `dst`/`plen` (host bits cleared) out of `oif`.
    fn route(&self, add: bool, dst: &[u8; 16], plen: u8, oif: i32, metric: u32) -> c_int {
        let dst = masked(dst, plen);
        // SAFETY: `self.0` is live; `dst` points to 16 bytes; no gateway.
        unsafe { mip6_mn_route(self.0, add, dst.as_ptr(), plen, core::ptr::null(), oif, metric) }
    }
    /// Deletes the default route through `router` (a link-local address) on `oif`.
    fn del_default_via(&self, router: &[u8; 16], oif: i32) -> c_int {
        // SAFETY: `self.0` is live; both addresses point to 16 bytes.
        unsafe { mip6_mn_route(self.0, false, [0u8; 16].as_ptr(), 0, router.as_ptr(), oif, 0) }
    }
    /// The interface's addresses into `out`; returns how many.
    fn addrs(&self, ifindex: i32, out: &mut [AddrInfo; MAX_ADDRS]) -> usize {
        let mut raw = [IfAddr::default(); MAX_ADDRS];
        // SAFETY: `self.0` is live; `raw` has room for MAX_ADDRS records.
        let n = unsafe { mip6_mn_addrs(self.0, ifindex, raw.as_mut_ptr(), MAX_ADDRS as u32) };
        let n = usize::try_from(n).unwrap_or(0).min(MAX_ADDRS);
        for (o, r) in out.iter_mut().zip(raw.iter()).take(n) {
            *o = AddrInfo { addr: r.addr, plen: r.plen, flags: r.flags };
        }
        n
    }
    fn del_addr(&self, ifindex: i32, a: &AddrInfo) -> c_int {
        // SAFETY: `self.0` is live; the address points to 16 bytes.
        unsafe { mip6_mn_addr(self.0, false, ifindex, a.addr.as_ptr(), a.plen) }
    }
    fn send(&self, pkt: &[u8], oif: i32) -> c_int {
        let Ok(len) = u32::try_from(pkt.len()) else { return EINVAL.to_errno() };
        // SAFETY: `self.0` is live; `pkt` is valid for `len` bytes.
        unsafe { mip6_send_ipv6(self.0, pkt.as_ptr(), len, oif) }
    }
    fn dp_set(&self, c: &Config, coa: &[u8; 16], oif: i32, away: bool) {
        // SAFETY: `self.0` is live; each address points to 16 bytes, copied by the glue.
        unsafe { mip6_mn_dp_set(self.0, c.home.as_ptr(), c.ha.as_ptr(), coa.as_ptr(), oif, away) }
    }
}

/// An IPv6 address in log lines.
struct Addr<'a>(&'a [u8; 16]);

impl kernel::fmt::Display for Addr<'_> {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        core::fmt::Display::fmt(&crate::mip6::addr::Ipv6Display(self.0), f)
    }
}

fn now_ms() -> u64 {
    // SAFETY: reads the clock.
    unsafe { mip6_now_ms() }
}

#[derive(Clone, Copy)]
struct Config {
    home: [u8; 16],
    plen: u8,
    ha: [u8; 16],
    tnl: i32,
}

struct Inner {
    cfg: Option<Config>,
    bul: BulEntry,
    md: MovementDetector<4>,
    /// Interface of the current link (where the last Router Advertisement came from).
    link: i32,
    /// Source of the last Router Advertisement (kept when movement detection forgets it).
    last_router: Option<[u8; 16]>,
    /// Care-of address registered or being registered; `None` at home.
    coa: Option<[u8; 16]>,
    at_home: bool,
    tunnel_routes: bool,
    last_status: u8,
    /// Woken early while the new link's address finishes DAD.
    recheck_at: Option<u64>,
    /// MAX_UPDATE_RATE held a Binding Update back until then; it is sent at that time.
    rate_limited_until: Option<u64>,
}

/// One namespace's mobile node.
#[pin_data]
pub(crate) struct MobileNode {
    #[pin]
    inner: Mutex<Inner>,
}

impl MobileNode {
    fn new() -> impl PinInit<Self> {
        pin_init!(MobileNode {
            inner <- new_mutex!(Inner {
                cfg: None,
                bul: BulEntry::new(true, 0),
                md: MovementDetector::new([0; 8], true),
                link: 0,
                last_router: None,
                coa: None,
                at_home: true,
                tunnel_routes: false,
                last_status: 0,
                recheck_at: None,
                rate_limited_until: None,
            }),
        })
    }

    /// Events and timers: returns ms until the next run (0: only events).
    fn run(&self, net: NetPtr) -> u32 {
        let now = now_ms();
        let mut g = self.inner.lock();
        let Some(cfg) = g.cfg else { return 0 };
        g.recheck_at = None;
        if let Some(t) = g.rate_limited_until {
            if now >= t {
                g.rate_limited_until = None;
                let action = if g.at_home { g.bul.deregister(now) } else { g.bul.register(now, HOME_LIFETIME_UNITS) };
                act(&mut g, net, &cfg, now, action, "rate limit over");
            }
        }
        // The link went down (a new association, `iwconfig essid` in the HOWTO), neighbour
        // unreachability detection gave up on the default router, or no Router
        // Advertisement came within the advertised interval: the router is gone, and the
        // next advertisement tells where we are (§11.5.1).
        // SAFETY: `net.0` is live for this call.
        let link_down = g.link != 0 && !unsafe { mip6_mn_link_ok(net.0, g.link) };
        let mut failed = [0u8; 16];
        // SAFETY: `net.0` is live; `failed` has room for 16 bytes.
        let nud_failed = unsafe { mip6_mn_take_failed(net.0, failed.as_mut_ptr()) };
        let router_failed = nud_failed && g.md.router() == Some(failed);
        if link_down || router_failed || g.md.on_tick(now) == MoveEvent::AdvIntervalExpired {
            if g.md.on_router_unreachable() != MoveEvent::None && net.debug() >= 2 {
                pr_info!("mip6: lost the router of ifindex {}\n", g.link);
            }
        }
        take_router_advert(&mut g, net, now);
        if g.md.router().is_some() {
            if g.md.at_home() {
                if !g.at_home {
                    returned_home(&mut g, net, &cfg, now);
                }
            } else {
                away(&mut g, net, &cfg, now);
            }
        }
        let action = g.bul.on_timer(now);
        act(&mut g, net, &cfg, now, action, "timer");
        // The earliest deadline of the BUL, the movement detector and a pending recheck.
        let next = [g.bul.next_deadline(), g.md.next_deadline(), g.recheck_at, g.rate_limited_until]
            .into_iter()
            .flatten()
            .min();
        match next {
            Some(t) => u32::try_from(t.saturating_sub(now).clamp(10, 60_000)).unwrap_or(60_000),
            None => 0,
        }
    }

    fn rx_mh(&self, net: NetPtr, pkt: &[u8]) {
        let now = now_ms();
        let mut g = self.inner.lock();
        let Some(cfg) = g.cfg else { return };
        let Ok(p) = packet::locate_mh(pkt) else { return };
        let Ok(view) = Packet::new_checked(p.mh) else { return };
        let Ok(repr) = Repr::parse(&view) else { return };
        if p.src != cfg.ha {
            net.stat(STAT_BA_DROP_MISC);
            return;
        }
        match repr.message {
            Message::BindingAck(ba) => {
                let (matched, action) = g.bul.on_ba(now, ba.status, ba.seq, ba.lifetime);
                if !matched {
                    net.stat(STAT_BA_DROP_MISC);
                    return;
                }
                g.last_status = ba.status;
                if g.at_home && ba_status::is_accepted(ba.status) {
                    // Deregistered: the home agent no longer answers for the home address;
                    // tell the link it is here again (§11.5.5).
                    // SAFETY: `net.0` is live; the addresses point to 16 bytes.
                    unsafe { mip6_mn_announce(net.0, g.link, cfg.home.as_ptr()) };
                }
                if net.debug() >= 2 || (net.debug() >= 1 && !ba_status::is_accepted(ba.status)) {
                    pr_info!("mip6: BA from home agent {}: status {} seq {} lifetime {}\n", Addr(&p.src), ba.status, ba.seq, ba.lifetime);
                }
                act(&mut g, net, &cfg, now, action, "binding ack");
            }
            Message::BindingRefreshRequest if !g.at_home => {
                let action = g.bul.register(now, HOME_LIFETIME_UNITS);
                act(&mut g, net, &cfg, now, action, "refresh request");
            }
            _ => {}
        }
        drop(g);
        // SAFETY: `net.0` is live for this call; a run recomputes the timers.
        unsafe { mip6_mn_schedule(net.0, 1) };
    }

    fn ioctl(&self, net: NetPtr, admin: bool, cmd: u32, arg: usize) -> Result {
        match cmd {
            abi::IOC_MN_SET_HOME => {
                if !admin {
                    return Err(EPERM);
                }
                // SAFETY: `net.0` is live for this call.
                if unsafe { mip6_net_role(net.0) } != Role::Mn as i32 {
                    return Err(EOPNOTSUPP);
                }
                let mut raw = [0u8; MnHome::SIZE];
                UserSlice::new(UserPtr::from_addr(arg), MnHome::SIZE).reader().read_slice(&mut raw)?;
                self.configure(net, &MnHome::from_bytes(&raw))
            }
            abi::IOC_MN_GET_INFO => {
                let info = self.info();
                UserSlice::new(UserPtr::from_addr(arg), MnInfo::SIZE).writer().write_slice(&info.to_bytes())
            }
            _ => Err(ENOTTY),
        }
    }

    fn configure(&self, net: NetPtr, h: &MnHome) -> Result {
        // Movement detection compares /64 prefixes (stateless autoconfiguration, RFC 4862).
        if h.home_plen != 64 || h.ha_plen > 128 || h.home == [0; 16] || h.ha == [0; 16] || h.home[0] == 0xff || h.ha[0] == 0xff {
            return Err(EINVAL);
        }
        let name = h.ifname_str().ok_or(EINVAL)?;
        let mut cname = [0u8; 16];
        cname.get_mut(..name.len()).ok_or(EINVAL)?.copy_from_slice(name.as_bytes());
        let mut g = self.inner.lock();
        if g.cfg.is_some() {
            return Err(EBUSY); // one home registration per namespace; `mobile-ip6 restart` reloads
        }
        // SAFETY: `net.0` is live; `cname` is NUL-terminated, `home` 16 bytes.
        let tnl = unsafe { mip6_mn_tunnel_setup(net.0, cname.as_ptr(), h.home.as_ptr(), h.home_plen) };
        if tnl < 0 {
            return Err(Error::from_errno(tnl));
        }
        let cfg = Config { home: h.home, plen: h.home_plen, ha: h.ha, tnl };
        g.cfg = Some(cfg);
        g.md = MovementDetector::new(prefix64(&h.home), true);
        g.at_home = true;
        net.dp_set(&cfg, &[0; 16], 0, false);
        if net.debug() >= 1 {
            pr_info!("mip6: mobile node: home address {}/{}, home agent {}\n", Addr(&h.home), h.home_plen, Addr(&h.ha));
        }
        drop(g);
        // SAFETY: `net.0` is live.
        unsafe { mip6_mn_schedule(net.0, 10) };
        Ok(())
    }

    /// `mobile-ip6 stop` (the role left the namespace): deregister if away, forget the
    /// configuration, remove the home tunnel (its routes go with it).
    fn stop(&self, net: NetPtr) {
        let now = now_ms();
        let mut g = self.inner.lock();
        let Some(cfg) = g.cfg.take() else { return };
        if !g.at_home && g.coa.is_some() {
            // One deregistration, not retransmitted: nobody is left to wait for its BA.
            let action = g.bul.deregister(now);
            act(&mut g, net, &cfg, now, action, "stop");
        }
        // SAFETY: `net.0` is live for this call.
        unsafe { mip6_mn_teardown(net.0) };
        let seq = g.bul.seq;
        g.bul = BulEntry::new(true, seq);
        g.md = MovementDetector::new([0; 8], true);
        g.coa = None;
        g.at_home = true;
        g.tunnel_routes = false;
        g.link = 0;
        g.last_router = None;
        if net.debug() >= 1 {
            pr_info!("mip6: mobile node stopped\n");
        }
    }

    fn info(&self) -> MnInfo {
        let now = now_ms();
        let g = self.inner.lock();
        let Some(cfg) = g.cfg else { return MnInfo::default() };
        let secs = |t: u64| u32::try_from(t.saturating_sub(now).div_ceil(1000)).unwrap_or(u32::MAX);
        let (state, expires) = match g.bul.state {
            BulState::Idle => (bul_state::IDLE, 0),
            BulState::WaitAck { .. } => (bul_state::WAIT_ACK, 0),
            BulState::Bound { expires_ms } => (bul_state::BOUND, secs(expires_ms)),
            BulState::Failed { .. } => (bul_state::FAILED, 0),
        };
        MnInfo {
            home: cfg.home,
            ha: cfg.ha,
            coa: g.coa.unwrap_or([0; 16]),
            tnl_ifindex: u32::try_from(cfg.tnl).unwrap_or(0),
            link_ifindex: u32::try_from(g.link).unwrap_or(0),
            expires,
            delay_ms: u32::try_from(g.bul.timeout_ms).unwrap_or(u32::MAX),
            callback: g.bul.next_deadline().map_or(0, secs),
            seq: g.bul.seq,
            home_plen: cfg.plen,
            state,
            at_home: u8::from(g.at_home),
            configured: 1,
            status: g.last_status,
            reserved: 0,
        }
    }
}

/// Feeds the latest Router Advertisement (if any) to movement detection.
fn take_router_advert(g: &mut Inner, net: NetPtr, now: u64) {
    let mut buf = [0u8; 1264];
    let mut src = [0u8; 16];
    let mut ifindex: c_int = 0;
    // SAFETY: `net.0` is live; `buf` has room for its length, `src` for 16 bytes.
    let len = unsafe { mip6_mn_take_ra(net.0, buf.as_mut_ptr(), buf.len() as u32, &mut ifindex, src.as_mut_ptr()) };
    let Some(icmp) = usize::try_from(len).ok().and_then(|l| buf.get(..l)) else { return };
    let Ok(ra) = RouterAdvert::parse(icmp) else { return };
    let mut prefixes = [[0u8; 8]; 4];
    let mut n = 0usize;
    for o in ra.option_iter().flatten() {
        if let NdOption::PrefixInfo(pi) = o {
            if pi.prefix_len == 64 && (pi.on_link || pi.autonomous) && pi.valid_lifetime > 0 {
                if let Some(slot) = prefixes.get_mut(n) {
                    *slot = prefix64(&pi.prefix);
                    n += 1;
                }
            }
        }
    }
    let (old_router, old_link) = (g.last_router, g.link);
    g.last_router = Some(src);
    let event = g.md.on_ra(now, src, prefixes.get(..n).unwrap_or(&[]), ra.adv_interval());
    g.link = ifindex;
    // A router of the link we left stays in the routing table until its lifetime ends
    // and would take our packets until neighbour unreachability detection gives up.
    if let Some(old) = old_router.filter(|r| *r != src) {
        if matches!(event, MoveEvent::Moved | MoveEvent::ReturnedHome) {
            net.del_default_via(&old, old_link);
        }
    }
    if net.debug() >= 3 {
        let what = match event {
            MoveEvent::None => "nothing new",
            MoveEvent::NewRouter => "new router",
            MoveEvent::Moved => "moved",
            MoveEvent::ReturnedHome => "home",
            MoveEvent::AdvIntervalExpired | MoveEvent::RouterUnreachable => "router lost",
        };
        pr_info!("mip6: RA from {} on ifindex {}: {}\n", Addr(&src), ifindex, what);
    }
}

/// Away from home: pick the care-of address of the current link and register it.
fn away(g: &mut Inner, net: NetPtr, cfg: &Config, now: u64) {
    let mut addrs = [AddrInfo::default(); MAX_ADDRS];
    let n = net.addrs(g.link, &mut addrs);
    let addrs = addrs.get(..n).unwrap_or(&[]);
    let mut prefixes = [[0u8; 8]; 4];
    let mut np = 0usize;
    for (slot, p) in prefixes.iter_mut().zip(g.md.prefixes()) {
        *slot = *p;
        np += 1;
    }
    let link_prefixes = prefixes.get(..np).unwrap_or(&[]);
    let Some(coa) = select_coa(addrs, &cfg.home, link_prefixes) else {
        g.recheck_at = Some(now.saturating_add(RECHECK_MS)); // still in DAD
        return;
    };
    if g.coa == Some(coa) && !g.at_home {
        return;
    }
    if net.debug() >= 1 {
        pr_info!("mip6: moved: care-of address {} (ifindex {})\n", Addr(&coa), g.link);
    }
    g.at_home = false;
    g.coa = Some(coa);
    net.dp_set(cfg, &coa, g.link, true);
    // The home prefix is not on this link whatever the home link's Router Advertisement
    // said: without this the Binding Update to the home agent would be sent on-link here.
    net.route(false, &cfg.home, cfg.plen, g.link, 0);
    // Then the Binding Update: the other route and address changes are rtnetlink round
    // trips, and the registration is what the home address waits for.
    let action = g.bul.register(now, HOME_LIFETIME_UNITS);
    act(g, net, cfg, now, action, "moved");
    if !g.tunnel_routes {
        net.route(true, &[0; 16], 0, cfg.tnl, TUNNEL_METRIC);
        net.route(true, &cfg.home, cfg.plen, cfg.tnl, TUNNEL_METRIC);
        g.tunnel_routes = true;
    }
    for a in addrs.iter().filter(|a| is_stale(a, &cfg.home, link_prefixes)) {
        remove_addr(net, g.link, a);
    }
}

/// Back on the home link (§11.5.5): tunnel routes and visited addresses go, deregister.
fn returned_home(g: &mut Inner, net: NetPtr, cfg: &Config, now: u64) {
    if net.debug() >= 1 {
        pr_info!("mip6: returned home (ifindex {})\n", g.link);
    }
    let was_registered = g.coa.take().is_some() || !matches!(g.bul.state, BulState::Idle);
    g.at_home = true;
    net.dp_set(cfg, &[0; 16], g.link, false);
    if was_registered {
        let action = g.bul.deregister(now);
        act(g, net, cfg, now, action, "returned home");
    }
    if g.tunnel_routes {
        net.route(false, &[0; 16], 0, cfg.tnl, TUNNEL_METRIC);
        net.route(false, &cfg.home, cfg.plen, cfg.tnl, TUNNEL_METRIC);
        g.tunnel_routes = false;
    }
    let mut addrs = [AddrInfo::default(); MAX_ADDRS];
    let n = net.addrs(g.link, &mut addrs);
    let home_prefix = [prefix64(&cfg.home)];
    for a in addrs.get(..n).unwrap_or(&[]).iter().filter(|a| is_stale(a, &cfg.home, &home_prefix)) {
        remove_addr(net, g.link, a);
    }
}

/// Removes a visited network's autoconfigured address and its on-link route.
fn remove_addr(net: NetPtr, link: i32, a: &AddrInfo) {
    let err = net.del_addr(link, a);
    net.route(false, &a.addr, a.plen, link, 0);
    if net.debug() >= 2 {
        pr_info!("mip6: removed visited address {}/{} ({})\n", Addr(&a.addr), a.plen, err);
    }
}

/// Carries out what the Binding Update List decided.
fn act(g: &mut Inner, net: NetPtr, cfg: &Config, now: u64, action: BulAction, why: &str) {
    match action {
        BulAction::Wait => {}
        BulAction::RateLimited { at_ms } => g.rate_limited_until = Some(at_ms.max(now)),
        BulAction::SendBu { seq, lifetime } => send_bu(g, net, cfg, seq, lifetime, why),
    }
}

/// A home registration Binding Update (§11.7.1): from the care-of address with a Home
/// Address option while away; from the home address itself when deregistering at home.
fn send_bu(g: &Inner, net: NetPtr, cfg: &Config, seq: u16, lifetime: u16, why: &str) {
    let repr = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq,
        ack: true,
        home_reg: true,
        link_local: false,
        key_mgmt: false,
        other_flags: 0,
        lifetime,
    }));
    let mut buf = [0u8; 256];
    let built = match g.coa {
        Some(coa) if !g.at_home => packet::build_mh_packet(&mut buf, &coa, &cfg.ha, Some(&cfg.home), None, &repr),
        _ => packet::build_mh_packet(&mut buf, &cfg.home, &cfg.ha, None, None, &repr),
    };
    let Some(pkt) = built.ok().and_then(|n| buf.get(..n)) else { return };
    let err = net.send(pkt, g.link);
    if err == 0 {
        net.stat(STAT_BU_SENT);
    }
    if net.debug() >= 2 || (err != 0 && net.debug() >= 1) {
        pr_info!("mip6: BU to {} seq {} lifetime {} ({}): {}\n", Addr(&cfg.ha), seq, lifetime, why, err);
    }
}

// ---- entry points from the glue --------------------------------------------------------

/// # Safety
/// `rs` comes from [`mip6_rs_mn_new`] and is live for the call.
unsafe fn state<'a>(rs: *mut c_void) -> Pin<&'a MobileNode> {
    // SAFETY: per the caller's contract; freed only by the pernet exit after the work,
    // hooks and mip6_base's callbacks for the namespace are gone.
    unsafe { <Pin<KBox<MobileNode>> as ForeignOwnable>::borrow(rs) }
}

#[no_mangle]
pub(crate) extern "C" fn mip6_rs_mn_new() -> *mut c_void {
    match KBox::pin_init(MobileNode::new(), GFP_KERNEL) {
        Ok(b) => b.into_foreign(),
        Err(_) => core::ptr::null_mut(),
    }
}

/// # Safety
/// `rs` comes from [`mip6_rs_mn_new`] and is not used again.
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_mn_free(rs: *mut c_void) {
    if !rs.is_null() {
        // SAFETY: the pointer `mip6_rs_mn_new` produced, handed back once.
        drop(unsafe { <Pin<KBox<MobileNode>> as ForeignOwnable>::from_foreign(rs) });
    }
}

/// # Safety
/// `rs` is the namespace's live state and `net` the live namespace.
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_mn_run(rs: *mut c_void, net: *mut Net) -> u32 {
    if rs.is_null() {
        return 0;
    }
    // SAFETY: per this function's contract.
    unsafe { state(rs) }.run(NetPtr(net))
}

/// # Safety
/// As for [`mip6_rs_mn_run`]; `pkt` is valid for `len` bytes.
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_mn_rx_mh(rs: *mut c_void, net: *mut Net, pkt: *const u8, len: u32) {
    let Ok(len) = usize::try_from(len) else { return };
    if rs.is_null() || pkt.is_null() {
        return;
    }
    // SAFETY: mip6_base passes the linear packet, valid for `len` bytes during the call.
    let pkt = unsafe { core::slice::from_raw_parts(pkt, len) };
    // SAFETY: per this function's contract.
    unsafe { state(rs) }.rx_mh(NetPtr(net), pkt)
}

/// # Safety
/// As for [`mip6_rs_mn_run`]; `arg` is an untrusted user address.
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_mn_ioctl(rs: *mut c_void, net: *mut Net, admin: bool, cmd: u32, arg: usize) -> c_int {
    if rs.is_null() {
        return ENODEV.to_errno();
    }
    // SAFETY: per this function's contract.
    match unsafe { state(rs) }.ioctl(NetPtr(net), admin, cmd, arg) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// # Safety
/// As for [`mip6_rs_mn_run`].
#[no_mangle]
pub(crate) unsafe extern "C" fn mip6_rs_mn_stop(rs: *mut c_void, net: *mut Net) {
    if !rs.is_null() {
        // SAFETY: per this function's contract.
        unsafe { state(rs) }.stop(NetPtr(net))
    }
}
