// SPDX-License-Identifier: GPL-2.0
/*
 * One-statement wrappers of static inline kernel functions for the networking layer
 * (declarations in helpers.h). Compiled into each module (see its knet_helpers.c): the
 * symbols are module-local, so the three modules do not clash.
 */
#include <linux/icmpv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/gso.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/xfrm.h>
#include "helpers.h"

struct net *knet_nf_hook_state_net(const struct nf_hook_state *state)
{
	return state->net;
}

u8 *knet_skb_network_header(const struct sk_buff *skb)
{
	return skb_network_header(skb);
}

u32 knet_skb_network_headlen(const struct sk_buff *skb)
{
	return skb_tail_pointer(skb) - skb_network_header(skb);
}

u32 knet_skb_network_len(const struct sk_buff *skb)
{
	return skb->len - skb_network_offset(skb);
}

bool knet_skb_may_pull_network(struct sk_buff *skb, u32 len)
{
	return pskb_may_pull(skb, skb_network_offset(skb) + len);
}

int knet_skb_make_writable_network(struct sk_buff *skb, u32 len)
{
	return skb_ensure_writable(skb, skb_network_offset(skb) + len);
}

void knet_skb_postpull_rcsum(struct sk_buff *skb, const void *start, u32 len)
{
	skb_postpull_rcsum(skb, start, len);
}

void knet_skb_postpush_rcsum(struct sk_buff *skb, const void *start, u32 len)
{
	skb_postpush_rcsum(skb, start, len);
}

struct sock *knet_nf_hook_state_sk(const struct nf_hook_state *state)
{
	return state->sk;
}

u32 knet_skb_mark(const struct sk_buff *skb)
{
	return skb->mark;
}

struct sock *knet_skb_sk(const struct sk_buff *skb)
{
	return skb->sk;
}

int knet_sk_bound_dev_if(const struct sock *sk)
{
	return READ_ONCE(sk->sk_bound_dev_if);
}

bool knet_skb_is_gso(const struct sk_buff *skb)
{
	return skb_is_gso(skb);
}

int knet_skb_cow_head(struct sk_buff *skb, u32 headroom)
{
	return skb_cow_head(skb, headroom);
}

void knet_skb_reset_network_header(struct sk_buff *skb)
{
	skb_reset_network_header(skb);
}

void knet_ip6cb_set_nhoff(struct sk_buff *skb, u16 nhoff)
{
	IP6CB(skb)->nhoff = nhoff;
}

void knet_skb_dst_drop(struct sk_buff *skb)
{
	skb_dst_drop(skb);
}

void knet_skb_dst_set(struct sk_buff *skb, struct dst_entry *dst)
{
	skb_dst_set(skb, dst);
}

void knet_skb_dst_update_pmtu_no_confirm(struct sk_buff *skb, u32 mtu)
{
	skb_dst_update_pmtu_no_confirm(skb, mtu);
}

void knet_skb_dev_from_dst(struct sk_buff *skb)
{
	skb->dev = skb_dst(skb)->dev;
}

void knet_icmpv6_send(struct sk_buff *skb, u8 type, u8 code, u32 info)
{
	icmpv6_send(skb, type, code, info);
}

struct net_device *knet_skb_dev(const struct sk_buff *skb)
{
	return skb->dev;
}

int knet_skb_dev_ifindex(const struct sk_buff *skb)
{
	return skb->dev->ifindex;
}

bool knet_skb_is_loopback(const struct sk_buff *skb)
{
	return skb->pkt_type == PACKET_LOOPBACK;
}

/* Proxy ND: not a router's answer, override set, with our link-layer address. */
void knet_ndisc_send_na(struct sk_buff *skb, const u8 *daddr, const u8 *target, bool solicited)
{
	ndisc_send_na(skb->dev, (const struct in6_addr *)daddr, (const struct in6_addr *)target,
		      false, solicited, true, true);
}

struct sk_buff *knet_skb_gso_segment(struct sk_buff *skb)
{
	return skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
}

struct sk_buff *knet_skb_list_next(const struct sk_buff *skb)
{
	return skb->next;
}

void knet_skb_mark_not_on_list(struct sk_buff *skb)
{
	skb_mark_not_on_list(skb);
}

void knet_kfree_skb(struct sk_buff *skb)
{
	kfree_skb(skb);
}

void knet_consume_skb(struct sk_buff *skb)
{
	consume_skb(skb);
}

int knet_dst_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return dst_output(net, sk, skb);
}

int knet_dst_error(const struct dst_entry *dst)
{
	return dst->error;
}

u32 knet_dst_mtu(const struct dst_entry *dst)
{
	return dst_mtu(dst);
}

u32 knet_dst_ll_reserved_space(const struct dst_entry *dst)
{
	return LL_RESERVED_SPACE(dst->dev);
}

struct dst_entry *knet_dst_clone(struct dst_entry *dst)
{
	return dst_clone(dst);
}

void knet_flowi6_init(struct flowi6 *fl6, const u8 *saddr, const u8 *daddr, u8 proto, int oif,
		      u32 mark)
{
	*fl6 = (struct flowi6){
		.flowi6_oif = oif,
		.flowi6_mark = mark,
		.flowi6_proto = proto,
		.saddr = *(const struct in6_addr *)saddr,
		.daddr = *(const struct in6_addr *)daddr,
	};
}

struct dst_entry *knet_ip6_route_output(struct net *net, const struct sock *sk,
					struct flowi6 *fl6)
{
	return ip6_route_output(net, sk, fl6);
}

struct dst_entry *knet_xfrm_lookup6(struct net *net, struct dst_entry *dst,
				    struct flowi6 *fl6, const struct sock *sk)
{
	return xfrm_lookup(net, dst, flowi6_to_flowi(fl6), sk, 0);
}
