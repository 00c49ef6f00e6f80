/* SPDX-License-Identifier: ISC */
/* test_detect_more_e2e.c - the path, path-neighbors, rpki, leak and bogon
 * detectors end to end: a BGPalerter prefixes.yml read by the real loader,
 * the real pipeline (thresholds, dedup, lifecycle), alerts out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/as_rel.h"
#include "detect/pipeline.h"
#include "policy/bogon.h"
#include "rpki/rov.h"

static const char yml[] = "20.1.0.0/24:\n"
                          "  description: web\n"
                          "  asn: 200001\n"
                          "  ignoreMorespecifics: false\n"
                          "  path:\n"
                          "    - match: \".*2194,200001$\"\n"
                          "      matchDescription: scrubbing\n"
                          "20.2.0.0/24:\n"
                          "  description: mail\n"
                          "  asn: [200002]\n"
                          "  ignoreMorespecifics: false\n"
                          "options:\n"
                          "  monitorASns:\n"
                          "    '200001':\n"
                          "      group: noc\n"
                          "      upstreams: [3356, 2194]\n";

static const char cfg_yml[] = "monitors:\n"
                              "  - file: monitorPath\n"
                              "    channel: path\n"
                              "    name: path-matching\n"
                              "    params:\n"
                              "      thresholdMinPeers: 1\n"
                              "  - file: monitorRPKI\n"
                              "    channel: rpki\n"
                              "    name: rpki-monitor\n"
                              "    params:\n"
                              "      thresholdMinPeers: 1\n"
                              "  - file: monitorPathNeighbors\n"
                              "    channel: path-neighbors\n"
                              "    name: path-neighbors\n"
                              "    params:\n"
                              "      thresholdMinPeers: 1\n";

#define MAXSEEN 32

struct world {
	struct monitor_config *cfg;
	struct rpki_set set;
	struct rov_index rov;
	struct as_rel *rel;
	struct bogon_set *bogons;
	struct pipeline *p;
	struct alert a[MAXSEEN];
	size_t n;
};

static void record(void *arg, const struct alert *a)
{
	struct world *w = arg;
	assert_true(w->n < MAXSEEN);
	w->a[w->n++] = *a;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	struct err e = {0};
	w->cfg = monitor_config_load_buffer(yml, strlen(yml), "prefixes.yml", cfg_yml,
	                                    strlen(cfg_yml), "config.yml", &e);
	if (!w->cfg)
		fail_msg("%s", e.msg);
	rpki_set_init(&w->set);
	struct prefix p;
	prefix_parse("20.2.0.0/24", &p, &e);
	struct vrp v = {.family = 4, .len = 24, .maxlen = 24, .asn = 200002};
	memcpy(v.addr, p.addr, 16);
	assert_int_equal(rpki_set_add_vrp(&w->set, &v), 0);
	rpki_set_finish(&w->set);
	assert_int_equal(rov_index_build(&w->rov, &w->set, &e), 0);
	w->rel = as_rel_new(&e);
	const char *rel = "3356|200001|-1\n174|200001|-1\n3356|174|0\n";
	assert_int_equal(as_rel_load_buffer(w->rel, rel, strlen(rel), "rel", &e), 3);
	w->bogons = bogon_set_new(true, &e);
	struct detect_ctx ctx = {
	    .cfg = w->cfg, .rov = &w->rov, .asrel = w->rel, .bogons = w->bogons};
	const char *const mine[] = {"path", "path-neighbors", "rpki", "leak", "bogon", NULL};
	w->p = pipeline_new(&ctx, mine, record, w, &e);
	if (!w->p)
		fail_msg("%s", e.msg);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	pipeline_free(w->p);
	bogon_set_free(w->bogons);
	as_rel_free(w->rel);
	rov_index_free(&w->rov);
	rpki_set_free(&w->set);
	monitor_config_free(w->cfg);
	free(w);
	return 0;
}

static void announce(struct world *w, int peer, const char *pfx, const uint32_t *path, size_t n)
{
	char addr[32];
	snprintf(addr, sizeof addr, "192.0.2.%d", peer);
	struct route_event ev = {.type = ROUTE_EV_ANNOUNCE,
	                         .time = 1000u + (uint32_t)w->n,
	                         .source = "rrc00",
	                         .peer_as = path[0],
	                         .path = path,
	                         .path_len = n,
	                         .origin = path[n - 1]};
	struct err e;
	assert_int_equal(prefix_parse_host(addr, &ev.peer_addr, &e), 0);
	assert_int_equal(prefix_parse(pfx, &ev.pfx, &e), 0);
	assert_int_equal(pipeline_feed(w->p, &ev, &e), 0);
}

static const struct alert *find(const struct world *w, const char *type)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->a[i].type, type))
			return &w->a[i];
	return NULL;
}

static void test_end_to_end(void **state)
{
	struct world *w = *state;
	const uint32_t clean[] = {3356, 200001};
	announce(w, 1, "20.1.0.0/24", clean, 2);
	assert_int_equal(w->n, 0);

	/* The rule (written with BGPalerter's ','), through an allowed upstream. */
	const uint32_t scrub[] = {174, 2194, 200001};
	announce(w, 1, "20.1.0.0/24", scrub, 3);
	const struct alert *a = find(w, "path");
	assert_non_null(a);
	assert_int_equal(a->state, ALERT_OPEN);
	assert_non_null(strstr(a->description, "Matched scrubbing on prefix 20.1.0.0/24"));
	assert_null(find(w, "path-neighbors"));

	/* A new upstream of the monitored AS. */
	const uint32_t up[] = {6939, 200001};
	announce(w, 2, "20.1.0.0/24", up, 2);
	a = find(w, "path-neighbors");
	assert_non_null(a);
	assert_int_equal(a->offender_as, 6939);
	assert_int_equal(a->affected_as, 200001);

	/* RPKI-invalid on a monitored prefix. */
	const uint32_t bad[] = {3356, 200666};
	announce(w, 3, "20.2.0.0/24", bad, 2);
	a = find(w, "rpki");
	assert_non_null(a);
	assert_int_equal(a->offender_as, 200666);
	assert_int_equal(a->rpki, ALERT_RPKI_INVALID);

	/* 200001 leaks a route of its provider 3356 to its other provider 174. */
	const uint32_t leak[] = {174, 200001, 3356, 200002};
	announce(w, 4, "20.2.0.0/24", leak, 4);
	a = find(w, "leak");
	assert_non_null(a);
	assert_int_equal(a->offender_as, 200001);

	/* A bogon ASN anywhere, monitored or not (the lab's addresses and
	 * ASNs above are public on purpose). */
	const uint32_t priv[] = {3356, 64512, 200009};
	announce(w, 5, "20.3.0.0/24", priv, 3);
	a = find(w, "bogon");
	assert_non_null(a);
	assert_int_equal(a->offender_as, 3356);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_end_to_end, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
