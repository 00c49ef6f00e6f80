/* SPDX-License-Identifier: ISC */
/* test_daemon_sources.c - the sources: section's fetch settings (kind,
 * sha256_url, max_age, min_ratio, timeout) with their defaults and
 * line:column errors, and the fetch worker as the daemon drives it: a tick
 * starts one worker, its failed run shows in the state and the metrics
 * (labels escaped), a second tick does not start another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <event2/buffer.h>

#include "daemon_config.h"
#include "daemon_sources.h"
#include "metrics.h"

static struct daemon_config *parse(const char *text, struct err *e)
{
	return daemon_config_parse(text, strlen(text), "manrs.yml", e);
}

static void refused(const char *text, const char *msg)
{
	struct err e = {0};
	struct daemon_config *c = parse(text, &e);
	if (c)
		fail_msg("accepted: %s", text);
	assert_string_equal(e.msg, msg);
}

static void test_keys(void **state)
{
	(void)state;
	struct err e;
	struct daemon_config *c = parse("sources:\n"
	                                "  - name: ripe\n"
	                                "    kind: irr\n"
	                                "    url: https://ftp.ripe.net/ripe.db.gz\n"
	                                "    path: /var/lib/manrs/ripe.db\n"
	                                "    sha256_url: https://ftp.ripe.net/ripe.db.gz.sha256\n"
	                                "    interval: 10m\n"
	                                "    max_age: 2d\n"
	                                "    min_ratio: 0.8\n"
	                                "    timeout: 90s\n"
	                                "  - name: vrps\n"
	                                "    kind: vrps\n"
	                                "    url: http://127.0.0.1/vrps.json\n"
	                                "    path: vrps.json\n"
	                                "http: {}\n",
	                                &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_int_equal(c->nsources, 2);
	const struct daemon_source *s = &c->sources[0];
	assert_int_equal(s->kind, FETCH_IRR);
	assert_string_equal(s->sha256_url, "https://ftp.ripe.net/ripe.db.gz.sha256");
	assert_int_equal(s->interval, 600);
	assert_int_equal(s->max_age, 2 * 86400);
	assert_true(s->min_ratio > 0.79 && s->min_ratio < 0.81);
	assert_int_equal(s->timeout, 90);
	s = &c->sources[1]; /* the defaults are fetch.h's */
	assert_int_equal(s->kind, FETCH_VRPS);
	assert_null(s->sha256_url);
	assert_int_equal(s->interval, FETCH_DEFAULT_INTERVAL);
	assert_int_equal(s->max_age, 0);
	assert_true(s->min_ratio == FETCH_DEFAULT_MIN_RATIO);
	assert_int_equal(s->timeout, FETCH_DEFAULT_TIMEOUT);
	assert_int_equal(s->line, 11);
	daemon_config_free(c);
}

#define SRC "sources:\n  - name: a\n    url: http://h/x\n    path: p\n"

static void test_errors(void **state)
{
	(void)state;
	refused(SRC,
	        "manrs.yml:2:5: source a: kind is required (vrps, irr, mrt, peeringdb, asrel)");
	refused(SRC "    kind: roas\n",
	        "manrs.yml:5:11: kind: expected vrps, irr, mrt, peeringdb or asrel");
	refused(SRC "    kind: vrps\n    min_ratio: 1.5\n",
	        "manrs.yml:6:16: min_ratio: expected a number from 0 to 1");
	refused(SRC "    kind: vrps\n    min_ratio: half\n",
	        "manrs.yml:6:16: min_ratio: expected a number from 0 to 1");
	refused(SRC "    kind: vrps\n    timeout: 0\n",
	        "manrs.yml:6:14: source a: timeout below 1 second");
	refused(SRC "    kind: vrps\n    max_age: 3 days\n",
	        "manrs.yml:6:14: max_age: expected seconds up to 31536000 (300, 15m, 2h, 1d)");
	refused(SRC "    kind: vrps\n    sha256_url: [a, b]\n",
	        "manrs.yml:6:17: sha256_url: expected a string");
	refused(SRC "    kind: vrps\n    max-age: 1d\n",
	        "manrs.yml:6:5: source: unknown key 'max-age' (known: name, url, path, kind, "
	        "interval, max_age, min_ratio, timeout, sha256_url)");
	refused("sources:\n  - name: a\n    url: ftp://h/x\n    path: p\n    kind: vrps\n",
	        "manrs.yml:3:10: source a: url must start with http:// or https://");
}

static void test_same_config(void **state)
{
	(void)state;
	struct err e;
	struct daemon_config *a = parse(SRC "    kind: vrps\nhttp: {}\n", &e);
	struct daemon_config *b = parse(SRC "    kind: vrps\nhttp: {}\n", &e);
	struct daemon_config *c = parse(SRC "    kind: vrps\n    max_age: 1h\nhttp: {}\n", &e);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(daemon_sources_same_config(a->sources, a->nsources, b->sources, b->nsources));
	assert_false(daemon_sources_same_config(a->sources, a->nsources, c->sources, c->nsources));
	assert_false(daemon_sources_same_config(a->sources, a->nsources, b->sources, 0));
	daemon_config_free(a);
	daemon_config_free(b);
	daemon_config_free(c);
}

/* Poll the state of source "q\"t" until its run ended, at most 30 s. */
static void wait_result(struct daemon_sources *ds, const char *path, struct daemon_source_state *st)
{
	for (int i = 0; i < 300; i++) {
		assert_int_equal(daemon_sources_state(ds, "q\"t", path, time(NULL), st), 0);
		if (st->result[0])
			return;
		usleep(100000);
	}
	fail_msg("the worker did not finish");
}

/* Nothing listens on the port: the run fails fast (connection refused). */
static void test_worker_failure(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_daemon_sources.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/vrps.json", dir);
	struct daemon_source src = {.name = "q\"t",
	                            .url = "http://127.0.0.1:19749/vrps.json",
	                            .path = path,
	                            .kind = FETCH_VRPS,
	                            .interval = 3600,
	                            .timeout = 10,
	                            .min_ratio = 0.5};
	struct err e;
	struct daemon_sources *ds = daemon_sources_new(&src, 1, &e);
	if (!ds)
		fail_msg("%s", e.msg);
	struct daemon_source_state st;
	assert_int_equal(daemon_sources_state(ds, "nope", NULL, time(NULL), &st), -1);
	assert_int_equal(daemon_sources_state(ds, "q\"t", path, time(NULL), &st), 0);
	assert_true(st.known);
	assert_int_equal(st.last_attempt, 0);
	assert_string_equal(st.result, "");

	assert_int_equal(daemon_sources_tick(ds, time(NULL)), 1);
	wait_result(ds, path, &st);
	assert_string_equal(st.result, "failed");
	assert_non_null(strstr(st.last_error, "127.0.0.1:19749"));
	assert_int_equal(st.failures, 1);
	assert_true(st.last_attempt > 0);
	assert_int_equal(st.last_success, 0);
	assert_int_equal(st.file_size, -1); /* nothing written */
	/* the retry is not due yet: no second worker */
	assert_int_equal(daemon_sources_tick(ds, time(NULL)), 0);

	struct metrics *m = metrics_new();
	struct evbuffer *out = evbuffer_new();
	assert_int_equal(daemon_sources_register_metrics(ds, m), 0);
	assert_int_equal(metrics_write(m, out), 0);
	evbuffer_add(out, "", 1);
	const char *text = (const char *)evbuffer_pullup(out, -1);
	assert_non_null(
	    strstr(text, "manrs_fetch_runs_total{source=\"q\\\"t\",result=\"failed\"} 1\n"));
	assert_non_null(strstr(text, "manrs_fetch_consecutive_failures{source=\"q\\\"t\"} 1\n"));
	assert_non_null(strstr(text, "# TYPE manrs_fetch_runs_total counter\n"));
	metrics_remove(m, ds);
	evbuffer_free(out);
	metrics_free(m);
	daemon_sources_free(ds);
	char state_file[96];
	snprintf(state_file, sizeof state_file, "%s.fetch.json", path);
	unlink(state_file);
	rmdir(dir);
}

/* Freeing while the worker runs joins it. */
static void test_free_joins(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_daemon_sources.XXXXXX", path[64], state_file[96];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.db", dir);
	struct daemon_source src = {.name = "x",
	                            .url = "http://127.0.0.1:19749/x.db",
	                            .path = path,
	                            .kind = FETCH_IRR,
	                            .interval = 60,
	                            .timeout = 10};
	struct err e;
	struct daemon_sources *ds = daemon_sources_new(&src, 1, &e);
	assert_non_null(ds);
	assert_int_equal(daemon_sources_tick(ds, time(NULL)), 1);
	daemon_sources_free(ds);
	snprintf(state_file, sizeof state_file, "%s.fetch.json", path);
	unlink(state_file);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys),        cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_same_config), cmocka_unit_test(test_worker_failure),
	    cmocka_unit_test(test_free_joins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
