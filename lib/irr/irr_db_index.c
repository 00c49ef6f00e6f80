/* SPDX-License-Identifier: ISC */
/* irr_db_index.c - finishing a loaded IRR database: sort, merge duplicate
 * routes, give back slack and build the lookup indexes. */
#include "irr/irr_db.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "irr/irr_internal.h"

/* --- finishing: sort and index --- */

/* twin of route_cmp_prefix: the same fields, origin first for the by-origin index */
static int route_cmp_origin(const void *a, const void *b)
{
	const struct irr_route *x = a, *y = b;
	int c;

	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	c = memcmp(x->addr, y->addr, 16);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (int)x->source - (int)y->source;
}

/* Route indices by the prefix of db->routes[index] (routes is the context:
 * glibc's qsort_r, so no static state). */
/* twin of route_cmp_origin: the same fields, prefix first for the by-prefix index */
static int route_cmp_prefix(const void *a, const void *b, void *routes)
{
	const struct irr_route *x = (const struct irr_route *)routes + *(const uint32_t *)a;
	const struct irr_route *y = (const struct irr_route *)routes + *(const uint32_t *)b;
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	c = memcmp(x->addr, y->addr, 16);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	return (int)x->source - (int)y->source;
}

/* Object indices by the key of db->objs[index] (objs is the context). */
static int obj_cmp_key(const void *a, const void *b, void *objs)
{
	const struct irr_obj *x = (const struct irr_obj *)objs + *(const uint32_t *)a;
	const struct irr_obj *y = (const struct irr_obj *)objs + *(const uint32_t *)b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->cls != y->cls)
		return x->cls - y->cls;
	if (x->source != y->source)
		return x->source - y->source;
	/* keep load order: later duplicates are shadowed by earlier ones */
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static int mo_cmp(const void *a, const void *b)
{
	const struct irr_memberof *x = a, *y = b;

	if (x->set != y->set)
		return x->set < y->set ? -1 : 1;
	return x->asn < y->asn ? -1 : x->asn > y->asn;
}

/* Give back the slack of the growth doublings: the db is immutable now. */
#define SHRINK(db, arr, n, cap)                                                                    \
	do {                                                                                       \
		if ((db)->n != 0 && (db)->n != (db)->cap) {                                        \
			void *nv = resize((db)->arr, (db)->n, sizeof *(db)->arr);                  \
			if (nv) {                                                                  \
				(db)->arr = nv;                                                    \
				(db)->cap = (db)->n;                                               \
			}                                                                          \
		}                                                                                  \
	} while (0)

int irr_db_finish(struct irr_db *db, struct err *e)
{
	size_t w = 0;

	if (db->finished)
		return 0;
	/* qsort's pointer must not be NULL, even for zero elements */
	if (db->nroutes > 1)
		qsort(db->routes, db->nroutes, sizeof *db->routes, route_cmp_origin);
	for (size_t i = 0; i < db->nroutes; i++) {
		if (w && !route_cmp_origin(&db->routes[w - 1], &db->routes[i])) {
			db->routes[w - 1].flags |= db->routes[i].flags;
			db->stats.duplicates++;
			continue;
		}
		db->routes[w++] = db->routes[i];
	}
	db->nroutes = w;
	SHRINK(db, routes, nroutes, route_cap);
	SHRINK(db, objs, nobjs, obj_cap);
	SHRINK(db, sets, nsets, set_cap);
	SHRINK(db, members, nmembers, member_cap);
	SHRINK(db, ranges, nranges, range_cap);
	SHRINK(db, u32, nu32, u32_cap);
	SHRINK(db, mo, nmo, mo_cap);
	SHRINK(db, mo_routes, nmo_routes, mo_route_cap);
	SHRINK(db, text, text_len, text_cap);
	db->by_prefix = malloc((db->nroutes ? db->nroutes : 1) * sizeof *db->by_prefix);
	db->by_key = malloc((db->nobjs ? db->nobjs : 1) * sizeof *db->by_key);
	if (!db->by_prefix || !db->by_key)
		return err_set(e, "out of memory indexing %zu routes", db->nroutes);
	for (size_t i = 0; i < db->nroutes; i++)
		db->by_prefix[i] = (uint32_t)i;
	if (db->nroutes > 1)
		qsort_r(db->by_prefix, db->nroutes, sizeof *db->by_prefix, route_cmp_prefix,
		        db->routes);
	for (size_t i = 0; i < db->nobjs; i++)
		db->by_key[i] = (uint32_t)i;
	if (db->nobjs > 1)
		qsort_r(db->by_key, db->nobjs, sizeof *db->by_key, obj_cmp_key, db->objs);
	if (db->nmo > 1)
		qsort(db->mo, db->nmo, sizeof *db->mo, mo_cmp);
	db->finished = 1;
	return 0;
}
