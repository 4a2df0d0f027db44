// SPDX-License-Identifier: GPL-2.0
/*
 * Wrappers of static inline kernel functions and field accesses for the networking layer
 * (declarations in helpers.h): one statement each, or a short sequence without branches
 * where the kernel's own code does these steps together. Compiled into each module (see its knet_helpers.c): the
 * symbols are module-local, so the three modules do not clash.
 */
#include <linux/icmpv6.h>
#include <linux/capability.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/addrconf.h>
#include <net/gso.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/addrconf.h>
#include <net/ndisc.h>
#include <net/neighbour.h>
#include <net/netns/generic.h>
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

/*
 * The route a packet quoted by a received ICMPv6 error took learns @mtu (network order),
 * as ip6_update_pmtu() does for the protocols that handle their own errors. The quoted
 * IPv6 header is @off bytes after the outer one, linear; ip6_update_pmtu() reads it at
 * skb->data, which is moved there and back (the bytes stay, so a checksum does too).
 */
void knet_update_quoted_pmtu(struct sk_buff *skb, struct net *net, u32 off, __be32 mtu)
{
	u32 at = skb_network_offset(skb) + off;

	__skb_pull(skb, at);
	ip6_update_pmtu(skb, net, mtu, 0, 0, sock_net_uid(net, NULL));
	__skb_push(skb, at);
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

/* Proxy ND: not a router's answer, override set, with our link-layer address. The
 * addresses come as bytes (no alignment): copied into in6_addr first. */
void knet_ndisc_send_na(struct sk_buff *skb, const u8 *daddr, const u8 *target, bool solicited)
{
	struct in6_addr d, t;

	memcpy(&d, daddr, sizeof(d));
	memcpy(&t, target, sizeof(t));
	ndisc_send_na(skb->dev, &d, &t, false, solicited, true, true);
}

struct net *knet_dev_net(const struct net_device *dev)
{
	return dev_net(dev);
}

int knet_skb_unclone(struct sk_buff *skb)
{
	return skb_unclone(skb, GFP_ATOMIC);
}

/* A GSO packet that came through a tunnel whole is plain GSO from here on. */
void knet_skb_gso_clear_encap(struct sk_buff *skb)
{
	skb_shinfo(skb)->gso_type &= ~(NETIF_F_GSO_ENCAP_ALL >> NETIF_F_GSO_SHIFT);
}

/* The packets @skb is on the wire: a GSO packet counts as its segments. */
u32 knet_skb_wire_packets(const struct sk_buff *skb)
{
	return skb_is_gso(skb) ? max_t(u32, skb_shinfo(skb)->gso_segs, 1) : 1;
}

/* Takes @outer_len bytes of outer header off: the inner IPv6 header is the network and,
 * until the stack parses it, the transport header. */
void knet_skb_decap_ipv6(struct sk_buff *skb, u32 outer_len)
{
	skb->encapsulation = 0;
	skb_pull(skb, outer_len);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
}

/* Makes @skb a packet received on @dev for this host (scrubbed of its old namespace's
 * state if @xnet), with no checksum of the old outer bytes. */
void knet_skb_receive_as(struct sk_buff *skb, struct net_device *dev, bool xnet)
{
	skb_scrub_packet(skb, xnet);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IPV6);
	skb->pkt_type = PACKET_HOST;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
}

/*
 * Whether a GSO packet can go through a tunnel whole: plain TCP over IPv6 whose transport
 * header is where the segmenter will look for it (a forwarded packet's transport header
 * is set right behind the IPv6 header, whatever is there), not already encapsulated.
 */
bool knet_skb_tunnel_gso_whole(const struct sk_buff *skb)
{
	return skb_is_gso(skb) && !skb->encapsulation &&
	       (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6) &&
	       ipv6_hdr(skb)->nexthdr == IPPROTO_TCP &&
	       skb_network_header_len(skb) == sizeof(struct ipv6hdr);
}

/* A checksum left to the device is computed now (the device sees only the outer header). */
int knet_skb_checksum_help_partial(struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_PARTIAL ? skb_checksum_help(skb) : 0;
}

/* One GSO packet through the tunnel, as the kernel's ip6ip6 sends it: segmented (outer and
 * inner headers alike) by the device, or by the stack just before it. */
int knet_skb_gso_encap_ipxip6(struct sk_buff *skb)
{
	int err = skb_header_unclone(skb, GFP_ATOMIC);

	if (err)
		return err;
	skb_reset_inner_headers(skb);
	skb->encapsulation = 1;
	skb_shinfo(skb)->gso_type |= SKB_GSO_IPXIP6;
	skb_set_inner_ipproto(skb, IPPROTO_IPV6);
	return 0;
}

/* The outer packet leaves as a new IPv6 packet; the outer may be fragmented only below a
 * 1320-byte path MTU (RFC 2473 7). */
void knet_skb_tunnel_out(struct sk_buff *skb)
{
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	skb->protocol = htons(ETH_P_IPV6);
	skb->ignore_df = 1;
}

bool knet_skb_is_ipv6(const struct sk_buff *skb)
{
	return skb->protocol == htons(ETH_P_IPV6);
}

void knet_ip6cb_clear(struct sk_buff *skb)
{
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
}

void knet_dev_tx_add(struct net_device *dev, u32 len)
{
	dev_sw_netstats_tx_add(dev, 1, len);
}

void knet_dev_tx_dropped(struct net_device *dev)
{
	dev_core_stats_tx_dropped_inc(dev);
}

struct net_device *knet_dst_dev(const struct dst_entry *dst)
{
	return dst->dev;
}

/* A new IPv6 packet holding a copy of @data (its IPv6 header first), with room for any
 * link-layer header in front; NULL without memory. Process context. */
struct sk_buff *knet_skb_new_ipv6(const u8 *data, u32 len)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + len, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_put_data(skb, data, len);
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_IPV6);
	return skb;
}

/* Positive NET_XMIT_* codes as errors (congestion notification is not a failure). */
int knet_net_xmit_errno(int err)
{
	return err > 0 ? net_xmit_errno(err) : err;
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
	};
	memcpy(&fl6->saddr, saddr, sizeof(fl6->saddr));
	memcpy(&fl6->daddr, daddr, sizeof(fl6->daddr));
}

/* @strict: only routes through the flow's output interface (the stack makes oif binding
 * only for an unspecified source, and a mobile node's default route into its home tunnel
 * must not capture the packets that carry the tunnel itself). */
struct dst_entry *knet_ip6_route_output(struct net *net, const struct sock *sk,
					struct flowi6 *fl6, bool strict)
{
	return ip6_route_output_flags(net, sk, fl6, strict ? RT6_LOOKUP_F_IFACE : 0);
}

/* The inbound and forward IPsec policy checks the stack makes on packets it delivers or
 * forwards itself (always true without CONFIG_XFRM). */
bool knet_xfrm6_policy_allows_in(struct sk_buff *skb)
{
	return xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb);
}

bool knet_xfrm6_policy_allows_fwd(struct sk_buff *skb)
{
	return xfrm6_policy_check(NULL, XFRM_POLICY_FWD, skb);
}

struct dst_entry *knet_xfrm_lookup6(struct net *net, struct dst_entry *dst,
				    struct flowi6 *fl6, const struct sock *sk)
{
	return xfrm_lookup(net, dst, flowi6_to_flowi(fl6), sk, 0);
}

void *knet_net_generic(const struct net *net, unsigned int id)
{
	return net_generic(net, id);
}

/* One lock class for the layer's work items (INIT_WORK makes one per call site). */
void knet_init_work(struct work_struct *work, void (*func)(struct work_struct *work))
{
	INIT_WORK(work, func);
}

/* The unbound default queue: a work item may run on any CPU, not the hook's. */
bool knet_schedule_work(struct work_struct *work)
{
	return queue_work(system_dfl_wq, work);
}

struct net_device *knet_netdev_notifier_info_to_dev(const void *info)
{
	return netdev_notifier_info_to_dev(info);
}

int knet_dev_ifindex(const struct net_device *dev)
{
	return dev->ifindex;
}

void knet_dev_put(struct net_device *dev)
{
	dev_put(dev);
}

/* kfree_rcu() for an object whose rcu_head the caller names (kmalloc'd, as KBox is). */
void knet_kfree_rcu(struct rcu_head *head, void *object)
{
	kvfree_call_rcu((struct kvfree_rcu_head *)head, object);
}

static_assert(offsetof(struct delayed_work, work) == 0);	/* rust/knet/work.rs relies on it */

void knet_init_delayed_work(struct delayed_work *dw, void (*func)(struct work_struct *work))
{
	INIT_DELAYED_WORK(dw, func);
}

bool knet_queue_delayed_work(struct delayed_work *dw, u32 ms)
{
	return queue_delayed_work(system_power_efficient_wq, dw, msecs_to_jiffies(ms));
}

bool knet_mod_delayed_work(struct delayed_work *dw, u32 ms)
{
	return mod_delayed_work(system_power_efficient_wq, dw, msecs_to_jiffies(ms));
}

void knet_skb_queue_head_init(struct sk_buff_head *q)
{
	skb_queue_head_init(q);
}

u32 knet_skb_queue_len(const struct sk_buff_head *q)
{
	return skb_queue_len_lockless(q);
}

void knet_skb_queue_purge(struct sk_buff_head *q)
{
	skb_queue_purge(q);
}

int knet_skb_linearize(struct sk_buff *skb)
{
	return skb_linearize(skb);
}

bool knet_skb_in_dev_present(struct sk_buff *skb, struct net *net)
{
	guard(rcu)();
	return dev_get_by_index_rcu(net, skb->skb_iif) == skb->dev;
}

void knet_icmpv6_param_prob(struct sk_buff *skb, u32 pointer)
{
	icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD, pointer);
}

void *knet_alloc_percpu_u64s(u32 n)
{
	return (void __force *)__alloc_percpu(n * sizeof(u64), sizeof(u64));
}

void knet_percpu_u64_add(void *counters, u32 idx, u64 n)
{
	this_cpu_add(((u64 __percpu __force *)counters)[idx], n);
}

/* The only loop of the helpers: per_cpu_ptr() over the possible CPUs has no function. */
u64 knet_percpu_u64_sum(void *counters, u32 idx)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr((u64 __percpu __force *)counters, cpu)[idx]);
	return sum;
}

bool knet_try_module_get(struct module *m)
{
	return try_module_get(m);
}

struct net *knet_current_net_get(void)
{
	return get_net(current->nsproxy->net_ns);
}

void knet_net_put(struct net *net)
{
	put_net(net);
}

/* CAP_NET_ADMIN in the user namespace that owns @net (as netlink checks it). */
bool knet_net_admin_capable(const struct net *net)
{
	return ns_capable(net->user_ns, CAP_NET_ADMIN);
}

/* Milliseconds from the tick counter (wraps; cheap enough for every packet). */
u32 knet_coarse_ms(void)
{
	return jiffies_to_msecs(jiffies);
}

bool knet_dst_is_gateway(const struct dst_entry *dst)
{
	return dst_rt6_info(dst)->rt6i_flags & RTF_GATEWAY;
}

bool knet_dev_is_loopback(const struct net_device *dev)
{
	return dev->flags & IFF_LOOPBACK;
}

/* The address comes as bytes (no alignment): copied into an in6_addr first. */
bool knet_ipv6_chk_addr(struct net *net, const u8 *addr)
{
	struct in6_addr a;

	memcpy(&a, addr, sizeof(a));
	return ipv6_chk_addr(net, &a, NULL, 0);
}

/* Caller holds RCU. */
struct inet6_dev *knet_in6_dev_by_index_rcu(struct net *net, int ifindex)
{
	struct net_device *dev = dev_get_by_index_rcu(net, ifindex);

	return dev ? __in6_dev_get(dev) : NULL;
}

void knet_in6_dev_read_lock_bh(struct inet6_dev *idev)
{
	read_lock_bh(&idev->lock);
}

void knet_in6_dev_read_unlock_bh(struct inet6_dev *idev)
{
	read_unlock_bh(&idev->lock);
}

/* The address list is walked under the device's read lock (knet_in6_dev_read_lock_bh). */
struct inet6_ifaddr *knet_in6_dev_first_addr(struct inet6_dev *idev)
{
	return list_first_entry_or_null(&idev->addr_list, struct inet6_ifaddr, if_list);
}

struct inet6_ifaddr *knet_in6_dev_next_addr(struct inet6_dev *idev, struct inet6_ifaddr *ifa)
{
	return list_is_last(&ifa->if_list, &idev->addr_list) ? NULL : list_next_entry(ifa, if_list);
}

void knet_ifa_snapshot(struct inet6_ifaddr *ifa, struct knet_ifa *out)
{
	spin_lock(&ifa->lock);
	*out = (struct knet_ifa){
		.prefix_len = ifa->prefix_len,
		.permanent = ifa->flags & IFA_F_PERMANENT,
		.valid_lft = ifa->valid_lft,
		.age = (jiffies - ifa->tstamp) / HZ,
	};
	memcpy(out->addr, &ifa->addr, sizeof(out->addr));
	spin_unlock(&ifa->lock);
}

/* Devices and events the mobile node follows (netdev.rs, addr_notifier.rs, neigh_notifier.rs). */
bool knet_dev_registered(const struct net_device *dev)
{
	return READ_ONCE(dev->reg_state) == NETREG_REGISTERED;
}

bool knet_dev_up_with_carrier(const struct net_device *dev)
{
	return netif_running(dev) && netif_carrier_ok(dev);
}

void knet_dev_net_set(struct net_device *dev, struct net *net)
{
	dev_net_set(dev, net);
}

void knet_unregister_netdevice(struct net_device *dev)
{
	unregister_netdevice(dev);
}

struct net_device *knet_ifa_dev(const struct inet6_ifaddr *ifa)
{
	return ifa->idev->dev;
}

/* Whether @n is an IPv6 neighbour that neighbour unreachability detection gave up on. */
bool knet_neigh_nd_failed(const struct neighbour *n)
{
	return n->tbl == &nd_tbl && (READ_ONCE(n->nud_state) & NUD_FAILED);
}

struct net_device *knet_neigh_dev(const struct neighbour *n)
{
	return n->dev;
}

const u8 *knet_neigh_key(const struct neighbour *n)
{
	return (const u8 *)n->primary_key;
}

/* @len bytes from @off past the network header (paged data included). */
int knet_skb_copy_network(const struct sk_buff *skb, u32 off, u8 *to, u32 len)
{
	return skb_copy_bits(skb, skb_network_offset(skb) + off, to, len);
}
