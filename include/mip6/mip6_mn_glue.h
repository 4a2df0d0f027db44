/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between mip6_mn's Rust (rust/knet/glue/mobile_node.rs) and the C it keeps
 * (rust/mip6_mn/mip6_mn_rtnl.c). Plain integers, byte arrays and opaque pointers only.
 */
#ifndef _MIP6_MN_GLUE_H
#define _MIP6_MN_GLUE_H

#include <linux/types.h>

struct net;

/* One address of an interface (flags are IFA_F_*). */
struct mip6_mn_addr {
	u8 addr[16];
	u8 plen;
	u8 pad[3];
	u32 flags;
};

/* C side (rust/mip6_mn/mip6_mn_rtnl.c), called by Rust. */
int mip6_mn_addrs(struct net *net, int ifindex, struct mip6_mn_addr *out, u32 max);
/* @gw may be NULL; @metric 0 on delete matches any. */
int mip6_mn_route(struct net *net, bool add, const u8 *dst, u8 plen, const u8 *gw, int oif,
		  u32 metric);
int mip6_mn_addr(struct net *net, bool add, int ifindex, const u8 *addr, u8 plen);
int mip6_mn_link_up(struct net *net, int ifindex);

/* The home tunnel device: an unregistered one from the template, and whether a device
 * is one (compares the ops pointer only; @dev may be NULL). */
struct net_device;
struct net_device *mip6_mn_tnl_alloc(const char *name);
bool mip6_mn_is_tnl(const struct net_device *dev);

/* Correspondent events of the data path. */
#define MIP6_MN_EV_TRAFFIC	1	/* it sent us a packet through the home agent */
#define MIP6_MN_EV_NO_RO	2	/* an ICMP error: it knows no Home Address option / Mobility Header */

/* Rust side, called by C. */
struct sk_buff;
struct nf_hook_state;
/* The receive hook (rust/mip6_mn/receive.rs; softirq). */
unsigned int mip6_rs_mn_prerouting(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state);
/* The home tunnel device's transmit (rust/mip6_mn/send.rs); consumes @skb. */
void mip6_rs_mn_tnl_xmit(struct sk_buff *skb, struct net_device *dev);

#endif /* _MIP6_MN_GLUE_H */
