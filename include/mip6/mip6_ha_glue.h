/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mip6_ha's netfilter hooks (rust/mip6_ha/forwarding.rs), declared here so that bindgen
 * checks the Rust definitions against the hook signature netfilter calls.
 */
#ifndef _MIP6_HA_GLUE_H
#define _MIP6_HA_GLUE_H

#include <linux/types.h>

struct sk_buff;
struct nf_hook_state;

unsigned int mip6_rs_ha_prerouting(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state);
unsigned int mip6_rs_ha_local_out(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state);

#endif /* _MIP6_HA_GLUE_H */
