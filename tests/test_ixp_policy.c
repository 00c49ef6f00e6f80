/* SPDX-License-Identifier: ISC */
/* test_ixp_policy.c - members' AS-SETs expanded from RPSL, the policy of
 * each check in C (reject / tag / off), and manrs ixp check over MRT RIBs
 * written with lib/bgp's writer: accepted-but-should-not, untagged and
 * dropped-but-should-not. The same IXP as tests/interop/data/ixp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bgp/mrt_write.h"
#include "irr/irr_db.h"
#include "ixp/ixp_check.h"
#include "ixp/ixp_reason.h"

#define DATA "tests/interop/data/ixp/"

struct world {
	struct ixp x;
	struct irr_db *db;
	struct rpki_set rpki;
	struct rov_index rov;
	struct bogon_set *bogons;
	struct ixp_data d;
	struct ixp_checker c;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	struct err e;
	if (ixp_init(&w->x, &e) < 0 || ixp_load_yaml(&w->x, DATA "ixp.yml", &e) < 0)
		fail_msg("%s", e.msg);
	w->db = irr_db_new();
	if (irr_db_load_file(w->db, DATA "irr.db", NULL, &e) < 0 || irr_db_finish(w->db, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_init(&w->rpki);
	if (rpki_set_load_file(&w->rpki, DATA "vrps.json", &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&w->rpki);
	if (rov_index_build(&w->rov, &w->rpki, &e) < 0 || !(w->bogons = bogon_set_new(true, &e)))
		fail_msg("%s", e.msg);
	if (ixp_data_build(&w->d, &w->x, w->db, &w->rpki, NULL, NULL, &e) < 0)
		fail_msg("%s", e.msg);
	w->c = (struct ixp_checker){&w->x, &w->d, &w->rov, &w->rpki, w->bogons};
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	ixp_data_free(&w->d);
	bogon_set_free(w->bogons);
	rov_index_free(&w->rov);
	rpki_set_free(&w->rpki);
	irr_db_free(w->db);
	ixp_free(&w->x);
	free(w);
	return 0;
}

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) < 0)
		fail_msg("%s", e.msg);
	return p;
}

static void
test_expansion(void **state)
{
	struct world *w = *state;
	const struct ixp_member_data *one = &w->d.m[0];
	assert_int_equal(one->nasns, 2);
	assert_int_equal(one->asns[0], 10001);
	assert_int_equal(one->asns[1], 10010);
	struct prefix p = P("23.10.0.0/16"), q = P("23.10.0.0/17"), r = P("23.2.0.0/16");
	assert_true(ixp_data_has_prefix(one, &p));
	assert_false(ixp_data_has_prefix(one, &q));
	assert_true(ixp_data_covers(one, &q));
	assert_false(ixp_data_has_prefix(one, &r));
	assert_int_equal(w->d.prefixes4, 8);
}

/* Evaluate a route from member m (0-based) with next hop 192.0.2.1(m+1). */
static struct ixp_verdict eval(struct world *w, size_t m, const char *pfx, const uint32_t *path,
                               size_t n, uint32_t community)
{
	char nh[32];
	snprintf(nh, sizeof nh, "192.0.2.1%zu", m + 1);
	struct ixp_route r = {.pfx = P(pfx),
	                      .path = path,
	                      .npath = n,
	                      .has_next_hop = true,
	                      .next_hop = P(nh),
	                      .communities = &community,
	                      .ncommunities = community != 0};
	struct ixp_verdict v;
	ixp_evaluate(&w->c, m, &r, &v);
	return v;
}

#define BIT(r) (1u << (r))

static void test_verdicts(void **state)
{
	struct world *w = *state;
	const uint32_t one[] = {10001}, leak1[] = {10001, 10010}, two[] = {10002},
	               leak2[] = {10002, 10010}, three[] = {10003}, wrong[] = {10002, 10003},
	               bogon[] = {10001, 64512}, tf[] = {10001, 3356, 10010};
	struct ixp_verdict v = eval(w, 0, "23.1.0.0/16", one, 1, 0);
	assert_true(v.accept);
	assert_int_equal(v.tagged, 0);
	v = eval(w, 0, "23.10.0.0/16", leak1, 2, 0);
	assert_true(v.accept); /* 10010's ASPA names 10001 */
	assert_int_equal(eval(w, 0, "23.11.0.0/16", one, 1, 0).rejected, BIT(IXP_R_RPKI_INVALID));
	assert_int_equal(eval(w, 0, "10.0.0.0/8", one, 1, 0).rejected,
	                 BIT(IXP_R_BOGON_PREFIX) | BIT(IXP_R_IRR_PREFIX));
	assert_int_equal(eval(w, 1, "23.99.0.0/16", two, 1, 0).rejected, BIT(IXP_R_IRR_PREFIX));
	assert_int_equal(eval(w, 1, "23.12.0.0/16", leak2, 2, 0).rejected, BIT(IXP_R_ASPA_INVALID));
	assert_int_equal(eval(w, 2, "23.30.0.0/16", wrong, 2, 0).rejected & BIT(IXP_R_FIRST_AS),
	                 BIT(IXP_R_FIRST_AS));
	assert_true(eval(w, 0, "23.1.0.0/16", bogon, 2, 0).rejected & BIT(IXP_R_BOGON_ASN));
	assert_true(eval(w, 0, "23.10.0.0/16", tf, 3, 0).rejected & BIT(IXP_R_TRANSIT_FREE));
	assert_int_equal(eval(w, 0, "23.1.77.77/32", one, 1, 0).rejected,
	                 BIT(IXP_R_PREFIX_LEN) | BIT(IXP_R_IRR_PREFIX) | BIT(IXP_R_RPKI_INVALID));
	/* member 3's IRR failures are tagged */
	v = eval(w, 2, "23.33.0.0/16", three, 1, 0);
	assert_true(v.accept);
	assert_int_equal(v.tagged, BIT(IXP_R_IRR_PREFIX));
	/* blackholes: inside the member's route objects only */
	v = eval(w, 0, "23.1.2.3/32", one, 1, 0xFFFF029A);
	assert_true(v.accept && v.blackhole);
	assert_int_equal(eval(w, 0, "23.2.2.3/32", one, 1, 0xFFFF029A).rejected,
	                 BIT(IXP_R_BLACKHOLE));
	/* next hop of another member */
	struct ixp_route r = {.pfx = P("23.1.0.0/16"),
	                      .path = one,
	                      .npath = 1,
	                      .has_next_hop = true,
	                      .next_hop = P("192.0.2.12")};
	ixp_evaluate(&w->c, 0, &r, &v);
	assert_int_equal(v.rejected, BIT(IXP_R_NEXT_HOP));
	char buf[100];
	assert_string_equal(
	    ixp_reason_list(BIT(IXP_R_NEXT_HOP) | BIT(IXP_R_RPKI_INVALID), buf, sizeof buf),
	    "next-hop,rpki-invalid");
}

static void test_policy_off(void **state)
{
	struct world *w = *state;
	const uint32_t two[] = {10002}, leak2[] = {10002, 10010};
	w->x.policy.irr = IXP_OFF;
	w->x.policy.aspa = IXP_TAG;
	struct ixp_verdict v = eval(w, 1, "23.99.0.0/16", two, 1, 0);
	assert_true(v.accept && v.tagged == 0);
	v = eval(w, 1, "23.12.0.0/16", leak2, 2, 0);
	assert_true(v.accept);
	assert_int_equal(v.tagged, BIT(IXP_R_ASPA_INVALID));
	w->x.policy.irr = IXP_REJECT;
	w->x.policy.aspa = IXP_REJECT;
}

/* A RIB as a route server would dump it: one entry per (member, route). */
struct rib_route {
	int member; /* 0-based */
	const char *pfx;
	uint32_t path[3];
	size_t n;
	uint32_t lc_reason; /* (64999, 65520, reason) when nonzero */
};

static void write_rib(const char *path, const struct rib_route *rt, size_t n)
{
	struct err e;
	struct mrt_writer *mw = mrt_writer_open(path, &e);
	struct mrt_peer peers[3];
	for (int i = 0; i < 3; i++) {
		char a[32];
		snprintf(a, sizeof a, "192.0.2.1%d", i + 1);
		peers[i] = (struct mrt_peer){.bgp_id = 0xC0000201 + (uint32_t)i,
		                             .asn = 10001u + (uint32_t)i};
		peers[i].addr = P(a);
	}
	if (!mw || mrt_write_peer_index(mw, 1000, 0xC0000201, "rs1", peers, 3, &e) < 0)
		fail_msg("%s", e.msg);
	for (size_t i = 0; i < n; i++) {
		uint32_t lc[3] = {64999, IXP_REASON_LC, rt[i].lc_reason};
		struct mrt_attrs a = {.as_path = rt[i].path,
		                      .as_path_len = rt[i].n,
		                      .next_hop = peers[rt[i].member].addr,
		                      .large = lc,
		                      .n_large = rt[i].lc_reason != 0};
		struct mrt_rib_entry re = {
		    .peer_index = (uint16_t)rt[i].member, .originated = 1000, .attrs = &a};
		struct prefix p = P(rt[i].pfx);
		if (mrt_write_rib(mw, 1000, (uint32_t)i, &p, &re, 1, &e) < 0)
			fail_msg("%s", e.msg);
	}
	if (mrt_writer_close(mw, &e) < 0)
		fail_msg("%s", e.msg);
}

struct seen {
	int n[3];
	char last[200];
};

static void collect(const struct ixp_finding *f, void *arg)
{
	struct seen *s = arg;
	char p[PREFIX_STRLEN];
	s->n[f->kind]++;
	snprintf(s->last, sizeof s->last, "%s %s %u", ixp_finding_name(f->kind),
	         prefix_format(&f->pfx, p, sizeof p), f->reasons);
}

static void test_check(void **state)
{
	struct world *w = *state;
	char rib[] = "/tmp/test_ixp_rib.XXXXXX", ann[] = "/tmp/test_ixp_ann.XXXXXX";
	close(mkstemp(rib));
	close(mkstemp(ann));
	const struct rib_route good[] = {
	    {0, "23.1.0.0/16", {10001}, 1, 0},
	    {1, "23.2.0.0/16", {10002}, 1, 0},
	    {2, "23.33.0.0/16", {10003}, 1, IXP_R_IRR_PREFIX},
	};
	const struct rib_route bad[] = {
	    {0, "23.1.0.0/16", {10001}, 1, 0},
	    {0, "23.11.0.0/16", {10001}, 1, 0}, /* RPKI invalid, yet in the RIB */
	    {2, "23.33.0.0/16", {10003}, 1, 0}, /* tag missing */
	};
	struct ixp_check_stats st;
	struct seen s = {0};
	struct err e;
	write_rib(rib, good, 3);
	write_rib(ann, good, 3);
	assert_int_equal(ixp_check_run(&w->c, rib, NULL, 0, collect, &s, &st, &e), 0);
	assert_int_equal(st.rib_routes, 3);
	assert_int_equal(st.accepted_bad + st.untagged + st.dropped_good, 0);
	write_rib(rib, bad, 3);
	const char *anns[] = {ann};
	assert_int_equal(ixp_check_run(&w->c, rib, anns, 1, collect, &s, &st, &e), 0);
	assert_int_equal(st.accepted_bad, 1);
	assert_int_equal(st.untagged, 1);
	assert_int_equal(st.dropped_good, 1); /* 23.2.0.0/16 from member 2 */
	assert_string_equal(s.last, "dropped-but-should-not 23.2.0.0/16 0");
	assert_int_equal(ixp_check_run(&w->c, "/nonexistent.mrt", NULL, 0, NULL, NULL, &st, &e),
	                 -1);
	unlink(rib);
	unlink(ann);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expansion),
	    cmocka_unit_test(test_verdicts),
	    cmocka_unit_test(test_policy_off),
	    cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
