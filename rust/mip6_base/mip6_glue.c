// SPDX-License-Identifier: GPL-2.0
/*
 * What mip6_base still keeps in C: exported wrappers of the kernel's SHA-1, HMAC-SHA1,
 * clocks and randomness for the Rust core. The per-namespace state, roles, calls between
 * modules and route/address queries are Rust (rust/mip6_base/namespace.rs, roles.rs,
 * rust/knet/glue/base*.rs, rust/knet/route.rs, rust/knet/addrconf.rs).
 */
#include <crypto/sha1.h>
#include <linux/module.h>
#include <linux/random.h>
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
