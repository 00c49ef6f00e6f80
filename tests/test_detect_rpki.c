/* SPDX-License-Identifier: ISC */
/* test_detect_rpki.c - the rpki detector (monitored prefixes announced
 * RPKI-invalid or uncovered; every invalid one in global mode) and the roa
 * channel across VRP reloads (gone, expired, back). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/detect_rpki.h"
#include "detect_fake.h"
#include "rpki/rov.h"

extern const struct detector_ops detect_rpki_ops;

static void add_vrp(struct rpki_set *s, const char *pfx, unsigned maxlen, uint32_t asn,
                    int64_t expires)
{
	struct prefix p;
	struct err e;
	assert_int_equal(prefix_parse(pfx, &p, &e), 0);
	struct vrp v = {.family = p.family, .len = p.len, .maxlen = (uint8_t)maxlen, .asn = asn};
	memcpy(v.addr, p.addr, 16);
	assert_int_equal(rpki_set_add_vrp_expires(s, &v, expires), 0);
}

struct world {
	struct rpki_set set;
	struct rov_index rov;
	struct monitor_config cfg;
	struct mon_prefix mp[2];
	uint32_t asns[1];
	struct detect_ctx ctx;
	void *det;
	struct detect_out out;
};

static void world_start(struct world *w, bool monitored)
{
	memset(w, 0, sizeof *w);
	rpki_set_init(&w->set);
	w->set.ignore_expires = 1;
	add_vrp(&w->set, "203.0.113.0/24", 24, 65001, 0);
	add_vrp(&w->set, "198.51.100.0/22", 23, 65002, 0);
	rpki_set_finish(&w->set);
	struct err e = {0};
	assert_int_equal(rov_index_build(&w->rov, &w->set, &e), 0);
	if (monitored) {
		prefix_parse("203.0.113.0/24", &w->mp[0].pfx, &e);
		w->asns[0] = 65001;
		w->mp[0].asns = w->asns;
		w->mp[0].nasns = 1;
		prefix_parse("192.0.2.0/24", &w->mp[1].pfx, &e);
		w->cfg.prefixes = w->mp;
		w->cfg.nprefixes = 2;
	}
	w->ctx.cfg = &w->cfg;
	w->ctx.rov = &w->rov;
	w->det = detect_rpki_ops.create(&w->ctx, &e);
	assert_non_null(w->det);
}

static void world_end(struct world *w)
{
	detect_rpki_ops.destroy(w->det);
	rov_index_free(&w->rov);
	rpki_set_free(&w->set);
}

static size_t feed(struct world *w, const char *pfx, uint32_t neighbour, uint32_t origin)
{
	uint32_t path[2] = {neighbour, origin};
	struct route_event ev = fake_announce(pfx, path, 2);
	w->out.n = 0;
	detect_rpki_ops.on_event(w->det, &ev, NULL, &w->out);
	return w->out.n;
}

static void test_monitored(void **state)
{
	(void)state;
	struct world w;
	fake_params.check_uncovered = false;
	world_start(&w, true);
	assert_int_equal(feed(&w, "203.0.113.0/24", 3356, 65001), 0); /* valid */
	assert_int_equal(feed(&w, "203.0.113.0/24", 3356, 64666), 1); /* wrong origin */
	assert_string_equal(w.out.hits[0].type, "rpki");
	assert_string_equal(w.out.hits[0].code, "R|invalid");
	assert_int_equal(w.out.hits[0].offender_as, 64666);
	assert_int_equal(w.out.hits[0].affected_as, 65001);
	assert_int_equal(w.out.hits[0].rpki, ALERT_RPKI_INVALID);
	assert_ptr_equal(w.out.hits[0].monitored, &w.mp[0]);
	assert_non_null(strstr(w.out.hits[0].desc, "origin-mismatch"));
	assert_non_null(strstr(w.out.hits[0].desc, "203.0.113.0/24 max 24 AS65001"));
	assert_int_equal(feed(&w, "203.0.113.0/25", 3356, 65001), 1); /* too long */
	assert_non_null(strstr(w.out.hits[0].desc, "longer-than-maxlength"));
	/* Not monitored: no alert, however invalid. */
	assert_int_equal(feed(&w, "198.51.100.0/24", 3356, 64666), 0);
	/* Uncovered monitored space: only with checkUncovered. */
	assert_int_equal(feed(&w, "192.0.2.0/24", 3356, 65003), 0);
	/* A monitored AS announcing an invalid route outside the prefixes. */
	struct mon_asn ma = {.asn = 64666};
	w.cfg.asns = &ma;
	w.cfg.nasns = 1;
	assert_int_equal(feed(&w, "198.51.100.0/24", 3356, 64666), 1);
	assert_ptr_equal(w.out.hits[0].monitored, NULL);
	world_end(&w);
	fake_params.check_uncovered = true;
	world_start(&w, true);
	assert_int_equal(feed(&w, "192.0.2.0/24", 3356, 65003), 1);
	assert_string_equal(w.out.hits[0].code, "R|not-found");
	assert_int_equal(w.out.hits[0].rpki, ALERT_RPKI_NOTFOUND);
	world_end(&w);
	fake_params.check_uncovered = false;
}

static void test_global(void **state)
{
	(void)state;
	struct world w;
	world_start(&w, false);
	assert_int_equal(feed(&w, "198.51.100.0/24", 3356, 64666), 1);
	assert_ptr_equal(w.out.hits[0].monitored, NULL);
	assert_int_equal(feed(&w, "198.51.100.0/23", 3356, 65002), 0);
	assert_int_equal(feed(&w, "192.0.2.0/24", 3356, 65003), 0); /* not found is no alert */
	world_end(&w);
}

static void test_roa_diff(void **state)
{
	(void)state;
	struct monitor_config cfg = {0};
	struct mon_prefix mp = {0};
	struct err e;
	prefix_parse("203.0.113.0/24", &mp.pfx, &e);
	cfg.prefixes = &mp;
	cfg.nprefixes = 1;
	struct rpki_set a, b, c;
	rpki_set_init(&a);
	rpki_set_init(&b);
	rpki_set_init(&c);
	a.ignore_expires = b.ignore_expires = c.ignore_expires = 1;
	add_vrp(&a, "203.0.113.0/24", 24, 65001, 0);
	add_vrp(&a, "203.0.113.0/25", 25, 65009, 5000);
	add_vrp(&a, "198.51.100.0/24", 24, 65002, 0); /* not watched */
	rpki_set_finish(&a);
	/* b: the /24 ROA changed maxLength only (not gone), the /25 expired,
	 * the unwatched one went. */
	add_vrp(&b, "203.0.113.0/24", 25, 65001, 0);
	rpki_set_finish(&b);
	struct detect_out out = {0};
	assert_int_equal(detect_roa_diff(&cfg, &a, &b, 6000, &out), 1);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.hits[0].type, "roa");
	assert_true(out.hits[0].standing);
	assert_int_equal(out.hits[0].offender_as, 65009);
	assert_non_null(strstr(out.hits[0].desc, "203.0.113.0/25 max 25 AS65009 expired"));
	assert_int_equal(out.nresolved, 0);
	/* c: it is back, so the standing hit resolves. */
	add_vrp(&c, "203.0.113.0/24", 25, 65001, 0);
	add_vrp(&c, "203.0.113.0/25", 25, 65009, 0);
	rpki_set_finish(&c);
	memset(&out, 0, sizeof out);
	assert_int_equal(detect_roa_diff(&cfg, &b, &c, 7000, &out), 0);
	assert_int_equal(out.nresolved, 1);
	assert_string_equal(out.resolved[0].type, "roa");
	assert_int_equal(out.resolved[0].offender, 65009);
	/* Gone without expiry: "disappeared". */
	memset(&out, 0, sizeof out);
	assert_int_equal(detect_roa_diff(&cfg, &c, &b, 8000, &out), 1);
	assert_non_null(strstr(out.hits[0].desc, "disappeared"));
	rpki_set_free(&a);
	rpki_set_free(&b);
	rpki_set_free(&c);
}

/* roaExpirationAlertHours: only VRPs expiring after now and within the
 * horizon, and only watched ones. */
static void test_roa_expiring(void **state)
{
	(void)state;
	struct monitor_config cfg = {0};
	struct mon_prefix mp = {0};
	struct err e;
	prefix_parse("203.0.113.0/24", &mp.pfx, &e);
	cfg.prefixes = &mp;
	cfg.nprefixes = 1;
	struct rpki_set a;
	rpki_set_init(&a);
	a.ignore_expires = 1;
	add_vrp(&a, "203.0.113.0/24", 24, 65001, 10000 + 3600);     /* in 1 h: yes */
	add_vrp(&a, "203.0.113.0/25", 25, 65002, 10000 + 3 * 3600); /* beyond 2 h */
	add_vrp(&a, "203.0.113.128/25", 25, 65003, 9000);           /* already past */
	add_vrp(&a, "203.0.113.0/26", 26, 65004, 0);                /* no expiry known */
	add_vrp(&a, "198.51.100.0/24", 24, 65005, 10000 + 60);      /* not watched */
	rpki_set_finish(&a);
	struct detect_out out = {0};
	assert_int_equal(detect_roa_expiring(&cfg, &a, 10000, 2 * 3600, &out), 1);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.hits[0].type, "roa");
	assert_string_equal(out.hits[0].code, "R|roa-expiring");
	assert_true(out.hits[0].standing);
	assert_int_equal(out.hits[0].offender_as, 65001);
	assert_non_null(strstr(out.hits[0].desc, "203.0.113.0/24 max 24 AS65001 expires in 1h00m"));
	/* Global mode watches everything. */
	struct monitor_config global = {0};
	memset(&out, 0, sizeof out);
	assert_int_equal(detect_roa_expiring(&global, &a, 10000, 2 * 3600, &out), 2);
	rpki_set_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_monitored),
	    cmocka_unit_test(test_global),
	    cmocka_unit_test(test_roa_diff),
	    cmocka_unit_test(test_roa_expiring),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
