/* SPDX-License-Identifier: ISC */
/* test_sink_webhook.c - serve/sink_webhook through the dispatcher against
 * a small HTTP server on 127.0.0.1 that answers 500 to its first N
 * requests and 200 after: each alert arrives exactly once, in order, also
 * when the dispatcher is restarted on the same SQLite file in between;
 * the Slack body; refused connections, silent servers (timeout) and bad
 * URLs are failures with messages that never show the URL. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/dispatch.h"
#include "sink_webhook.h"

#define MAX_REQ 32

struct server {
	int fd;
	int port;
	int fail_first; /* answer 500 to this many requests */
	int silent;     /* accept and never answer */
	int requests;
	int accepted; /* bodies answered 200 */
	char bodies[MAX_REQ][2048];
	char headers[MAX_REQ][1024];
	volatile int stop;
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

static void serve_one(struct server *s, int c)
{
	char head[1024], body[2048];
	if (read_request(c, head, sizeof head, body, sizeof body) < 0 || s->requests >= MAX_REQ)
		return;
	int i = s->requests++;
	snprintf(s->headers[i], sizeof s->headers[i], "%s", head);
	if (s->silent) {
		struct pollfd p = {c, POLLIN, 0};
		poll(&p, 1, 3000); /* until the client gives up */
		return;
	}
	const char *reply = "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	if (i >= s->fail_first) {
		snprintf(s->bodies[s->accepted++], sizeof s->bodies[0], "%s", body);
		reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
	}
	if (write(c, reply, strlen(reply)) < 0)
		return;
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	for (int rounds = 0; !s->stop && rounds < 600; rounds++) {
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
	s->fail_first = fail_first;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->fd, 8), 0);
	socklen_t al = sizeof a;
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
}

static void server_stop(struct server *s)
{
	s->stop = 1;
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

static void test_exactly_once_across_restart(void **state)
{
	(void)state;
	struct err e;
	struct server s;
	struct alert a;
	server_start(&s, 3);

	struct alert_store *st = alert_store_open(path, false, &e);
	assert_non_null(st);
	struct alert_sink *sinks[] = {hook(&s, WEBHOOK_JSON, 0)};
	struct dispatch_options o = {.retry_min = 1, .retry_max = 2};
	struct dispatch *d = dispatch_new(st, sinks, 1, &o, 0, &e);
	for (unsigned i = 1; i <= 3; i++) {
		make_alert(&a, i);
		dispatch_alert(d, &a); /* request 1 fails, the others wait */
	}
	dispatch_poll(d, 1); /* request 2 fails */
	assert_int_equal(s.requests, 2);
	assert_int_equal(s.accepted, 0);
	dispatch_free(d); /* the monitor stops with three alerts owed */
	alert_store_close(st);

	st = alert_store_open(path, false, &e);
	struct alert_sink *sinks2[] = {hook(&s, WEBHOOK_JSON, 0)};
	d = dispatch_new(st, sinks2, 1, &o, 0, &e);
	assert_int_equal(dispatch_pending(d), 3);
	dispatch_poll(d, 0);                /* request 3 fails */
	for (unsigned i = 1; i <= 3; i++) { /* the same data replayed */
		make_alert(&a, i);
		dispatch_alert(d, &a);
	}
	make_alert(&a, 4); /* and one new alert */
	dispatch_alert(d, &a);
	for (double t = 1; t <= 10 && dispatch_pending(d); t++)
		dispatch_poll(d, t);
	assert_int_equal(dispatch_pending(d), 0);
	struct dispatch_stats ds;
	dispatch_get_stats(d, &ds);
	assert_int_equal(ds.duplicates, 3);
	assert_int_equal(ds.sinks[0].delivered, 4);
	dispatch_free(d);
	alert_store_close(st);
	server_stop(&s);

	assert_int_equal(s.requests, 3 + 4);
	assert_int_equal(s.accepted, 4);
	for (int i = 0; i < 4; i++) {
		char want[64];
		/* the new alert of the second run is numbered after the first run's */
		snprintf(want, sizeof want, "{\"id\":%d,\"key\":\"hijack|192.0.%d.0/24|64511\"",
		         i < 3 ? i + 1 : 3 + 4, i + 1);
		assert_true(!strncmp(s.bodies[i], want, strlen(want)));
	}
	assert_non_null(strcasestr(s.headers[0], "Content-Type: application/json"));
	assert_non_null(strstr(s.headers[0], "POST /hooks/SECRET-TOKEN HTTP/1.1"));
}

static void test_slack_body(void **state)
{
	(void)state;
	struct err e;
	struct server s;
	struct alert a;
	server_start(&s, 0);
	struct alert_sink *k = hook(&s, WEBHOOK_SLACK, 0);
	make_alert(&a, 1);
	assert_int_equal(k->ops->deliver(k->self, &a, &e), 0);
	alert_sink_free(k);
	server_stop(&s);
	assert_string_equal(
	    s.bodies[0], "{\"text\": \"*hijack open* (critical): 192.0.1.0/24 by AS64511, affects "
	                 "AS64500, 4 peers: sub-prefix of AS64500's 192.0.0.0/16 [id 1 v1 "
	                 "S|0|-|-]\"}");
}

static void test_failures(void **state)
{
	(void)state;
	struct err e;
	struct server s;
	struct alert a;
	make_alert(&a, 1);
	server_start(&s, 100);
	struct alert_sink *k = hook(&s, WEBHOOK_MATTERMOST, 0);
	assert_int_equal(k->ops->deliver(k->self, &a, &e), -1);
	assert_string_equal(e.msg, "webhook 127.0.0.1: HTTP status 500");
	alert_sink_free(k);
	server_stop(&s);
	/* nobody listens any more */
	k = hook(&s, WEBHOOK_JSON, 0);
	assert_int_equal(k->ops->deliver(k->self, &a, &e), -1);
	assert_non_null(strstr(e.msg, "webhook 127.0.0.1: "));
	assert_null(strstr(e.msg, "SECRET"));
	alert_sink_free(k);
	/* a server that never answers: the timeout ends the attempt */
	server_start(&s, 0);
	s.silent = 1;
	k = hook(&s, WEBHOOK_JSON, 300);
	assert_int_equal(k->ops->deliver(k->self, &a, &e), -1);
	assert_non_null(strstr(e.msg, "webhook 127.0.0.1: Timeout"));
	alert_sink_free(k);
	server_stop(&s);

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
	    cmocka_unit_test_setup_teardown(test_exactly_once_across_restart, setup, teardown),
	    cmocka_unit_test(test_slack_body),
	    cmocka_unit_test(test_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
