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

struct origin_match {
	uint32_t asn;
	bool found;
};

static int same_origin(const struct irr_route *r, void *ctx)
{
	struct origin_match *m = ctx;
	if (r->origin != m->asn)
		return 0;
	m->found = true;
	return 1;
}

static bool irr_covers(const struct irr_db *db, const struct prefix *p, uint32_t asn)
{
	struct origin_match m = {asn, false};
	irr_db_routes_by_prefix(db, p, IRR_MATCH_LESS_ALL, NULL, same_origin, &m);
	return m.found;
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
		r->irr = irr_covers(w->irr, &r->pfx, asn);
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
