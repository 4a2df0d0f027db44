// SPDX-License-Identifier: GPL-2.0
//! Where mip6_ha meets C: mip6_base's calls into the home agent (`struct mip6_ha_ops`,
//! `include/mip6/mip6_glue.h`), the hooks' and the notifier's way to the namespace's
//! [`HaState`], and the reverse-tunnel counter that mip6_base keeps.

use crate::home_link::{BindingEvent, HaState};
use crate::knet::bindings;
use crate::knet::netdev::{Device, NetdevEvents, NetdevNotifier, Rtnl};
use crate::knet::netfilter::HookPacket;
use crate::knet::pernet::{NetRef, Pernet, PernetState};
use kernel::prelude::*;
use kernel::sync::rcu;
use kernel::ThisModule;

/// One home registration as the forwarding plane uses it (copied out of the table).
pub(crate) struct Registration {
    pub(crate) coa: [u8; 16],
    /// Our address the BU was sent to: the tunnel's source.
    pub(crate) ha_addr: [u8; 16],
    /// The home link.
    pub(crate) ifindex: i32,
}

/// The home agent side of the namespace a hook runs in, for the hook call `'a`.
#[derive(Clone, Copy)]
pub(crate) struct HaNet<'a> {
    state: &'a HaState,
    net: NetRef<'a>,
}

impl<'a> HaNet<'a> {
    /// The namespace `pkt`'s hook runs in. Only for the hooks of `HaState`'s table.
    pub(crate) fn of(pkt: &HookPacket<'a>) -> Self {
        let net = pkt.net();
        // SAFETY: the hooks that call this are registered only by the `NetHooks` field
        // of the namespace's `HaState`, which unregisters them (waiting for the calls in
        // flight) before the rest of the state goes; 'a is the hook call.
        let state = unsafe { HaState::of(net) };
        HaNet { state, net }
    }

    pub(crate) fn as_ptr(self) -> *mut bindings::net {
        self.net.as_ptr()
    }

    pub(crate) fn has_bindings(self) -> bool {
        self.state.has_bindings()
    }

    pub(crate) fn dad_watching(self) -> bool {
        self.state.dad_watching()
    }

    /// The registration of `home`, if any.
    pub(crate) fn registration(self, home: &[u8; 16]) -> Option<Registration> {
        let rcu = rcu::read_lock();
        self.state.registration(home, &rcu).map(|b| Registration {
            coa: b.coa,
            ha_addr: b.ha_addr,
            ifindex: b.ifindex,
        })
    }

    pub(crate) fn dad_seen(self, ifindex: i32, target: &[u8; 16]) {
        self.state.dad_seen(ifindex, target)
    }

    /// Counts one reverse-tunnelled packet dropped for a spoofed source.
    pub(crate) fn count_revtun_drop(self) {
        // SAFETY: live namespace; the index is one of mip6_base's counters.
        unsafe {
            bindings::mip6_stat_add(
                self.net.as_ptr(),
                bindings::mip6_dp_stat_MIP6_STAT_REVTUN_DROPS,
                1,
            )
        };
    }
}

/// The notifier's way to the state: home links leaving their namespace.
struct HaNetdevEvents;

impl NetdevEvents for HaNetdevEvents {
    fn unregistering(_rtnl: &Rtnl, dev: Device<'_>) {
        // SAFETY: the notifier is registered after the module's `Pernet<HaState>` and
        // unregistered before it (field order of `Mip6Ha`); a device is unregistered from
        // a namespace before the namespace's state goes (devices leave in `exit_rtnl`,
        // states in `exit`), and after it was created.
        let state = unsafe { HaState::of(dev.net()) };
        state.device_leaving(dev);
    }
}

/// The home agent in every namespace: its state, the netdev notifier that uses it, and
/// mip6_base's calls into it. Fields drop in declaration order, the reverse of `new`'s.
pub(crate) struct HomeAgentRegistration {
    _ops: OpsRegistration,
    _netdev: Pin<KBox<NetdevNotifier<HaNetdevEvents>>>,
    _pernet: Pin<KBox<Pernet<HaState>>>,
}

impl HomeAgentRegistration {
    pub(crate) fn new(module: &'static ThisModule) -> Result<Self> {
        let pernet = Pernet::register()?;
        let netdev = NetdevNotifier::register()?;
        // SAFETY: `pernet` is registered and outlives the ops (field order).
        let ops = unsafe { OpsRegistration::new(module) }?;
        Ok(HomeAgentRegistration {
            _ops: ops,
            _netdev: netdev,
            _pernet: pernet,
        })
    }
}

/// mip6_base calls the home agent while this is registered (`mip6_ha_ops_register`).
struct OpsRegistration {
    /// What mip6_base points at; never read from Rust.
    _ops: KBox<bindings::mip6_ha_ops>,
}

// SAFETY: the ops are read by mip6_base from any thread, never written after `new`; the
// module pointer names this module.
unsafe impl Send for OpsRegistration {}
// SAFETY: as above.
unsafe impl Sync for OpsRegistration {}

impl OpsRegistration {
    /// # Safety
    ///
    /// The module's `Pernet<HaState>` is registered, and stays so until this is dropped.
    unsafe fn new(module: &'static ThisModule) -> Result<Self> {
        let ops = KBox::new(
            bindings::mip6_ha_ops {
                owner: module.as_ptr().cast(),
                binding: Some(binding),
                dad_watch: Some(dad_watch),
            },
            GFP_KERNEL,
        )?;
        // SAFETY: the ops live in the box until `drop` unregisters them; mip6_base takes a
        // reference on `owner` around each call.
        unsafe { bindings::mip6_ha_ops_register(&*ops) };
        Ok(OpsRegistration { _ops: ops })
    }
}

impl Drop for OpsRegistration {
    fn drop(&mut self) {
        // SAFETY: registered by `new`; returns after the RCU readers of the pointer are
        // gone, and calls in progress hold the module, which is not unloading before
        // they end.
        unsafe { bindings::mip6_ha_ops_unregister() };
    }
}

/// The 16 bytes of an address mip6_base passes.
///
/// # Safety
///
/// `a` is a valid `in6_addr`.
unsafe fn addr(a: *const bindings::in6_addr) -> [u8; 16] {
    // SAFETY: valid per the contract; every bit pattern is a valid byte array.
    unsafe { (*a).in6_u.u6_addr8 }
}

/// `mip6_ha_ops.binding`.
///
/// # Safety
///
/// Called by mip6_base only, in process context, with a namespace that stays alive for
/// the call and whose state exists (mip6_base stops calling before namespaces' states
/// go: `pre_exit`), and valid addresses.
unsafe extern "C" fn binding(
    net: *mut bindings::net,
    home: *const bindings::in6_addr,
    coa: *const bindings::in6_addr,
    ha_addr: *const bindings::in6_addr,
    ifindex: c_int,
    up: bool,
) {
    // SAFETY: per the function's contract; the registration of the state outlives the
    // ops (`OpsRegistration::new`).
    let (state, ev) = unsafe {
        let state = HaState::of(NetRef::from_raw_unchecked(net));
        let ev = BindingEvent {
            home: addr(home),
            coa: addr(coa),
            ha_addr: addr(ha_addr),
            ifindex,
            up,
        };
        (state, ev)
    };
    state.binding(&ev);
}

/// `mip6_ha_ops.dad_watch`.
///
/// # Safety
///
/// As for [`binding`].
unsafe extern "C" fn dad_watch(
    net: *mut bindings::net,
    ifindex: c_int,
    home: *const bindings::in6_addr,
    start: bool,
) -> c_int {
    // SAFETY: as in `binding`.
    let (state, home) = unsafe { (HaState::of(NetRef::from_raw_unchecked(net)), addr(home)) };
    state.dad_watch(ifindex, &home, start)
}
