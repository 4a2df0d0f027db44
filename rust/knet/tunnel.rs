// SPDX-License-Identifier: GPL-2.0
//! IPv6-in-IPv6 (RFC 2473) as mip6_base provides it to the roles: encapsulation to a
//! care-of address or home agent, and delivery of a decapsulated packet.

use super::bindings;
use super::skb::Skb;

/// Sends `skb` through the tunnel from `src` to `dst` (out of `oif`, 0: any): the outer
/// header goes on, the packet leaves along the route to `dst`, or is dropped (too big
/// for the path: the sender gets an ICMPv6 Packet Too Big).
pub(crate) fn xmit(net: *mut bindings::net, skb: Skb, src: &[u8; 16], dst: &[u8; 16], oif: i32) {
    // SAFETY: `mip6_tunnel_xmit` takes over the sk_buff whatever happens; `net` is the
    // caller's live namespace; both addresses are 16 bytes (`struct in6_addr` is an
    // array of bytes with no alignment of its own beyond 4, which a copy provides).
    unsafe {
        let s = bindings::in6_addr {
            in6_u: bindings::in6_addr__bindgen_ty_1 { u6_addr8: *src },
        };
        let d = bindings::in6_addr {
            in6_u: bindings::in6_addr__bindgen_ty_1 { u6_addr8: *dst },
        };
        bindings::mip6_tunnel_xmit(net, skb.into_raw(), &s, &d, oif)
    };
}

/// Delivers a tunnelled packet's inner packet as if it had arrived on the device the
/// outer one came in on (the outer header is removed; the caller has checked who sent
/// it).
pub(crate) fn receive(skb: Skb) {
    let dev_skb = skb.into_raw();
    // SAFETY: `mip6_tunnel_rcv` takes over the sk_buff; the device is the one it was
    // received on, held by the packet.
    unsafe { bindings::mip6_tunnel_rcv(dev_skb, bindings::knet_skb_dev(dev_skb)) };
}
