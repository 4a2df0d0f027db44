/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mip6_base's interfaces: what it exports to the role modules (symbol namespace "MIP6";
 * most are Rust, exported by rust/mip6_base/exports.c), and the C it still keeps
 * (rust/mip6_base/mip6_glue.c, sysctl.c). Plain integers, byte arrays and opaque pointers;
 * the Rust declarations are made by bindgen from this file (rust/knet/bindings_generated.rs),
 * and the Rust definitions are checked against it.
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
	MIP6_SYSCTL_MAX_BINDINGS,
	MIP6_SYSCTL_MAX_CN_BINDINGS,
	MIP6_SYSCTL_REPLAY_TOLERANCE,
	MIP6_SYSCTL_MAX_HOME_LIFETIME,
	MIP6_SYSCTL_COUNT,
};

/* The namespace's table (sysctl.c): registered pointing at @values, which it fills with
 * the defaults (@debuglevel for debuglevel); NULL without memory. */
struct ctl_table_header;
struct ctl_table_header *mip6_sysctl_register(struct net *net, int *values, int debuglevel);
void mip6_sysctl_unregister(struct ctl_table_header *hdr);
/* Exported (Rust): a knob of @net, the role @net plays. */
int mip6_sysctl_get(struct net *net, u32 knob);
int mip6_net_role(struct net *net);

/* The boot-time clock in milliseconds (mip6_glue.c). */
u64 mip6_now_ms(void);

/* The hooks, in Rust. The receive hook (PRE_ROUTING): rust/mip6_base/cn_receive.rs. */
struct sk_buff;
struct nf_hook_state;
unsigned int mip6_rs_prerouting(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state);
/* The send hook (LOCAL_OUT), in Rust: rust/mip6_base/cn_send.rs. */
unsigned int mip6_rs_local_out(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state);
/* Exported (Rust): role modules register and unregister. */
int mip6_role_register(u32 role);
void mip6_role_unregister(u32 role);

/*
 * Counters kept per CPU by mip6_base for the role modules and the data path: slots
 * 0..MIP6_STAT_SLOTS-1 are the MIPL statistics (struct mipv6_stats order), added to the
 * control plane's own counts by MIPV6_IOC_GET_STATS.
 */
enum mip6_dp_stat {
	MIP6_STAT_ENCAPSULATIONS = 0,	/* NEncapsulations */
	MIP6_STAT_DECAPSULATIONS = 1,	/* NDecapsulations */
	MIP6_STAT_BU_SENT = 16,		/* NBindUpdatesSent */
	MIP6_STAT_BA_DROP_MISC = 25,	/* NBindAcksDropMisc */
	MIP6_STAT_SLOTS = 29,
	MIP6_STAT_REVTUN_DROPS = MIP6_STAT_SLOTS, /* reverse tunnel with a spoofed source */
	MIP6_DP_STAT_COUNT,
};
void mip6_stat_add(struct net *net, u32 idx, u64 n);	/* any context */

struct in6_addr;
struct module;

/*
 * The home agent's forwarding plane (mip6_ha) hears of every home registration the
 * control plane in mip6_base accepts (up) or ends (!up). Process context, serialised per
 * namespace.
 */
struct mip6_ha_ops {
	struct module *owner;
	void (*binding)(struct net *net, const struct in6_addr *home, const struct in6_addr *coa,
			const struct in6_addr *ha_addr, int ifindex, bool up);
	/* Duplicate Address Detection of a home address (10.4.1): start watching the home
	 * link for a Neighbour Advertisement of @home (0, -ENOSPC); stop (1: one was seen,
	 * 0: none, -ENOENT). mip6_base sends the probe. */
	int (*dad_watch)(struct net *net, int ifindex, const struct in6_addr *home, bool start);
};
void mip6_ha_ops_register(const struct mip6_ha_ops *ops);
void mip6_ha_ops_unregister(void);

struct sk_buff;
struct net_device;
struct flowi6;
struct dst_entry;
/* IPv6-in-IPv6, in Rust (rust/knet/tunnel.rs; every module has its own copy): sends
 * @skb from @saddr to @daddr (out of @oif if non-zero); consumes @skb. */
void mip6_tunnel_xmit(struct net *net, struct sk_buff *skb, const struct in6_addr *saddr,
		      const struct in6_addr *daddr, int oif);
/* Decapsulation, in Rust (rust/knet/tunnel.rs; every module has its own copy): takes the
 * outer header off and receives the inner packet on @dev; consumes @skb. */
void mip6_tunnel_rcv(struct sk_buff *skb, struct net_device *dev);

/*
 * The mobile node (mip6_mn) receives the signalling addressed to a mobile node namespace
 * (BA, BRR, BE) and the ioctls mip6_base does not know. Process context.
 */
struct mip6_mn_ops {
	struct module *owner;
	void (*rx_mh)(struct net *net, const u8 *pkt, u32 len);
	int (*ioctl)(struct net *net, bool admin, u32 cmd, unsigned long arg);
	void (*stop)(struct net *net);	/* the namespace stopped being a mobile node */
};
void mip6_mn_ops_register(const struct mip6_mn_ops *ops);
void mip6_mn_ops_unregister(void);

void mip6_random_bytes(u8 *buf, u32 len);

/* Crypto and clock for the Rust core, exported for the role modules: the kernel's SHA-1
 * and HMAC-SHA1 over @n parts (return routability, RFC 4285), the wall
 * clock (replay protection timestamps), explicit zeroing of key copies, the global
 * rate limit of log lines a packet can trigger. */
void mip6_sha1(const u8 *const *parts, const u32 *lens, u32 n, u8 *out);
void mip6_hmac_sha1(const u8 *key, u32 key_len, const u8 *const *parts, const u32 *lens, u32 n,
		    u8 *out);
u64 mip6_real_ns(void);
void mip6_wipe(u8 *buf, u32 len);
bool mip6_log_ratelimit(void);
/* The namespace's MN-HA credential for @home (longest-prefix policy entry): 0 with a key
 * (SPI, key and its length filled in), 1 for an unauthenticated entry, -ENOENT. */
int mip6_policy_key(struct net *net, const u8 *home, u32 *spi, u8 *key, u32 *key_len);

#endif /* _MIP6_GLUE_H */
