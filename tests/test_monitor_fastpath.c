/* SPDX-License-Identifier: ISC */
/* test_monitor_fastpath.c - the monitor's performance paths keep their
 * answers: route_state_covering against probing every shorter length, and
 * the buffered JSON lines sink (lines held back until flushed, the same
 * bytes as the per-alert sink). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "detect/alert.h"
#include "detect/alert_sink.h"
#include "detect/input_ris.h"
#include "detect/ris_json.h"
#include "detect/route_state.h"

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

static void
apply(struct route_state *rs, enum route_event_type t, const char *peer, const char *pfx,
      uint32_t origin)
{
	uint32_t path[] = {64500, origin};
	struct route_event ev = {.type = t,
	                         .time = 100,
	                         .source = "rrc00",
	                         .peer_as = 64500,
	                         .peer_addr = P(peer),
	                         .pfx = P(pfx),
	                         .path = path,
	                         .path_len = 2,
	                         .origin = origin};
	assert_int_equal(route_state_apply(rs, &ev, NULL, NULL), 0);
}

/* What detect_moas did before route_state_covering: every shorter length. */
static bool covering_by_probing(const struct route_state *rs, const struct prefix *p, unsigned min,
                                struct prefix *cover)
{
	for (unsigned len = p->len; len-- > min;) {
		*cover = *p;
		cover->len = (uint8_t)len;
		prefix_mask(cover);
		if (route_state_peers(rs, cover) > 0)
			return true;
	}
	return false;
}

static void expect_covering(const struct route_state *rs, const char *pfx, unsigned min,
                            const char *want)
{
	struct prefix p = P(pfx), got, model;
	bool found = route_state_covering(rs, &p, min, &got);
	bool model_found = covering_by_probing(rs, &p, min, &model);
	assert_int_equal(found, model_found);
	assert_int_equal(found, want != NULL);
	if (want) {
		struct prefix w = P(want);
		assert_true(prefix_equal(&got, &w));
		assert_true(prefix_equal(&got, &model));
	}
}

static void test_covering(void **state)
{
	(void)state;
	struct route_state *rs = route_state_new(0);
	assert_non_null(rs);
	expect_covering(rs, "10.1.2.0/24", 8, NULL);
	apply(rs, ROUTE_EV_ANNOUNCE, "192.0.2.1", "10.0.0.0/8", 64501);
	apply(rs, ROUTE_EV_ANNOUNCE, "192.0.2.2", "10.1.0.0/16", 64502);
	apply(rs, ROUTE_EV_ANNOUNCE, "192.0.2.1", "2001:db8::/32", 64503);
	expect_covering(rs, "10.1.2.0/24", 8, "10.1.0.0/16");
	expect_covering(rs, "10.2.2.0/24", 8, "10.0.0.0/8");
	expect_covering(rs, "10.2.2.0/24", 9, NULL);         /* /8 is below min */
	expect_covering(rs, "10.1.0.0/16", 8, "10.0.0.0/8"); /* shorter only */
	expect_covering(rs, "11.1.0.0/16", 8, NULL);
	expect_covering(rs, "2001:db8:1::/48", 16, "2001:db8::/32");
	expect_covering(rs, "2001:db9::/48", 16, NULL);
	/* The last route of a length gone: that length is no longer probed. */
	apply(rs, ROUTE_EV_WITHDRAW, "192.0.2.2", "10.1.0.0/16", 0);
	expect_covering(rs, "10.1.2.0/24", 8, "10.0.0.0/8");
	/* Peer down takes its prefixes (and their lengths) along. */
	struct route_event down = {.type = ROUTE_EV_PEER_DOWN,
	                           .source = "rrc00",
	                           .peer_as = 64500,
	                           .peer_addr = P("192.0.2.1")};
	assert_int_equal(route_state_apply(rs, &down, NULL, NULL), 0);
	expect_covering(rs, "10.1.2.0/24", 8, NULL);
	expect_covering(rs, "2001:db8:1::/48", 16, NULL);
	/* Held again by another peer. */
	apply(rs, ROUTE_EV_ANNOUNCE, "192.0.2.3", "10.0.0.0/8", 64501);
	expect_covering(rs, "10.1.2.0/24", 8, "10.0.0.0/8");
	route_state_free(rs);
}

/* Random IPv4 prefix i (lengths 8..24, in 10.0.0.0/6). */
static struct prefix random_prefix(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	unsigned len = 8 + (*x >> 8) % 17;
	uint32_t a = (*x * 2654435761u) & ~(0xffffffffu >> len);
	struct prefix p = {.family = 4, .len = (uint8_t)len};
	a = (a & 0x03ffffffu) | 10u << 24;
	p.addr[0] = (uint8_t)(a >> 24);
	p.addr[1] = (uint8_t)(a >> 16);
	p.addr[2] = (uint8_t)(a >> 8);
	p.addr[3] = (uint8_t)a;
	prefix_mask(&p);
	return p;
}

static void apply_prefix(struct route_state *rs, enum route_event_type t, const char *peer,
                         const struct prefix *p)
{
	char norm[PREFIX_STRLEN];
	apply(rs, t, peer, prefix_format(p, norm, sizeof norm), 64501);
}

static void check_random_covering(const struct route_state *rs, uint32_t seed, int n)
{
	for (int i = 0; i < n; i++) {
		struct prefix p = random_prefix(&seed), got, model;
		bool f = route_state_covering(rs, &p, 8, &got);
		assert_int_equal(f, covering_by_probing(rs, &p, 8, &model));
		if (f)
			assert_true(prefix_equal(&got, &model));
	}
}

/* Many random prefixes, announced and withdrawn: the answer equals probing
 * every length, asked as the table changes and asked first on a full one. */
static void test_covering_random(void **state)
{
	(void)state;
	struct route_state *live = route_state_new(0), *late = route_state_new(0);
	assert_non_null(live);
	assert_non_null(late);
	uint32_t x = 12345;
	for (int i = 0; i < 3000; i++) {
		struct prefix p = random_prefix(&x);
		enum route_event_type t = i % 5 == 4 ? ROUTE_EV_WITHDRAW : ROUTE_EV_ANNOUNCE;
		const char *peer = i % 2 ? "192.0.2.1" : "192.0.2.2";
		apply_prefix(live, t, peer, &p);
		apply_prefix(late, t, peer, &p);
		check_random_covering(live, x, 1);
	}
	check_random_covering(late, 777, 3000);
	check_random_covering(live, 777, 3000);
	route_state_free(live);
	route_state_free(late);
}

static struct alert an_alert(uint64_t id)
{
	struct alert a;
	memset(&a, 0, sizeof a);
	a.id = id;
	a.state = ALERT_OPEN;
	a.severity = ALERT_WARNING;
	snprintf(a.type, sizeof a.type, "bogon");
	snprintf(a.key, sizeof a.key, "bogon|10.0.0.0/8|%llu", (unsigned long long)id);
	a.prefix = P("10.0.0.0/8");
	a.first_seen = a.last_seen = 1700000000;
	return a;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[1 << 16];
	*n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return buf;
}

static void test_buffered_sink(void **state)
{
	(void)state;
	char a_path[] = "/tmp/manrs_fastpath_aXXXXXX", b_path[] = "/tmp/manrs_fastpath_bXXXXXX";
	int fa = mkstemp(a_path), fb = mkstemp(b_path);
	assert_true(fa >= 0 && fb >= 0);
	close(fa);
	close(fb);
	struct err e;
	struct alert_sink *plain = sink_jsonl_new(a_path, &e);
	/* A delay no test run reaches: only the flush op writes. */
	struct alert_sink *buf = sink_jsonl_new_buffered(b_path, 3600 * 1000, &e);
	assert_non_null(plain);
	assert_non_null(buf);
	for (uint64_t id = 1; id <= 3; id++) {
		struct alert a = an_alert(id);
		assert_int_equal(plain->ops->deliver(plain->self, &a, &e), 0);
		assert_int_equal(buf->ops->deliver(buf->self, &a, &e), 0);
	}
	size_t na, nb;
	slurp(a_path, &na);
	slurp(b_path, &nb);
	assert_true(na > 0);
	assert_int_equal(nb, 0); /* held back */
	assert_int_equal(buf->ops->flush(buf->self, &e), 0);
	static char copy[1 << 16];
	memcpy(copy, slurp(a_path, &na), na);
	char *tb = slurp(b_path, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(copy, tb, na);
	/* Zero delay: every line goes out at once, like the per-alert sink. */
	alert_sink_free(buf);
	buf = sink_jsonl_new_buffered(b_path, 0, &e);
	assert_non_null(buf);
	struct alert a = an_alert(4);
	assert_int_equal(buf->ops->deliver(buf->self, &a, &e), 0);
	size_t nb2;
	slurp(b_path, &nb2);
	assert_true(nb2 > nb);
	alert_sink_free(plain);
	alert_sink_free(buf);
	unlink(a_path);
	unlink(b_path);
}

/* What an input handed on: events (as text), warnings and prefetch hints. */
struct seen {
	char log[1 << 14];
	size_t n;
	unsigned hints;
	int stop_after; /* 0: never */
	int events;
};

static void seen_add(struct seen *s, const char *what)
{
	size_t k = strlen(what);
	assert_true(s->n + k + 1 < sizeof s->log);
	memcpy(s->log + s->n, what, k);
	s->n += k;
	s->log[s->n++] = '\n';
	s->log[s->n] = 0;
}

static int seen_event(void *arg, const struct route_event *ev, struct err *e)
{
	(void)e;
	struct seen *s = arg;
	char pfx[PREFIX_STRLEN], line[128];
	snprintf(line, sizeof line, "%s %s AS%u t%u", route_event_type_name(ev->type),
	         prefix_format(&ev->pfx, pfx, sizeof pfx), ev->origin, ev->time);
	seen_add(s, line);
	return s->stop_after && ++s->events >= s->stop_after ? 1 : 0;
}

static void seen_warn(void *arg, const struct err *e)
{
	char line[sizeof e->msg + 8];
	const char *at = strchr(e->msg, ':'); /* "FILE:LINE: ...": the file named apart */
	snprintf(line, sizeof line, "warn %s", at ? at + 1 : e->msg);
	seen_add(arg, line);
}

static void seen_hint(void *arg, const struct prefix *pfx, int step)
{
	(void)pfx;
	(void)step;
	((struct seen *)arg)->hints++;
}

static void seen_idle(void *arg)
{
	seen_add(arg, "idle");
}

static int run_file(const char *path, bool ahead, struct seen *s, struct input_ris_stats *st)
{
	struct err e;
	struct input_ris_opts o = {.path = path,
	                           .warn = seen_warn,
	                           .warn_arg = s,
	                           .idle = seen_idle,
	                           .prefetch = ahead ? seen_hint : NULL};
	struct input_ris *in = input_ris_new(&o, &e);
	assert_non_null(in);
	int rc = input_ris_run(in, seen_event, s, &e);
	input_ris_get_stats(in, st);
	input_ris_free(in);
	return rc;
}

#define RM(t, rest)                                                                                \
	"{\"type\":\"ris_message\",\"data\":{\"timestamp\":" t                                     \
	",\"peer\":\"192.0.2.1\",\"peer_asn\":\"64500\",\"type\":\"UPDATE\"," rest "}}\n"

/* Reading ahead (with prefetch hints) hands on the same events, warnings
 * and counts, in the same order, as reading one message at a time; and a
 * stop is honoured at the same event. */
static void test_ris_read_ahead(void **state)
{
	(void)state;
	char path[] = "/tmp/manrs_fastpath_risXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs(RM("100", "\"path\":[64500,64501],\"announcements\":[{\"next_hop\":\"192.0.2.1\","
	                "\"prefixes\":[\"10.0.0.0/8\",\"10.1.0.0/16\"]}]"),
	      f);
	fputs("\n", f);
	fputs("{\"type\":\"ris_message\",\"data\":{oops}}\n", f);
	fputs(RM("101", "\"withdrawals\":[\"10.1.0.0/16\",\"bad\"]"), f);
	fputs(RM("102", "\"path\":[64500,64502],\"announcements\":[{\"next_hop\":\"192.0.2.1\","
	                "\"prefixes\":[\"2001:db8::/32\"]}]"),
	      f);
	fputs("{\"type\":\"ris_message\",\"data\":{\"timestamp\":103,\"type\":\"UPDATE\"}}\n", f);
	for (int i = 0; i < 7; i++)
		fputs(RM("104", "\"path\":[64500,64503],\"announcements\":[{\"next_hop\":\"192.0.2."
		                "1\",\"prefixes\":[\"192.0.2.0/24\"]}]"),
		      f);
	fputs(RM("105", "\"withdrawals\":[\"192.0.2.0/24\"]"), f); /* no newline at the end: */
	fseek(f, -1, SEEK_END);
	fputs(" ", f);
	fclose(f);
	static struct seen a, b;
	struct input_ris_stats sa, sb;
	assert_int_equal(run_file(path, false, &a, &sa), 0);
	assert_int_equal(run_file(path, true, &b, &sb), 0);
	assert_string_equal(a.log, b.log);
	assert_memory_equal(&sa, &sb, sizeof sa);
	assert_int_equal(sa.malformed, 2);
	assert_int_equal(sa.bad_prefixes, 1);
	assert_int_equal(sa.events, 12);
	/* Told once the input ended, after the last event (a small file is one
	 * window: no wait before it). */
	if (!strstr(a.log, "withdraw 192.0.2.0/24 AS0 t105\nidle\n"))
		fail_msg("log ends: %s", a.n > 80 ? a.log + a.n - 80 : a.log);
	assert_true(strstr(a.log, "idle\n") == a.log + a.n - 5); /* once */
	assert_int_equal(a.hints, 0);
	assert_true(b.hints > 0);
	/* The same bytes gzipped (decoded by the reader, not read straight
	 * into its buffer as a plain file is): the same again. */
	char gz_path[] = "/tmp/manrs_fastpath_gzXXXXXX";
	int gfd = mkstemp(gz_path);
	assert_true(gfd >= 0);
	close(gfd);
	size_t n;
	static char raw[1 << 16];
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	n = fread(raw, 1, sizeof raw, in);
	fclose(in);
	gzFile gz = gzopen(gz_path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, raw, (unsigned)n), (int)n);
	gzclose(gz);
	static struct seen g;
	struct input_ris_stats sg;
	assert_int_equal(run_file(gz_path, true, &g, &sg), 0);
	assert_string_equal(a.log, g.log);
	assert_memory_equal(&sa, &sg, sizeof sa);
	unlink(gz_path);
	/* Stopping at the fourth event: the same lines counted either way. */
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.stop_after = b.stop_after = 4;
	assert_int_equal(run_file(path, false, &a, &sa), 1);
	assert_int_equal(run_file(path, true, &b, &sb), 1);
	assert_string_equal(a.log, b.log);
	assert_memory_equal(&sa, &sb, sizeof sa);
	unlink(path);
}

static int count_events(void *arg, const struct route_event *ev, struct err *e)
{
	(void)ev;
	(void)e;
	(*(int *)arg)++;
	return 0;
}

/* The IPv4 fast path of the RIS reader takes exactly the prefixes and peer
 * addresses prefix.h takes (and for keys, the known-key path exactly what
 * the general one reads). */
static void test_ris_ipv4_forms(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
	    {"1.2.3.0/24", true},     {"010.1.1.0/24", true},       {"0.0.0.0/0", true},
	    {"1.2.3.4/32", true},     {"255.255.255.255/32", true}, {"1.2.3.4/0", false},
	    {"1.2.3.1/24", false},    {"256.1.1.0/24", false},      {"1.2.3.0/33", false},
	    {"1234.1.1.0/24", false}, {"1.2.3/24", false},          {"1.2.3.4.5/32", false},
	    {"1.2.3.0/", false},      {"1.2.3.0/024", true},        {"1.2.3.0/0024", false},
	    {".1.2.3/24", false},     {"1.2.3.0 /24", false},
	};
	struct ris_json *rj = ris_json_new();
	assert_non_null(rj);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char msg[512];
		snprintf(
		    msg, sizeof msg,
		    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"192.0.2.1\","
		    "\"peer_asn\":64500,\"type\":\"UPDATE\",\"path\":[64500,64501],"
		    "\"announcements\":[{\"next_hop\":\"192.0.2.1\",\"prefixes\":[\"%s\"]}]}}",
		    cases[i].text);
		int n = 0;
		enum ris_kind kind;
		struct err e;
		unsigned long bad = ris_json_bad_prefixes(rj);
		assert_int_equal(ris_json_parse(rj, msg, strlen(msg), count_events, &n, &kind, &e),
		                 0);
		if (n != (cases[i].ok ? 1 : 0))
			fail_msg("%s: %d events", cases[i].text, n);
		assert_int_equal(ris_json_bad_prefixes(rj) - bad, cases[i].ok ? 0 : 1);
		/* The same through prefix.h, but for leading zeros (in an octet
		 * or the length), which the RIS reader has always taken. */
		struct prefix p;
		bool leading_zero =
		    strstr(cases[i].text, "/0") && strcmp(cases[i].text, "0.0.0.0/0");
		leading_zero |= cases[i].text[0] == '0' && cases[i].text[1] != '.';
		if (!leading_zero && (prefix_parse(cases[i].text, &p, NULL) == 0) != cases[i].ok)
			fail_msg("prefix.h differs on %s", cases[i].text);
	}
	static const char *peers[] = {"192.0.2.1", "192.0.2.1x", "192.0.2", "300.0.2.1"};
	for (size_t i = 0; i < 4; i++) {
		char msg[512];
		snprintf(
		    msg, sizeof msg,
		    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"%s\","
		    "\"peer_asn\":64500,\"type\":\"UPDATE\",\"withdrawals\":[\"10.0.0.0/8\"]}}",
		    peers[i]);
		int n = 0;
		enum ris_kind kind;
		struct err e;
		int rc = ris_json_parse(rj, msg, strlen(msg), count_events, &n, &kind, &e);
		assert_int_equal(rc, i == 0 ? 0 : -2);
		assert_int_equal(n, i == 0 ? 1 : 0);
	}
	/* Keys with a space before the colon or an escape: the general path. */
	const char *odd =
	    "{\"type\" : \"ris_message\",\"data\":{\"timestamp\":1,\"pe\\u0065r\":\"x\","
	    "\"peer\" :\"192.0.2.1\",\"peer_asn\":64500,\"type\":\"UPDATE\","
	    "\"withdrawals\" : [\"10.0.0.0/8\"]}}";
	int n = 0;
	enum ris_kind kind;
	struct err e;
	assert_int_equal(ris_json_parse(rj, odd, strlen(odd), count_events, &n, &kind, &e), 0);
	assert_int_equal(n, 1);
	ris_json_free(rj);
}

static uint32_t got_path[32];
static size_t got_len;

static int keep_path(void *arg, const struct route_event *ev, struct err *e)
{
	(void)arg;
	(void)e;
	got_len = ev->path_len < 32 ? ev->path_len : 32;
	memcpy(got_path, ev->path, got_len * sizeof *got_path);
	return 0;
}

/* AS numbers of every length read right, whether a word holds them or not
 * (the last one ends the message: fewer than eight bytes left). */
static void test_ris_asn_lengths(void **state)
{
	(void)state;
	static const uint32_t want[] = {1,           12,      123,      1234,      12345,
	                                123456,      1234567, 12345678, 123456789, 1234567890,
	                                4294967295u, 0,       7,        64512,     7654321};
	char path[512] = "";
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		snprintf(path + strlen(path), sizeof path - strlen(path), "%s%u", i ? "," : "",
		         want[i]);
	char msg[1024];
	snprintf(msg, sizeof msg,
	         "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"192.0.2.1\","
	         "\"peer_asn\":\"64500\",\"type\":\"UPDATE\",\"announcements\":[{\"next_hop\":"
	         "\"192.0.2.1\",\"prefixes\":[\"10.0.0.0/8\"]}],\"path\":[%s]}}",
	         path);
	struct ris_json *rj = ris_json_new();
	assert_non_null(rj);
	enum ris_kind kind;
	struct err e;
	got_len = 0;
	assert_int_equal(ris_json_parse(rj, msg, strlen(msg), keep_path, NULL, &kind, &e), 0);
	assert_int_equal(got_len, sizeof want / sizeof want[0]);
	assert_memory_equal(got_path, want, sizeof want);
	/* Too big, and digits running into a letter: malformed, as before. */
	const char *bad[] = {"4294967296", "123456789012", "12a", "1234567x"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(
		    msg, sizeof msg,
		    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"192.0.2.1\","
		    "\"peer_asn\":64500,\"type\":\"UPDATE\",\"path\":[64500,%s,1],"
		    "\"withdrawals\":[\"10.0.0.0/8\"]}}",
		    bad[i]);
		assert_int_equal(ris_json_parse(rj, msg, strlen(msg), keep_path, NULL, &kind, &e),
		                 -2);
	}
	ris_json_free(rj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_covering),       cmocka_unit_test(test_covering_random),
	    cmocka_unit_test(test_buffered_sink),  cmocka_unit_test(test_ris_read_ahead),
	    cmocka_unit_test(test_ris_ipv4_forms), cmocka_unit_test(test_ris_asn_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
