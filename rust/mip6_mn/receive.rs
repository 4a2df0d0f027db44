// SPDX-License-Identifier: GPL-2.0
//! The mobile node's receive hook (PRE_ROUTING, after mip6_base's and the home agent's):
//! Router Advertisements are kept for movement detection (§11.5.1); at home, Neighbour
//! Solicitations for the home address (which sits on the tunnel device) are answered on
//! the link; away, ICMP errors showing a correspondent cannot do route optimisation are
//! noted (§11.3.5), type 2 routing headers to the care-of address are applied (§11.3.3),
//! and the home tunnel is received from our home agent only (§11.3.1), its correspondents
//! becoming candidates for route optimisation (§11.7.2).
//!
//! One pointer read in a namespace that is no configured mobile node. Decisions are the
//! core's ([`crate::mip6::mn_inbound`]).

use crate::glue_mn::{cn_event, tunnel_receive, MnHook, KERNEL_HAS_MIP6};
use crate::knet::netfilter::{netfilter_hook, HookPacket, Verdict};
use crate::mip6::mn_inbound::{self, Received, RH2_REWRITE_LEN};

netfilter_hook!(mip6_rs_mn_prerouting, prerouting);

fn prerouting(mut pkt: HookPacket<'_>) -> Verdict {
    let Some(view) = MnHook::of(&pkt).view(&pkt) else {
        return pkt.accept();
    };
    let Some(received) = pkt.classify(|h, n| mn_inbound::classify(h, n, &view)) else {
        return pkt.accept();
    };
    match received {
        Received::Pass | Received::Need(_) => pkt.accept(),
        Received::RouterAdvert => {
            MnHook::of(&pkt).keep_ra(&pkt);
            pkt.accept()
        }
        Received::AnswerNs { .. } => pkt.answer_solicitation(&view.home),
        Received::NoRouteOptimisation { cn } => {
            MnHook::of(&pkt).cn_event(&cn, cn_event::NO_RO);
            pkt.accept()
        }
        Received::RoutingHeader => {
            let rewrite = |h: &mut [u8]| mn_inbound::apply_rh2(h, KERNEL_HAS_MIP6);
            match pkt.edit(RH2_REWRITE_LEN, &[0..RH2_REWRITE_LEN], rewrite) {
                Ok(true) => pkt.accept(),
                _ => pkt.drop_packet(),
            }
        }
        Received::FromHomeAgent { candidate } => {
            let mn = MnHook::of(&pkt);
            if let Some(cn) = candidate.filter(|cn| !mn.ro_known(cn)) {
                mn.cn_event(&cn, cn_event::TRAFFIC);
            }
            tunnel_receive(pkt)
        }
    }
}
