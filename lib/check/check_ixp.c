/* SPDX-License-Identifier: ISC */
/* check_ixp.c - the MANRS IXP actions that data can show (`--ixp ID`):
 * Action 4 (coordination): the share of the exchange's members (PeeringDB
 * netixlan of that ix) whose net has a public poc with a valid e-mail and
 * phone. Action 1 (route-server filtering), given an MRT dump of what the
 * route server passes on (its RIB, or updates it sent): which of three
 * filters let something through - RPKI-invalid routes, bogon prefixes or
 * bogon ASNs in the path, prefixes that no route object of their origin
 * covers; the score is the share of the filters (with data) that held. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"
#include "peeringdb/peeringdb.h"
#include "detect/input_mrt.h"
#include "irr/irr_db.h"
#include "policy/bogon.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static bool member_contact_ok(const struct pdb *d, uint32_t asn)
{
	const struct pdb_net *n = pdb_net_by_asn(d, asn);
	if (!n)
		return false;
	size_t np;
	const struct pdb_poc *p = pdb_pocs_of(d, n->id, &np);
	for (size_t i = 0; i < np; i++)
		if ((!strcasecmp(p[i].visible, "Public") || !strcasecmp(p[i].visible, "Users")) &&
		    check_email_valid(p[i].email) && check_phone_valid(p[i].phone))
			return true;
	return false;
}

static int members(const struct check_world *w, struct check_ixp *x, struct err *e)
{
	const struct pdb *d = w->pdb;
	x->member = malloc((d->nnxl ? d->nnxl : 1) * sizeof *x->member);
	if (!x->member)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < d->nnxl; i++)
		if (d->nxl[i].ix_id == x->ix_id && d->nxl[i].asn)
			x->member[x->nmembers++] = d->nxl[i].asn;
	qsort(x->member, x->nmembers, sizeof *x->member, cmp_u32);
	size_t n = 0;
	for (size_t i = 0; i < x->nmembers; i++)
		if (!n || x->member[n - 1] != x->member[i])
			x->member[n++] = x->member[i];
	x->nmembers = n;
	x->no_contact = malloc((n ? n : 1) * sizeof *x->no_contact);
	if (!x->no_contact)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (member_contact_ok(d, x->member[i]))
			x->contact_ok++;
		else
			x->no_contact[x->nno_contact++] = x->member[i];
	}
	return 0;
}

struct rs_scan {
	const struct check_world *w;
	struct check_ixp *x;
};

static void example(struct check_ixp *x, int kind, const struct route_event *ev)
{
	if (x->example[kind][0])
		return;
	char p[PREFIX_STRLEN];
	snprintf(x->example[kind], sizeof x->example[kind], "%s origin AS%u via AS%u",
	         prefix_format(&ev->pfx, p, sizeof p), ev->origin, ev->peer_as);
}

static int on_rs_route(void *arg, const struct route_event *ev, struct err *e)
{
	struct rs_scan *s = arg;
	struct check_ixp *x = s->x;
	const struct check_world *w = s->w;
	if (ev->type != ROUTE_EV_ANNOUNCE)
		return 0;
	x->rs_routes++;
	bool bad = false;
	if (w->have_vrps && rov_validate(&w->rov, &ev->pfx, ev->origin) == ROV_INVALID) {
		x->rs_bad[CK_RS_INVALID]++;
		example(x, CK_RS_INVALID, ev);
		bad = true;
	}
	struct bogon_verdict v;
	if (w->bogons && (bogon_check_prefix(w->bogons, &ev->pfx, &v) ||
	                  bogon_check_path(ev->path, ev->path_len) >= 0)) {
		x->rs_bad[CK_RS_BOGON]++;
		example(x, CK_RS_BOGON, ev);
		bad = true;
	}
	if (w->irr && ev->origin && !ck_irr_covers(w->irr, &ev->pfx, ev->origin)) {
		x->rs_bad[CK_RS_UNREGISTERED]++;
		example(x, CK_RS_UNREGISTERED, ev);
		bad = true;
	}
	x->rs_should_drop += bad;
	(void)e;
	return 0;
}

static int route_server(const struct check_world *w, const char *rs, struct check_ixp *x,
                        struct err *e)
{
	struct input_mrt_opts mo = {.rib = rs};
	struct input_mrt *in = input_mrt_new(&mo, e);
	if (!in)
		return -1;
	struct rs_scan s = {w, x};
	int rc = input_mrt_run(in, on_rs_route, &s, e);
	struct input_mrt_stats st;
	input_mrt_get_stats(in, &st);
	input_mrt_free(in);
	if (rc < 0)
		return -1;
	if (st.files_failed)
		return err_set(e, "%s: could not be read as MRT", rs);
	x->rs_problems = st.warnings;
	x->have_rs = true;
	return 0;
}

/* The share of the filters checked (those whose data was given) that let
 * nothing through: a route server filters or it does not, so one RPKI-invalid
 * route passed fails that filter whatever the table's size. */
static double rs_score(const struct check_world *w, const struct check_ixp *x)
{
	bool checked[CK_RS_NKINDS] = {w->have_vrps, w->bogons != NULL, w->irr != NULL};
	int n = 0, ok = 0;
	for (int k = 0; k < CK_RS_NKINDS; k++)
		if (checked[k]) {
			n++;
			ok += x->rs_bad[k] == 0;
		}
	return n ? 100.0 * ok / n : -1;
}

static enum check_status status(double s, double ready, double aspiring)
{
	return s < 0 ? CK_NODATA : s >= ready ? CK_READY : s >= aspiring ? CK_ASPIRING : CK_LAGGING;
}

int check_ixp_compute(const struct check_world *w, uint32_t ix_id, const char *rs_mrt,
                      const struct check_cutoffs *c, struct check_ixp *x, struct err *e)
{
	memset(x, 0, sizeof *x);
	x->ix_id = ix_id;
	if (!w->pdb)
		return err_set(e, "--ixp needs PeeringDB data (--peeringdb)");
	const struct pdb_ix *ix = pdb_ix_by_id(w->pdb, ix_id);
	if (ix)
		ck_copy(x->name, sizeof x->name, ix->name);
	if (members(w, x, e) < 0)
		return -1;
	if (!ix && !x->nmembers)
		return err_set(e, "ix %u: not in the PeeringDB data given (no ix, no netixlan)",
		               ix_id);
	if (rs_mrt && route_server(w, rs_mrt, x, e) < 0)
		return -1;
	x->score[0] = x->have_rs ? rs_score(w, x) : -1;
	x->score[1] = x->nmembers ? 100.0 * (double)x->contact_ok / (double)x->nmembers : -1;
	x->status[0] = status(x->score[0], c->ready[CK_FILTERING], c->aspiring[CK_FILTERING]);
	x->status[1] = status(x->score[1], c->ready[CK_COORDINATION], c->aspiring[CK_COORDINATION]);
	return 0;
}

void check_ixp_free(struct check_ixp *x)
{
	free(x->member);
	free(x->no_contact);
	memset(x, 0, sizeof *x);
}
