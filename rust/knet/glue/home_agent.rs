// SPDX-License-Identifier: GPL-2.0
//! Safe Rust over mip6_ha's C glue (`rust/mip6_ha/mip6_ha_glue.c`, declarations in
//! `include/mip6/mip6_ha_glue.h`): the namespace's home registrations as the forwarding
//! plane reads them, and the DAD watch list.

use crate::knet::bindings;
use crate::knet::netfilter::HookPacket;

/// One home registration as the forwarding plane uses it.
pub(crate) struct Registration {
    pub(crate) coa: [u8; 16],
    /// Our address the BU was sent to: the tunnel's source.
    pub(crate) ha_addr: [u8; 16],
    /// The home link.
    pub(crate) ifindex: i32,
}

/// The home agent side of the namespace a hook runs in.
///
/// # Invariants
///
/// `self.0` is the live namespace of a running netfilter hook (valid for `'a`).
#[derive(Clone, Copy)]
pub(crate) struct HaNet<'a>(*mut bindings::net, core::marker::PhantomData<&'a ()>);

impl<'a> HaNet<'a> {
    /// The namespace `pkt`'s hook runs in.
    pub(crate) fn of(pkt: &'a HookPacket<'_>) -> Self {
        // INVARIANT: a hook's namespace lives while the hook runs, and `pkt` is borrowed
        // for `'a`, which ends before the hook returns.
        HaNet(pkt.net_ptr(), core::marker::PhantomData)
    }

    pub(crate) fn as_ptr(self) -> *mut bindings::net {
        self.0
    }

    /// Whether the namespace has home registrations (one atomic read).
    pub(crate) fn has_bindings(self) -> bool {
        // SAFETY: live namespace (type invariant).
        unsafe { bindings::mip6_ha_bindings_any(self.0) }
    }

    /// Whether DAD probes for new home addresses are in flight (one atomic read).
    pub(crate) fn dad_watching(self) -> bool {
        // SAFETY: live namespace (type invariant).
        unsafe { bindings::mip6_ha_dad_watching(self.0) }
    }

    /// The registration of `home`, if any (hooks run under RCU, as the table requires).
    pub(crate) fn registration(self, home: &[u8; 16]) -> Option<Registration> {
        let mut out = bindings::mip6_ha_fwd::default();
        // SAFETY: live namespace; `home` is 16 bytes; `out` is a valid `mip6_ha_fwd`;
        // netfilter hooks run under rcu_read_lock.
        unsafe { bindings::mip6_ha_fwd_get(self.0, home.as_ptr(), &mut out) }.then_some(
            Registration {
                coa: out.coa,
                ha_addr: out.ha_addr,
                ifindex: out.ifindex,
            },
        )
    }

    /// Records a Neighbour Advertisement for `target` seen on `ifindex` (DAD evidence).
    pub(crate) fn dad_seen(self, ifindex: i32, target: &[u8; 16]) {
        // SAFETY: live namespace; `target` is 16 bytes.
        unsafe { bindings::mip6_ha_dad_seen(self.0, ifindex, target.as_ptr()) };
    }

    /// Counts one reverse-tunnelled packet dropped for a spoofed source.
    pub(crate) fn count_revtun_drop(self) {
        // SAFETY: live namespace; the index is one of mip6_base's counters.
        unsafe {
            bindings::mip6_stat_add(self.0, bindings::mip6_dp_stat_MIP6_STAT_REVTUN_DROPS, 1)
        };
    }
}

/// Registers the forwarding plane's C glue (pernet state, hooks, notifiers) until the returned guard
/// is dropped.
pub(crate) fn register_forwarding_plane() -> kernel::error::Result<crate::role::GlueRegistration> {
    // SAFETY: the module's glue init/exit pair, registered once, from module init.
    unsafe {
        crate::role::GlueRegistration::new(bindings::mip6_ha_glue_init, bindings::mip6_ha_glue_exit)
    }
}
