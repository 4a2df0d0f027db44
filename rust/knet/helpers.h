/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-statement wrappers of static inline kernel functions the networking layer calls,
 * in the style of the kernel's rust/helpers/ directory (bodies in helpers.c).
 */
#ifndef _KNET_HELPERS_H
#define _KNET_HELPERS_H

#include <linux/types.h>

struct sk_buff;
struct net;
struct nf_hook_state;

struct net *knet_nf_hook_state_net(const struct nf_hook_state *state);
u8 *knet_skb_network_header(const struct sk_buff *skb);
/* Bytes from the network header to the end of the linear area, and to the end. */
u32 knet_skb_network_headlen(const struct sk_buff *skb);
u32 knet_skb_network_len(const struct sk_buff *skb);
bool knet_skb_may_pull_network(struct sk_buff *skb, u32 len);
int knet_skb_make_writable_network(struct sk_buff *skb, u32 len);
void knet_skb_postpull_rcsum(struct sk_buff *skb, const void *start, u32 len);
void knet_skb_postpush_rcsum(struct sk_buff *skb, const void *start, u32 len);

struct sock;
struct dst_entry;
struct flowi6;

struct sock *knet_nf_hook_state_sk(const struct nf_hook_state *state);
u32 knet_skb_mark(const struct sk_buff *skb);
struct sock *knet_skb_sk(const struct sk_buff *skb);
int knet_sk_bound_dev_if(const struct sock *sk);
bool knet_skb_is_gso(const struct sk_buff *skb);
int knet_skb_cow_head(struct sk_buff *skb, u32 headroom);
void knet_skb_reset_network_header(struct sk_buff *skb);
void knet_ip6cb_set_nhoff(struct sk_buff *skb, u16 nhoff);
void knet_skb_dst_drop(struct sk_buff *skb);
void knet_skb_dst_set(struct sk_buff *skb, struct dst_entry *dst);
void knet_skb_dst_update_pmtu_no_confirm(struct sk_buff *skb, u32 mtu);
void knet_update_quoted_pmtu(struct sk_buff *skb, struct net *net, u32 off, __be32 mtu);
void knet_skb_dev_from_dst(struct sk_buff *skb);
void knet_icmpv6_send(struct sk_buff *skb, u8 type, u8 code, u32 info);
struct net_device *knet_skb_dev(const struct sk_buff *skb);
int knet_skb_dev_ifindex(const struct sk_buff *skb);
bool knet_skb_is_loopback(const struct sk_buff *skb);
void knet_ndisc_send_na(struct sk_buff *skb, const u8 *daddr, const u8 *target, bool solicited);
struct net *knet_dev_net(const struct net_device *dev);
int knet_skb_unclone(struct sk_buff *skb);
void knet_skb_gso_clear_encap(struct sk_buff *skb);
u32 knet_skb_wire_packets(const struct sk_buff *skb);
void knet_skb_decap_ipv6(struct sk_buff *skb, u32 outer_len);
void knet_skb_receive_as(struct sk_buff *skb, struct net_device *dev, bool xnet);
bool knet_skb_tunnel_gso_whole(const struct sk_buff *skb);
int knet_skb_checksum_help_partial(struct sk_buff *skb);
int knet_skb_gso_encap_ipxip6(struct sk_buff *skb);
void knet_skb_tunnel_out(struct sk_buff *skb);
bool knet_skb_is_ipv6(const struct sk_buff *skb);
void knet_ip6cb_clear(struct sk_buff *skb);
void knet_dev_tx_add(struct net_device *dev, u32 len);
void knet_dev_tx_dropped(struct net_device *dev);
struct net_device *knet_dst_dev(const struct dst_entry *dst);
struct sk_buff *knet_skb_new_ipv6(const u8 *data, u32 len);
int knet_net_xmit_errno(int err);
struct sk_buff *knet_skb_gso_segment(struct sk_buff *skb);
struct sk_buff *knet_skb_list_next(const struct sk_buff *skb);
void knet_skb_mark_not_on_list(struct sk_buff *skb);
void knet_kfree_skb(struct sk_buff *skb);
void knet_consume_skb(struct sk_buff *skb);
int knet_dst_output(struct net *net, struct sock *sk, struct sk_buff *skb);

int knet_dst_error(const struct dst_entry *dst);
u32 knet_dst_mtu(const struct dst_entry *dst);
u32 knet_dst_ll_reserved_space(const struct dst_entry *dst);
struct dst_entry *knet_dst_clone(struct dst_entry *dst);
void knet_flowi6_init(struct flowi6 *fl6, const u8 *saddr, const u8 *daddr, u8 proto, int oif,
		      u32 mark);
struct dst_entry *knet_ip6_route_output(struct net *net, const struct sock *sk,
					struct flowi6 *fl6, bool strict);
bool knet_xfrm6_policy_allows_in(struct sk_buff *skb);
bool knet_xfrm6_policy_allows_fwd(struct sk_buff *skb);
struct dst_entry *knet_xfrm_lookup6(struct net *net, struct dst_entry *dst,
				    struct flowi6 *fl6, const struct sock *sk);


/* Lifecycle: per-namespace state, work items, devices, RCU freeing. */
struct work_struct;
struct net_device;
void *knet_net_generic(const struct net *net, unsigned int id);
void knet_init_work(struct work_struct *work, void (*func)(struct work_struct *work));
bool knet_schedule_work(struct work_struct *work);
struct net_device *knet_netdev_notifier_info_to_dev(const void *info);
int knet_dev_ifindex(const struct net_device *dev);
void knet_dev_put(struct net_device *dev);
void knet_kfree_rcu(struct rcu_head *head, void *object);
struct delayed_work;
void knet_init_delayed_work(struct delayed_work *dw, void (*func)(struct work_struct *work));
bool knet_queue_delayed_work(struct delayed_work *dw, u32 ms);
bool knet_mod_delayed_work(struct delayed_work *dw, u32 ms);
struct sk_buff_head;
void knet_skb_queue_head_init(struct sk_buff_head *q);
u32 knet_skb_queue_len(const struct sk_buff_head *q);
void knet_skb_queue_purge(struct sk_buff_head *q);
int knet_skb_linearize(struct sk_buff *skb);
/* Whether the device @skb came in on is still registered in @net (RCU inside). */
bool knet_skb_in_dev_present(struct sk_buff *skb, struct net *net);
void knet_icmpv6_param_prob(struct sk_buff *skb, u32 pointer);
void *knet_alloc_percpu_u64s(u32 n);
void knet_percpu_u64_add(void *counters, u32 idx, u64 n);
u64 knet_percpu_u64_sum(void *counters, u32 idx);
struct module;
bool knet_try_module_get(struct module *m);
struct net *knet_current_net_get(void);
void knet_net_put(struct net *net);
bool knet_net_admin_capable(const struct net *net);
u32 knet_coarse_ms(void);
struct inet6_ifaddr;
struct neighbour;
bool knet_dev_registered(const struct net_device *dev);
bool knet_dev_up_with_carrier(const struct net_device *dev);
void knet_dev_net_set(struct net_device *dev, struct net *net);
void knet_unregister_netdevice(struct net_device *dev);
struct net_device *knet_ifa_dev(const struct inet6_ifaddr *ifa);
bool knet_neigh_nd_failed(const struct neighbour *n);
struct net_device *knet_neigh_dev(const struct neighbour *n);
const u8 *knet_neigh_key(const struct neighbour *n);
int knet_skb_copy_network(const struct sk_buff *skb, u32 off, u8 *to, u32 len);

/* Routes and addresses of a namespace (what a home agent serves, how long a prefix lives). */
struct inet6_dev;
struct inet6_ifaddr;
bool knet_dst_is_gateway(const struct dst_entry *dst);
bool knet_dev_is_loopback(const struct net_device *dev);
bool knet_ipv6_chk_addr(struct net *net, const u8 *addr);
struct inet6_dev *knet_in6_dev_by_index_rcu(struct net *net, int ifindex);
void knet_in6_dev_read_lock_bh(struct inet6_dev *idev);
void knet_in6_dev_read_unlock_bh(struct inet6_dev *idev);
struct inet6_ifaddr *knet_in6_dev_first_addr(struct inet6_dev *idev);
struct inet6_ifaddr *knet_in6_dev_next_addr(struct inet6_dev *idev, struct inet6_ifaddr *ifa);
/* What an address's lifetime is made of, copied under its lock. */
struct knet_ifa {
	u8 addr[16];
	u32 prefix_len;
	bool permanent;
	u32 valid_lft;		/* seconds; U32_MAX: infinite */
	u32 age;		/* seconds since the lifetime was set */
};
void knet_ifa_snapshot(struct inet6_ifaddr *ifa, struct knet_ifa *out);
#endif /* _KNET_HELPERS_H */
