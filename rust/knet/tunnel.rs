// SPDX-License-Identifier: GPL-2.0
//! IPv6-in-IPv6 (RFC 2473) for the roles: encapsulation ([`xmit`]) to a care-of address or
//! home agent, and decapsulation ([`receive`]): the home agent's tunnel and reverse tunnel,
//! the mobile node's home tunnel (its C glue calls `mip6_tunnel_xmit` and
//! `mip6_tunnel_rcv`). Every module has its own copy of this code.

use super::bindings;
use super::route::{self, Flow};
use super::skb::Skb;
use crate::mip6::tunnel as decide;

/// Next Header of IPv6-in-IPv6.
const NH_IPV6: u8 = 41;
/// IPv6 minimum link MTU: below it plus the outer header, the outer packet is fragmented.
const IPV6_MIN_MTU: u32 = 1280;

/// Bytes of the inner packet the core judges ([`decide::inner_allowed`]).
const INNER_PEEK: usize = 128;
/// The outer IPv6 header.
const OUTER_LEN: usize = 40;

/// Sends `skb` (its network header is the inner IPv6 header) through the tunnel from
/// `src` to `dst`, routed out of `oif` if non-zero. A GSO packet of plain TCP stays whole
/// (`SKB_GSO_IPXIP6`: the device, or the stack just before it, segments outer and inner
/// headers together, as for the kernel's ip6ip6); any other GSO packet is segmented first.
/// Used by the home agent towards care-of addresses and by the mobile node towards its
/// home agent.
pub(crate) fn xmit(net: *mut bindings::net, skb: Skb, src: &[u8; 16], dst: &[u8; 16], oif: i32) {
    // SAFETY: we own a valid sk_buff.
    let whole = unsafe { bindings::knet_skb_tunnel_gso_whole(skb.as_raw()) };
    if whole || !skb.is_gso() {
        xmit_one(net, skb, src, dst, oif);
        return;
    }
    if let Ok(segments) = skb.gso_segment() {
        for seg in segments {
            xmit_one(net, seg, src, dst, oif);
        }
    }
}

/// One packet (or one whole GSO packet) into the tunnel. A packet too big for the path
/// with the outer header is answered with a Packet Too Big (the sender shrinks it; the
/// tunnel does not fragment, RFC 2473 §7) and dropped.
fn xmit_one(net: *mut bindings::net, mut skb: Skb, src: &[u8; 16], dst: &[u8; 16], oif: i32) {
    let flow = Flow {
        src: *src,
        dst: *dst,
        proto: NH_IPV6,
        oif,
        mark: 0,
    };
    let Ok(route) = route::output_strict(net, &flow) else {
        return;
    };
    let mtu = route.mtu();
    let room = OUTER_LEN as u32;
    if mtu >= IPV6_MIN_MTU + room {
        let fits = if skb.is_gso() {
            skb.gso_fits(mtu - room)
        } else {
            skb.len().saturating_add(OUTER_LEN) <= mtu as usize
        };
        if !fits {
            skb.send_too_big(mtu - room);
            return;
        }
    }
    let raw = skb.as_raw();
    // SAFETY: we own the sk_buff; these prepare it for encapsulation in the order the
    // kernel's tunnels do (checksum, scrub, GSO state), none keeps a pointer into it.
    let ready = unsafe {
        (skb.is_gso() || bindings::knet_skb_checksum_help_partial(raw) == 0) && {
            bindings::skb_scrub_packet(raw, false);
            !skb.is_gso() || bindings::knet_skb_gso_encap_ipxip6(raw) == 0
        }
    };
    if !ready || skb.push_front(OUTER_LEN, route.ll_reserved()).is_err() {
        return;
    }
    let hop_limit = route.hop_limit();
    let outer = |h: &mut [u8]| {
        let (out, inner) = h.split_at_mut(OUTER_LEN);
        out.copy_from_slice(&decide::outer_header(inner, src, dst, hop_limit));
    };
    if skb.edit(2 * OUTER_LEN, &[], outer).is_err() {
        return;
    }
    skb.set_dst(route);
    let raw = skb.as_raw();
    // SAFETY: we own the sk_buff, now a complete IPv6 packet with its route set;
    // `ip6_local_out` consumes it; `net` is the caller's live namespace.
    unsafe {
        bindings::knet_skb_tunnel_out(raw);
        let segs = bindings::knet_skb_wire_packets(raw);
        bindings::ip6_local_out(net, core::ptr::null_mut(), skb.into_raw());
        bindings::mip6_stat_add(
            net,
            bindings::mip6_dp_stat_MIP6_STAT_ENCAPSULATIONS,
            u64::from(segs),
        );
    }
}

/// The mobile node's C glue sends into its home tunnel here; consumes `skb`.
///
/// # Safety
///
/// `skb` is an IPv6 packet (network header set) whose ownership passes to this function;
/// `net` is a live namespace; `saddr` and `daddr` point to valid addresses.
#[no_mangle]
unsafe extern "C" fn mip6_tunnel_xmit(
    net: *mut bindings::net,
    skb: *mut bindings::sk_buff,
    saddr: *const bindings::in6_addr,
    daddr: *const bindings::in6_addr,
    oif: i32,
) {
    // SAFETY: per this function's contract; an in6_addr is 16 bytes, read as bytes.
    let (skb, src, dst) = unsafe {
        (
            Skb::from_raw(skb),
            (*saddr).in6_u.u6_addr8,
            (*daddr).in6_u.u6_addr8,
        )
    };
    if let Some(skb) = skb {
        xmit(net, skb, &src, &dst, oif);
    }
}

/// Delivers a tunnelled packet's inner packet as if it had arrived on the device the
/// outer one came in on (the caller has checked who sent it).
pub(crate) fn receive(skb: Skb) {
    let dev = skb.dev_ptr();
    receive_on(skb, dev);
}

/// Takes the outer header off and receives the inner packet on `dev` (the tunnel device,
/// or the link the packet came in on), unless the core refuses it: a decapsulated packet
/// must not pass for one received on the link (Neighbour Discovery, link-local traffic).
/// Its ECN field takes in the outer one as RFC 6040 §4.2 says (Not-ECT inside CE outside
/// is dropped).
pub(crate) fn receive_on(mut skb: Skb, dev: *mut bindings::net_device) {
    // SAFETY: `dev` is the caller's device, held (the packet's own, or the tunnel device
    // the mobile node keeps until its namespace goes).
    let net = unsafe { bindings::knet_dev_net(dev) };
    let stat = |idx: u32, n: u32| {
        // SAFETY: `net` is `dev`'s live namespace; the index is one of mip6_base's.
        unsafe { bindings::mip6_stat_add(net, idx, u64::from(n)) }
    };
    let peek = skb.len().min(OUTER_LEN + INNER_PEEK);
    // The outer packet is delivered to us: the inbound IPsec policy applies to it, as
    // the kernel's own tunnels check it.
    if peek <= OUTER_LEN || !skb.policy_allows_in() || skb.pull(peek).is_err() {
        return;
    }
    let hdr = skb.headers();
    let (outer, inner) = hdr.split_at(OUTER_LEN.min(hdr.len()));
    if !decide::inner_allowed(inner) {
        stat(bindings::mip6_dp_stat_MIP6_STAT_REVTUN_DROPS, 1);
        return;
    }
    let (outer_ecn, inner_ecn) = (decide::ecn_of(outer), decide::ecn_of(inner));
    let Some(ecn) = decide::decap_ecn(outer_ecn, inner_ecn) else {
        return;
    };
    if ecn != inner_ecn {
        let inner_tc = OUTER_LEN..OUTER_LEN + 2;
        let set = |h: &mut [u8]| decide::set_ecn(h.get_mut(OUTER_LEN..).unwrap_or(&mut []), ecn);
        if skb.edit(OUTER_LEN + 2, &[inner_tc], set).is_err() {
            return;
        }
    }
    let raw = skb.as_raw();
    // SAFETY: we own the sk_buff; its first `peek > OUTER_LEN` bytes are linear, so the
    // outer header can be pulled off; `dev` is held (see above).
    unsafe {
        if skb.is_gso() {
            if bindings::knet_skb_unclone(raw) != 0 {
                return;
            }
            bindings::knet_skb_gso_clear_encap(raw);
        }
        bindings::knet_skb_decap_ipv6(raw, OUTER_LEN as u32);
        let xnet = bindings::knet_dev_net(bindings::knet_skb_dev(raw)) != net;
        bindings::knet_skb_receive_as(raw, dev, xnet);
        stat(
            bindings::mip6_dp_stat_MIP6_STAT_DECAPSULATIONS,
            bindings::knet_skb_wire_packets(raw),
        );
        bindings::netif_rx(skb.into_raw());
    }
}

/// The mobile node's C glue hands its home tunnel's packets here.
///
/// # Safety
///
/// `skb` is a received IPv6-in-IPv6 packet (network header at the outer header) whose
/// ownership passes to this function; `dev` is a device held for the call.
#[no_mangle]
unsafe extern "C" fn mip6_tunnel_rcv(skb: *mut bindings::sk_buff, dev: *mut bindings::net_device) {
    // SAFETY: per this function's contract.
    if let Some(skb) = unsafe { Skb::from_raw(skb) } {
        receive_on(skb, dev);
    }
}

crate::knet::check_exports!(mip6_tunnel_rcv, mip6_tunnel_xmit);
