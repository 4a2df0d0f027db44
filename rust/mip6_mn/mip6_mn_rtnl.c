// SPDX-License-Identifier: GPL-2.0
/*
 * What of the mobile node stays in C, and why:
 *   - changing addresses and routes: ip6_route_add/del and the address functions are not
 *     exported to modules, so requests go to rtnetlink from a kernel socket; the netlink
 *     message layout (nlmsghdr, rtattr, their alignment macros) is C's,
 *   - the list of an interface's addresses, walked under the inet6_dev's lock,
 *   - the home tunnel device's template (mip6mnha1, RFC 6275 11.3.1): its netdev_ops
 *     table and setup write a dozen net_device fields Rust has no binding for. Its transmit
 *     is Rust (mip6_rs_mn_tnl_xmit), as is everything about its lifetime (registration,
 *     removal: rust/knet/glue/mobile_node.rs, rust/mip6_mn/namespace.rs).
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <mip6/mip6_mn_glue.h>

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

/* An unregistered home tunnel device called @name; NULL without memory. */
struct net_device *mip6_mn_tnl_alloc(const char *name)
{
	return alloc_netdev(0, name, NET_NAME_USER, mip6_mn_tnl_setup);
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

int mip6_mn_link_up(struct net *net, int ifindex)
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
