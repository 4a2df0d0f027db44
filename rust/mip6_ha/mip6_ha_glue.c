// SPDX-License-Identifier: GPL-2.0
/*
 * mip6_ha forwarding plane (RFC 6275 10.4): for each home registration accepted by
 * mip6_base's control plane (Rust), this file
 *   - answers Neighbour Solicitations for the home address on the home link, including
 *     DAD probes (proxy ND, 10.4.1: pneigh_* is not exported to modules, so the hook
 *     answers them itself with ndisc_send_na),
 *   - intercepts packets addressed to the home address and tunnels them IPv6-in-IPv6
 *     (RFC 2473) to the care-of address (10.4.2),
 *   - decapsulates the reverse tunnel, dropping inner packets whose source is not the
 *     home address bound to the outer source (10.4.5).
 *
 * Per-packet cost: one rhashtable lookup under RCU (no lock, no list scan), so the
 * number of bindings does not change the cost per packet (Documentation/admin-guide/mip6.rst).
 * The kernel keeps a device's multicast groups in a list it scans on every join and every
 * multicast packet received, so only the first MIP6_HA_MC_JOIN_MAX bindings of a namespace
 * join their solicited-node group; past that the home link is put in all-multicast mode
 * (the NS hook below answers for every binding either way).
 * Bindings are written only from process context by mip6_base, serialised per namespace.
 * The code is C because Rust for Linux 7.3 has no sk_buff, netfilter or ndisc
 * abstractions; the decisions (who may bind what, for how long) stay in Rust.
 */
#include <linux/icmpv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/mipv6.h>
#include <mip6/mip6_glue.h>
#include <mip6/mip6_ha_glue.h>

struct mip6_ha_binding {
	struct rhash_head node;
	struct in6_addr home;		/* key */
	struct in6_addr coa;
	struct in6_addr ha_addr;	/* our address the BU was sent to: outer source */
	int ifindex;			/* home link */
	bool joined;			/* holds a join of the home address's solicited-node group */
	struct rcu_head rcu;
};

/* Bindings per namespace that join their solicited-node group (see the header comment). */
#define MIP6_HA_MC_JOIN_MAX 256

/* Home addresses under Duplicate Address Detection at once, per namespace. */
#define MIP6_HA_DAD_MAX 256

struct mip6_ha_dad {
	struct in6_addr target;
	int ifindex;			/* home link; 0: free slot */
	bool conflict;			/* a Neighbour Advertisement for target came in */
};

/* A home link with bindings past the join limit. */
struct mip6_ha_link {
	struct list_head list;
	int ifindex;
	unsigned int unjoined;		/* bindings on this link that did not join */
	bool allmulti;			/* we hold one all-multicast reference on the device */
};

struct mip6_ha_net {
	struct rhashtable bindings;
	struct mutex lock;		/* writers; readers use RCU */
	bool live;			/* false once the namespace is going away */
	unsigned int joined;		/* bindings with joined == true */
	struct list_head links;		/* struct mip6_ha_link, under lock */
	struct work_struct allmulti_work; /* applies links' all-multicast state (needs RTNL) */
	struct net *net;
	spinlock_t dad_lock;		/* dad[]; the receive hook takes it too */
	atomic_t dad_watched;		/* slots in use: the hook looks only while non-zero */
	struct mip6_ha_dad dad[MIP6_HA_DAD_MAX];
};

static const struct rhashtable_params mip6_ha_params = {
	.key_len = sizeof(struct in6_addr),
	.key_offset = offsetof(struct mip6_ha_binding, home),
	.head_offset = offsetof(struct mip6_ha_binding, node),
	.automatic_shrinking = true,
};

static unsigned int mip6_ha_net_id __read_mostly;

static struct mip6_ha_net *mip6_ha_pernet(struct net *net)
{
	return net_generic(net, mip6_ha_net_id);
}

/* ---- control plane: called by mip6_base (process context) -------------------------- */

static void mip6_ha_solicited_node(struct net *net, int ifindex, const struct in6_addr *home,
				   bool join)
{
	struct net_device *dev = dev_get_by_index(net, ifindex);
	struct in6_addr maddr;

	if (!dev)
		return;
	addrconf_addr_solict_mult(home, &maddr);
	if (join)
		ipv6_dev_mc_inc(dev, &maddr);
	else
		ipv6_dev_mc_dec(dev, &maddr);
	dev_put(dev);
}

static struct mip6_ha_link *mip6_ha_link_find(struct mip6_ha_net *hn, int ifindex)
{
	struct mip6_ha_link *l;

	list_for_each_entry(l, &hn->links, list)
		if (l->ifindex == ifindex)
			return l;
	return NULL;
}

/*
 * Receive NS for a new binding's home address: join its solicited-node group while under
 * the limit, else count it on its link, whose all-multicast mode the work then turns on.
 * Called under hn->lock.
 */
static void mip6_ha_listen(struct mip6_ha_net *hn, struct net *net, struct mip6_ha_binding *b)
{
	struct mip6_ha_link *l;

	b->joined = false;
	if (hn->joined < MIP6_HA_MC_JOIN_MAX)
		goto join;
	l = mip6_ha_link_find(hn, b->ifindex);
	if (!l) {
		l = kzalloc(sizeof(*l), GFP_KERNEL);
		if (!l)
			goto join;	/* slower, still correct */
		l->ifindex = b->ifindex;
		list_add(&l->list, &hn->links);
	}
	if (!l->unjoined++)
		schedule_work(&hn->allmulti_work);
	return;
join:
	mip6_ha_solicited_node(net, b->ifindex, &b->home, true);
	b->joined = true;
	hn->joined++;
}

/* Undo mip6_ha_listen for a binding going away. Called under hn->lock. */
static void mip6_ha_unlisten(struct mip6_ha_net *hn, struct net *net, struct mip6_ha_binding *b)
{
	struct mip6_ha_link *l;

	if (b->joined) {
		mip6_ha_solicited_node(net, b->ifindex, &b->home, false);
		hn->joined--;
		return;
	}
	l = mip6_ha_link_find(hn, b->ifindex);
	if (l && l->unjoined && !--l->unjoined)
		schedule_work(&hn->allmulti_work);
}

/*
 * Bring each link's all-multicast reference in line with its count of bindings that did not
 * join; forget links that need nothing. RTNL before hn->lock, as in the netdev notifier.
 */
static void mip6_ha_allmulti_sync(struct mip6_ha_net *hn)
{
	struct mip6_ha_link *l, *tmp;

	rtnl_lock();
	mutex_lock(&hn->lock);
	list_for_each_entry_safe(l, tmp, &hn->links, list) {
		bool want = l->unjoined > 0;

		if (want != l->allmulti) {
			struct net_device *dev = __dev_get_by_index(hn->net, l->ifindex);

			if (dev && !dev_set_allmulti(dev, want ? 1 : -1))
				l->allmulti = want;
			else if (!want)
				l->allmulti = false;	/* the device is gone: nothing to give back */
		}
		if (!l->unjoined && !l->allmulti) {
			list_del(&l->list);
			kfree(l);
		}
	}
	mutex_unlock(&hn->lock);
	rtnl_unlock();
}

static void mip6_ha_allmulti_work(struct work_struct *work)
{
	mip6_ha_allmulti_sync(container_of(work, struct mip6_ha_net, allmulti_work));
}

/* Unsolicited NA for the home address (10.4.1): neighbours now reach it through us. */
static void mip6_ha_announce(struct net *net, int ifindex, const struct in6_addr *home)
{
	struct net_device *dev = dev_get_by_index(net, ifindex);

	if (!dev)
		return;
	ndisc_send_na(dev, &in6addr_linklocal_allnodes, home, false, false, true, true);
	dev_put(dev);
}

static void mip6_ha_free(struct mip6_ha_net *hn, struct net *net, struct mip6_ha_binding *b)
{
	mip6_ha_unlisten(hn, net, b);
	kfree_rcu(b, rcu);
}

static void mip6_ha_binding(struct net *net, const struct in6_addr *home,
			    const struct in6_addr *coa, const struct in6_addr *ha_addr,
			    int ifindex, bool up)
{
	struct mip6_ha_net *hn = mip6_ha_pernet(net);
	struct mip6_ha_binding *old, *b = NULL;

	if (up) {
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			return;	/* the tunnel is missing; the control plane's binding expires */
		b->home = *home;
		b->coa = *coa;
		b->ha_addr = *ha_addr;
		b->ifindex = ifindex;
	}
	mutex_lock(&hn->lock);
	if (!hn->live) {
		mutex_unlock(&hn->lock);
		kfree(b);
		return;
	}
	old = rhashtable_lookup_fast(&hn->bindings, home, mip6_ha_params);
	if (b && old && old->ifindex == ifindex) {
		/* A move or refresh: readers see the old or the new entry, never a mix. */
		b->joined = old->joined;	/* the new entry takes over how it listens */
		if (!rhashtable_replace_fast(&hn->bindings, &old->node, &b->node, mip6_ha_params)) {
			kfree_rcu(old, rcu);
			old = NULL;
			goto out;
		}
	}
	if (old && !rhashtable_remove_fast(&hn->bindings, &old->node, mip6_ha_params))
		mip6_ha_free(hn, net, old);
	if (b) {
		if (rhashtable_insert_fast(&hn->bindings, &b->node, mip6_ha_params)) {
			kfree(b);
			goto out;
		}
		mip6_ha_listen(hn, net, b);
		mip6_ha_announce(net, ifindex, home);
	}
out:
	mutex_unlock(&hn->lock);
}

/* ---- for the forwarding plane (rust/mip6_ha/forwarding.rs), softirq ----------------- */

bool mip6_ha_bindings_any(struct net *net)
{
	return atomic_read(&mip6_ha_pernet(net)->bindings.nelems);
}

bool mip6_ha_dad_watching(struct net *net)
{
	return atomic_read(&mip6_ha_pernet(net)->dad_watched);
}

bool mip6_ha_fwd_get(struct net *net, const u8 *home, struct mip6_ha_fwd *out)
{
	const struct mip6_ha_binding *b;
	struct in6_addr k;

	memcpy(&k, home, sizeof(k));
	b = rhashtable_lookup(&mip6_ha_pernet(net)->bindings, &k, mip6_ha_params);
	if (!b)
		return false;
	memcpy(out->coa, &b->coa, sizeof(out->coa));
	memcpy(out->ha_addr, &b->ha_addr, sizeof(out->ha_addr));
	out->ifindex = b->ifindex;
	return true;
}

/* See struct mip6_ha_ops: mip6_base probes, this watches the home link for answers. */
static int mip6_ha_dad_track(struct net *net, int ifindex, const struct in6_addr *home, bool start)
{
	struct mip6_ha_net *hn = mip6_ha_pernet(net);
	struct mip6_ha_dad *d, *free = NULL;
	int i, ret = start ? -ENOSPC : -ENOENT;

	spin_lock_bh(&hn->dad_lock);
	for (i = 0; i < MIP6_HA_DAD_MAX; i++) {
		d = &hn->dad[i];
		if (!d->ifindex) {
			free = free ?: d;
			continue;
		}
		if (!ipv6_addr_equal(&d->target, home))
			continue;
		if (start) {
			d->ifindex = ifindex;
			d->conflict = false;
			ret = 0;
		} else {
			ret = d->conflict;
			d->ifindex = 0;
			atomic_dec(&hn->dad_watched);
		}
		goto out;
	}
	if (start && free) {
		free->target = *home;
		free->ifindex = ifindex;
		free->conflict = false;
		atomic_inc(&hn->dad_watched);
		ret = 0;
	}
out:
	spin_unlock_bh(&hn->dad_lock);
	return ret;
}

/* A Neighbour Advertisement from the home link for an address under DAD: it is in use. */
void mip6_ha_dad_seen(struct net *net, int ifindex, const u8 *target)
{
	struct mip6_ha_net *hn = mip6_ha_pernet(net);
	int i;

	spin_lock(&hn->dad_lock);
	for (i = 0; i < MIP6_HA_DAD_MAX; i++)
		if (hn->dad[i].ifindex == ifindex && !memcmp(&hn->dad[i].target, target, 16))
			hn->dad[i].conflict = true;
	spin_unlock(&hn->dad_lock);
}

static const struct nf_hook_ops mip6_ha_nf_ops[] = {
	{
		.hook = mip6_rs_ha_prerouting,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		/* After mip6_base's hook, which takes the signalling addressed to us. */
		.priority = NF_IP6_PRI_FIRST + 1,
	},
	{
		.hook = mip6_rs_ha_local_out,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP6_PRI_LAST - 2,	/* before mip6_base's route optimisation */
	},
};

/* ---- per namespace ----------------------------------------------------------------- */

static int __net_init mip6_ha_net_init(struct net *net)
{
	struct mip6_ha_net *hn = mip6_ha_pernet(net);
	int err;

	mutex_init(&hn->lock);
	spin_lock_init(&hn->dad_lock);
	atomic_set(&hn->dad_watched, 0);
	INIT_LIST_HEAD(&hn->links);
	INIT_WORK(&hn->allmulti_work, mip6_ha_allmulti_work);
	hn->net = net;
	err = rhashtable_init(&hn->bindings, &mip6_ha_params);
	if (err)
		return err;
	hn->live = true;
	err = nf_register_net_hooks(net, mip6_ha_nf_ops, ARRAY_SIZE(mip6_ha_nf_ops));
	if (err) {
		rhashtable_destroy(&hn->bindings);
		return err;
	}
	return 0;
}

static void mip6_ha_free_cb(void *ptr, void *arg)
{
	struct mip6_ha_binding *b = ptr;
	struct net *net = arg;

	mip6_ha_unlisten(mip6_ha_pernet(net), net, b);
	kfree(b);
}

static void __net_exit mip6_ha_net_exit(struct net *net)
{
	struct mip6_ha_net *hn = mip6_ha_pernet(net);

	/* Waits for packets in flight. */
	nf_unregister_net_hooks(net, mip6_ha_nf_ops, ARRAY_SIZE(mip6_ha_nf_ops));
	mutex_lock(&hn->lock);
	hn->live = false;
	rhashtable_free_and_destroy(&hn->bindings, mip6_ha_free_cb, net);
	mutex_unlock(&hn->lock);
	cancel_work_sync(&hn->allmulti_work);
	mip6_ha_allmulti_sync(hn);	/* no bindings left: gives back and frees every link */
}

static struct pernet_operations mip6_ha_net_ops = {
	.init = mip6_ha_net_init,
	.exit = mip6_ha_net_exit,
	.id = &mip6_ha_net_id,
	.size = sizeof(struct mip6_ha_net),
};

static const struct mip6_ha_ops mip6_ha_ops = {
	.owner = THIS_MODULE,
	.binding = mip6_ha_binding,
	.dad_watch = mip6_ha_dad_track,
};

/*
 * A home link leaving its namespace (deleted, or moved out, e.g. back to the initial
 * namespace when this one dies): give back our all-multicast reference now, while the
 * device is still here to take it (the bridge does the same for its ports).
 */
static int mip6_ha_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct mip6_ha_net *hn = mip6_ha_pernet(dev_net(dev));
	struct mip6_ha_link *l;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	mutex_lock(&hn->lock);
	l = mip6_ha_link_find(hn, dev->ifindex);
	if (l && l->allmulti) {
		dev_set_allmulti(dev, -1);
		l->allmulti = false;
	}
	mutex_unlock(&hn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block mip6_ha_netdev_nb = {
	.notifier_call = mip6_ha_netdev_event,
};

int mip6_ha_glue_init(void)
{
	int err = register_pernet_subsys(&mip6_ha_net_ops);

	if (err)
		return err;
	err = register_netdevice_notifier(&mip6_ha_netdev_nb);
	if (err) {
		unregister_pernet_subsys(&mip6_ha_net_ops);
		return err;
	}
	mip6_ha_ops_register(&mip6_ha_ops);
	return 0;
}

void mip6_ha_glue_exit(void)
{
	mip6_ha_ops_unregister();	/* no new binding events; waits for RCU */
	/* Before the per-namespace state goes: the notifier uses it (and gives back now). */
	unregister_netdevice_notifier(&mip6_ha_netdev_nb);
	unregister_pernet_subsys(&mip6_ha_net_ops);
}
