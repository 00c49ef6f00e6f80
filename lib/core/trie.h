/* SPDX-License-Identifier: ISC */
/* trie.h - a path-compressed binary prefix trie for IPv4 and IPv6.
 *
 * Built for full tables (~1M routes, ~800k VRPs): nodes live in one array and
 * refer to each other by 32-bit index (32 bytes a node, at most two nodes per
 * entry), so the trie is a few large allocations that stay cache friendly.
 * Lookups never modify the trie: any number of threads may look up at once
 * while nobody inserts or deletes.
 * Each entry carries a 32-bit value; callers keep their payload in their own
 * arrays and store the index here. */
#ifndef MANRS_TRIE_H
#define MANRS_TRIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/prefix.h"

struct trie_node {
	uint64_t key[2];   /* address bits, zero beyond len */
	uint32_t child[2]; /* node indices, 0 = none */
	uint32_t value;
	uint8_t len;
	uint8_t has_value;
	uint8_t family;
};

struct trie {
	struct trie_node *nodes; /* nodes[0] is unused so 0 can mean "none" */
	uint32_t cap, used, free_head;
	uint32_t root[2]; /* [0] IPv4, [1] IPv6 */
	size_t count;     /* entries with a value */
	/* For large tries, per family and value of the first 16 address bits:
	 * the deepest node of length <= 16 on the search path, and the deepest
	 * such node with a value; lookups start there instead of at the root,
	 * skipping about half of the levels. NULL until the trie is big. */
	uint32_t *jump;
	uint32_t jump_min; /* entries before building it; 0: 4096 (tests set 1) */
};

/* Called for each entry; return nonzero to stop the iteration early. */
typedef int (*trie_visit_fn)(const struct prefix *p, uint32_t value, void *ctx);

/* Initialise an empty trie. */
void trie_init(struct trie *t);

/* Release all memory; t is empty afterwards. */
void trie_free(struct trie *t);

/* Reserve room for about n entries to avoid regrowth. Returns 0 or -1. */
int trie_reserve(struct trie *t, size_t n);

/* Insert or replace. Returns 1 when added, 0 when an existing value was
 * replaced (its old value stored in *old if non-NULL), -1 on allocation failure. */
int trie_insert(struct trie *t, const struct prefix *p, uint32_t value, uint32_t *old);

/* Remove p. Returns 1 when removed (old value in *old), 0 when absent. */
int trie_delete(struct trie *t, const struct prefix *p, uint32_t *old);

/* Exact match. Returns true and fills *value when p is present. */
bool trie_get(const struct trie *t, const struct prefix *p, uint32_t *value);

/* Longest-prefix match: the most specific entry covering p (p itself
 * included). Fills match and value (either may be NULL). */
bool trie_longest(const struct trie *t, const struct prefix *p, struct prefix *match,
                  uint32_t *value);

/* Visit every entry covering p (less-specifics and p itself), shortest first. */
int trie_covering(const struct trie *t, const struct prefix *p, trie_visit_fn fn, void *ctx);

/* Visit every entry covered by p (p itself and more-specifics), in
 * prefix_cmp order. */
int trie_covered(const struct trie *t, const struct prefix *p, trie_visit_fn fn, void *ctx);

/* Visit all entries, IPv4 first, in prefix_cmp order. */
int trie_walk(const struct trie *t, trie_visit_fn fn, void *ctx);

/* Number of entries. */
static inline size_t trie_count(const struct trie *t)
{
	return t->count;
}

/* Rebuild the node array in depth-first order without free slots: lookups
 * then touch neighbouring memory. Worth calling after a bulk load; inserts
 * and deletes keep working afterwards. Returns 0, or -1 (trie unchanged) when
 * out of memory. */
int trie_compact(struct trie *t);

/* Bytes allocated for nodes. */
size_t trie_memory(const struct trie *t);

#endif
