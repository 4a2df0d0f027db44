// SPDX-License-Identifier: GPL-2.0
/*
 * The rhashtable island of rust/knet/addr_table.h: constant parameters, one call each.
 * Included into the modules that keep such a table (see their knet_helpers.c).
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include "addr_table.h"

static const struct rhashtable_params knet_addr_table_params = {
	.key_len = sizeof(struct in6_addr),
	.key_offset = offsetof(struct knet_addr_node, key),
	.head_offset = offsetof(struct knet_addr_node, node),
	.automatic_shrinking = true,
};

int knet_addr_table_init(struct rhashtable *ht)
{
	return rhashtable_init(ht, &knet_addr_table_params);
}

static void knet_addr_table_free(void *ptr, void *arg)
{
	kfree(ptr);
}

void knet_addr_table_destroy(struct rhashtable *ht)
{
	rhashtable_free_and_destroy(ht, knet_addr_table_free, NULL);
}

u32 knet_addr_table_count(const struct rhashtable *ht)
{
	return atomic_read(&ht->nelems);
}

struct knet_addr_node *knet_addr_table_lookup(struct rhashtable *ht, const u8 *key)
{
	struct in6_addr k;	/* the hash reads the key as u32s: aligned */

	memcpy(&k, key, sizeof(k));
	return rhashtable_lookup(ht, &k, knet_addr_table_params);
}

int knet_addr_table_insert(struct rhashtable *ht, struct knet_addr_node *n)
{
	return rhashtable_insert_fast(ht, &n->node, knet_addr_table_params);
}

int knet_addr_table_replace(struct rhashtable *ht, struct knet_addr_node *old,
			    struct knet_addr_node *new)
{
	return rhashtable_replace_fast(ht, &old->node, &new->node, knet_addr_table_params);
}

int knet_addr_table_remove(struct rhashtable *ht, struct knet_addr_node *n)
{
	return rhashtable_remove_fast(ht, &n->node, knet_addr_table_params);
}
