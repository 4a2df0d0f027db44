// SPDX-License-Identifier: GPL-2.0
/*
 * mip6_mn glue: the mobile node's contact with the kernel where Rust for Linux 7.3 has no
 * abstraction. The decisions (movement, care-of address, Binding Update List) are made in
 * Rust (mobile_node.rs); this file
 *   - owns the home tunnel device (mip6mnha1, RFC 6275 11.3.1): packets routed to it
 *     from the home address go IPv6-in-IPv6 to the home agent from the care-of address,
 *   - decapsulates what the home agent tunnels to us, and answers Neighbour Solicitations
 *     for the home address while at home (the address lives on the tunnel device),
 *   - passes Router Advertisements, address and link changes and neighbour
 *     unreachability to Rust (movement detection),
 *   - changes addresses and routes through rtnetlink from a kernel socket, because
 *     ip6_route_add/del and the address functions are not exported to modules.
 */
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/neighbour.h>
#include <net/netevent.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include <net/gso.h>
#include <uapi/linux/mipv6.h>
#include <mip6/mip6_glue.h>
#include <mip6/mip6_mn_glue.h>

/* What the data path reads; replaced as a whole under RCU by the control plane. */
struct mip6_mn_dp {
	struct in6_addr home, ha, coa;
	int oif;		/* link of the care-of address */
	bool away;
	struct rcu_head rcu;
};

#define MIP6_RA_MAX	1280

struct mip6_mn_net {
	struct net *net;
	/*
	 * Rust state (mobile_node.rs). Every call into it holds rs_lock and finds it non-NULL:
	 * the namespace's exit clears it under the lock before freeing it, while mip6_base's
	 * receive work (whose own exit runs after ours) may still hand us signalling.
	 */
	void *rs;
	struct mutex rs_lock;
	struct mip6_mn_dp __rcu *dp;		/* NULL until configured */
	struct net_device *tnl;			/* under RTNL; cleared on unregister */
	struct delayed_work work;		/* events and timers of the Rust side */
	spinlock_t ra_lock;			/* the latest Router Advertisement */
	u32 ra_len;
	int ra_ifindex;
	u8 ra[MIP6_RA_MAX];
	struct in6_addr failed;			/* a neighbour NUD gave up on (ra_lock) */
	bool failed_pending;
	bool live;
	/* Correspondents the control plane knows (flags: MIP6_MN_RO_ACTIVE = route optimised). */
	struct mip6_amap ro;
	/* Correspondent events for the control plane (ra_lock): traffic from an unknown
	 * correspondent through the tunnel, or an ICMP error about our Home Address option. */
	struct { struct in6_addr addr; u32 kind; } cn_ev[8];
	u32 cn_ev_n;
	/* When a traffic event was last raised, per hashed correspondent address: the control
	 * plane may decline one (route optimisation off, at home, table full), and the next
	 * packet from that correspondent must not raise it again at once. Lock-free. */
	unsigned long cn_ev_last[64];
};

static unsigned int mip6_mn_net_id __read_mostly;

static struct mip6_mn_net *mip6_mn_pernet(struct net *net)
{
	return net_generic(net, mip6_mn_net_id);
}

void mip6_mn_schedule(struct net *net, u32 delay_ms)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);

	if (READ_ONCE(mn->live))
		mod_delayed_work(system_dfl_wq, &mn->work, msecs_to_jiffies(delay_ms));
}

static void mip6_mn_work(struct work_struct *work)
{
	struct mip6_mn_net *mn = container_of(to_delayed_work(work), struct mip6_mn_net, work);
	u32 next_ms = 0;

	mutex_lock(&mn->rs_lock);
	if (mn->rs)
		next_ms = mip6_rs_mn_run(mn->rs, mn->net);
	mutex_unlock(&mn->rs_lock);

	/* Re-arm unless an event already did (mod would pull an earlier event later). */
	if (next_ms && READ_ONCE(mn->live))
		queue_delayed_work(system_dfl_wq, &mn->work, msecs_to_jiffies(next_ms));
}

/* ---- home tunnel device ------------------------------------------------------------ */

/* The transmit is Rust (rust/mip6_mn/send.rs); it always takes the packet. */
static netdev_tx_t mip6_mn_tnl_xmit(struct sk_buff *skb, struct net_device *dev)
{
	mip6_rs_mn_tnl_xmit(skb, dev);
	return NETDEV_TX_OK;
}

static const struct net_device_ops mip6_mn_tnl_ops = {
	.ndo_start_xmit = mip6_mn_tnl_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

bool mip6_mn_is_tnl(const struct net_device *dev)
{
	return dev && dev->netdev_ops == &mip6_mn_tnl_ops;
}

static void mip6_mn_tnl_setup(struct net_device *dev)
{
	dev->netdev_ops = &mip6_mn_tnl_ops;
	dev->type = ARPHRD_TUNNEL6;
	dev->flags = IFF_NOARP | IFF_POINTOPOINT;
	dev->needed_headroom = LL_MAX_HEADER + sizeof(struct ipv6hdr);
	dev->mtu = ETH_DATA_LEN - sizeof(struct ipv6hdr);
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP6_MAX_MTU - sizeof(struct ipv6hdr);
	dev->addr_len = 0;
	dev->lltx = true;
	/* GSO packets and offloaded checksums reach the xmit as they are: a TCP GSO packet
	 * through the reverse tunnel stays whole, one sent route-optimised is segmented there
	 * (each segment needs its Home Address option). */
	dev->features |= NETIF_F_SG | NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM;
	dev->hw_features |= NETIF_F_SG | NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM;
	dev->netns_immutable = true;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	netif_keep_dst(dev);
}

/* ---- rtnetlink from a kernel socket ------------------------------------------------ */

struct mip6_nlreq {
	struct nlmsghdr n;
	union {
		struct rtmsg r;
		struct ifaddrmsg a;
		struct ifinfomsg i;
	};
	char attrs[128];
};

static void mip6_nl_put(struct mip6_nlreq *req, u16 type, const void *data, u16 len)
{
	struct rtattr *rta = (void *)&req->n + NLMSG_ALIGN(req->n.nlmsg_len);

	if (NLMSG_ALIGN(req->n.nlmsg_len) + RTA_SPACE(len) > sizeof(*req))
		return;	/* cannot happen with the fixed attributes used here */
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	req->n.nlmsg_len = NLMSG_ALIGN(req->n.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/*
 * Sends one request to rtnetlink in @net and returns its error code. The explicit
 * destination address makes netlink check CAP_NET_ADMIN of the calling task only (the
 * work item's kernel thread, or the ioctl caller that passed the capability check).
 */
static int mip6_nl_request(struct net *net, struct mip6_nlreq *req)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &sa, .msg_namelen = sizeof(sa) };
	struct kvec iov = { .iov_base = req, .iov_len = req->n.nlmsg_len };
	struct msghdr rmsg = {};
	struct nlmsghdr *ack;
	struct socket *sock;
	struct kvec riov;
	void *buf;
	int err, n;

	buf = kmalloc(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = sock_create_kern(net, PF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock);
	if (err)
		goto out_free;
	req->n.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->n.nlmsg_seq = 1;
	err = kernel_sendmsg(sock, &msg, &iov, 1, req->n.nlmsg_len);
	if (err < 0)
		goto out;
	riov.iov_base = buf;
	riov.iov_len = NLMSG_GOODSIZE;
	n = kernel_recvmsg(sock, &rmsg, &riov, 1, NLMSG_GOODSIZE, MSG_DONTWAIT);
	if (n < (int)NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		err = n < 0 ? n : -EIO;
		goto out;
	}
	ack = buf;
	err = ack->nlmsg_type == NLMSG_ERROR ? ((struct nlmsgerr *)NLMSG_DATA(ack))->error : 0;
out:
	sock_release(sock);
out_free:
	kfree(buf);
	return err;
}

int mip6_mn_route(struct net *net, bool add, const u8 *dst, u8 plen, const u8 *gw, int oif,
		  u32 metric)
{
	struct mip6_nlreq req = {};
	u32 oif32 = oif;

	if (plen > 128)
		return -EINVAL;
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.n.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	req.n.nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0;
	req.r.rtm_family = AF_INET6;
	req.r.rtm_dst_len = plen;
	req.r.rtm_table = RT_TABLE_MAIN;
	req.r.rtm_protocol = add ? RTPROT_STATIC : RTPROT_UNSPEC;	/* delete: any origin (RA, kernel) */
	req.r.rtm_scope = RT_SCOPE_UNIVERSE;
	req.r.rtm_type = RTN_UNICAST;
	if (plen)
		mip6_nl_put(&req, RTA_DST, dst, 16);
	if (gw)
		mip6_nl_put(&req, RTA_GATEWAY, gw, 16);
	mip6_nl_put(&req, RTA_OIF, &oif32, sizeof(oif32));
	if (metric)	/* 0 on delete: any metric */
		mip6_nl_put(&req, RTA_PRIORITY, &metric, sizeof(metric));
	return mip6_nl_request(net, &req);
}

int mip6_mn_addr(struct net *net, bool add, int ifindex, const u8 *addr, u8 plen)
{
	struct mip6_nlreq req = {};
	u32 flags = IFA_F_NODAD | IFA_F_NOPREFIXROUTE;

	if (plen > 128 || ifindex <= 0)
		return -EINVAL;
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
	req.n.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	req.n.nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0;
	req.a.ifa_family = AF_INET6;
	req.a.ifa_prefixlen = plen;
	req.a.ifa_index = ifindex;
	mip6_nl_put(&req, IFA_LOCAL, addr, 16);
	if (add)
		mip6_nl_put(&req, IFA_FLAGS, &flags, sizeof(flags));
	return mip6_nl_request(net, &req);
}

static int mip6_mn_link_up(struct net *net, int ifindex)
{
	struct mip6_nlreq req = {};

	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_NEWLINK;
	req.i.ifi_family = AF_UNSPEC;
	req.i.ifi_index = ifindex;
	req.i.ifi_flags = IFF_UP;
	req.i.ifi_change = IFF_UP;
	return mip6_nl_request(net, &req);
}

/*
 * The home tunnel device called @name (created if missing, brought up) with the home
 * address on it; returns its ifindex or an error.
 */
int mip6_mn_tunnel_setup(struct net *net, const char *name, const u8 *home, u8 plen)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	struct net_device *dev;
	int ifindex, err;

	if (!dev_valid_name(name))
		return -EINVAL;
	rtnl_lock();
	dev = __dev_get_by_name(net, name);
	if (dev && !mip6_mn_is_tnl(dev)) {
		rtnl_unlock();
		return -EEXIST;		/* some other device has that name */
	}
	if (!dev) {
		dev = alloc_netdev(0, name, NET_NAME_USER, mip6_mn_tnl_setup);
		if (!dev) {
			rtnl_unlock();
			return -ENOMEM;
		}
		dev_net_set(dev, net);
		err = register_netdevice(dev);
		if (err) {
			rtnl_unlock();
			free_netdev(dev);
			return err;
		}
		if (mn->tnl)	/* one home tunnel per namespace: the newest is used */
			unregister_netdevice(mn->tnl);
		mn->tnl = dev;
	}
	ifindex = dev->ifindex;
	rtnl_unlock();
	err = mip6_mn_link_up(net, ifindex);
	if (!err)
		err = mip6_mn_addr(net, true, ifindex, home, plen);
	return err ? err : ifindex;
}

void mip6_mn_dp_set(struct net *net, const u8 *home, const u8 *ha, const u8 *coa, int oif,
		    bool away)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	struct mip6_mn_dp *dp = kzalloc(sizeof(*dp), GFP_KERNEL), *old;

	if (!dp)
		return;	/* the previous state stays; the next event retries */
	memcpy(&dp->home, home, 16);
	memcpy(&dp->ha, ha, 16);
	memcpy(&dp->coa, coa, 16);
	dp->oif = oif;
	dp->away = away;
	old = rcu_replace_pointer(mn->dp, dp, true);	/* serialised by the Rust mutex */
	if (old)
		kfree_rcu(old, rcu);
}

/* Whether @ifindex is up with a carrier (a link the node can be on). */
bool mip6_mn_link_ok(struct net *net, int ifindex)
{
	struct net_device *dev;
	bool ok;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	ok = dev && netif_running(dev) && netif_carrier_ok(dev);
	rcu_read_unlock();
	return ok;
}

/* Unsolicited NA for the home address on @ifindex: neighbours reach us directly again. */
void mip6_mn_announce(struct net *net, int ifindex, const u8 *home)
{
	struct net_device *dev = dev_get_by_index(net, ifindex);
	struct in6_addr a;

	if (!dev)
		return;
	memcpy(&a, home, sizeof(a));
	ndisc_send_na(dev, &in6addr_linklocal_allnodes, &a, false, false, true, true);
	dev_put(dev);
}

/* Unconfigured: the data path forgets the mobile node and the home tunnel goes. */
void mip6_mn_teardown(struct net *net)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	struct mip6_mn_dp *dp = rcu_replace_pointer(mn->dp, NULL, true);

	if (dp)
		kfree_rcu(dp, rcu);
	rtnl_lock();
	if (mn->tnl)
		unregister_netdevice(mn->tnl);	/* the notifier clears mn->tnl */
	rtnl_unlock();
}

/* Global (non-link-local) unicast addresses of @ifindex, for the care-of address choice. */
int mip6_mn_addrs(struct net *net, int ifindex, struct mip6_mn_addr *out, u32 max)
{
	struct inet6_ifaddr *ifa;
	struct net_device *dev;
	struct inet6_dev *idev;
	u32 n = 0;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	idev = dev ? __in6_dev_get(dev) : NULL;
	if (idev) {
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifa, &idev->addr_list, if_list) {
			int type = ipv6_addr_type(&ifa->addr);

			if (n >= max)
				break;
			if (type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK | IPV6_ADDR_MULTICAST))
				continue;
			memcpy(out[n].addr, &ifa->addr, 16);
			out[n].plen = ifa->prefix_len;
			out[n].flags = ifa->flags;
			n++;
		}
		read_unlock_bh(&idev->lock);
	}
	rcu_read_unlock();
	return n;
}

/*
 * The latest Router Advertisement not yet taken: its ICMPv6 part into @buf (at most @max
 * bytes), its source into @src, its interface into @ifindex. Returns the length, 0 if none.
 */
u32 mip6_mn_take_ra(struct net *net, u8 *buf, u32 max, int *ifindex, u8 *src)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	u32 len = 0;

	spin_lock_bh(&mn->ra_lock);
	if (mn->ra_len > 16) {
		len = min(mn->ra_len - 16, max);
		memcpy(src, mn->ra, 16);
		memcpy(buf, mn->ra + 16, len);
		*ifindex = mn->ra_ifindex;
	}
	mn->ra_len = 0;
	spin_unlock_bh(&mn->ra_lock);
	return len;
}

/* ---- receive path: PRE_ROUTING ------------------------------------------------------ */

/* Keeps a Router Advertisement (checked by the receive hook) for the control plane. */
void mip6_mn_keep_ra(struct net *net, struct sk_buff *skb)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	u32 len = min_t(u32, skb->len - sizeof(*ip6), MIP6_RA_MAX - 16);

	spin_lock(&mn->ra_lock);
	memcpy(mn->ra, &ip6->saddr, 16);
	if (!skb_copy_bits(skb, sizeof(*ip6), mn->ra + 16, len)) {
		mn->ra_len = len + 16;
		mn->ra_ifindex = skb->dev->ifindex;
	}
	spin_unlock(&mn->ra_lock);
	/* Give addrconf a moment to form the address from this RA before we look. */
	mod_delayed_work(system_dfl_wq, &mn->work, msecs_to_jiffies(20));
}

/* Tell the control plane about a correspondent (MIP6_MN_EV_*); dropped when full. A
 * traffic event for the same (hashed) address is raised at most once a second. */
void mip6_mn_cn_event(struct net *net, const u8 *a, u32 kind)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	struct in6_addr buf, *addr = &buf;
	u32 i;

	memcpy(&buf, a, sizeof(buf));
	if (kind == MIP6_MN_EV_TRAFFIC) {
		unsigned long *last = &mn->cn_ev_last[ipv6_addr_hash(addr) % ARRAY_SIZE(mn->cn_ev_last)];
		unsigned long seen = READ_ONCE(*last), now = jiffies;

		/* 0 = never raised (jiffies can be 0 only once per wrap, a lost second at most). */
		if (seen && time_before(now, seen + HZ))
			return;
		WRITE_ONCE(*last, now);
	}
	spin_lock(&mn->ra_lock);
	for (i = 0; i < mn->cn_ev_n; i++)
		if (mn->cn_ev[i].kind == kind && ipv6_addr_equal(&mn->cn_ev[i].addr, addr))
			break;
	if (i == mn->cn_ev_n && i < ARRAY_SIZE(mn->cn_ev)) {
		mn->cn_ev[i].addr = *addr;
		mn->cn_ev[i].kind = kind;
		mn->cn_ev_n++;
	}
	spin_unlock(&mn->ra_lock);
	mod_delayed_work(system_dfl_wq, &mn->work, 0);
}

/* The oldest correspondent event not yet taken: its address into @addr; returns its kind,
 * 0 if none. */
u32 mip6_mn_take_cn_event(struct net *net, u8 *addr)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	u32 kind = 0;

	spin_lock_bh(&mn->ra_lock);
	if (mn->cn_ev_n) {
		memcpy(addr, &mn->cn_ev[0].addr, 16);
		kind = mn->cn_ev[0].kind;
		mn->cn_ev_n--;
		memmove(&mn->cn_ev[0], &mn->cn_ev[1], mn->cn_ev_n * sizeof(mn->cn_ev[0]));
	}
	spin_unlock_bh(&mn->ra_lock);
	return kind;
}

int mip6_mn_ro_set(struct net *net, const u8 *cn, u32 flags)
{
	return mip6_amap_set(&mip6_mn_pernet(net)->ro, cn, cn, flags);
}

void mip6_mn_ro_del(struct net *net, const u8 *cn)
{
	mip6_amap_del(&mip6_mn_pernet(net)->ro, cn);
}

/* What the receive hook (rust/mip6_mn/receive.rs) needs to know; false when the
 * namespace is no configured mobile node or the packet came out of the home tunnel. */
bool mip6_mn_view_get(struct net *net, const struct sk_buff *skb, struct mip6_mn_view *out)
{
	return !mip6_mn_is_tnl(skb->dev) && mip6_mn_view_of(net, out);
}

/* The data path's state, copied (caller holds RCU); false when not configured. */
bool mip6_mn_view_of(struct net *net, struct mip6_mn_view *out)
{
	const struct mip6_mn_dp *dp = rcu_dereference(mip6_mn_pernet(net)->dp);

	if (!dp)
		return false;
	memcpy(out->home, &dp->home, 16);
	memcpy(out->coa, &dp->coa, 16);
	memcpy(out->ha, &dp->ha, 16);
	out->oif = dp->oif;
	out->away = dp->away;
	return true;
}

/* Whether packets to @cn go route-optimised (caller holds RCU). */
bool mip6_mn_ro_active(struct net *net, const u8 *cn)
{
	struct mip6_amap_entry *e;
	struct in6_addr k;

	memcpy(&k, cn, sizeof(k));
	e = mip6_amap_lookup(&mip6_mn_pernet(net)->ro, &k);
	return e && (READ_ONCE(e->flags) & MIP6_MN_RO_ACTIVE);
}

bool mip6_mn_ro_known(struct net *net, const u8 *cn)
{
	struct in6_addr k;

	memcpy(&k, cn, sizeof(k));
	return mip6_amap_lookup(&mip6_mn_pernet(net)->ro, &k);
}

/* Where the home tunnel's packets are received: the tunnel device, or (while it is being
 * set up or torn down) the link they came in on. */
struct net_device *mip6_mn_tunnel_dev(struct net *net, const struct sk_buff *skb)
{
	return READ_ONCE(mip6_mn_pernet(net)->tnl) ?: skb->dev;
}

static const struct nf_hook_ops mip6_mn_nf_ops = {
	.hook = mip6_rs_mn_prerouting,	/* rust/mip6_mn/receive.rs */
	.pf = NFPROTO_IPV6,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP6_PRI_FIRST + 2,
};

/* ---- notifiers: the tunnel device going away, addresses and links changing ---------- */

static int mip6_mn_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct mip6_mn_net *mn = mip6_mn_pernet(dev_net(dev));

	/* Only a real unregistration: unregister_netdevice_notifier() (rmmod) replays
	 * NETDEV_UNREGISTER for devices that stay registered, and the pernet exit must still
	 * find the tunnel to remove it. */
	if (event == NETDEV_UNREGISTER && mn->tnl == dev && dev->reg_state != NETREG_REGISTERED)
		WRITE_ONCE(mn->tnl, NULL);	/* under RTNL, like every writer of tnl */
	else if ((event == NETDEV_CHANGE || event == NETDEV_UP || event == NETDEV_DOWN) &&
		 rcu_access_pointer(mn->dp) && !mip6_mn_is_tnl(dev))
		mip6_mn_schedule(dev_net(dev), 10);
	return NOTIFY_DONE;
}

static struct notifier_block mip6_mn_netdev_nb = {
	.notifier_call = mip6_mn_netdev_event,
};

static int mip6_mn_addr_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct inet6_ifaddr *ifa = ptr;
	struct net *net = dev_net(ifa->idev->dev);

	if (rcu_access_pointer(mip6_mn_pernet(net)->dp) && !mip6_mn_is_tnl(ifa->idev->dev))
		mip6_mn_schedule(net, 10);
	return NOTIFY_DONE;
}

static struct notifier_block mip6_mn_addr_nb = {
	.notifier_call = mip6_mn_addr_event,
};

/*
 * Neighbour unreachability detection gave up on a neighbour of a mobile node namespace:
 * if it is the default router, movement detection treats the router as gone (11.5.1).
 */
static int mip6_mn_netevent(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct neighbour *n = ptr;
	struct mip6_mn_net *mn;

	if (event != NETEVENT_NEIGH_UPDATE || n->tbl != &nd_tbl ||
	    !(READ_ONCE(n->nud_state) & NUD_FAILED))
		return NOTIFY_DONE;
	mn = mip6_mn_pernet(dev_net(n->dev));
	if (!rcu_access_pointer(mn->dp))
		return NOTIFY_DONE;
	spin_lock_bh(&mn->ra_lock);
	memcpy(&mn->failed, n->primary_key, sizeof(mn->failed));
	mn->failed_pending = true;
	spin_unlock_bh(&mn->ra_lock);
	mip6_mn_schedule(dev_net(n->dev), 0);
	return NOTIFY_DONE;
}

static struct notifier_block mip6_mn_netevent_nb = {
	.notifier_call = mip6_mn_netevent,
};

/* The neighbour NUD last gave up on, if not yet taken. */
bool mip6_mn_take_failed(struct net *net, u8 *addr)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	bool pending;

	spin_lock_bh(&mn->ra_lock);
	pending = mn->failed_pending;
	if (pending)
		memcpy(addr, &mn->failed, 16);
	mn->failed_pending = false;
	spin_unlock_bh(&mn->ra_lock);
	return pending;
}

/* ---- per namespace ----------------------------------------------------------------- */

static int __net_init mip6_mn_net_init(struct net *net)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	int err;

	mn->net = net;
	mutex_init(&mn->rs_lock);
	spin_lock_init(&mn->ra_lock);
	INIT_DELAYED_WORK(&mn->work, mip6_mn_work);
	err = mip6_amap_init(&mn->ro);
	if (err)
		return err;
	mn->rs = mip6_rs_mn_new();
	if (!mn->rs) {
		mip6_amap_destroy(&mn->ro);
		return -ENOMEM;
	}
	WRITE_ONCE(mn->live, true);
	err = nf_register_net_hook(net, &mip6_mn_nf_ops);
	if (err) {
		mip6_rs_mn_free(mn->rs);
		mip6_amap_destroy(&mn->ro);
		return err;
	}
	return 0;
}

static void __net_exit mip6_mn_net_exit(struct net *net)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	struct mip6_mn_dp *dp;

	void *rs;

	nf_unregister_net_hook(net, &mip6_mn_nf_ops);
	WRITE_ONCE(mn->live, false);
	/* No call into the Rust state from here on (mip6_base may still try: see rs). */
	mutex_lock(&mn->rs_lock);
	rs = mn->rs;
	mn->rs = NULL;
	mutex_unlock(&mn->rs_lock);
	cancel_delayed_work_sync(&mn->work);
	rtnl_lock();
	if (mn->tnl)
		unregister_netdevice(mn->tnl);
	rtnl_unlock();
	dp = rcu_replace_pointer(mn->dp, NULL, true);
	synchronize_rcu();	/* hooks and transmits that still saw dp */
	kfree(dp);
	mip6_rs_mn_free(rs);
	mip6_amap_destroy(&mn->ro);
}

static struct pernet_operations mip6_mn_net_ops = {
	.init = mip6_mn_net_init,
	.exit = mip6_mn_net_exit,
	.id = &mip6_mn_net_id,
	.size = sizeof(struct mip6_mn_net),
};

static void mip6_mn_ops_rx_mh(struct net *net, const u8 *pkt, u32 len)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);

	mutex_lock(&mn->rs_lock);
	if (mn->rs)
		mip6_rs_mn_rx_mh(mn->rs, net, pkt, len);
	mutex_unlock(&mn->rs_lock);
}

static int mip6_mn_ops_ioctl(struct net *net, bool admin, u32 cmd, unsigned long arg)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);
	int ret = -ENODEV;

	mutex_lock(&mn->rs_lock);
	if (mn->rs)
		ret = mip6_rs_mn_ioctl(mn->rs, net, admin, cmd, arg);
	mutex_unlock(&mn->rs_lock);
	return ret;
}

static void mip6_mn_ops_stop(struct net *net)
{
	struct mip6_mn_net *mn = mip6_mn_pernet(net);

	mutex_lock(&mn->rs_lock);
	if (mn->rs)
		mip6_rs_mn_stop(mn->rs, net);
	mutex_unlock(&mn->rs_lock);
}

static const struct mip6_mn_ops mip6_mn_ops = {
	.owner = THIS_MODULE,
	.rx_mh = mip6_mn_ops_rx_mh,
	.ioctl = mip6_mn_ops_ioctl,
	.stop = mip6_mn_ops_stop,
};

int mip6_mn_glue_init(void)
{
	int err;

	/* Per-namespace state first: the notifiers look it up. */
	err = register_pernet_subsys(&mip6_mn_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&mip6_mn_netdev_nb);
	if (err)
		goto err_pernet;
	err = register_inet6addr_notifier(&mip6_mn_addr_nb);
	if (err)
		goto err_netdev;
	err = register_netevent_notifier(&mip6_mn_netevent_nb);
	if (err)
		goto err_addr;
	mip6_mn_ops_register(&mip6_mn_ops);
	return 0;

err_addr:
	unregister_inet6addr_notifier(&mip6_mn_addr_nb);
err_netdev:
	unregister_netdevice_notifier(&mip6_mn_netdev_nb);
err_pernet:
	unregister_pernet_subsys(&mip6_mn_net_ops);
	return err;
}

void mip6_mn_glue_exit(void)
{
	mip6_mn_ops_unregister();
	unregister_netevent_notifier(&mip6_mn_netevent_nb);
	unregister_inet6addr_notifier(&mip6_mn_addr_nb);
	unregister_netdevice_notifier(&mip6_mn_netdev_nb);
	unregister_pernet_subsys(&mip6_mn_net_ops);
}
