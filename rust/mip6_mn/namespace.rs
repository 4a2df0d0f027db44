// SPDX-License-Identifier: GPL-2.0
//! The mobile node's state in each namespace ([`MnState`]): the control plane
//! (`mobile_node.rs`) and the work that runs it, the home tunnel device, what the data
//! path reads (the view, the correspondents), and the events it leaves for the control
//! plane.
//!
//! mip6_base calls the control plane (process context) until its `pre_exit`, before any
//! namespace's state goes. The data path (receive hook, tunnel transmit) reads the view
//! and the correspondent table lock-free under RCU.
//!
//! Teardown is the field order: the hook first (no packet in flight), the work, the
//! tunnel device (no transmit left), then what they read.

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use kernel::prelude::*;
use kernel::sync::{new_spinlock_irq, rcu, SpinLockIrq};

use crate::events::Events;
use crate::glue_mn::{coarse_ms, NetPtr};
use crate::knet::addr_table::{addr_entry, AddrNode, AddrTable};
use crate::knet::bindings;
use crate::knet::netdev::DeviceSlot;
use crate::knet::netfilter::{HookPoint, HookTable, NetHooks, PRI_FIRST};
use crate::knet::pernet::{NetId, OwnerNet, PernetState};
use crate::knet::rcu_box::RcuBox;
use crate::knet::work::{impl_delayed_work_owner, DelayedWork};
use crate::mobile_node::MobileNode;
use crate::receive::mip6_rs_mn_prerouting;

/// Slots of the traffic-event limiter (correspondents hashed into them).
const CN_LIMIT_SLOTS: usize = 64;

/// A traffic event per limiter slot at most this often.
const CN_LIMIT_MS: u32 = 1000;

/// What the data path needs of the mobile node; replaced as a whole.
#[derive(Clone, Copy)]
pub(crate) struct DpView {
    pub(crate) home: [u8; 16],
    pub(crate) ha: [u8; 16],
    pub(crate) coa: [u8; 16],
    /// Link of the care-of address.
    pub(crate) oif: i32,
    pub(crate) away: bool,
}

/// A correspondent the control plane knows.
#[repr(C)]
pub(crate) struct Correspondent {
    node: AddrNode,
    /// Packets to it go route-optimised (Home Address option).
    active: AtomicBool,
}
addr_entry!(Correspondent, node);

static MN_NET_ID: NetId = NetId::new();

static HOOKS: HookTable<1> = HookTable::ipv6([
    // After mip6_base's and the home agent's hooks.
    (mip6_rs_mn_prerouting, HookPoint::PreRouting, PRI_FIRST + 2),
]);

/// The mobile node's state in one namespace. Fields drop in declaration order.
#[pin_data]
pub(crate) struct MnState {
    hooks: NetHooks,
    /// Runs the control plane on events and timers.
    #[pin]
    work: DelayedWork,
    /// The home tunnel device (the netdev notifier clears it when it goes).
    pub(crate) tunnel: DeviceSlot,
    view: RcuBox<DpView>,
    #[pin]
    events: SpinLockIrq<Events>,
    /// When a traffic event was last raised, per hashed correspondent (ms, 0: never): the
    /// control plane may decline one, and the next packet must not raise it again at once.
    cn_last: [AtomicU32; CN_LIMIT_SLOTS],
    #[pin]
    correspondents: AddrTable<Correspondent>,
    #[pin]
    control: MobileNode,
    /// False once the namespace is going: the work is not armed again.
    live: AtomicBool,
    net: OwnerNet,
}

impl PernetState for MnState {
    fn id() -> &'static NetId {
        &MN_NET_ID
    }

    fn new(net: OwnerNet) -> impl PinInit<Self, Error> {
        // The hook goes last: it may run as soon as it is registered.
        try_pin_init!(Self {
            work <- DelayedWork::new::<Self>(),
            tunnel: DeviceSlot::new(),
            view: RcuBox::new(),
            events <- new_spinlock_irq!(Events::new()),
            cn_last: [const { AtomicU32::new(0) }; CN_LIMIT_SLOTS],
            correspondents <- AddrTable::new(),
            control <- MobileNode::new(),
            live: AtomicBool::new(true),
            hooks: NetHooks::register(&net, &HOOKS)?,
            net,
        })
    }

    fn pre_exit(&self) {
        self.live.store(false, Ordering::Relaxed);
    }
}

impl_delayed_work_owner!(MnState, work, MnState::run);

impl MnState {
    /// The work: runs the control plane and arms the next run it asks for, unless an
    /// event already did (a reschedule would pull an earlier event later).
    fn run(&self) {
        let next_ms = self.control.run(NetPtr::of_owner(&self.net));
        if next_ms != 0 && self.live.load(Ordering::Relaxed) {
            self.work.schedule(next_ms);
        }
    }

    /// Runs the control plane within `ms` milliseconds.
    pub(crate) fn schedule(&self, ms: u32) {
        if self.live.load(Ordering::Relaxed) {
            self.work.reschedule(ms);
        }
    }

    pub(crate) fn net_ptr(&self) -> *mut bindings::net {
        self.net.get().as_ptr()
    }

    pub(crate) fn control(&self) -> &MobileNode {
        &self.control
    }

    /// Whether the namespace is a configured mobile node (no dereference).
    pub(crate) fn configured(&self) -> bool {
        self.view.is_set()
    }

    pub(crate) fn view(&self) -> Option<DpView> {
        let rcu = rcu::read_lock();
        self.view.get(&rcu).copied()
    }

    /// A new view for the data path (`None`: not configured); on allocation failure the
    /// previous one stays and the next event retries.
    pub(crate) fn set_view(&self, view: Option<DpView>) {
        let _ = self.view.set(view);
    }

    /// Marks `cn` known, route-optimised if `active` (control plane, serialised).
    pub(crate) fn set_correspondent(&self, cn: &[u8; 16], active: bool) {
        {
            let rcu = rcu::read_lock();
            if let Some(e) = self.correspondents.get(cn, &rcu) {
                e.active.store(active, Ordering::Relaxed);
                return;
            }
        }
        let entry = Correspondent {
            node: AddrNode::new(cn),
            active: AtomicBool::new(active),
        };
        // Out of memory or table full: the correspondent goes through the tunnel.
        if let Ok(e) = KBox::new(entry, GFP_KERNEL) {
            let _ = self.correspondents.insert(e);
        }
    }

    pub(crate) fn forget_correspondent(&self, cn: &[u8; 16]) {
        let rcu = rcu::read_lock();
        if let Some(e) = self.correspondents.get(cn, &rcu) {
            self.correspondents.remove(e);
        }
    }

    /// Whether the control plane knows `cn`.
    pub(crate) fn knows(&self, cn: &[u8; 16]) -> bool {
        let rcu = rcu::read_lock();
        self.correspondents.len() != 0 && self.correspondents.get(cn, &rcu).is_some()
    }

    /// Whether packets to `cn` go route-optimised.
    pub(crate) fn route_optimised(&self, cn: &[u8; 16]) -> bool {
        let rcu = rcu::read_lock();
        self.correspondents.len() != 0
            && self
                .correspondents
                .get(cn, &rcu)
                .is_some_and(|e| e.active.load(Ordering::Relaxed))
    }

    /// Keeps a Router Advertisement for movement detection (see [`Events::keep_ra`]).
    pub(crate) fn keep_ra(
        &self,
        src: &[u8; 16],
        icmp_len: usize,
        ifindex: i32,
        copy: impl FnOnce(&mut [u8]) -> bool,
    ) {
        self.events.lock().keep_ra(src, icmp_len, ifindex, copy);
        // Give addrconf a moment to form the address from this RA before we look.
        self.schedule(20);
    }

    pub(crate) fn take_ra(&self, buf: &mut [u8], ifindex: &mut i32, src: &mut [u8; 16]) -> usize {
        self.events.lock().take_ra(buf, ifindex, src)
    }

    /// NUD gave up on neighbour `addr`: if it is the default router, movement detection
    /// treats the router as gone (§11.5.1).
    pub(crate) fn neighbour_failed(&self, addr: &[u8; 16]) {
        if !self.configured() {
            return;
        }
        self.events.lock().neighbour_failed(addr);
        self.schedule(0);
    }

    pub(crate) fn take_failed(&self) -> Option<[u8; 16]> {
        self.events.lock().take_failed()
    }

    /// Tells the control plane about correspondent `cn` (`cn_event::*`); a traffic event
    /// for the same hashed address at most once a second.
    pub(crate) fn cn_event(&self, cn: &[u8; 16], kind: u32, traffic: bool) {
        if traffic {
            let slot = &self.cn_last[hash(cn) % CN_LIMIT_SLOTS];
            let (seen, now) = (slot.load(Ordering::Relaxed), coarse_ms().max(1));
            if seen != 0 && now.wrapping_sub(seen) < CN_LIMIT_MS {
                return;
            }
            slot.store(now, Ordering::Relaxed);
        }
        self.events.lock().cn_event(cn, kind);
        self.schedule(0);
    }

    pub(crate) fn take_cn_event(&self, addr: &mut [u8; 16]) -> u32 {
        self.events.lock().take_cn_event(addr)
    }
}

/// A cheap spread of an address over the limiter's slots.
fn hash(a: &[u8; 16]) -> usize {
    let h = a.chunks_exact(4).fold(0u32, |h, w| {
        (h ^ u32::from_ne_bytes([w[0], w[1], w[2], w[3]])).rotate_left(7)
    });
    (h ^ (h >> 16)) as usize
}
