/* SPDX-License-Identifier: ISC */
/* test_sink_webhook.c - serve/sink_webhook through the dispatcher against
 * a small HTTP server on 127.0.0.1 (a thread here) that can answer 500 to
 * its first N requests, or hold requests without answering: a held webhook
 * never blocks detection, and once it answers each alert arrives exactly
 * once, in order; failures are resent in order; a run stopped with
 * deliveries in flight leaves them to the next run on the same SQLite
 * file, which resends none that was confirmed; the Slack body; refused
 * connections, silent servers (timeout) and bad URLs are failures with
 * messages that never show the URL. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/dispatch.h"
#include "detect/pipeline.h"
#include "detect_hijack666.h"
#include "sink_webhook.h"

#define MAX_REQ 256

/* Control and counters are atomic: the test changes them while it runs. */
struct server {
	int fd;
	int port;
	atomic_int fail_first; /* answer 500 to this many requests */
	atomic_int hold_after; /* hold requests after this many (-1: never) */
	atomic_int release;    /* held requests get their 200 now */
	atomic_int silent;     /* accept and never answer */
	atomic_int requests;
	atomic_int accepted;  /* bodies answered 200 */
	atomic_int abandoned; /* held requests the client gave up on */
	atomic_int stop;
	char bodies[MAX_REQ][2048];
	char headers[MAX_REQ][1024];
	pthread_t thread;
};

/* Read one request (headers, then Content-Length bytes of body). */
static int read_request(int c, char *head, size_t hn, char *body, size_t bn)
{
	char buf[8192];
	size_t len = 0;
	char *end = NULL;
	while (!end && len < sizeof buf - 1) {
		struct pollfd p = {c, POLLIN, 0};
		if (poll(&p, 1, 5000) <= 0)
			return -1;
		ssize_t n = read(c, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	if (!end)
		return -1;
	const char *cl = strcasestr(buf, "Content-Length:");
	size_t want = cl ? strtoul(cl + 15, NULL, 10) : 0;
	size_t have = len - (size_t)(end + 4 - buf);
	while (have < want && len < sizeof buf - 1) {
		struct pollfd p = {c, POLLIN, 0};
		if (poll(&p, 1, 5000) <= 0)
			return -1;
		ssize_t n = read(c, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		have += (size_t)n;
	}
	buf[len] = '\0';
	snprintf(head, hn, "%.*s", (int)(end - buf), buf);
	snprintf(body, bn, "%s", end + 4);
	return 0;
}

/* Hold request c until the test releases it (1) or the client hangs up or
 * 20 s pass (0). */
static int hold(struct server *s, int c)
{
	for (int i = 0; i < 200 && !atomic_load(&s->release) && !atomic_load(&s->stop); i++) {
		struct pollfd p = {c, POLLIN, 0};
		if (poll(&p, 1, 100) > 0)
			return 0; /* the client closed: it gave up */
	}
	return atomic_load(&s->release);
}

static void serve_one(struct server *s, int c)
{
	char head[1024], body[2048];
	if (read_request(c, head, sizeof head, body, sizeof body) < 0 ||
	    atomic_load(&s->requests) >= MAX_REQ)
		return;
	int i = atomic_fetch_add(&s->requests, 1);
	snprintf(s->headers[i], sizeof s->headers[i], "%s", head);
	if (atomic_load(&s->silent)) {
		struct pollfd p = {c, POLLIN, 0};
		poll(&p, 1, 3000); /* until the client gives up */
		return;
	}
	int hold_after = atomic_load(&s->hold_after);
	if (hold_after >= 0 && i >= hold_after && !hold(s, c)) {
		atomic_fetch_add(&s->abandoned, 1);
		return;
	}
	const char *reply = "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	bool ok = i >= atomic_load(&s->fail_first);
	if (ok)
		reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
	if (write(c, reply, strlen(reply)) < 0 || !ok)
		return;
	int k = atomic_load(&s->accepted);
	snprintf(s->bodies[k], sizeof s->bodies[0], "%s", body);
	atomic_store(&s->accepted, k + 1); /* after the body: the test reads it then */
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	for (int rounds = 0; !atomic_load(&s->stop) && rounds < 1200; rounds++) {
		struct pollfd p = {s->fd, POLLIN, 0};
		if (poll(&p, 1, 100) <= 0)
			continue;
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			continue;
		serve_one(s, c);
		close(c);
	}
	return NULL;
}

static void server_start(struct server *s, int fail_first)
{
	memset(s, 0, sizeof *s);
	atomic_store(&s->fail_first, fail_first);
	atomic_store(&s->hold_after, -1);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->fd, 64), 0);
	socklen_t al = sizeof a;
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
}

static void server_stop(struct server *s)
{
	atomic_store(&s->stop, 1);
	pthread_join(s->thread, NULL);
	close(s->fd);
}

static struct alert_sink *hook(const struct server *s, enum webhook_format f, long timeout_ms)
{
	char url[128];
	struct err e;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/hooks/SECRET-TOKEN", s->port);
	struct alert_sink *k = sink_webhook_new(url, f, timeout_ms, &e);
	assert_non_null(k);
	assert_true(!strncmp(k->name, "webhook:127.0.0.1#", 18));
	assert_null(strstr(k->name, "SECRET"));
	return k;
}

static void make_alert(struct alert *a, unsigned i)
{
	struct err e;
	char pfx[32];
	memset(a, 0, sizeof *a);
	a->id = i;
	snprintf(pfx, sizeof pfx, "192.0.%u.0/24", i);
	snprintf(a->type, sizeof a->type, "hijack");
	snprintf(a->key, sizeof a->key, "hijack|%s|64511", pfx);
	snprintf(a->code, sizeof a->code, "S|0|-|-");
	assert_int_equal(prefix_parse(pfx, &a->prefix, &e), 0);
	a->state = ALERT_OPEN;
	a->severity = ALERT_CRITICAL;
	a->offender_as = 64511;
	a->affected_as = 64500;
	a->first_seen = a->last_seen = 1700000000 + i;
	a->version = 1;
	a->npeers = 4;
	snprintf(a->description, sizeof a->description, "sub-prefix of AS64500's 192.0.0.0/16");
}

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_sink_webhook.XXXXXX");
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

static struct server srv;
static double sim_now; /* the dispatcher's clock: a second per round */

/* Poll d until cond(d) holds or about 20 s pass; the sleep lets the worker
 * and the server move, the simulated second lets backoffs run out. */
static void poll_until(struct dispatch *d, bool (*cond)(struct dispatch *))
{
	for (int i = 0; i < 2000 && !cond(d); i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
		dispatch_poll(d, ++sim_now);
	}
}

static bool nothing_pending(struct dispatch *d)
{
	return dispatch_pending(d) == 0;
}

static bool three_delivered(struct dispatch *d)
{
	struct dispatch_stats ds;
	dispatch_get_stats(d, &ds);
	return ds.sinks[0].delivered >= 3;
}

/* The server took n bodies, for alerts 1..n (ids as given), in order. */
static void assert_bodies(const struct server *s, int n, const int *ids)
{
	assert_int_equal(atomic_load(&s->accepted), n);
	for (int i = 0; i < n; i++) {
		char want[64];
		snprintf(want, sizeof want, "{\"id\":%d,\"key\":\"hijack|192.0.%d.0/24|64511\"",
		         ids ? ids[i] : i + 1, i + 1);
		if (strncmp(s->bodies[i], want, strlen(want)))
			fail_msg("body %d: %.80s, not %s", i, s->bodies[i], want);
	}
}

#define NHIJACKS 150

/* Announce NHIJACKS hijacked prefixes into p, polling d now and then as
 * the monitor does. */
static void feed_hijacks(struct pipeline *p, struct dispatch *d)
{
	struct err e;
	uint32_t path_as[] = {64500, 666};
	struct route_event ev = {.source = "rrc00",
	                         .peer_as = 64500,
	                         .type = ROUTE_EV_ANNOUNCE,
	                         .time = 100,
	                         .path = path_as,
	                         .path_len = 2,
	                         .origin = 666};
	assert_int_equal(prefix_parse_host("192.0.2.1", &ev.peer_addr, &e), 0);
	for (int i = 0; i < NHIJACKS; i++) {
		char pfx[32];
		snprintf(pfx, sizeof pfx, "10.0.%d.0/24", i);
		assert_int_equal(prefix_parse(pfx, &ev.pfx, &e), 0);
		assert_int_equal(pipeline_feed(p, &ev, &e), 0);
		if (i % 10 == 9)
			dispatch_poll(d, sim_now);
	}
}

/* A webhook that takes the connection and does not answer: detection goes
 * through all its input meanwhile (the first POST is still held when the
 * last alert is raised); at most 64 deliveries are in flight, the rest
 * wait in the store; when the webhook answers, each alert arrives once,
 * in order. */
static void test_hanging_webhook_never_blocks(void **state)
{
	(void)state;
	struct err e;
	struct server *s = &srv;
	server_start(s, 0);
	atomic_store(&s->hold_after, 0);
	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct alert_sink *sinks[] = {hook(s, WEBHOOK_JSON, 20000)};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 2};
	struct dispatch *d = dispatch_new(st, sinks, 1, &o, sim_now, &e);
	assert_non_null(d);
	struct detect_ctx ctx = {0};
	const struct detector_ops *ops[] = {&hijack_ops, NULL};
	struct pipeline *p = pipeline_new_ops(&ctx, ops, dispatch_alert, d, &e);
	assert_non_null(p);

	feed_hijacks(p, d);
	assert_int_equal(atomic_load(&s->accepted), 0);
	assert_true(atomic_load(&s->requests) <= 1); /* the first POST, held */
	struct dispatch_stats ds;
	dispatch_get_stats(d, &ds);
	assert_int_equal(ds.alerts, NHIJACKS);
	assert_int_equal(ds.stored, NHIJACKS);
	assert_int_equal(ds.sinks[0].inflight, 64);
	assert_int_equal(ds.sinks[0].pending, NHIJACKS);
	assert_true(ds.sinks[0].up);

	atomic_store(&s->release, 1);
	poll_until(d, nothing_pending);
	dispatch_get_stats(d, &ds);
	assert_int_equal(ds.sinks[0].pending, 0);
	assert_int_equal(ds.sinks[0].delivered, NHIJACKS);
	assert_int_equal(ds.sinks[0].failed, 0);
	pipeline_free(p);
	dispatch_free(d);
	alert_store_close(st);
	server_stop(s);
	assert_int_equal(atomic_load(&s->requests), NHIJACKS);
	assert_int_equal(atomic_load(&s->accepted), NHIJACKS);
	for (int i = 0; i < NHIJACKS; i++) {
		char want[64];
		snprintf(want, sizeof want, "\"key\":\"hijack|10.0.%d.0/24|666\"", i);
		if (!strstr(s->bodies[i], want))
			fail_msg("body %d: %.120s, not %s", i, s->bodies[i], want);
	}
}

/* 500, 500, 500, then 200: the failed alert and all after it are sent
 * again in order after the backoff, none twice; those the sink had taken
 * behind the failure are not sent (13 requests for 10 alerts). */
static void run_500_then_200(bool with_store)
{
	struct err e;
	struct alert a;
	struct server *s = &srv;
	server_start(s, 3);
	struct alert_store *st = NULL;
	if (with_store)
		assert_non_null(st = alert_store_open(path, false, &e));
	struct alert_sink *sinks[] = {hook(s, WEBHOOK_JSON, 20000)};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 2};
	struct dispatch *d = dispatch_new(st, sinks, 1, &o, sim_now, &e);
	assert_non_null(d);
	for (unsigned i = 1; i <= 10; i++) {
		make_alert(&a, i);
		dispatch_alert(d, &a);
	}
	poll_until(d, nothing_pending);
	struct dispatch_stats ds;
	dispatch_get_stats(d, &ds);
	assert_int_equal(ds.sinks[0].pending, 0);
	assert_int_equal(ds.sinks[0].delivered, 10);
	assert_int_equal(ds.sinks[0].failed, 3);
	assert_true(ds.sinks[0].up);
	dispatch_free(d);
	alert_store_close(st);
	server_stop(s);
	assert_int_equal(atomic_load(&s->requests), 3 + 10);
	assert_bodies(s, 10, NULL);
}

static void test_500_then_200_in_order(void **state)
{
	(void)state;
	run_500_then_200(true);
	run_500_then_200(false);
}

/* Before a Kafka commit: dispatch_settle waits for the POSTs in flight. */
static void test_settle(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	struct server *s = &srv;
	server_start(s, 0);
	struct alert_sink *sinks[] = {hook(s, WEBHOOK_JSON, 20000)};
	struct dispatch *d = dispatch_new(NULL, sinks, 1, NULL, dispatch_now(), &e);
	assert_non_null(d);
	for (unsigned i = 1; i <= 3; i++) {
		make_alert(&a, i);
		dispatch_alert(d, &a);
	}
	dispatch_settle(d, 20);
	assert_int_equal(dispatch_pending(d), 0);
	assert_bodies(s, 3, NULL);
	dispatch_free(d);
	server_stop(s);
}

/* The monitor stops with deliveries in flight: three confirmed, the fourth
 * held by the server until the sink's timeout, two more behind it. The
 * next run on the same store sends those three, once each, and none of the
 * confirmed ones again; the same alerts raised again are duplicates. */
static void test_restart_with_deliveries_in_flight(void **state)
{
	(void)state;
	struct err e;
	struct alert a;
	struct server *s = &srv;
	server_start(s, 0);
	atomic_store(&s->hold_after, 3);

	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct alert_sink *sinks[] = {hook(s, WEBHOOK_JSON, 1000)};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 2};
	struct dispatch *d = dispatch_new(st, sinks, 1, &o, sim_now, &e);
	for (unsigned i = 1; i <= 6; i++) {
		make_alert(&a, i);
		dispatch_alert(d, &a);
	}
	poll_until(d, three_delivered);
	struct dispatch_stats ds;
	dispatch_get_stats(d, &ds);
	assert_int_equal(ds.sinks[0].delivered, 3);
	assert_int_equal(ds.sinks[0].pending, 3);
	dispatch_free(d); /* waits for the fourth: it times out, unconfirmed */
	alert_store_close(st);
	assert_int_equal(atomic_load(&s->accepted), 3);

	atomic_store(&s->hold_after, -1);
	st = alert_store_open(path, false, &e);
	struct alert_sink *sinks2[] = {hook(s, WEBHOOK_JSON, 20000)};
	d = dispatch_new(st, sinks2, 1, &o, sim_now, &e);
	assert_int_equal(dispatch_pending(d), 3);
	for (unsigned i = 1; i <= 7; i++) { /* the same data replayed, one more */
		make_alert(&a, i);
		dispatch_alert(d, &a);
	}
	poll_until(d, nothing_pending);
	dispatch_get_stats(d, &ds);
	assert_int_equal(ds.duplicates, 6);
	assert_int_equal(ds.sinks[0].delivered, 4);
	assert_int_equal(ds.sinks[0].pending, 0);
	dispatch_free(d);
	alert_store_close(st);
	server_stop(s);

	assert_int_equal(atomic_load(&s->requests), 4 + 4);
	assert_int_equal(atomic_load(&s->abandoned), 1);
	/* the new alert of the second run is numbered after the first run's */
	const int ids[] = {1, 2, 3, 4, 5, 6, 6 + 7};
	assert_bodies(s, 7, ids);
	assert_non_null(strcasestr(s->headers[0], "Content-Type: application/json"));
	assert_non_null(strstr(s->headers[0], "POST /hooks/SECRET-TOKEN HTTP/1.1"));
}

static char outcome[256];
static int outcomes;

static void on_done(void *arg, uint64_t id, uint32_t version, const char *why)
{
	snprintf(outcome, sizeof outcome, "%s", why ? why : "");
	outcomes++;
}

/* One delivery through sink k alone: deliver, then poll for its outcome. */
static int deliver_now(struct alert_sink *k, const struct alert *a, struct err *e)
{
	int rc = k->ops->deliver(k->self, a, e);
	if (rc != ALERT_SINK_IN_FLIGHT)
		return rc;
	outcomes = 0;
	for (int i = 0; i < 100 && !outcomes; i++)
		k->ops->poll(k->self, true, on_done, NULL);
	assert_int_equal(outcomes, 1);
	return outcome[0] ? err_set(e, "%s", outcome) : 0;
}

static void test_slack_body(void **state)
{
	(void)state;
	struct err e;
	struct server *s = &srv;
	struct alert a;
	server_start(s, 0);
	struct alert_sink *k = hook(s, WEBHOOK_SLACK, 0);
	make_alert(&a, 1);
	assert_int_equal(deliver_now(k, &a, &e), 0);
	alert_sink_free(k);
	server_stop(s);
	assert_string_equal(
	    s->bodies[0], "{\"text\": \"*hijack open* (critical): 192.0.1.0/24 by AS64511, affects "
	                  "AS64500, 4 peers: sub-prefix of AS64500's 192.0.0.0/16 [id 1 v1 "
	                  "S|0|-|-]\"}");
}

static void test_failures(void **state)
{
	(void)state;
	struct err e;
	struct server *s = &srv;
	struct alert a;
	make_alert(&a, 1);
	server_start(s, 100);
	struct alert_sink *k = hook(s, WEBHOOK_MATTERMOST, 0);
	assert_int_equal(deliver_now(k, &a, &e), -1);
	assert_string_equal(e.msg, "webhook 127.0.0.1: HTTP status 500");
	alert_sink_free(k);
	server_stop(s);
	/* nobody listens any more */
	k = hook(s, WEBHOOK_JSON, 0);
	assert_int_equal(deliver_now(k, &a, &e), -1);
	assert_non_null(strstr(e.msg, "webhook 127.0.0.1: "));
	assert_null(strstr(e.msg, "SECRET"));
	alert_sink_free(k);
	/* a server that never answers: the timeout ends the attempt */
	server_start(s, 0);
	atomic_store(&s->silent, 1);
	k = hook(s, WEBHOOK_JSON, 300);
	assert_int_equal(deliver_now(k, &a, &e), -1);
	assert_non_null(strstr(e.msg, "webhook 127.0.0.1: Timeout"));
	alert_sink_free(k);
	server_stop(s);
	/* destroyed with a POST under way and more queued: it stops at once */
	server_start(s, 0);
	atomic_store(&s->silent, 1);
	k = hook(s, WEBHOOK_JSON, 20000);
	for (int i = 0; i < 3; i++)
		assert_int_equal(k->ops->deliver(k->self, &a, &e), ALERT_SINK_IN_FLIGHT);
	alert_sink_free(k);
	server_stop(s);

	assert_null(sink_webhook_new("ftp://example.net/x", WEBHOOK_JSON, 0, &e));
	assert_non_null(strstr(e.msg, "is not http:// or https://"));
	assert_null(sink_webhook_new("not a url", WEBHOOK_JSON, 0, &e));
	enum webhook_format f;
	assert_int_equal(webhook_format_parse("mattermost", &f), 0);
	assert_int_equal(f, WEBHOOK_MATTERMOST);
	assert_int_equal(webhook_format_parse("teams", &f), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hanging_webhook_never_blocks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_500_then_200_in_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restart_with_deliveries_in_flight, setup,
	                                    teardown),
	    cmocka_unit_test(test_settle),
	    cmocka_unit_test(test_slack_body),
	    cmocka_unit_test(test_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
