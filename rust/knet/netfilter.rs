// SPDX-License-Identifier: GPL-2.0
//! Netfilter hooks written in Rust: the packet a hook holds ([`HookPacket`]) and the
//! verdict it must give back ([`Verdict`]).
//!
//! A hook function is defined with [`netfilter_hook!`], which makes the C-callable
//! function an `nf_hook_ops` table can name and checks its signature against the C
//! declaration. The hook body is safe Rust: `fn(HookPacket<'_>) -> Verdict`.

use super::bindings;
use super::skb::{Packet, Skb};
use crate::mip6::proxy_nd;
use core::ops::{Deref, DerefMut};
use kernel::prelude::*;

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
        unsafe extern "C" fn $cname(
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
