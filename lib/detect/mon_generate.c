/* SPDX-License-Identifier: ISC */
/* mon_generate.c - collect route objects, ROAs and RIB routes of some ASes
 * and turn them into prefixes.yml entries and a list of disagreements. */
#include "detect/mon_generate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "irr/irr_db.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

/* Neighbour lists are de-duplicated (sorted) whenever they grow past this. */
#define NEIGHBOUR_COMPACT 4096

/* ---- small helpers ---- */

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static size_t u32_unique(uint32_t *v, size_t n)
{
	size_t out = 0;
	if (n == 0)
		return 0; /* v may be NULL: qsort must not see it */
	qsort(v, n, sizeof *v, u32_cmp);
	for (size_t i = 0; i < n; i++)
		if (out == 0 || v[out - 1] != v[i])
			v[out++] = v[i];
	return out;
}

static int u32_push(struct u32_list *l, uint32_t x)
{
	if (l->n && l->v[l->n - 1] == x)
		return 0;
	if (l->n >= NEIGHBOUR_COMPACT && l->n == l->cap)
		l->n = u32_unique(l->v, l->n);
	uint32_t *v = GROW(l->v, l->cap, l->n + 1);
	if (!v)
		return -1;
	l->v = v;
	l->v[l->n++] = x;
	return 0;
}

static long as_index(const struct mon_gen *g, uint32_t asn)
{
	const uint32_t *p = bsearch(&asn, g->asns, g->nasns, sizeof asn, u32_cmp);
	return p ? p - g->asns : -1;
}

static int route_cmp(const void *a, const void *b)
{
	const struct mon_gen_route *x = a, *y = b;
	int c = prefix_cmp(&x->pfx, &y->pfx);
	return c ? c : (x->origin > y->origin) - (x->origin < y->origin);
}

/* Sort and merge equal (prefix, origin) pairs, adding their peer counts. */
static size_t routes_merge(struct mon_gen_route *v, size_t n)
{
	size_t out = 0;
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, route_cmp);
	for (size_t i = 0; i < n; i++) {
		if (out && !route_cmp(&v[out - 1], &v[i]))
			v[out - 1].peers += v[i].peers;
		else
			v[out++] = v[i];
	}
	return out;
}

static int route_push(struct mon_gen_route **v, size_t *n, size_t *cap, const struct prefix *p,
                      uint32_t origin)
{
	struct mon_gen_route *nv = grow(*v, cap, *n + 1, sizeof **v);
	if (!nv)
		return -1;
	*v = nv;
	nv[(*n)++] = (struct mon_gen_route){*p, origin, 1};
	return 0;
}

static const struct mon_gen_route *route_find(const struct mon_gen_route *v, size_t n,
                                              const struct prefix *p, uint32_t origin)
{
	struct mon_gen_route key = {*p, origin, 0};
	return bsearch(&key, v, n, sizeof *v, route_cmp);
}

static int issue(struct mon_gen *g, enum mon_gen_issue_kind k, const struct prefix *p, uint32_t asn,
                 uint32_t other, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int issue(struct mon_gen *g, enum mon_gen_issue_kind k, const struct prefix *p, uint32_t asn,
                 uint32_t other, const char *fmt, ...)
{
	struct mon_gen_issue *v = GROW(g->issues, g->issues_cap, g->nissues + 1);
	if (!v)
		return -1;
	g->issues = v;
	struct mon_gen_issue *is = &v[g->nissues++];
	*is = (struct mon_gen_issue){.kind = k, .pfx = *p, .asn = asn, .other_asn = other};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(is->detail, sizeof is->detail, fmt, ap);
	va_end(ap);
	return 0;
}

const char *mon_gen_issue_name(enum mon_gen_issue_kind k)
{
	static const char *const names[MGEN_ISSUE_KINDS] = {
	    "announced-no-roa",     "announced-rpki-invalid",     "roa-not-announced",
	    "route-object-missing", "route-object-not-announced", "origin-differs"};
	return k < MGEN_ISSUE_KINDS ? names[k] : "?";
}

/* ---- life cycle ---- */

int mon_gen_init(struct mon_gen *g, const uint32_t *asns, size_t n, struct err *e)
{
	memset(g, 0, sizeof *g);
	trie_init(&g->watch);
	g->asns = malloc((n ? n : 1) * sizeof *g->asns);
	if (!g->asns)
		return err_set(e, "out of memory");
	memcpy(g->asns, asns, n * sizeof *asns);
	g->nasns = u32_unique(g->asns, n);
	g->up = calloc(g->nasns, sizeof *g->up);
	g->down = calloc(g->nasns, sizeof *g->down);
	if (!g->up || !g->down)
		return err_set(e, "out of memory");
	return 0;
}

void mon_gen_free(struct mon_gen *g)
{
	for (size_t i = 0; i < g->nasns; i++) {
		if (g->up)
			free(g->up[i].v);
		if (g->down)
			free(g->down[i].v);
	}
	free(g->up);
	free(g->down);
	free(g->asns);
	free(g->ann);
	free(g->other);
	trie_free(&g->watch);
	for (size_t i = 0; i < g->nentries; i++)
		free(g->entries[i].asns);
	free(g->entries);
	free(g->issues);
	memset(g, 0, sizeof *g);
}

void mon_gen_set_irr(struct mon_gen *g, const struct irr_db *irr)
{
	g->irr = irr;
}

void mon_gen_set_rpki(struct mon_gen *g, const struct rpki_set *vrps, const struct rov_index *rov)
{
	g->vrps = vrps;
	g->rov = rov;
}

/* ---- the RIB passes ---- */

/* Upstreams and downstreams of the ASes in one path, prepends skipped. */
static int note_neighbours(struct mon_gen *g, const uint32_t *path, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		long k = as_index(g, path[i]);
		if (k < 0)
			continue;
		size_t l = i, r = i;
		while (l > 0 && path[l - 1] == path[i])
			l--;
		while (r + 1 < n && path[r + 1] == path[i])
			r++;
		if (l > 0 && u32_push(&g->up[k], path[l - 1]) < 0)
			return -1;
		if (r + 1 < n && u32_push(&g->down[k], path[r + 1]) < 0)
			return -1;
		i = r;
	}
	return 0;
}

int mon_gen_rib_route(struct mon_gen *g, const struct prefix *p, const uint32_t *path,
                      size_t path_len, uint32_t origin, struct err *e)
{
	g->have_rib = true;
	g->rib_routes++;
	if (note_neighbours(g, path, path_len) < 0)
		return err_set(e, "out of memory");
	if (origin && as_index(g, origin) >= 0 &&
	    route_push(&g->ann, &g->nann, &g->ann_cap, p, origin) < 0)
		return err_set(e, "out of memory");
	if (g->nann > 1024 && g->nann == g->ann_cap)
		g->nann =
		    routes_merge(g->ann, g->nann); /* a full RIB repeats each route per peer */
	return 0;
}

/* Candidates are watched with NO_ENTRY until their entry exists; then the
 * value is the entry's index, so entry_for is one trie lookup. */
#define NO_ENTRY UINT32_MAX

static int watch(struct mon_gen *g, const struct prefix *p)
{
	if (trie_get(&g->watch, p, NULL))
		return 0;
	return trie_insert(&g->watch, p, NO_ENTRY, NULL) < 0 ? -1 : 0;
}

static int watch_irr(struct mon_gen *g)
{
	for (size_t i = 0; g->irr && i < g->nasns; i++) {
		size_t n;
		const struct irr_route *r = irr_db_routes_by_origin(g->irr, g->asns[i], 0, &n);
		for (size_t j = 0; j < n; j++) {
			struct prefix p;
			irr_route_prefix(&r[j], &p);
			if (watch(g, &p) < 0)
				return -1;
		}
	}
	return 0;
}

static void vrp_prefix(const struct vrp *v, struct prefix *p)
{
	memset(p, 0, sizeof *p);
	p->family = v->family;
	p->len = v->len;
	memcpy(p->addr, v->addr, 16);
}

static int watch_vrps(struct mon_gen *g)
{
	for (size_t i = 0; g->vrps && i < g->vrps->nvrps; i++) {
		struct prefix p;
		if (as_index(g, g->vrps->vrps[i].asn) < 0)
			continue;
		vrp_prefix(&g->vrps->vrps[i], &p);
		if (watch(g, &p) < 0)
			return -1;
	}
	return 0;
}

int mon_gen_rib_prepare(struct mon_gen *g, struct err *e)
{
	if (g->prepared)
		return 0;
	g->prepared = true;
	g->nann = routes_merge(g->ann, g->nann);
	for (size_t i = 0; i < g->nann; i++)
		if (watch(g, &g->ann[i].pfx) < 0)
			return err_set(e, "out of memory");
	if (watch_irr(g) < 0 || watch_vrps(g) < 0)
		return err_set(e, "out of memory");
	return 0;
}

int mon_gen_rib_other(struct mon_gen *g, const struct prefix *p, uint32_t origin, struct err *e)
{
	if (!origin || as_index(g, origin) >= 0 || !trie_longest(&g->watch, p, NULL, NULL))
		return 0;
	if (route_push(&g->other, &g->nother, &g->other_cap, p, origin) < 0)
		return err_set(e, "out of memory");
	if (g->nother > 1024 && g->nother == g->other_cap)
		g->nother = routes_merge(g->other, g->nother);
	return 0;
}

/* ---- entries ---- */

static struct mon_gen_entry *entry_for(struct mon_gen *g, const struct prefix *p)
{
	uint32_t ix;
	if (trie_get(&g->watch, p, &ix) && ix != NO_ENTRY)
		return &g->entries[ix];
	struct mon_gen_entry *v = GROW(g->entries, g->entries_cap, g->nentries + 1);
	if (!v || g->nentries >= NO_ENTRY)
		return NULL;
	g->entries = v;
	if (trie_insert(&g->watch, p, (uint32_t)g->nentries, NULL) < 0)
		return NULL;
	v[g->nentries] = (struct mon_gen_entry){.pfx = *p};
	return &v[g->nentries++];
}

static int entry_add_asn(struct mon_gen_entry *en, uint32_t asn)
{
	for (size_t i = 0; i < en->nasns; i++)
		if (en->asns[i] == asn)
			return 0;
	uint32_t *v = resize(en->asns, en->nasns + 1, sizeof *v);
	if (!v)
		return -1;
	en->asns = v;
	v[en->nasns++] = asn;
	return 0;
}

/* One source's (prefix, origin of the ASes); src 0 RIB, 1 IRR, 2 ROA. */
static int add_candidate(struct mon_gen *g, const struct prefix *p, uint32_t asn, int src)
{
	struct mon_gen_entry *en = entry_for(g, p);
	if (!en || entry_add_asn(en, asn) < 0)
		return -1;
	en->announced |= src == 0;
	en->irr |= src == 1;
	en->roa |= src == 2;
	return 0;
}

static int add_sources(struct mon_gen *g)
{
	for (size_t i = 0; i < g->nann; i++)
		if (add_candidate(g, &g->ann[i].pfx, g->ann[i].origin, 0) < 0)
			return -1;
	for (size_t i = 0; g->irr && i < g->nasns; i++) {
		size_t n;
		const struct irr_route *r = irr_db_routes_by_origin(g->irr, g->asns[i], 0, &n);
		for (size_t j = 0; j < n; j++) {
			struct prefix p;
			irr_route_prefix(&r[j], &p);
			if (add_candidate(g, &p, r[j].origin, 1) < 0)
				return -1;
		}
	}
	for (size_t i = 0; g->vrps && i < g->vrps->nvrps; i++) {
		struct prefix p;
		if (as_index(g, g->vrps->vrps[i].asn) < 0)
			continue;
		vrp_prefix(&g->vrps->vrps[i], &p);
		if (add_candidate(g, &p, g->vrps->vrps[i].asn, 2) < 0)
			return -1;
	}
	return 0;
}

struct irr_find {
	uint32_t origin; /* wanted origin, or 0 */
	bool found;      /* a route with that origin */
	uint32_t other;  /* some route's origin that is not one of the ASes */
	bool any_ours;   /* a route with one of the ASes as origin */
	const struct mon_gen *g;
};

static int irr_find_visit(const struct irr_route *r, void *ctx)
{
	struct irr_find *f = ctx;
	if (r->origin == f->origin)
		f->found = true;
	if (as_index(f->g, r->origin) >= 0)
		f->any_ours = true;
	else if (!f->other)
		f->other = r->origin;
	return 0;
}

static struct irr_find irr_exact(const struct mon_gen *g, const struct prefix *p, uint32_t origin)
{
	struct irr_find f = {.origin = origin, .g = g};
	if (g->irr)
		irr_db_routes_by_prefix(g->irr, p, IRR_MATCH_EXACT, NULL, irr_find_visit, &f);
	return f;
}

/* A ROA or a route object allows origin to announce p. */
static bool authorised(const struct mon_gen *g, const struct prefix *p, uint32_t origin)
{
	if (g->rov && rov_validate(g->rov, p, origin) == ROV_VALID)
		return true;
	return irr_exact(g, p, origin).found;
}

struct cover_find {
	const struct mon_gen *g;
	const struct mon_gen_entry *best; /* the most specific that is not delegated */
};

static int cover_visit(const struct prefix *p, uint32_t ix, void *ctx)
{
	struct cover_find *c = ctx;
	(void)p;
	if (ix != NO_ENTRY && !c->g->entries[ix].delegated)
		c->best = &c->g->entries[ix]; /* shortest first: the last one wins */
	return 0;
}

static const struct mon_gen_entry *covering_entry(const struct mon_gen *g, const struct prefix *p)
{
	struct cover_find c = {g, NULL};
	trie_covering(&g->watch, p, cover_visit, &c);
	return c.best;
}

static int list_asns(const struct mon_gen_entry *en, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < en->nasns && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%sAS%u", i ? "," : "", en->asns[i]);
	return 0;
}

/* A route of another AS at or under a candidate: listed when authorised,
 * reported otherwise. */
static int add_other(struct mon_gen *g, const struct mon_gen_route *o)
{
	char pfx[PREFIX_STRLEN], ours[96];
	const struct mon_gen_entry *cover = covering_entry(g, &o->pfx);
	if (!cover)
		return 0;
	bool exact = prefix_equal(&cover->pfx, &o->pfx);
	struct prefix cp = cover->pfx;
	uint32_t first = cover->asns[0];
	list_asns(cover, ours, sizeof ours);
	prefix_format(&cp, pfx, sizeof pfx);
	if (!authorised(g, &o->pfx, o->origin) && exact)
		return issue(g, MGEN_ORIGIN_DIFFERS, &o->pfx, first, o->origin,
		             "announced by AS%u in the RIB (%u entries), expected %s; no ROA or "
		             "route object allows AS%u: left out",
		             o->origin, o->peers, ours, o->origin);
	if (!authorised(g, &o->pfx, o->origin))
		return issue(
		    g, MGEN_ORIGIN_DIFFERS, &o->pfx, first, o->origin,
		    "more-specific of %s (%s) announced by AS%u in the RIB (%u entries); no "
		    "ROA or route object allows AS%u: left out",
		    pfx, ours, o->origin, o->peers, o->origin);
	struct mon_gen_entry *en = entry_for(g, &o->pfx);
	if (!en || entry_add_asn(en, o->origin) < 0)
		return -1;
	en->delegated |= !exact && !en->announced && !en->irr && !en->roa;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return prefix_cmp(&((const struct mon_gen_entry *)a)->pfx,
	                  &((const struct mon_gen_entry *)b)->pfx);
}

static void mark_valid_roas(struct mon_gen *g)
{
	for (size_t i = 0; g->rov && i < g->nentries; i++)
		g->entries[i].valid_roa =
		    rov_validate(g->rov, &g->entries[i].pfx, g->entries[i].asns[0]) == ROV_VALID;
}

/* ---- issues ---- */

static int invalid_issue(struct mon_gen *g, const struct mon_gen_route *a, enum rov_reason why,
                         const struct vrp *v, size_t nvrps)
{
	char vp[PREFIX_STRLEN];
	struct prefix p;
	vrp_prefix(v, &p);
	prefix_format(&p, vp, sizeof vp);
	return issue(g, MGEN_ANNOUNCED_INVALID, &a->pfx, a->origin, 0,
	             "announced by AS%u RPKI-invalid (%s): ROA %s maxLength %u AS%u%s", a->origin,
	             rov_reason_name(why), vp, v->maxlen, v->asn, nvrps > 1 ? " and more" : "");
}

static int check_announced(struct mon_gen *g, const struct mon_gen_route *a)
{
	if (g->rov) {
		const struct vrp *cover[1];
		size_t n;
		enum rov_reason why;
		enum rov_state st =
		    rov_validate_detail(g->rov, &a->pfx, a->origin, cover, 1, &n, &why);
		if (st == ROV_NOT_FOUND &&
		    issue(g, MGEN_ANNOUNCED_NO_ROA, &a->pfx, a->origin, 0,
		          "announced by AS%u (%u RIB entries), no ROA covers it", a->origin,
		          a->peers) < 0)
			return -1;
		if (st == ROV_INVALID && invalid_issue(g, a, why, cover[0], n) < 0)
			return -1;
	}
	if (!g->irr)
		return 0;
	struct irr_find f = irr_exact(g, &a->pfx, a->origin);
	if (f.found)
		return 0;
	if (f.other && !f.any_ours)
		return issue(g, MGEN_ORIGIN_DIFFERS, &a->pfx, a->origin, f.other,
		             "announced by AS%u but its route object names AS%u", a->origin,
		             f.other);
	return issue(g, MGEN_ROUTE_OBJECT_MISSING, &a->pfx, a->origin, 0,
	             "announced by AS%u, no route object with that origin", a->origin);
}

/* Some announcement of the VRP's AS that the VRP makes valid. */
static bool vrp_used(const struct mon_gen *g, const struct vrp *v)
{
	struct prefix vp;
	vrp_prefix(v, &vp);
	for (size_t i = 0; i < g->nann; i++)
		if (g->ann[i].origin == v->asn && g->ann[i].pfx.len <= v->maxlen &&
		    prefix_contains(&vp, &g->ann[i].pfx))
			return true;
	return false;
}

static int check_vrps(struct mon_gen *g)
{
	for (size_t i = 0; g->vrps && i < g->vrps->nvrps; i++) {
		const struct vrp *v = &g->vrps->vrps[i];
		struct prefix p;
		if (as_index(g, v->asn) < 0 || vrp_used(g, v))
			continue;
		vrp_prefix(v, &p);
		if (issue(g, MGEN_ROA_NOT_ANNOUNCED, &p, v->asn, 0,
		          "ROA for AS%u (maxLength %u) but the RIB shows no route it covers",
		          v->asn, v->maxlen) < 0)
			return -1;
	}
	return 0;
}

static int check_route_objects(struct mon_gen *g)
{
	for (size_t i = 0; g->irr && i < g->nasns; i++) {
		size_t n;
		const struct irr_route *r = irr_db_routes_by_origin(g->irr, g->asns[i], 0, &n);
		for (size_t j = 0; j < n; j++) {
			struct prefix p;
			irr_route_prefix(&r[j], &p);
			if ((j > 0 && r[j - 1].len == r[j].len &&
			     !memcmp(r[j - 1].addr, r[j].addr, 16)) ||
			    route_find(g->ann, g->nann, &p, r[j].origin))
				continue; /* the same object from another source; or announced */
			if (issue(g, MGEN_ROUTE_OBJECT_UNUSED, &p, r[j].origin, 0,
			          "route object for AS%u, not announced in the RIB",
			          r[j].origin) < 0)
				return -1;
		}
	}
	return 0;
}

static int build_issues(struct mon_gen *g)
{
	for (size_t i = 0; g->have_rib && i < g->nann; i++)
		if (check_announced(g, &g->ann[i]) < 0)
			return -1;
	if (g->have_rib && (check_vrps(g) < 0 || check_route_objects(g) < 0))
		return -1;
	return 0;
}

int mon_gen_finish(struct mon_gen *g, struct err *e)
{
	if (mon_gen_rib_prepare(g, e) < 0)
		return -1;
	g->nother = routes_merge(g->other, g->nother);
	for (size_t i = 0; i < g->nasns; i++) {
		g->up[i].n = u32_unique(g->up[i].v, g->up[i].n);
		g->down[i].n = u32_unique(g->down[i].v, g->down[i].n);
	}
	if (add_sources(g) < 0 || build_issues(g) < 0)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < g->nother; i++)
		if (add_other(g, &g->other[i]) < 0)
			return err_set(e, "out of memory");
	if (g->nentries)
		qsort(g->entries, g->nentries, sizeof *g->entries, entry_cmp);
	mark_valid_roas(g);
	return 0;
}
