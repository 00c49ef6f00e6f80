/* SPDX-License-Identifier: ISC */
/* filter_local.c - the local-database backend of filter_expand. It answers
 * what an IRRd 4 server would (including !a, so sets expand server side and
 * keep private ASNs, exactly as bgpq4 gets them from such a server), but by
 * direct lookups instead of queries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irr/filter_expand.h"
#include "irr/irr_db.h"

struct local {
	const struct irr_db *db;
	struct irr_sources sel;
	bool have_sel;
};

/* The selection for one object: its SOURCE:: prefix, else -S, else all. */
static int select_sources(struct local *l, const char *src, struct irr_sources *s,
                          const struct irr_sources **out, struct err *e)
{
	if (src && *src) {
		if (irr_sources_parse(l->db, src, false, s, e) < 0)
			return -1;
		*out = s;
	} else {
		*out = l->have_sel ? &l->sel : NULL;
	}
	return 0;
}

struct member_ctx {
	void (*fn)(void *arg, size_t i, const char *m, size_t len);
	void *arg;
	size_t i;
};

static int member_cb(const char *m, void *ctx)
{
	struct member_ctx *c = ctx;
	c->fn(c->arg, c->i, m, strlen(m));
	return 0;
}

static int l_members(void *ctx, struct filter_job *j, const char *const *sets, size_t n,
                     bool recursive, void (*fn)(void *arg, size_t i, const char *m, size_t len),
                     void *arg, struct err *e)
{
	struct local *l = ctx;
	for (size_t i = 0; i < n; i++) {
		char src[128];
		const char *name = filter_split_source(sets[i], src, sizeof(src));
		struct irr_sources s;
		const struct irr_sources *sel;
		if (select_sources(l, src, &s, &sel, e) < 0)
			return -1;
		j->queries++;
		if (!recursive) {
			struct member_ctx c = {fn, arg, i};
			int rc = irr_set_members(l->db, name, sel, member_cb, &c);
			if (rc < 0)
				return err_set(e, "out of memory");
			if (rc == 0)
				filter_warnf(j, "Key not found expanding !i%s", name);
			continue;
		}
		struct irr_asns asns = {0};
		struct irr_expand_opts eo = {.sources = sel};
		int rc = irr_expand_as_set(l->db, name, &eo, &asns, NULL);
		if (rc < 0) {
			irr_asns_free(&asns);
			return err_set(e, "out of memory");
		}
		if (rc == 0)
			filter_warnf(j, "Key not found expanding !i%s,1", name);
		for (size_t k = 0; k < asns.n; k++) {
			char t[16];
			int len = snprintf(t, sizeof(t), "AS%u", asns.v[k]);
			fn(arg, i, t, (size_t)len);
		}
		irr_asns_free(&asns);
	}
	return 0;
}

static int insert_route(struct filter_job *j, const struct prefix *p, struct err *e)
{
	if (p->family != j->req.family)
		return 0;
	if (j->req.maxlen && p->len > j->req.maxlen)
		return 0;
	return agg_insert(&j->tree, p) ? 0 : err_set(e, "out of memory");
}

/* All routes of asns, sorted and unique first: inserting in address order
 * walks the tree along the path just built, which is several times faster
 * than random order for hundreds of thousands of prefixes. */
static int routes_of(struct local *l, struct filter_job *j, const uint32_t *asns, size_t n,
                     const struct irr_sources *sel, struct err *e)
{
	struct irr_prefixes px = {0};
	j->queries += n;
	if (irr_db_prefixes_by_asns(l->db, asns, n, j->req.family, sel, &px) < 0) {
		irr_prefixes_free(&px);
		return err_set(e, "out of memory");
	}
	int rc = 0;
	for (size_t k = 0; k < px.n && rc == 0; k++)
		rc = insert_route(j, &px.v[k], e);
	irr_prefixes_free(&px);
	return rc;
}

static int l_set_prefixes(void *ctx, struct filter_job *j, const char *set, struct err *e)
{
	struct local *l = ctx;
	struct irr_asns asns = {0};
	struct irr_expand_opts eo = {.sources = l->have_sel ? &l->sel : NULL};
	int rc = irr_expand_as_set(l->db, set, &eo, &asns, NULL);
	j->queries++;
	if (rc < 0) {
		irr_asns_free(&asns);
		return err_set(e, "out of memory");
	}
	if (rc == 0)
		filter_warnf(j, "Key not found expanding !a%d%s", j->req.family, set);
	rc = routes_of(l, j, asns.v, asns.n, eo.sources, e);
	irr_asns_free(&asns);
	return rc < 0 ? -1 : 1;
}

static int l_rset_prefixes(void *ctx, struct filter_job *j, const char *const *rsets, size_t n,
                           struct err *e)
{
	struct local *l = ctx;
	for (size_t i = 0; i < n; i++) {
		char src[128];
		const char *name = filter_split_source(rsets[i], src, sizeof(src));
		struct irr_sources s;
		const struct irr_sources *sel;
		if (select_sources(l, src, &s, &sel, e) < 0)
			return -1;
		struct irr_ranges rg = {0};
		struct irr_expand_opts eo = {.sources = sel};
		struct irr_expand_info info;
		int rc = irr_expand_route_set(l->db, name, &eo, j->req.family, &rg, &info);
		j->queries++;
		if (rc < 0) {
			irr_ranges_free(&rg);
			return err_set(e, "out of memory");
		}
		if (rc == 0)
			filter_warnf(j, "Key not found expanding !i%s,1", name);
		if (info.limit_cut) {
			j->incomplete++;
			filter_warnf(
			    j, "%s nests deeper than %u levels: %u nested set(s) not expanded",
			    name, IRR_EXPAND_MAX_NESTING, info.limit_cut);
		}
		for (size_t k = 0; k < rg.n; k++) {
			/* through the same text path as a server reply, so range
			 * operators meet -m exactly as in bgpq4 */
			char t[PREFIX_STRLEN + 16], pb[PREFIX_STRLEN];
			const struct irr_range *r = &rg.v[k];
			prefix_format(&r->p, pb, sizeof(pb));
			if (r->lo == r->p.len && r->hi == r->p.len)
				snprintf(t, sizeof(t), "%s", pb);
			else if (r->lo == r->hi)
				snprintf(t, sizeof(t), "%s^%u", pb, r->lo); /* as written: "^n" */
			else
				snprintf(t, sizeof(t), "%s^%u-%u", pb, r->lo, r->hi);
			struct err pe;
			if (agg_add_text(&j->tree, t, strlen(t), j->req.maxlen, &pe) < 0) {
				if (!strcmp(pe.msg, "out of memory")) {
					irr_ranges_free(&rg);
					return err_set(e, "out of memory");
				}
				filter_warnf(j, "%s", pe.msg);
			}
		}
		irr_ranges_free(&rg);
	}
	return 0;
}

static int l_asn_prefixes(void *ctx, struct filter_job *j, struct err *e)
{
	struct local *l = ctx;
	return routes_of(l, j, j->asns, j->nasns, l->have_sel ? &l->sel : NULL, e);
}

int filter_run_local(struct filter_job *j, const struct irr_db *db, struct err *e)
{
	struct local l = {.db = db};
	if (j->req.sources && *j->req.sources) {
		if (irr_sources_parse(db, j->req.sources, false, &l.sel, e) < 0)
			return -1;
		l.have_sel = true;
	}
	struct filter_backend b = {
	    .ctx = &l,
	    .members = l_members,
	    .set_prefixes = j->req.bgpq3 ? NULL : l_set_prefixes, /* bgpq3 has no !a */
	    .rset_prefixes = l_rset_prefixes,
	    .asn_prefixes = l_asn_prefixes,
	};
	return filter_expand(j, &b, e);
}
