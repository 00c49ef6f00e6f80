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

#include "detect/alert.h"
#include "detect/alert_sink.h"
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

/* Many random prefixes: the answer equals probing every length. */
static void test_covering_random(void **state)
{
	(void)state;
	struct route_state *rs = route_state_new(0);
	assert_non_null(rs);
	uint32_t x = 12345;
	char buf[64];
	for (int i = 0; i < 3000; i++) {
		x = x * 1103515245u + 12345u;
		unsigned len = 8 + (x >> 8) % 17;
		uint32_t a = (x * 2654435761u) & ~(len == 32 ? 0 : 0xffffffffu >> len);
		snprintf(buf, sizeof buf, "%u.%u.%u.%u/%u", 10 + (a >> 24) % 4, a >> 16 & 255,
		         a >> 8 & 255, a & 255, len);
		struct prefix p = P(buf);
		prefix_mask(&p);
		char norm[PREFIX_STRLEN];
		prefix_format(&p, norm, sizeof norm);
		apply(rs, i % 5 == 4 ? ROUTE_EV_WITHDRAW : ROUTE_EV_ANNOUNCE,
		      i % 2 ? "192.0.2.1" : "192.0.2.2", norm, 64501);
		struct prefix got, model;
		bool f = route_state_covering(rs, &p, 8, &got);
		assert_int_equal(f, covering_by_probing(rs, &p, 8, &model));
		if (f)
			assert_true(prefix_equal(&got, &model));
	}
	route_state_free(rs);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_covering),
	    cmocka_unit_test(test_covering_random),
	    cmocka_unit_test(test_buffered_sink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
