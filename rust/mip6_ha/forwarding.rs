// SPDX-License-Identifier: GPL-2.0
//! The home agent's forwarding plane (RFC 6275 §10.4), for the home registrations
//! mip6_base's control plane accepted:
//!   - proxy Neighbour Discovery: Neighbour Solicitations for a home address on its home
//!     link are answered with the home agent's link-layer address (§10.4.1; the kernel's
//!     `pneigh_*` is not exported to modules), DAD probes included;
//!   - Neighbour Advertisements for an address under the home agent's own DAD are noted;
//!   - packets for a home address are intercepted and forwarded, as a router forwards,
//!     into the IPv6-in-IPv6 tunnel to the care-of address (§10.4.2);
//!   - the reverse tunnel is decapsulated only from the care-of address bound to the
//!     inner source and to our address of that binding (§10.4.5).
//!
//! Per packet: one or two atomic reads in a namespace without home registrations, then one
//! lock-free hash look-up. Decisions are the core's ([`crate::mip6::intercept`]).

use crate::glue::{HaNet, Registration};
use crate::knet::bindings::{ICMPV6_EXC_HOPLIMIT, ICMPV6_TIME_EXCEED};
use crate::knet::netfilter::{netfilter_hook, HookPacket, Verdict};
use crate::knet::tunnel;
use crate::mip6::intercept::{self, Forward, Received};

netfilter_hook!(mip6_rs_ha_prerouting, prerouting);
netfilter_hook!(mip6_rs_ha_local_out, local_out);

/// PRE_ROUTING, after mip6_base's hook (which takes the signalling addressed to us).
fn prerouting(mut pkt: HookPacket<'_>) -> Verdict {
    let ha = HaNet::of(&pkt);
    let (bound, watching) = (ha.has_bindings(), ha.dad_watching());
    if !bound && !watching {
        return pkt.accept();
    }
    let Some(received) = pkt.classify(intercept::classify) else {
        return pkt.accept();
    };
    let ha = HaNet::of(&pkt).as_ptr();
    match received {
        Received::Pass | Received::Need(_) => pkt.accept(),
        Received::Advertisement { target } => {
            // Our own multicast looped back is not an answer.
            if watching && !pkt.is_looped_back() {
                HaNet::of(&pkt).dad_seen(pkt.dev_ifindex(), &target);
            }
            pkt.accept()
        }
        Received::Solicitation { target, .. } => proxy_ns(pkt, &target),
        Received::Tunnelled { inner_src } if bound => reverse_tunnel(pkt, &inner_src),
        Received::ToAddress { dst } if bound => match HaNet::of(&pkt).registration(&dst) {
            Some(reg) => intercept(pkt, ha, &reg),
            None => pkt.accept(),
        },
        Received::Tunnelled { .. } | Received::ToAddress { .. } => pkt.accept(),
    }
}

/// Answers a Neighbour Solicitation for a home address bound on the link it came in on;
/// any other goes to the stack (Neighbour Discovery is never tunnelled).
fn proxy_ns(pkt: HookPacket<'_>, target: &[u8; 16]) -> Verdict {
    let Some(reg) = HaNet::of(&pkt).registration(target) else {
        return pkt.accept();
    };
    if reg.ifindex != pkt.dev_ifindex() {
        return pkt.accept();
    }
    pkt.answer_solicitation(target)
}

/// The reverse tunnel: the outer source must be the care-of address bound to the inner
/// source, and the outer destination our address of that binding. Not from a mobile node
/// of ours: the stack's business (without an ip6tnl device for it, it is refused).
fn reverse_tunnel(pkt: HookPacket<'_>, inner_src: &[u8; 16]) -> Verdict {
    let ha = HaNet::of(&pkt);
    let Some(reg) = ha.registration(inner_src) else {
        return pkt.accept();
    };
    let hdr = pkt.headers();
    if hdr.get(24..40) != Some(&reg.ha_addr[..]) {
        return pkt.accept();
    }
    if hdr.get(8..24) != Some(&reg.coa[..]) {
        // A bound home address tunnelled to us from another address is spoofed.
        ha.count_revtun_drop();
        return pkt.drop_packet();
    }
    let (skb, _, _, stolen) = pkt.steal();
    tunnel::receive(skb);
    stolen
}

/// Forwards an intercepted packet into the tunnel, as a router would: the hop limit is
/// decremented (Time Exceeded when it runs out), and packets a router must not forward
/// (link-local or multicast sources) are dropped.
fn intercept(
    mut pkt: HookPacket<'_>,
    net: *mut crate::knet::bindings::net,
    reg: &Registration,
) -> Verdict {
    match intercept::forward(pkt.headers()) {
        Forward::Refuse => return pkt.drop_packet(),
        Forward::HopLimitExceeded => {
            pkt.send_icmp_error(ICMPV6_TIME_EXCEED as u8, ICMPV6_EXC_HOPLIMIT as u8, 0);
            return pkt.drop_packet();
        }
        Forward::Tunnel => {}
    }
    // Forwarded, though not by the stack: its forward IPsec policy applies.
    if !pkt.policy_allows_forward() {
        return pkt.drop_packet();
    }
    // The hop limit shares a 16-bit word with Next Header: a received sum is updated
    // over that word.
    if pkt
        .edit(8, &[6..8], intercept::decrement_hop_limit)
        .is_err()
    {
        return pkt.drop_packet();
    }
    let (skb, _, _, stolen) = pkt.steal();
    tunnel::xmit(net, skb, &reg.ha_addr, &reg.coa, 0);
    stolen
}

/// LOCAL_OUT, before mip6_base's route optimisation: what the home agent itself sends to
/// an away mobile node's home address goes through the tunnel too (§10.4.2), except
/// signalling and Neighbour Discovery.
fn local_out(mut pkt: HookPacket<'_>) -> Verdict {
    if !HaNet::of(&pkt).has_bindings() {
        return pkt.accept();
    }
    // The ICMPv6 type, if any, must be at hand.
    let want = pkt.len().min(41);
    if pkt.pull(want).is_err() || !intercept::tunnel_own(pkt.headers()) {
        return pkt.accept();
    }
    let Some(Ok(dst)) = pkt.headers().get(24..40).map(<[u8; 16]>::try_from) else {
        return pkt.accept();
    };
    let ha = HaNet::of(&pkt);
    let (net, Some(reg)) = (ha.as_ptr(), ha.registration(&dst)) else {
        return pkt.accept();
    };
    let (skb, _, _, stolen) = pkt.steal();
    tunnel::xmit(net, skb, &reg.ha_addr, &reg.coa, 0);
    stolen
}
