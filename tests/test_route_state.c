/* SPDX-License-Identifier: ISC */
/* test_route_state.c - per-peer routes: replace/withdraw with the previous
 * route, per-prefix counts, peer down, interning (when paths are kept),
 * against a simple model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/route_state.h"

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

static struct route_event
ev_of(enum route_event_type t, const char *peer, uint32_t peer_as, const char *pfx,
      const uint32_t *path, size_t len, uint32_t time)
{
	struct route_event ev = {.type = t,
	                         .time = time,
	                         .source = "rrc00",
	                         .peer_as = peer_as,
	                         .peer_addr = P(peer),
	                         .path = path,
	                         .path_len = len,
	                         .origin = len ? path[len - 1] : 0};
	if (pfx)
		ev.pfx = P(pfx);
	return ev;
}

static void test_announce_replace_withdraw(void **state)
{
	struct route_state *rs = route_state_new(ROUTE_KEEP_PATHS);
	assert_non_null(rs);
	uint32_t p1[] = {64500, 64501, 64502};
	uint32_t p2[] = {64500, 64510, 64502};
	uint32_t p3[] = {64500, 64666};
	struct route_view prev;
	bool had;

	struct route_event ev =
	    ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 64500, "10.0.0.0/8", p1, 3, 100);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_false(had);
	assert_int_equal(route_state_routes(rs), 1);
	assert_int_equal(route_state_peers(rs, &ev.pfx), 1);

	/* Same origin, new path: first_seen kept, prev is the old path. */
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 64500, "10.0.0.0/8", p2, 3, 150);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_true(had);
	assert_int_equal(prev.path_len, 3);
	assert_int_equal(prev.path[1], 64501);
	assert_int_equal(prev.origin, 64502);
	assert_int_equal(prev.first_seen, 100);

	/* New origin: first_seen restarts. */
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 64500, "10.0.0.0/8", p3, 2, 200);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_int_equal(prev.path[1], 64510);
	assert_int_equal(prev.first_seen, 100);
	ev = ev_of(ROUTE_EV_WITHDRAW, "192.0.2.1", 64500, "10.0.0.0/8", NULL, 0, 250);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_true(had);
	assert_int_equal(prev.origin, 64666);
	assert_int_equal(prev.first_seen, 200);
	assert_int_equal(route_state_routes(rs), 0);
	assert_int_equal(route_state_peers(rs, &ev.pfx), 0);

	/* Withdrawing what is not held is not an error and reports no prev. */
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_false(had);
	route_state_free(rs);
}

/* Without ROUTE_KEEP_PATHS the previous route has its origin and
 * first_seen but no path. */
static void test_without_paths(void **state)
{
	struct route_state *rs = route_state_new(0);
	assert_non_null(rs);
	uint32_t p1[] = {64500, 64501, 64502}, p2[] = {64500, 64666};
	struct route_view prev;
	bool had;
	struct route_event ev =
	    ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 64500, "10.0.0.0/8", p1, 3, 100);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_false(had);
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 64500, "10.0.0.0/8", p1, 3, 150);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_true(had);
	assert_null(prev.path);
	assert_int_equal(prev.path_len, 0);
	assert_int_equal(prev.origin, 64502);
	assert_int_equal(prev.peer_as, 64500);
	assert_int_equal(prev.first_seen, 100);
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 64500, "10.0.0.0/8", p2, 2, 200);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_int_equal(prev.first_seen, 100);
	ev = ev_of(ROUTE_EV_WITHDRAW, "192.0.2.1", 64500, "10.0.0.0/8", NULL, 0, 250);
	assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
	assert_true(had);
	assert_int_equal(prev.origin, 64666);
	assert_int_equal(prev.first_seen, 200);
	assert_int_equal(route_state_routes(rs), 0);
	route_state_free(rs);
}

struct collected {
	unsigned n;
	uint32_t origins[16];
	unsigned peers[16];
};

static int collect(void *arg, const struct route_view *r)
{
	struct collected *c = arg;
	c->origins[c->n] = r->origin;
	c->peers[c->n++] = r->peer;
	return 0;
}

static int collect_peer(void *arg, const struct prefix *pfx, const struct route_view *r)
{
	return collect(arg, r);
}

static void test_peers_and_peer_down(void **state)
{
	struct route_state *rs = route_state_new(0);
	uint32_t a[] = {1, 2, 3}, b[] = {4, 3}, c[] = {5, 6};
	struct route_event ev;
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 1, "10.0.0.0/8", a, 3, 1);
	assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
	unsigned peer1 = route_state_peer(rs, &ev);
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.4", 4, "10.0.0.0/8", b, 2, 1);
	assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
	unsigned peer4 = route_state_peer(rs, &ev);
	assert_int_not_equal(peer1, peer4);
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 1, "2001:db8::/32", c, 2, 1);
	assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
	/* Same address and AS from another collector is another peer. */
	ev = ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 1, "10.0.0.0/8", a, 3, 1);
	ev.source = "rrc01";
	assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
	assert_int_equal(route_state_npeers(rs), 3);

	struct prefix ten = P("10.0.0.0/8"), v6 = P("2001:db8::/32");
	assert_int_equal(route_state_peers(rs, &ten), 3);
	assert_int_equal(route_state_peers(rs, &v6), 1);
	struct collected got = {0};
	assert_int_equal(route_state_foreach(rs, &ten, collect, &got), 0);
	assert_int_equal(got.n, 3);
	memset(&got, 0, sizeof got);
	assert_int_equal(route_state_foreach_peer(rs, peer1, collect_peer, &got), 0);
	assert_int_equal(got.n, 2);

	ev = ev_of(ROUTE_EV_PEER_DOWN, "192.0.2.1", 1, NULL, NULL, 0, 2);
	assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
	assert_int_equal(route_state_peers(rs, &ten), 2);
	assert_int_equal(route_state_peers(rs, &v6), 0);
	assert_int_equal(route_state_routes(rs), 2);
	memset(&got, 0, sizeof got);
	route_state_foreach(rs, &ten, collect, &got);
	assert_int_equal(got.n, 2);
	assert_true(got.peers[0] == peer4 || got.peers[1] == peer4);
	route_state_free(rs);
}

/* A model: per (peer, prefix) the origin held, 0 = none. */
#define MP 7
#define MX 300

static void run_model(unsigned keep)
{
	static uint32_t model[MP][MX];
	memset(model, 0, sizeof model);
	struct route_state *rs = route_state_new(keep);
	srand(7);
	char peer[32], pfx[32];
	for (int step = 0; step < 60000; step++) {
		int p = rand() % MP, x = rand() % MX, op = rand() % 10;
		snprintf(peer, sizeof peer, "192.0.2.%d", p + 1);
		snprintf(pfx, sizeof pfx, "10.%d.%d.0/24", x / 256, x % 256);
		uint32_t path[3] = {(uint32_t)(64500 + p), 3356, (uint32_t)(1 + rand() % 5)};
		struct route_event ev;
		if (op == 9 && step % 97 == 0) {
			ev = ev_of(ROUTE_EV_PEER_DOWN, peer, 64500 + p, NULL, NULL, 0, step);
			assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
			memset(model[p], 0, sizeof model[p]);
			continue;
		}
		bool withdraw = op < 4;
		ev = ev_of(withdraw ? ROUTE_EV_WITHDRAW : ROUTE_EV_ANNOUNCE, peer, 64500 + p, pfx,
		           withdraw ? NULL : path, withdraw ? 0 : 3, step);
		struct route_view prev;
		bool had;
		assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
		assert_int_equal(had, model[p][x] != 0);
		if (had)
			assert_int_equal(prev.origin, model[p][x]);
		model[p][x] = withdraw ? 0 : path[2];
	}
	size_t routes = 0;
	for (int x = 0; x < MX; x++) {
		unsigned n = 0;
		for (int p = 0; p < MP; p++)
			n += model[p][x] != 0;
		routes += n;
		snprintf(pfx, sizeof pfx, "10.%d.%d.0/24", x / 256, x % 256);
		struct prefix q = P(pfx);
		assert_int_equal(route_state_peers(rs, &q), n);
	}
	assert_int_equal(route_state_routes(rs), routes);
	route_state_free(rs);
}

static void test_against_model(void **state)
{
	run_model(0);
	run_model(ROUTE_KEEP_PATHS);
}

/* Paths of every length, short (slab slots) and long (their own block),
 * replaced, withdrawn and still held when the state is freed. */
static void test_path_lengths(void **state)
{
	struct route_state *rs = route_state_new(ROUTE_KEEP_PATHS);
	uint32_t path[203]; /* rounds start at path + round */
	for (int i = 0; i < 203; i++)
		path[i] = 64500u + (uint32_t)i;
	char pfx[32];
	for (int round = 0; round < 3; round++) {
		for (size_t len = 1; len <= 200; len++) {
			snprintf(pfx, sizeof pfx, "10.%zu.0.0/16", len);
			struct route_event ev =
			    ev_of(ROUTE_EV_ANNOUNCE, "192.0.2.1", 64500, pfx, path + round, len, 1);
			struct route_view prev;
			bool had;
			assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
			/* round 1 withdrew the odd lengths after announcing them */
			assert_int_equal(had, round == 1 || (round == 2 && len % 2 == 0));
			if (had) {
				assert_int_equal(prev.path_len, len);
				assert_int_equal(prev.path[0], 64500u + (uint32_t)round - 1);
				assert_int_equal(prev.path[len - 1],
				                 64500u + (uint32_t)(round - 1 + len - 1));
			}
			if (round == 1 && len % 2) {
				ev.type = ROUTE_EV_WITHDRAW;
				assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
			}
		}
	}
	assert_int_equal(route_state_routes(rs), 200);
	route_state_free(rs);
}

/* 10 peers x 20000 prefixes with shared paths stay under 100 bytes a route
 * when paths are kept, under 40 when not. */
static size_t bytes_per_route(unsigned keep)
{
	struct route_state *rs = route_state_new(keep);
	char peer[32], pfx[32];
	for (int p = 0; p < 10; p++) {
		snprintf(peer, sizeof peer, "192.0.2.%d", p + 1);
		for (int x = 0; x < 20000; x++) {
			snprintf(pfx, sizeof pfx, "10.%d.%d.0/24", x / 256, x % 256);
			uint32_t path[4] = {(uint32_t)(64500 + p), 3356, 1299,
			                    (uint32_t)(x % 3000 + 1)};
			struct route_event ev =
			    ev_of(ROUTE_EV_ANNOUNCE, peer, 64500 + p, pfx, path, 4, 1);
			assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
		}
	}
	assert_int_equal(route_state_routes(rs), 200000);
	size_t per = route_state_memory(rs) / route_state_routes(rs);
	print_message("route state%s: %zu bytes/route\n", keep ? " with paths" : "", per);
	route_state_free(rs);
	return per;
}

static void test_bytes_per_route(void **state)
{
	assert_true(bytes_per_route(ROUTE_KEEP_PATHS) < 100);
	assert_true(bytes_per_route(0) < 40);
}

/* route_state_covering against a brute force (route_state_peers on every
 * shorter length), on random IPv4 prefixes of every length clustered in a
 * few /16s, as they come and go: the bitmap it reads (one 64-byte block per
 * /16 and per /8) must agree with the table, also before and after the
 * first call starts it. */
static void test_covering_matches_brute_force(void **state)
{
	(void)state;
	struct route_state *rs = route_state_new(0);
	assert_non_null(rs);
	uint64_t x = 0x9e3779b97f4a7c15ull;
	uint32_t path[] = {64500, 64501};
	for (int round = 0; round < 20000; round++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		uint32_t a = (uint32_t)(x >> 8);
		a = (a & 0x0003ffff) | (uint32_t)(10 + (x & 1)) << 24; /* four /16s in two /8s */
		unsigned len = (unsigned)(x >> 40) % 33;
		char buf[32];
		snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, a >> 16 & 255, a >> 8 & 255,
		         a & 255);
		struct route_event ev = ev_of((x >> 50) % 3 ? ROUTE_EV_ANNOUNCE : ROUTE_EV_WITHDRAW,
		                              "192.0.2.1", 64500, buf, path, 2, 100);
		ev.pfx.len = (uint8_t)len;
		prefix_mask(&ev.pfx);
		struct route_view prev;
		bool had;
		assert_int_equal(route_state_apply(rs, &ev, &prev, &had), 0);
		if (round < 1000)
			continue; /* the bitmap starts at the first call, from what is held */
		for (unsigned min = 0; min <= 16; min += 8) {
			struct prefix want = {0}, got;
			bool found = false;
			for (unsigned l = len; l-- > min && !found;) {
				want = ev.pfx;
				want.len = (uint8_t)l;
				prefix_mask(&want);
				found = route_state_peers(rs, &want) > 0;
			}
			bool has = route_state_covering(rs, &ev.pfx, min, &got);
			assert_int_equal(has, found);
			if (found)
				assert_true(prefix_equal(&got, &want));
		}
	}
	route_state_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_announce_replace_withdraw),
	    cmocka_unit_test(test_without_paths),
	    cmocka_unit_test(test_peers_and_peer_down),
	    cmocka_unit_test(test_against_model),
	    cmocka_unit_test(test_path_lengths),
	    cmocka_unit_test(test_bytes_per_route),
	    cmocka_unit_test(test_covering_matches_brute_force),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
