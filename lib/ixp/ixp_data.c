/* SPDX-License-Identifier: ISC */
/* ixp_data.c - expand each member's AS-SET with lib/irr's bgpq4-compatible
 * expansion (one job for the ASNs, one per address family for prefixes). */
#include "ixp/ixp_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "irr/filter_expand.h"
#include "rpki/rpki_set.h"

struct warn_ctx {
	ixp_warn_fn fn;
	void *ctx;
	uint32_t asn;
};

static void job_warn(const char *msg, void *arg)
{
	struct warn_ctx *w = arg;
	char buf[700];
	snprintf(buf, sizeof buf, "member AS%u: %.600s", w->asn, msg);
	if (w->fn)
		w->fn(buf, w->ctx);
}

/* The object to expand: the AS-SET, else the ASN alone. */
static const char *member_object(const struct ixp_member *m, char *buf, size_t n)
{
	if (m->as_set && *m->as_set)
		return m->as_set;
	snprintf(buf, n, "AS%u", m->asn);
	return buf;
}

static int run_job(struct filter_job *j, const struct ixp_member *m, const struct irr_db *db,
                   int family, bool prefixes, struct warn_ctx *w, struct err *e)
{
	struct filter_req req = {.family = family, .prefixes = prefixes, .special_asns = true};
	char obj[32];
	filter_job_init(j, &req, job_warn, w);
	if (filter_job_add(j, member_object(m, obj, sizeof obj), e) < 0 ||
	    filter_run_local(j, db, e) < 0) {
		filter_job_free(j);
		return -1;
	}
	return 0;
}

static int add_own_asn(struct ixp_member_data *md, uint32_t asn, struct err *e)
{
	if (ixp_data_has_asn(md, asn))
		return 0;
	uint32_t *v = GROW(md->asns, md->asncap, md->nasns + 1);
	if (!v)
		return err_set(e, "out of memory");
	size_t i = md->nasns;
	while (i > 0 && v[i - 1] > asn) {
		v[i] = v[i - 1];
		i--;
	}
	v[i] = asn;
	md->asns = v;
	md->nasns++;
	return 0;
}

/* RPKI-as-IRR: every ROA of an ASN of the set allows its prefix up to maxLength. */
static int add_roas(struct ixp_member_data *md, const struct rpki_set *vrps, struct err *e)
{
	for (size_t i = 0; i < vrps->nvrps; i++) {
		const struct vrp *v = &vrps->vrps[i];
		if (!ixp_data_has_asn(md, v->asn))
			continue;
		struct prefix p;
		prefix_from_bytes(&p, v->family, v->addr, v->len);
		struct agg_tree *t = v->family == 4 ? &md->tree4 : &md->tree6;
		if (agg_insert_range(t, &p, v->len, v->maxlen, 1u << 16, e) < 0)
			return -1;
	}
	return 0;
}

/* A set that cannot expand (unknown SOURCE::, bad name) leaves the member
 * with its own ASN and no route objects: warned and counted as cut short. */
static int expansion_failed(struct ixp_member_data *md, const struct ixp_member *m,
                            struct warn_ctx *w, struct err *e)
{
	char msg[600];
	snprintf(msg, sizeof msg, "AS-SET %.60s does not expand: %.400s",
	         m->as_set ? m->as_set : "-", e->msg);
	job_warn(msg, w);
	md->incomplete++;
	err_clear(e);
	return add_own_asn(md, m->asn, e);
}

static int build_member(struct ixp_member_data *md, const struct ixp_member *m,
                        const struct irr_db *db, struct warn_ctx *w, struct err *e)
{
	struct filter_job j;
	agg_tree_init(&md->tree4, 4);
	agg_tree_init(&md->tree6, 6);
	w->asn = m->asn;
	if (run_job(&j, m, db, 4, false, w, e) < 0)
		return expansion_failed(md, m, w, e);
	md->asns = j.asns, md->nasns = j.nasns, md->asncap = j.asncap;
	md->incomplete += j.incomplete;
	j.asns = NULL;
	filter_job_free(&j);
	for (int fam = 4; fam <= 6; fam += 2) {
		if (run_job(&j, m, db, fam, true, w, e) < 0)
			return expansion_failed(md, m, w, e);
		struct agg_tree *t = fam == 4 ? &md->tree4 : &md->tree6;
		agg_tree_free(t);
		*t = j.tree;
		md->incomplete += j.incomplete;
		agg_tree_init(&j.tree, fam);
		filter_job_free(&j);
	}
	return add_own_asn(md, m->asn, e);
}

int ixp_data_build(struct ixp_data *d, const struct ixp *x, const struct irr_db *db,
                   const struct rpki_set *vrps, ixp_warn_fn warn, void *warn_ctx, struct err *e)
{
	struct warn_ctx w = {warn, warn_ctx, 0};
	memset(d, 0, sizeof *d);
	if (!(d->m = calloc(x->nmembers ? x->nmembers : 1, sizeof *d->m)))
		return err_set(e, "out of memory");
	d->n = x->nmembers;
	for (size_t i = 0; i < x->nmembers; i++) {
		struct ixp_member_data *md = &d->m[i];
		if (build_member(md, &x->members[i], db, &w, e) < 0)
			return -1;
		if (vrps && x->policy.rpki_as_irr && add_roas(md, vrps, e) < 0)
			return -1;
		d->prefixes4 += agg_count(&md->tree4);
		d->prefixes6 += agg_count(&md->tree6);
	}
	return 0;
}

void ixp_data_free(struct ixp_data *d)
{
	for (size_t i = 0; d->m && i < d->n; i++) {
		free(d->m[i].asns);
		agg_tree_free(&d->m[i].tree4);
		agg_tree_free(&d->m[i].tree6);
	}
	free(d->m);
	memset(d, 0, sizeof *d);
}

bool ixp_data_has_asn(const struct ixp_member_data *md, uint32_t asn)
{
	size_t lo = 0, hi = md->nasns;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (md->asns[mid] == asn)
			return true;
		if (md->asns[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

struct match {
	const struct prefix *p;
	bool exact_only; /* false: any covering entry counts (blackholes) */
	bool found;
};

static void match_entry(const struct agg_entry *en, void *arg)
{
	struct match *m = arg;
	if (m->found || !prefix_contains(en->p, m->p))
		return;
	if (!m->exact_only)
		m->found = true;
	else if (!en->aggregate)
		m->found = en->p->len == m->p->len;
	else
		m->found = m->p->len >= en->lo && m->p->len <= en->hi;
}

static bool lookup(const struct ixp_member_data *md, const struct prefix *p, bool exact)
{
	struct match m = {p, exact, false};
	agg_foreach(p->family == 4 ? &md->tree4 : &md->tree6, true, match_entry, &m);
	return m.found;
}

bool ixp_data_has_prefix(const struct ixp_member_data *md, const struct prefix *p)
{
	return lookup(md, p, true);
}

bool ixp_data_covers(const struct ixp_member_data *md, const struct prefix *p)
{
	return lookup(md, p, false);
}
