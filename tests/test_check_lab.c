/* SPDX-License-Identifier: ISC */
/* test_check_lab.c - manrs check against the lab's ground truth: every
 * metric of many ASes equals what the lab planted (incidents, ROAs, route
 * objects, contacts), computed here from the lab's own tables with its own
 * brute-force verdicts (lab_truth.h), not through lib/rpki or lib/irr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "check/check.h"
#include "lab/lab.h"
#include "lab/lab_contacts.h"
#include "lab/lab_truth.h"
#include "lab/lab_write.h"

struct fixture {
	struct lab lab;
	char dir[64];
	char paths[8][128];
	const char *upd[1], *irr[2], *pdb[1];
	struct check_world *w;
	uint32_t data_end;
};

static struct fixture F;

static int setup(void **state)
{
	struct lab_opts o;
	struct err e;
	lab_opts_default(&o);
	assert_int_equal(lab_build(&F.lab, &o, &e), 0);
	snprintf(F.dir, sizeof F.dir, "/tmp/test_check_lab.XXXXXX");
	assert_non_null(mkdtemp(F.dir));
	assert_int_equal(lab_write_dir(&F.lab, F.dir, &e), 0);
	const char *names[8] = {"rib.mrt",         "updates.mrt", "vrps.json",      "irr.db",
	                        "irr-contacts.db", "as-rel.txt",  "peeringdb.json", "spoofer.csv"};
	for (int i = 0; i < 8; i++)
		snprintf(F.paths[i], sizeof F.paths[i], "%s/%s", F.dir, names[i]);
	F.upd[0] = F.paths[1];
	F.irr[0] = F.paths[3];
	F.irr[1] = F.paths[4];
	F.pdb[0] = F.paths[6];
	struct check_inputs in = {.rib = F.paths[0],
	                          .updates = F.upd,
	                          .nupdates = 1,
	                          .vrps = F.paths[2],
	                          .irr = F.irr,
	                          .nirr = 2,
	                          .asrel = F.paths[5],
	                          .pdb = F.pdb,
	                          .npdb = 1,
	                          .bogons = true,
	                          .spoofer = F.paths[7]};
	F.w = check_world_load(&in, &e);
	if (!F.w)
		fprintf(stderr, "%s\n", e.msg);
	assert_non_null(F.w);
	for (size_t i = 0; i < F.lab.nev; i++)
		if (F.lab.ev[i].time > F.data_end)
			F.data_end = F.lab.ev[i].time;
	(void)state;
	return 0;
}

static int teardown(void **state)
{
	check_world_free(F.w);
	const char *names[] = {"as-rel.txt",     "vrps.json",      "irr.db",
	                       "rib.mrt",        "updates.mrt",    "updates-addpath.mrt",
	                       "stream.bmp",     "incidents.json", "prefixes.yml",
	                       "config.yml",     "README",         "irr-contacts.db",
	                       "peeringdb.json", "spoofer.csv"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s/%s", F.dir, names[i]);
		unlink(p);
	}
	rmdir(F.dir);
	lab_free(&F.lab);
	(void)state;
	return 0;
}

/* The metric a planted incident belongs to; -1 for those global mode does
 * not raise (ROA mistake: M7RPKI; squat, path anomaly, visibility loss:
 * they need a monitored scope). */
static int kind_metric(enum lab_kind k)
{
	switch (k) {
	case LAB_ROUTE_LEAK:
	case LAB_OTC_LEAK:
	case LAB_ASPA_LEAK:
		return CK_M1;
	case LAB_ORIGIN_HIJACK:
	case LAB_SUBPREFIX_HIJACK:
		return CK_M2;
	case LAB_BOGON_PREFIX:
		return CK_M3;
	case LAB_BOGON_ASN:
		return CK_M4;
	default:
		return -1;
	}
}

static bool is_customer(int as, uint32_t asn)
{
	const struct lab_ivec *c = &F.lab.as[as].cust;
	for (size_t i = 0; i < c->n; i++)
		if (F.lab.as[c->v[i]].asn == asn)
			return true;
	return false;
}

struct span {
	uint32_t s, e;
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->s != y->s ? (x->s < y->s ? -1 : 1) : (x->e > y->e) - (x->e < y->e);
}

/* Expected (events, incidents, weight) of metric m for AS index as. */
static void expect_filter(int as, int m, unsigned *events, unsigned *incidents, double *weight)
{
	struct span sp[LAB_KIND_COUNT];
	size_t n = 0;
	for (size_t i = 0; i < F.lab.ninc; i++) {
		const struct lab_incident *x = &F.lab.inc[i];
		int km = kind_metric(x->kind);
		if (km < 0)
			continue;
		bool own = x->actor == F.lab.as[as].asn;
		if ((m == km && own) || (m == km + 1 && !own && is_customer(as, x->actor)))
			sp[n++] = (struct span){x->start, x->end ? x->end : F.data_end};
	}
	qsort(sp, n, sizeof *sp, cmp_span);
	*events = (unsigned)n;
	*incidents = 0;
	*weight = 0;
	for (size_t i = 0; i < n;) {
		struct span cur = sp[i++];
		while (i < n && sp[i].s <= cur.e)
			cur.e = sp[i].e > cur.e ? sp[i].e : cur.e, i++;
		(*incidents)++;
		*weight += check_incident_weight(cur.e - cur.s);
	}
}

struct pfxset {
	struct prefix v[4096];
	size_t n;
};

static void pfx_add(struct pfxset *s, const struct prefix *p)
{
	for (size_t i = 0; i < s->n; i++)
		if (prefix_equal(&s->v[i], p))
			return;
	assert_true(s->n < 4096);
	s->v[s->n++] = *p;
}

/* Every prefix the lab's RIB and updates show with origin asn. */
static void announced(uint32_t asn, struct pfxset *s)
{
	s->n = 0;
	for (size_t r = 0; r < F.lab.nroutes; r++)
		for (size_t k = 0; k < F.lab.npeers; k++) {
			const struct lab_path *p = &F.lab.rib[r * F.lab.npeers + k];
			if (p->len && p->as[p->len - 1] == asn)
				pfx_add(s, &F.lab.routes[r].pfx);
		}
	for (size_t i = 0; i < F.lab.nev; i++) {
		const struct lab_event *ev = &F.lab.ev[i];
		if (ev->type == LAB_EV_ANNOUNCE && ev->path.len &&
		    ev->path.as[ev->path.len - 1] == asn)
			pfx_add(s, &ev->pfx);
	}
}

static bool irr_registered(const struct prefix *p, uint32_t asn)
{
	for (size_t i = 0; i < F.lab.nroutes; i++) {
		const struct lab_route *r = &F.lab.routes[i];
		if (r->irr && F.lab.as[r->origin].asn == asn && prefix_contains(&r->pfx, p))
			return true;
	}
	return false;
}

static void check_one(int as)
{
	struct check_cutoffs cut;
	struct check_as a;
	struct err e;
	uint32_t asn = F.lab.as[as].asn;
	check_cutoffs_default(&cut);
	assert_int_equal(check_as_compute(F.w, asn, &cut, &a, &e), 0);
	for (int m = 0; m < CK_NFILTER; m++) {
		unsigned ev, inc;
		double wt;
		expect_filter(as, m, &ev, &inc, &wt);
		if (a.filt[m].events != ev || a.filt[m].nincidents != inc)
			fprintf(stderr, "AS%u %s: got %u events %u incidents, want %u %u\n", asn,
			        check_metric_name((enum check_metric_id)m), a.filt[m].events,
			        a.filt[m].nincidents, ev, inc);
		assert_int_equal(a.filt[m].events, ev);
		assert_int_equal(a.filt[m].nincidents, inc);
		assert_true(a.filt[m].weight == wt);
		assert_true(a.m[m] == 100.0 / (1 + wt));
	}
	struct pfxset *s = malloc(sizeof *s);
	assert_non_null(s);
	announced(asn, s);
	unsigned rov[3] = {0}, reg = 0;
	for (size_t i = 0; i < s->n; i++) {
		rov[lab_truth_rov(&F.lab, &s->v[i], asn)]++;
		reg += irr_registered(&s->v[i], asn);
	}
	assert_int_equal(a.nroutes, s->n);
	/* lab_truth names states LAB_ROV_NOTFOUND/VALID/INVALID = 0/1/2, as rov_state */
	assert_int_equal(a.rov[0], rov[LAB_ROV_NOTFOUND]);
	assert_int_equal(a.rov[1], rov[LAB_ROV_VALID]);
	assert_int_equal(a.rov[2], rov[LAB_ROV_INVALID]);
	assert_int_equal(a.irr_registered, reg);
	if (s->n) {
		double want = 100.0 * ((double)rov[1] - 10.0 * rov[2]) / (double)s->n;
		assert_true(a.m[CKM_M7RPKI] == (want < 0 ? 0 : want));
		assert_true(a.m[CKM_M7IRR] == 100.0 * reg / (double)s->n);
	}
	free(s);
	struct lab_contacts c;
	lab_contacts_plan(&F.lab, (size_t)as, &c);
	assert_int_equal(a.irr_contact_ok, c.irr == LAB_IRRC_OK);
	assert_int_equal(a.pdb_net, c.pdb != LAB_PDBC_NO_NET);
	assert_int_equal(a.pdb_contact_ok, c.pdb == LAB_PDBC_OK);
	double irr = c.irr == LAB_IRRC_OK ? 100 : 0;
	double pdb = c.pdb == LAB_PDBC_OK                                      ? 100
	             : c.pdb == LAB_PDBC_PRIVATE || c.pdb == LAB_PDBC_NO_PHONE ? 50
	                                                                       : 0;
	assert_true(a.m[CKM_M6] == (irr + pdb) / 2);
	/* Spoofer: the AS's own tests (M5), its customers' (M5C); untested is no data */
	unsigned tests, spoofable, ctests = 0, cspoof = 0;
	lab_spoofer_plan(&F.lab, (size_t)as, &tests, &spoofable);
	const struct lab_ivec *cu = &F.lab.as[as].cust;
	for (size_t i = 0; i < cu->n; i++) {
		unsigned t, sp;
		lab_spoofer_plan(&F.lab, (size_t)cu->v[i], &t, &sp);
		ctests += t;
		cspoof += sp;
	}
	assert_int_equal(a.spoof_tests, tests);
	assert_int_equal(a.spoof_prefixes_spoofable, spoofable);
	assert_true(tests ? a.m[CKM_M5] == 100.0 / (1 + spoofable) : a.m[CKM_M5] < 0);
	assert_int_equal(a.spoof_cust_tests, ctests);
	assert_int_equal(a.spoof_cust_spoofable, cspoof);
	assert_true(ctests ? a.m[CKM_M5C] == 100.0 / (1 + cspoof) : a.m[CKM_M5C] < 0);
	/* every path neighbour is a lab link, and irr.db's aut-nums name every link */
	for (size_t i = 0; i < a.nneighbours; i++) {
		int nb = lab_find_as(&F.lab, a.neighbours[i]);
		assert_true(nb >= 0);
		assert_true(lab_ivec_has(&F.lab.as[as].prov, nb) ||
		            lab_ivec_has(&F.lab.as[as].cust, nb) ||
		            lab_ivec_has(&F.lab.as[as].peer, nb));
	}
	assert_int_equal(a.documented, a.nneighbours);
	assert_true(a.m[CKM_M8] == 100);
	if (!tests && !ctests)
		assert_int_equal(a.status[CK_ANTISPOOFING], CK_NODATA);
	check_as_free(&a);
}

/* Every AS an incident involves (actor, its providers), and every tenth. */
static void test_ground_truth(void **state)
{
	(void)state;
	size_t checked = 0;
	for (size_t i = 0; i < F.lab.nas; i++) {
		bool pick = i % 10 == 0;
		for (size_t k = 0; k < F.lab.ninc && !pick; k++)
			pick = F.lab.inc[k].actor == F.lab.as[i].asn ||
			       is_customer((int)i, F.lab.inc[k].actor);
		if (pick) {
			check_one((int)i);
			checked++;
		}
	}
	assert_true(checked >= 30);
}

/* The planted leaks of AS2014's sort (two overlapping events) are one
 * incident: the framework's merge rule. */
static void test_merge_overlapping(void **state)
{
	(void)state;
	bool seen = false;
	for (size_t i = 0; i < F.lab.nas; i++) {
		unsigned ev, inc;
		double wt;
		expect_filter((int)i, CK_M1, &ev, &inc, &wt);
		if (ev > inc) {
			struct check_cutoffs cut;
			struct check_as a;
			struct err e;
			check_cutoffs_default(&cut);
			assert_int_equal(check_as_compute(F.w, F.lab.as[i].asn, &cut, &a, &e), 0);
			assert_int_equal(a.filt[CK_M1].nincidents, inc);
			assert_true(a.filt[CK_M1].events > a.filt[CK_M1].nincidents);
			check_as_free(&a);
			seen = true;
		}
	}
	assert_true(seen);
}

static void test_weights(void **state)
{
	(void)state;
	/* the framework's example: 29 min, 13 h and 25 h make 0.5 + 1 + 2 */
	assert_true(check_incident_weight(29 * 60) == 0.5);
	assert_true(check_incident_weight(13 * 3600) == 1);
	assert_true(check_incident_weight(25 * 3600) == 2);
	assert_true(check_incident_weight(30 * 60) == 1);
	assert_true(check_incident_weight(49 * 3600) == 3);
}

static void test_email_phone(void **state)
{
	(void)state;
	assert_true(check_email_valid("noc@as1.lab.example"));
	assert_true(check_email_valid("a.b+c@example.net"));
	assert_false(check_email_valid("noc at as1 lab example"));
	assert_false(check_email_valid("noc@as1"));
	assert_false(check_email_valid("@example.net"));
	assert_false(check_email_valid("a..b@example.net"));
	assert_false(check_email_valid("a@b@example.net"));
	assert_true(check_phone_valid("+1 555 0100"));
	assert_false(check_phone_valid(""));
	assert_false(check_phone_valid("call us"));
}

static void test_cutoffs(void **state)
{
	(void)state;
	struct check_cutoffs c;
	struct err e;
	check_cutoffs_default(&c);
	assert_int_equal(check_cutoffs_parse(&c, "filtering=95,60", &e), 0);
	assert_true(c.ready[CK_FILTERING] == 95 && c.aspiring[CK_FILTERING] == 60);
	assert_true(c.ready[CK_GLOBAL] == 90);
	assert_int_equal(check_cutoffs_parse(&c, "all=80,40", &e), 0);
	assert_true(c.ready[CK_GLOBAL] == 80);
	assert_int_equal(check_cutoffs_parse(&c, "filtering=40,60", &e), -1);
	assert_int_equal(check_cutoffs_parse(&c, "nothing=90,50", &e), -1);
	assert_int_equal(check_cutoffs_parse(&c, "filtering", &e), -1);
}

/* --ixp: the lab's exchange (tier 1s and collector peers) against the
 * contact plan, and its route server judged on rib.mrt against the lab's
 * own ROV and route objects. */
static void test_ixp(void **state)
{
	(void)state;
	struct check_cutoffs cut;
	struct check_ixp x;
	struct err e;
	check_cutoffs_default(&cut);
	assert_int_equal(check_ixp_compute(F.w, LAB_IX_ID, F.paths[0], &cut, &x, &e), 0);
	size_t members = 0, ok = 0;
	for (size_t i = 0; i < F.lab.nas; i++) {
		bool member = F.lab.as[i].tier == LAB_TIER1;
		for (size_t p = 0; p < F.lab.npeers; p++)
			member |= (size_t)F.lab.peers[p].as == i;
		if (!member)
			continue;
		struct lab_contacts c;
		lab_contacts_plan(&F.lab, i, &c);
		members++;
		ok += c.pdb == LAB_PDBC_OK;
	}
	assert_int_equal(x.nmembers, members);
	assert_int_equal(x.contact_ok, ok);
	size_t routes = 0, invalid = 0, unreg = 0;
	for (size_t r = 0; r < F.lab.nroutes; r++)
		for (size_t k = 0; k < F.lab.npeers; k++) {
			const struct lab_path *p = &F.lab.rib[r * F.lab.npeers + k];
			if (!p->len)
				continue;
			uint32_t origin = p->as[p->len - 1];
			routes++;
			invalid +=
			    lab_truth_rov(&F.lab, &F.lab.routes[r].pfx, origin) == LAB_ROV_INVALID;
			unreg += !irr_registered(&F.lab.routes[r].pfx, origin);
		}
	assert_true(x.have_rs);
	assert_int_equal(x.rs_routes, routes);
	assert_int_equal(x.rs_bad[CK_RS_INVALID], invalid);
	assert_int_equal(x.rs_bad[CK_RS_UNREGISTERED], unreg);
	assert_true(invalid > 0 && x.status[0] != CK_READY); /* the collector filters nothing */
	check_ixp_free(&x);
	assert_int_equal(check_ixp_compute(F.w, 999, NULL, &cut, &x, &e), -1);
	assert_non_null(strstr(e.msg, "999"));
	check_ixp_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ground_truth), cmocka_unit_test(test_merge_overlapping),
	    cmocka_unit_test(test_weights),      cmocka_unit_test(test_email_phone),
	    cmocka_unit_test(test_cutoffs),      cmocka_unit_test(test_ixp),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
