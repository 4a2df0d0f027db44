// SPDX-License-Identifier: GPL-2.0
//! mip6_base's state in each network namespace ([`BaseState`]): the control plane
//! ([`NetState`]), its signalling queue and the two works that run it, the correspondent
//! bindings the data path applies, the data path's counters, the `net.ipv6.mobility`
//! sysctls and the role the namespace plays.
//!
//! The works are the only callers into the role modules (binding events to mip6_ha,
//! signalling to mip6_mn), so they stop in `pre_exit`, which the kernel runs for every
//! module before any module's state goes. Then fields drop in declaration order: hooks
//! (waiting for packets in flight), works, queue, control plane, tables, sysctls.

use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};
use kernel::prelude::*;
use kernel::sync::rcu;

use crate::cn_receive::mip6_rs_prerouting;
use crate::cn_send::mip6_rs_local_out;
use crate::glue::{NetBorrow, Sysctls};
use crate::knet::addr_table::{addr_entry, AddrNode, AddrTable};
use crate::knet::bindings::mip6_dp_stat_MIP6_DP_STAT_COUNT as DP_STAT_COUNT;
use crate::knet::netfilter::{HookPoint, HookTable, NetHooks, PRI_FIRST, PRI_LAST};
use crate::knet::percpu::PerCpuCounters;
use crate::knet::pernet::{NetId, OwnerNet, PernetState};
use crate::knet::skb::{Skb, SkbQueue};
use crate::knet::work::{impl_delayed_work_owner, impl_work_owner, DelayedWork, Work};
use crate::netstate::{DadStep, NetState};
use crate::roles::RoleCell;

/// Bound on queued signalling per namespace: a flood is dropped, not queued.
const RXQ_MAX: u32 = 1024;

/// The control plane's timers run at least once a second, at most every 10 ms.
const TICK_MIN_MS: u64 = 10;
const TICK_MAX_MS: u64 = 1000;

/// The initial `debuglevel` of new namespaces (the `mipv6_debug` module parameter).
pub(crate) static DEBUGLEVEL_DEFAULT: AtomicI32 = AtomicI32::new(1);

static BASE_NET_ID: NetId = NetId::new();

static HOOKS: HookTable<2> = HookTable::ipv6([
    // First: the signalling addressed to us, the Home Address option.
    (mip6_rs_prerouting, HookPoint::PreRouting, PRI_FIRST),
    // After any address rewriting: the type 2 routing header.
    (mip6_rs_local_out, HookPoint::LocalOut, PRI_LAST - 1),
]);

/// A correspondent registration as the data path applies it (RFC 6275 §9.3).
#[repr(C)]
pub(crate) struct CnBinding {
    node: AddrNode,
    coa: [u8; 16],
    /// When the data path last used it (coarse milliseconds, wrapping).
    used_ms: AtomicU32,
}
addr_entry!(CnBinding, node);

/// Fields drop in declaration order.
#[pin_data]
pub(crate) struct BaseState {
    hooks: NetHooks,
    #[pin]
    rx_work: Work,
    #[pin]
    tick: DelayedWork,
    #[pin]
    rxq: SkbQueue,
    #[pin]
    rs: NetState,
    #[pin]
    cn_bindings: AddrTable<CnBinding>,
    stats: PerCpuCounters<{ DP_STAT_COUNT as usize }>,
    #[pin]
    sysctls: Sysctls,
    role: RoleCell,
    /// `pre_exit` ran: the works stay stopped.
    stopping: AtomicBool,
    net: OwnerNet,
}

impl PernetState for BaseState {
    fn id() -> &'static NetId {
        &BASE_NET_ID
    }

    fn new(net: OwnerNet) -> impl PinInit<Self, Error> {
        let debug = DEBUGLEVEL_DEFAULT.load(Ordering::Relaxed);
        // The hooks go last (they may run at once), then the first tick.
        try_pin_init!(Self {
            rx_work <- Work::new::<Self>(),
            tick <- DelayedWork::new::<Self>(),
            rxq <- SkbQueue::new(),
            rs <- NetState::new(),
            cn_bindings <- AddrTable::new(),
            stats: PerCpuCounters::new()?,
            sysctls <- Sysctls::new(&net, debug),
            role: RoleCell::new(),
            stopping: AtomicBool::new(false),
            hooks: NetHooks::register(&net, &HOOKS)?,
            net: net,
        })
        .pin_chain(|s| {
            s.tick.schedule(TICK_MAX_MS as u32);
            Ok(())
        })
    }

    fn pre_exit(&self) {
        // A hook may still queue the receive work after this (it checked `stopping` just
        // before): such a run, and any tick, sees `stopping` and returns at once. No
        // grace period per namespace is needed.
        self.stopping.store(true, Ordering::Release);
        self.rx_work.cancel_sync();
        self.tick.cancel_sync();
    }
}

impl_work_owner!(BaseState, rx_work, BaseState::receive);
impl_delayed_work_owner!(BaseState, tick, BaseState::run_timers);

impl BaseState {
    pub(crate) fn control_plane(&self) -> &NetState {
        &self.rs
    }

    pub(crate) fn sysctls(&self) -> &Sysctls {
        &self.sysctls
    }

    pub(crate) fn role(&self) -> &RoleCell {
        &self.role
    }

    /// Queues a Mobility Header packet for the receive work; gives it back (not queued)
    /// when the queue is full or the namespace is going.
    pub(crate) fn queue_signalling(&self, skb: Skb) -> Result<(), Skb> {
        if self.rxq.len() >= RXQ_MAX || self.stopping() {
            return Err(skb);
        }
        self.rxq.push(skb);
        self.rx_work.schedule();
        Ok(())
    }

    /// The receive work: each queued Mobility Header to the control plane, and a
    /// Parameter Problem back where it says so (only while the device it came in on is
    /// there).
    fn receive(&self) {
        let net = self.borrow();
        while !self.stopping() {
            let Some(mut skb) = self.rxq.pop() else {
                break;
            };
            let pointer = match skb.linearize() {
                Ok(()) => self.rs.rx_mh(&net, skb.headers(), DadStep::Fresh),
                Err(_) => -1,
            };
            if let Ok(pointer) = u32::try_from(pointer) {
                skb.param_problem(self.net.get(), pointer);
            }
            skb.consume();
        }
    }

    /// The tick: the control plane's timers, then the next tick when it asks.
    fn run_timers(&self) {
        if self.stopping() {
            return;
        }
        let ms = self.rs.tick(&self.borrow());
        if !self.stopping() {
            self.tick
                .schedule(ms.clamp(TICK_MIN_MS, TICK_MAX_MS) as u32);
        }
    }

    /// `pre_exit` ran: the works do nothing any more (what is queued is freed with the
    /// state).
    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Acquire)
    }

    /// Brings the next tick forward to within `ms` (a DAD probe's deadline).
    pub(crate) fn tick_soon(&self, ms: u64) {
        if !self.stopping() {
            self.tick
                .reschedule(ms.clamp(TICK_MIN_MS, TICK_MAX_MS) as u32);
        }
    }

    fn borrow(&self) -> NetBorrow {
        NetBorrow::of_owner(&self.net)
    }

    /// Data-path counters, per CPU.
    pub(crate) fn count(&self, idx: usize, n: u64) {
        self.stats.add(idx, n);
    }

    pub(crate) fn counted(&self, idx: usize) -> u64 {
        self.stats.sum(idx)
    }

    pub(crate) fn has_cn_bindings(&self) -> bool {
        self.cn_bindings.len() != 0
    }

    /// The care-of address bound to `home`, marked used (data path).
    pub(crate) fn cn_binding_coa(&self, home: &[u8; 16], now_ms: u32) -> Option<[u8; 16]> {
        let rcu = rcu::read_lock();
        let b = self.cn_bindings.get(home, &rcu)?;
        b.used_ms.store(now_ms, Ordering::Relaxed);
        Some(b.coa)
    }

    /// Whether `home` is bound to `coa` (a match is marked used).
    pub(crate) fn cn_binding_matches(&self, home: &[u8; 16], coa: &[u8; 16], now_ms: u32) -> bool {
        let rcu = rcu::read_lock();
        match self.cn_bindings.get(home, &rcu) {
            Some(b) if b.coa == *coa => {
                b.used_ms.store(now_ms, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Milliseconds since the data path last used `home`'s binding (`u32::MAX`: none).
    pub(crate) fn cn_binding_idle_ms(&self, home: &[u8; 16], now_ms: u32) -> u32 {
        let rcu = rcu::read_lock();
        self.cn_bindings.get(home, &rcu).map_or(u32::MAX, |b| {
            (now_ms).wrapping_sub(b.used_ms.load(Ordering::Relaxed))
        })
    }

    /// A correspondent registration began or moved (`up`), or ended (control plane,
    /// serialised by it). Without memory for the new entry, the old one goes too: no stale
    /// care-of address stays.
    pub(crate) fn cn_binding(&self, home: &[u8; 16], coa: &[u8; 16], up: bool, now_ms: u32) {
        let new = up
            .then(|| {
                let entry = CnBinding {
                    node: AddrNode::new(home),
                    coa: *coa,
                    used_ms: AtomicU32::new(now_ms),
                };
                KBox::new(entry, GFP_KERNEL).ok()
            })
            .flatten();
        let rcu = rcu::read_lock();
        let old = self.cn_bindings.get(home, &rcu);
        match (old, new) {
            (Some(old), Some(new)) => {
                new.used_ms
                    .store(old.used_ms.load(Ordering::Relaxed), Ordering::Relaxed);
                if let Err((_, new)) = self.cn_bindings.replace(old, new) {
                    drop(new);
                    self.cn_bindings.remove(old);
                }
            }
            (Some(old), None) => {
                self.cn_bindings.remove(old);
            }
            (None, Some(new)) => {
                let _ = self.cn_bindings.insert(new);
            }
            (None, None) => {}
        }
    }
}
