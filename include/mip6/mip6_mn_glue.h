/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between mip6_mn's Rust control plane (rust/mip6_mn/mobile_node.rs) and its C glue
 * (rust/mip6_mn/mip6_mn_glue.c). Plain integers, byte arrays and opaque pointers only.
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

/* C side, called by Rust. */
int mip6_mn_glue_init(void);
void mip6_mn_glue_exit(void);
void mip6_mn_schedule(struct net *net, u32 delay_ms);
int mip6_mn_tunnel_setup(struct net *net, const char *name, const u8 *home, u8 plen);
void mip6_mn_teardown(struct net *net);
bool mip6_mn_link_ok(struct net *net, int ifindex);
bool mip6_mn_take_failed(struct net *net, u8 *addr);
void mip6_mn_announce(struct net *net, int ifindex, const u8 *home);
void mip6_mn_dp_set(struct net *net, const u8 *home, const u8 *ha, const u8 *coa, int oif,
		    bool away);
int mip6_mn_addrs(struct net *net, int ifindex, struct mip6_mn_addr *out, u32 max);
u32 mip6_mn_take_ra(struct net *net, u8 *buf, u32 max, int *ifindex, u8 *src);
/* @gw may be NULL; @metric 0 on delete matches any. */
int mip6_mn_route(struct net *net, bool add, const u8 *dst, u8 plen, const u8 *gw, int oif,
		  u32 metric);
int mip6_mn_addr(struct net *net, bool add, int ifindex, const u8 *addr, u8 plen);
/* Route optimisation with correspondents. */
#define MIP6_MN_RO_ACTIVE	1	/* packets to it go with a Home Address option */
#define MIP6_MN_EV_TRAFFIC	1	/* it sent us a packet through the home agent */
#define MIP6_MN_EV_NO_RO	2	/* an ICMP error: it knows no Home Address option / Mobility Header */
int mip6_mn_ro_set(struct net *net, const u8 *cn, u32 flags);
void mip6_mn_ro_del(struct net *net, const u8 *cn);
u32 mip6_mn_take_cn_event(struct net *net, u8 *addr);

/* The receive hook (rust/mip6_mn/receive.rs) and what it reads and tells (softirq). */
struct sk_buff;
struct net_device;
struct nf_hook_state;
struct mip6_mn_view {
	u8 home[16];
	u8 coa[16];
	u8 ha[16];
	int oif;		/* link of the care-of address */
	bool away;
};
unsigned int mip6_rs_mn_prerouting(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state);
bool mip6_mn_view_get(struct net *net, const struct sk_buff *skb, struct mip6_mn_view *out);
bool mip6_mn_view_of(struct net *net, struct mip6_mn_view *out);
bool mip6_mn_ro_active(struct net *net, const u8 *cn);
bool mip6_mn_is_tnl(const struct net_device *dev);
/* The home tunnel device's transmit, in Rust (rust/mip6_mn/send.rs); consumes @skb. */
void mip6_rs_mn_tnl_xmit(struct sk_buff *skb, struct net_device *dev);
bool mip6_mn_ro_known(struct net *net, const u8 *cn);
struct net_device *mip6_mn_tunnel_dev(struct net *net, const struct sk_buff *skb);
void mip6_mn_keep_ra(struct net *net, struct sk_buff *skb);
void mip6_mn_cn_event(struct net *net, const u8 *addr, u32 kind);

/* Rust side, called by the glue (process context unless noted). */
void *mip6_rs_mn_new(void);
void mip6_rs_mn_free(void *rs);
u32 mip6_rs_mn_run(void *rs, struct net *net);	/* returns ms until the next run, 0: none */
void mip6_rs_mn_rx_mh(void *rs, struct net *net, const u8 *pkt, u32 len);
int mip6_rs_mn_ioctl(void *rs, struct net *net, bool admin, u32 cmd, unsigned long arg);
void mip6_rs_mn_stop(void *rs, struct net *net);

#endif /* _MIP6_MN_GLUE_H */
