/* SPDX-License-Identifier: ISC */
/* scan_table.c - resolve overlapping prefixes into flat address ranges. */
#include "sav/scan_table.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/trie.h"
#include "policy/bogon.h"

/* Sources no packet may carry on any link (RFC 1122, RFC 4291). */
static const char *const martians[] = {
    "0.0.0.0/8", "127.0.0.0/8", "224.0.0.0/4",   "240.0.0.0/4",
    "::/128",    "::1/128",     "::ffff:0:0/96", "ff00::/8",
};

size_t sav_martians(const char *const **tab)
{
	*tab = martians;
	return sizeof martians / sizeof martians[0];
}

/* What one prefix says, before and after folding in its covering ones. */
struct attr {
	struct prefix pfx;
	int8_t bogon; /* -1 unset, 0 special-purpose but routed, 1 bogon */
	bool martian;
};

struct build {
	struct trie trie;
	struct attr *attr;
	size_t n, cap;
	uint64_t *bits; /* words per attr */
	size_t capbits, words;
	struct err *e;
};

/* The entry for p, created empty when new; -1 when out of memory. */
static long entry(struct build *b, const struct prefix *p)
{
	uint32_t v;
	if (trie_get(&b->trie, p, &v))
		return v;
	struct attr *a = GROW(b->attr, b->cap, b->n + 1);
	if (!a)
		return err_set(b->e, "out of memory");
	b->attr = a;
	uint64_t *bits = grow(b->bits, &b->capbits, (b->n + 1) * b->words, sizeof *bits);
	if (!bits)
		return err_set(b->e, "out of memory");
	b->bits = bits;
	memset(bits + b->n * b->words, 0, b->words * sizeof *bits);
	b->attr[b->n] = (struct attr){.pfx = *p, .bogon = -1};
	if (trie_insert(&b->trie, p, (uint32_t)b->n, NULL) < 0)
		return err_set(b->e, "out of memory");
	return (long)b->n++;
}

static int add_rules(struct build *b, const struct sav_filters *f, bool bogons)
{
	const char *const *m;
	size_t nm = sav_martians(&m);
	for (size_t i = 0; i < nm; i++) {
		struct prefix p;
		long k;
		if (prefix_parse(m[i], &p, b->e) < 0 || (k = entry(b, &p)) < 0)
			return -1;
		b->attr[k].martian = true;
	}
	const struct bogon_builtin *tab;
	size_t nb = bogons ? bogon_builtin_prefixes(&tab) : 0;
	for (size_t i = 0; i < nb; i++) {
		struct prefix p;
		long k;
		if (prefix_parse(tab[i].prefix, &p, b->e) < 0 || (k = entry(b, &p)) < 0)
			return -1;
		b->attr[k].bogon = tab[i].bogon;
	}
	for (size_t c = 0; c < f->n; c++)
		for (size_t j = 0; j < f->cust[c].npfx; j++) {
			long k = entry(b, &f->cust[c].pfx[j]);
			if (k < 0)
				return -1;
			b->bits[(size_t)k * b->words + c / 64] |= 1ull << (c % 64);
		}
	return 0;
}

/* Fold one covering entry (visited shortest first) into the class. */
struct fold {
	struct build *b;
	uint8_t flags;
	uint64_t *bits;
};

static int fold_one(const struct prefix *p, uint32_t v, void *ctx)
{
	struct fold *fo = ctx;
	const struct attr *a = &fo->b->attr[v];
	if (a->martian)
		fo->flags |= SAV_CLS_MARTIAN;
	if (a->bogon >= 0) /* the most specific decision wins */
		fo->flags =
		    (uint8_t)((fo->flags & ~SAV_CLS_BOGON) | (a->bogon ? SAV_CLS_BOGON : 0));
	for (size_t w = 0; w < fo->b->words; w++)
		fo->bits[w] |= fo->b->bits[(size_t)v * fo->b->words + w];
	return 0;
}

/* Class v + 1 for every entry v; class 0 is plain, unclaimed space. */
static int make_classes(struct sav_table *t, struct build *b)
{
	t->nclass = b->n + 1;
	t->words = b->words;
	t->flags = calloc(t->nclass, 1);
	t->bits = calloc(t->nclass * t->words, sizeof *t->bits);
	if (!t->flags || !t->bits)
		return err_set(b->e, "out of memory");
	for (size_t v = 0; v < b->n; v++) {
		struct fold fo = {b, 0, t->bits + (v + 1) * t->words};
		trie_covering(&b->trie, &b->attr[v].pfx, fold_one, &fo);
		for (size_t w = 0; w < t->words; w++)
			if (fo.bits[w])
				fo.flags |= SAV_CLS_CUSTOMER;
		t->flags[v + 1] = fo.flags;
	}
	return 0;
}

static struct sav_u128 u128_of(const struct prefix *p)
{
	struct sav_u128 x = {0, 0};
	for (int i = 0; i < 8; i++) {
		x.hi = x.hi << 8 | p->addr[i];
		x.lo = x.lo << 8 | p->addr[8 + i];
	}
	return x;
}

static struct prefix host_of(int family, struct sav_u128 x)
{
	struct prefix p = {.family = (uint8_t)family, .len = family == 4 ? 32 : 128};
	if (family == 4) {
		for (int i = 0; i < 4; i++)
			p.addr[i] = (uint8_t)(x.lo >> (24 - 8 * i));
		return p;
	}
	for (int i = 0; i < 8; i++) {
		p.addr[i] = (uint8_t)(x.hi >> (56 - 8 * i));
		p.addr[8 + i] = (uint8_t)(x.lo >> (56 - 8 * i));
	}
	return p;
}

/* Start and one past the end of p as 128-bit numbers (IPv4 in lo);
 * returns false for the end when it wraps around the family's space. */
static bool bounds(const struct prefix *p, struct sav_u128 *start, struct sav_u128 *after)
{
	if (p->family == 4) {
		uint64_t s = (uint64_t)p->addr[0] << 24 | (uint64_t)p->addr[1] << 16 |
		             (uint64_t)p->addr[2] << 8 | p->addr[3];
		*start = (struct sav_u128){0, s};
		*after = (struct sav_u128){0, s + (1ull << (32 - p->len))};
		return after->lo <= UINT32_MAX;
	}
	*start = u128_of(p);
	*after = *start;
	if (p->len <= 64) {
		uint64_t step = p->len == 0 ? 0 : 1ull << (64 - p->len);
		after->hi += step;
		after->lo = 0;
		return p->len > 0 && after->hi > start->hi;
	}
	after->lo += 1ull << (128 - p->len);
	if (after->lo < start->lo && ++after->hi == 0)
		return false;
	return true;
}

static int u128_cmp(const void *a, const void *b)
{
	const struct sav_u128 *x = a, *y = b;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Range starts of one family: 0 and every prefix start and end + 1,
 * sorted and unique. */
static struct sav_u128 *boundaries(const struct build *b, int family, size_t *n)
{
	struct sav_u128 *v = malloc((2 * b->n + 1) * sizeof *v);
	if (!v)
		return NULL;
	size_t k = 0;
	v[k++] = (struct sav_u128){0, 0};
	for (size_t i = 0; i < b->n; i++) {
		if (b->attr[i].pfx.family != family)
			continue;
		struct sav_u128 s, a;
		bool has_after = bounds(&b->attr[i].pfx, &s, &a);
		v[k++] = s;
		if (has_after)
			v[k++] = a;
	}
	qsort(v, k, sizeof *v, u128_cmp);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (u == 0 || u128_cmp(&v[u - 1], &v[i]))
			v[u++] = v[i];
	*n = u;
	return v;
}

/* Fill the range arrays of one family, merging neighbours of one class. */
static int ranges(struct sav_table *t, struct build *b, int family)
{
	size_t n = 0;
	struct sav_u128 *v = boundaries(b, family, &n);
	uint32_t *cls = malloc((n + 1) * sizeof *cls);
	uint32_t *s4 = family == 4 ? malloc((n + 1) * sizeof *s4) : NULL;
	if (!v || !cls || (family == 4 && !s4)) {
		free(v);
		free(cls);
		free(s4);
		return err_set(b->e, "out of memory");
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct prefix h = host_of(family, v[i]);
		uint32_t val;
		uint32_t c = trie_longest(&b->trie, &h, NULL, &val) ? val + 1 : 0;
		if (k && cls[k - 1] == c)
			continue;
		cls[k] = c;
		v[k] = v[i];
		if (s4)
			s4[k] = (uint32_t)v[i].lo;
		k++;
	}
	if (family == 4) {
		free(v);
		t->start4 = s4;
		t->cls4 = cls;
		t->n4 = k;
	} else {
		t->start6 = v;
		t->cls6 = cls;
		t->n6 = k;
	}
	return 0;
}

/* The first-level index of the IPv4 ranges (see bucket4). */
static int buckets4(struct sav_table *t, struct err *e)
{
	t->bucket4 = malloc(65537 * sizeof *t->bucket4);
	if (!t->bucket4)
		return err_set(e, "out of memory");
	size_t r = 0;
	for (uint32_t b = 0; b < 65536; b++) {
		while (r + 1 < t->n4 && t->start4[r + 1] <= b << 16)
			r++;
		t->bucket4[b] = (uint32_t)r;
	}
	t->bucket4[65536] = (uint32_t)(t->n4 - 1);
	return 0;
}

int sav_table_build(struct sav_table *t, const struct sav_filters *f, bool bogons, struct err *e)
{
	struct build b = {.words = f->n / 64 + 1, .e = e};
	memset(t, 0, sizeof *t);
	trie_init(&b.trie);
	int rc = add_rules(&b, f, bogons);
	if (rc == 0)
		rc = make_classes(t, &b);
	if (rc == 0)
		rc = ranges(t, &b, 4);
	if (rc == 0)
		rc = ranges(t, &b, 6);
	if (rc == 0)
		rc = buckets4(t, e);
	trie_free(&b.trie);
	free(b.attr);
	free(b.bits);
	if (rc < 0)
		sav_table_free(t);
	return rc;
}

void sav_table_free(struct sav_table *t)
{
	free(t->start4);
	free(t->bucket4);
	free(t->cls4);
	free(t->start6);
	free(t->cls6);
	free(t->flags);
	free(t->bits);
	memset(t, 0, sizeof *t);
}
