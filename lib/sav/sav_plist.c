/* SPDX-License-Identifier: ISC */
/* sav_plist.c - prefix lists: exact aggregation and set arithmetic. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "sav/sav_plist.h"

int sav_plist_add(struct sav_plist *l, const struct prefix *p)
{
	struct prefix *v = GROW(l->v, l->cap, l->n + 1);
	if (!v)
		return -1;
	l->v = v;
	l->v[l->n++] = *p;
	return 0;
}

int sav_plist_add_all(struct sav_plist *l, const struct sav_plist *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (sav_plist_add(l, &src->v[i]) < 0)
			return -1;
	return 0;
}

void sav_plist_free(struct sav_plist *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int cmp_prefix(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* True when a and b are the two halves of one parent. */
static bool siblings(const struct prefix *a, const struct prefix *b)
{
	if (a->family != b->family || a->len != b->len || a->len == 0)
		return false;
	struct prefix pa = *a, pb = *b;
	pa.len = pb.len = a->len - 1;
	prefix_mask(&pa);
	prefix_mask(&pb);
	return prefix_equal(&pa, &pb) && prefix_bit(a, a->len - 1) != prefix_bit(b, b->len - 1);
}

static void widen(struct sav_plist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		unsigned max = l->v[i].family == 4 ? SAV_WIDEN_V4 : SAV_WIDEN_V6;
		if (l->v[i].len > max) {
			l->v[i].len = max;
			prefix_mask(&l->v[i]);
		}
	}
}

/* The list is sorted, so a prefix covered by another comes right after the
 * last kept one that covers it, and two siblings meet on top of the stack;
 * a merged parent can only merge again with what is below it. */
void sav_plist_aggregate(struct sav_plist *l, bool widen_long)
{
	if (widen_long)
		widen(l);
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_prefix);
	size_t top = 0; /* stack l->v[0..top) */
	for (size_t i = 0; i < l->n; i++) {
		struct prefix p = l->v[i];
		if (top && prefix_contains(&l->v[top - 1], &p))
			continue;
		while (top && siblings(&l->v[top - 1], &p)) {
			p.len--;
			prefix_mask(&p);
			top--;
		}
		l->v[top++] = p;
	}
	l->n = top;
}

/* Index of the first entry not ordered before p. */
static size_t lower_bound(const struct sav_plist *l, const struct prefix *p)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (prefix_cmp(&l->v[mid], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* In an aggregated list every address sits in one entry, and a union of
 * entries that covered p whole would have been merged into one. */
bool sav_plist_covers(const struct sav_plist *l, const struct prefix *p)
{
	size_t i = lower_bound(l, p);
	if (i < l->n && prefix_contains(&l->v[i], p))
		return true;
	return i > 0 && prefix_contains(&l->v[i - 1], p);
}

static double prefix_space(const struct prefix *p)
{
	return ldexp(1.0, (p->family == 4 ? 32 : 64) - (int)p->len);
}

double sav_plist_space(const struct sav_plist *l, int family)
{
	double s = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].family == family)
			s += prefix_space(&l->v[i]);
	return s;
}

/* Space of x shared with aggregated b: the entry containing x, or the
 * entries x contains (which follow x in order). */
static double overlap(const struct prefix *x, const struct sav_plist *b)
{
	size_t i = lower_bound(b, x);
	if (i > 0 && prefix_contains(&b->v[i - 1], x))
		return prefix_space(x);
	double s = 0;
	for (; i < b->n && prefix_contains(x, &b->v[i]); i++)
		s += prefix_space(&b->v[i]);
	return s;
}

double sav_plist_space_minus(const struct sav_plist *a, const struct sav_plist *b, int family)
{
	double s = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].family == family)
			s += prefix_space(&a->v[i]) - overlap(&a->v[i], b);
	return s;
}

int sav_plist_not_covered(const struct sav_plist *a, const struct sav_plist *b,
                          struct sav_plist *out)
{
	for (size_t i = 0; i < a->n; i++)
		if (!sav_plist_covers(b, &a->v[i]) && sav_plist_add(out, &a->v[i]) < 0)
			return -1;
	return 0;
}

size_t sav_plist_count(const struct sav_plist *l, int family)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].family == family;
	return n;
}
