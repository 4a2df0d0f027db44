// SPDX-License-Identifier: GPL-2.0
//! Netfilter hooks written in Rust: the packet a hook holds ([`HookPacket`]) and the
//! verdict it must give back ([`Verdict`]).
//!
//! A hook function is defined with [`netfilter_hook!`], which makes the C-callable
//! function an `nf_hook_ops` table can name and checks its signature against the C
//! declaration. The hook body is safe Rust: `fn(HookPacket<'_>) -> Verdict`. A module
//! whose hooks are registered from Rust lists them in a [`HookTable`] and registers that
//! per namespace with [`NetHooks`], a field of its per-namespace state.

use super::bindings;
use super::pernet::{NetRef, OwnerNet};
use super::skb::{Packet, Skb};
use crate::mip6::proxy_nd;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;
use kernel::error::to_result;
use kernel::prelude::*;

/// A netfilter hook function, as `nf_hook_ops` names it.
pub(crate) type HookFn = unsafe extern "C" fn(
    *mut c_void,
    *mut bindings::sk_buff,
    *const bindings::nf_hook_state,
) -> c_uint;

/// The IPv6 hook points mip6 uses.
#[derive(Clone, Copy)]
pub(crate) enum HookPoint {
    PreRouting,
    LocalOut,
}

/// Priorities at the ends of the IPv6 range (`NF_IP6_PRI_FIRST`, `NF_IP6_PRI_LAST`).
pub(crate) const PRI_FIRST: i32 = bindings::nf_ip6_hook_priorities_NF_IP6_PRI_FIRST;
pub(crate) const PRI_LAST: i32 = bindings::nf_ip6_hook_priorities_NF_IP6_PRI_LAST;

/// A constant table of IPv6 hooks (`nf_hook_ops`), registered per namespace.
pub(crate) struct HookTable<const N: usize>([bindings::nf_hook_ops; N]);

// SAFETY: the table is never written after construction; its pointers are null or
// functions.
unsafe impl<const N: usize> Sync for HookTable<N> {}

impl<const N: usize> HookTable<N> {
    pub(crate) const fn ipv6(hooks: [(HookFn, HookPoint, i32); N]) -> Self {
        // SAFETY: all-zero is a valid `nf_hook_ops` (null pointers, no function).
        let mut ops: [bindings::nf_hook_ops; N] = unsafe { core::mem::zeroed() };
        let mut i = 0;
        while i < N {
            let (hook, point, priority) = hooks[i];
            ops[i].hook = Some(hook);
            ops[i].pf = bindings::NFPROTO_IPV6 as u8;
            ops[i].hooknum = match point {
                HookPoint::PreRouting => bindings::nf_inet_hooks_NF_INET_PRE_ROUTING,
                HookPoint::LocalOut => bindings::nf_inet_hooks_NF_INET_LOCAL_OUT,
            };
            ops[i].priority = priority;
            i += 1;
        }
        HookTable(ops)
    }
}

/// A [`HookTable`] registered in one namespace; dropping it unregisters the hooks and
/// waits for the calls in flight.
///
/// # Invariants
///
/// `ops` is registered in `net`, which outlives this (it is part of the namespace's state).
pub(crate) struct NetHooks {
    net: NonNull<bindings::net>,
    ops: &'static [bindings::nf_hook_ops],
}

// SAFETY: registration and unregistration may happen on any thread.
unsafe impl Send for NetHooks {}
// SAFETY: `&NetHooks` gives access to nothing.
unsafe impl Sync for NetHooks {}

impl NetHooks {
    /// Registers `table` in `net`. The hooks may run before this returns.
    pub(crate) fn register<const N: usize>(
        net: &OwnerNet,
        table: &'static HookTable<N>,
    ) -> Result<Self> {
        let net = net.get().as_ptr();
        let count = c_uint::try_from(N)?;
        // SAFETY: live namespace; the table is static.
        to_result(unsafe { bindings::nf_register_net_hooks(net, table.0.as_ptr(), count) })?;
        Ok(NetHooks {
            // SAFETY: `OwnerNet` is non-null.
            net: unsafe { NonNull::new_unchecked(net) },
            ops: &table.0,
        })
    }
}

impl Drop for NetHooks {
    fn drop(&mut self) {
        // `register` checked that the length fits.
        let count = self.ops.len() as c_uint;
        // SAFETY: registered in this live namespace (type invariant).
        unsafe { bindings::nf_unregister_net_hooks(self.net.as_ptr(), self.ops.as_ptr(), count) };
    }
}

/// What a hook tells netfilter to do with the packet. Only a [`HookPacket`] makes one,
/// and making one consumes it, so a hook gives exactly one verdict and cannot touch the
/// packet after giving it away.
#[must_use]
pub(crate) struct Verdict(u32);

impl Verdict {
    /// The value netfilter expects (`NF_ACCEPT`, `NF_DROP`, `NF_STOLEN`).
    pub(crate) fn into_raw(self) -> c_uint {
        self.0
    }
}

/// The packet a netfilter hook is running for; it derefs to the [`Packet`].
///
/// # Invariants
///
/// `net` is the live namespace the hook runs in and `sk` null or the socket netfilter
/// named for the hook, both valid for `'a`, the duration of the hook call.
pub(crate) struct HookPacket<'a> {
    pkt: &'a mut Packet,
    net: *mut bindings::net,
    sk: *mut bindings::sock,
}

impl<'a> HookPacket<'a> {
    /// # Safety
    ///
    /// `skb` and `state` are what netfilter passed to an IPv6 hook that is running, and
    /// the returned value does not outlive that call.
    pub(crate) unsafe fn from_hook(
        skb: *mut bindings::sk_buff,
        state: *const bindings::nf_hook_state,
    ) -> Self {
        // SAFETY: netfilter lends the hook the packet (network header set in IPv6
        // hooks) and the state for the call (function contract).
        // INVARIANT: so are the namespace and socket the state names.
        unsafe {
            HookPacket {
                pkt: Packet::from_raw(skb),
                net: bindings::knet_nf_hook_state_net(state),
                sk: bindings::knet_nf_hook_state_sk(state),
            }
        }
    }

    /// The namespace the packet is processed in, valid while the hook runs.
    pub(crate) fn net_ptr(&self) -> *mut bindings::net {
        self.net
    }

    /// The namespace the packet is processed in.
    pub(crate) fn net(&self) -> NetRef<'a> {
        // SAFETY: netfilter names the hook's live namespace, valid for 'a (type
        // invariant), and never a null one.
        unsafe { NetRef::from_raw_unchecked(self.net) }
    }

    /// Lets the packet go on its way.
    pub(crate) fn accept(self) -> Verdict {
        Verdict(bindings::NF_ACCEPT)
    }

    /// Drops the packet (netfilter frees it).
    pub(crate) fn drop_packet(self) -> Verdict {
        Verdict(bindings::NF_DROP)
    }

    /// Takes the packet from netfilter (`NF_STOLEN`): from now on it is ours to send or
    /// free, along with the hook's namespace and socket for sending it.
    pub(crate) fn steal(self) -> (Skb, *mut bindings::net, *mut bindings::sock, Verdict) {
        // SAFETY: with NF_STOLEN netfilter gives up the packet, so it passes to the
        // `Skb`; the network header is set (type invariant of `Packet`).
        let skb = unsafe { Skb::from_packet(self.pkt) };
        (skb, self.net, self.sk, Verdict(bindings::NF_STOLEN))
    }

    /// Has the route of the packet quoted by this ICMPv6 error (its IPv6 header `quoted`
    /// bytes from ours, `quoted + 40` of them linear) learn the path MTU `mtu`.
    pub(crate) fn learn_quoted_path_mtu(&mut self, quoted: usize, mtu: u32) {
        let Ok(off) = u32::try_from(quoted) else {
            return;
        };
        if self.headers().len() < quoted.saturating_add(40) {
            return;
        }
        // SAFETY: valid sk_buff and the live namespace of the hook (type invariant); the
        // quoted header lies in the linear bytes after the network header (checked
        // above), where the helper moves skb->data and back. `&mut self`: no slice of
        // the packet is alive meanwhile.
        unsafe { bindings::knet_update_quoted_pmtu(self.pkt.as_raw(), self.net, off, mtu.to_be()) };
    }

    /// Answers the Neighbour Solicitation this packet is, on behalf of `target` (proxy
    /// Neighbour Discovery, [`proxy_nd`]), and consumes it.
    pub(crate) fn answer_solicitation(self, target: &[u8; 16]) -> Verdict {
        let Some(Ok(src)) = self.headers().get(8..24).map(<[u8; 16]>::try_from) else {
            return self.accept();
        };
        let (to, solicited) = proxy_nd::answer_to(&src);
        self.send_proxy_na(&to, target, solicited);
        let (skb, _, _, stolen) = self.steal();
        skb.consume();
        stolen
    }

    /// Hands the packet to `take`, which must consume the skb (queue or free it) and
    /// return `NF_STOLEN`, or leave it alone and return another verdict.
    ///
    /// # Safety
    ///
    /// `take` honours that contract.
    pub(crate) unsafe fn give_to(
        self,
        take: impl FnOnce(*mut bindings::sk_buff) -> c_uint,
    ) -> Verdict {
        Verdict(take(self.pkt.as_raw()))
    }
}

impl Deref for HookPacket<'_> {
    type Target = Packet;
    fn deref(&self) -> &Packet {
        self.pkt
    }
}

impl DerefMut for HookPacket<'_> {
    fn deref_mut(&mut self) -> &mut Packet {
        self.pkt
    }
}

/// Defines `$cname`, an IPv6 netfilter hook function that C's `nf_hook_ops` tables name,
/// running the safe `$handler: fn(HookPacket<'_>) -> Verdict`. The signature is checked
/// against the C declaration of `$cname` (bindgen).
macro_rules! netfilter_hook {
    ($cname:ident, $handler:path) => {
        /// # Safety
        ///
        /// Called by netfilter only, as an IPv6 hook.
        #[no_mangle]
        pub(crate) unsafe extern "C" fn $cname(
            _priv: *mut kernel::ffi::c_void,
            skb: *mut $crate::knet::bindings::sk_buff,
            state: *const $crate::knet::bindings::nf_hook_state,
        ) -> kernel::ffi::c_uint {
            // SAFETY: netfilter passes the packet and state of the running hook; the
            // `HookPacket` is consumed by the handler before this returns.
            let pkt = unsafe { $crate::knet::netfilter::HookPacket::from_hook(skb, state) };
            $handler(pkt).into_raw()
        }
        $crate::knet::check_exports!($cname);
    };
}
pub(crate) use netfilter_hook;
