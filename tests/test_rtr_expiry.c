/* SPDX-License-Identifier: ISC */
/* test_rtr_expiry.c - a long-running RTR cache withdraws VRPs and ASPAs as
 * their "expires" passes, without any file change: the server swaps in
 * rpki_set_drop_expired() of the served set once next_expiry is behind it.
 * Checks the serial moves on, routers in history get exactly the
 * withdrawals, and an ignore-expires set never asks to be re-evaluated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rtr/rtr_cache.h"
#include "rtr/rtr_delta.h"

#define NOW 1800000000

static struct vrp mk(unsigned k)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	v.family = k % 3 ? 4 : 6;
	v.addr[0] = 10;
	v.addr[1] = (uint8_t)k;
	v.len = 16;
	v.maxlen = 16;
	v.asn = 64496 + k;
	return v;
}

/* 30 VRPs: k % 3 == 0 expire at NOW+100, k % 3 == 1 at NOW+200, else never;
 * one ASPA expiring at NOW+150. */
static void build(struct rpki_set *s, int ignore)
{
	rpki_set_init(s);
	s->now = NOW;
	s->ignore_expires = ignore;
	for (unsigned k = 0; k < 30; k++) {
		struct vrp v = mk(k);
		int64_t x = k % 3 == 0 ? NOW + 100 : k % 3 == 1 ? NOW + 200 : 0;
		assert_int_equal(rpki_set_add_vrp_expires(s, &v, x), 0);
	}
	uint32_t prov[2] = {65001, 65002};
	assert_int_equal(rpki_set_add_aspa(s, 64500, prov, 2), 0);
	s->aspas[0].expires = NOW + 150;
	rpki_set_finish(s);
}

static size_t count_changes(const struct rtr_delta *d, int announce)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nvrps; i++)
		n += d->vrps[i].announce == announce;
	return n;
}

static void test_expiry_steps(void **state)
{
	(void)state;
	struct rtr_cache c;
	rtr_cache_init(&c, 7, 8);
	struct rpki_set s;
	build(&s, 0);
	assert_int_equal(s.next_expiry, NOW + 100);
	assert_int_equal(rtr_cache_update(&c, &s, NOW), 1);
	uint32_t first = c.cur->serial;
	assert_int_equal(c.cur->set.nvrps, 30);

	/* Before the earliest expiry nothing goes. */
	struct rpki_set d;
	assert_int_equal(rpki_set_drop_expired(&c.cur->set, NOW + 100, &d), 0);
	assert_int_equal(rtr_cache_update(&c, &d, NOW), 0);
	assert_int_equal(c.cur->serial, first);

	/* Past it: the 10 VRPs of NOW+100 are withdrawn, serial + 1. */
	assert_int_equal(rpki_set_drop_expired(&c.cur->set, NOW + 101, &d), 10);
	assert_int_equal(d.next_expiry, NOW + 150);
	assert_int_equal(rtr_cache_update(&c, &d, NOW), 1);
	assert_int_equal(c.cur->serial, first + 1);
	assert_int_equal(c.cur->set.nvrps, 20);
	assert_int_equal(c.cur->set.nexpired_vrps, 10);
	struct rtr_delta *delta = NULL;
	assert_int_equal(rtr_cache_lookup(&c, first, &delta), RTR_LOOKUP_DELTA);
	assert_int_equal(count_changes(delta, 0), 10);
	assert_int_equal(count_changes(delta, 1), 0);
	for (size_t i = 0; i < delta->nvrps; i++)
		assert_int_equal((delta->vrps[i].vrp.asn - 64496) % 3, 0);

	/* The ASPA (NOW+150), then the rest (NOW+200): a router at the first
	 * serial gets the composed withdrawals. */
	assert_int_equal(rpki_set_drop_expired(&c.cur->set, NOW + 151, &d), 1);
	assert_int_equal(rtr_cache_update(&c, &d, NOW), 1);
	assert_int_equal(c.cur->set.naspas, 0);
	assert_int_equal(rpki_set_drop_expired(&c.cur->set, NOW + 500, &d), 10);
	assert_int_equal(d.next_expiry, 0); /* only entries without expiry left */
	assert_int_equal(rtr_cache_update(&c, &d, NOW), 1);
	assert_int_equal(c.cur->serial, first + 3);
	assert_int_equal(c.cur->set.nvrps, 10);
	for (size_t i = 0; i < c.cur->set.nvrps; i++)
		assert_int_equal((c.cur->set.vrps[i].asn - 64496) % 3, 2);
	assert_int_equal(rtr_cache_lookup(&c, first, &delta), RTR_LOOKUP_DELTA);
	assert_int_equal(count_changes(delta, 0), 20);
	assert_int_equal(delta->naspas, 1);
	assert_false(delta->aspas[0].has_new);
	rtr_cache_free(&c);
}

static void test_ignore_never_reevaluates(void **state)
{
	(void)state;
	struct rtr_cache c;
	rtr_cache_init(&c, 7, 8);
	struct rpki_set s;
	build(&s, 1);
	assert_int_equal(s.next_expiry, 0);
	assert_int_equal(rtr_cache_update(&c, &s, NOW), 1);
	struct rpki_set d;
	assert_int_equal(rpki_set_drop_expired(&c.cur->set, NOW + 10000, &d), 0);
	assert_int_equal(d.nvrps, 30);
	rpki_set_free(&d);
	rtr_cache_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expiry_steps),
	    cmocka_unit_test(test_ignore_never_reevaluates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
