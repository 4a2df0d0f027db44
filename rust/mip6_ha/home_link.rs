// SPDX-License-Identifier: GPL-2.0
//! The home agent's state in each namespace ([`HaState`]): the home registrations the
//! forwarding plane reads, how the home link listens for their Neighbour Solicitations,
//! and the Duplicate Address Detection watch list.
//!
//! mip6_base's control plane decides registrations and reports each one here
//! ([`HaState::binding`], process context, serialised per namespace). The forwarding plane
//! (`forwarding.rs`, softirq) reads the table lock-free.
//!
//! Listening: the kernel keeps a device's multicast groups in a list it scans on every
//! join and every multicast packet received, so only the first [`MC_JOIN_MAX`] bindings
//! of a namespace join their solicited-node group; past that their home link is put in
//! all-multicast mode (the hook answers for every binding either way). The all-multicast
//! reference needs the RTNL, which the caller's context may not take, so a work item
//! applies it.
//!
//! Teardown is the field order of [`HaState`]: hooks first (no packet in flight), then
//! the work, the table, the listening state (which gives back what it holds on devices).
//! mip6_base stops reporting before any namespace's state goes (its `pre_exit`), and the
//! module stops hearing from mip6_base before it unregisters the state.

use core::sync::atomic::{AtomicUsize, Ordering};
use kernel::prelude::*;
use kernel::sync::{new_mutex, new_spinlock_irq, rcu, Mutex, SpinLockIrq};

use crate::forwarding::{mip6_rs_ha_local_out, mip6_rs_ha_prerouting};
use crate::knet::addr_table::{addr_entry, AddrNode, AddrTable};
use crate::knet::netdev::{Device, DeviceRef, Rtnl};
use crate::knet::netfilter::{HookPoint, HookTable, NetHooks, PRI_FIRST, PRI_LAST};
use crate::knet::pernet::{NetId, OwnerNet, PernetState};
use crate::knet::work::{impl_work_owner, Work};
use crate::mip6::dad::solicited_node;

/// Bindings per namespace that join their solicited-node group.
const MC_JOIN_MAX: usize = 256;

/// Home addresses under Duplicate Address Detection at once, per namespace.
const DAD_MAX: usize = 256;

/// One home registration, as the forwarding plane reads it. Immutable once in the table:
/// a refresh or a move replaces it.
#[repr(C)]
pub(crate) struct HaBinding {
    node: AddrNode,
    pub(crate) coa: [u8; 16],
    /// Our address the BU was sent to: the tunnel's source.
    pub(crate) ha_addr: [u8; 16],
    /// The home link.
    pub(crate) ifindex: i32,
    /// It holds a join of the home address's solicited-node group.
    joined: bool,
}
addr_entry!(HaBinding, node);

/// A home registration as mip6_base reports it.
pub(crate) struct BindingEvent {
    pub(crate) home: [u8; 16],
    pub(crate) coa: [u8; 16],
    pub(crate) ha_addr: [u8; 16],
    pub(crate) ifindex: i32,
    /// Accepted (true) or ended.
    pub(crate) up: bool,
}

/// A home link with bindings past the join limit.
struct Link {
    ifindex: i32,
    /// Bindings on this link that did not join.
    unjoined: u32,
    /// We hold one all-multicast reference on the device.
    allmulti: bool,
}

/// What the namespace's home links listen to on the bindings' behalf.
struct Listening {
    net: OwnerNet,
    /// (home address, home link) of each binding that joined its group.
    joined: KVec<([u8; 16], i32)>,
    links: KVec<Link>,
}

/// A home address under DAD on its home link.
struct DadWatch {
    target: [u8; 16],
    ifindex: i32,
    /// A Neighbour Advertisement for `target` came in.
    conflict: bool,
}

static HA_NET_ID: NetId = NetId::new();

static HOOKS: HookTable<2> = HookTable::ipv6([
    // After mip6_base's hook, which takes the signalling addressed to us.
    (mip6_rs_ha_prerouting, HookPoint::PreRouting, PRI_FIRST + 1),
    // Before mip6_base's route optimisation.
    (mip6_rs_ha_local_out, HookPoint::LocalOut, PRI_LAST - 2),
]);

/// The home agent's state in one namespace. Fields drop in declaration order.
#[pin_data]
pub(crate) struct HaState {
    hooks: NetHooks,
    #[pin]
    allmulti_work: Work,
    #[pin]
    bindings: AddrTable<HaBinding>,
    #[pin]
    listening: Mutex<Listening>,
    /// The hook takes it too (softirq).
    #[pin]
    dad: SpinLockIrq<KVec<DadWatch>>,
    /// Entries in `dad`: the hook looks only while non-zero.
    dad_watched: AtomicUsize,
}

impl PernetState for HaState {
    fn id() -> &'static NetId {
        &HA_NET_ID
    }

    fn new(net: OwnerNet) -> impl PinInit<Self, Error> {
        // The hooks go last: they may run as soon as they are registered.
        try_pin_init!(Self {
            allmulti_work <- Work::new::<Self>(),
            bindings <- AddrTable::new(),
            listening <- new_mutex!(Listening {
                net: net.share(),
                joined: KVec::new(),
                links: KVec::new(),
            }),
            dad <- new_spinlock_irq!(KVec::with_capacity(DAD_MAX, GFP_KERNEL)?),
            dad_watched: AtomicUsize::new(0),
            hooks: NetHooks::register(&net, &HOOKS)?,
        })
    }
}

impl_work_owner!(HaState, allmulti_work, HaState::allmulti_sync);

impl HaState {
    /// Whether the namespace has home registrations (one atomic read).
    pub(crate) fn has_bindings(&self) -> bool {
        self.bindings.len() != 0
    }

    /// The registration of `home`, valid while `rcu` is held.
    pub(crate) fn registration<'g>(
        &'g self,
        home: &[u8; 16],
        rcu: &'g rcu::Guard,
    ) -> Option<&'g HaBinding> {
        self.bindings.get(home, rcu)
    }

    /// A registration accepted or ended by the control plane (process context).
    pub(crate) fn binding(&self, ev: &BindingEvent) {
        let new = if ev.up {
            let entry = HaBinding {
                node: AddrNode::new(&ev.home),
                coa: ev.coa,
                ha_addr: ev.ha_addr,
                ifindex: ev.ifindex,
                joined: false,
            };
            match KBox::new(entry, GFP_KERNEL) {
                Ok(b) => Some(b),
                // The tunnel is missing; the control plane's binding expires.
                Err(_) => return,
            }
        } else {
            None
        };
        let mut listening = self.listening.lock();
        let (mut new, mut left) = (new, None);
        {
            let rcu = rcu::read_lock();
            if let Some(old) = self.bindings.get(&ev.home, &rcu) {
                match new.take() {
                    // A move or refresh on the same link: readers see the old or the new
                    // entry, never none, and the new one takes over how it listens.
                    Some(mut n) if old.ifindex == ev.ifindex => {
                        n.joined = old.joined;
                        // Writers hold `listening`, so `old` is still in the table.
                        let _ = self.bindings.replace(old, n);
                        return;
                    }
                    other => new = other,
                }
                if self.bindings.remove(old) {
                    left = Some((old.ifindex, old.joined));
                }
            }
        }
        if let Some((ifindex, joined)) = left {
            listening.unlisten(&ev.home, ifindex, joined, &self.allmulti_work);
        }
        let Some(mut n) = new else {
            return;
        };
        n.joined = listening.listen(&ev.home, ev.ifindex, &self.allmulti_work);
        let joined = n.joined;
        if self.bindings.insert(n).is_err() {
            listening.unlisten(&ev.home, ev.ifindex, joined, &self.allmulti_work);
            return;
        }
        // Unsolicited NA for the home address (§10.4.1): neighbours now reach it via us.
        if let Some(dev) = DeviceRef::by_index(listening.net.get(), ev.ifindex) {
            dev.announce(&ev.home);
        }
    }

    /// Brings each link's all-multicast reference in line with its count of bindings that
    /// did not join, and forgets links that need nothing (the work item).
    fn allmulti_sync(&self) {
        // The RTNL before `listening`, as in the netdev notifier.
        let rtnl = Rtnl::lock();
        let mut guard = self.listening.lock();
        let Listening { net, links, .. } = &mut *guard;
        for link in links.iter_mut() {
            let want = link.unjoined > 0;
            if want == link.allmulti {
                continue;
            }
            match rtnl.device(net.get(), link.ifindex) {
                Some(dev) if dev.set_allmulti(want).is_ok() => link.allmulti = want,
                // The device is gone (or refused): nothing to give back.
                _ if !want => link.allmulti = false,
                _ => {}
            }
        }
        links.retain(|l| l.unjoined > 0 || l.allmulti);
    }

    /// A home link leaving the namespace (deleted, or moved out, as when the namespace
    /// dies): give back our all-multicast reference while the device is here to take it.
    pub(crate) fn device_leaving(&self, dev: Device<'_>) {
        let mut guard = self.listening.lock();
        let ifindex = dev.ifindex();
        if let Some(link) = guard
            .links
            .iter_mut()
            .find(|l| l.ifindex == ifindex && l.allmulti)
        {
            let _ = dev.set_allmulti(false);
            link.allmulti = false;
        }
    }

    /// Whether DAD probes for new home addresses are in flight (one atomic read).
    pub(crate) fn dad_watching(&self) -> bool {
        self.dad_watched.load(Ordering::Relaxed) != 0
    }

    /// Duplicate Address Detection of a home address (§10.4.1; mip6_base sends the
    /// probes): start watching `ifindex` for an advertisement of `home` (0, or -ENOSPC),
    /// or stop (1: one was seen, 0: none, -ENOENT).
    pub(crate) fn dad_watch(&self, ifindex: i32, home: &[u8; 16], start: bool) -> i32 {
        let mut list = self.dad.lock();
        let ret = match list.iter().position(|w| w.target == *home) {
            Some(i) if start => {
                list[i].ifindex = ifindex;
                list[i].conflict = false;
                0
            }
            Some(i) => list.remove(i).map_or(0, |w| i32::from(w.conflict)),
            None if !start => ENOENT.to_errno(),
            None => {
                let watch = DadWatch {
                    target: *home,
                    ifindex,
                    conflict: false,
                };
                match list.push_within_capacity(watch) {
                    Ok(()) => 0,
                    Err(_) => ENOSPC.to_errno(),
                }
            }
        };
        self.dad_watched.store(list.len(), Ordering::Relaxed);
        ret
    }

    /// A Neighbour Advertisement for `target` came in on `ifindex` (softirq).
    pub(crate) fn dad_seen(&self, ifindex: i32, target: &[u8; 16]) {
        for w in self.dad.lock().iter_mut() {
            if w.ifindex == ifindex && w.target == *target {
                w.conflict = true;
            }
        }
    }
}

impl Listening {
    /// Makes `ifindex` receive Neighbour Solicitations for a new binding's `home`: joins
    /// its solicited-node group while under the limit (true), else counts it on its
    /// link, whose all-multicast mode the work then turns on.
    fn listen(&mut self, home: &[u8; 16], ifindex: i32, work: &Work) -> bool {
        if self.joined.len() < MC_JOIN_MAX && self.joined.push((*home, ifindex), GFP_KERNEL).is_ok()
        {
            self.group(home, ifindex, true);
            return true;
        }
        match self.links.iter_mut().find(|l| l.ifindex == ifindex) {
            Some(link) => link.unjoined = link.unjoined.saturating_add(1),
            None => {
                let link = Link {
                    ifindex,
                    unjoined: 1,
                    allmulti: false,
                };
                if self.links.push(link, GFP_KERNEL).is_err() {
                    // Out of memory: only the NS the link hears anyway are answered.
                    return false;
                }
            }
        }
        work.schedule();
        false
    }

    /// Undoes [`Listening::listen`] for a binding going away.
    fn unlisten(&mut self, home: &[u8; 16], ifindex: i32, joined: bool, work: &Work) {
        if joined {
            if let Some(i) = self.joined.iter().position(|j| *j == (*home, ifindex)) {
                let _ = self.joined.remove(i);
                self.group(home, ifindex, false);
            }
            return;
        }
        if let Some(link) = self.links.iter_mut().find(|l| l.ifindex == ifindex) {
            link.unjoined = link.unjoined.saturating_sub(1);
            if link.unjoined == 0 {
                work.schedule();
            }
        }
    }

    fn group(&self, home: &[u8; 16], ifindex: i32, join: bool) {
        if let Some(dev) = DeviceRef::by_index(self.net.get(), ifindex) {
            dev.multicast(&solicited_node(home), join);
        }
    }
}

impl Drop for Listening {
    /// The namespace's state is going (the namespace, or the module): give back every
    /// all-multicast reference and leave every group still held.
    fn drop(&mut self) {
        let rtnl = Rtnl::lock();
        for link in self.links.iter().filter(|l| l.allmulti) {
            if let Some(dev) = rtnl.device(self.net.get(), link.ifindex) {
                let _ = dev.set_allmulti(false);
            }
        }
        drop(rtnl);
        for (home, ifindex) in self.joined.iter() {
            self.group(home, *ifindex, false);
        }
    }
}
