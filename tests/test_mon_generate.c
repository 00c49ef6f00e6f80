/* SPDX-License-Identifier: ISC */
/* test_mon_generate.c - 'monitor generate' from route objects, ROAs and RIB
 * routes: which prefixes it lists with which origins, every kind of
 * inconsistency, upstreams/downstreams from paths, and the YAML it writes
 * loading back through the monitor's own loader (round trip). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/mon_generate.h"
#include "detect/monitor_config.h"
#include "irr/irr_db.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

static const char rpsl[] = "route: 192.0.2.0/24\norigin: AS64496\nsource: TEST\n\n"
                           "route: 203.0.113.0/24\norigin: AS64499\nsource: TEST\n\n"
                           "route6: 2001:db8:1::/48\norigin: AS64497\nsource: TEST\n\n";

static const char vrps_json[] = "{\"roas\":["
                                "{\"asn\":64496,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24},"
                                "{\"asn\":64510,\"prefix\":\"192.0.2.128/25\",\"maxLength\":25},"
                                "{\"asn\":64499,\"prefix\":\"203.0.113.0/24\",\"maxLength\":24},"
                                "{\"asn\":64496,\"prefix\":\"2001:db8::/32\",\"maxLength\":48}]}";

struct world {
	struct irr_db *irr;
	struct rpki_set vrps;
	struct rov_index rov;
	struct mon_gen g;
};

struct rib_route {
	const char *pfx;
	uint32_t path[6];
	size_t len;
};

/* Two collector peers see most routes; prepends and a delegated customer. */
static const struct rib_route rib[] = {
    {"192.0.2.0/24", {64500, 64511, 64496}, 3},
    {"192.0.2.0/24", {64501, 64511, 64496, 64496}, 4},
    {"192.0.2.128/25", {64500, 64511, 64496, 64510}, 4},
    {"192.0.2.64/26", {64500, 64666}, 2},
    {"198.51.100.0/24", {64501, 64496}, 2},
    {"198.51.100.0/24", {64500, 64666}, 2},
    {"203.0.113.0/24", {64502, 64497, 64497}, 3},
    {"2001:db8:ffff::/48", {64500, 64496, 64498}, 3},
};

static struct prefix pfx(const char *s)
{
	struct prefix p;
	struct err e;
	if (prefix_parse(s, &p, &e) < 0)
		fail_msg("%s", e.msg);
	return p;
}

static void feed_rib(struct mon_gen *g)
{
	struct err e;
	for (size_t i = 0; i < sizeof rib / sizeof rib[0]; i++) {
		struct prefix p = pfx(rib[i].pfx);
		assert_int_equal(mon_gen_rib_route(g, &p, rib[i].path, rib[i].len,
		                                   rib[i].path[rib[i].len - 1], &e),
		                 0);
	}
	assert_int_equal(mon_gen_rib_prepare(g, &e), 0);
	for (size_t i = 0; i < sizeof rib / sizeof rib[0]; i++) {
		struct prefix p = pfx(rib[i].pfx);
		assert_int_equal(mon_gen_rib_other(g, &p, rib[i].path[rib[i].len - 1], &e), 0);
	}
}

static void build(struct world *w, bool with_rib)
{
	static const uint32_t ours[] = {64497, 64496, 64497};
	struct err e;
	memset(w, 0, sizeof *w);
	w->irr = irr_db_new();
	assert_non_null(w->irr);
	assert_int_equal(irr_db_load_buffer(w->irr, rpsl, strlen(rpsl), "t.db", NULL, &e), 0);
	assert_int_equal(irr_db_finish(w->irr, &e), 0);
	rpki_set_init(&w->vrps);
	if (rpki_set_load_buffer(&w->vrps, vrps_json, strlen(vrps_json), "v.json", RPKI_FMT_JSON,
	                         &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&w->vrps);
	assert_int_equal(rov_index_build(&w->rov, &w->vrps, &e), 0);
	assert_int_equal(mon_gen_init(&w->g, ours, 3, &e), 0);
	assert_int_equal(w->g.nasns, 2);
	mon_gen_set_irr(&w->g, w->irr);
	mon_gen_set_rpki(&w->g, &w->vrps, &w->rov);
	if (with_rib)
		feed_rib(&w->g);
	assert_int_equal(mon_gen_finish(&w->g, &e), 0);
}

static void destroy(struct world *w)
{
	mon_gen_free(&w->g);
	rov_index_free(&w->rov);
	rpki_set_free(&w->vrps);
	irr_db_free(w->irr);
}

static const struct mon_gen_entry *entry(const struct mon_gen *g, const char *s)
{
	struct prefix p = pfx(s);
	for (size_t i = 0; i < g->nentries; i++)
		if (prefix_equal(&g->entries[i].pfx, &p))
			return &g->entries[i];
	return NULL;
}

static const struct mon_gen_issue *find_issue(const struct mon_gen *g, enum mon_gen_issue_kind k,
                                              const char *s)
{
	struct prefix p = pfx(s);
	for (size_t i = 0; i < g->nissues; i++)
		if (g->issues[i].kind == k && prefix_equal(&g->issues[i].pfx, &p))
			return &g->issues[i];
	return NULL;
}

static void test_entries(void **state)
{
	(void)state;
	struct world w;
	build(&w, true);
	const struct mon_gen_entry *en = entry(&w.g, "192.0.2.0/24");
	assert_non_null(en);
	assert_true(en->announced && en->irr && en->roa && en->valid_roa && !en->delegated);
	assert_int_equal(en->nasns, 1);
	en = entry(&w.g, "192.0.2.128/25"); /* AS64510 has a ROA: a delegated customer */
	assert_non_null(en);
	assert_true(en->delegated);
	assert_int_equal(en->asns[0], 64510);
	assert_null(entry(&w.g, "192.0.2.64/26")); /* AS64666: nothing allows it */
	en = entry(&w.g, "198.51.100.0/24");
	assert_int_equal(en->nasns, 1); /* AS64666 left out */
	assert_false(en->valid_roa);
	en = entry(&w.g, "2001:db8::/32"); /* a ROA only */
	assert_true(en->roa && !en->announced);
	en = entry(&w.g, "2001:db8:1::/48"); /* a route object only */
	assert_true(en->irr && !en->announced);
	assert_int_equal(en->asns[0], 64497);
	assert_null(entry(&w.g, "2001:db8:ffff::/48")); /* AS64498 is not one of ours */
	assert_int_equal(w.g.nentries, 6);
	destroy(&w);
}

static void test_every_inconsistency(void **state)
{
	(void)state;
	struct world w;
	build(&w, true);
	const struct mon_gen_issue *is;
	assert_non_null(is = find_issue(&w.g, MGEN_ANNOUNCED_NO_ROA, "198.51.100.0/24"));
	assert_int_equal(is->asn, 64496);
	assert_non_null(find_issue(&w.g, MGEN_ROUTE_OBJECT_MISSING, "198.51.100.0/24"));
	assert_non_null(is = find_issue(&w.g, MGEN_ANNOUNCED_INVALID, "203.0.113.0/24"));
	assert_non_null(strstr(is->detail, "origin-mismatch"));
	assert_non_null(strstr(is->detail, "AS64499"));
	assert_non_null(is = find_issue(&w.g, MGEN_ORIGIN_DIFFERS, "203.0.113.0/24"));
	assert_int_equal(is->other_asn, 64499); /* the route object names another AS */
	assert_non_null(is = find_issue(&w.g, MGEN_ORIGIN_DIFFERS, "198.51.100.0/24"));
	assert_int_equal(is->other_asn, 64666);
	assert_non_null(is = find_issue(&w.g, MGEN_ORIGIN_DIFFERS, "192.0.2.64/26"));
	assert_non_null(strstr(is->detail, "more-specific of 192.0.2.0/24"));
	assert_non_null(find_issue(&w.g, MGEN_ROA_NOT_ANNOUNCED, "2001:db8::/32"));
	assert_non_null(find_issue(&w.g, MGEN_ROUTE_OBJECT_UNUSED, "2001:db8:1::/48"));
	assert_null(find_issue(&w.g, MGEN_ROA_NOT_ANNOUNCED, "192.0.2.0/24"));
	assert_null(find_issue(&w.g, MGEN_ROUTE_OBJECT_MISSING, "192.0.2.0/24"));
	assert_null(find_issue(&w.g, MGEN_ORIGIN_DIFFERS, "192.0.2.128/25"));
	/* AS64498 announces a more-specific inside our ROA's space */
	assert_non_null(is = find_issue(&w.g, MGEN_ORIGIN_DIFFERS, "2001:db8:ffff::/48"));
	assert_int_equal(is->other_asn, 64498);
	assert_int_equal(w.g.nissues, 9);
	for (int k = 0; k < MGEN_ISSUE_KINDS; k++)
		assert_string_not_equal(mon_gen_issue_name(k), "?");
	destroy(&w);
}

static void test_neighbours(void **state)
{
	(void)state;
	struct world w;
	build(&w, true);
	/* asns sorted: [0] 64496, [1] 64497; prepends are not neighbours */
	assert_int_equal(w.g.up[0].n, 3);
	assert_int_equal(w.g.up[0].v[0], 64500);
	assert_int_equal(w.g.up[0].v[1], 64501);
	assert_int_equal(w.g.up[0].v[2], 64511);
	assert_int_equal(w.g.down[0].n, 2);
	assert_int_equal(w.g.down[0].v[0], 64498);
	assert_int_equal(w.g.down[0].v[1], 64510);
	assert_int_equal(w.g.up[1].n, 1);
	assert_int_equal(w.g.up[1].v[0], 64502);
	assert_int_equal(w.g.down[1].n, 0);
	destroy(&w);
}

static void test_without_rib_no_announce_checks(void **state)
{
	(void)state;
	struct world w;
	build(&w, false);
	assert_int_equal(w.g.nissues, 0); /* nothing to compare the registries with */
	assert_non_null(entry(&w.g, "192.0.2.0/24"));
	assert_non_null(entry(&w.g, "2001:db8::/32"));
	assert_false(w.g.have_rib);
	destroy(&w);
}

static char *write_yaml(const struct mon_gen *g, const struct mon_gen_yaml_opts *o, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);
	assert_non_null(f);
	assert_int_equal(mon_gen_write_yaml(g, f, o), 0);
	fclose(f);
	return buf;
}

static void test_round_trip_through_the_loader(void **state)
{
	(void)state;
	struct world w;
	build(&w, true);
	struct mon_gen_yaml_opts o = {true, true, "noc: tier 1"};
	size_t n;
	char *yaml = write_yaml(&w.g, &o, &n);
	struct err e;
	struct monitor_config *c =
	    monitor_config_load_buffer(yaml, n, "gen.yml", NULL, 0, NULL, &e);
	if (!c)
		fail_msg("%s\n%s", e.msg, yaml);
	assert_int_equal(c->nprefixes, w.g.nentries);
	for (size_t i = 0; i < w.g.nentries; i++) {
		const struct mon_gen_entry *en = &w.g.entries[i];
		const struct mon_prefix *m = monitor_config_match(c, &en->pfx);
		assert_non_null(m);
		assert_true(prefix_equal(&m->pfx, &en->pfx));
		assert_int_equal(m->nasns, en->nasns);
		for (size_t j = 0; j < en->nasns; j++)
			assert_true(mon_prefix_allows(m, en->asns[j]));
		assert_int_equal(m->ignore_morespecifics, en->delegated);
		assert_int_equal(m->ignore, en->delegated);
		assert_string_equal(m->groups[0], "noc: tier 1");
		assert_string_equal(m->description,
		                    en->valid_roa ? "No description provided (valid ROA available)"
		                                  : "No description provided");
	}
	const struct mon_asn *a = monitor_config_asn(c, 64496);
	assert_non_null(a);
	assert_true(a->has_upstreams && a->has_downstreams);
	assert_int_equal(a->nupstreams, w.g.up[0].n);
	assert_int_equal(a->ndownstreams, w.g.down[0].n);
	a = monitor_config_asn(c, 64497);
	assert_non_null(a);
	assert_int_equal(a->ndownstreams, 0); /* written as [] */
	monitor_config_free(c);
	free(yaml);
	destroy(&w);
}

static void test_bgpalerter_layout(void **state)
{
	(void)state;
	struct world w;
	build(&w, false);
	struct mon_gen_yaml_opts o = {true, false, NULL};
	size_t n;
	char *yaml = write_yaml(&w.g, &o, &n);
	assert_non_null(strstr(yaml,
	                       "192.0.2.0/24:\n"
	                       "  description: No description provided (valid ROA available)\n"
	                       "  asn:\n"
	                       "    - 64496\n"
	                       "  ignoreMorespecifics: false\n"
	                       "  ignore: false\n"
	                       "  group: default\n"));
	assert_non_null(strstr(yaml,
	                       "options:\n  monitorASns:\n    '64496':\n      group: default\n"
	                       "    '64497':\n"));
	assert_null(strstr(yaml, "upstreams")); /* no RIB, no neighbour lists */
	free(yaml);
	destroy(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entries),
	    cmocka_unit_test(test_every_inconsistency),
	    cmocka_unit_test(test_neighbours),
	    cmocka_unit_test(test_without_rib_no_announce_checks),
	    cmocka_unit_test(test_round_trip_through_the_loader),
	    cmocka_unit_test(test_bgpalerter_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
