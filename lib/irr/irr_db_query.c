/* SPDX-License-Identifier: ISC */
/* irr_db_query.c - route lookups in a finished IRR database: by origin,
 * by prefix (exact, more and less specific), prefixes of many ASNs. */
#include "irr/irr_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irr/irr_internal.h"

/* --- routes --- */

void irr_route_prefix(const struct irr_route *r, struct prefix *p)
{
	p->family = r->family;
	p->len = r->len;
	memcpy(p->addr, r->addr, 16);
}

size_t irr_route_format(const struct irr_db *db, const struct irr_route *r, char *buf, size_t n)
{
	char pfx[PREFIX_STRLEN];
	struct prefix p;
	int len;

	irr_route_prefix(r, &p);
	prefix_format(&p, pfx, sizeof pfx);
	len = snprintf(buf, n, "%-16s%s\n%-16sAS%u\n", r->family == 4 ? "route:" : "route6:", pfx,
	               "origin:", r->origin);
	if (len < 0)
		return 0;
	if (r->mnt)
		len += snprintf((size_t)len < n ? buf + len : NULL,
		                (size_t)len < n ? n - (size_t)len : 0, "%-16s%s\n",
		                "mnt-by:", irr_names_str(&db->names, r->mnt));
	len += snprintf((size_t)len < n ? buf + len : NULL, (size_t)len < n ? n - (size_t)len : 0,
	                "%-16s%s\n", "source:", db->srcname[r->source]);
	return (size_t)len;
}

const struct irr_route *irr_db_routes_by_origin(const struct irr_db *db, uint32_t asn, int family,
                                                size_t *n)
{
	size_t lo = 0, hi = db->nroutes, first;
	int fmin = family ? family : 4, fmax = family ? family : 6;

	/* lower bound of (asn, fmin) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct irr_route *r = &db->routes[mid];

		if (r->origin < asn || (r->origin == asn && r->family < fmin))
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	hi = db->nroutes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct irr_route *r = &db->routes[mid];

		if (r->origin < asn || (r->origin == asn && r->family <= fmax))
			lo = mid + 1;
		else
			hi = mid;
	}
	*n = lo - first;
	return *n ? &db->routes[first] : NULL;
}

/* Compare the prefix of route index i with p (family, address, length). */
static int prefix_vs(const struct irr_db *db, uint32_t i, const struct prefix *p)
{
	const struct irr_route *r = &db->routes[db->by_prefix[i]];
	int c;

	if (r->family != p->family)
		return r->family < p->family ? -1 : 1;
	c = memcmp(r->addr, p->addr, 16);
	if (c)
		return c;
	return r->len < p->len ? -1 : r->len > p->len;
}

/* First by_prefix position whose prefix is >= p. */
static size_t prefix_lower(const struct irr_db *db, const struct prefix *p)
{
	size_t lo = 0, hi = db->nroutes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (prefix_vs(db, (uint32_t)mid, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Visit the routes with exactly prefix p; returns count visited or -1 when
 * fn stopped (its value in *stop). */
static int visit_exact(const struct irr_db *db, const struct prefix *p,
                       const struct irr_sources *sel,
                       int (*fn)(const struct irr_route *r, void *ctx), void *ctx, int *stop)
{
	int count = 0;

	for (size_t i = prefix_lower(db, p); i < db->nroutes && !prefix_vs(db, (uint32_t)i, p);
	     i++) {
		const struct irr_route *r = &db->routes[db->by_prefix[i]];

		if (!irr_sources_has(sel, r->source))
			continue;
		count++;
		if ((*stop = fn(r, ctx)) != 0)
			return -1;
	}
	return count;
}

int irr_db_routes_by_prefix(const struct irr_db *db, const struct prefix *p, enum irr_match m,
                            const struct irr_sources *sel,
                            int (*fn)(const struct irr_route *r, void *ctx), void *ctx)
{
	int stop = 0;

	switch (m) {
	case IRR_MATCH_EXACT:
		visit_exact(db, p, sel, fn, ctx, &stop);
		return stop;
	case IRR_MATCH_LESS_ONE:
	case IRR_MATCH_LESS_ALL: {
		int top = m == IRR_MATCH_LESS_ALL ? p->len : p->len - 1;

		/* shortest first for ,L; for ,l the longest that has routes */
		if (m == IRR_MATCH_LESS_ONE) {
			for (int l = top; l >= 0; l--) {
				struct prefix q = *p;

				q.len = (uint8_t)l;
				prefix_mask(&q);
				if (visit_exact(db, &q, sel, fn, ctx, &stop) != 0)
					return stop;
			}
			return 0;
		}
		for (int l = 0; l <= top; l++) {
			struct prefix q = *p;

			q.len = (uint8_t)l;
			prefix_mask(&q);
			if (visit_exact(db, &q, sel, fn, ctx, &stop) < 0)
				return stop;
		}
		return 0;
	}
	case IRR_MATCH_MORE_ALL:
		for (size_t i = prefix_lower(db, p); i < db->nroutes; i++) {
			const struct irr_route *r = &db->routes[db->by_prefix[i]];
			struct prefix q;

			irr_route_prefix(r, &q);
			if (!prefix_contains(p, &q))
				break;
			if (q.len == p->len || !irr_sources_has(sel, r->source))
				continue;
			if ((stop = fn(r, ctx)) != 0)
				return stop;
		}
		return 0;
	}
	return 0;
}

int irr_db_prefixes_by_asns(const struct irr_db *db, const uint32_t *asns, size_t n, int family,
                            const struct irr_sources *sel, struct irr_prefixes *out)
{
	for (size_t i = 0; i < n; i++) {
		size_t k;
		const struct irr_route *r = irr_db_routes_by_origin(db, asns[i], family, &k);

		for (size_t j = 0; j < k; j++) {
			struct prefix p;

			if (!irr_sources_has(sel, r[j].source))
				continue;
			irr_route_prefix(&r[j], &p);
			if (irr_prefixes_add(out, &p) < 0)
				return -1;
		}
	}
	irr_prefixes_sort_unique(out);
	return 0;
}
