/* SPDX-License-Identifier: ISC */
/* test_pipeline.c - hits to alerts with a fake detector: peer thresholds,
 * a peer's contribution ending at its next event, doubling updates, peer
 * down, standing hits, fade-off, samples, keys and ids, and nth for a key
 * that opens again within the second it was first seen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/pipeline.h"

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

/* The fake: origin 666 is an offence on channel "fake", 777 on "fakefade";
 * origin 999 raises a standing hit, 998 resolves it. */
static void
fake_event(void *self, const struct route_event *ev, const struct route_view *prev,
           struct detect_out *out)
{
	if (ev->type != ROUTE_EV_ANNOUNCE)
		return;
	struct detect_hit hit = {.code = "X|0|-|-",
	                         .severity = ALERT_CRITICAL,
	                         .prefix = ev->pfx,
	                         .offender_as = ev->origin,
	                         .description = "fake offence"};
	if (ev->origin == 666 || ev->origin == 777) {
		hit.type = ev->origin == 666 ? "fake" : "fakefade";
		hit.hold_seconds = ev->origin == 777 ? 60 : 0;
		detect_emit(out, &hit, ev);
	} else if (ev->origin == 999) {
		hit.type = "standing";
		detect_emit(out, &hit, NULL);
	} else if (ev->origin == 998) {
		detect_resolve(out, "standing", &ev->pfx, 999, ev->time);
	}
}

static void *fake_create(const struct detect_ctx *ctx, struct err *e)
{
	return (void *)ctx;
}

static const struct detector_ops fake_ops = {
    .name = "fake", .create = fake_create, .on_event = fake_event};

#define MAXSEEN 64
struct seen {
	struct alert a[MAXSEEN];
	size_t n;
};

static void record(void *arg, const struct alert *a)
{
	struct seen *s = arg;
	assert_true(s->n < MAXSEEN);
	s->a[s->n++] = *a;
}

struct fixture {
	struct mon_params monitors[2];
	struct monitor_config cfg;
	struct pipeline *p;
	struct seen seen;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->monitors[0] = (struct mon_params){.name = "fake-mon",
	                                     .channel = "fake",
	                                     .enabled = true,
	                                     .threshold_min_peers = 2,
	                                     .max_data_samples = 3};
	f->monitors[1] = (struct mon_params){.name = "fade-mon",
	                                     .channel = "fakefade",
	                                     .enabled = true,
	                                     .threshold_min_peers = 2,
	                                     .max_data_samples = 3};
	f->cfg.monitors = f->monitors;
	f->cfg.nmonitors = 2;
	struct detect_ctx ctx = {.cfg = &f->cfg};
	const struct detector_ops *ops[] = {&fake_ops, NULL};
	struct err e;
	f->p = pipeline_new_ops(&ctx, ops, record, &f->seen, &e);
	assert_non_null(f->p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	pipeline_free(f->p);
	free(f);
	return 0;
}

/* Feed one event from peer 192.0.2.N (AS 64500+N unless as is given). */
static void feed(struct fixture *f, enum route_event_type t, int n, uint32_t as, const char *pfx,
                 uint32_t origin, uint32_t time)
{
	char addr[32];
	snprintf(addr, sizeof addr, "192.0.2.%d", n);
	uint32_t path[3] = {as ? as : 64500u + n, 3356, origin};
	struct route_event ev = {.type = t,
	                         .time = time,
	                         .source = "rrc00",
	                         .peer_as = as ? as : 64500u + n,
	                         .peer_addr = P(addr),
	                         .path = t == ROUTE_EV_ANNOUNCE ? path : NULL,
	                         .path_len = t == ROUTE_EV_ANNOUNCE ? 3 : 0,
	                         .origin = t == ROUTE_EV_ANNOUNCE ? origin : 0};
	if (pfx)
		ev.pfx = P(pfx);
	struct err e;
	assert_int_equal(pipeline_feed(f->p, &ev, &e), 0);
}

static void test_threshold_and_resolution(void **state)
{
	struct fixture *f = *state;
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.0.0.0/8", 666, 100);
	assert_int_equal(f->seen.n, 0); /* one peer: below thresholdMinPeers 2 */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.0.0.0/8", 666, 101);
	assert_int_equal(f->seen.n, 0); /* the same peer again is still one */
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.0.0.0/8", 666, 102);
	assert_int_equal(f->seen.n, 1);
	struct alert *a = &f->seen.a[0];
	assert_int_equal(a->state, ALERT_OPEN);
	assert_int_equal(a->version, 1);
	assert_int_equal(a->npeers, 2);
	assert_string_equal(a->key, "fake|10.0.0.0/8|666");
	assert_string_equal(a->type, "fake");
	assert_string_equal(a->code, "X|0|-|-");
	assert_string_equal(a->description, "fake offence");
	assert_int_equal(a->offender_as, 666);
	assert_int_equal(a->nsamples, 2);
	assert_int_equal(a->samples[0].path_len, 3);
	assert_int_equal(a->samples[0].path[2], 666);
	assert_int_equal(a->first_seen, 100);
	assert_int_equal(a->last_seen, 102);
	uint64_t id = a->id;
	assert_true(id > 0);

	/* Peer 1 moves to a good origin: its contribution ends, no callback. */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.0.0.0/8", 1, 103);
	assert_int_equal(f->seen.n, 1);
	/* Peer 2 withdraws: nobody sees it any more. */
	feed(f, ROUTE_EV_WITHDRAW, 2, 0, "10.0.0.0/8", 0, 104);
	assert_int_equal(f->seen.n, 2);
	a = &f->seen.a[1];
	assert_int_equal(a->state, ALERT_RESOLVED);
	assert_int_equal(a->id, id);
	assert_int_equal(a->version, 2);
	assert_int_equal(a->npeers, 0);
	assert_int_equal(a->max_peers, 2);
	assert_int_equal(a->resolved_at, 104);

	/* It happens again: a new alert with a new id. */
	feed(f, ROUTE_EV_ANNOUNCE, 3, 0, "10.0.0.0/8", 666, 200);
	feed(f, ROUTE_EV_ANNOUNCE, 4, 0, "10.0.0.0/8", 666, 200);
	assert_int_equal(f->seen.n, 3);
	assert_int_equal(f->seen.a[2].state, ALERT_OPEN);
	assert_int_not_equal(f->seen.a[2].id, id);
	struct pipeline_stats st;
	pipeline_get_stats(f->p, &st);
	assert_int_equal(st.opened, 2);
	assert_int_equal(st.resolved, 1);
	assert_int_equal(st.events, 7);
	assert_int_equal(st.withdraws, 1);
}

static void test_peer_as_counts_once(void **state)
{
	struct fixture *f = *state;
	/* Two sessions of AS 3356 (two addresses) are one peer AS. */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 3356, "10.0.0.0/8", 666, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 3356, "10.0.0.0/8", 666, 100);
	assert_int_equal(f->seen.n, 0);
	feed(f, ROUTE_EV_ANNOUNCE, 3, 1299, "10.0.0.0/8", 666, 100);
	assert_int_equal(f->seen.n, 1);
	assert_int_equal(f->seen.a[0].npeers, 2);
	/* One of the two 3356 sessions leaves: 3356 still sees it. */
	feed(f, ROUTE_EV_WITHDRAW, 1, 3356, "10.0.0.0/8", 0, 101);
	feed(f, ROUTE_EV_WITHDRAW, 3, 1299, "10.0.0.0/8", 0, 101);
	assert_int_equal(f->seen.n, 1);
	feed(f, ROUTE_EV_WITHDRAW, 2, 3356, "10.0.0.0/8", 0, 102);
	assert_int_equal(f->seen.n, 2);
	assert_int_equal(f->seen.a[1].state, ALERT_RESOLVED);
}

static void test_updates_when_peers_double(void **state)
{
	struct fixture *f = *state;
	for (int n = 1; n <= 9; n++)
		feed(f, ROUTE_EV_ANNOUNCE, n, 0, "10.1.0.0/16", 666, 100 + n);
	/* open at 2, updated at 4 and 8 */
	assert_int_equal(f->seen.n, 3);
	assert_int_equal(f->seen.a[0].state, ALERT_OPEN);
	assert_int_equal(f->seen.a[1].state, ALERT_UPDATED);
	assert_int_equal(f->seen.a[1].npeers, 4);
	assert_int_equal(f->seen.a[1].version, 2);
	assert_int_equal(f->seen.a[2].npeers, 8);
	assert_int_equal(f->seen.a[2].version, 3);
	/* maxDataSamples 3 */
	assert_int_equal(f->seen.a[2].nsamples, 3);
}

static void test_peer_down(void **state)
{
	struct fixture *f = *state;
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.0.0.0/8", 666, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.0.0.0/8", 666, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.2.0.0/16", 666, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 3, 0, "10.2.0.0/16", 666, 100);
	assert_int_equal(f->seen.n, 2);
	feed(f, ROUTE_EV_PEER_DOWN, 2, 0, NULL, 0, 110);
	/* both alerts lose peer 2: 10.0.0.0/8 keeps 1 peer, 10.2/16 keeps 1 */
	assert_int_equal(f->seen.n, 2);
	feed(f, ROUTE_EV_PEER_DOWN, 1, 0, NULL, 0, 111);
	assert_int_equal(f->seen.n, 3);
	assert_int_equal(f->seen.a[2].state, ALERT_RESOLVED);
	assert_string_equal(f->seen.a[2].key, "fake|10.0.0.0/8|666");
	assert_int_equal(route_state_routes(pipeline_state(f->p)), 1);
	struct pipeline_stats st;
	pipeline_get_stats(f->p, &st);
	assert_int_equal(st.peer_downs, 2);
}

static void test_standing_hit(void **state)
{
	struct fixture *f = *state;
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.3.0.0/16", 999, 100);
	assert_int_equal(f->seen.n, 1); /* a standing hit needs no peer threshold */
	assert_int_equal(f->seen.a[0].state, ALERT_OPEN);
	assert_string_equal(f->seen.a[0].key, "standing|10.3.0.0/16|999");
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.3.0.0/16", 5, 101);
	assert_int_equal(f->seen.n, 1); /* it stands until resolved */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.3.0.0/16", 998, 102);
	assert_int_equal(f->seen.n, 2);
	assert_int_equal(f->seen.a[1].state, ALERT_RESOLVED);
	assert_int_equal(f->seen.a[1].resolved_at, 102);
}

/* A ROA that disappears on a reload: a standing hit from outside any event. */
static void roa_gone(void *arg, struct detect_out *out)
{
	const struct prefix *pfx = arg;
	struct detect_hit hit = {.type = "roa",
	                         .code = "ROA|deleted",
	                         .severity = ALERT_WARNING,
	                         .prefix = *pfx,
	                         .offender_as = 64496,
	                         .description = "ROA deleted"};
	detect_emit(out, &hit, NULL);
}

static void roa_back(void *arg, struct detect_out *out)
{
	detect_resolve(out, "roa", arg, 64496, 300);
}

static void test_standing_from_outside(void **state)
{
	struct fixture *f = *state;
	struct prefix pfx = P("192.0.2.0/24");
	struct err e;
	assert_int_equal(pipeline_standing(f->p, 200, roa_gone, &pfx, &e), 0);
	assert_int_equal(f->seen.n, 1);
	assert_string_equal(f->seen.a[0].key, "roa|192.0.2.0/24|64496");
	assert_int_equal(f->seen.a[0].state, ALERT_OPEN);
	assert_int_equal(f->seen.a[0].first_seen, 200);
	assert_int_equal(pipeline_standing(f->p, 300, roa_back, &pfx, &e), 0);
	assert_int_equal(f->seen.n, 2);
	assert_int_equal(f->seen.a[1].state, ALERT_RESOLVED);
	assert_int_equal(f->seen.a[1].resolved_at, 300);
}

static void test_fade_off(void **state)
{
	struct fixture *f = *state;
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.4.0.0/16", 777, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.4.0.0/16", 777, 100);
	assert_int_equal(f->seen.n, 0); /* threshold met, waiting 60 s */
	pipeline_tick(f->p, 159);
	assert_int_equal(f->seen.n, 0);
	pipeline_tick(f->p, 160);
	assert_int_equal(f->seen.n, 1);
	assert_int_equal(f->seen.a[0].state, ALERT_OPEN);

	/* Here one peer recovers within the fade-off: never alerted. */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.5.0.0/16", 777, 200);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.5.0.0/16", 777, 210);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.5.0.0/16", 1, 250);
	pipeline_tick(f->p, 400);
	assert_int_equal(f->seen.n, 1);
	/* ...and when it comes back, the wait starts again from then. */
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.5.0.0/16", 777, 500);
	pipeline_tick(f->p, 559);
	assert_int_equal(f->seen.n, 1);
	pipeline_tick(f->p, 560);
	assert_int_equal(f->seen.n, 2);
	assert_string_equal(f->seen.a[1].key, "fakefade|10.5.0.0/16|777");
}

static void test_finish_opens_waiting(void **state)
{
	struct fixture *f = *state;
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.6.0.0/16", 777, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.6.0.0/16", 777, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.7.0.0/16", 777, 100); /* one peer: below */
	pipeline_tick(f->p, 130);
	assert_int_equal(f->seen.n, 0);
	pipeline_finish(f->p); /* the data ends 30 s into the 60 s wait */
	assert_int_equal(f->seen.n, 1);
	assert_string_equal(f->seen.a[0].key, "fakefade|10.6.0.0/16|777");
	pipeline_tick(f->p, 1000);
	assert_int_equal(f->seen.n, 1); /* not twice */
}

/* Open, resolve, open again within one second: two alerts with the same
 * key and first_seen, told apart by nth, the same in every run. */
static void test_same_second_nth(void **state)
{
	struct fixture *f = *state;
	const char *pfx = "10.8.0.0/16";
	for (int round = 0; round < 2; round++) {
		feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 666, 100);
		feed(f, ROUTE_EV_ANNOUNCE, 2, 0, pfx, 666, 100); /* opens */
		feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 1, 100);
		feed(f, ROUTE_EV_WITHDRAW, 2, 0, pfx, 0, 100); /* resolves */
	}
	/* seen with one peer only, gone again: no alert, and no number taken */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 666, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 1, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 666, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, pfx, 666, 100);
	assert_int_equal(f->seen.n, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(f->seen.a[i].key, "fake|10.8.0.0/16|666");
		assert_int_equal(f->seen.a[i].first_seen, 100);
		assert_int_equal(f->seen.a[i].nth, i / 2);
		assert_int_equal(f->seen.a[i].state, i % 2 ? ALERT_RESOLVED : ALERT_OPEN);
	}
	assert_int_equal(f->seen.a[1].id, f->seen.a[0].id);
	assert_int_not_equal(f->seen.a[2].id, f->seen.a[0].id);
	assert_int_not_equal(f->seen.a[4].id, f->seen.a[2].id);
	/* the third resolves a second later; the next opening is that second's first */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 1, 101);
	feed(f, ROUTE_EV_WITHDRAW, 2, 0, pfx, 0, 101);
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 666, 101);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, pfx, 666, 101);
	assert_int_equal(f->seen.n, 7);
	assert_int_equal(f->seen.a[5].nth, 2);
	assert_int_equal(f->seen.a[6].first_seen, 101);
	assert_int_equal(f->seen.a[6].nth, 0);
	/* another key in the same second numbers on its own */
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, "10.9.0.0/16", 666, 101);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, "10.9.0.0/16", 666, 101);
	assert_int_equal(f->seen.n, 8);
	assert_int_equal(f->seen.a[7].nth, 0);
	struct pipeline_stats st;
	pipeline_get_stats(f->p, &st);
	assert_int_equal(st.opened, 5);
	assert_int_equal(st.resolved, 3);
}

/* A group that waits out its hold time, first seen in a second where its
 * key already opened and resolved, opens later under the next nth. */
static void test_same_second_nth_after_wait(void **state)
{
	struct fixture *f = *state;
	const char *pfx = "10.10.0.0/16";
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 777, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, pfx, 777, 100);
	pipeline_finish(f->p); /* opens it now, without the wait */
	feed(f, ROUTE_EV_WITHDRAW, 1, 0, pfx, 0, 100);
	feed(f, ROUTE_EV_WITHDRAW, 2, 0, pfx, 0, 100);
	assert_int_equal(f->seen.n, 2);
	feed(f, ROUTE_EV_ANNOUNCE, 1, 0, pfx, 777, 100);
	feed(f, ROUTE_EV_ANNOUNCE, 2, 0, pfx, 777, 100);
	pipeline_tick(f->p, 159);
	assert_int_equal(f->seen.n, 2);
	pipeline_tick(f->p, 160);
	assert_int_equal(f->seen.n, 3);
	assert_int_equal(f->seen.a[2].state, ALERT_OPEN);
	assert_int_equal(f->seen.a[2].first_seen, 100);
	assert_int_equal(f->seen.a[2].nth, 1);
	assert_int_not_equal(f->seen.a[2].id, f->seen.a[0].id);
}

static void test_unknown_detector(void **state)
{
	struct monitor_config cfg = {0};
	struct detect_ctx ctx = {.cfg = &cfg};
	const char *names[] = {"no-such-detector", NULL};
	struct err e;
	assert_null(pipeline_new(&ctx, names, NULL, NULL, &e));
	assert_string_equal(e.msg, "monitor: unknown detector 'no-such-detector'");
	const char *ok[] = {"hijack", NULL};
	struct pipeline *p = pipeline_new(&ctx, ok, NULL, NULL, &e);
	assert_non_null(p);
	pipeline_free(p);
}

/* Many prefixes and peers churning: every opened alert resolves once all
 * routes are withdrawn, and nothing is left behind. */
static void test_churn_resolves_everything(void **state)
{
	struct fixture *f = *state;
	srand(3);
	for (int i = 0; i < 20000; i++) {
		char pfx[32];
		int x = rand() % 50;
		snprintf(pfx, sizeof pfx, "10.9.%d.0/24", x);
		int peer = 1 + rand() % 6;
		int op = rand() % 3;
		if (op == 0)
			feed(f, ROUTE_EV_WITHDRAW, peer, 0, pfx, 0, 1000 + i / 10);
		else
			feed(f, ROUTE_EV_ANNOUNCE, peer, 0, pfx, op == 1 ? 666 : 1, 1000 + i / 10);
		if (f->seen.n > MAXSEEN - 8)
			f->seen.n = 0;
	}
	for (int peer = 1; peer <= 6; peer++)
		feed(f, ROUTE_EV_PEER_DOWN, peer, 0, NULL, 0, 5000);
	struct pipeline_stats st;
	pipeline_get_stats(f->p, &st);
	assert_true(st.opened > 10);
	assert_int_equal(st.opened, st.resolved);
	assert_int_equal(route_state_routes(pipeline_state(f->p)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_threshold_and_resolution, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_peer_as_counts_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_updates_when_peers_double, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_peer_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_standing_hit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_standing_from_outside, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fade_off, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_finish_opens_waiting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_second_nth, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_second_nth_after_wait, setup, teardown),
	    cmocka_unit_test(test_unknown_detector),
	    cmocka_unit_test_setup_teardown(test_churn_resolves_everything, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
