/* SPDX-License-Identifier: ISC */
/* test_input_ris.c - RIS Live messages become route events: UPDATE
 * withdrawals and announcements (path, AS_SET origin, communities, time to
 * the microsecond), bare data objects, peer state, server messages; bad
 * lines counted and reported with file and line, overlong lines capped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "detect/input_ris.h"

#define MAX_EV 16

struct seen {
	unsigned long n;
	struct route_event ev[MAX_EV];
	char pfx[MAX_EV][PREFIX_STRLEN];
	char source[MAX_EV][32];
	uint32_t path[MAX_EV][8];
	uint32_t comm[MAX_EV][4];
};

static int collect(void *arg, const struct route_event *ev, struct err *e)
{
	struct seen *s = arg;
	if (s->n < MAX_EV) {
		s->ev[s->n] = *ev;
		prefix_format(&ev->pfx, s->pfx[s->n], PREFIX_STRLEN);
		snprintf(s->source[s->n], 32, "%s", ev->source ? ev->source : "");
		for (size_t i = 0; i < ev->path_len && i < 8; i++)
			s->path[s->n][i] = ev->path[i];
		for (size_t i = 0; i < ev->n_communities && i < 4; i++)
			s->comm[s->n][i] = ev->communities[i];
	}
	s->n++;
	return 0;
}

static unsigned long warned;
static char last_warning[512];
static void count_warn(void *arg, const struct err *e)
{
	(void)arg;
	warned++;
	snprintf(last_warning, sizeof(last_warning), "%s", e->msg);
}

/* Parse one message; returns ris_json_parse's result. */
static int parse(const char *msg, struct seen *s, enum ris_kind *kind)
{
	struct ris_json *rj = ris_json_new();
	assert_non_null(rj);
	struct err e;
	int rc = ris_json_parse(rj, msg, strlen(msg), collect, s, kind, &e);
	ris_json_free(rj);
	return rc;
}

static const char *full =
    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1700000000.001,\"peer\":\"198.51.100.9\","
    "\"peer_asn\":\"15565\",\"id\":\"x-1\",\"host\":\"rrc00\",\"type\":\"UPDATE\","
    "\"path\":[15565,3356,[64510,64511]],\"community\":[[15565,1016],[3356,2]],"
    "\"origin\":\"IGP\",\"med\":5,\"aggregator\":\"64511:192.0.2.1\","
    "\"announcements\":[{\"next_hop\":\"198.51.100.9\",\"prefixes\":[\"192.0.2.0/24\","
    "\"198.18.0.0/15\"]},{\"next_hop\":\"2001:db8::1\",\"prefixes\":[\"2001:db8:1::/48\"]}],"
    "\"withdrawals\":[\"203.0.113.0/24\"]}}";

static void test_update(void **state)
{
	(void)state;
	struct seen s = {0};
	enum ris_kind kind;
	assert_int_equal(parse(full, &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_UPDATE);
	assert_int_equal(s.n, 4);
	/* Withdrawals first, as in a BGP UPDATE. */
	assert_int_equal(s.ev[0].type, ROUTE_EV_WITHDRAW);
	assert_string_equal(s.pfx[0], "203.0.113.0/24");
	assert_int_equal(s.ev[0].path_len, 0);
	for (int i = 1; i < 4; i++) {
		assert_int_equal(s.ev[i].type, ROUTE_EV_ANNOUNCE);
		assert_int_equal(s.ev[i].time, 1700000000);
		assert_int_equal(s.ev[i].usec, 1000);
		assert_int_equal(s.ev[i].peer_as, 15565);
		assert_int_equal(s.ev[i].peer_addr.family, 4);
		assert_memory_equal(s.ev[i].peer_addr.addr, "\xc6\x33\x64\x09", 4);
		assert_string_equal(s.source[i], "rrc00");
		assert_false(s.ev[i].from_rib);
		assert_int_equal(s.ev[i].path_len, 4);
		assert_int_equal(s.path[i][0], 15565);
		assert_int_equal(s.path[i][3], 64511);
		assert_int_equal(s.ev[i].origin, 0); /* ends in an AS_SET */
		assert_int_equal(s.ev[i].origin_set_len, 2);
		assert_int_equal(s.ev[i].n_communities, 2);
		assert_int_equal(s.comm[i][0], 15565u << 16 | 1016);
		assert_int_equal(s.comm[i][1], 3356u << 16 | 2);
	}
	assert_string_equal(s.pfx[1], "192.0.2.0/24");
	assert_string_equal(s.pfx[2], "198.18.0.0/15");
	assert_string_equal(s.pfx[3], "2001:db8:1::/48");
}

static void test_bare_data_and_v6(void **state)
{
	(void)state;
	struct seen s = {0};
	enum ris_kind kind;
	const char *bare =
	    " {\"timestamp\": 1.5e9, \"peer\": \"2001:db8::7\", \"peer_asn\": 64500, "
	    "\"host\": \"rrc21\", \"type\": \"UPDATE\", \"path\": [64500, 64501], "
	    "\"announcements\": [{\"prefixes\": [\"10.0.0.0/8\"]}], \"otc\": 64500} ";
	assert_int_equal(parse(bare, &s, &kind), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ev[0].time, 1500000000);
	assert_int_equal(s.ev[0].usec, 0);
	assert_int_equal(s.ev[0].peer_addr.family, 6);
	assert_int_equal(s.ev[0].peer_addr.len, 128);
	assert_int_equal(s.ev[0].origin, 64501);
	assert_null(s.ev[0].origin_set);
	assert_true(s.ev[0].has_otc);
	assert_int_equal(s.ev[0].otc, 64500);
	assert_null(s.ev[0].communities);
}

static void test_peer_state_and_server_messages(void **state)
{
	(void)state;
	struct seen s = {0};
	enum ris_kind kind;
	const char *down = "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1700000001.25,"
	                   "\"peer\":\"192.0.2.7\",\"peer_asn\":\"64496\",\"host\":\"rrc01\","
	                   "\"type\":\"RIS_PEER_STATE\",\"state\":\"down\"}}";
	assert_int_equal(parse(down, &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_PEER_DOWN);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ev[0].type, ROUTE_EV_PEER_DOWN);
	assert_int_equal(s.ev[0].peer_as, 64496);
	assert_int_equal(s.ev[0].usec, 250000);
	const char *up = "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1700000002,"
	                 "\"peer\":\"192.0.2.7\",\"peer_asn\":\"64496\",\"host\":\"rrc01\","
	                 "\"type\":\"RIS_PEER_STATE\",\"state\":\"connected\"}}";
	assert_int_equal(parse(up, &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_OTHER);
	const char *ka = "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1700000002,"
	                 "\"peer\":\"192.0.2.7\",\"peer_asn\":\"64496\",\"type\":\"KEEPALIVE\"}}";
	assert_int_equal(parse(ka, &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_OTHER);
	assert_int_equal(parse("{\"type\":\"pong\",\"data\":null}", &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_NOT_ROUTE);
	assert_int_equal(
	    parse("{\"type\":\"ris_subscribe_ok\",\"data\":{\"subscription\":{}}}", &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_NOT_ROUTE);
	struct ris_json *rj = ris_json_new();
	struct err e;
	const char *err = "{\"type\":\"ris_error\",\"data\":{\"message\":\"Unknown filter\"}}";
	assert_int_equal(ris_json_parse(rj, err, strlen(err), collect, &s, &kind, &e), 0);
	assert_int_equal(kind, RIS_KIND_RIS_ERROR);
	assert_string_equal(ris_json_error_text(rj), "Unknown filter");
	ris_json_free(rj);
	assert_int_equal(s.n, 1);
}

/* The shapes RIS Live's schemas give OPEN, NOTIFICATION and a withdrawal
 * with uncompressed IPv6 (as real messages have them). */
static void test_schema_shapes(void **state)
{
	(void)state;
	struct seen s = {0};
	enum ris_kind kind;
	const char *open =
	    "{\"timestamp\":1568365292.84,\"peer\":\"192.0.2.1\",\"peer_asn\":\"64496\","
	    "\"id\":\"00-192-0-2-0-180513\",\"host\":\"rrc00\",\"type\":\"OPEN\","
	    "\"direction\":\"sent\",\"version\":4,\"asn\":65536,\"hold_time\":180,"
	    "\"router_id\":\"192.0.3.1\",\"capabilities\":{\"1\":{\"name\":"
	    "\"multiprotocol\",\"families\":[\"ipv4/unicast\",\"ipv6/unicast\"]},"
	    "\"65\":{\"name\":\"asn4\",\"asn4\":65536}}}";
	assert_int_equal(parse(open, &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_OTHER);
	const char *notif = "{\"timestamp\":1568365292.84,\"peer\":\"192.0.2.1\",\"peer_asn\":"
	                    "\"64496\",\"id\":\"x\",\"host\":\"rrc00\",\"type\":\"NOTIFICATION\","
	                    "\"notification\":{\"code\":6,\"subcode\":7,\"data\":\"0605\"}}";
	assert_int_equal(parse(notif, &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_OTHER);
	assert_int_equal(s.n, 0);
	const char *wd = "{ \"type\": \"ris_message\", \"data\": { \"timestamp\": 1740561857.910, "
	                 "\"peer\": \"2606:6dc0:1301::1\", \"peer_asn\": \"13781\", \"id\": \"x\", "
	                 "\"host\": \"rrc25.ripe.net\", \"type\": \"UPDATE\", \"path\": [], "
	                 "\"community\": [], \"announcements\": [], \"withdrawals\": [ "
	                 "\"2605:de00:bb:0:0:0:0:0/48\" ] } }";
	assert_int_equal(parse(wd, &s, &kind), 0);
	assert_int_equal(kind, RIS_KIND_UPDATE);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ev[0].type, ROUTE_EV_WITHDRAW);
	assert_string_equal(s.pfx[0], "2605:de00:bb::/48");
	assert_string_equal(s.source[0], "rrc25.ripe.net");
	assert_int_equal(s.ev[0].usec, 910000);
	assert_int_equal(s.ev[0].peer_as, 13781);
}

static void test_malformed_messages(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "",
	    "{",
	    "[1,2]",
	    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"192.0.2.1\"",
	    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"192.0.2.1\","
	    "\"peer_asn\":\"1\",\"type\":\"UPDATE\",\"path\":[1,\"x\"]}}",
	    "{\"type\":\"ris_message\",\"data\":{\"peer\":\"192.0.2.1\",\"peer_asn\":\"1\","
	    "\"type\":\"UPDATE\"}}",
	    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"nope\",\"peer_asn\":1,"
	    "\"type\":\"UPDATE\"}}",
	    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"192.0.2.1\","
	    "\"peer_asn\":\"99999999999\",\"type\":\"UPDATE\"}}",
	    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1,\"peer\":\"192.0.2.1\","
	    "\"peer_asn\":\"1\",\"type\":\"UPDATE\",\"path\":[1,0065001]}}", /* not JSON */
	    "{\"type\":\"ris_message\",\"data\":{\"timestamp\":01,\"peer\":\"192.0.2.1\","
	    "\"peer_asn\":1,\"type\":\"UPDATE\"}}",
	    "{\"a\":1} x",
	    "{\"a\":\"unterminated}",
	    "{\"community\":[[70000,1]]}",
	    "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct seen s = {0};
		enum ris_kind kind;
		int rc = parse(bad[i], &s, &kind);
		if (rc != -2)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(s.n, 0);
	}
	/* A prefix that does not parse is skipped, the others are kept. */
	struct ris_json *rj = ris_json_new();
	const char *m =
	    "{\"timestamp\":1,\"peer\":\"192.0.2.1\",\"peer_asn\":1,\"type\":\"UPDATE\","
	    "\"path\":[1],\"announcements\":[{\"prefixes\":[\"10.0.0.1/8\",\"10.0.0.0/"
	    "8\",\"300.0.0.0/8\"]}]}";
	struct seen s = {0};
	enum ris_kind kind;
	struct err e;
	assert_int_equal(ris_json_parse(rj, m, strlen(m), collect, &s, &kind, &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(ris_json_bad_prefixes(rj), 2);
	assert_string_equal(ris_json_last_bad_prefix(rj), "\"300.0.0.0/8\"");
	ris_json_free(rj);
}

static char *write_tmp(const char *text, size_t len)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/test_input_ris.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_file_lines(void **state)
{
	(void)state;
	/* good, blank, bad, overlong, good without a final newline */
	char big[1200];
	memset(big, ' ', sizeof(big));
	big[0] = '{';
	big[sizeof(big) - 1] = '}';
	char text[4096];
	int n =
	    snprintf(text, sizeof(text), "%s\r\n\n{\"type\":\"ris_message\",\"data\":{\n%.*s\n%s",
	             full, (int)sizeof(big), big, full);
	char *path = write_tmp(text, (size_t)n);
	struct input_ris_opts o = {.path = path, .max_line = 1000, .warn = count_warn};
	struct err e;
	struct input_ris *in = input_ris_new(&o, &e);
	struct seen s = {0};
	warned = 0;
	assert_int_equal(input_ris_run(in, collect, &s, &e), 0);
	struct input_ris_stats st;
	input_ris_get_stats(in, &st);
	input_ris_free(in);
	assert_int_equal(s.n, 8);
	assert_int_equal(st.lines, 5);
	assert_int_equal(st.messages, 2);
	assert_int_equal(st.updates, 2);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.overlong, 1);
	assert_int_equal(st.events, 8);
	assert_int_equal(st.announces, 6);
	assert_int_equal(st.withdraws, 2);
	assert_int_equal(warned, 2);
	assert_non_null(strstr(last_warning, ":4: line longer than 1000 bytes"));
	unlink(path);
}

/* A line longer than the read window is skipped without growing memory. */
static void test_huge_line(void **state)
{
	(void)state;
	size_t big = (5u << 20) + 3;
	char *text = malloc(big + strlen(full) + 2);
	assert_non_null(text);
	memset(text, '[', big);
	text[big] = '\n';
	memcpy(text + big + 1, full, strlen(full));
	text[big + 1 + strlen(full)] = '\n';
	char *path = write_tmp(text, big + strlen(full) + 2);
	free(text);
	struct input_ris_opts o = {.path = path, .warn = count_warn};
	struct err e;
	struct input_ris *in = input_ris_new(&o, &e);
	struct seen s = {0};
	warned = 0;
	assert_int_equal(input_ris_run(in, collect, &s, &e), 0);
	struct input_ris_stats st;
	input_ris_get_stats(in, &st);
	input_ris_free(in);
	unlink(path);
	assert_int_equal(st.overlong, 1);
	assert_int_equal(st.messages, 1);
	assert_int_equal(s.n, 4);
	assert_int_equal(warned, 1);
	assert_non_null(strstr(last_warning, ":1: line longer than"));
}

static void test_missing_file(void **state)
{
	(void)state;
	struct input_ris_opts o = {.path = "/nonexistent/ris.jsonl"};
	struct err e;
	struct input_ris *in = input_ris_new(&o, &e);
	struct seen s = {0};
	assert_int_equal(input_ris_run(in, collect, &s, &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/ris.jsonl"));
	input_ris_free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_update),
	    cmocka_unit_test(test_bare_data_and_v6),
	    cmocka_unit_test(test_peer_state_and_server_messages),
	    cmocka_unit_test(test_schema_shapes),
	    cmocka_unit_test(test_malformed_messages),
	    cmocka_unit_test(test_file_lines),
	    cmocka_unit_test(test_huge_line),
	    cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
