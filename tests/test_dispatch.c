/* SPDX-License-Identifier: ISC */
/* test_dispatch.c - lib/detect/dispatch and the JSON lines and syslog
 * sinks: store first, then sinks; a failing sink gets its alerts later, in
 * order, once each, after backoff; a restarted dispatcher on the same store
 * delivers what was pending and resends nothing; the same alerts raised
 * again are not delivered twice; a locked or full store keeps alerts in
 * memory (sinks still served) and takes them when it works again; the
 * memory queue is bounded and counts what it drops; a key that opens,
 * resolves and opens again in one second, from a real pipeline, is two
 * stored alerts, each delivered once, over a restart too; an asynchronous
 * sink has at most 64 deliveries in flight, gets the rest in order as
 * outcomes come in, has a failed one and all after it resent in order, and
 * what was in flight at a stop goes out in the next run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "detect/alert_json.h"
#include "detect/dispatch.h"
#include "detect/pipeline.h"
#include "detect_hijack666.h"

/* A sink that fails its next `fail` attempts (or always when fail < 0)
 * and records what it took. */
struct fake {
	int fail;
	int attempts;
	int n;
	uint64_t ids[64];
	uint32_t versions[64];
	uint32_t nths[64];
	char keys[64][96];
};

static int fake_deliver(void *self, const struct alert *a, struct err *e)
{
	struct fake *f = self;
	f->attempts++;
	if (f->fail != 0) {
		if (f->fail > 0)
			f->fail--;
		return err_set(e, "HTTP 500");
	}
	assert_true(f->n < 64);
	f->ids[f->n] = a->id;
	f->versions[f->n] = a->version;
	f->nths[f->n] = a->nth;
	snprintf(f->keys[f->n++], sizeof f->keys[0], "%s", a->key);
	return 0;
}

static const struct alert_sink_ops fake_ops = {.kind = "fake", .deliver = fake_deliver};

static struct alert_sink *fake_sink(struct fake *f, const char *name)
{
	struct err e;
	struct alert_sink *s = alert_sink_new(&fake_ops, f, name, &e);
	assert_non_null(s);
	return s;
}

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_dispatch.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/alerts.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

/* Alert number i of a run: ids 1.., first_seen fixed per i. */
static void make_alert(struct alert *a, unsigned i, uint32_t version)
{
	struct err e;
	char pfx[32];
	memset(a, 0, sizeof *a);
	a->id = i;
	snprintf(pfx, sizeof pfx, "192.0.%u.0/24", i);
	snprintf(a->type, sizeof a->type, i % 2 ? "hijack" : "visibility");
	snprintf(a->key, sizeof a->key, "%s|%s|64511", a->type, pfx);
	snprintf(a->code, sizeof a->code, "E|0|-|-");
	assert_int_equal(prefix_parse(pfx, &a->prefix, &e), 0);
	a->state = version == 1 ? ALERT_OPEN : ALERT_UPDATED;
	a->severity = ALERT_CRITICAL;
	a->offender_as = 64511;
	a->first_seen = 1000 + i;
	a->last_seen = 1000 + i + version;
	a->version = version;
	a->npeers = 2;
}

static void raise_alert(struct dispatch *d, unsigned i, uint32_t version)
{
	struct alert a;
	make_alert(&a, i, version);
	dispatch_alert(d, &a);
}

/* An asynchronous sink (alert_sink.h) whose outcomes the test decides:
 * taken[reported .. finished) have an outcome poll has not reported yet. */
struct fly {
	int taken, finished, reported, arrived;
	uint64_t ids[256];
	uint32_t versions[256];
	bool failed[256];
	uint64_t arrived_ids[256]; /* what the far end got, in order */
};

static int fly_deliver(void *self, const struct alert *a, struct err *e)
{
	struct fly *f = self;
	assert_true(f->taken < 256);
	f->ids[f->taken] = a->id;
	f->versions[f->taken++] = a->version;
	return ALERT_SINK_IN_FLIGHT;
}

/* The next n deliveries work; then, with fail, the one after fails. */
static void fly_answer(struct fly *f, int n, bool fail)
{
	for (int k = 0; k < n && f->finished < f->taken; k++) {
		f->failed[f->finished] = false;
		f->arrived_ids[f->arrived++] = f->ids[f->finished++];
	}
	if (fail && f->finished < f->taken)
		f->failed[f->finished++] = true;
}

static size_t fly_poll(void *self, bool wait, alert_sink_done_fn *done, void *arg)
{
	struct fly *f = self;
	bool broke = false;
	for (; f->reported < f->finished; f->reported++) {
		int k = f->reported;
		broke |= f->failed[k];
		done(arg, f->ids[k], f->versions[k], f->failed[k] ? "HTTP 500" : NULL);
	}
	for (; broke && f->reported < f->taken; f->reported++) { /* unsent */
		int k = f->reported;
		done(arg, f->ids[k], f->versions[k], "not sent after an earlier failure");
	}
	if (broke)
		f->finished = f->taken;
	return (size_t)(f->taken - f->reported);
}

static const struct alert_sink_ops fly_ops = {
    .kind = "fly", .deliver = fly_deliver, .poll = fly_poll};

static struct alert_sink *fly_sink(struct fly *f, const char *name)
{
	struct err e;
	struct alert_sink *s = alert_sink_new(&fly_ops, f, name, &e);
	assert_non_null(s);
	return s;
}

static void assert_arrived_in_order(const struct fly *f, int n)
{
	assert_int_equal(f->arrived, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(f->arrived_ids[i], i + 1);
}

static struct dispatch_sink_stats sink_stats(struct dispatch *d, size_t i)
{
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	return s.sinks[i];
}

/* At most 64 in flight; the rest wait (store or memory) and go, in order,
 * as outcomes come in: at a poll, or at the next alert once half the
 * flights landed. */
static void run_async_cap(bool with_store)
{
	struct err e;
	struct fly f = {0};
	struct alert_store *st = NULL;
	if (with_store)
		assert_non_null(st = alert_store_open(path, false, &e));
	struct alert_sink *sinks[] = {fly_sink(&f, "fly")};
	struct dispatch *d = dispatch_new(st, sinks, 1, NULL, 0, &e);
	assert_non_null(d);
	for (unsigned i = 1; i <= 100; i++)
		raise_alert(d, i, 1);
	assert_int_equal(f.taken, 64);
	assert_int_equal(sink_stats(d, 0).inflight, 64);
	assert_int_equal(sink_stats(d, 0).pending, 100);
	assert_int_equal(dispatch_pending(d), 100);
	fly_answer(&f, 40, false);
	raise_alert(d, 101, 1); /* 24 in flight: 65..100 go first, then 101 */
	assert_int_equal(f.taken, 101);
	assert_int_equal(f.ids[100], 101);
	assert_int_equal(sink_stats(d, 0).delivered, 40);
	fly_answer(&f, 100, false);
	dispatch_poll(d, 0);
	assert_int_equal(dispatch_pending(d), 0);
	assert_int_equal(sink_stats(d, 0).delivered, 101);
	assert_int_equal(sink_stats(d, 0).inflight, 0);
	assert_arrived_in_order(&f, 101);
	for (int i = 0; i < 101; i++)
		assert_int_equal(f.ids[i], i + 1); /* each taken once */
	dispatch_free(d);
	alert_store_close(st);
}

static void test_async_cap(void **state)
{
	(void)state;
	run_async_cap(true);
	run_async_cap(false);
}

/* A failed outcome: the deliveries taken behind it come back unsent (not
 * counted as attempts); after the backoff the failed one and all after it
 * go again, in order; nothing arrives twice. */
static void run_async_failure(bool with_store)
{
	struct err e;
	struct fly f = {0};
	struct alert_store *st = NULL;
	if (with_store)
		assert_non_null(st = alert_store_open(path, false, &e));
	struct alert_sink *sinks[] = {fly_sink(&f, "fly")};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 8};
	struct dispatch *d = dispatch_new(st, sinks, 1, &o, 0, &e);
	for (unsigned i = 1; i <= 5; i++)
		raise_alert(d, i, 1);
	fly_answer(&f, 1, true); /* 1 arrives, 2 fails, 3..5 unsent */
	dispatch_poll(d, 0);
	struct dispatch_sink_stats ss = sink_stats(d, 0);
	assert_int_equal(ss.delivered, 1);
	assert_int_equal(ss.failed, 1);
	assert_false(ss.up);
	assert_int_equal(ss.pending, 4);
	assert_int_equal(ss.inflight, 0);
	raise_alert(d, 6, 1); /* behind the backlog */
	dispatch_poll(d, 0.5);
	assert_int_equal(f.taken, 5);
	dispatch_poll(d, 1);
	assert_int_equal(f.taken, 10);
	for (int i = 5; i < 10; i++)
		assert_int_equal(f.ids[i], i - 3); /* 2..6 */
	fly_answer(&f, 5, false);
	dispatch_poll(d, 2);
	ss = sink_stats(d, 0);
	assert_true(ss.up);
	assert_int_equal(ss.delivered, 6);
	assert_int_equal(ss.failed, 1);
	assert_int_equal(dispatch_pending(d), 0);
	assert_arrived_in_order(&f, 6);
	dispatch_free(d);
	alert_store_close(st);
}

static void test_async_failure(void **state)
{
	(void)state;
	run_async_failure(true);
	run_async_failure(false);
}

/* Without a store, alerts in flight wait in the memory queue; those
 * delivered since the last poll make room: a quick sink loses nothing
 * however many alerts come between polls. */
static void test_async_memory_queue(void **state)
{
	(void)state;
	struct err e;
	struct fly f = {0};
	struct alert_sink *sinks[] = {fly_sink(&f, "fly")};
	struct dispatch_options o = {.queue_max = 8, .inflight_max = 4};
	struct dispatch *d = dispatch_new(NULL, sinks, 1, &o, 0, &e);
	for (unsigned i = 1; i <= 40; i++) {
		raise_alert(d, i, 1);
		fly_answer(&f, 1, false);
	}
	dispatch_poll(d, 0);
	struct dispatch_stats ds;
	dispatch_get_stats(d, &ds);
	assert_int_equal(ds.dropped, 0);
	assert_int_equal(dispatch_pending(d), 0);
	assert_arrived_in_order(&f, 40);
	dispatch_free(d);
}

/* Stopped with deliveries in flight: the confirmed one is done in the
 * store, the two others stay pending and the next run sends them. */
static void test_async_restart(void **state)
{
	(void)state;
	struct err e;
	struct fly f = {0};
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct alert_sink *sinks[] = {fly_sink(&f, "hook")};
	struct dispatch *d = dispatch_new(st, sinks, 1, NULL, 0, &e);
	for (unsigned i = 1; i <= 3; i++)
		raise_alert(d, i, 1);
	fly_answer(&f, 1, false);
	dispatch_free(d); /* records 1; 2 and 3 did not finish (stderr) */
	alert_store_close(st);

	struct fly next = {0};
	st = alert_store_open(path, false, &e);
	struct alert_sink *sinks2[] = {fly_sink(&next, "hook")};
	d = dispatch_new(st, sinks2, 1, NULL, 0, &e);
	assert_int_equal(dispatch_pending(d), 2);
	dispatch_poll(d, 0);
	fly_answer(&next, 2, false);
	dispatch_poll(d, 0);
	assert_int_equal(dispatch_pending(d), 0);
	assert_int_equal(next.taken, 2);
	assert_int_equal(next.ids[0], 2);
	assert_int_equal(next.ids[1], 3);
	dispatch_free(d);
	alert_store_close(st);
}

static void test_memory_retry_in_order(void **state)
{
	(void)state;
	struct err e;
	struct fake ok = {0}, flaky = {.fail = 2};
	struct alert_sink *sinks[] = {fake_sink(&ok, "ok"), fake_sink(&flaky, "flaky")};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 8};
	struct dispatch *d = dispatch_new(NULL, sinks, 2, &o, 100, &e);
	double t0 = dispatch_now(), t1 = dispatch_now();
	assert_true(t0 > 0 && t1 >= t0);
	assert_non_null(d);
	raise_alert(d, 1, 1); /* flaky fails: 1 s backoff */
	raise_alert(d, 2, 1); /* waits behind 1, no attempt */
	assert_int_equal(ok.n, 2);
	assert_int_equal(flaky.attempts, 1);
	assert_int_equal(dispatch_pending(d), 2);
	dispatch_poll(d, 100.5); /* too early */
	assert_int_equal(flaky.attempts, 1);
	dispatch_poll(d, 101); /* fails again: 2 s */
	assert_int_equal(flaky.attempts, 2);
	dispatch_poll(d, 102.9);
	assert_int_equal(flaky.attempts, 2);
	raise_alert(d, 3, 1);
	dispatch_poll(d, 103);
	assert_int_equal(flaky.n, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(flaky.ids[i], i + 1); /* in order, once each */
	assert_int_equal(dispatch_pending(d), 0);
	raise_alert(d, 4, 1); /* caught up: straight through */
	assert_int_equal(flaky.n, 4);
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	assert_int_equal(s.alerts, 4);
	assert_int_equal(s.sinks[1].delivered, 4);
	assert_int_equal(s.sinks[1].failed, 2);
	assert_true(s.sinks[1].up);
	assert_int_equal(s.ntypes, 2);
	assert_string_equal(s.types[0].type, "hijack");
	assert_int_equal(s.types[0].by_state[ALERT_OPEN], 2);
	dispatch_free(d);
}

static void test_backoff_caps(void **state)
{
	(void)state;
	struct err e;
	struct fake down = {.fail = -1};
	struct alert_sink *sinks[] = {fake_sink(&down, "down")};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 4};
	struct dispatch *d = dispatch_new(NULL, sinks, 1, &o, 0, &e);
	raise_alert(d, 1, 1);           /* attempt at 0: next at 1 */
	double t[] = {1, 3, 7, 11, 15}; /* 1, 2, 4, then capped at 4 */
	for (size_t i = 0; i < 5; i++) {
		dispatch_poll(d, t[i] - 0.01);
		assert_int_equal(down.attempts, (int)i + 1);
		dispatch_poll(d, t[i]);
		assert_int_equal(down.attempts, (int)i + 2);
	}
	dispatch_free(d); /* reports the alert lost: no store */
}

static void test_queue_bounded(void **state)
{
	(void)state;
	struct err e;
	struct fake down = {.fail = 1000};
	struct alert_sink *sinks[] = {fake_sink(&down, "down")};
	struct dispatch_options o = {.queue_max = 4, .retry_min = 1, .retry_max = 1};
	struct dispatch *d = dispatch_new(NULL, sinks, 1, &o, 0, &e);
	for (unsigned i = 1; i <= 10; i++)
		raise_alert(d, i, 1);
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	assert_int_equal(s.dropped, 6);
	assert_int_equal(s.queued, 4);
	down.fail = 0;
	dispatch_poll(d, 5);
	assert_int_equal(down.n, 4);
	assert_int_equal(down.ids[0], 7); /* the newest four */
	assert_int_equal(down.ids[3], 10);
	dispatch_free(d);
}

static long stored_rows(void)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long n = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM alerts", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static void test_restart_exactly_once(void **state)
{
	(void)state;
	struct err e;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct fake ok = {0}, down = {.fail = -1};
	struct alert_sink *sinks[] = {fake_sink(&ok, "ok"), fake_sink(&down, "hook")};
	struct dispatch *d = dispatch_new(st, sinks, 2, NULL, 0, &e);
	assert_non_null(d);
	raise_alert(d, 1, 1);
	raise_alert(d, 1, 2);
	raise_alert(d, 2, 1);
	dispatch_poll(d, 1000);
	assert_int_equal(ok.n, 3);
	assert_int_equal(down.n, 0);
	assert_int_equal(dispatch_pending(d), 3);
	dispatch_free(d); /* nothing lost: the store keeps it */
	alert_store_close(st);

	/* restart: the pending three go out first, "ok" gets nothing again */
	st = alert_store_open(path, false, &e);
	struct fake ok2 = {0}, up = {0};
	struct alert_sink *sinks2[] = {fake_sink(&ok2, "ok"), fake_sink(&up, "hook")};
	d = dispatch_new(st, sinks2, 2, NULL, 0, &e);
	assert_non_null(d);
	/* the same data replayed: the pipeline raises the same alerts again */
	raise_alert(d, 1, 1);
	raise_alert(d, 2, 1);
	assert_int_equal(ok2.n, 0);
	assert_int_equal(up.n, 0); /* behind its backlog */
	dispatch_poll(d, 0);
	assert_int_equal(up.n, 3);
	assert_string_equal(up.keys[0], "hijack|192.0.1.0/24|64511");
	assert_int_equal(up.versions[1], 2);
	assert_int_equal(up.ids[0], up.ids[1]); /* one alert, two versions */
	assert_int_equal(dispatch_pending(d), 0);
	/* a new alert in the second run: numbered after the first run's */
	raise_alert(d, 1, 3);
	raise_alert(d, 3, 1);
	assert_int_equal(ok2.n, 2);
	assert_int_equal(ok2.ids[0], up.ids[0]);
	assert_int_equal(ok2.ids[1], 5); /* 2 stored ids before, pipeline id 3 */
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	assert_int_equal(s.duplicates, 2);
	dispatch_free(d);
	alert_store_close(st);
	assert_int_equal(stored_rows(), 5);
}

/* One run of the monitor over the same four events, on the store at path:
 * in second 100 the hijack opens, is withdrawn and opens again; in 101 it
 * is withdrawn. */
static void run_monitor(struct alert_sink **sinks, size_t n, struct dispatch_stats *stats)
{
	struct err e;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct dispatch *d = dispatch_new(st, sinks, n, NULL, 0, &e);
	assert_non_null(d);
	struct detect_ctx ctx = {0};
	const struct detector_ops *ops[] = {&hijack_ops, NULL};
	struct pipeline *p = pipeline_new_ops(&ctx, ops, dispatch_alert, d, &e);
	assert_non_null(p);
	uint32_t path_as[] = {64500, 666};
	struct route_event ev = {.source = "rrc00", .peer_as = 64500};
	assert_int_equal(prefix_parse_host("192.0.2.1", &ev.peer_addr, &e), 0);
	assert_int_equal(prefix_parse("203.0.113.0/24", &ev.pfx, &e), 0);
	const struct {
		enum route_event_type type;
		uint32_t time;
	} evs[] = {{ROUTE_EV_ANNOUNCE, 100},
	           {ROUTE_EV_WITHDRAW, 100},
	           {ROUTE_EV_ANNOUNCE, 100},
	           {ROUTE_EV_WITHDRAW, 101}};
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
		bool ann = evs[i].type == ROUTE_EV_ANNOUNCE;
		ev.type = evs[i].type;
		ev.time = evs[i].time;
		ev.path = ann ? path_as : NULL;
		ev.path_len = ann ? 2 : 0;
		ev.origin = ann ? 666 : 0;
		assert_int_equal(pipeline_feed(p, &ev, &e), 0);
		dispatch_poll(d, 0);
	}
	dispatch_poll(d, 0);
	dispatch_get_stats(d, stats);
	pipeline_free(p);
	dispatch_free(d);
	alert_store_close(st);
}

static void test_same_second_two_alerts(void **state)
{
	(void)state;
	struct dispatch_stats s;
	struct fake ok = {0}, down = {.fail = -1};
	struct alert_sink *sinks[] = {fake_sink(&ok, "ok"), fake_sink(&down, "hook")};
	run_monitor(sinks, 2, &s);
	assert_int_equal(s.stored, 4);
	assert_int_equal(s.duplicates, 0);
	assert_int_equal(stored_rows(), 4); /* two alerts, two versions each */
	assert_int_equal(ok.n, 4);
	assert_int_equal(ok.ids[0], ok.ids[1]);
	assert_int_equal(ok.ids[2], ok.ids[3]);
	assert_int_not_equal(ok.ids[0], ok.ids[2]);
	assert_int_equal(ok.nths[0], 0);
	assert_int_equal(ok.nths[2], 1);

	/* restart over the same data: nothing new stored, "ok" gets nothing
	 * again, "hook" gets each of the four from the store once, nth and all */
	struct fake ok2 = {0}, up = {0};
	struct alert_sink *sinks2[] = {fake_sink(&ok2, "ok"), fake_sink(&up, "hook")};
	run_monitor(sinks2, 2, &s);
	assert_int_equal(s.stored, 0);
	assert_int_equal(s.duplicates, 4);
	assert_int_equal(stored_rows(), 4);
	assert_int_equal(ok2.n, 0);
	assert_int_equal(up.n, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(up.ids[i], ok.ids[i]);
		assert_int_equal(up.versions[i], ok.versions[i]);
		assert_int_equal(up.nths[i], ok.nths[i]);
	}
}

static void test_locked_store_keeps_alerts(void **state)
{
	(void)state;
	struct err e;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	alert_store_set_busy_timeout(st, 10);
	struct fake ok = {0};
	struct alert_sink *sinks[] = {fake_sink(&ok, "ok")};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 1};
	struct dispatch *d = dispatch_new(st, sinks, 1, &o, 0, &e);
	sqlite3 *other;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	raise_alert(d, 1, 1);
	raise_alert(d, 2, 1);
	assert_int_equal(ok.n, 2); /* sinks are served while the store is locked */
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	assert_int_equal(s.store_errors, 1); /* one attempt, then backoff */
	assert_int_equal(s.queued, 2);
	dispatch_poll(d, 0.5);
	dispatch_get_stats(d, &s);
	assert_int_equal(s.store_errors, 1);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	dispatch_poll(d, 1);
	dispatch_get_stats(d, &s);
	assert_int_equal(s.queued, 0);
	assert_int_equal(s.stored, 2);
	assert_int_equal(ok.n, 2); /* not sent again */
	assert_int_equal(dispatch_pending(d), 0);
	dispatch_free(d);
	alert_store_close(st);
	assert_int_equal(stored_rows(), 2);
}

static void test_full_store_keeps_alerts(void **state)
{
	(void)state;
	struct err e;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct fake hook = {.fail = -1};
	struct alert_sink *sinks[] = {fake_sink(&hook, "hook")};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 1};
	struct dispatch *d = dispatch_new(st, sinks, 1, &o, 0, &e);
	assert_int_equal(alert_store_set_max_size(st, 1, &e), 0); /* full */
	for (unsigned i = 1; i <= 20; i++)
		raise_alert(d, i, 1);
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	assert_true(s.store_errors >= 1);
	assert_true(s.queued > 0); /* the first few fit in the pages the file had */
	assert_int_equal(s.queued + s.stored, 20);
	assert_int_equal(dispatch_pending(d), s.stored + 2 * s.queued);
	/* space again, sink back: everything stored and delivered, once */
	assert_int_equal(alert_store_set_max_size(st, 0, &e), 0);
	hook.fail = 0;
	dispatch_poll(d, 2);
	assert_int_equal(hook.n, 20);
	for (int i = 0; i < 20; i++)
		assert_int_equal(hook.ids[i], i + 1);
	dispatch_get_stats(d, &s);
	assert_int_equal(s.stored, 20);
	assert_int_equal(dispatch_pending(d), 0);
	dispatch_free(d);
	alert_store_close(st);
}

/* A store SQLite can only read (a file the monitor may not write): every
 * alert is refused with a message, kept in memory, and the sinks are
 * served all the same. */
static void test_read_only_store_keeps_alerts(void **state)
{
	(void)state;
	struct err e;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	alert_store_close(st);
	st = alert_store_open(path, true, &e);
	assert_non_null(st);
	struct fake ok = {0};
	struct alert_sink *sinks[] = {fake_sink(&ok, "ok")};
	struct dispatch *d = dispatch_new(st, sinks, 1, NULL, 0, &e);
	assert_non_null(d);
	for (unsigned i = 1; i <= 5; i++)
		raise_alert(d, i, 1);
	assert_int_equal(ok.n, 5);
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	assert_int_equal(s.store_errors, 1);
	assert_int_equal(s.queued, 5);
	assert_int_equal(s.stored, 0);
	dispatch_poll(d, 10); /* tried again, refused again, nothing lost */
	dispatch_get_stats(d, &s);
	assert_int_equal(s.store_errors, 2);
	assert_int_equal(s.queued, 5);
	assert_int_equal(ok.n, 5);
	dispatch_free(d); /* reports the five alerts the store never took */
	alert_store_close(st);
}

static void test_jsonl_sink(void **state)
{
	(void)state;
	struct err e;
	char file[160], line[2048];
	snprintf(file, sizeof file, "%s/alerts.jsonl", dir);
	struct alert_sink *s = sink_jsonl_new(file, &e);
	assert_non_null(s);
	assert_true(!strncmp(s->name, "jsonl:/tmp/", 11));
	struct alert a;
	make_alert(&a, 1, 1);
	assert_int_equal(s->ops->deliver(s->self, &a, &e), 0);
	FILE *f = fopen(file, "r"); /* flushed per alert: readable at once */
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	char *json = alert_json_string(&a);
	assert_true(!strncmp(line, json, strlen(json)) && line[strlen(json)] == '\n');
	free(json);
	alert_sink_free(s);

	s = sink_jsonl_new("/dev/full", &e);
	assert_non_null(s);
	assert_int_equal(s->ops->deliver(s->self, &a, &e), -1);
	assert_non_null(strstr(e.msg, "/dev/full: write error"));
	alert_sink_free(s);
	assert_null(sink_jsonl_new("/nonexistent/dir/x.jsonl", &e));
	assert_non_null(strstr(e.msg, "/nonexistent/dir/x.jsonl"));
}

static void test_syslog_sink(void **state)
{
	(void)state;
	struct err e;
	assert_null(sink_syslog_new("kern", &e));
	assert_non_null(strstr(e.msg, "kern"));
	struct alert_sink *s = sink_syslog_new("local3", &e);
	assert_non_null(s);
	assert_string_equal(s->name, "syslog:local3");
	struct alert a;
	make_alert(&a, 1, 1);
	assert_int_equal(s->ops->deliver(s->self, &a, &e), 0);
	alert_sink_free(s);
}

static void test_bad_sinks(void **state)
{
	(void)state;
	struct err e;
	struct fake f1 = {0}, f2 = {0};
	struct alert_sink *sinks[] = {fake_sink(&f1, "same"), fake_sink(&f2, "same")};
	assert_null(dispatch_new(NULL, sinks, 2, NULL, 0, &e));
	assert_non_null(strstr(e.msg, "fake:same given twice"));
}

/* A version withheld by notificationIntervalSeconds is stored (every
 * version is) but owed to no sink, now or after a restart; without a store
 * it is only counted. */
static void test_withheld_stored_not_sent(void **state)
{
	(void)state;
	struct err e;
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct fake ok = {0};
	struct alert_sink *sinks[] = {fake_sink(&ok, "ok")};
	struct dispatch *d = dispatch_new(st, sinks, 1, NULL, 0, &e);
	assert_non_null(d);
	raise_alert(d, 1, 1);
	struct alert a;
	make_alert(&a, 1, 2);
	a.withheld = true;
	dispatch_alert(d, &a);
	make_alert(&a, 1, 3);
	a.suppressed = 1;
	dispatch_alert(d, &a);
	assert_int_equal(ok.n, 2);
	assert_int_equal(ok.versions[1], 3);
	assert_int_equal(dispatch_pending(d), 0);
	struct dispatch_stats s;
	dispatch_get_stats(d, &s);
	assert_int_equal(s.alerts, 2);
	assert_int_equal(s.withheld, 1);
	dispatch_free(d);
	assert_int_equal(stored_rows(), 3);
	alert_store_close(st);

	struct fake mem = {0};
	struct alert_sink *sinks2[] = {fake_sink(&mem, "mem")};
	d = dispatch_new(NULL, sinks2, 1, NULL, 0, &e);
	make_alert(&a, 2, 2);
	a.withheld = true;
	dispatch_alert(d, &a);
	dispatch_poll(d, 10);
	assert_int_equal(mem.n, 0);
	assert_int_equal(dispatch_pending(d), 0);
	dispatch_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memory_retry_in_order),
	    cmocka_unit_test(test_backoff_caps),
	    cmocka_unit_test(test_queue_bounded),
	    cmocka_unit_test_setup_teardown(test_restart_exactly_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_second_two_alerts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_locked_store_keeps_alerts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_full_store_keeps_alerts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_only_store_keeps_alerts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_jsonl_sink, setup, teardown),
	    cmocka_unit_test(test_syslog_sink),
	    cmocka_unit_test_setup_teardown(test_withheld_stored_not_sent, setup, teardown),
	    cmocka_unit_test(test_bad_sinks),
	    cmocka_unit_test_setup_teardown(test_async_cap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_async_failure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_async_restart, setup, teardown),
	    cmocka_unit_test(test_async_memory_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
