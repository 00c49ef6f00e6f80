/* SPDX-License-Identifier: ISC */
/* check_global.c - Action 4 (global validation): M7IRR, M7RPKI and M8.
 *
 * The routes are the (prefix, origin) pairs the AS announced in the MRT
 * data. M7IRR: a route object (route/route6) with the same origin covers
 * the prefix (exact or less specific: more-specifics of a registered route
 * count as registered). M7RPKI: RFC 6811 state of each route against the
 * VRPs. M8: the share of the AS's neighbours (adjacent in the paths) that
 * its aut-num's import/export lines name (counted in check_coordination.c). */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "irr/irr_db.h"

/* -1, 0, 1 as route r's prefix sorts before, equal to, after q. */
static int route_vs(const struct irr_route *r, const struct prefix *q)
{
	struct prefix rp;
	irr_route_prefix(r, &rp);
	return prefix_cmp(&rp, q);
}

/* Is q exactly one of the (prefix-sorted) routes v[0..n)? */
static bool has_exact(const struct irr_route *v, size_t n, const struct prefix *q)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = route_vs(&v[mid], q);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool ck_irr_covers(const struct irr_db *db, const struct prefix *p, uint32_t asn)
{
	size_t n;
	const struct irr_route *v = irr_db_routes_by_origin(db, asn, p->family, &n);
	if (n <= 32) { /* most origins have a handful of objects */
		for (size_t i = 0; i < n; i++) {
			struct prefix q;
			irr_route_prefix(&v[i], &q);
			if (prefix_contains(&q, p))
				return true;
		}
		return false;
	}
	for (int l = p->len; l >= 0; l--) {
		struct prefix q = *p;
		q.len = (uint8_t)l;
		prefix_mask(&q);
		if (has_exact(v, n, &q))
			return true;
	}
	return false;
}

static void judge(const struct check_world *w, struct check_route *r, uint32_t asn)
{
	if (w->have_vrps) {
		const struct vrp *v[8];
		size_t nv = 0;
		enum rov_reason why = ROV_WHY_NONE;
		r->rov = (uint8_t)rov_validate_detail(&w->rov, &r->pfx, asn, v, 8, &nv, &why);
		r->rov_why = (uint8_t)why;
		for (size_t i = 0; i < nv && i < 8; i++)
			if (v[i]->asn == asn && v[i]->maxlen > r->maxlen)
				r->maxlen = v[i]->maxlen;
	}
	if (w->irr)
		r->irr = ck_irr_covers(w->irr, &r->pfx, asn);
}

int ck_global(const struct check_world *w, struct check_as *a, struct err *e)
{
	size_t n;
	const struct ck_route *rs = ck_routes_of(w, a->asn, &n);
	a->routes = calloc(n ? n : 1, sizeof *a->routes);
	if (!a->routes)
		return err_set(e, "out of memory");
	a->nroutes = n;
	for (size_t i = 0; i < n; i++) {
		struct check_route *r = &a->routes[i];
		r->pfx = rs[i].pfx;
		judge(w, r, a->asn);
		a->rov[r->rov < 3 ? r->rov : 0]++;
		a->irr_registered += r->irr;
	}
	return 0;
}
