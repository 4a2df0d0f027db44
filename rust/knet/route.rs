// SPDX-License-Identifier: GPL-2.0
//! IPv6 routes: [`Dst`], a reference to a route (`struct dst_entry`), and [`output`],
//! the look-up for a packet we send, through xfrm so that the administrator's IPsec
//! policies (ESP, `block`) apply to it as to any other packet of the host.

use super::bindings;
use super::skb::Packet;
use core::ptr::NonNull;
use kernel::prelude::*;

/// One reference to a route; dropping it releases the reference (`dst_release`).
///
/// # Invariants
///
/// `self.0` is a valid `dst_entry` on which this value holds one reference.
pub(crate) struct Dst(NonNull<bindings::dst_entry>);

impl Dst {
    /// # Safety
    ///
    /// `dst` is a valid dst_entry whose reference passes to the returned value.
    unsafe fn from_raw(dst: *mut bindings::dst_entry) -> Option<Dst> {
        NonNull::new(dst).map(Dst)
    }

    /// Gives the reference away (to C that takes it over).
    pub(crate) fn into_raw(self) -> *mut bindings::dst_entry {
        let p = self.0.as_ptr();
        core::mem::forget(self);
        p
    }

    /// The path MTU of the route.
    pub(crate) fn mtu(&self) -> u32 {
        // SAFETY: valid dst_entry (type invariant).
        unsafe { bindings::knet_dst_mtu(self.0.as_ptr()) }
    }

    /// The hop limit packets along the route get (the route's, else the namespace's).
    pub(crate) fn hop_limit(&self) -> u8 {
        // SAFETY: valid dst_entry (type invariant).
        let h = unsafe { bindings::ip6_dst_hoplimit(self.0.as_ptr()) };
        u8::try_from(h).unwrap_or(64)
    }

    /// Headroom the route's device wants in front of the network header.
    pub(crate) fn ll_reserved(&self) -> u32 {
        // SAFETY: valid dst_entry (type invariant), whose `dev` is set.
        unsafe { bindings::knet_dst_ll_reserved_space(self.0.as_ptr()) }
    }

    /// The device the route goes out of (to compare, not to use).
    pub(crate) fn dev_ptr(&self) -> *mut bindings::net_device {
        // SAFETY: valid dst_entry (type invariant).
        unsafe { bindings::knet_dst_dev(self.0.as_ptr()) }
    }

    /// Another reference to the same route.
    pub(crate) fn clone_ref(&self) -> Dst {
        // SAFETY: valid dst_entry; `dst_clone` takes one more reference and returns it.
        // INVARIANT: the new value holds that reference.
        Dst(unsafe { NonNull::new_unchecked(bindings::knet_dst_clone(self.0.as_ptr())) })
    }
}

impl Drop for Dst {
    fn drop(&mut self) {
        // SAFETY: we hold one reference (type invariant) and give it up.
        unsafe { bindings::dst_release(self.0.as_ptr()) };
    }
}

/// What a route is looked up for.
pub(crate) struct Flow {
    pub(crate) src: [u8; 16],
    pub(crate) dst: [u8; 16],
    /// Upper-layer protocol (the first Next Header).
    pub(crate) proto: u8,
    /// Output interface (0: any).
    pub(crate) oif: i32,
    pub(crate) mark: u32,
}

/// The route for `flow` in `net`, for packet `pkt` (its socket's policies apply), passed
/// through xfrm: an outbound IPsec policy that matches gives the IPsec route, a `block`
/// policy an error.
pub(crate) fn output(net: *mut bindings::net, pkt: &Packet, flow: &Flow) -> Result<Dst> {
    lookup(net, pkt.sock_ptr(), flow, false)
}

/// The route for a packet the host itself originates with no socket (a tunnel's outer
/// packet, signalling): with an output interface in `flow`, only routes through it; passed
/// through xfrm as [`output`] is.
pub(crate) fn output_strict(net: *mut bindings::net, flow: &Flow) -> Result<Dst> {
    lookup(net, core::ptr::null_mut(), flow, flow.oif != 0)
}

fn lookup(
    net: *mut bindings::net,
    sk: *mut bindings::sock,
    flow: &Flow,
    strict: bool,
) -> Result<Dst> {
    let mut fl6 = bindings::flowi6::default();
    // SAFETY: `fl6` is a flowi6 (opaque here, of the right size and alignment); both
    // addresses point to 16 bytes.
    unsafe {
        bindings::knet_flowi6_init(
            &mut fl6,
            flow.src.as_ptr(),
            flow.dst.as_ptr(),
            flow.proto,
            flow.oif,
            flow.mark,
        )
    };
    // SAFETY: `net` is the live namespace of the caller's context; `sk` is null or the
    // packet's socket, held by the packet; `fl6` lives across both calls.
    // `ip6_route_output` never returns null and returns a reference we own; on error
    // `xfrm_lookup` releases the route it was given.
    unsafe {
        let dst = bindings::knet_ip6_route_output(net, sk, &mut fl6, strict);
        let dst = Dst::from_raw(dst).ok_or(ENOMEM)?;
        kernel::error::to_result(bindings::knet_dst_error(dst.0.as_ptr()))?;
        let dst = bindings::knet_xfrm_lookup6(net, dst.into_raw(), &mut fl6, sk);
        let dst = kernel::error::from_err_ptr(dst)?;
        Dst::from_raw(dst).ok_or(ENOMEM)
    }
}

/// The interface `addr` is on-link on in `net` (its route is a connected one: no
/// gateway, not loopback), if any. A home agent serves the home addresses of the links it
/// is attached to (RFC 6275 §10.3.1).
pub(crate) fn onlink_ifindex(net: *mut bindings::net, addr: &[u8; 16]) -> Option<i32> {
    let mut fl6 = bindings::flowi6::default();
    // SAFETY: as in `lookup`: `fl6` has the flowi6's size and alignment, both addresses
    // point to 16 bytes.
    unsafe { bindings::knet_flowi6_init(&mut fl6, [0u8; 16].as_ptr(), addr.as_ptr(), 0, 0, 0) };
    // SAFETY: `net` is the live namespace of the caller's context, `fl6` lives across the
    // call; `ip6_route_output` never returns null and returns a reference we own (`Dst`).
    let dst = unsafe {
        Dst::from_raw(bindings::knet_ip6_route_output(
            net,
            core::ptr::null(),
            &mut fl6,
            false,
        ))
    }?;
    // SAFETY: valid dst_entry (invariant of `Dst`).
    if unsafe { bindings::knet_dst_error(dst.0.as_ptr()) } != 0 {
        return None;
    }
    let dev = dst.dev_ptr();
    // SAFETY: a route without error has a device, which it holds (it is not freed while
    // `dst` lives); valid dst_entry for the gateway flag.
    unsafe {
        if dev.is_null()
            || bindings::knet_dev_is_loopback(dev)
            || bindings::knet_dst_is_gateway(dst.0.as_ptr())
        {
            return None;
        }
        Some(bindings::knet_dev_ifindex(dev))
    }
}

/// Sends `pkt`, a complete IPv6 packet this host builds (signalling, probes), along the
/// route to its destination, out of `oif` only if non-zero, through xfrm (so an IPsec
/// policy for the Mobility Header applies). Process context.
pub(crate) fn send_ipv6(net: *mut bindings::net, pkt: &[u8], oif: i32) -> Result {
    let (Some(&nh), Some(Ok(src)), Some(Ok(dst))) = (
        pkt.get(6),
        pkt.get(8..24).map(<[u8; 16]>::try_from),
        pkt.get(24..40).map(<[u8; 16]>::try_from),
    ) else {
        return Err(EINVAL);
    };
    if pkt.len() > 40 + 65535 {
        return Err(EINVAL);
    }
    let mut skb = super::skb::Skb::new_ipv6(pkt)?;
    let route = output_strict(
        net,
        &Flow {
            src,
            dst,
            proto: nh,
            oif,
            mark: 0,
        },
    )?;
    skb.set_dst(route);
    skb.local_out(net)
}
