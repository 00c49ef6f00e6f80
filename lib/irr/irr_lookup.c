/* SPDX-License-Identifier: ISC */
/* irr_lookup.c - whois-style object lookups: by primary key, by maintainer,
 * and the set helpers the expansion uses (set by name and source order,
 * member-of entries, the mbrs-by-ref check). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irr/irr_db.h"
#include "irr/irr_internal.h"

bool irr_is_set_name(const char *name)
{
	const char *s = name;

	/* RFC 2622: a set name has at least one component starting with AS-/RS-
	 * (hierarchical: AS64496:AS-CUSTOMERS, AS-FOO:AS-BAR). */
	while (*s) {
		if ((s[0] == 'a' || s[0] == 'A' || s[0] == 'r' || s[0] == 'R') &&
		    (s[1] == 's' || s[1] == 'S') && s[2] == '-')
			return true;
		s = strchr(s, ':');
		if (!s)
			break;
		s++;
	}
	return false;
}

/* [first, last) of by_key entries with key id. */
static void key_range(const struct irr_db *db, uint32_t key, size_t *first, size_t *last)
{
	size_t lo = 0, hi = db->nobjs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (db->objs[db->by_key[mid]].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < db->nobjs && db->objs[db->by_key[lo]].key == key)
		lo++;
	*last = lo;
}

/* Rank of a source in a selection (lower = preferred); -1 when not selected. */
static int source_rank(const struct irr_sources *sel, unsigned id)
{
	if (!sel)
		return (int)id;
	for (unsigned i = 0; i < sel->n; i++)
		if (sel->id[i] == id)
			return (int)i;
	return -1;
}

/* The preferred object of class cls (or any set class when cls < 0) with key. */
static const struct irr_obj *find_obj(const struct irr_db *db, uint32_t key, int cls,
                                      const struct irr_sources *sel)
{
	const struct irr_obj *best = NULL;
	int best_rank = 0;
	size_t first, last;

	key_range(db, key, &first, &last);
	for (size_t i = first; i < last; i++) {
		const struct irr_obj *o = &db->objs[db->by_key[i]];
		int rank;

		if (cls >= 0 ? o->cls != cls : (o->cls != IRR_AS_SET && o->cls != IRR_ROUTE_SET))
			continue;
		rank = source_rank(sel, o->source);
		if (rank < 0)
			continue;
		if (!best || rank < best_rank) {
			best = o;
			best_rank = rank;
		}
	}
	return best;
}

const struct irr_set *irr_db_find_set(const struct irr_db *db, uint32_t name_id, int cls,
                                      const struct irr_sources *sel)
{
	const struct irr_obj *o = find_obj(db, name_id, cls, sel);

	return o && o->set != UINT32_MAX ? &db->sets[o->set] : NULL;
}

/* A typed lower bound, as rpki_set_find_aspa (rpki_set.c) has for ASPAs. */
void irr_db_memberof_range(const struct irr_db *db, uint32_t name_id, size_t *first, size_t *last)
{
	size_t lo = 0, hi = db->nmo;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (db->mo[mid].set < name_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < db->nmo && db->mo[lo].set == name_id)
		lo++;
	*last = lo;
}

int irr_db_mbrs_allowed(const struct irr_db *db, const struct irr_set *s, uint32_t mnt_off,
                        uint32_t nmnt)
{
	if (s->mbr_any)
		return 1;
	for (uint32_t i = 0; i < s->nmbr; i++)
		for (uint32_t j = 0; j < nmnt; j++)
			if (db->u32[s->mbr_off + i] == db->u32[mnt_off + j])
				return 1;
	return 0;
}

static void view_obj(const struct irr_db *db, const struct irr_obj *o, struct irr_object_view *v)
{
	v->cls = o->cls;
	v->source = o->source;
	v->text = db->text + o->text_off;
	v->len = o->text_len;
}

static void view_route(const struct irr_db *db, const struct irr_route *r,
                       struct irr_object_view *v)
{
	size_t n = irr_route_format(db, r, v->buf, sizeof v->buf);

	v->cls = r->family == 4 ? IRR_ROUTE : IRR_ROUTE6;
	v->source = r->source;
	v->text = v->buf;
	v->len = n < sizeof v->buf ? n : sizeof v->buf - 1;
}

struct route_visit {
	const struct irr_db *db;
	int cls; /* wanted class or -1 */
	int have_origin;
	uint32_t origin;
	uint32_t mnt; /* for by_mntner, else 0 */
	int (*fn)(const struct irr_object_view *o, void *ctx);
	void *ctx;
	int count;
};

static int route_visit(const struct irr_route *r, void *ctx)
{
	struct route_visit *rv = ctx;
	struct irr_object_view v;

	if (rv->have_origin && r->origin != rv->origin)
		return 0;
	if (rv->cls >= 0 && rv->cls != (r->family == 4 ? IRR_ROUTE : IRR_ROUTE6))
		return 0;
	view_route(rv->db, r, &v);
	rv->count++;
	return rv->fn(&v, rv->ctx);
}

/* Route keys: "192.0.2.0/24", "192.0.2.0/24AS65000" or "192.0.2.0/24 AS65000".
 * The prefix ends after the length digits (IPv6 addresses hold 'a'). */
static int lookup_routes(const struct irr_db *db, int cls, const char *key,
                         const struct irr_sources *sel,
                         int (*fn)(const struct irr_object_view *o, void *ctx), void *ctx)
{
	struct route_visit rv = {db, cls, 0, 0, 0, fn, ctx, 0};
	char buf[PREFIX_STRLEN + 8];
	const char *slash = strchr(key, '/');
	struct prefix p;
	size_t n;

	if (!slash)
		return 0;
	n = (size_t)(slash - key) + 1;
	while (key[n] >= '0' && key[n] <= '9')
		n++;
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, key, n);
	buf[n] = '\0';
	if (prefix_parse(buf, &p, NULL) < 0)
		return 0;
	if (key[n]) {
		const char *o = key + n;

		while (*o == ' ' || *o == '\t')
			o++;
		if (asn_parse(o, &rv.origin, NULL) < 0)
			return 0;
		rv.have_origin = 1;
	}
	irr_db_routes_by_prefix(db, &p, IRR_MATCH_EXACT, sel, route_visit, &rv);
	return rv.count;
}

int irr_db_lookup(const struct irr_db *db, int cls, const char *key, const struct irr_sources *sel,
                  int (*fn)(const struct irr_object_view *o, void *ctx), void *ctx)
{
	struct irr_object_view v;
	int count = 0;
	size_t first, last;
	uint32_t id;

	if (cls < 0 || cls == IRR_ROUTE || cls == IRR_ROUTE6) {
		count = lookup_routes(db, cls, key, sel, fn, ctx);
		if (cls >= 0)
			return count;
	}
	id = irr_names_find(&db->names, key, strlen(key));
	if (!id)
		return count;
	key_range(db, id, &first, &last);
	/* selection order first, then class order within a source */
	for (unsigned k = 0; k < (sel ? sel->n : db->nsources); k++) {
		unsigned src = sel ? sel->id[k] : k;

		for (size_t i = first; i < last; i++) {
			const struct irr_obj *o = &db->objs[db->by_key[i]];

			if (o->source != src || (cls >= 0 && o->cls != cls))
				continue;
			view_obj(db, o, &v);
			count++;
			if (fn(&v, ctx))
				return count;
		}
	}
	return count;
}

int irr_db_by_mntner(const struct irr_db *db, const char *mntner, const struct irr_sources *sel,
                     int (*fn)(const struct irr_object_view *o, void *ctx), void *ctx)
{
	uint32_t id = irr_names_find(&db->names, mntner, strlen(mntner));
	struct irr_object_view v;
	int count = 0;

	if (!id)
		return 0;
	for (size_t i = 0; i < db->nobjs; i++) {
		const struct irr_obj *o = &db->objs[i];

		if (!irr_sources_has(sel, o->source))
			continue;
		for (uint32_t j = 0; j < o->nmnt; j++)
			if (db->u32[o->mnt_off + j] == id) {
				view_obj(db, o, &v);
				count++;
				if (fn(&v, ctx))
					return count;
				break;
			}
	}
	/* routes keep only their first maintainer */
	for (size_t i = 0; i < db->nroutes; i++) {
		const struct irr_route *r = &db->routes[db->by_prefix[i]];

		if (r->mnt != id || !irr_sources_has(sel, r->source))
			continue;
		view_route(db, r, &v);
		count++;
		if (fn(&v, ctx))
			return count;
	}
	return count;
}

int irr_db_by_member_of(const struct irr_db *db, const char *set, const struct irr_sources *sel,
                        int (*fn)(const struct irr_object_view *o, void *ctx), void *ctx)
{
	uint32_t id = irr_names_find(&db->names, set, strlen(set));
	struct irr_object_view v;
	size_t first, last;
	int count = 0;

	if (!id)
		return 0;
	irr_db_memberof_range(db, id, &first, &last);
	for (size_t i = first; i < last; i++) {
		const struct irr_memberof *m = &db->mo[i];

		if (!irr_sources_has(sel, m->source))
			continue;
		if (m->route != UINT32_MAX) {
			view_route(db, &db->mo_routes[m->route], &v);
		} else {
			struct irr_sources one = {
			    .mask = 1ull << m->source, .n = 1, .id = {m->source}};
			char key[ASN_STRLEN];
			const struct irr_obj *o;

			/* the aut-num that carried this member-of: same source */
			snprintf(key, sizeof key, "AS%u", m->asn);
			o = find_obj(db, irr_names_find(&db->names, key, strlen(key)), IRR_AUT_NUM,
			             &one);
			if (!o)
				continue;
			view_obj(db, o, &v);
		}
		count++;
		if (fn(&v, ctx))
			break;
	}
	return count;
}
