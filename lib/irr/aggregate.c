/* SPDX-License-Identifier: ISC */
/* aggregate.c - bgpq4-compatible prefix tree: insertion builds the same
 * path-compressed shape as bgpq4's radix tree (glue nodes exactly where two
 * subtrees branch), and -R/-r/-A walk it with bgpq4's rules, because the
 * output of every format depends on that shape. */
#include "irr/aggregate.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define AGG_CHUNK_NODES 4096

struct agg_chunk {
	struct agg_chunk *next;
	size_t used;
	struct agg_node nodes[AGG_CHUNK_NODES];
};

void agg_tree_init(struct agg_tree *t, int family)
{
	memset(t, 0, sizeof(*t));
	t->family = family;
}

void agg_tree_free(struct agg_tree *t)
{
	struct agg_chunk *c = t->chunks;
	while (c) {
		struct agg_chunk *n = c->next;
		free(c);
		c = n;
	}
	t->chunks = NULL;
	t->head = NULL;
	t->nodes = 0;
}

bool agg_tree_empty(const struct agg_tree *t)
{
	return t->head == NULL;
}

/* Nodes are never freed one by one, so an arena keeps a 500k-prefix tree
 * to a few large allocations. */
static struct agg_node *node_new(struct agg_tree *t, const struct prefix *p)
{
	struct agg_chunk *c = t->chunks;
	if (!c || c->used == AGG_CHUNK_NODES) {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->next = t->chunks;
		c->used = 0;
		t->chunks = c;
	}
	struct agg_node *n = &c->nodes[c->used++];
	memset(n, 0, sizeof(*n));
	n->p = *p;
	t->nodes++;
	return n;
}

/* Number of leading bits a and b share, at most the shorter length. */
static unsigned common_bits(const struct prefix *a, const struct prefix *b)
{
	unsigned max = a->len < b->len ? a->len : b->len;
	unsigned i = 0;
	while (i + 8 <= max && a->addr[i >> 3] == b->addr[i >> 3])
		i += 8;
	while (i < max && prefix_bit(a, i) == prefix_bit(b, i))
		i++;
	return i;
}

struct agg_node *agg_insert(struct agg_tree *t, const struct prefix *p)
{
	if (p->family != t->family)
		return NULL;
	if (!t->head)
		return t->head = node_new(t, p);

	struct agg_node **link = &t->head, *cur = t->head;
	for (;;) {
		unsigned eb = common_bits(p, &cur->p);
		if (eb < p->len && eb < cur->p.len) {
			/* diverge below both: a glue node at the branch point */
			struct prefix gp = *p;
			gp.len = (uint8_t)eb;
			prefix_mask(&gp);
			struct agg_node *g = node_new(t, &gp), *n = node_new(t, p);
			if (!g || !n)
				return NULL;
			g->glue = true;
			if (prefix_bit(p, eb)) {
				g->l = cur;
				g->r = n;
			} else {
				g->l = n;
				g->r = cur;
			}
			g->parent = cur->parent;
			cur->parent = g;
			n->parent = g;
			*link = g;
			return n;
		}
		if (eb == p->len && eb < cur->p.len) {
			/* p covers cur: p takes cur's place, cur hangs below */
			struct agg_node *n = node_new(t, p);
			if (!n)
				return NULL;
			if (prefix_bit(&cur->p, eb))
				n->r = cur;
			else
				n->l = cur;
			n->parent = cur->parent;
			cur->parent = n;
			*link = n;
			return n;
		}
		if (eb == cur->p.len && eb < p->len) {
			struct agg_node **next = prefix_bit(p, eb) ? &cur->r : &cur->l;
			if (!*next) {
				struct agg_node *n = node_new(t, p);
				if (!n)
					return NULL;
				n->parent = cur;
				return *next = n;
			}
			link = next;
			cur = *next;
			continue;
		}
		/* same prefix: a glue node becomes real */
		cur->glue = false;
		return cur;
	}
}

static int insert_specifics(struct agg_tree *t, struct prefix p, unsigned min, unsigned max)
{
	if (p.len >= min && !agg_insert(t, &p))
		return -1;
	if (p.len + 1u > max)
		return 0;
	p.len++;
	if (insert_specifics(t, p, min, max) < 0)
		return -1;
	unsigned bit = p.len - 1u;
	p.addr[bit >> 3] |= (uint8_t)(0x80 >> (bit & 7));
	return insert_specifics(t, p, min, max);
}

int agg_insert_range(struct agg_tree *t, const struct prefix *p, unsigned min, unsigned max,
                     size_t limit, struct err *e)
{
	/* all lengths min..max below p: sum of 2^(k - p->len) */
	if (max >= p->len && max - p->len >= 40)
		return err_set(e, "prefix range too large");
	if (max >= p->len) {
		unsigned lo = min > p->len ? min : p->len;
		unsigned long long total = 0;
		for (unsigned k = lo; k <= max; k++)
			total += 1ULL << (k - p->len);
		if (limit && total > limit)
			return err_set(e, "prefix range expands to %llu prefixes (limit %zu)",
			               total, limit);
	}
	if (insert_specifics(t, *p, min, max) < 0)
		return err_set(e, "out of memory");
	return 0;
}

/* Parse the address part like bgpq4: a missing or out-of-range length means
 * a host route, host bits are cleared. */
static int parse_loose(const char *s, size_t n, struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	char *slash = strchr(buf, '/');
	long len = -1;
	if (slash) {
		*slash = 0;
		char *end;
		len = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end)
			return -1;
	}
	memset(p, 0, sizeof(*p));
	p->family = strchr(buf, ':') ? 6 : 4;
	if (inet_pton(p->family == 4 ? AF_INET : AF_INET6, buf, p->addr) != 1)
		return -1;
	unsigned max = prefix_maxlen(p->family);
	p->len = (uint8_t)((len < 0 || (unsigned long)len > max) ? max : (unsigned)len);
	prefix_mask(p);
	return 0;
}

static int parse_uint(const char **c, const char *end, unsigned *v)
{
	const char *s = *c;
	unsigned x = 0;
	while (*c < end && **c >= '0' && **c <= '9' && x < 1000)
		x = x * 10 + (unsigned)(*(*c)++ - '0');
	*v = x;
	return *c > s ? 0 : -1;
}

int agg_add_text(struct agg_tree *t, const char *s, size_t n, unsigned maxlen, struct err *e)
{
	const char *caret = memchr(s, '^', n);
	struct prefix p;
	if (parse_loose(s, caret ? (size_t)(caret - s) : n, &p) < 0)
		return err_set(e, "unable to parse prefix '%.*s'", (int)(n > 64 ? 64 : n), s);
	if (p.family != t->family)
		return 0;
	if (maxlen && p.len > maxlen)
		return 0;
	if (!caret)
		return agg_insert(t, &p) ? 1 : err_set(e, "out of memory");

	const char *c = caret + 1, *end = s + n;
	unsigned fmax = prefix_maxlen(p.family), min, max;
	unsigned lim = maxlen; /* bgpq4: no -m limit (or -m = family max) caps ^+ at 0 */
	if (c < end && *c == '-' && c + 1 == end) {
		min = p.len + 1u;
		max = lim;
	} else if (c < end && *c == '+' && c + 1 == end) {
		min = p.len;
		max = lim;
	} else if (parse_uint(&c, end, &min) == 0) {
		/* bgpq4 1.9 leaves the upper bound of "^n" unset; in practice
		 * nothing longer than the prefix itself is inserted */
		max = 0;
		if (c < end && *c == '-') {
			c++;
			if (parse_uint(&c, end, &max) < 0)
				return err_set(e, "bad prefix range '%.*s'", (int)n, s);
		}
		if (c != end)
			return err_set(e, "bad prefix range '%.*s'", (int)n, s);
	} else {
		return err_set(e, "bad prefix range '%.*s'", (int)n, s);
	}
	if (min < p.len || max > fmax)
		return err_set(e, "invalid prefix range '%.*s'", (int)n, s);
	if (max > lim)
		max = lim;
	if (agg_insert_range(t, &p, min, max, 1u << 24, e) < 0)
		return -1;
	return 1;
}

static void glue_up_to(struct agg_node *n, unsigned len)
{
	if (!n)
		return;
	if (n->p.len <= len)
		n->glue = true;
	glue_up_to(n->l, len);
	glue_up_to(n->r, len);
}

static void refine(struct agg_node *n, unsigned len)
{
	if (!n->glue && n->p.len < len) {
		n->aggregate = true;
		n->agg_lo = n->p.len;
		n->agg_hi = (uint8_t)len;
		if (n->l) {
			glue_up_to(n->l, len);
			refine(n->l, len);
		}
		if (n->r) {
			glue_up_to(n->r, len);
			refine(n->r, len);
		}
	} else if (n->glue || n->p.len == len) {
		if (n->l)
			refine(n->l, len);
		if (n->r)
			refine(n->r, len);
	}
	/* longer than len: passed as they are, and so is everything below */
}

void agg_refine(struct agg_tree *t, unsigned len)
{
	if (t->head)
		refine(t->head, len);
}

static void refine_low(struct agg_node *n, unsigned len)
{
	if (!n->glue && n->p.len <= len) {
		if (!n->aggregate) {
			n->aggregate = true;
			n->agg_hi = (uint8_t)prefix_maxlen(n->p.family);
		}
		n->agg_lo = (uint8_t)len;
		if (n->l) {
			glue_up_to(n->l, len);
			refine_low(n->l, len);
		}
		if (n->r) {
			glue_up_to(n->r, len);
			refine_low(n->r, len);
		}
	} else if (n->glue) {
		if (n->r)
			refine_low(n->r, len);
		if (n->l)
			refine_low(n->l, len);
	}
}

void agg_refine_low(struct agg_tree *t, unsigned len)
{
	if (t->head)
		refine_low(t->head, len);
}

/* A new son entry for n's prefix carrying the range lo..hi. */
static struct agg_node *son_new(struct agg_tree *t, struct agg_node *n, unsigned lo, unsigned hi)
{
	struct agg_node *s = node_new(t, &n->p);
	if (!s)
		return NULL;
	s->aggregate = true;
	s->agg_lo = (uint8_t)lo;
	s->agg_hi = (uint8_t)hi;
	return s;
}

static bool same_range(const struct agg_node *a, const struct agg_node *b)
{
	return a->agg_hi == b->agg_hi && a->agg_lo == b->agg_lo;
}

/* bgpq4's bottom-up merge: two exact halves become their parent with a
 * range; two equal ranges one level down become the parent's range (or a
 * son entry when the parent is a real prefix of its own). */
static int aggregate(struct agg_tree *t, struct agg_node *n)
{
	if (n->l && aggregate(t, n->l) < 0)
		return -1;
	if (n->r && aggregate(t, n->r) < 0)
		return -1;
	if (!n->l || !n->r)
		return 0;
	struct agg_node *l = n->l, *r = n->r;
	bool halves = r->p.len == n->p.len + 1 && l->p.len == n->p.len + 1;

	if (!r->aggregate && !l->aggregate && !r->glue && !l->glue && r->p.len == l->p.len) {
		if (r->p.len == n->p.len + 1) {
			n->aggregate = true;
			r->glue = l->glue = true;
			n->agg_hi = r->p.len;
			if (n->glue) {
				n->glue = false;
				n->agg_lo = r->p.len;
			} else {
				n->agg_lo = n->p.len;
			}
		}
		if (r->son && l->son && r->son->aggregate && l->son->aggregate &&
		    same_range(r->son, l->son) && halves) {
			if (!(n->son = son_new(t, n, r->son->agg_lo, r->son->agg_hi)))
				return -1;
			r->son->glue = l->son->glue = true;
		}
	} else if (r->aggregate && l->aggregate && same_range(r, l)) {
		if (!halves)
			return 0;
		if (n->glue) {
			r->glue = l->glue = true;
			n->aggregate = true;
			n->glue = false;
			n->agg_hi = r->agg_hi;
			n->agg_lo = r->agg_lo;
		} else if (r->p.len == r->agg_lo) {
			r->glue = l->glue = true;
			n->aggregate = true;
			n->agg_hi = r->agg_hi;
			n->agg_lo = n->p.len;
		} else {
			if (!(n->son = son_new(t, n, r->agg_lo, r->agg_hi)))
				return -1;
			r->glue = l->glue = true;
			if (r->son && l->son && same_range(r->son, l->son)) {
				n->son->son = son_new(t, n, r->son->agg_lo, r->son->agg_hi);
				if (!n->son->son)
					return -1;
				r->son->glue = l->son->glue = true;
			}
		}
	} else if (l->son && r->aggregate && l->son->aggregate && same_range(r, l->son)) {
		if (!halves)
			return 0;
		if (n->glue) {
			r->glue = l->son->glue = true;
			n->aggregate = true;
			n->glue = false;
			n->agg_hi = r->agg_hi;
			n->agg_lo = r->agg_lo;
		} else {
			if (!(n->son = son_new(t, n, r->agg_lo, r->agg_hi)))
				return -1;
			r->glue = l->son->glue = true;
		}
	} else if (r->son && l->aggregate && r->son->aggregate && same_range(l, r->son)) {
		if (!halves)
			return 0;
		if (n->glue) {
			l->glue = r->son->glue = true;
			n->aggregate = true;
			n->glue = false;
			n->agg_hi = l->agg_hi;
			n->agg_lo = l->agg_lo;
		} else {
			if (!(n->son = son_new(t, n, l->agg_lo, l->agg_hi)))
				return -1;
			l->glue = r->son->glue = true;
		}
	}
	return 0;
}

void agg_aggregate(struct agg_tree *t)
{
	if (t->head)
		(void)aggregate(t, t->head);
}

static void visit_entry(const struct agg_node *n, bool with_sons, agg_visit_fn fn, void *ctx)
{
	for (; n; n = with_sons ? n->son : NULL) {
		if (n->glue)
			continue;
		struct agg_entry e = {&n->p, n->aggregate, n->agg_lo, n->agg_hi};
		fn(&e, ctx);
	}
}

static void walk(const struct agg_node *n, bool with_sons, agg_visit_fn fn, void *ctx)
{
	visit_entry(n, with_sons, fn, ctx);
	if (n->l)
		walk(n->l, with_sons, fn, ctx);
	if (n->r)
		walk(n->r, with_sons, fn, ctx);
}

void agg_foreach(const struct agg_tree *t, bool with_sons, agg_visit_fn fn, void *ctx)
{
	if (t->head)
		walk(t->head, with_sons, fn, ctx);
}

static void count_one(const struct agg_entry *e, void *ctx)
{
	(void)e;
	(*(size_t *)ctx)++;
}

size_t agg_count(const struct agg_tree *t)
{
	size_t n = 0;
	agg_foreach(t, true, count_one, &n);
	return n;
}
