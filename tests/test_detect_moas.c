/* SPDX-License-Identifier: ISC */
/* test_detect_moas.c - the global-mode moas detector through the real
 * pipeline and route state: origin changes and sub-prefixes by new origins
 * are scored from their evidence; returns to the old origin, RPKI-valid
 * newcomers, the initial table and same-origin path changes raise nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/pipeline.h"
#include "rpki/rov.h"

extern const struct detector_ops detect_moas_ops;

#define MAXSEEN 32
#define T0 1000000u
#define DAYS2 (2 * 86400u)

struct fixture {
	struct mon_params mon;
	struct monitor_config cfg;
	struct rpki_set set;
	struct rov_index rov;
	struct pipeline *p;
	struct alert a[MAXSEEN];
	size_t n;
};

static void record(void *arg, const struct alert *a)
{
	struct fixture *f = arg;
	assert_true(f->n < MAXSEEN);
	f->a[f->n++] = *a;
}

static void roa(struct rpki_set *s, const char *pfx, uint32_t asn)
{
	struct prefix p;
	struct err e;
	assert_int_equal(prefix_parse(pfx, &p, &e), 0);
	struct vrp v = {.family = p.family, .len = p.len, .maxlen = p.len, .asn = asn};
	memcpy(v.addr, p.addr, 16);
	assert_int_equal(rpki_set_add_vrp(s, &v), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->mon = (struct mon_params){.name = "moas",
	                             .channel = "moas",
	                             .enabled = true,
	                             .threshold_min_peers = 1,
	                             .max_data_samples = 4};
	f->cfg.monitors = &f->mon;
	f->cfg.nmonitors = 1;
	rpki_set_init(&f->set);
	roa(&f->set, "203.0.113.0/24", 65001);
	roa(&f->set, "203.0.113.0/24", 65005);
	roa(&f->set, "198.51.100.0/22", 65002);
	rpki_set_finish(&f->set);
	struct err e;
	assert_int_equal(rov_index_build(&f->rov, &f->set, &e), 0);
	struct detect_ctx ctx = {.cfg = &f->cfg, .rov = &f->rov};
	const struct detector_ops *ops[] = {&detect_moas_ops, NULL};
	f->p = pipeline_new_ops(&ctx, ops, record, f, &e);
	assert_non_null(f->p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pipeline_free(f->p);
	rov_index_free(&f->rov);
	rpki_set_free(&f->set);
	free(f);
	return 0;
}

static void feed(struct fixture *f, int peer, const char *pfx, uint32_t mid, uint32_t origin,
                 uint32_t time, bool rib)
{
	char addr[32];
	snprintf(addr, sizeof addr, "192.0.2.%d", peer);
	uint32_t path[3] = {64500u + (uint32_t)peer, mid, origin};
	struct route_event ev = {.type = ROUTE_EV_ANNOUNCE,
	                         .time = time,
	                         .source = "rrc00",
	                         .peer_as = 64500u + (uint32_t)peer,
	                         .from_rib = rib,
	                         .path = path,
	                         .path_len = 3,
	                         .origin = origin};
	struct err e;
	assert_int_equal(prefix_parse_host(addr, &ev.peer_addr, &e), 0);
	assert_int_equal(prefix_parse(pfx, &ev.pfx, &e), 0);
	assert_int_equal(pipeline_feed(f->p, &ev, &e), 0);
}

static void table(struct fixture *f)
{
	for (int k = 1; k <= 3; k++) {
		feed(f, k, "203.0.113.0/24", 3356, 65001, T0, true);
		feed(f, k, "198.51.100.0/22", 3356, 65002, T0, true);
		feed(f, k, "192.0.2.0/24", 3356, 65003, T0, true);
	}
	assert_int_equal(f->n, 0);
}

static void test_origin_change(void **state)
{
	struct fixture *f = *state;
	table(f);
	uint32_t t = T0 + DAYS2;
	feed(f, 1, "203.0.113.0/24", 174, 65001, t, false); /* path change only */
	assert_int_equal(f->n, 0);
	feed(f, 1, "203.0.113.0/24", 174, 666, t + 1, false);
	assert_int_equal(f->n, 1);
	struct alert *a = &f->a[0];
	assert_string_equal(a->type, "moas");
	assert_string_equal(a->code, "E|0|-|-");
	assert_int_equal(a->state, ALERT_OPEN);
	assert_int_equal(a->offender_as, 666);
	assert_int_equal(a->affected_as, 65001);
	assert_int_equal(a->rpki, ALERT_RPKI_INVALID);
	/* 20 + 10 (origin change) + 40 (invalid) + 15 (held two days) + 2 (one peer) */
	assert_int_equal(a->score, 87);
	assert_non_null(strstr(a->description, "moved from AS65001"));
	/* More peers follow: the same alert, higher score. */
	feed(f, 2, "203.0.113.0/24", 174, 666, t + 2, false);
	feed(f, 3, "203.0.113.0/24", 174, 666, t + 3, false);
	assert_true(f->n >= 2);
	assert_int_equal(f->a[f->n - 1].id, a->id);
	assert_true(f->a[f->n - 1].npeers >= 2); /* updates come as the count doubles */
	/* They go back: nothing new is raised, the alert resolves. */
	size_t before = f->n;
	for (int k = 1; k <= 3; k++)
		feed(f, k, "203.0.113.0/24", 3356, 65001, t + 10 + (uint32_t)k, false);
	for (size_t i = before; i < f->n; i++)
		assert_int_equal(f->a[i].id, a->id);
	assert_int_equal(f->a[f->n - 1].state, ALERT_RESOLVED);
}

static void test_valid_newcomer_and_young_prefix(void **state)
{
	struct fixture *f = *state;
	table(f);
	/* An origin the ROAs authorise: no alert. */
	feed(f, 1, "203.0.113.0/24", 174, 65005, T0 + DAYS2, false);
	assert_int_equal(f->n, 0);
	/* A prefix held for minutes, not found in RPKI, no IRR loaded: 20 + 10
	 * + 5 + 0 + 2 a peer stays under 50 even as peers join. */
	feed(f, 1, "192.0.2.0/24", 174, 666, T0 + 60, false);
	feed(f, 2, "192.0.2.0/24", 174, 666, T0 + 61, false);
	assert_int_equal(f->n, 0);
}

static void test_subprefix(void **state)
{
	struct fixture *f = *state;
	table(f);
	uint32_t t = T0 + DAYS2;
	feed(f, 1, "198.51.100.0/24", 174, 666, t + 1, false);
	assert_int_equal(f->n, 1);
	assert_string_equal(f->a[0].code, "S|0|-|-");
	assert_int_equal(f->a[0].affected_as, 65002);
	assert_int_equal(f->a[0].offender_as, 666);
	/* 20 + 40 (invalid) + 15 (held) + 2 */
	assert_int_equal(f->a[0].score, 77);
	assert_non_null(strstr(f->a[0].description, "inside 198.51.100.0/22 of AS65002"));
	feed(f, 2, "198.51.100.0/24", 174, 666, t + 2, false);
	assert_int_equal(f->a[f->n - 1].npeers, 2);
	/* A more specific from the covering prefix's own origin: fine. */
	size_t before = f->n;
	feed(f, 1, "198.51.100.0/23", 174, 65002, t + 3, false);
	assert_int_equal(f->n, before);
	/* A customer's slice with no evidence against it (not found in RPKI, no
	 * IRR loaded): 20 + 5 + 15 + 2 a peer never reaches 50. */
	feed(f, 1, "192.0.2.128/25", 174, 64777, t + 4, false);
	feed(f, 2, "192.0.2.128/25", 174, 64777, t + 5, false);
	feed(f, 3, "192.0.2.128/25", 174, 64777, t + 6, false);
	assert_int_equal(f->n, before);
}

static void test_not_global(void **state)
{
	struct fixture *f = *state;
	pipeline_free(f->p);
	struct mon_prefix mp = {0};
	struct err e;
	prefix_parse("203.0.113.0/24", &mp.pfx, &e);
	f->cfg.prefixes = &mp;
	f->cfg.nprefixes = 1;
	struct detect_ctx ctx = {.cfg = &f->cfg, .rov = &f->rov};
	const struct detector_ops *ops[] = {&detect_moas_ops, NULL};
	f->p = pipeline_new_ops(&ctx, ops, record, f, &e);
	table(f);
	feed(f, 1, "203.0.113.0/24", 174, 666, T0 + DAYS2, false);
	assert_int_equal(f->n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_origin_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_valid_newcomer_and_young_prefix, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_subprefix, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_global, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
