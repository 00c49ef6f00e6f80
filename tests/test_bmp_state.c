/* SPDX-License-Identifier: ISC */
/* test_bmp_state.c - the BMP collector's route tables: views kept apart,
 * withdraw, peer down, stale routes and their grace time, interning, and a
 * random churn checked against a simple model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bmp/bmp_state.h"

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

/* ORIGIN IGP, AS_PATH (4-byte) 64500 asn, NEXT_HOP 192.0.2.1 */
static size_t
attrs_for(uint32_t asn, uint8_t *b)
{
	const uint8_t a[] = {0x40,
	                     1,
	                     1,
	                     0,
	                     0x40,
	                     2,
	                     10,
	                     2,
	                     2,
	                     0,
	                     0,
	                     0xfb,
	                     0xf4,
	                     (uint8_t)(asn >> 24),
	                     (uint8_t)(asn >> 16),
	                     (uint8_t)(asn >> 8),
	                     (uint8_t)asn,
	                     0x40,
	                     3,
	                     4,
	                     192,
	                     0,
	                     2,
	                     1};
	memcpy(b, a, sizeof a);
	return sizeof a;
}

static int announce(struct bmp_state *st, struct bmp_peer *p, enum bmp_rib_view v, const char *pfx,
                    uint32_t origin)
{
	uint8_t b[64];
	size_t n = attrs_for(origin, b);
	uint32_t a = bmp_state_intern(st, 4, b, n);
	assert_int_not_equal(a, 0);
	struct prefix x = P(pfx);
	return bmp_peer_announce(st, p, v, &x, 0, a, 1000);
}

static struct bmp_peer *peer(struct bmp_router *r, const char *addr)
{
	struct bmp_peer_key k = {.type = 0, .family = 4};
	struct prefix a = P(addr);
	memcpy(k.addr, a.addr, 16);
	struct bmp_peer *p = bmp_router_peer(r, &k, true);
	assert_non_null(p);
	return p;
}

static uint32_t origin_of(struct bmp_state *st, struct bmp_peer *p, enum bmp_rib_view v,
                          const char *pfx)
{
	struct bmp_route r;
	struct prefix x = P(pfx);
	if (!bmp_table_get(&p->view[v], &x, 0, &r))
		return 0;
	const struct bmp_attr_set *s = bmp_attr_get(&st->attrs, r.attr);
	const uint8_t *o = bmp_attr_data(s) + 13;
	return (uint32_t)o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
}

static void test_views_separate(void **state)
{
	(void)state;
	struct bmp_state *st = bmp_state_new();
	struct bmp_router *r = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_peer *p = peer(r, "198.51.100.1");
	assert_int_equal(announce(st, p, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8", 64501), 1);
	assert_int_equal(announce(st, p, BMP_VIEW_ADJ_IN_POST, "10.0.0.0/8", 64502), 1);
	assert_int_equal(announce(st, p, BMP_VIEW_LOC_RIB, "2001:db8::/32", 64503), 1);
	assert_int_equal(origin_of(st, p, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8"), 64501);
	assert_int_equal(origin_of(st, p, BMP_VIEW_ADJ_IN_POST, "10.0.0.0/8"), 64502);
	assert_int_equal(origin_of(st, p, BMP_VIEW_LOC_RIB, "10.0.0.0/8"), 0);
	assert_int_equal(origin_of(st, p, BMP_VIEW_LOC_RIB, "2001:db8::/32"), 64503);
	/* replace in one view leaves the other */
	assert_int_equal(announce(st, p, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8", 64509), 0);
	assert_int_equal(origin_of(st, p, BMP_VIEW_ADJ_IN_POST, "10.0.0.0/8"), 64502);
	struct bmp_state_totals t;
	bmp_state_totals(st, &t);
	assert_int_equal(t.routes, 3);
	assert_int_equal(t.attr_sets, 3); /* 64501's set was freed on replace */
	bmp_state_free(st);
}

static void test_withdraw_and_interning(void **state)
{
	(void)state;
	struct bmp_state *st = bmp_state_new();
	struct bmp_router *r = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_peer *p = peer(r, "198.51.100.1");
	char buf[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(buf, sizeof buf, "10.%d.%d.0/24", i / 256, i % 256);
		assert_int_equal(announce(st, p, BMP_VIEW_ADJ_IN_PRE, buf, 64501), 1);
	}
	assert_int_equal(st->attrs.live, 1);
	for (int i = 0; i < 1000; i += 2) {
		snprintf(buf, sizeof buf, "10.%d.%d.0/24", i / 256, i % 256);
		struct prefix x = P(buf);
		assert_int_equal(bmp_peer_withdraw(st, p, BMP_VIEW_ADJ_IN_PRE, &x, 0), 1);
		assert_int_equal(bmp_peer_withdraw(st, p, BMP_VIEW_ADJ_IN_PRE, &x, 0), 0);
	}
	assert_int_equal(bmp_peer_routes(p), 500);
	assert_int_equal(origin_of(st, p, BMP_VIEW_ADJ_IN_PRE, "10.0.1.0/24"), 64501);
	assert_int_equal(origin_of(st, p, BMP_VIEW_ADJ_IN_PRE, "10.0.2.0/24"), 0);
	bmp_state_free(st);
}

static void test_peer_down_clears(void **state)
{
	(void)state;
	struct bmp_state *st = bmp_state_new();
	struct bmp_router *r = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_peer *p1 = peer(r, "198.51.100.1"), *p2 = peer(r, "198.51.100.2");
	bmp_peer_up(p1, 1, 64501, 1, 4, 0);
	bmp_peer_up(p2, 1, 64502, 2, 4, 0);
	announce(st, p1, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8", 64501);
	announce(st, p1, BMP_VIEW_ADJ_IN_POST, "10.0.0.0/8", 64501);
	announce(st, p2, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8", 64502);
	bmp_peer_down(st, p1, 2, 1);
	assert_false(p1->up);
	assert_int_equal(bmp_peer_routes(p1), 0);
	assert_int_equal(bmp_peer_routes(p2), 1);
	assert_int_equal(p1->hist_n, 2);
	assert_int_equal(p1->history[1].kind, BMP_EV_DOWN);
	assert_int_equal(p1->history[1].reason, 1);
	assert_int_equal(st->attrs.live, 1);
	bmp_state_free(st);
}

static void test_stale_grace(void **state)
{
	(void)state;
	struct bmp_state *st = bmp_state_new();
	struct bmp_router *r1 = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_router *r2 = bmp_state_router_up(st, "192.0.2.2");
	struct bmp_peer *p1 = peer(r1, "198.51.100.1"), *p2 = peer(r2, "198.51.100.1");
	announce(st, p1, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8", 64501);
	announce(st, p1, BMP_VIEW_ADJ_IN_PRE, "11.0.0.0/8", 64501);
	announce(st, p2, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8", 64502);

	bmp_state_router_down(st, r1, 100);
	struct bmp_state_totals t;
	bmp_state_totals(st, &t);
	assert_int_equal(t.routes, 3);
	assert_int_equal(t.stale, 2);
	/* within the grace time nothing goes */
	assert_int_equal(bmp_state_expire(st, 399, 300), 0);
	/* the router comes back and announces one route again */
	assert_ptr_equal(bmp_state_router_up(st, "192.0.2.1"), r1);
	assert_int_equal(announce(st, p1, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8", 64501), 0);
	bmp_state_totals(st, &t);
	assert_int_equal(t.stale, 1);
	/* after it, the route not announced again goes, the rest stays */
	assert_int_equal(bmp_state_expire(st, 400, 300), 1);
	assert_int_equal(origin_of(st, p1, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8"), 64501);
	assert_int_equal(origin_of(st, p1, BMP_VIEW_ADJ_IN_PRE, "11.0.0.0/8"), 0);
	assert_int_equal(origin_of(st, p2, BMP_VIEW_ADJ_IN_PRE, "10.0.0.0/8"), 64502);

	/* a router that stays away is forgotten after the grace time */
	bmp_state_router_down(st, r2, 500);
	assert_int_equal(bmp_state_expire(st, 800, 300), 1);
	assert_null(bmp_state_find_router(st, "192.0.2.2"));
	assert_non_null(bmp_state_find_router(st, "192.0.2.1"));
	bmp_state_totals(st, &t);
	assert_int_equal(t.routes, 1);
	assert_int_equal(t.stale, 0);
	bmp_state_free(st);
}

static void test_normalise_mp(void **state)
{
	(void)state;
	/* ORIGIN, MP_REACH (IPv6, nh 2001:db8::1, NLRI 2001:db8::/32),
	 * MP_UNREACH (IPv6, 2001:db9::/32) */
	uint8_t in[] = {0x40, 1,    1,    0,    0x80, 14, 26, 0,    2,    1,    16,
	                0x20, 0x01, 0x0d, 0xb8, 0,    0,  0,  0,    0,    0,    0,
	                0,    0,    0,    0,    1,    0,  32, 0x20, 0x01, 0x0d, 0xb8,
	                0x80, 15,   8,    0,    2,    1,  32, 0x20, 0x01, 0x0d, 0xb9};
	uint8_t out[sizeof in];
	long n = bmp_attrs_normalise(in, sizeof in, out, sizeof out);
	assert_int_equal(n, 4 + 3 + 21);
	assert_int_equal(out[6], 21); /* MP_REACH length without the NLRI */
	uint8_t plain[] = {0x40, 1, 1, 0};
	assert_int_equal(bmp_attrs_normalise(plain, sizeof plain, out, sizeof out), -2);
	uint8_t bad[] = {0x40, 1, 5, 0};
	assert_int_equal(bmp_attrs_normalise(bad, sizeof bad, out, sizeof out), -1);
}

static void churn_name(int i, char *buf, size_t n)
{
	if (i % 3 == 0)
		snprintf(buf, n, "2001:db8:%x::/48", i);
	else
		snprintf(buf, n, "10.%d.%d.0/24", i / 256, i % 256);
}

/* Random announces and withdraws against an array model. */
static void test_churn_model(void **state)
{
	(void)state;
	enum { N = 5000 };
	static uint32_t model[N];
	memset(model, 0, sizeof model);
	struct bmp_state *st = bmp_state_new();
	struct bmp_router *r = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_peer *p = peer(r, "198.51.100.1");
	srand(7);
	char buf[64];
	for (int step = 0; step < 60000; step++) {
		int i = rand() % N;
		uint32_t asn = 64500 + (uint32_t)(rand() % 50);
		churn_name(i, buf, sizeof buf);
		if (rand() % 3 == 0) {
			struct prefix x = P(buf);
			assert_int_equal(bmp_peer_withdraw(st, p, BMP_VIEW_ADJ_IN_PRE, &x, 0),
			                 model[i] != 0);
			model[i] = 0;
		} else {
			assert_int_equal(announce(st, p, BMP_VIEW_ADJ_IN_PRE, buf, asn),
			                 model[i] == 0);
			model[i] = asn;
		}
		if (step % 20000 == 19999) {
			bmp_state_router_down(st, r, 10);
			bmp_state_router_up(st, "192.0.2.1");
			for (int k = 0; k < N; k += 2)
				if (model[k]) {
					churn_name(k, buf, sizeof buf);
					announce(st, p, BMP_VIEW_ADJ_IN_PRE, buf, model[k]);
				}
			bmp_state_expire(st, 1000, 300);
			for (int k = 1; k < N; k += 2)
				model[k] = 0;
		}
	}
	size_t live = 0;
	for (int i = 0; i < N; i++) {
		churn_name(i, buf, sizeof buf);
		assert_int_equal(origin_of(st, p, BMP_VIEW_ADJ_IN_PRE, buf), model[i]);
		live += model[i] != 0;
	}
	assert_int_equal(bmp_peer_routes(p), live);
	bmp_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_views_separate),   cmocka_unit_test(test_withdraw_and_interning),
	    cmocka_unit_test(test_peer_down_clears), cmocka_unit_test(test_stale_grace),
	    cmocka_unit_test(test_normalise_mp),     cmocka_unit_test(test_churn_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
