// SPDX-License-Identifier: GPL-2.0
//! The receive hook (PRE_ROUTING, before the stack parses extension headers): Mobility
//! Header signalling for this node goes to the control plane, and a Home Address option
//! is honoured only with a correspondent binding (RFC 6275 §9.3.1). A Packet Too Big about
//! a packet a Mobile IPv6 send path reshaped teaches that packet's route its MTU
//! ([`crate::mip6::pmtu`]).
//!
//! Signalling is taken here because with `CONFIG_IPV6_MIP6=n` the stack would drop its
//! Home Address option or type 2 routing header. Decisions are the core's
//! ([`crate::mip6::inbound`]); this file fetches bytes and carries verdicts out.

use crate::glue::NetBorrow;
use crate::knet::netfilter::{netfilter_hook, HookPacket, Verdict};
use crate::mip6::inbound::{self, Classified, HAO_LEN};

netfilter_hook!(mip6_rs_prerouting, prerouting);

/// The hook: one header read for a packet that is not Mobile IPv6.
fn prerouting(mut pkt: HookPacket<'_>) -> Verdict {
    let Some(verdict) = pkt.classify(inbound::classify) else {
        return pkt.accept();
    };
    match verdict {
        Classified::Pass | Classified::Need(_) => pkt.accept(),
        Classified::Signalling => {
            if to_us(&pkt) {
                // Taken before the stack's own inbound policy check: made here.
                if !pkt.policy_allows_in() {
                    return pkt.drop_packet();
                }
                NetBorrow::queue_signalling(pkt)
            } else {
                pkt.accept()
            }
        }
        Classified::HomeAddress(opt) => home_address(pkt, opt),
        Classified::PathMtu { quoted, mtu } => {
            // The route we sent the quoted packet along learns the MTU; our send paths
            // tell the local sender. The stack then drops the error: no socket has it.
            // (One being forwarded is its addressee's business.)
            if to_us(&pkt) {
                pkt.learn_quoted_path_mtu(quoted, mtu);
            }
            pkt.accept()
        }
    }
}

/// Whether the packet's destination is one of this namespace's addresses (a forwarded
/// packet is none of our business).
fn to_us(pkt: &HookPacket<'_>) -> bool {
    let Some(dst) = pkt
        .headers()
        .get(24..40)
        .and_then(|d| <[u8; 16]>::try_from(d).ok())
    else {
        return false;
    };
    NetBorrow::of_packet(pkt).is_local(&dst)
}

/// A Home Address option to one of our addresses: with a binding whose care-of address
/// is the source, the home address becomes the source (sockets see the home address) and
/// the option is marked processed; without one, the control plane answers with a Binding
/// Error (status 1, §9.3.1) and the packet goes no further.
fn home_address(mut pkt: HookPacket<'_>, opt: usize) -> Verdict {
    if !to_us(&pkt) {
        return pkt.accept();
    }
    let hdr = pkt.headers();
    let (Some(home), Some(src)) = (inbound::hao_home(hdr, opt), hdr.get(8..24)) else {
        return pkt.accept();
    };
    let Ok(src) = <[u8; 16]>::try_from(src) else {
        return pkt.accept();
    };
    if !NetBorrow::of_packet(&pkt).cn_binding_matches(&home, &src) {
        return NetBorrow::queue_signalling(pkt);
    }
    let Some(end) = opt.checked_add(HAO_LEN) else {
        return pkt.drop_packet();
    };
    match pkt.edit(end, &[8..24, opt..end], |h| inbound::hao_apply(h, opt)) {
        Ok(true) => pkt.accept(),
        _ => pkt.drop_packet(),
    }
}
