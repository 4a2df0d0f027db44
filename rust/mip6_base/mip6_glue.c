// SPDX-License-Identifier: GPL-2.0
/*
 * mip6_base glue: per-namespace state and the net.ipv6.mobility sysctls, capabilities,
 * and the role registry the mip6_mn / mip6_ha modules plug into. Kept in C because
 * Rust for Linux 7.3 has no pernet, sysctl or capability abstractions; the Rust side
 * (mip6_base_main.rs) calls these through rust/knet/glue/base.rs.
 */
#include <crypto/sha1.h>
#include <linux/icmpv6.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <net/gso.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <linux/capability.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/rtnetlink.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/mipv6.h>
#include <mip6/mip6_glue.h>

struct mip6_net {
	struct ctl_table_header *sysctl_hdr;
	int sysctl[MIP6_SYSCTL_COUNT];
	int role;			/* enum mipv6_role; written under mip6_role_mutex */
	struct net *net;
	void *rs;			/* Rust per-namespace state (mip6_rs_net_*) */
	/* Mobility Headers stolen at PRE_ROUTING, processed in process context. */
	struct sk_buff_head rxq;
	struct work_struct rx_work;
	struct delayed_work tick_work;	/* 1 Hz: expiry, retransmissions */
	/* Data-path counters, per CPU so that forwarding never shares a cache line. */
	struct mip6_dp_stats { u64 v[MIP6_DP_STAT_COUNT]; } __percpu *dp_stats;
	/* Correspondent registrations (home -> care-of) the data path applies (RFC 6275 9.3). */
	struct mip6_amap cn_bindings;
};

/* Bound on queued signalling per namespace: a flood is dropped, not queued. */
#define MIP6_RXQ_MAX	1024

static unsigned int mip6_net_id __read_mostly;
static int mip6_debuglevel_default = 1;

/* Bounds of the MIPL 1.0 knobs (see Documentation/admin-guide/mip6.rst). */
static int mip6_seven = 7;
static int mip6_thousand = 1000;
static int mip6_u16_max = 65535;
static int mip6_tnls_max = 1024;
static int mip6_bindings_max = 1048576;
static int mip6_tolerance_max = 3600;
static int mip6_four = 4;
static int mip6_home_lifetime_max = 262140;	/* 0xffff units of 4 s */

#define MIP6_KNOB(idx, name, lo, hi) \
	[idx] = { .procname = name, .maxlen = sizeof(int), .mode = 0644, \
		  .proc_handler = proc_dointvec_minmax, .extra1 = (lo), .extra2 = (hi) }

static const struct ctl_table mip6_sysctl_template[MIP6_SYSCTL_COUNT] = {
	MIP6_KNOB(MIP6_SYSCTL_DEBUGLEVEL, "debuglevel", SYSCTL_ZERO, &mip6_seven),
	MIP6_KNOB(MIP6_SYSCTL_ACCEPT_RETURN_ROUTABILITY, "accept_return_routability", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BU_FLAG_LLADDR, "bu_flag_lladdr", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BU_FLAG_KEYMGM, "bu_flag_keymgm", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BU_FLAG_CN_ACK, "bu_flag_cn_ack", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_MAX_ROUTER_REACHABLE_TIME, "max_router_reachable_time", SYSCTL_ONE, &mip6_thousand),
	MIP6_KNOB(MIP6_SYSCTL_EAGER_CELL_SWITCHING, "eager_cell_switching", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BINDING_REFRESH_ADVICE, "binding_refresh_advice", SYSCTL_ZERO, &mip6_u16_max),
	MIP6_KNOB(MIP6_SYSCTL_MAX_TNLS, "max_tnls", SYSCTL_ONE, &mip6_tnls_max),
	MIP6_KNOB(MIP6_SYSCTL_MIN_TNLS, "min_tnls", SYSCTL_ONE, &mip6_tnls_max),
	MIP6_KNOB(MIP6_SYSCTL_TUNNEL_SITELOCAL, "tunnel_sitelocal", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_MAX_BINDINGS, "max_bindings", SYSCTL_ZERO, &mip6_bindings_max),
	MIP6_KNOB(MIP6_SYSCTL_MAX_CN_BINDINGS, "max_cn_bindings", SYSCTL_ZERO, &mip6_bindings_max),
	MIP6_KNOB(MIP6_SYSCTL_REPLAY_TOLERANCE, "replay_tolerance", SYSCTL_ONE, &mip6_tolerance_max),
	MIP6_KNOB(MIP6_SYSCTL_MAX_HOME_LIFETIME, "max_home_lifetime", &mip6_four, &mip6_home_lifetime_max),
};

static const int mip6_sysctl_defaults[MIP6_SYSCTL_COUNT] = {
	[MIP6_SYSCTL_DEBUGLEVEL] = 1,	/* replaced by the mipv6_debug parameter */
	[MIP6_SYSCTL_ACCEPT_RETURN_ROUTABILITY] = 1,
	[MIP6_SYSCTL_MAX_ROUTER_REACHABLE_TIME] = 5,
	[MIP6_SYSCTL_EAGER_CELL_SWITCHING] = 1,
	[MIP6_SYSCTL_MAX_TNLS] = 3,
	[MIP6_SYSCTL_MIN_TNLS] = 1,
	[MIP6_SYSCTL_MAX_BINDINGS] = 131072,	/* home registrations (about 35 MB at most) */
	[MIP6_SYSCTL_MAX_CN_BINDINGS] = 16384,	/* route-optimisation bindings */
	[MIP6_SYSCTL_REPLAY_TOLERANCE] = 7,	/* seconds, RFC 4285 section 6 */
	[MIP6_SYSCTL_MAX_HOME_LIFETIME] = 262140,	/* seconds granted to a home registration */
};

static struct mip6_net *mip6_pernet(struct net *net)
{
	return net_generic(net, mip6_net_id);
}


static const struct nf_hook_ops mip6_nf_ops[] = {
	{
		.hook = mip6_rs_prerouting,	/* rust/mip6_base/cn_receive.rs */
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_FIRST,
	},
	{
		.hook = mip6_rs_local_out,	/* rust/mip6_base/cn_send.rs */
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP6_PRI_LAST - 1,	/* after any address rewriting */
	},
};

static void mip6_rx_work(struct work_struct *work);
static void mip6_tick_work(struct work_struct *work);

static int __net_init mip6_net_init(struct net *net)
{
	struct mip6_net *mn = mip6_pernet(net);
	struct ctl_table *tbl;
	int i, err;

	memcpy(mn->sysctl, mip6_sysctl_defaults, sizeof(mn->sysctl));
	mn->sysctl[MIP6_SYSCTL_DEBUGLEVEL] = mip6_debuglevel_default;
	mn->role = MIPV6_ROLE_CN;

	/* Each namespace gets its own copy of the table pointing at its own values. */
	tbl = kmemdup(mip6_sysctl_template, sizeof(mip6_sysctl_template), GFP_KERNEL);
	if (!tbl)
		return -ENOMEM;
	for (i = 0; i < MIP6_SYSCTL_COUNT; i++)
		tbl[i].data = &mn->sysctl[i];
	mn->sysctl_hdr = register_net_sysctl_sz(net, "net/ipv6/mobility", tbl, MIP6_SYSCTL_COUNT);
	if (!mn->sysctl_hdr) {
		kfree(tbl);
		return -ENOMEM;
	}

	mn->dp_stats = alloc_percpu(struct mip6_dp_stats);
	if (!mn->dp_stats) {
		err = -ENOMEM;
		goto err_stats;
	}
	mn->net = net;
	skb_queue_head_init(&mn->rxq);
	INIT_WORK(&mn->rx_work, mip6_rx_work);
	INIT_DELAYED_WORK(&mn->tick_work, mip6_tick_work);
	err = mip6_amap_init(&mn->cn_bindings);
	if (err)
		goto err_stats;
	mn->rs = mip6_rs_net_new();
	if (!mn->rs) {
		err = -ENOMEM;
		goto err_amap;
	}
	err = nf_register_net_hooks(net, mip6_nf_ops, ARRAY_SIZE(mip6_nf_ops));
	if (err)
		goto err_rs;
	queue_delayed_work(system_power_efficient_wq, &mn->tick_work, HZ);
	return 0;

err_rs:
	mip6_rs_net_free(mn->rs);
	mn->rs = NULL;
err_amap:
	mip6_amap_destroy(&mn->cn_bindings);
err_stats:
	free_percpu(mn->dp_stats);
	unregister_net_sysctl_table(mn->sysctl_hdr);
	kfree(tbl);
	return err;
}

static void __net_exit mip6_net_exit(struct net *net)
{
	struct mip6_net *mn = mip6_pernet(net);
	const struct ctl_table *tbl = mn->sysctl_hdr->ctl_table_arg;

	/* No new packets (waits for hooks in flight), then no work, then free. */
	nf_unregister_net_hooks(net, mip6_nf_ops, ARRAY_SIZE(mip6_nf_ops));
	cancel_work_sync(&mn->rx_work);
	cancel_delayed_work_sync(&mn->tick_work);
	skb_queue_purge(&mn->rxq);
	mip6_rs_net_free(mn->rs);
	mip6_amap_destroy(&mn->cn_bindings);
	free_percpu(mn->dp_stats);
	unregister_net_sysctl_table(mn->sysctl_hdr);
	kfree(tbl);
}

static struct pernet_operations mip6_net_ops = {
	.init = mip6_net_init,
	.exit = mip6_net_exit,
	.id = &mip6_net_id,
	.size = sizeof(struct mip6_net),
};

int mip6_base_glue_init(int debuglevel_default)
{
	mip6_debuglevel_default = clamp(debuglevel_default, 0, mip6_seven);
	return register_pernet_subsys(&mip6_net_ops);
}

void mip6_base_glue_exit(void)
{
	unregister_pernet_subsys(&mip6_net_ops);
}

struct net *mip6_net_get_current(void)
{
	return get_net(current->nsproxy->net_ns);
}

void mip6_net_put(struct net *net)
{
	put_net(net);
}

/* CAP_NET_ADMIN in the user namespace that owns @net (as netlink checks it). */
bool mip6_net_admin_capable(struct net *net)
{
	return ns_capable(net->user_ns, CAP_NET_ADMIN);
}

int mip6_sysctl_get(struct net *net, u32 knob)
{
	if (knob >= MIP6_SYSCTL_COUNT)
		return 0;
	return READ_ONCE(mip6_pernet(net)->sysctl[knob]);
}
EXPORT_SYMBOL_NS_GPL(mip6_sysctl_get, "MIP6");

/* ---- roles ------------------------------------------------------------------------ */

static DEFINE_MUTEX(mip6_role_mutex);
static u32 mip6_roles_mask = BIT(MIPV6_ROLE_CN);

u32 mip6_roles_loaded(void)
{
	return READ_ONCE(mip6_roles_mask);
}

int mip6_net_role(struct net *net)
{
	return READ_ONCE(mip6_pernet(net)->role);
}
EXPORT_SYMBOL_NS_GPL(mip6_net_role, "MIP6");

int mip6_net_set_role(struct net *net, u32 role)
{
	int ret = 0;

	if (role > MIPV6_ROLE_HA)
		return -EINVAL;
	mutex_lock(&mip6_role_mutex);
	if (mip6_roles_mask & BIT(role))
		WRITE_ONCE(mip6_pernet(net)->role, role);
	else
		ret = -EOPNOTSUPP;
	mutex_unlock(&mip6_role_mutex);
	return ret;
}

int mip6_role_register(u32 role)
{
	int ret = 0;

	if (role != MIPV6_ROLE_MN && role != MIPV6_ROLE_HA)
		return -EINVAL;
	mutex_lock(&mip6_role_mutex);
	if (mip6_roles_mask & BIT(role))
		ret = -EBUSY;
	else
		WRITE_ONCE(mip6_roles_mask, mip6_roles_mask | BIT(role));
	mutex_unlock(&mip6_role_mutex);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(mip6_role_register, "MIP6");

/* Every namespace that played @role falls back to CN; then wait for readers. */
void mip6_role_unregister(u32 role)
{
	struct net *net;

	if (role != MIPV6_ROLE_MN && role != MIPV6_ROLE_HA)
		return;
	mutex_lock(&mip6_role_mutex);
	WRITE_ONCE(mip6_roles_mask, mip6_roles_mask & ~BIT(role));
	down_read(&net_rwsem);
	for_each_net(net) {
		struct mip6_net *mn = mip6_pernet(net);

		if (READ_ONCE(mn->role) == role)
			WRITE_ONCE(mn->role, MIPV6_ROLE_CN);
	}
	up_read(&net_rwsem);
	mutex_unlock(&mip6_role_mutex);
	synchronize_rcu();
}
EXPORT_SYMBOL_NS_GPL(mip6_role_unregister, "MIP6");

/* ---- Mobility Header receive and signalling send ------------------------------------ */

/* Queue a packet for the control plane's receive work (a flood is dropped, not queued). */
unsigned int mip6_signalling_queue(struct net *net, struct sk_buff *skb)
{
	struct mip6_net *mn = mip6_pernet(net);

	if (skb_queue_len(&mn->rxq) >= MIP6_RXQ_MAX)
		return NF_DROP;
	skb_queue_tail(&mn->rxq, skb);
	queue_work(system_dfl_wq, &mn->rx_work);
	return NF_STOLEN;
}

bool mip6_cn_bindings_any(struct net *net)
{
	return atomic_read(&mip6_pernet(net)->cn_bindings.count);
}

bool mip6_cn_binding_get(struct net *net, const u8 *home, u8 *coa)
{
	return mip6_amap_get(&mip6_pernet(net)->cn_bindings, home, coa);
}

bool mip6_cn_binding_matches(struct net *net, const u8 *home, const u8 *coa)
{
	return mip6_amap_match(&mip6_pernet(net)->cn_bindings, home, coa);
}

static void mip6_rx_work(struct work_struct *work)
{
	struct mip6_net *mn = container_of(work, struct mip6_net, rx_work);
	struct net_device *dev;
	struct sk_buff *skb;
	int pointer;

	while ((skb = skb_dequeue(&mn->rxq)) != NULL) {
		pointer = -1;
		if (!skb_linearize(skb))
			pointer = mip6_rs_rx_mh(mn->rs, mn->net, skb_network_header(skb),
						skb_tail_pointer(skb) - skb_network_header(skb),
						skb->skb_iif);
		if (pointer >= 0) {
			/* Only while the device the packet came in on still exists. */
			rcu_read_lock();
			dev = dev_get_by_index_rcu(mn->net, skb->skb_iif);
			if (dev && dev == skb->dev)
				icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD, pointer);
			rcu_read_unlock();
		}
		consume_skb(skb);
	}
}

static void mip6_tick_work(struct work_struct *work)
{
	struct mip6_net *mn = container_of(to_delayed_work(work), struct mip6_net, tick_work);
	u32 ms = mip6_rs_tick(mn->rs, mn->net);

	queue_delayed_work(system_power_efficient_wq, &mn->tick_work,
			   msecs_to_jiffies(clamp_t(u32, ms, 10, 1000)));
}

/* Brings the next tick forward to within @ms (a DAD probe's deadline). */
void mip6_tick_soon(struct net *net, u32 ms)
{
	struct mip6_net *mn = mip6_pernet(net);

	if (READ_ONCE(mn->rs))
		mod_delayed_work(system_power_efficient_wq, &mn->tick_work,
				 msecs_to_jiffies(clamp_t(u32, ms, 10, 1000)));
}

u64 mip6_now_ms(void)
{
	return ktime_to_ms(ktime_get_boottime());
}
EXPORT_SYMBOL_NS_GPL(mip6_now_ms, "MIP6");



/*
 * The interface on which @addr is on-link (a connected route, no gateway), or 0: a home
 * agent serves home addresses of the links it is attached to (RFC 6275 10.3.1).
 */
int mip6_onlink_ifindex(struct net *net, const u8 *addr)
{
	struct flowi6 fl6 = {};
	struct dst_entry *dst;
	int ifindex = 0;

	memcpy(&fl6.daddr, addr, sizeof(fl6.daddr));
	dst = ip6_route_output(net, NULL, &fl6);
	if (!dst->error && dst->dev && !(dst->dev->flags & IFF_LOOPBACK) &&
	    !(dst_rt6_info(dst)->rt6i_flags & RTF_GATEWAY))
		ifindex = dst->dev->ifindex;
	dst_release(dst);
	return ifindex;
}

/*
 * Seconds the home prefix of @addr stays valid on @ifindex, from this node's own addresses
 * in it (the longest-lived one); U32_MAX when one of them never expires or there is none
 * (10.3.1: a binding must not outlive the home prefix).
 */
u32 mip6_prefix_valid_secs(struct net *net, int ifindex, const u8 *addr)
{
	struct inet6_ifaddr *ifp;
	struct inet6_dev *idev;
	struct net_device *dev;
	struct in6_addr a;
	bool found = false;
	u32 best = 0;

	memcpy(&a, addr, sizeof(a));
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	idev = dev ? __in6_dev_get(dev) : NULL;
	if (idev) {
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifp, &idev->addr_list, if_list) {
			unsigned long age;
			u32 left;

			if (!ipv6_prefix_equal(&ifp->addr, &a, ifp->prefix_len))
				continue;
			spin_lock(&ifp->lock);
			age = (jiffies - ifp->tstamp) / HZ;
			if ((ifp->flags & IFA_F_PERMANENT) || ifp->valid_lft == INFINITY_LIFE_TIME)
				left = U32_MAX;
			else
				left = ifp->valid_lft > age ? ifp->valid_lft - age : 0;
			spin_unlock(&ifp->lock);
			best = max(best, left);
			found = true;
		}
		read_unlock_bh(&idev->lock);
	}
	rcu_read_unlock();
	return found ? best : U32_MAX;
}

/* Whether @addr is one of this namespace's own addresses. */
bool mip6_is_local_addr(struct net *net, const u8 *addr)
{
	struct in6_addr a;

	memcpy(&a, addr, sizeof(a));
	return ipv6_chk_addr(net, &a, NULL, 0);
}

void *mip6_net_rs(struct net *net)
{
	return mip6_pernet(net)->rs;
}

/* ---- data-path statistics and the home agent's forwarding plane --------------------- */

void mip6_stat_add(struct net *net, u32 idx, u64 n)
{
	if (idx < MIP6_DP_STAT_COUNT)
		this_cpu_add(mip6_pernet(net)->dp_stats->v[idx], n);
}
EXPORT_SYMBOL_NS_GPL(mip6_stat_add, "MIP6");

u64 mip6_stat_read(struct net *net, u32 idx)
{
	u64 sum = 0;
	int cpu;

	if (idx >= MIP6_DP_STAT_COUNT)
		return 0;
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(mip6_pernet(net)->dp_stats, cpu)->v[idx]);
	return sum;
}




/* ---- address maps, random bytes, correspondent bindings ----------------------------- */

static const struct rhashtable_params mip6_amap_params = {
	.key_len = sizeof(struct in6_addr),
	.key_offset = offsetof(struct mip6_amap_entry, key),
	.head_offset = offsetof(struct mip6_amap_entry, node),
	.automatic_shrinking = true,
};

int mip6_amap_init(struct mip6_amap *m)
{
	atomic_set(&m->count, 0);
	return rhashtable_init(&m->ht, &mip6_amap_params);
}
EXPORT_SYMBOL_NS_GPL(mip6_amap_init, "MIP6");

static void mip6_amap_free(void *ptr, void *arg)
{
	kfree(ptr);
}

void mip6_amap_destroy(struct mip6_amap *m)
{
	rhashtable_free_and_destroy(&m->ht, mip6_amap_free, NULL);
}
EXPORT_SYMBOL_NS_GPL(mip6_amap_destroy, "MIP6");

struct mip6_amap_entry *mip6_amap_lookup(struct mip6_amap *m, const struct in6_addr *key)
{
	if (!atomic_read(&m->count))
		return NULL;
	return rhashtable_lookup(&m->ht, key, mip6_amap_params);
}
EXPORT_SYMBOL_NS_GPL(mip6_amap_lookup, "MIP6");

/* The value @key maps to, copied to @val and marked used. Caller holds rcu_read_lock. */
bool mip6_amap_get(struct mip6_amap *m, const u8 *key, u8 *val)
{
	struct mip6_amap_entry *e;
	struct in6_addr k;

	memcpy(&k, key, sizeof(k));
	e = mip6_amap_lookup(m, &k);
	if (!e)
		return false;
	memcpy(val, &e->val, sizeof(e->val));
	WRITE_ONCE(e->used, jiffies);
	return true;
}
EXPORT_SYMBOL_NS_GPL(mip6_amap_get, "MIP6");

/* Whether @key maps to @val; a match is marked used. Caller holds rcu_read_lock. */
bool mip6_amap_match(struct mip6_amap *m, const u8 *key, const u8 *val)
{
	struct mip6_amap_entry *e;
	struct in6_addr k;

	memcpy(&k, key, sizeof(k));
	e = mip6_amap_lookup(m, &k);
	if (!e || memcmp(&e->val, val, sizeof(e->val)))
		return false;
	WRITE_ONCE(e->used, jiffies);
	return true;
}
EXPORT_SYMBOL_NS_GPL(mip6_amap_match, "MIP6");

/* Insert or replace (readers see the old or the new entry, never none). */
int mip6_amap_set(struct mip6_amap *m, const u8 *key, const u8 *val, u32 flags)
{
	struct mip6_amap_entry *e = kzalloc(sizeof(*e), GFP_KERNEL), *old;
	int err;

	if (!e)
		return -ENOMEM;
	memcpy(&e->key, key, sizeof(e->key));
	memcpy(&e->val, val, sizeof(e->val));
	e->flags = flags;
	e->used = jiffies;
	rcu_read_lock();
	old = rhashtable_lookup(&m->ht, &e->key, mip6_amap_params);
	if (old) {
		e->used = READ_ONCE(old->used);
		err = rhashtable_replace_fast(&m->ht, &old->node, &e->node, mip6_amap_params);
		rcu_read_unlock();
		if (err) {
			kfree(e);
			return err;
		}
		kfree_rcu(old, rcu);
		return 0;
	}
	rcu_read_unlock();
	err = rhashtable_insert_fast(&m->ht, &e->node, mip6_amap_params);
	if (err) {
		kfree(e);
		return err;
	}
	atomic_inc(&m->count);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(mip6_amap_set, "MIP6");

void mip6_amap_del(struct mip6_amap *m, const u8 *key)
{
	struct mip6_amap_entry *e;
	struct in6_addr k;

	memcpy(&k, key, sizeof(k));
	rcu_read_lock();
	e = rhashtable_lookup(&m->ht, &k, mip6_amap_params);
	if (e && !rhashtable_remove_fast(&m->ht, &e->node, mip6_amap_params)) {
		atomic_dec(&m->count);
		kfree_rcu(e, rcu);
	}
	rcu_read_unlock();
}
EXPORT_SYMBOL_NS_GPL(mip6_amap_del, "MIP6");

void mip6_sha1(const u8 *const *parts, const u32 *lens, u32 n, u8 *out)
{
	struct sha1_ctx ctx;
	u32 i;

	sha1_init(&ctx);
	for (i = 0; i < n; i++)
		sha1_update(&ctx, parts[i], lens[i]);
	sha1_final(&ctx, out);
}
EXPORT_SYMBOL_NS_GPL(mip6_sha1, "MIP6");

void mip6_hmac_sha1(const u8 *key, u32 key_len, const u8 *const *parts, const u32 *lens, u32 n,
		    u8 *out)
{
	struct hmac_sha1_ctx ctx;
	u32 i;

	hmac_sha1_init_usingrawkey(&ctx, key, key_len);
	for (i = 0; i < n; i++)
		hmac_sha1_update(&ctx, parts[i], lens[i]);
	hmac_sha1_final(&ctx, out);	/* zeroizes the context */
}
EXPORT_SYMBOL_NS_GPL(mip6_hmac_sha1, "MIP6");

u64 mip6_real_ns(void)
{
	return ktime_get_real_ns();
}
EXPORT_SYMBOL_NS_GPL(mip6_real_ns, "MIP6");

void mip6_wipe(u8 *buf, u32 len)
{
	memzero_explicit(buf, len);
}
EXPORT_SYMBOL_NS_GPL(mip6_wipe, "MIP6");

bool mip6_log_ratelimit(void)
{
	return net_ratelimit();
}
EXPORT_SYMBOL_NS_GPL(mip6_log_ratelimit, "MIP6");

int mip6_policy_key(struct net *net, const u8 *home, u32 *spi, u8 *key, u32 *key_len)
{
	return mip6_rs_policy_key(mip6_pernet(net)->rs, home, spi, key, key_len);
}
EXPORT_SYMBOL_NS_GPL(mip6_policy_key, "MIP6");

void mip6_random_bytes(u8 *buf, u32 len)
{
	get_random_bytes(buf, len);
}
EXPORT_SYMBOL_NS_GPL(mip6_random_bytes, "MIP6");

void mip6_cn_binding(struct net *net, const u8 *home, const u8 *coa, bool up)
{
	struct mip6_net *mn = mip6_pernet(net);

	if (!up || mip6_amap_set(&mn->cn_bindings, home, coa, 0))
		mip6_amap_del(&mn->cn_bindings, home);	/* no stale care-of address stays */
}

u32 mip6_cn_binding_idle_ms(struct net *net, const u8 *home)
{
	struct mip6_amap_entry *e;
	struct in6_addr k;
	u32 idle = U32_MAX;

	memcpy(&k, home, sizeof(k));
	rcu_read_lock();
	e = mip6_amap_lookup(&mip6_pernet(net)->cn_bindings, &k);
	if (e)
		idle = jiffies_to_msecs(jiffies - READ_ONCE(e->used));
	rcu_read_unlock();
	return idle;
}

static const struct mip6_ha_ops __rcu *mip6_ha_ops;

void mip6_ha_ops_register(const struct mip6_ha_ops *ops)
{
	rcu_assign_pointer(mip6_ha_ops, ops);
}
EXPORT_SYMBOL_NS_GPL(mip6_ha_ops_register, "MIP6");

void mip6_ha_ops_unregister(void)
{
	RCU_INIT_POINTER(mip6_ha_ops, NULL);
	synchronize_rcu();
}
EXPORT_SYMBOL_NS_GPL(mip6_ha_ops_unregister, "MIP6");

/* The home agent's ops with a module reference (they may sleep), or NULL. */
static const struct mip6_ha_ops *mip6_ha_get(void)
{
	const struct mip6_ha_ops *ops;

	rcu_read_lock();
	ops = rcu_dereference(mip6_ha_ops);
	/* The module reference keeps ops alive outside the RCU section. */
	if (ops && !try_module_get(ops->owner))
		ops = NULL;
	rcu_read_unlock();
	return ops;
}

void mip6_ha_binding_event(struct net *net, const u8 *home, const u8 *coa, const u8 *ha_addr,
			   int ifindex, bool up)
{
	const struct mip6_ha_ops *ops = mip6_ha_get();
	struct in6_addr h, c, a;

	if (!ops)
		return;
	memcpy(&h, home, sizeof(h));
	memcpy(&c, coa, sizeof(c));
	memcpy(&a, ha_addr, sizeof(a));
	ops->binding(net, &h, &c, &a, ifindex, up);
	module_put(ops->owner);
}

int mip6_ha_dad_watch(struct net *net, int ifindex, const u8 *home, bool start)
{
	const struct mip6_ha_ops *ops = mip6_ha_get();
	struct in6_addr h;
	int ret;

	if (!ops)
		return -EOPNOTSUPP;
	memcpy(&h, home, sizeof(h));
	ret = ops->dad_watch(net, ifindex, &h, start);
	module_put(ops->owner);
	return ret;
}

static const struct mip6_mn_ops __rcu *mip6_mn_ops;

void mip6_mn_ops_register(const struct mip6_mn_ops *ops)
{
	rcu_assign_pointer(mip6_mn_ops, ops);
}
EXPORT_SYMBOL_NS_GPL(mip6_mn_ops_register, "MIP6");

void mip6_mn_ops_unregister(void)
{
	RCU_INIT_POINTER(mip6_mn_ops, NULL);
	synchronize_rcu();
}
EXPORT_SYMBOL_NS_GPL(mip6_mn_ops_unregister, "MIP6");

static const struct mip6_mn_ops *mip6_mn_get(void)
{
	const struct mip6_mn_ops *ops;

	rcu_read_lock();
	ops = rcu_dereference(mip6_mn_ops);
	if (ops && !try_module_get(ops->owner))
		ops = NULL;
	rcu_read_unlock();
	return ops;
}

void mip6_mn_rx_mh(struct net *net, const u8 *pkt, u32 len)
{
	const struct mip6_mn_ops *ops = mip6_mn_get();

	if (!ops)
		return;
	ops->rx_mh(net, pkt, len);
	module_put(ops->owner);
}

int mip6_mn_ioctl(struct net *net, bool admin, u32 cmd, unsigned long arg)
{
	const struct mip6_mn_ops *ops = mip6_mn_get();
	int ret;

	if (!ops)
		return -ENOTTY;
	ret = ops->ioctl(net, admin, cmd, arg);
	module_put(ops->owner);
	return ret;
}

void mip6_mn_stop(struct net *net)
{
	const struct mip6_mn_ops *ops = mip6_mn_get();

	if (!ops)
		return;
	ops->stop(net);
	module_put(ops->owner);
}
