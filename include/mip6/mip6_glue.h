/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C side of mip6's thin unsafe layer: the kernel interfaces that Rust for Linux 7.3
 * does not wrap (pernet state, sysctl tables, capabilities, namespaces). Every function
 * takes and returns plain integers or opaque pointers; the Rust declarations live in
 * rust/kernel_glue/glue.rs and must match this file.
 */
#ifndef _MIP6_GLUE_H
#define _MIP6_GLUE_H

#include <linux/types.h>

struct net;

/* Index of each net.ipv6.mobility knob in the per-namespace table (keep in Rust order). */
enum mip6_sysctl {
	MIP6_SYSCTL_DEBUGLEVEL,
	MIP6_SYSCTL_ACCEPT_RETURN_ROUTABILITY,
	MIP6_SYSCTL_BU_FLAG_LLADDR,
	MIP6_SYSCTL_BU_FLAG_KEYMGM,
	MIP6_SYSCTL_BU_FLAG_CN_ACK,
	MIP6_SYSCTL_MAX_ROUTER_REACHABLE_TIME,
	MIP6_SYSCTL_EAGER_CELL_SWITCHING,
	MIP6_SYSCTL_BINDING_REFRESH_ADVICE,
	MIP6_SYSCTL_MAX_TNLS,
	MIP6_SYSCTL_MIN_TNLS,
	MIP6_SYSCTL_TUNNEL_SITELOCAL,
	MIP6_SYSCTL_COUNT,
};

/* mip6_base glue, called by mip6_base's Rust code. */
int mip6_base_glue_init(int debuglevel_default);
void mip6_base_glue_exit(void);
struct net *mip6_net_get_current(void);	/* takes a reference */
void mip6_net_put(struct net *net);
bool mip6_net_admin_capable(struct net *net);
int mip6_net_role(struct net *net);
int mip6_net_set_role(struct net *net, u32 role);
int mip6_sysctl_get(struct net *net, u32 knob);
u32 mip6_roles_loaded(void);

u64 mip6_now_ms(void);
int mip6_send_ipv6(struct net *net, const u8 *pkt, u32 len);
int mip6_onlink_ifindex(struct net *net, const u8 *addr);
bool mip6_is_local_addr(struct net *net, const u8 *addr);
void *mip6_net_rs(struct net *net);

/* Implemented in Rust (mip6_base_main.rs), called by the glue. */
void *mip6_rs_net_new(void);
void mip6_rs_net_free(void *rs);
void mip6_rs_rx_mh(void *rs, struct net *net, const u8 *pkt, u32 len, int iif);
void mip6_rs_tick(void *rs, struct net *net);

/* Exported by mip6_base (symbol namespace "MIP6") for the role modules. */
int mip6_role_register(u32 role);
void mip6_role_unregister(u32 role);

#endif /* _MIP6_GLUE_H */
