/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between mip6_ha's Rust forwarding plane (rust/mip6_ha/forwarding.rs) and its C glue
 * (rust/mip6_ha/mip6_ha_glue.c: per-namespace state, the binding table, proxy-ND group
 * membership, the DAD watch list). Plain integers, byte arrays and opaque pointers only.
 */
#ifndef _MIP6_HA_GLUE_H
#define _MIP6_HA_GLUE_H

#include <linux/types.h>

struct net;
struct sk_buff;
struct nf_hook_state;

/* What the forwarding plane needs of one home registration. */
struct mip6_ha_fwd {
	u8 coa[16];
	u8 ha_addr[16];		/* our address the BU was sent to: the tunnel's source */
	int ifindex;		/* home link */
};

/* Whether the namespace has home registrations, and DAD probes in flight. */
bool mip6_ha_bindings_any(struct net *net);
bool mip6_ha_dad_watching(struct net *net);
/* The registration of @home, copied to @out: false without one. Caller holds RCU. */
bool mip6_ha_fwd_get(struct net *net, const u8 *home, struct mip6_ha_fwd *out);
/* A Neighbour Advertisement for @target came in on @ifindex (DAD evidence). */
void mip6_ha_dad_seen(struct net *net, int ifindex, const u8 *target);

/* The hooks, in Rust (rust/mip6_ha/forwarding.rs). */
unsigned int mip6_rs_ha_prerouting(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state);
unsigned int mip6_rs_ha_local_out(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state);

#endif /* _MIP6_HA_GLUE_H */
