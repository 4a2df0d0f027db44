// SPDX-License-Identifier: GPL-2.0
//! The home tunnel device's transmit (RFC 6275 §11.3.1): what the mobile node sends from
//! its home address goes route-optimised to a correspondent that has its binding (from
//! the care-of address, with a Home Address option), or through the reverse tunnel to the
//! home agent; what it sends from the care-of address leaves straight out of that link.
//! Every route goes through xfrm, so IPsec policies apply. Decisions and rewrites are the
//! core's ([`crate::mip6::mn_outbound`]).

use crate::glue_mn::{DataPath, TunnelDev};
use crate::knet::route::{self, Flow};
use crate::knet::skb::Skb;
use crate::knet::tunnel;
use crate::mip6::mn_outbound::{self, Route, HAO_HDR_LEN, HAO_REWRITE_LEN};
use crate::mip6::pmtu;

/// Next Header of a Destination Options header.
const NH_DEST_OPTS: u8 = 60;

pub(crate) fn xmit(mut skb: Skb, dev: TunnelDev<'_>) {
    let net = dev.net();
    let Some((view, oif)) = net.view() else {
        dev.count_dropped();
        return;
    };
    if !skb.is_ipv6() || skb.pull(40).is_err() {
        dev.count_dropped();
        return;
    }
    let verdict = mn_outbound::route(skb.headers(), &view, |cn| net.route_optimised(cn));
    if verdict == Route::Drop {
        dev.count_dropped();
        return;
    }
    dev.count_tx(skb.len());
    match verdict {
        Route::Drop => {}
        Route::Direct => send_direct(net, skb, oif, None),
        Route::ReverseTunnel => tunnel::xmit(net.as_ptr(), skb, &view.coa, &view.ha, oif),
        Route::RouteOptimised if skb.is_gso() => {
            // Each segment needs its own Home Address option.
            if let Ok(segments) = skb.gso_segment() {
                for seg in segments {
                    send_direct(net, seg, oif, Some(&view.coa));
                }
            }
        }
        Route::RouteOptimised => send_direct(net, skb, oif, Some(&view.coa)),
    }
}

/// Sends `skb` straight out of the care-of address's link `oif` (never back into the
/// tunnel); with `hao`, from that care-of address with a Home Address option carrying the
/// packet's source (the home address), or refused with a Packet Too Big to the sender if
/// the option would not fit the route.
fn send_direct(net: DataPath<'_>, mut skb: Skb, oif: i32, hao: Option<&[u8; 16]>) {
    let hdr = skb.headers();
    let (Some(&nh), Some(Ok(src)), Some(Ok(dst))) = (
        hdr.get(6),
        hdr.get(8..24).map(<[u8; 16]>::try_from),
        hdr.get(24..40).map(<[u8; 16]>::try_from),
    ) else {
        return;
    };
    let flow = match hao {
        Some(coa) => Flow {
            src: *coa,
            dst,
            proto: NH_DEST_OPTS,
            oif,
            mark: 0,
        },
        None => Flow {
            src,
            dst,
            proto: nh,
            oif,
            mark: 0,
        },
    };
    let Ok(route) = route::output_strict(net.as_ptr(), &flow) else {
        return;
    };
    if net.into_tunnel(&route) {
        return;
    }
    if let Some(coa) = hao {
        if !pmtu::fits(skb.len(), route.mtu(), HAO_HDR_LEN) {
            // The sender learns a path MTU that leaves room for the option.
            let (_, sender_mtu) = pmtu::with_header(route.mtu(), HAO_HDR_LEN);
            skb.send_too_big(sender_mtu);
            return;
        }
        if skb.push_front(HAO_HDR_LEN, route.ll_reserved()).is_err() {
            return;
        }
        match skb.edit(HAO_REWRITE_LEN, &[], |front| {
            mn_outbound::insert_hao(front, coa)
        }) {
            Ok(true) => {}
            _ => return,
        }
    }
    skb.set_dst(route);
    skb.clear_cb();
    // Dropped on the way if at all: nothing to tell the sender.
    let _ = skb.local_out(net.as_ptr());
}
