/* SPDX-License-Identifier: ISC */
/* trie.c - path-compressed binary trie over 128-bit keys, both families. */
#include "core/trie.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

static void key_of(const struct prefix *p, uint64_t k[2])
{
	k[0] = k[1] = 0;
	for (int i = 0; i < 8; i++) {
		k[0] = k[0] << 8 | p->addr[i];
		k[1] = k[1] << 8 | p->addr[8 + i];
	}
}

static void prefix_of(const struct trie_node *n, struct prefix *p)
{
	p->family = n->family;
	p->len = n->len;
	for (int i = 0; i < 8; i++) {
		p->addr[i] = (uint8_t)(n->key[0] >> (56 - 8 * i));
		p->addr[8 + i] = (uint8_t)(n->key[1] >> (56 - 8 * i));
	}
}

static inline int key_bit(const uint64_t k[2], unsigned i)
{
	return i < 64 ? (int)(k[0] >> (63 - i)) & 1 : (int)(k[1] >> (127 - i)) & 1;
}

/* Number of leading bits a and b share, at most max. */
static unsigned common_bits(const uint64_t a[2], const uint64_t b[2], unsigned max)
{
	uint64_t x = a[0] ^ b[0];
	unsigned n;
	if (x)
		n = (unsigned)__builtin_clzll(x);
	else if ((x = a[1] ^ b[1]))
		n = 64 + (unsigned)__builtin_clzll(x);
	else
		n = 128;
	return n < max ? n : max;
}

static void key_mask(uint64_t k[2], unsigned len)
{
	if (len == 0) {
		k[0] = k[1] = 0;
	} else if (len < 64) {
		k[0] &= ~0ULL << (64 - len);
		k[1] = 0;
	} else if (len == 64) {
		k[1] = 0;
	} else if (len < 128) {
		k[1] &= ~0ULL << (128 - len);
	}
}

void trie_init(struct trie *t)
{
	memset(t, 0, sizeof *t);
}

void trie_free(struct trie *t)
{
	uint32_t jump_min = t->jump_min;
	free(t->nodes);
	free(t->jump);
	trie_init(t);
	t->jump_min = jump_min;
}

/* ---- the jump tables (one per family, on the first 16 address bits) ---- */

#define JUMP_BITS 16
#define JUMP_SLOTS (1u << JUMP_BITS)
#define JUMP_MIN_ENTRIES 4096 /* below this the 1 MiB of tables is not worth it */
/* Family f's deepest node and deepest valued node for slot x. */
#define JUMP_NODE(t, f, x) ((t)->jump[(size_t)(f)*2 * JUMP_SLOTS + (x)])
#define JUMP_BEST(t, f, x) ((t)->jump[(size_t)(f)*2 * JUMP_SLOTS + JUMP_SLOTS + (x)])

static void jump_set(struct trie *t, int f, uint32_t lo, uint32_t n, uint32_t jn, uint32_t jb)
{
	for (uint32_t x = lo; x < lo + n; x++) {
		JUMP_NODE(t, f, x) = jn;
		JUMP_BEST(t, f, x) = jb;
	}
}

/* Slot range of the first-16-bit values under a key of length len (<= 16). */
static uint32_t jump_first(const uint64_t k[2], unsigned len)
{
	uint32_t x = (uint32_t)(k[0] >> (64 - JUMP_BITS));
	return len ? x & ~((JUMP_SLOTS - 1) >> len) : 0;
}

/* All slots under the q-bit prefix of key reach node i in a descent, carrying
 * (jn, jb) from the nodes above; record where each of them stops. */
static void jump_fill(struct trie *t, int f, uint32_t i, const uint64_t key[2], unsigned q,
                      uint32_t jn, uint32_t jb)
{
	uint32_t lo = jump_first(key, q), n = JUMP_SLOTS >> q;
	jump_set(t, f, lo, n, jn, jb);
	if (!i)
		return;
	const struct trie_node *nd = &t->nodes[i];
	if (nd->len > JUMP_BITS || common_bits(nd->key, key, q) < q)
		return;
	jn = i;
	if (nd->has_value)
		jb = i;
	if (nd->len == JUMP_BITS) {
		jump_set(t, f, jump_first(nd->key, JUMP_BITS), 1, jn, jb);
		return;
	}
	for (int bit = 0; bit < 2; bit++) {
		uint64_t ck[2] = {nd->key[0], nd->key[1]};
		if (bit)
			ck[0] |= 1ULL << (63 - nd->len);
		/* Under nd but off both children's paths: the descent stops at nd. */
		jump_fill(t, f, nd->child[bit], ck, nd->len + 1u, jn, jb);
	}
}

/* Recompute the slots under the first z bits of key after a change there. */
static void jump_update(struct trie *t, int f, const uint64_t key[2], unsigned z)
{
	if (!t->jump || z > JUMP_BITS)
		return;
	uint64_t k[2] = {key[0], key[1]};
	key_mask(k, z);
	uint32_t i = t->root[f], jn = 0, jb = 0;
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (n->len >= z)
			break;
		if (common_bits(n->key, k, n->len) < n->len) {
			i = 0; /* every slot under k stops above it */
			break;
		}
		jn = i;
		if (n->has_value)
			jb = i;
		i = n->child[key_bit(k, n->len)];
	}
	jump_fill(t, f, i, k, z, jn, jb);
}

static void jump_build(struct trie *t)
{
	if (!t->jump && !(t->jump = malloc(4 * JUMP_SLOTS * sizeof *t->jump)))
		return; /* lookups just start at the root */
	const uint64_t zero[2] = {0, 0};
	jump_fill(t, 0, t->root[0], zero, 0, 0, 0);
	jump_fill(t, 1, t->root[1], zero, 0, 0, 0);
}

/* Where a lookup of a key of length len in family f (0 IPv4, 1 IPv6) can
 * start, and the best valued node above that point. */
static uint32_t jump_start(const struct trie *t, int f, const uint64_t k[2], unsigned len,
                           const struct trie_node **best)
{
	*best = NULL;
	if (!t->jump || len < JUMP_BITS)
		return t->root[f];
	uint32_t x = (uint32_t)(k[0] >> (64 - JUMP_BITS));
	uint32_t jn = JUMP_NODE(t, f, x), jb = JUMP_BEST(t, f, x);
	if (jb)
		*best = &t->nodes[jb];
	/* No node of length <= 16 matched: the root either mismatches or is
	 * longer, and starting at it is right in both cases. */
	return jn ? jn : t->root[f];
}

static int grow_nodes(struct trie *t, size_t need)
{
	if (t->used + need <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 64;
	while (cap < t->used + need)
		cap *= 2;
	if (cap > UINT32_MAX)
		return -1;
	struct trie_node *n = resize(t->nodes, cap, sizeof *n);
	if (!n)
		return -1;
	t->nodes = n;
	t->cap = (uint32_t)cap;
	if (t->used == 0)
		t->used = 1; /* index 0 means "none" */
	return 0;
}

int trie_reserve(struct trie *t, size_t n)
{
	return grow_nodes(t, 2 * n + 1);
}

static uint32_t node_new(struct trie *t, const uint64_t k[2], unsigned len, int family)
{
	uint32_t i;
	if (t->free_head) {
		i = t->free_head;
		t->free_head = t->nodes[i].child[0];
	} else {
		i = t->used++;
	}
	struct trie_node *n = &t->nodes[i];
	memset(n, 0, sizeof *n);
	n->key[0] = k[0];
	n->key[1] = k[1];
	key_mask(n->key, len);
	n->len = (uint8_t)len;
	n->family = (uint8_t)family;
	return i;
}

static void node_free(struct trie *t, uint32_t i)
{
	t->nodes[i].child[0] = t->free_head;
	t->free_head = i;
}

/* Keep the jump tables right after an insert in family f whose topmost new
 * or changed node has length z, and build them once the trie is big. */
static void inserted(struct trie *t, int f, const uint64_t k[2], unsigned z)
{
	if (t->jump)
		jump_update(t, f, k, z);
	else if (t->count >= (t->jump_min ? t->jump_min : JUMP_MIN_ENTRIES))
		jump_build(t);
}

int trie_insert(struct trie *t, const struct prefix *p, uint32_t value, uint32_t *old)
{
	/* Reserve first: node pointers below must not move under us. */
	if (grow_nodes(t, 2) < 0)
		return -1;
	uint64_t k[2];
	key_of(p, k);
	unsigned len = p->len;
	uint32_t *slot = &t->root[p->family == 6];
	if (t->jump && len > JUMP_BITS) {
		/* Everything above the jump node is settled for this key. */
		uint32_t jn = JUMP_NODE(t, p->family == 6, k[0] >> (64 - JUMP_BITS));
		if (jn)
			slot = &t->nodes[jn].child[key_bit(k, t->nodes[jn].len)];
	}
	while (*slot) {
		struct trie_node *n = &t->nodes[*slot];
		unsigned cl = common_bits(n->key, k, n->len < len ? n->len : len);
		if (cl == n->len && n->len == len) {
			int added = !n->has_value;
			if (!added && old)
				*old = n->value;
			n->value = value;
			n->has_value = 1;
			t->count += (size_t)added;
			if (added)
				inserted(t, p->family == 6, k, len);
			return added;
		}
		if (cl == n->len) {
			slot = &n->child[key_bit(k, n->len)];
			continue;
		}
		uint32_t below = *slot;
		int below_dir = key_bit(n->key, cl);
		if (cl == len) {
			uint32_t i = node_new(t, k, len, p->family);
			t->nodes[i].child[below_dir] = below;
			t->nodes[i].value = value;
			t->nodes[i].has_value = 1;
			*slot = i;
		} else {
			uint32_t g = node_new(t, k, cl, p->family);
			uint32_t l = node_new(t, k, len, p->family);
			t->nodes[l].value = value;
			t->nodes[l].has_value = 1;
			t->nodes[g].child[below_dir] = below;
			t->nodes[g].child[!below_dir] = l;
			*slot = g;
		}
		t->count++;
		inserted(t, p->family == 6, k, cl);
		return 1;
	}
	uint32_t i = node_new(t, k, len, p->family);
	t->nodes[i].value = value;
	t->nodes[i].has_value = 1;
	*slot = i;
	t->count++;
	inserted(t, p->family == 6, k, len);
	return 1;
}

int trie_delete(struct trie *t, const struct prefix *p, uint32_t *old)
{
	uint64_t k[2];
	key_of(p, k);
	uint32_t *path[130];
	int depth = 0;
	uint32_t *slot = &t->root[p->family == 6];
	while (*slot) {
		struct trie_node *n = &t->nodes[*slot];
		if (n->len > p->len || common_bits(n->key, k, n->len) < n->len)
			return 0;
		path[depth++] = slot;
		if (n->len == p->len)
			break;
		slot = &n->child[key_bit(k, n->len)];
	}
	if (!*slot)
		return 0;
	struct trie_node *n = &t->nodes[*slot];
	if (!n->has_value)
		return 0;
	if (old)
		*old = n->value;
	n->has_value = 0;
	t->count--;
	unsigned top = n->len; /* length of the topmost node changed */
	/* Splice out nodes that no longer carry a value or a fork. */
	while (depth > 0) {
		uint32_t *s = path[--depth];
		uint32_t i = *s;
		struct trie_node *m = &t->nodes[i];
		if (m->has_value || (m->child[0] && m->child[1]))
			break;
		top = m->len;
		*s = m->child[0] ? m->child[0] : m->child[1];
		node_free(t, i);
	}
	jump_update(t, p->family == 6, k, top);
	return 1;
}

bool trie_get(const struct trie *t, const struct prefix *p, uint32_t *value)
{
	uint64_t k[2];
	key_of(p, k);
	const struct trie_node *above;
	uint32_t i = jump_start(t, p->family == 6, k, p->len, &above);
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (n->len > p->len || common_bits(n->key, k, n->len) < n->len)
			return false;
		if (n->len == p->len) {
			if (n->has_value && value)
				*value = n->value;
			return n->has_value;
		}
		i = n->child[key_bit(k, n->len)];
	}
	return false;
}

int trie_covering(const struct trie *t, const struct prefix *p, trie_visit_fn fn, void *ctx)
{
	uint64_t k[2];
	key_of(p, k);
	uint32_t i = t->root[p->family == 6];
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (n->len > p->len || common_bits(n->key, k, n->len) < n->len)
			break;
		if (n->has_value) {
			struct prefix q;
			prefix_of(n, &q);
			int r = fn(&q, n->value, ctx);
			if (r)
				return r;
		}
		if (n->len == p->len)
			break;
		i = n->child[key_bit(k, n->len)];
	}
	return 0;
}

bool trie_longest(const struct trie *t, const struct prefix *p, struct prefix *match,
                  uint32_t *value)
{
	uint64_t k[2];
	key_of(p, k);
	const struct trie_node *best = NULL;
	uint32_t i = jump_start(t, p->family == 6, k, p->len, &best);
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (n->len > p->len || common_bits(n->key, k, n->len) < n->len)
			break;
		if (n->has_value)
			best = n;
		if (n->len == p->len)
			break;
		i = n->child[key_bit(k, n->len)];
	}
	if (!best)
		return false;
	if (match)
		prefix_of(best, match);
	if (value)
		*value = best->value;
	return true;
}

static int visit_subtree(const struct trie *t, uint32_t i, trie_visit_fn fn, void *ctx)
{
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (n->has_value) {
			struct prefix q;
			prefix_of(n, &q);
			int r = fn(&q, n->value, ctx);
			if (r)
				return r;
		}
		if (n->child[0]) {
			int r = visit_subtree(t, n->child[0], fn, ctx);
			if (r)
				return r;
		}
		i = n->child[1]; /* loop instead of recursing on the right */
	}
	return 0;
}

/* Starts as trie_covering does (its twin), then walks below p instead. */
int trie_covered(const struct trie *t, const struct prefix *p, trie_visit_fn fn, void *ctx)
{
	uint64_t k[2];
	key_of(p, k);
	uint32_t i = t->root[p->family == 6];
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (n->len >= p->len) {
			if (common_bits(n->key, k, p->len) < p->len)
				return 0;
			return visit_subtree(t, i, fn, ctx);
		}
		if (common_bits(n->key, k, n->len) < n->len)
			return 0;
		i = n->child[key_bit(k, n->len)];
	}
	return 0;
}

int trie_walk(const struct trie *t, trie_visit_fn fn, void *ctx)
{
	int r = visit_subtree(t, t->root[0], fn, ctx);
	return r ? r : visit_subtree(t, t->root[1], fn, ctx);
}

size_t trie_memory(const struct trie *t)
{
	return (size_t)t->cap * sizeof(struct trie_node) +
	       (t->jump ? 4 * JUMP_SLOTS * sizeof *t->jump : 0);
}

/* Copy the subtree at old index i into dst in depth-first order, so that a
 * lookup walking down mostly touches neighbouring cache lines. */
static uint32_t relayout(const struct trie_node *src, struct trie_node *dst, uint32_t *next,
                         uint32_t i)
{
	if (!i)
		return 0;
	uint32_t at = (*next)++;
	dst[at] = src[i];
	/* Recursion depth is bounded by the key length (at most 129 levels). */
	dst[at].child[0] = relayout(src, dst, next, src[i].child[0]);
	dst[at].child[1] = relayout(src, dst, next, src[i].child[1]);
	return at;
}

int trie_compact(struct trie *t)
{
	if (!t->nodes)
		return 0;
	size_t live = 1; /* index 0 stays unused */
	for (uint32_t f = t->free_head; f; f = t->nodes[f].child[0])
		live++;
	live = t->used - live + 1;
	size_t cap = live + live / 8 + 64; /* some room for later inserts */
	struct trie_node *n = malloc(cap * sizeof *n);
	if (!n)
		return -1;
	memset(&n[0], 0, sizeof n[0]);
	uint32_t next = 1;
	t->root[0] = relayout(t->nodes, n, &next, t->root[0]);
	t->root[1] = relayout(t->nodes, n, &next, t->root[1]);
	free(t->nodes);
	t->nodes = n;
	t->cap = (uint32_t)cap;
	t->used = next;
	t->free_head = 0;
	if (t->jump)
		jump_build(t);
	return 0;
}
