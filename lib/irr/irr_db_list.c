/* SPDX-License-Identifier: ISC */
/* irr_db_list.c - result lists (ASNs, prefixes, ranges): add, sort and
 * deduplicate, format, free. */
#include "irr/irr_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "irr/irr_internal.h"

/* --- result lists --- */

#define LIST_ADD(l, x)                                                                             \
	do {                                                                                       \
		void *nv = GROW((l)->v, (l)->cap, (l)->n + 1);                                     \
		if (!nv)                                                                           \
			return -1;                                                                 \
		(l)->v = nv;                                                                       \
		(l)->v[(l)->n++] = (x);                                                            \
		return 0;                                                                          \
	} while (0)

int irr_asns_add(struct irr_asns *l, uint32_t asn)
{
	LIST_ADD(l, asn);
}

int irr_prefixes_add(struct irr_prefixes *l, const struct prefix *p)
{
	LIST_ADD(l, *p);
}

int irr_ranges_add(struct irr_ranges *l, const struct irr_range *r)
{
	LIST_ADD(l, *r);
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* prefix_cmp's order (family, address, length) without the memcmp call:
 * sorting the prefixes of a 40k-AS set is the hot part of !a answers. */
static int pfx_cmp(const void *a, const void *b)
{
	const struct prefix *x = a, *y = b;
	uint64_t u, v;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	u = be64(x->addr);
	v = be64(y->addr);
	if (u != v)
		return u < v ? -1 : 1;
	u = be64(x->addr + 8);
	v = be64(y->addr + 8);
	if (u != v)
		return u < v ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

static int range_cmp(const void *a, const void *b)
{
	const struct irr_range *x = a, *y = b;
	int c = prefix_cmp(&x->p, &y->p);

	if (c)
		return c;
	if (x->lo != y->lo)
		return x->lo - y->lo;
	return x->hi - y->hi;
}

/* Sort and drop adjacent duplicates of an array of n elements. */
static size_t sort_unique(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *b = v;
	size_t w = 0;

	if (n < 2)
		return n;
	qsort(v, n, size, cmp);
	for (size_t i = 1; i < n; i++)
		if (cmp(b + w * size, b + i * size) != 0) {
			w++;
			if (w != i)
				memcpy(b + w * size, b + i * size, size);
		}
	return w + 1;
}

void irr_asns_sort_unique(struct irr_asns *l)
{
	l->n = sort_unique(l->v, l->n, sizeof *l->v, u32_cmp);
}

void irr_prefixes_sort_unique(struct irr_prefixes *l)
{
	l->n = sort_unique(l->v, l->n, sizeof *l->v, pfx_cmp);
}

void irr_ranges_sort_unique(struct irr_ranges *l)
{
	l->n = sort_unique(l->v, l->n, sizeof *l->v, range_cmp);
}

void irr_range_format(const struct irr_range *r, char *buf, size_t n)
{
	char pfx[PREFIX_STRLEN];
	unsigned max = prefix_maxlen(r->p.family), len = r->p.len;

	prefix_format(&r->p, pfx, sizeof pfx);
	if (r->lo == len && r->hi == len)
		snprintf(buf, n, "%s", pfx);
	else if (r->lo == len + 1 && r->hi == max)
		snprintf(buf, n, "%s^-", pfx);
	else if (r->lo == len && r->hi == max)
		snprintf(buf, n, "%s^+", pfx);
	else if (r->lo == r->hi)
		snprintf(buf, n, "%s^%u", pfx, r->lo);
	else
		snprintf(buf, n, "%s^%u-%u", pfx, r->lo, r->hi);
}

void irr_asns_free(struct irr_asns *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

void irr_prefixes_free(struct irr_prefixes *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

void irr_ranges_free(struct irr_ranges *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}
