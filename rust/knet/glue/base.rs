// SPDX-License-Identifier: GPL-2.0
//! Where mip6_base's Rust meets C and its own per-namespace state: namespaces borrowed for
//! a call ([`NetBorrow`]) or referenced by an open device ([`NetRef`]), the sysctl table
//! (C, declarative: `rust/mip6_base/sysctl.c`), the calls into the role modules, and the
//! few queries still in `rust/mip6_base/mip6_glue.c` (routes, addresses).

use kernel::error::to_result;
use kernel::prelude::*;
use kernel::types::Opaque;

use crate::knet::bindings;
use crate::knet::module_ops::OpsSlot;
use crate::knet::netdev::in6;
use crate::knet::netfilter::{HookPacket, Verdict};
use crate::knet::pernet::{NetHandle, OwnerNet, PernetState};
use crate::namespace::BaseState;

/// `struct net` (opaque).
pub(crate) type Net = bindings::net;

use crate::knet::bindings::{mip6_now_ms, mip6_random_bytes};

/// The home agent's calls (mip6_ha registers them).
pub(crate) static HA_OPS: OpsSlot<bindings::mip6_ha_ops> = OpsSlot::new();
/// The mobile node's calls (mip6_mn registers them).
pub(crate) static MN_OPS: OpsSlot<bindings::mip6_mn_ops> = OpsSlot::new();

/// `N` random bytes from the kernel's CSPRNG (Kcn, nonces, cookies).
pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // SAFETY: `b` is valid for `N` bytes; `N` is a small constant (at most 20 here).
    unsafe { mip6_random_bytes(b.as_mut_ptr(), N as u32) };
    b
}

/// Milliseconds of monotonic boot time: the clock the protocol core's state machines use.
pub(crate) fn now_ms() -> u64 {
    // SAFETY: reads the clock; no preconditions.
    unsafe { mip6_now_ms() }
}

/// Milliseconds from the tick counter: cheap enough per packet, coarse (a jiffy).
pub(crate) fn coarse_ms() -> u32 {
    // SAFETY: reads `jiffies`; no preconditions.
    unsafe { bindings::knet_coarse_ms() }
}

/// A network namespace borrowed for the duration of a call, with mip6_base's state in it.
///
/// # Invariants
///
/// `self.0` is a live namespace whose [`BaseState`] exists while the value is used: the
/// hooks and works that make one are part of that state, and an open device holds a
/// reference on its namespace and on the module.
#[derive(Clone, Copy)]
pub(crate) struct NetBorrow(*mut Net);

impl NetBorrow {
    /// The namespace a hook's packet is processed in, for the duration of the hook.
    pub(crate) fn of_packet(pkt: &HookPacket<'_>) -> Self {
        // INVARIANT: mip6_base's hooks are registered by its state, which unregisters them
        // (waiting for the calls in flight) before it goes.
        NetBorrow(pkt.net_ptr())
    }

    /// The namespace of a piece of mip6_base's own state (its works).
    pub(crate) fn of_owner(net: &OwnerNet) -> Self {
        // INVARIANT: the state the `OwnerNet` is part of exists while its works run.
        NetBorrow(net.get().as_ptr())
    }

    /// # Safety
    /// `net` must be a live namespace with mip6_base's state for as long as the returned
    /// value is used.
    pub(crate) unsafe fn new(net: *mut Net) -> Self {
        NetBorrow(net)
    }

    /// mip6_base's state in the namespace.
    pub(crate) fn state(&self) -> &BaseState {
        // SAFETY: a live namespace with the state (type invariant); `self.0` is non-null.
        unsafe { BaseState::of(crate::knet::pernet::NetRef::from_raw_unchecked(self.0)) }
    }

    /// Hands a Mobility Header packet to the control plane's receive work (dropped when
    /// its queue is full or the namespace is going).
    pub(crate) fn queue_signalling(pkt: HookPacket<'_>) -> Verdict {
        let net = NetBorrow::of_packet(&pkt);
        let (skb, _, _, stolen) = pkt.steal();
        if let Err(skb) = net.state().queue_signalling(skb) {
            drop(skb);
        }
        stolen
    }

    /// Whether any correspondent binding exists (one atomic read).
    pub(crate) fn has_cn_bindings(&self) -> bool {
        self.state().has_cn_bindings()
    }

    /// The care-of address of `home`'s correspondent binding (marked used).
    pub(crate) fn cn_binding_coa(&self, home: &[u8; 16]) -> Option<[u8; 16]> {
        self.state().cn_binding_coa(home, coarse_ms())
    }

    /// Whether `home` has a correspondent binding to `coa` (marked used if so).
    pub(crate) fn cn_binding_matches(&self, home: &[u8; 16], coa: &[u8; 16]) -> bool {
        self.state().cn_binding_matches(home, coa, coarse_ms())
    }

    /// Sends a complete IPv6 packet (routes on its destination address).
    pub(crate) fn send_ipv6(&self, pkt: &[u8]) -> Result {
        crate::knet::route::send_ipv6(self.0, pkt, 0)
    }

    /// Sends a complete IPv6 packet out of interface `oif` (link-scoped destinations).
    pub(crate) fn send_ipv6_on(&self, pkt: &[u8], oif: i32) -> Result {
        crate::knet::route::send_ipv6(self.0, pkt, oif)
    }

    /// Runs the namespace's timers within `ms` milliseconds (they run at least once a second).
    pub(crate) fn tick_soon(&self, ms: u64) {
        self.state().tick_soon(ms)
    }

    /// The interface `addr` is on-link on (connected route), if any.
    pub(crate) fn onlink_ifindex(&self, addr: &[u8; 16]) -> Option<i32> {
        crate::knet::route::onlink_ifindex(self.0, addr)
    }

    /// Seconds the prefix of `addr` stays valid on `ifindex` (from our own addresses in it;
    /// `u32::MAX`: forever).
    pub(crate) fn prefix_valid_secs(&self, ifindex: i32, addr: &[u8; 16]) -> u32 {
        crate::knet::addrconf::prefix_valid_secs(self.0, ifindex, addr)
    }

    /// Whether `addr` is one of this namespace's addresses.
    pub(crate) fn is_local(&self, addr: &[u8; 16]) -> bool {
        crate::knet::addrconf::is_local(self.0, addr)
    }

    /// The role of this namespace.
    pub(crate) fn role(&self) -> u32 {
        self.state().role().get()
    }

    /// A `net.ipv6.mobility` knob.
    pub(crate) fn sysctl(&self, knob: Sysctl) -> i32 {
        self.state().sysctls().get(knob as usize)
    }

    /// Statistics slot `idx` as counted per CPU by the data path and the role modules.
    pub(crate) fn dp_stat(&self, idx: usize) -> u64 {
        self.state().counted(idx)
    }

    /// Hands a Mobility Header packet to the mobile node module (if loaded).
    pub(crate) fn mn_rx_mh(&self, pkt: &[u8]) {
        let Ok(len) = u32::try_from(pkt.len()) else {
            return;
        };
        MN_OPS.call(|ops| {
            if let Some(rx_mh) = ops.rx_mh {
                // SAFETY: `self.0` is live; `pkt` is valid for `len` bytes during the call.
                unsafe { rx_mh(self.0, pkt.as_ptr(), len) }
            }
        });
    }

    /// The namespace stopped playing the mobile node: deregister, remove the home tunnel.
    pub(crate) fn mn_stop(&self) {
        MN_OPS.call(|ops| {
            if let Some(stop) = ops.stop {
                // SAFETY: `self.0` is live.
                unsafe { stop(self.0) }
            }
        });
    }

    /// An ioctl mip6_base does not know, for the mobile node module (ENOTTY without it).
    pub(crate) fn mn_ioctl(&self, admin: bool, cmd: u32, arg: usize) -> Result {
        let ret = MN_OPS.call(|ops| match ops.ioctl {
            // SAFETY: `self.0` is live; `arg` is the caller's untrusted user pointer,
            // which the mobile node only accesses through the uaccess helpers.
            Some(ioctl) => unsafe { ioctl(self.0, admin, cmd, arg as c_ulong) },
            None => ENOTTY.to_errno(),
        });
        to_result(ret.unwrap_or(ENOTTY.to_errno()))
    }

    /// A correspondent registration began, moved (`up`) or ended: the data path's view.
    pub(crate) fn cn_binding(&self, home: &[u8; 16], coa: &[u8; 16], up: bool) {
        self.state().cn_binding(home, coa, up, coarse_ms())
    }

    /// Milliseconds since the data path last used the correspondent binding of `home`.
    pub(crate) fn cn_binding_idle_ms(&self, home: &[u8; 16]) -> u32 {
        self.state().cn_binding_idle_ms(home, coarse_ms())
    }

    /// Tells the home agent's forwarding plane (mip6_ha, if loaded) that a home
    /// registration was accepted (`up`, with the home link `ifindex`) or ended.
    pub(crate) fn ha_binding(
        &self,
        home: &[u8; 16],
        coa: &[u8; 16],
        ha_addr: &[u8; 16],
        ifindex: i32,
        up: bool,
    ) {
        let (h, c, a) = (in6(home), in6(coa), in6(ha_addr));
        HA_OPS.call(|ops| {
            if let Some(binding) = ops.binding {
                // SAFETY: `self.0` is live; the addresses are valid for the call.
                unsafe { binding(self.0, &h, &c, &a, ifindex, up) }
            }
        });
    }

    fn ha_dad_watch(&self, ifindex: i32, home: &[u8; 16], start: bool) -> c_int {
        let h = in6(home);
        HA_OPS
            .call(|ops| match ops.dad_watch {
                // SAFETY: `self.0` is live; the address is valid for the call.
                Some(watch) => unsafe { watch(self.0, ifindex, &h, start) },
                None => EOPNOTSUPP.to_errno(),
            })
            .unwrap_or(EOPNOTSUPP.to_errno())
    }

    /// Starts watching the home link `ifindex` for an answer to the DAD probe of `home`.
    pub(crate) fn ha_dad_start(&self, ifindex: i32, home: &[u8; 16]) -> Result {
        to_result(self.ha_dad_watch(ifindex, home, true))
    }

    /// Stops watching for `home`: whether another node answered its DAD probe.
    pub(crate) fn ha_dad_conflict(&self, ifindex: i32, home: &[u8; 16]) -> bool {
        self.ha_dad_watch(ifindex, home, false) == 1
    }
}

/// The `net.ipv6.mobility` table of one namespace: the values (read by the code, written
/// by the sysctl handler) and the registration, whose table points at them.
///
/// # Invariants
///
/// `hdr` is the registration of a table whose entries point at `values`, until dropped.
#[pin_data(PinnedDrop)]
pub(crate) struct Sysctls {
    #[pin]
    values: Opaque<[c_int; bindings::mip6_sysctl_MIP6_SYSCTL_COUNT as usize]>,
    hdr: *mut bindings::ctl_table_header,
}

// SAFETY: the values are read with volatile loads (READ_ONCE) and written by the sysctl
// handler only; the header is only used to unregister.
unsafe impl Send for Sysctls {}
// SAFETY: as above.
unsafe impl Sync for Sysctls {}

impl Sysctls {
    /// Registers the namespace's table with the defaults (`debuglevel` as given).
    pub(crate) fn new(net: &OwnerNet, debuglevel: i32) -> impl PinInit<Self, Error> {
        let net = net.get().as_ptr();
        // SAFETY: on success both fields are initialised (the values by the C, which fills
        // them before it registers the table); on failure nothing is left to drop.
        unsafe {
            pin_init::pin_init_from_closure(move |slot: *mut Self| {
                let values = core::ptr::addr_of_mut!((*slot).values).cast::<c_int>();
                let hdr = bindings::mip6_sysctl_register(net, values, debuglevel);
                if hdr.is_null() {
                    return Err(ENOMEM);
                }
                core::ptr::addr_of_mut!((*slot).hdr).write(hdr);
                Ok(())
            })
        }
    }

    /// Knob `idx` (0 out of range).
    pub(crate) fn get(&self, idx: usize) -> i32 {
        if idx >= bindings::mip6_sysctl_MIP6_SYSCTL_COUNT as usize {
            return 0;
        }
        // SAFETY: in range; the sysctl handler may write concurrently: a volatile read
        // (READ_ONCE) of an aligned int.
        unsafe { self.values.get().cast::<c_int>().add(idx).read_volatile() }
    }
}

#[pinned_drop]
impl PinnedDrop for Sysctls {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: registered (type invariant); returns once no handler runs.
        unsafe { bindings::mip6_sysctl_unregister(self.hdr) };
    }
}

/// A counted reference to a network namespace (an open `/dev/mipv6_dev`).
pub(crate) struct NetRef(NetHandle);

impl NetRef {
    /// The calling task's network namespace.
    pub(crate) fn current() -> Self {
        NetRef(NetHandle::current())
    }

    /// Whether the caller has CAP_NET_ADMIN over this namespace.
    pub(crate) fn admin_capable(&self) -> bool {
        self.0.admin_capable()
    }

    /// mip6_base's state in the namespace.
    pub(crate) fn state(&self) -> &BaseState {
        // SAFETY: the reference keeps the namespace, and the open device the module, hence
        // the namespace's state, while `self` is borrowed.
        unsafe { BaseState::of(self.0.get()) }
    }

    /// Borrow for calls while this reference is held.
    pub(crate) fn borrow(&self) -> NetBorrow {
        // INVARIANT: the reference keeps the namespace, and the open device the module,
        // hence the namespace's state.
        NetBorrow(self.0.get().as_ptr())
    }

    /// The role this namespace plays (`mip6::abi::Role` number).
    pub(crate) fn role(&self) -> u32 {
        self.borrow().role()
    }

    /// Sets the role; EOPNOTSUPP when its module is not loaded.
    pub(crate) fn set_role(&self, role: u32) -> Result {
        self.state().role().set(role)
    }

    /// Current value of a `net.ipv6.mobility` knob.
    #[allow(dead_code)]
    pub(crate) fn sysctl(&self, knob: Sysctl) -> i32 {
        self.borrow().sysctl(knob)
    }
}

/// Bit `1 << role` for each role module currently registered.
pub(crate) fn roles_loaded() -> u32 {
    crate::roles::loaded()
}

/// The `net.ipv6.mobility` knobs, in the order of `enum mip6_sysctl`.
#[allow(dead_code)]
#[derive(Clone, Copy)]
#[repr(u32)]
pub(crate) enum Sysctl {
    DebugLevel = 0,
    AcceptReturnRoutability,
    BuFlagLladdr,
    BuFlagKeymgm,
    BuFlagCnAck,
    MaxRouterReachableTime,
    EagerCellSwitching,
    BindingRefreshAdvice,
    MaxTnls,
    MinTnls,
    TunnelSitelocal,
    MaxBindings,
    MaxCnBindings,
    ReplayTolerance,
    MaxHomeLifetime,
}
