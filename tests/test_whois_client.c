/* SPDX-License-Identifier: ISC */
/* test_whois_client.c - IRRd reply parsing (every reply kind, partial input,
 * malformed input), the client core over an in-memory stream (no socket),
 * and the pipelined client against a tiny in-process server on 127.0.0.1
 * (an ephemeral port), with and without a window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "whois/whois_client.h"
#include "whois_connect.h"

static ssize_t parse(const char *s, struct whois_reply *r)
{
	struct err e;
	return whois_reply_parse(s, strlen(s), r, &e);
}

static void test_parse_kinds(void **state)
{
	(void)state;
	struct whois_reply r;
	assert_int_equal(parse("C\n", &r), 2);
	assert_int_equal(r.kind, 'C');
	assert_int_equal(parse("D\nC\n", &r), 2);
	assert_int_equal(r.kind, 'D');
	assert_int_equal(parse("F Missing required set name for A query\n", &r), 40);
	assert_int_equal(r.kind, 'F');
	assert_int_equal(r.msglen, 37);
	assert_memory_equal(r.msg, "Missing", 7);
	assert_int_equal(parse("A8\nAS1 AS2\nC\nC\n", &r), 13);
	assert_int_equal(r.kind, 'A');
	assert_int_equal(r.len, 8);
	assert_memory_equal(r.data, "AS1 AS2\n", 8);
}

static void test_parse_partial(void **state)
{
	(void)state;
	struct whois_reply r;
	assert_int_equal(parse("", &r), 0);
	assert_int_equal(parse("A8", &r), 0);
	assert_int_equal(parse("A8\nAS1 A", &r), 0);
	assert_int_equal(parse("A8\nAS1 AS2\n", &r), 0);
	assert_int_equal(parse("A8\nAS1 AS2\nC", &r), 0);
}

static void test_parse_malformed(void **state)
{
	(void)state;
	struct whois_reply r;
	struct err e;
	assert_int_equal(whois_reply_parse("X\n", 2, &r, &e), -1);
	assert_non_null(strstr(e.msg, "unexpected reply"));
	assert_int_equal(parse("Ax\n", &r), -1);
	assert_int_equal(parse("A\n", &r), -1);
	assert_int_equal(parse("A99999999999\n", &r), -1);
	assert_int_equal(parse("A3\nabcZ\n", &r), -1);
	assert_int_equal(parse("\n", &r), -1);
	/* CR before the newline of the length line is tolerated */
	assert_int_equal(parse("A3\r\nabcC\n", &r), 9);
}

/* A server thread answering "!gasN" with N prefixes and everything else
 * with C, one write per query (so replies arrive in pieces). */
static int listen_fd;

static void *server(void *arg)
{
	(void)arg;
	int fd = accept(listen_fd, NULL, NULL);
	if (fd < 0)
		return NULL;
	FILE *in = fdopen(fd, "r");
	char line[256];
	while (in && fgets(line, sizeof(line), in)) {
		char out[4096];
		int n;
		if (!strncmp(line, "!q", 2))
			break;
		if (!strncmp(line, "!!", 2))
			continue;
		if (!strncmp(line, "!gas", 4)) {
			int k = atoi(line + 4), len = 0;
			char data[2048] = "";
			for (int i = 0; i < k; i++)
				len += snprintf(data + len, sizeof(data) - (size_t)len,
				                "10.%d.%d.0/24%s", k, i, i + 1 < k ? " " : "\n");
			n = k ? snprintf(out, sizeof(out), "A%d\n%sC\n", len, data)
			      : snprintf(out, sizeof(out), "C\n");
		} else {
			n = snprintf(out, sizeof(out), "D\n");
		}
		if (write(fd, out, (size_t)n) != n)
			break;
	}
	if (in)
		fclose(in);
	else
		close(fd);
	return NULL;
}

struct counts {
	size_t replies, words, d;
	int order_ok;
};

static int on_reply(void *ctx, size_t i, const struct whois_reply *r, struct err *e)
{
	struct counts *c = ctx;
	(void)e;
	if (i != c->replies)
		c->order_ok = 0;
	c->replies++;
	if (r->kind == 'D')
		c->d++;
	for (size_t k = 0; k < r->len; k++)
		c->words += r->data[k] == ' ' || r->data[k] == '\n';
	return 0;
}

static void run_pipeline(size_t window)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(listen_fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(listen_fd, 1), 0);
	assert_int_equal(getsockname(listen_fd, (struct sockaddr *)&sa, &sl), 0);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, server, NULL), 0);

	char hp[64];
	snprintf(hp, sizeof(hp), "127.0.0.1:%u", ntohs(sa.sin_port));
	struct whois_client c;
	struct err e;
	assert_int_equal(whois_connect(&c, hp, &e), 0);
	assert_int_equal(whois_send(&c, "!!\n", 3, &e), 0);
	struct whois_reply r;
	assert_int_equal(whois_query(&c, "!nTEST", &r, &e), 0);
	assert_int_equal(r.kind, 'D');

	enum { N = 300 };
	char *q[N];
	size_t want = 0;
	for (int i = 0; i < N; i++) {
		q[i] = malloc(32);
		snprintf(q[i], 32, "!gas%d", i % 40);
		want += (size_t)(i % 40);
	}
	struct counts cnt = {0, 0, 0, 1};
	assert_int_equal(whois_pipeline(&c, (const char *const *)q, N, window, on_reply, &cnt, &e),
	                 0);
	assert_int_equal(cnt.replies, N);
	assert_int_equal(cnt.words, want);
	assert_true(cnt.order_ok);
	for (int i = 0; i < N; i++)
		free(q[i]);
	whois_close(&c);
	whois_close(&c); /* twice is fine */
	pthread_join(th, NULL);
	close(listen_fd);
}

static void test_pipeline(void **state)
{
	(void)state;
	run_pipeline((size_t)-1);
}

static void test_strict(void **state)
{
	(void)state;
	run_pipeline(1);
}

static void test_bad_server(void **state)
{
	(void)state;
	struct whois_client c;
	struct err e;
	assert_int_equal(whois_connect(&c, "", &e), -1);
	assert_int_equal(whois_connect(&c, "[::1", &e), -1);
}

/* An in-memory IRRd: every written line queues its reply, which is read
 * back at most 3 bytes at a time. */
struct mem_server {
	char line[256], replies[8192];
	size_t nline, nrep, roff;
	int closed, quit_seen;
};

static ssize_t mem_write(void *ctx, const char *s, size_t n, struct err *e)
{
	struct mem_server *m = ctx;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n') {
			m->line[m->nline++] = s[i];
			continue;
		}
		m->line[m->nline] = 0;
		m->nline = 0;
		const char *r = !strcmp(m->line, "!q")         ? ""
		                : !strncmp(m->line, "!gas", 4) ? "A13\n192.0.2.0/24\nC\n"
		                : !strcmp(m->line, "!!")       ? ""
		                                               : "D\n";
		m->quit_seen |= !strcmp(m->line, "!q");
		size_t rl = strlen(r);
		memcpy(m->replies + m->nrep, r, rl);
		m->nrep += rl;
	}
	return (ssize_t)n;
}

static ssize_t mem_read(void *ctx, char *buf, size_t n, struct err *e)
{
	struct mem_server *m = ctx;
	size_t left = m->nrep - m->roff;
	if (!left)
		return -2;
	size_t k = left < 3 ? left : 3;
	k = k < n ? k : n;
	memcpy(buf, m->replies + m->roff, k);
	m->roff += k;
	return (ssize_t)k;
}

static int mem_wait(void *ctx, int want_write, struct err *e)
{
	struct mem_server *m = ctx;
	if (want_write || m->roff < m->nrep)
		return 0;
	return err_set(e, "mem: timeout waiting for the server");
}

static void mem_close(void *ctx)
{
	((struct mem_server *)ctx)->closed = 1;
}

static void test_memory_stream(void **state)
{
	(void)state;
	static struct mem_server m;
	struct whois_stream io = {&m, mem_write, mem_read, mem_wait, mem_close};
	struct whois_client c;
	struct whois_reply r;
	struct err e;
	whois_client_init(&c, &io, "mem");
	assert_int_equal(whois_send(&c, "!!\n", 3, &e), 0);
	assert_int_equal(whois_query(&c, "!gas1", &r, &e), 0);
	assert_int_equal(r.kind, 'A');
	assert_int_equal(r.len, 13);
	assert_memory_equal(r.data, "192.0.2.0/24\n", 13);
	const char *q[] = {"!gas1", "!nx", "!gas2"};
	struct counts cnt = {0, 0, 0, 1};
	assert_int_equal(whois_pipeline(&c, q, 3, 2, on_reply, &cnt, &e), 0);
	assert_int_equal(cnt.replies, 3);
	assert_int_equal(cnt.d, 1);
	assert_true(cnt.order_ok);
	/* a server that never answers: the stream's timeout reaches the caller */
	assert_int_equal(whois_send(&c, "!!\n", 3, &e), 0);
	assert_int_equal(whois_query(&c, "!!", &r, &e), -1);
	assert_string_equal(e.msg, "mem: timeout waiting for the server");
	whois_close(&c);
	assert_true(m.closed);
	assert_true(m.quit_seen);
	whois_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memory_stream), cmocka_unit_test(test_parse_kinds),
	    cmocka_unit_test(test_parse_partial), cmocka_unit_test(test_parse_malformed),
	    cmocka_unit_test(test_pipeline),      cmocka_unit_test(test_strict),
	    cmocka_unit_test(test_bad_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
