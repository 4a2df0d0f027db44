// SPDX-License-Identifier: GPL-2.0
/*
 * What mip6_base still keeps in C: the address map mip6_mn uses for its correspondents
 * (to become knet's address table with mip6_mn's lifecycle), and exported wrappers of the
 * kernel's SHA-1, HMAC-SHA1, clocks and randomness for the Rust core. The per-namespace
 * state, roles, calls between modules and route/address queries are Rust
 * (rust/mip6_base/namespace.rs, roles.rs, rust/knet/glue/base*.rs, rust/knet/route.rs,
 * rust/knet/addrconf.rs).
 */
#include <crypto/sha1.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <uapi/linux/mipv6.h>
#include <mip6/mip6_glue.h>

/* ---- clocks ------------------------------------------------------------------------ */

u64 mip6_now_ms(void)
{
	return ktime_to_ms(ktime_get_boottime());
}
EXPORT_SYMBOL_NS_GPL(mip6_now_ms, "MIP6");

/* ---- address maps (mip6_mn's route-optimised correspondents), crypto, randomness ------- */

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

void mip6_random_bytes(u8 *buf, u32 len)
{
	get_random_bytes(buf, len);
}
EXPORT_SYMBOL_NS_GPL(mip6_random_bytes, "MIP6");
