// SPDX-License-Identifier: GPL-2.0
//! The send hook (LOCAL_OUT, after any address rewriting): a packet this node sends to a
//! home address with a correspondent binding goes to the care-of address with a type 2
//! routing header (RFC 6275 §9.3.2, §6.4).
//!
//! While there are no bindings the hook costs one atomic read; then one lock-free hash
//! look-up per packet. Decisions and the header rewrite are the core's
//! ([`crate::mip6::outbound`]).

use crate::glue::NetBorrow;
use crate::knet::netfilter::{netfilter_hook, HookPacket, Verdict};
use crate::knet::route::{self, Dst, Flow};
use crate::knet::skb::Packet;
use crate::mip6::ext::RH2_LEN;
use crate::mip6::outbound;
use kernel::prelude::*;

netfilter_hook!(mip6_rs_local_out, local_out);

/// Offset of the IPv6 header's Next Header field, which now names the routing header.
const NEXTHDR_FIELD: u16 = 6;

fn local_out(pkt: HookPacket<'_>) -> Verdict {
    let net = NetBorrow::of_packet(&pkt);
    if !net.has_cn_bindings() {
        return pkt.accept();
    }
    let hdr = pkt.headers();
    let (Some(&nh), Some(Ok(src)), Some(Ok(home))) = (
        hdr.get(6),
        hdr.get(8..24).map(<[u8; 16]>::try_from),
        hdr.get(24..40).map(<[u8; 16]>::try_from),
    ) else {
        return pkt.accept();
    };
    if !outbound::route_optimisable(nh) {
        return pkt.accept();
    }
    let Some(coa) = net.cn_binding_coa(&home) else {
        return pkt.accept();
    };
    let flow = Flow {
        src,
        dst: coa,
        proto: nh,
        oif: pkt.bound_ifindex(),
        mark: pkt.mark(),
    };
    let Ok(dst) = route::output(pkt.net_ptr(), &pkt, &flow) else {
        return pkt.drop_packet();
    };
    send(pkt, dst, &coa)
}

/// Sends `pkt` along `dst` with the routing header, or tells the sender it is too big.
fn send(mut pkt: HookPacket<'_>, dst: Dst, coa: &[u8; 16]) -> Verdict {
    let (_, pmtu) = outbound::rh2_mtu(dst.mtu());
    let fits = if pkt.is_gso() {
        pkt.gso_fits(pmtu)
    } else {
        outbound::fits(pkt.len(), dst.mtu())
    };
    if !fits {
        // The sender learns a path MTU that leaves room for the routing header.
        drop(dst);
        pkt.too_big(pmtu);
        return pkt.drop_packet();
    }
    if pkt.is_gso() {
        return send_segments(pkt, dst, coa);
    }
    match push_rh2(&mut pkt, coa, dst) {
        Ok(()) => pkt.accept(),
        Err(_) => pkt.drop_packet(),
    }
}

/// A GSO packet leaves as wire-sized segments, each with its own routing header: a node
/// that forwards a GSO packet takes the header right behind the IPv6 header for the TCP
/// header (7.3's `qdisc_pkt_len_segs_init` drops it as a bad GSO packet when that is our
/// routing header). The checksums stay offloaded: their pseudo-header already holds the
/// home address, the final destination (§6.4). Each segment goes on where LOCAL_OUT would
/// have sent it (`dst_output`).
fn send_segments(pkt: HookPacket<'_>, dst: Dst, coa: &[u8; 16]) -> Verdict {
    let (skb, net, sk, stolen) = pkt.steal();
    let Ok(segments) = skb.gso_segment() else {
        return stolen;
    };
    for mut seg in segments {
        if push_rh2(&mut seg, coa, dst.clone_ref()).is_ok() {
            seg.output(net, sk);
        }
    }
    stolen
}

/// Inserts the type 2 routing header carrying the home address (the destination so far)
/// and routes the packet to `coa` along `dst`.
fn push_rh2(pkt: &mut Packet, coa: &[u8; 16], dst: Dst) -> Result {
    pkt.push_front(RH2_LEN, dst.ll_reserved())?;
    let len = pkt.len();
    if !pkt.edit(outbound::REWRITE_LEN, &[], |front| {
        outbound::insert_rh2(front, coa, len)
    })? {
        return Err(EINVAL);
    }
    pkt.set_nhoff(NEXTHDR_FIELD);
    pkt.set_dst(dst);
    Ok(())
}
