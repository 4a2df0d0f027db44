// SPDX-License-Identifier: GPL-2.0
//! Safe Rust over mip6_base's C glue (`rust/mip6_base/mip6_glue.c`,
//! declarations in `include/mip6/mip6_glue.h`): namespace references, sysctls, roles.

use core::ffi::c_void;
use kernel::error::to_result;
use kernel::prelude::*;

/// `struct net` (opaque).
pub(crate) type Net = crate::knet::bindings::net;

use crate::knet::bindings::{
    mip6_base_glue_exit, mip6_base_glue_init, mip6_cn_binding, mip6_cn_binding_get,
    mip6_cn_binding_idle_ms, mip6_cn_binding_matches, mip6_cn_bindings_any, mip6_ha_binding_event,
    mip6_ha_dad_watch, mip6_is_local_addr, mip6_mn_ioctl, mip6_mn_rx_mh, mip6_mn_stop,
    mip6_net_admin_capable, mip6_net_get_current, mip6_net_put, mip6_net_role, mip6_net_rs,
    mip6_net_set_role, mip6_now_ms, mip6_onlink_ifindex, mip6_prefix_valid_secs, mip6_random_bytes,
    mip6_roles_loaded, mip6_signalling_queue, mip6_stat_read, mip6_sysctl_get, mip6_tick_soon,
};

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

/// A network namespace borrowed for the duration of a call from the glue (no reference
/// count taken: the glue guarantees it outlives the call).
#[derive(Clone, Copy)]
pub(crate) struct NetBorrow(*mut Net);

impl NetBorrow {
    /// The namespace a hook's packet is processed in, for the duration of the hook.
    pub(crate) fn of_packet(pkt: &crate::knet::netfilter::HookPacket<'_>) -> Self {
        // SAFETY: a hook's namespace is live while the hook runs, and the `HookPacket`
        // borrowed here does not outlive the hook.
        unsafe { NetBorrow::new(pkt.net_ptr()) }
    }

    /// Hands a Mobility Header packet to the control plane's receive work (dropped when
    /// its queue is full).
    pub(crate) fn queue_signalling(
        pkt: crate::knet::netfilter::HookPacket<'_>,
    ) -> crate::knet::netfilter::Verdict {
        let net = pkt.net_ptr();
        // SAFETY: `mip6_signalling_queue` queues the skb and returns NF_STOLEN, or
        // returns NF_DROP without touching it; `net` is the hook's live namespace.
        unsafe { pkt.give_to(|skb| mip6_signalling_queue(net, skb)) }
    }

    /// Whether any correspondent binding exists (one atomic read).
    pub(crate) fn has_cn_bindings(&self) -> bool {
        // SAFETY: `self.0` is live.
        unsafe { mip6_cn_bindings_any(self.0) }
    }

    /// The care-of address of `home`'s correspondent binding (the data path marks it
    /// used). Called from a netfilter hook (under RCU).
    pub(crate) fn cn_binding_coa(&self, home: &[u8; 16]) -> Option<[u8; 16]> {
        let mut coa = [0u8; 16];
        // SAFETY: `self.0` is live; both addresses point to 16 bytes; hooks run under
        // rcu_read_lock, as the address map requires.
        unsafe { mip6_cn_binding_get(self.0, home.as_ptr(), coa.as_mut_ptr()) }.then_some(coa)
    }

    /// Whether `home` has a correspondent binding to `coa` (the data path marks it used).
    /// Called from a netfilter hook (under RCU).
    pub(crate) fn cn_binding_matches(&self, home: &[u8; 16], coa: &[u8; 16]) -> bool {
        // SAFETY: `self.0` is live; both addresses point to 16 bytes; hooks run under
        // rcu_read_lock, as the address map requires.
        unsafe { mip6_cn_binding_matches(self.0, home.as_ptr(), coa.as_ptr()) }
    }

    /// # Safety
    /// `net` must be a live namespace for as long as the returned value is used.
    pub(crate) unsafe fn new(net: *mut Net) -> Self {
        NetBorrow(net)
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
        // SAFETY: `self.0` is live.
        unsafe { mip6_tick_soon(self.0, u32::try_from(ms).unwrap_or(1000)) }
    }

    /// The interface `addr` is on-link on (connected route), if any.
    pub(crate) fn onlink_ifindex(&self, addr: &[u8; 16]) -> Option<i32> {
        // SAFETY: `self.0` is live; `addr` points to 16 bytes.
        let i = unsafe { mip6_onlink_ifindex(self.0, addr.as_ptr()) };
        (i > 0).then_some(i)
    }

    /// Seconds the prefix of `addr` stays valid on `ifindex` (from our own addresses in it;
    /// `u32::MAX`: forever).
    pub(crate) fn prefix_valid_secs(&self, ifindex: i32, addr: &[u8; 16]) -> u32 {
        // SAFETY: `self.0` is live; `addr` points to 16 bytes.
        unsafe { mip6_prefix_valid_secs(self.0, ifindex, addr.as_ptr()) }
    }

    /// Whether `addr` is one of this namespace's addresses.
    pub(crate) fn is_local(&self, addr: &[u8; 16]) -> bool {
        // SAFETY: `self.0` is live; `addr` points to 16 bytes.
        unsafe { mip6_is_local_addr(self.0, addr.as_ptr()) }
    }

    /// The role of this namespace.
    pub(crate) fn role(&self) -> u32 {
        // SAFETY: `self.0` is live.
        u32::try_from(unsafe { mip6_net_role(self.0) }).unwrap_or(0)
    }

    /// A `net.ipv6.mobility` knob.
    pub(crate) fn sysctl(&self, knob: Sysctl) -> i32 {
        // SAFETY: `self.0` is live; the glue bounds-checks `knob`.
        unsafe { mip6_sysctl_get(self.0, knob as u32) }
    }

    /// Statistics slot `idx` as counted per CPU by the data path and the role modules.
    pub(crate) fn dp_stat(&self, idx: usize) -> u64 {
        let Ok(idx) = u32::try_from(idx) else {
            return 0;
        };
        // SAFETY: `self.0` is live; the glue bounds-checks the index.
        unsafe { mip6_stat_read(self.0, idx) }
    }

    /// Hands a Mobility Header packet to the mobile node module (if loaded).
    pub(crate) fn mn_rx_mh(&self, pkt: &[u8]) {
        let Ok(len) = u32::try_from(pkt.len()) else {
            return;
        };
        // SAFETY: `self.0` is live; `pkt` is valid for `len` bytes during the call.
        unsafe { mip6_mn_rx_mh(self.0, pkt.as_ptr(), len) }
    }

    /// The namespace stopped playing the mobile node: deregister, remove the home tunnel.
    pub(crate) fn mn_stop(&self) {
        // SAFETY: `self.0` is live.
        unsafe { mip6_mn_stop(self.0) }
    }

    /// An ioctl mip6_base does not know, for the mobile node module (ENOTTY without it).
    pub(crate) fn mn_ioctl(&self, admin: bool, cmd: u32, arg: usize) -> Result {
        // SAFETY: `self.0` is live; `arg` is the caller's untrusted user pointer, which the
        // mobile node only accesses through the uaccess helpers.
        to_result(unsafe { mip6_mn_ioctl(self.0, admin, cmd, arg) })
    }

    /// Tells the home agent's forwarding plane (mip6_ha, if loaded) that a home
    /// registration was accepted (`up`, with the home link `ifindex`) or ended.
    /// A correspondent registration began, moved (`up`) or ended: the data path's view.
    pub(crate) fn cn_binding(&self, home: &[u8; 16], coa: &[u8; 16], up: bool) {
        // SAFETY: `self.0` is live; the addresses point to 16 bytes each; the glue copies them.
        unsafe { mip6_cn_binding(self.0, home.as_ptr(), coa.as_ptr(), up) }
    }

    /// Milliseconds since the data path last used the correspondent binding of `home`.
    pub(crate) fn cn_binding_idle_ms(&self, home: &[u8; 16]) -> u32 {
        // SAFETY: `self.0` is live; `home` points to 16 bytes.
        unsafe { mip6_cn_binding_idle_ms(self.0, home.as_ptr()) }
    }

    pub(crate) fn ha_binding(
        &self,
        home: &[u8; 16],
        coa: &[u8; 16],
        ha_addr: &[u8; 16],
        ifindex: i32,
        up: bool,
    ) {
        // SAFETY: `self.0` is live; the addresses point to 16 bytes each; the glue copies them.
        unsafe {
            mip6_ha_binding_event(
                self.0,
                home.as_ptr(),
                coa.as_ptr(),
                ha_addr.as_ptr(),
                ifindex,
                up,
            )
        }
    }

    /// Starts watching the home link `ifindex` for an answer to the DAD probe of `home`.
    pub(crate) fn ha_dad_start(&self, ifindex: i32, home: &[u8; 16]) -> Result {
        // SAFETY: `self.0` is live; `home` points to 16 bytes, copied by the glue.
        to_result(unsafe { mip6_ha_dad_watch(self.0, ifindex, home.as_ptr(), true) })
    }

    /// Stops watching for `home`: whether another node answered its DAD probe.
    pub(crate) fn ha_dad_conflict(&self, ifindex: i32, home: &[u8; 16]) -> bool {
        // SAFETY: as for `ha_dad_start`.
        unsafe { mip6_ha_dad_watch(self.0, ifindex, home.as_ptr(), false) == 1 }
    }

    /// The Rust per-namespace state pointer the glue keeps.
    pub(crate) fn rs(&self) -> *mut c_void {
        // SAFETY: `self.0` is live.
        unsafe { mip6_net_rs(self.0) }
    }
}

/// The per-namespace state and sysctls are registered while this guard lives.
pub(crate) struct PernetRegistration(());

impl PernetRegistration {
    /// Registers the pernet subsystem (sysctl tables for every namespace, present and future).
    pub(crate) fn new(debuglevel_default: i32) -> Result<Self> {
        // SAFETY: called once from module init; the glue has no preconditions.
        to_result(unsafe { mip6_base_glue_init(debuglevel_default) })?;
        Ok(PernetRegistration(()))
    }
}

impl Drop for PernetRegistration {
    fn drop(&mut self) {
        // SAFETY: `new` succeeded, so the pernet subsystem is registered exactly once.
        unsafe { mip6_base_glue_exit() };
    }
}

/// A counted reference to a network namespace.
pub(crate) struct NetRef(*mut Net);

// SAFETY: a `struct net` reference may be used and dropped from any thread; all state
// reached through it is read with READ_ONCE or written under the glue's mutex.
unsafe impl Send for NetRef {}
// SAFETY: see `Send`; `&NetRef` only allows the same thread-safe glue calls.
unsafe impl Sync for NetRef {}

impl NetRef {
    /// The calling task's network namespace.
    pub(crate) fn current() -> Self {
        // SAFETY: called from process context (open), where `current->nsproxy` is valid;
        // the glue takes a reference that `Drop` releases.
        NetRef(unsafe { mip6_net_get_current() })
    }

    /// Whether the caller has CAP_NET_ADMIN over this namespace.
    pub(crate) fn admin_capable(&self) -> bool {
        // SAFETY: `self.0` is a live reference taken in `current`.
        unsafe { mip6_net_admin_capable(self.0) }
    }

    /// The role this namespace plays (`mip6::abi::Role` number).
    pub(crate) fn role(&self) -> u32 {
        // SAFETY: `self.0` is a live reference; the pernet state exists while the module is loaded.
        let r = unsafe { mip6_net_role(self.0) };
        u32::try_from(r).unwrap_or(0)
    }

    /// Borrow for glue calls while this reference is held.
    pub(crate) fn borrow(&self) -> NetBorrow {
        NetBorrow(self.0)
    }

    /// Sets the role; EOPNOTSUPP when its module is not loaded.
    pub(crate) fn set_role(&self, role: u32) -> Result {
        // SAFETY: `self.0` is a live reference; the glue validates `role`.
        to_result(unsafe { mip6_net_set_role(self.0, role) })
    }

    /// Current value of a `net.ipv6.mobility` knob.
    #[allow(dead_code)]
    pub(crate) fn sysctl(&self, knob: Sysctl) -> i32 {
        // SAFETY: `self.0` is a live reference; the glue bounds-checks `knob`.
        unsafe { mip6_sysctl_get(self.0, knob as u32) }
    }
}

impl Drop for NetRef {
    fn drop(&mut self) {
        // SAFETY: releases the reference taken in `current`.
        unsafe { mip6_net_put(self.0) };
    }
}

/// Bit `1 << role` for each role module currently registered.
pub(crate) fn roles_loaded() -> u32 {
    // SAFETY: reads a word; no preconditions.
    unsafe { mip6_roles_loaded() }
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
