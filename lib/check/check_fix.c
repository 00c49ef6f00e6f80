/* SPDX-License-Identifier: ISC */
/* check_fix.c - what to change, ordered by impact: ROAs for RPKI-invalid
 * routes first (they are dropped by validating networks), incidents to
 * investigate, ROAs for unsigned routes, route objects, contacts, policy,
 * then per customer the filter to deploy. */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "core/grow.h"
#include "detect/as_rel.h"
#include "irr/irr_db.h"

enum {
	IMPACT_INVALID = 100,
	IMPACT_INCIDENT = 80,
	IMPACT_ROA = 60,
	IMPACT_ROUTE = 50,
	IMPACT_CONTACT = 40,
	IMPACT_POLICY = 20,
	IMPACT_FILTER = 10
};

static const char *kind_names[] = {"roa-invalid", "roa",    "route-object", "contact",
                                   "policy",      "filter", "incident"};

const char *check_fix_kind_name(enum check_fix_kind k)
{
	return k <= CK_FIX_INCIDENT ? kind_names[k] : "?";
}

static struct check_fix *push(struct check_fixes *f, enum check_fix_kind k, int impact)
{
	struct check_fix *v = GROW(f->v, f->cap, f->n + 1);
	if (!v)
		return NULL;
	f->v = v;
	struct check_fix *x = &f->v[f->n++];
	memset(x, 0, sizeof *x);
	x->kind = k;
	x->impact = impact;
	return x;
}

static int route_fixes(const struct check_as *a, const struct check_have *h, struct check_fixes *f)
{
	for (size_t i = 0; i < a->nroutes; i++) {
		const struct check_route *r = &a->routes[i];
		char p[PREFIX_STRLEN];
		prefix_format(&r->pfx, p, sizeof p);
		if (h->vrps && r->rov != 1) {
			bool inv = r->rov == 2;
			struct check_fix *x = push(f, inv ? CK_FIX_ROA_INVALID : CK_FIX_ROA,
			                           inv ? IMPACT_INVALID : IMPACT_ROA);
			if (!x)
				return -1;
			x->pfx = r->pfx;
			x->maxlen = r->pfx.len;
			x->asn = a->asn;
			snprintf(x->text, sizeof x->text, "create a ROA: AS%u %s maxLength %u%s",
			         a->asn, p, r->pfx.len,
			         inv ? (r->rov_why == 2
			                    ? " (announced longer than the ROA's maxLength: "
			                      "the route is RPKI-invalid)"
			                    : " (no ROA names this origin: the route is "
			                      "RPKI-invalid; if the announcement is not yours, "
			                      "withdraw it instead)")
			             : " (the route is not covered by any ROA)");
		}
		if (h->irr && !r->irr) {
			struct check_fix *x = push(f, CK_FIX_ROUTE_OBJ, IMPACT_ROUTE);
			if (!x)
				return -1;
			x->pfx = r->pfx;
			x->asn = a->asn;
			snprintf(x->text, sizeof x->text, "register a %s object: %s origin AS%u",
			         r->pfx.family == 4 ? "route" : "route6", p, a->asn);
		}
	}
	return 0;
}

static int text_fix(struct check_fixes *f, enum check_fix_kind k, int impact, const char *text)
{
	struct check_fix *x = push(f, k, impact);
	if (!x)
		return -1;
	ck_copy(x->text, sizeof x->text, text);
	return 0;
}

static int contact_fixes(const struct check_as *a, const struct check_have *h,
                         struct check_fixes *f)
{
	char t[256];
	if (h->irr && !a->autnum) {
		snprintf(t, sizeof t,
		         "register an aut-num for AS%u with admin-c, tech-c and abuse-c", a->asn);
		if (text_fix(f, CK_FIX_CONTACT, IMPACT_CONTACT, t))
			return -1;
	} else if (h->irr && !a->ncontacts) {
		snprintf(t, sizeof t, "aut-num AS%u names no admin-c, tech-c or abuse-c: add them",
		         a->asn);
		if (text_fix(f, CK_FIX_CONTACT, IMPACT_CONTACT, t))
			return -1;
	}
	for (unsigned i = 0; i < a->ncontacts; i++) {
		const struct check_contact *c = &a->contacts[i];
		if (c->found && c->email_ok)
			continue;
		if (!c->found)
			snprintf(t, sizeof t,
			         "aut-num AS%u %s %s: no role or person object with that "
			         "nic-hdl in the IRR data given (create it, with an e-mail, if it "
			         "is missing)",
			         a->asn, c->attr, c->handle);
		else
			snprintf(t, sizeof t, "%s (%s of AS%u): e-mail \"%.80s\" is %s; fix it",
			         c->handle, c->attr, a->asn, c->email,
			         c->email[0] ? "not a valid address" : "missing");
		if (text_fix(f, CK_FIX_CONTACT, IMPACT_CONTACT - 1, t))
			return -1;
	}
	if (h->pdb && !a->pdb_net) {
		snprintf(t, sizeof t,
		         "create a PeeringDB net record for AS%u with a public NOC "
		         "contact (e-mail and phone)",
		         a->asn);
		return text_fix(f, CK_FIX_CONTACT, IMPACT_CONTACT - 2, t);
	}
	if (h->pdb && !a->pdb_contact_ok) {
		snprintf(t, sizeof t,
		         "PeeringDB net of AS%u: add a poc with visibility Public, a "
		         "valid e-mail and a phone number",
		         a->asn);
		return text_fix(f, CK_FIX_CONTACT, IMPACT_CONTACT - 2, t);
	}
	return 0;
}

static const char *rel_word(const struct check_world *w, uint32_t a, uint32_t b)
{
	switch (w->asrel ? as_rel_get(w->asrel, a, b) : AS_REL_NONE) {
	case AS_REL_P2C:
		return "customer ";
	case AS_REL_C2P:
		return "provider ";
	case AS_REL_P2P:
		return "peer ";
	default:
		return "";
	}
}

/* One fix per neighbour the aut-num does not name (M8). */
static int policy_fixes(const struct check_world *w, const struct check_as *a,
                        const struct check_have *h, struct check_fixes *f)
{
	if (!h->irr || !a->autnum)
		return 0;
	for (size_t i = 0; i < a->nundocumented; i++) {
		uint32_t n = a->undocumented[i];
		char t[256];
		snprintf(
		    t, sizeof t,
		    "aut-num AS%u: no import/export for its %sneighbour AS%u; add \"import: from "
		    "AS%u accept ...\" and \"export: to AS%u announce ...\"",
		    a->asn, rel_word(w, n, a->asn), n, n, n);
		struct check_fix *x = push(f, CK_FIX_POLICY, IMPACT_POLICY);
		if (!x)
			return -1;
		x->asn = n;
		ck_copy(x->text, sizeof x->text, t);
	}
	return 0;
}

static bool customer_had_incident(const struct check_as *a, uint32_t c)
{
	char needle[24];
	snprintf(needle, sizeof needle, "by AS%u:", c);
	for (int m = 1; m < CK_NFILTER; m += 2)
		for (unsigned i = 0; i < a->filt[m].nincidents; i++)
			if (strstr(a->filt[m].inc[i].what, needle))
				return true;
	return false;
}

/* "--db F " for each IRR dump given, so the printed command runs as is;
 * without dumps, manrs irr filter asks its default IRRd (or MANRS_IRR_DB). */
static void db_args(const struct check_world *w, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	for (size_t i = 0; i < w->nirr_paths && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "--db %s ", w->irr_paths[i]);
	if (len >= n)
		buf[0] = 0; /* too long to print: leave the source to the reader */
}

static int filter_fixes(const struct check_world *w, const struct check_as *a,
                        struct check_fixes *f)
{
	char db[141];
	db_args(w, db, sizeof db);
	for (size_t i = 0; i < a->ncustomers; i++) {
		uint32_t c = a->customers[i];
		bool bad = customer_had_incident(a, c);
		struct check_fix *x = push(f, CK_FIX_FILTER, IMPACT_FILTER + (bad ? 65 : 0));
		if (!x)
			return -1;
		x->asn = c;
		snprintf(x->text, sizeof x->text,
		         "manrs irr filter %s-4 -A -l AS%u-IN AS%u; manrs irr filter %s-6 -A -l "
		         "AS%u-IN-V6 AS%u%s",
		         db, c, c, db, c, c, bad ? "   (this customer caused an incident)" : "");
	}
	return 0;
}

/* Length of an incident's key: "type prefix by ASn" before the ':'. */
static size_t key_len(const char *what)
{
	const char *c = strchr(what, ':');
	return c ? (size_t)(c - what) : strlen(what);
}

/* Incidents of one metric with the same key as inc[i], and their weight;
 * false when an earlier incident has that key (its fix covers this one). */
static bool same_key(const struct check_filter *fl, unsigned i, unsigned *n, double *weight)
{
	const char *w = fl->inc[i].what;
	size_t k = key_len(w);
	*n = 0;
	*weight = 0;
	for (unsigned j = 0; j < fl->nincidents; j++) {
		const char *o = fl->inc[j].what;
		if (key_len(o) != k || strncmp(o, w, k))
			continue;
		if (j < i)
			return false;
		(*n)++;
		*weight += fl->inc[j].weight;
	}
	return true;
}

/* One fix per offending (type, prefix, offender): a flapping hijack is
 * many incidents but one thing to investigate. */
static int incident_fixes(const struct check_as *a, struct check_fixes *f)
{
	static const char *what[CK_NFILTER] = {
	    "route leak by the AS",      "route leak by a customer",
	    "possible hijack by the AS", "possible hijack by a customer",
	    "bogon prefix from the AS",  "bogon prefix from a customer",
	    "bogon ASN from the AS",     "bogon ASN from a customer"};
	for (int m = 0; m < CK_NFILTER; m++)
		for (unsigned i = 0; i < a->filt[m].nincidents; i++) {
			unsigned n;
			double wt;
			if (!same_key(&a->filt[m], i, &n, &wt))
				continue;
			struct check_fix *x = push(f, CK_FIX_INCIDENT, IMPACT_INCIDENT - (m & 1));
			if (!x)
				return -1;
			const char *w = a->filt[m].inc[i].what;
			char times[48] = "";
			if (n > 1)
				snprintf(times, sizeof times, ", %u incidents, weight %g", n, wt);
			snprintf(x->text, sizeof x->text, "%s (%s): %.*s%s:%.250s", what[m],
			         check_metric_name((enum check_metric_id)m), (int)key_len(w), w,
			         times, w + key_len(w) + (w[key_len(w)] ? 1 : 0));
		}
	return 0;
}

static int cmp_fix(const void *x, const void *y)
{
	const struct check_fix *a = x, *b = y;
	if (a->impact != b->impact)
		return b->impact - a->impact;
	if (a->pfx.family && b->pfx.family)
		return prefix_cmp(&a->pfx, &b->pfx);
	return strcmp(a->text, b->text);
}

int check_fixes_build(const struct check_world *w, const struct check_as *a, struct check_fixes *f,
                      struct err *e)
{
	struct check_have h;
	check_world_have(w, &h);
	memset(f, 0, sizeof *f);
	if (route_fixes(a, &h, f) || incident_fixes(a, f) || contact_fixes(a, &h, f) ||
	    policy_fixes(w, a, &h, f) || filter_fixes(w, a, f))
		return err_set(e, "out of memory");
	if (f->n)
		qsort(f->v, f->n, sizeof *f->v, cmp_fix);
	return 0;
}

void check_fixes_free(struct check_fixes *f)
{
	free(f->v);
	memset(f, 0, sizeof *f);
}

void check_fix_rpki_client(const struct check_fix *x, char *buf, size_t n)
{
	char p[PREFIX_STRLEN];
	if (x->kind != CK_FIX_ROA && x->kind != CK_FIX_ROA_INVALID) {
		*buf = 0;
		return;
	}
	snprintf(buf, n, "{ \"asn\": %u, \"prefix\": \"%s\", \"maxLength\": %u }", x->asn,
	         prefix_format(&x->pfx, p, sizeof p), x->maxlen);
}

void check_fix_portal_csv(const struct check_fix *x, char *buf, size_t n)
{
	char p[PREFIX_STRLEN];
	if (x->kind != CK_FIX_ROA && x->kind != CK_FIX_ROA_INVALID) {
		*buf = 0;
		return;
	}
	snprintf(buf, n, "AS%u,%s,%u", x->asn, prefix_format(&x->pfx, p, sizeof p), x->maxlen);
}

void check_fix_rpsl(const struct check_fix *x, char *buf, size_t n)
{
	char p[PREFIX_STRLEN];
	if (x->kind != CK_FIX_ROUTE_OBJ) {
		*buf = 0;
		return;
	}
	const char *cls = x->pfx.family == 4 ? "route:  " : "route6: ";
	snprintf(buf, n,
	         "%s %s\ndescr:   announced by AS%u\norigin:  AS%u\nmnt-by:  MAINT-AS%u\n"
	         "source:  RIPE\n",
	         cls, prefix_format(&x->pfx, p, sizeof p), x->asn, x->asn, x->asn);
}
