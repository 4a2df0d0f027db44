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

use kernel::{
    new_mutex,
    prelude::*,
    sync::Mutex,
    uaccess::{UserPtr, UserSlice},
};

use crate::glue_auth;
use crate::mip6::{
    abi::{self, bul_state, MnCn, MnCns, MnHome, MnInfo, Role},
    auth::{self, AUTH_DATA_LEN, SUBTYPE_MN_HA},
    bul::{BulAction, BulEntry, BulState, RrState},
    icmp::{NdOption, RouterAdvert},
    mh::{ba_status, be_status, BindingUpdate, Message, Packet, Repr},
    mhopt::{MhOptions, MsgAuth, AUTHENTICATOR_LEN},
    mn::{is_stale, prefix64, select_coa, AddrInfo},
    movement::{MoveEvent, MovementDetector},
    packet,
    rr::{self, KBM_LEN, MAX_RR_BINDING_LIFETIME_SECS},
};

use crate::glue_mn::{cn_event, knob, now_ms, random8, stat, NetPtr};

/// Correspondents route-optimised at once (more talk through the home agent).
const MAX_CNS: usize = 8;
/// Return routability and correspondent BUs: first retransmission after 1 s, doubling,
/// three tries (§11.8 INITIAL_BINDACK_TIMEOUT), then the tunnel for [`CN_OFF_MS`].
const CN_RETRY_MS: u64 = 1_000;
const CN_TRIES: u8 = 3;
const CN_OFF_MS: u64 = 60_000;
/// Without the A flag no BA confirms the binding: route optimisation starts this much
/// after the BU, when the correspondent has surely processed it.
const CN_NOACK_MS: u64 = 200;
/// Correspondent binding lifetime asked for: MAX_RR_BINDING_LIFETIME (4-second units).
const CN_LIFETIME_UNITS: u16 = (MAX_RR_BINDING_LIFETIME_SECS / 4) as u16;
/// Lifetime asked of the home agent: 250 units of 4 s (MIPL's ~1000 s).
const HOME_LIFETIME_UNITS: u16 = 250;
/// Metric of the routes into the home tunnel: ahead of any router's (1024) and on-link (256).
const TUNNEL_METRIC: u32 = 1;
/// Look again this soon when the new link's address is still tentative (DAD).
const RECHECK_MS: u64 = 100;
const MAX_ADDRS: usize = 16;

/// The MN-HA credential of the home registration (RFC 4285): a copy of the binding policy
/// entry covering the home address, wiped when dropped.
struct MnKey {
    spi: u32,
    key: [u8; abi::KEY_MAX],
    len: usize,
}

impl MnKey {
    /// The namespace's credential for `home`, if its policy entry has a key.
    fn of(net: NetPtr, home: &[u8; 16]) -> Option<MnKey> {
        let mut k = MnKey {
            spi: 0,
            key: [0; abi::KEY_MAX],
            len: 0,
        };
        let mut len = 0u32;
        let rc = net.policy_key(home, &mut k.spi, &mut k.key, &mut len);
        k.len = usize::try_from(len).unwrap_or(0).min(abi::KEY_MAX);
        (rc == 0 && k.len > 0).then_some(k)
    }
    fn key(&self) -> &[u8] {
        self.key.get(..self.len).unwrap_or(&[])
    }
}

impl Drop for MnKey {
    fn drop(&mut self) {
        glue_auth::wipe(&mut self.key);
    }
}

/// An IPv6 address in log lines.
struct Addr<'a>(&'a [u8; 16]);

impl kernel::fmt::Display for Addr<'_> {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        core::fmt::Display::fmt(&crate::mip6::addr::Ipv6Display(self.0), f)
    }
}

/// Where route optimisation with one correspondent stands (§11.6, §11.7.2).
#[derive(Clone, Copy, PartialEq, Eq)]
enum CnPhase {
    /// Waiting for the home registration (new care-of address) before starting.
    Pending,
    /// Home Test Init / Care-of Test Init sent; retried at `retry_ms`.
    Testing { retry_ms: u64, tries: u8 },
    /// Binding Update sent; its BA (or, without the A flag, time) confirms it.
    WaitAck { retry_ms: u64, tries: u8 },
    /// Route optimised; return routability is redone at `refresh_ms`.
    Bound { refresh_ms: u64, expires_ms: u64 },
    /// Declined or failed: through the tunnel until `until_ms`, then forgotten.
    Off { until_ms: u64 },
}

/// A Binding Update List entry for a correspondent.
#[derive(Clone, Copy)]
struct CnEntry {
    cn: [u8; 16],
    rr: RrState,
    seq: u16,
    phase: CnPhase,
    /// Care-of address of the last Binding Update (the home address when deregistering).
    coa: [u8; 16],
    kbm: [u8; KBM_LEN],
    active: bool,
    /// Back home: the binding is being deleted (only the home test is needed, §11.5.5).
    dereg: bool,
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
    /// Correspondents (route optimisation).
    cns: KVec<CnEntry>,
    /// RFC 4285: the care-of address and replay protection timestamp the outstanding home
    /// registration BU was authenticated with (its BA must match both), and the home
    /// agent's clock minus ours as its last MIPV6-ID-MISMATCH (144) told us.
    bu_auth_coa: [u8; 16],
    bu_ts: u64,
    /// (sequence number, timestamp) of the last signed BUs: a BA may answer a copy
    /// retransmitted before the latest one, echoing that copy's timestamp.
    bu_sent: [(u16, u64); 4],
    bu_sent_next: usize,
    ts_skew: i64,
}

/// One namespace's mobile node.
#[pin_data]
pub(crate) struct MobileNode {
    #[pin]
    inner: Mutex<Inner>,
}

impl MobileNode {
    pub(crate) fn new() -> impl PinInit<Self> {
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
                cns: KVec::new(),
                bu_auth_coa: [0; 16],
                bu_ts: 0,
                bu_sent: [(0, 0); 4],
                bu_sent_next: 0,
                ts_skew: 0,
            }),
        })
    }

    /// Events and timers: returns ms until the next run (0: only events).
    pub(crate) fn run(&self, net: NetPtr) -> u32 {
        let now = now_ms();
        let mut g = self.inner.lock();
        let Some(cfg) = g.cfg else { return 0 };
        g.recheck_at = None;
        if let Some(t) = g.rate_limited_until {
            if now >= t {
                g.rate_limited_until = None;
                let action = if g.at_home {
                    g.bul.deregister(now)
                } else {
                    g.bul.register(now, HOME_LIFETIME_UNITS)
                };
                act(&mut g, net, &cfg, now, action, "rate limit over");
            }
        }
        // The link went down (a new association, `iwconfig essid` in the HOWTO), neighbour
        // unreachability detection gave up on the default router, or no Router
        // Advertisement came within the advertised interval: the router is gone, and the
        // next advertisement tells where we are (§11.5.1).
        let link_down = g.link != 0 && !net.link_ok(g.link);
        let mut failed = [0u8; 16];
        let nud_failed = net.take_failed(&mut failed);
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
        cn_events(&mut g, net, &cfg, now);
        cn_timers(&mut g, net, &cfg, now);
        // The earliest deadline of the BUL, the movement detector, a pending recheck and
        // the correspondents.
        let next = [
            g.bul.next_deadline(),
            g.md.next_deadline(),
            g.recheck_at,
            g.rate_limited_until,
            cn_deadline(&g),
        ]
        .into_iter()
        .flatten()
        .min();
        match next {
            Some(t) => u32::try_from(t.saturating_sub(now).clamp(10, 60_000)).unwrap_or(60_000),
            None => 0,
        }
    }

    pub(crate) fn rx_mh(&self, net: NetPtr, pkt: &[u8]) {
        let now = now_ms();
        let mut g = self.inner.lock();
        let Some(cfg) = g.cfg else { return };
        let Ok(p) = packet::locate_mh(pkt) else {
            return;
        };
        let Ok(view) = Packet::new_checked(p.mh) else {
            return;
        };
        let Ok(repr) = Repr::parse(&view) else { return };
        if p.src != cfg.ha {
            cn_rx(&mut g, net, &cfg, now, &p, &repr);
            drop(g);
            // A run recomputes the timers.
            net.schedule(1);
            return;
        }
        match repr.message {
            Message::BindingAck(ba) => {
                // With a credential, only an authentic BA answering our BU counts (RFC 4285
                // §5-§6): same key, same addresses, our timestamp echoed (144 carries the
                // home agent's own time instead, and teaches us its clock).
                if let Some(k) = MnKey::of(net, &cfg.home) {
                    let authentic = auth::verify(k.spi, k.key(), &g.bu_auth_coa, &cfg.home, p.mh);
                    let fresh = match (ba.status, repr.options.replay) {
                        (ba_status::ID_MISMATCH, Some(_)) => true,
                        (_, Some(ts)) => ts != 0 && g.bu_sent.contains(&(ba.seq, ts)),
                        (_, None) => false,
                    };
                    if !authentic || !fresh {
                        net.stat(stat::BA_DROP_AUTH);
                        if net.debug() >= 1 && glue_auth::log_allowed() {
                            pr_info!(
                                "mip6: BA from home agent {} failed authentication, dropped\n",
                                Addr(&p.src)
                            );
                        }
                        return;
                    }
                    if let (ba_status::ID_MISMATCH, Some(ts)) = (ba.status, repr.options.replay) {
                        let ours = auth::ntp_timestamp(glue_auth::real_time_ns());
                        g.ts_skew = ts.wrapping_sub(ours) as i64;
                    }
                }
                let (matched, action) = g.bul.on_ba(now, ba.status, ba.seq, ba.lifetime);
                if !matched {
                    net.stat(stat::BA_DROP_MISC);
                    return;
                }
                g.last_status = ba.status;
                if g.at_home && ba_status::is_accepted(ba.status) {
                    // Deregistered: the home agent no longer answers for the home address;
                    // tell the link it is here again (§11.5.5).
                    net.announce(g.link, &cfg.home);
                }
                if (net.debug() >= 2 || (net.debug() >= 1 && !ba_status::is_accepted(ba.status)))
                    && glue_auth::log_allowed()
                {
                    pr_info!(
                        "mip6: BA from home agent {}: status {} seq {} lifetime {}\n",
                        Addr(&p.src),
                        ba.status,
                        ba.seq,
                        ba.lifetime
                    );
                }
                // Return routability goes through the tunnel: it starts once the home
                // agent knows the care-of address (§11.6.1).
                if !g.at_home && ba_status::is_accepted(ba.status) {
                    cn_start_pending(&mut g, net, &cfg, now);
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
        // A run recomputes the timers.
        net.schedule(1);
    }

    pub(crate) fn ioctl(&self, net: NetPtr, admin: bool, cmd: u32, arg: usize) -> Result {
        match cmd {
            abi::IOC_MN_SET_HOME => {
                if !admin {
                    return Err(EPERM);
                }
                if net.role() != Role::Mn as i32 {
                    return Err(EOPNOTSUPP);
                }
                let mut raw = [0u8; MnHome::SIZE];
                UserSlice::new(UserPtr::from_addr(arg), MnHome::SIZE)
                    .reader()
                    .read_slice(&mut raw)?;
                self.configure(net, &MnHome::from_bytes(&raw))
            }
            abi::IOC_MN_GET_INFO => {
                let info = self.info();
                UserSlice::new(UserPtr::from_addr(arg), MnInfo::SIZE)
                    .writer()
                    .write_slice(&info.to_bytes())
            }
            abi::IOC_MN_GET_CNS => {
                let cns = self.cn_info();
                UserSlice::new(UserPtr::from_addr(arg), MnCns::SIZE)
                    .writer()
                    .write_slice(&cns.to_bytes())
            }
            _ => Err(ENOTTY),
        }
    }

    fn configure(&self, net: NetPtr, h: &MnHome) -> Result {
        // Movement detection compares /64 prefixes (stateless autoconfiguration, RFC 4862).
        if h.home_plen != 64
            || h.ha_plen > 128
            || h.home == [0; 16]
            || h.ha == [0; 16]
            || h.home[0] == 0xff
            || h.ha[0] == 0xff
        {
            return Err(EINVAL);
        }
        let name = h.ifname_str().ok_or(EINVAL)?;
        let mut cname = [0u8; 16];
        cname
            .get_mut(..name.len())
            .ok_or(EINVAL)?
            .copy_from_slice(name.as_bytes());
        let mut g = self.inner.lock();
        if g.cfg.is_some() {
            return Err(EBUSY); // one home registration per namespace; `mobile-ip6 restart` reloads
        }
        let tnl = net.tunnel_setup(&cname, &h.home, h.home_plen);
        if tnl < 0 {
            return Err(Error::from_errno(tnl));
        }
        let cfg = Config {
            home: h.home,
            plen: h.home_plen,
            ha: h.ha,
            tnl,
        };
        g.cfg = Some(cfg);
        g.md = MovementDetector::new(prefix64(&h.home), true);
        g.at_home = true;
        net.dp_set(&cfg.home, &cfg.ha, &[0; 16], 0, false);
        if net.debug() >= 1 {
            pr_info!(
                "mip6: mobile node: home address {}/{}, home agent {}\n",
                Addr(&h.home),
                h.home_plen,
                Addr(&h.ha)
            );
        }
        drop(g);
        net.schedule(10);
        Ok(())
    }

    /// `mobile-ip6 stop` (the role left the namespace): deregister if away, forget the
    /// configuration, remove the home tunnel (its routes go with it).
    pub(crate) fn stop(&self, net: NetPtr) {
        let now = now_ms();
        let mut g = self.inner.lock();
        let Some(cfg) = g.cfg.take() else { return };
        if !g.at_home && g.coa.is_some() {
            // One deregistration, not retransmitted: nobody is left to wait for its BA.
            let action = g.bul.deregister(now);
            act(&mut g, net, &cfg, now, action, "stop");
        }
        for e in g.cns.iter() {
            net.ro_del(&e.cn);
        }
        g.cns.clear();
        net.teardown();
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

    fn cn_info(&self) -> MnCns {
        let now = now_ms();
        let g = self.inner.lock();
        let mut out = MnCns::default();
        for (slot, e) in out.cns.iter_mut().zip(g.cns.iter()) {
            let (state, expires) = match e.phase {
                CnPhase::Pending | CnPhase::Testing { .. } => (bul_state::RR, 0),
                CnPhase::WaitAck { .. } => (bul_state::WAIT_ACK, 0),
                CnPhase::Bound { expires_ms, .. } => (
                    bul_state::BOUND,
                    u32::try_from(expires_ms.saturating_sub(now).div_ceil(1000))
                        .unwrap_or(u32::MAX),
                ),
                CnPhase::Off { .. } => (bul_state::FAILED, 0),
            };
            *slot = MnCn {
                cn: e.cn,
                coa: e.coa,
                expires,
                seq: e.seq,
                state,
                active: u8::from(e.active),
            };
            out.count += 1;
        }
        out
    }

    fn info(&self) -> MnInfo {
        let now = now_ms();
        let g = self.inner.lock();
        let Some(cfg) = g.cfg else {
            return MnInfo::default();
        };
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
    let len = net.take_ra(&mut buf, &mut ifindex, &mut src);
    let Some(icmp) = buf.get(..len) else { return };
    let Ok(ra) = RouterAdvert::parse(icmp) else {
        return;
    };
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
    let event = g.md.on_ra(
        now,
        src,
        prefixes.get(..n).unwrap_or(&[]),
        ra.adv_interval(),
    );
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
        pr_info!(
            "mip6: RA from {} on ifindex {}: {}\n",
            Addr(&src),
            ifindex,
            what
        );
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
        pr_info!(
            "mip6: moved: care-of address {} (ifindex {})\n",
            Addr(&coa),
            g.link
        );
    }
    g.at_home = false;
    g.coa = Some(coa);
    net.dp_set(&cfg.home, &cfg.ha, &coa, g.link, true);
    // Bindings with correspondents name the old care-of address: through the tunnel until
    // return routability is redone from the new one (§11.7.2).
    for e in g.cns.iter_mut() {
        if e.active {
            net.ro_set(&e.cn, false);
            e.active = false;
        }
        e.rr.care_of_changed();
        if matches!(e.phase, CnPhase::Off { .. }) {
            continue;
        }
        // With a fresh home keygen token only the Care-of Test is needed, which does not
        // wait for the home registration (§11.6.1); otherwise the HoTI goes through the
        // tunnel once the home agent knows the new care-of address.
        if e.rr.ready(now, true).is_some() {
            e.phase = CnPhase::Testing {
                retry_ms: now,
                tries: 0,
            };
            cn_start(e, net, cfg, Some(coa), now);
        } else {
            e.phase = CnPhase::Pending;
        }
    }
    // The home prefix is not on this link whatever the home link's Router Advertisement
    // said: without this the Binding Update to the home agent would be sent on-link here.
    net.route(false, &cfg.home, cfg.plen, g.link, 0);
    // Then the Binding Update: the other route and address changes are rtnetlink round
    // trips, and the registration is what the home address waits for. Its retransmission
    // timer starts now, not when this run began (the route change above waits for RTNL,
    // a second and more on a busy host, which would eat the home agent's DAD time).
    let now = now_ms();
    let action = g.bul.register(now, HOME_LIFETIME_UNITS);
    act(g, net, cfg, now, action, "moved");
    if !g.tunnel_routes {
        net.route(true, &[0; 16], 0, cfg.tnl, TUNNEL_METRIC);
        net.route(true, &cfg.home, cfg.plen, cfg.tnl, TUNNEL_METRIC);
        g.tunnel_routes = true;
    }
    for a in addrs
        .iter()
        .filter(|a| is_stale(a, &cfg.home, link_prefixes))
    {
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
    net.dp_set(&cfg.home, &cfg.ha, &[0; 16], g.link, false);
    // Correspondents holding a binding delete it (§11.5.5); the others are forgotten.
    let mut i = 0;
    while i < g.cns.len() {
        let Some(e) = g.cns.get_mut(i) else { break };
        let bound = e.active || matches!(e.phase, CnPhase::Bound { .. } | CnPhase::WaitAck { .. });
        if e.active {
            net.ro_set(&e.cn, false);
            e.active = false;
        }
        if bound {
            e.dereg = true;
            cn_start(e, net, cfg, None, now);
            i += 1;
        } else {
            let cn = e.cn;
            net.ro_del(&cn);
            g.cns.remove(i).ok();
        }
    }
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
    for a in addrs
        .get(..n)
        .unwrap_or(&[])
        .iter()
        .filter(|a| is_stale(a, &cfg.home, &home_prefix))
    {
        remove_addr(net, g.link, a);
    }
}

/// Removes a visited network's autoconfigured address and its on-link route.
fn remove_addr(net: NetPtr, link: i32, a: &AddrInfo) {
    let err = net.del_addr(link, a);
    net.route(false, &a.addr, a.plen, link, 0);
    if net.debug() >= 2 {
        pr_info!(
            "mip6: removed visited address {}/{} ({})\n",
            Addr(&a.addr),
            a.plen,
            err
        );
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
/// With a credential in the binding policy it carries a replay protection timestamp and
/// the MN-HA authenticator (RFC 4285).
fn send_bu(g: &mut Inner, net: NetPtr, cfg: &Config, seq: u16, lifetime: u16, why: &str) {
    let mut repr = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq,
        ack: true,
        home_reg: true,
        link_local: false,
        key_mgmt: false,
        other_flags: 0,
        lifetime,
    }));
    let key = MnKey::of(net, &cfg.home);
    let zero = [0u8; AUTH_DATA_LEN];
    let away_coa = g.coa.filter(|_| !g.at_home);
    let auth_coa = away_coa.unwrap_or(cfg.home);
    if let Some(k) = &key {
        let now = auth::ntp_timestamp(glue_auth::real_time_ns());
        let ts = now.wrapping_add_signed(g.ts_skew);
        // Timestamps only grow, even when two BUs fall in one clock tick.
        g.bu_ts = if ts > g.bu_ts {
            ts
        } else {
            g.bu_ts.wrapping_add(1)
        };
        g.bu_auth_coa = auth_coa;
        repr.options.replay = Some(g.bu_ts);
        let slot = g.bu_sent_next % g.bu_sent.len();
        if let Some(e) = g.bu_sent.get_mut(slot) {
            *e = (seq, g.bu_ts);
        }
        g.bu_sent_next = slot.wrapping_add(1);
        repr.options.msg_auth = Some(MsgAuth {
            subtype: SUBTYPE_MN_HA,
            spi: k.spi,
            data: &zero,
        });
    }
    let mut buf = [0u8; 256];
    let built = match away_coa {
        Some(coa) => packet::build_mh_packet(&mut buf, &coa, &cfg.ha, Some(&cfg.home), None, &repr),
        None => packet::build_mh_packet(&mut buf, &cfg.home, &cfg.ha, None, None, &repr),
    };
    let Some(pkt) = built.ok().and_then(|n| buf.get_mut(..n)) else {
        return;
    };
    if let Some(k) = &key {
        if auth::sign_packet(pkt, k.key(), &auth_coa, &cfg.home).is_err() {
            return;
        }
    }
    let err = net.send(pkt, g.link);
    if err == 0 {
        net.stat(stat::BU_SENT);
    }
    if net.debug() >= 2 || (err != 0 && net.debug() >= 1) {
        pr_info!(
            "mip6: BU to {} seq {} lifetime {} ({}): {}\n",
            Addr(&cfg.ha),
            seq,
            lifetime,
            why,
            err
        );
    }
}

// ---- route optimisation with correspondents (§11.6, §11.7.2) ------------------------

/// Sends HoTI (unless a fresh home keygen token is at hand) and CoTI (unless deregistering):
/// the HoTI from the home address through the tunnel, the CoTI from the care-of address.
fn cn_start(e: &mut CnEntry, net: NetPtr, cfg: &Config, coa: Option<[u8; 16]>, now: u64) {
    let tries = match e.phase {
        CnPhase::Testing { tries, .. } => tries,
        _ => 0,
    };
    let need_home = e.rr.ready(now, true).is_none();
    if need_home {
        let cookie = random8();
        e.rr.home_cookie = Some(cookie);
        let m = Message::HomeTestInit { cookie };
        // Away, through the home tunnel; back home (deregistering), on the link.
        let oif = if e.dereg { 0 } else { cfg.tnl };
        if cn_send(net, &cfg.home, &e.cn, None, m, oif) {
            net.stat(stat::HOTI_SENT);
        }
    }
    if let (Some(coa), false) = (coa, e.dereg) {
        let cookie = random8();
        e.rr.care_of_cookie = Some(cookie);
        e.rr.care_of = None;
        if cn_send(
            net,
            &coa,
            &e.cn,
            None,
            Message::CareOfTestInit { cookie },
            0,
        ) {
            net.stat(stat::COTI_SENT);
        }
    }
    e.phase = CnPhase::Testing {
        retry_ms: now.saturating_add(CN_RETRY_MS << tries.min(5)),
        tries: tries.saturating_add(1),
    };
    if !need_home && (e.dereg || coa.is_none()) {
        cn_try_bu(e, net, cfg, coa, now);
    }
}

/// A Mobility Header message from `src` (with a Home Address option `hao`) to `cn`.
fn cn_send(
    net: NetPtr,
    src: &[u8; 16],
    cn: &[u8; 16],
    hao: Option<&[u8; 16]>,
    m: Message,
    oif: i32,
) -> bool {
    let mut buf = [0u8; 128];
    let Some(pkt) = packet::build_mh_packet(&mut buf, src, cn, hao, None, &Repr::new(m))
        .ok()
        .and_then(|n| buf.get(..n))
    else {
        return false;
    };
    net.send(pkt, oif) == 0
}

/// Once both keygen tokens are in (the home one alone to deregister): the Binding Update,
/// signed with Kbm (§5.2.6, §11.7.2).
fn cn_try_bu(e: &mut CnEntry, net: NetPtr, cfg: &Config, coa: Option<[u8; 16]>, now: u64) {
    let Some((h, c)) = e.rr.ready(now, e.dereg) else {
        return;
    };
    let coa = if e.dereg {
        cfg.home
    } else {
        coa.unwrap_or(cfg.home)
    };
    let ack = net.sysctl(knob::BU_FLAG_CN_ACK) != 0 || e.dereg;
    e.seq = e.seq.wrapping_add(1);
    e.coa = coa;
    e.kbm = rr::kbm(&h.token, c.as_ref().map(|c| &c.token));
    let mut repr = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: e.seq,
        ack,
        home_reg: false,
        link_local: false,
        key_mgmt: false,
        other_flags: 0,
        lifetime: if e.dereg { 0 } else { CN_LIFETIME_UNITS },
    }));
    let zero = [0u8; AUTHENTICATOR_LEN];
    repr.options = MhOptions {
        nonce_indices: Some((h.nonce_index, c.map_or(0, |c| c.nonce_index))),
        auth_data: Some(&zero),
        ..MhOptions::default()
    };
    let mut buf = [0u8; 160];
    let hao = (!e.dereg).then_some(&cfg.home);
    let sent = packet::build_mh_packet(&mut buf, &coa, &e.cn, hao, None, &repr)
        .ok()
        .and_then(|n| buf.get_mut(..n))
        .and_then(|pkt| {
            rr::sign_mh_packet(pkt, &e.kbm, &coa, &e.cn)
                .ok()
                .map(|()| &*pkt)
        })
        .map(|pkt| net.send(pkt, 0));
    if sent == Some(0) {
        net.stat(stat::BU_SENT);
    }
    if net.debug() >= 2 {
        pr_info!(
            "mip6: BU to correspondent {} seq {} ack {} dereg {}\n",
            Addr(&e.cn),
            e.seq,
            ack,
            e.dereg
        );
    }
    let wait = if ack { CN_RETRY_MS } else { CN_NOACK_MS };
    let tries = match e.phase {
        CnPhase::WaitAck { tries, .. } => tries,
        _ => 0,
    };
    e.phase = CnPhase::WaitAck {
        retry_ms: now.saturating_add(wait << tries.min(5)),
        tries: tries.saturating_add(1),
    };
}

/// Gives up on route optimisation with this correspondent for a while: the tunnel it is.
fn cn_off(e: &mut CnEntry, net: NetPtr, now: u64, why: &str) {
    if e.active {
        net.ro_set(&e.cn, false);
        e.active = false;
    }
    e.phase = CnPhase::Off {
        until_ms: now.saturating_add(CN_OFF_MS),
    };
    if net.debug() >= 1 {
        pr_info!(
            "mip6: no route optimisation with {}: {}\n",
            Addr(&e.cn),
            why
        );
    }
}

/// Starts return routability with the correspondents that waited for the home registration.
fn cn_start_pending(g: &mut Inner, net: NetPtr, cfg: &Config, now: u64) {
    let coa = g.coa;
    for e in g.cns.iter_mut().filter(|e| e.phase == CnPhase::Pending) {
        cn_start(e, net, cfg, coa, now);
    }
}

/// What the data path reported: a correspondent talking to us through the home agent, or
/// one that rejected our Home Address option.
fn cn_events(g: &mut Inner, net: NetPtr, cfg: &Config, now: u64) {
    let mut addr = [0u8; 16];
    while let kind @ 1.. = net.take_cn_event(&mut addr) {
        let known = g.cns.iter().position(|e| e.cn == addr);
        match (kind, known) {
            (cn_event::NO_RO, Some(i)) => {
                if let Some(e) = g.cns.get_mut(i) {
                    cn_off(e, net, now, "ICMP error: no Mobile IPv6 support");
                }
            }
            (cn_event::TRAFFIC, None) => {
                if net.sysctl(knob::ACCEPT_RR) == 0
                    || g.at_home
                    || g.cns.len() >= MAX_CNS
                    || addr == cfg.ha
                {
                    continue;
                }
                let e = CnEntry {
                    cn: addr,
                    rr: RrState::default(),
                    seq: u16::from_ne_bytes([random8()[0], 0]),
                    phase: CnPhase::Pending,
                    coa: [0; 16],
                    kbm: [0; KBM_LEN],
                    active: false,
                    dereg: false,
                };
                if g.cns.push(e, GFP_KERNEL).is_err() {
                    continue;
                }
                net.ro_set(&addr, false);
                if matches!(g.bul.state, BulState::Bound { .. }) {
                    let coa = g.coa;
                    if let Some(e) = g.cns.last_mut() {
                        cn_start(e, net, cfg, coa, now);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Retransmissions, confirmations without BA, refreshes, expiry, forgetting.
fn cn_timers(g: &mut Inner, net: NetPtr, cfg: &Config, now: u64) {
    let coa = g.coa;
    let ack = net.sysctl(knob::BU_FLAG_CN_ACK) != 0;
    if net.sysctl(knob::ACCEPT_RR) == 0 {
        // Route optimisation switched off: everything through the home agent again.
        for e in g.cns.iter() {
            net.ro_del(&e.cn);
        }
        g.cns.clear();
        return;
    }
    let mut i = 0;
    while i < g.cns.len() {
        let Some(e) = g.cns.get_mut(i) else { break };
        match e.phase {
            CnPhase::Testing { retry_ms, tries } if now >= retry_ms => {
                if tries >= CN_TRIES {
                    cn_off(e, net, now, "no Home Test / Care-of Test");
                } else {
                    cn_start(e, net, cfg, coa, now);
                }
            }
            CnPhase::WaitAck { retry_ms, tries } if now >= retry_ms => {
                if !ack && !e.dereg {
                    cn_bound(e, net, now, CN_LIFETIME_UNITS);
                } else if tries >= CN_TRIES {
                    cn_off(e, net, now, "no Binding Acknowledgement");
                } else if e.rr.ready(now, e.dereg).is_some() {
                    cn_try_bu(e, net, cfg, coa, now);
                } else {
                    cn_start(e, net, cfg, coa, now);
                }
            }
            CnPhase::Bound { expires_ms, .. } if now >= expires_ms => {
                cn_off(e, net, now, "binding expired")
            }
            CnPhase::Bound { refresh_ms, .. } if now >= refresh_ms => {
                e.rr = RrState::default();
                cn_start(e, net, cfg, coa, now);
            }
            CnPhase::Off { until_ms } if now >= until_ms || e.dereg => {
                let cn = e.cn;
                net.ro_del(&cn);
                g.cns.remove(i).ok();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// The binding with the correspondent holds: route optimisation on.
fn cn_bound(e: &mut CnEntry, net: NetPtr, now: u64, lifetime: u16) {
    let life = u64::from(lifetime) * 4000;
    // Redo return routability at 3/4 of the lifetime (the tokens last 210 s at most).
    e.phase = CnPhase::Bound {
        refresh_ms: now.saturating_add(life / 4 * 3),
        expires_ms: now.saturating_add(life),
    };
    if !e.active {
        net.ro_set(&e.cn, true);
        e.active = true;
    }
}

fn cn_earliest(e: &CnEntry) -> Option<u64> {
    match e.phase {
        CnPhase::Pending => None,
        CnPhase::Testing { retry_ms, .. } | CnPhase::WaitAck { retry_ms, .. } => Some(retry_ms),
        CnPhase::Bound {
            refresh_ms,
            expires_ms,
        } => Some(refresh_ms.min(expires_ms)),
        CnPhase::Off { until_ms } => Some(until_ms),
    }
}

fn cn_deadline(g: &Inner) -> Option<u64> {
    g.cns.iter().filter_map(cn_earliest).min()
}

/// Signalling from a correspondent: HoT, CoT, BA, Binding Error.
fn cn_rx(
    g: &mut Inner,
    net: NetPtr,
    cfg: &Config,
    now: u64,
    p: &packet::MhPacket<'_>,
    repr: &Repr<'_>,
) {
    let coa = g.coa;
    let Some(e) = g.cns.iter_mut().find(|e| e.cn == p.src) else {
        net.stat(stat::BA_DROP_MISC);
        return;
    };
    match repr.message {
        Message::HomeTest {
            nonce_index,
            cookie,
            token,
        } if p.dst == cfg.home => {
            if e.rr.on_hot(now, cookie, nonce_index, token)
                && matches!(e.phase, CnPhase::Testing { .. })
            {
                cn_try_bu(e, net, cfg, coa, now);
            }
        }
        Message::CareOfTest {
            nonce_index,
            cookie,
            token,
        } if Some(p.dst) == coa => {
            if e.rr.on_cot(now, cookie, nonce_index, token)
                && matches!(e.phase, CnPhase::Testing { .. })
            {
                cn_try_bu(e, net, cfg, coa, now);
            }
        }
        Message::BindingAck(ba) if matches!(e.phase, CnPhase::WaitAck { .. }) => {
            let expired = matches!(
                ba.status,
                ba_status::EXPIRED_HOME_NONCE
                    | ba_status::EXPIRED_CAREOF_NONCE
                    | ba_status::EXPIRED_NONCES
            );
            // 135 carries the correspondent's last accepted sequence number.
            if ba.seq != e.seq && ba.status != ba_status::SEQ_OUT_OF_WINDOW {
                net.stat(stat::BA_DROP_MISC);
                return;
            }
            // §11.7.3: a BA from a correspondent carries a valid authenticator, except a
            // nonce expiry, for which the correspondent could not compute Kbm.
            if !expired && !rr::verify_authenticator(&e.kbm, &e.coa, &e.cn, p.mh) {
                net.stat(stat::BA_DROP_AUTH);
                return;
            }
            if net.debug() >= 2 {
                pr_info!(
                    "mip6: BA from correspondent {}: status {} seq {}\n",
                    Addr(&e.cn),
                    ba.status,
                    ba.seq
                );
            }
            match ba.status {
                s if ba_status::is_accepted(s) && e.dereg => {
                    e.phase = CnPhase::Off { until_ms: now }
                }
                s if ba_status::is_accepted(s) => {
                    cn_bound(e, net, now, ba.lifetime.min(CN_LIFETIME_UNITS))
                }
                ba_status::SEQ_OUT_OF_WINDOW => {
                    e.seq = ba.seq;
                    cn_try_bu(e, net, cfg, coa, now);
                }
                _ if expired => {
                    e.rr.on_expired(ba.status);
                    cn_start(e, net, cfg, coa, now);
                }
                _ => cn_off(e, net, now, "Binding Update refused"),
            }
        }
        // §11.7.4: the correspondent wants the binding refreshed (new tokens needed).
        Message::BindingRefreshRequest if e.active => {
            e.rr = RrState::default();
            cn_start(e, net, cfg, coa, now);
        }
        Message::BindingError { status, .. } => {
            if status == be_status::UNRECOGNIZED_MH_TYPE {
                cn_off(e, net, now, "Mobility Header not understood");
            } else if e.active && status == be_status::UNKNOWN_BINDING {
                // The correspondent lost our binding (§11.3.6): tunnel, and register again.
                net.ro_set(&e.cn, false);
                e.active = false;
                e.rr = RrState::default();
                cn_start(e, net, cfg, coa, now);
            }
        }
        _ => {}
    }
}
