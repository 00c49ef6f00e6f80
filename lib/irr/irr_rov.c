/* SPDX-License-Identifier: ISC */
/* irr_rov.c - RPKI-aware mode: drop route objects that are RPKI-invalid
 * (RFC 6811) against a VRP set, as IRRd 4 does. Works on the finished,
 * sorted VRP array directly, so it needs nothing but rpki_set.h's layout. */
#include <stdlib.h>
#include <string.h>

#include "irr/irr_db.h"
#include "irr/irr_internal.h"
#include "rpki/rpki_set.h"

/* Compare a VRP's prefix with (family, addr, len). */
static int vrp_vs(const struct vrp *v, int family, const uint8_t *addr, unsigned len)
{
	int c;

	if (v->family != family)
		return v->family < family ? -1 : 1;
	c = memcmp(v->addr, addr, 16);
	if (c)
		return c;
	return v->len < len ? -1 : v->len > len;
}

/* 1 invalid, 0 valid or not found. */
static int route_invalid(const struct rpki_set *vs, const struct irr_route *r)
{
	int covered = 0;

	for (unsigned l = 0; l <= r->len; l++) {
		struct prefix q = {.family = r->family, .len = (uint8_t)l};
		size_t lo = 0, hi = vs->nvrps;

		memcpy(q.addr, r->addr, 16);
		prefix_mask(&q);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (vrp_vs(&vs->vrps[mid], q.family, q.addr, q.len) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < vs->nvrps && !vrp_vs(&vs->vrps[lo], q.family, q.addr, q.len); lo++) {
			covered = 1;
			if (vs->vrps[lo].asn && vs->vrps[lo].asn == r->origin &&
			    r->len <= vs->vrps[lo].maxlen)
				return 0;
		}
	}
	return covered;
}

long irr_db_drop_rpki_invalid(struct irr_db *db, const struct rpki_set *vrps, struct err *e)
{
	uint32_t *newidx;
	size_t w = 0, dropped;

	if (!db->finished)
		return err_set(e, "RPKI filtering needs a finished database");
	newidx = malloc((db->nroutes ? db->nroutes : 1) * sizeof *newidx);
	if (!newidx)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < db->nroutes; i++) {
		if (route_invalid(vrps, &db->routes[i])) {
			newidx[i] = UINT32_MAX;
			continue;
		}
		newidx[i] = (uint32_t)w;
		db->routes[w++] = db->routes[i];
	}
	dropped = db->nroutes - w;
	/* the prefix index keeps its order; only renumber and drop */
	for (size_t i = 0, k = 0; i < db->nroutes; i++) {
		uint32_t ni = newidx[db->by_prefix[i]];

		if (ni != UINT32_MAX)
			db->by_prefix[k++] = ni;
	}
	db->nroutes = w;
	free(newidx);
	/* route objects that joined a route-set by member-of are kept apart:
	 * drop the invalid ones from the member-of index too */
	w = 0;
	for (size_t i = 0; i < db->nmo; i++) {
		const struct irr_memberof *m = &db->mo[i];

		if (m->route != UINT32_MAX && route_invalid(vrps, &db->mo_routes[m->route]))
			continue;
		db->mo[w++] = *m; /* order (by set) is kept */
	}
	db->nmo = w;
	return (long)dropped;
}
