// SPDX-License-Identifier: GPL-2.0
/*
 * What mip6_base still keeps in C: route and address queries (the FIB and inet6_dev
 * address lists have no Rust abstraction in 7.3), and exported wrappers of the kernel's
 * SHA-1, HMAC-SHA1, clocks and randomness for the Rust core.
 * The per-namespace state, roles and calls between modules are Rust
 * (rust/mip6_base/namespace.rs, roles.rs, rust/knet/glue/base*.rs).
 */
#include <crypto/sha1.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <uapi/linux/mipv6.h>
#include <mip6/mip6_glue.h>

/* ---- clocks, routes and addresses ------------------------------------------------- */

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

/* ---- crypto, randomness ------------------------------------------------------------ */

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

void mip6_random_bytes(u8 *buf, u32 len)
{
	get_random_bytes(buf, len);
}
EXPORT_SYMBOL_NS_GPL(mip6_random_bytes, "MIP6");
