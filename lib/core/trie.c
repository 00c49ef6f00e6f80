/* trie.c - path-compressed binary trie over 128-bit keys, both families. */
#include "core/trie.h"

#include <stdlib.h>
#include <string.h>

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
	free(t->nodes);
	trie_init(t);
}

static int grow(struct trie *t, size_t need)
{
	if (t->used + need <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 64;
	while (cap < t->used + need)
		cap *= 2;
	if (cap > UINT32_MAX)
		return -1;
	struct trie_node *n = realloc(t->nodes, cap * sizeof *n);
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
	return grow(t, 2 * n + 1);
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

int trie_insert(struct trie *t, const struct prefix *p, uint32_t value, uint32_t *old)
{
	/* Reserve first: node pointers below must not move under us. */
	if (grow(t, 2) < 0)
		return -1;
	uint64_t k[2];
	key_of(p, k);
	unsigned len = p->len;
	uint32_t *slot = &t->root[p->family == 6];
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
		return 1;
	}
	uint32_t i = node_new(t, k, len, p->family);
	t->nodes[i].value = value;
	t->nodes[i].has_value = 1;
	*slot = i;
	t->count++;
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
	/* Splice out nodes that no longer carry a value or a fork. */
	while (depth > 0) {
		uint32_t *s = path[--depth];
		uint32_t i = *s;
		struct trie_node *m = &t->nodes[i];
		if (m->has_value || (m->child[0] && m->child[1]))
			break;
		*s = m->child[0] ? m->child[0] : m->child[1];
		node_free(t, i);
	}
	return 1;
}

bool trie_get(const struct trie *t, const struct prefix *p, uint32_t *value)
{
	uint64_t k[2];
	key_of(p, k);
	uint32_t i = t->root[p->family == 6];
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
	uint32_t i = t->root[p->family == 6];
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
	return (size_t)t->cap * sizeof(struct trie_node);
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
	return 0;
}
