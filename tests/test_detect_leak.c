/* SPDX-License-Identifier: ISC */
/* test_detect_leak.c - the leak detector: valley-free violations with AS
 * relationships, RFC 9234 OTC violations, ASPA-invalid paths; one hit per
 * leaking AS; prefixes.yml scoping. Calls the detector's ops directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/as_rel.h"
#include "detect_fake.h"
#include "rpki/rpki_set.h"

extern const struct detector_ops detect_leak_ops;

/* 10 and 30 are providers of 20; 10 is the provider of 100; 40 peers with
 * 10 and with 50. */
static struct as_rel *topology(void)
{
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	const char *t = "10|20|-1\n30|20|-1\n10|100|-1\n10|40|0\n40|50|0\n";
	assert_int_equal(as_rel_load_buffer(r, t, strlen(t), "rel", &e), 5);
	return r;
}

struct run {
	struct monitor_config cfg;
	struct detect_ctx ctx;
	void *det;
	struct detect_out out;
};

static void run_start(struct run *r, const struct as_rel *rel, const struct rpki_set *rpki)
{
	memset(r, 0, sizeof *r);
	r->ctx.cfg = &r->cfg;
	r->ctx.asrel = rel;
	r->ctx.rpki = rpki;
	struct err e = {0};
	r->det = detect_leak_ops.create(&r->ctx, &e);
	assert_non_null(r->det);
}

static void feed(struct run *r, const struct route_event *ev)
{
	r->out.n = 0;
	detect_leak_ops.on_event(r->det, ev, NULL, &r->out);
}

static void test_valley(void **state)
{
	(void)state;
	struct as_rel *rel = topology();
	struct run r;
	run_start(&r, rel, NULL);
	/* 100 -> 10 (up) -> 20 (down) -> 30 (up): 20 leaks. Prepends collapse. */
	const uint32_t leak[] = {30, 20, 20, 10, 100};
	struct route_event ev = fake_announce("203.0.113.0/24", leak, 5);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_string_equal(r.out.hits[0].type, "leak");
	assert_string_equal(r.out.hits[0].code, "E|-|-|L");
	assert_int_equal(r.out.hits[0].offender_as, 20);
	assert_int_equal(r.out.hits[0].affected_as, 100);
	assert_false(r.out.hits[0].standing);
	assert_non_null(strstr(r.out.hits[0].desc, "\"10 20 30\""));
	assert_non_null(strstr(r.out.hits[0].desc, "learned from its provider AS10"));

	/* Up then across is valley-free; so is plain up-down. */
	const uint32_t ok1[] = {40, 10, 100}, ok2[] = {20, 10, 100};
	ev = fake_announce("203.0.113.0/24", ok1, 3);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0);
	ev = fake_announce("203.0.113.0/24", ok2, 3);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0);

	/* Across twice: 40 learned it from peer 10 and gave it to peer 50. */
	const uint32_t p2p[] = {50, 40, 10, 100};
	ev = fake_announce("203.0.113.0/24", p2p, 4);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].offender_as, 40);
	assert_non_null(strstr(r.out.hits[0].desc, "learned from its peer AS10"));

	/* Unknown links are not guessed at; withdrawals carry nothing. */
	const uint32_t unknown[] = {30, 77, 10, 100};
	ev = fake_announce("203.0.113.0/24", unknown, 4);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0);
	struct route_event wd = {.type = ROUTE_EV_WITHDRAW, .pfx = ev.pfx};
	feed(&r, &wd);
	assert_int_equal(r.out.n, 0);
	detect_leak_ops.destroy(r.det);
	as_rel_free(rel);
}

static void test_otc(void **state)
{
	(void)state;
	struct as_rel *rel = topology();
	struct run r;
	run_start(&r, rel, NULL);
	/* 99's links are unknown, so no valley shows; but 99 marked the route
	 * OTC and 20 then sent it to its provider 30 (RFC 9234 ingress rule 1
	 * at 30). */
	const uint32_t path[] = {30, 20, 99, 100};
	struct route_event ev = fake_announce("198.51.100.0/24", path, 4);
	ev.has_otc = true;
	ev.otc = 99;
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].offender_as, 20);
	assert_non_null(strstr(r.out.hits[0].desc, "RFC 9234 OTC violation"));
	assert_non_null(strstr(r.out.hits[0].desc, "OTC AS99"));

	/* A peer may pass a route on to its peer only when the OTC is its own
	 * (rule 2): OTC 40 from 40 to 50 is fine as far as OTC goes... */
	const uint32_t peer_ok[] = {50, 40, 99, 100};
	ev = fake_announce("198.51.100.0/24", peer_ok, 4);
	ev.has_otc = true;
	ev.otc = 40;
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0);
	/* ...and a leak when another AS set it. */
	ev.otc = 99;
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].offender_as, 40);

	/* Valley and OTC naming the same leaker make one hit saying both. */
	const uint32_t both[] = {30, 20, 10, 100};
	ev = fake_announce("198.51.100.0/24", both, 4);
	ev.has_otc = true;
	ev.otc = 10;
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].offender_as, 20);
	assert_non_null(strstr(r.out.hits[0].desc, "valley-free"));
	assert_non_null(strstr(r.out.hits[0].desc, "OTC"));

	/* OTC going only down after the marking AS: no leak. */
	const uint32_t down[] = {20, 10, 100};
	ev = fake_announce("198.51.100.0/24", down, 3);
	ev.has_otc = true;
	ev.otc = 10;
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0);
	detect_leak_ops.destroy(r.det);
	as_rel_free(rel);
}

static void test_aspa(void **state)
{
	(void)state;
	struct rpki_set s;
	rpki_set_init(&s);
	assert_int_equal(rpki_set_add_aspa(&s, 100, (uint32_t[]){10}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 10, (uint32_t[]){0}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 20, (uint32_t[]){10, 30}, 2), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 30, (uint32_t[]){0}, 1), 0);
	rpki_set_finish(&s);
	struct run r;
	run_start(&r, NULL, &s); /* no as-rel: ASPA alone */
	const uint32_t leak[] = {30, 20, 10, 100};
	struct route_event ev = fake_announce("192.0.2.0/24", leak, 4);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].offender_as, 20);
	assert_non_null(strstr(r.out.hits[0].desc, "ASPA-invalid"));
	assert_non_null(strstr(r.out.hits[0].desc, "\"30 20 10\""));
	const uint32_t ok[] = {20, 10, 100};
	ev = fake_announce("192.0.2.0/24", ok, 3);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0);
	detect_leak_ops.destroy(r.det);
	rpki_set_free(&s);

	/* Tier 1s 1000 and 1010 peer at the apex; 2014 (customer of 1010 and
	 * 1060) leaks 1010's route to 1060: 2014 is named, not 1010. */
	rpki_set_init(&s);
	assert_int_equal(rpki_set_add_aspa(&s, 1000, (uint32_t[]){0}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 1010, (uint32_t[]){0}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 1060, (uint32_t[]){0}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 2014, (uint32_t[]){1010, 1060}, 2), 0);
	rpki_set_finish(&s);
	run_start(&r, NULL, &s);
	const uint32_t apex[] = {1060, 2014, 1010, 1000, 2028, 200135};
	ev = fake_announce("192.0.2.0/24", apex, 6);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].offender_as, 2014);
	assert_non_null(strstr(r.out.hits[0].desc, "\"1060 2014 1010\""));
	detect_leak_ops.destroy(r.det);
	rpki_set_free(&s);

	/* 2057 leaks its peer 2009's route to its provider 2037, which sends it
	 * on up to its provider 2031 and on to 2007: still 2057. */
	rpki_set_init(&s);
	assert_int_equal(rpki_set_add_aspa(&s, 2009, (uint32_t[]){1000}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 2057, (uint32_t[]){2037}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 2037, (uint32_t[]){2031}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 2031, (uint32_t[]){0}, 1), 0);
	assert_int_equal(rpki_set_add_aspa(&s, 2007, (uint32_t[]){1000}, 1), 0);
	rpki_set_finish(&s);
	run_start(&r, NULL, &s);
	const uint32_t upward[] = {2007, 2031, 2037, 2057, 2009};
	ev = fake_announce("192.0.2.0/24", upward, 5);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].offender_as, 2057);
	detect_leak_ops.destroy(r.det);
	rpki_set_free(&s);
}

/* Relationships inferred far from the data's time are weak evidence: the
 * same valley is severity info, an ASPA finding is not touched. */
static void test_stale_relationships(void **state)
{
	(void)state;
	struct err e = {0};
	struct as_rel *rel = as_rel_new(&e);
	const char *t =
	    "# source:topology|BGP|19700101|ripe|rrc00\n10|20|-1\n30|20|-1\n10|100|-1\n";
	assert_int_equal(as_rel_load_buffer(rel, t, strlen(t), "rel", &e), 3);
	assert_int_equal(as_rel_date(rel), 0); /* 1970 is before any BGP: not a date */
	t = "# source:topology|BGP|20100101|ripe|rrc00\n";
	as_rel_load_buffer(rel, t, strlen(t), "rel", &e);
	int64_t d = as_rel_date(rel);
	assert_int_equal(d, 1262304000);
	struct run r;
	run_start(&r, rel, NULL);
	const uint32_t leak[] = {30, 20, 10, 100};
	struct route_event ev = fake_announce("203.0.113.0/24", leak, 4);
	ev.time = (uint32_t)(d + 200 * 86400); /* same year: warning */
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].severity, ALERT_WARNING);
	ev.time = (uint32_t)(d + 400 * 86400); /* over a year later: info */
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_int_equal(r.out.hits[0].severity, ALERT_INFO);
	ev.time = (uint32_t)(d - 400 * 86400); /* or earlier */
	feed(&r, &ev);
	assert_int_equal(r.out.hits[0].severity, ALERT_INFO);
	detect_leak_ops.destroy(r.det);
	as_rel_free(rel);
}

static void test_scope(void **state)
{
	(void)state;
	struct as_rel *rel = topology();
	struct run r;
	run_start(&r, rel, NULL);
	struct mon_prefix mp[2] = {0};
	struct err e;
	prefix_parse("203.0.113.0/24", &mp[0].pfx, &e);
	prefix_parse("203.0.113.128/25", &mp[1].pfx, &e);
	mp[1].ignore = true;
	r.cfg.prefixes = mp;
	r.cfg.nprefixes = 2;
	const uint32_t leak[] = {30, 20, 10, 100};
	struct route_event ev = fake_announce("198.51.100.0/24", leak, 4);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0); /* not monitored */
	ev = fake_announce("203.0.113.0/25", leak, 4);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 1);
	assert_ptr_equal(r.out.hits[0].monitored, &mp[0]);
	ev = fake_announce("203.0.113.128/26", leak, 4);
	feed(&r, &ev);
	assert_int_equal(r.out.n, 0); /* ignored */
	detect_leak_ops.destroy(r.det);
	as_rel_free(rel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valley),
	    cmocka_unit_test(test_otc),
	    cmocka_unit_test(test_aspa),
	    cmocka_unit_test(test_scope),
	    cmocka_unit_test(test_stale_relationships),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
