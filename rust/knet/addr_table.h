/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layer's C island: an RCU hash table of entries keyed by an IPv6 address, over the
 * kernel's rhashtable. Its parameters are a compile-time constant the rhashtable inline
 * functions need (they are macros in effect), so they live here; the entries and their
 * ownership are Rust's (rust/knet/addr_table.rs). An entry starts with a knet_addr_node.
 */
#ifndef _KNET_ADDR_TABLE_H
#define _KNET_ADDR_TABLE_H

#include <linux/in6.h>
#include <linux/rhashtable-types.h>

struct knet_addr_node {
	struct rhash_head node;
	struct in6_addr key;
	struct rcu_head rcu;	/* for knet_kfree_rcu() once out of the table */
};

int knet_addr_table_init(struct rhashtable *ht);
/* Frees the remaining entries with kfree(): no reader, no writer left. */
void knet_addr_table_destroy(struct rhashtable *ht);
u32 knet_addr_table_count(const struct rhashtable *ht);
/* Caller holds rcu_read_lock. */
struct knet_addr_node *knet_addr_table_lookup(struct rhashtable *ht, const u8 *key);
int knet_addr_table_insert(struct rhashtable *ht, struct knet_addr_node *n);
int knet_addr_table_replace(struct rhashtable *ht, struct knet_addr_node *old,
			    struct knet_addr_node *new);
int knet_addr_table_remove(struct rhashtable *ht, struct knet_addr_node *n);

#endif /* _KNET_ADDR_TABLE_H */
