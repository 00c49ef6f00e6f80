/* SPDX-License-Identifier: ISC */
/* test_alert_json.c - lib/detect/alert_json and alert.c: the names of the
 * enums, one alert as one exact JSON object, the same alert read back from
 * it (the store relies on this), bad JSON refused with a message, and the
 * one-line summary in plain, Slack and Mattermost markup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "detect/alert_json.h"
#include "detect/alert_json_read.h"

static void make_alert(struct alert *a)
{
	struct err e;
	memset(a, 0, sizeof *a);
	a->id = 7;
	snprintf(a->key, sizeof a->key, "hijack|192.0.2.0/24|64511");
	snprintf(a->type, sizeof a->type, "hijack");
	snprintf(a->code, sizeof a->code, "E|0|-|-");
	a->state = ALERT_UPDATED;
	a->severity = ALERT_CRITICAL;
	assert_int_equal(prefix_parse("192.0.2.0/24", &a->prefix, &e), 0);
	assert_int_equal(prefix_parse("192.0.2.0/23", &a->monitored, &e), 0);
	a->affected_as = 64500;
	a->offender_as = 64511;
	snprintf(a->description, sizeof a->description, "origin \"AS64511\" <not> & expected\n");
	snprintf(a->rule, sizeof a->rule, "our prefixes");
	a->npeers = 3;
	a->max_peers = 5;
	a->first_seen = 1700000000;
	a->last_seen = 1700000060;
	a->version = 2;
	a->rpki = ALERT_RPKI_INVALID;
	a->irr = ALERT_IRR_UNREGISTERED;
	a->score = 90;
	a->nsamples = 1;
	a->samples[0].peer_as = 3333;
	assert_int_equal(addr_parse("2001:db8::1", &a->samples[0].peer_addr, &e), 0);
	a->samples[0].time = 1700000010;
	a->samples[0].path_len = 3;
	a->samples[0].path[0] = 3333;
	a->samples[0].path[1] = 174;
	a->samples[0].path[2] = 64511;
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(alert_state_name(ALERT_OPEN), "open");
	assert_string_equal(alert_state_name(ALERT_UPDATED), "updated");
	assert_string_equal(alert_state_name(ALERT_RESOLVED), "resolved");
	assert_string_equal(alert_state_name((enum alert_state)0), "unknown");
	assert_string_equal(alert_severity_name(ALERT_INFO), "info");
	assert_string_equal(alert_severity_name(ALERT_WARNING), "warning");
	assert_string_equal(alert_severity_name(ALERT_CRITICAL), "critical");
	assert_string_equal(alert_rpki_name(ALERT_RPKI_UNCHECKED), "unchecked");
	assert_string_equal(alert_rpki_name(ALERT_RPKI_VALID), "valid");
	assert_string_equal(alert_rpki_name(ALERT_RPKI_INVALID), "invalid");
	assert_string_equal(alert_rpki_name(ALERT_RPKI_NOTFOUND), "not-found");
	assert_string_equal(alert_irr_name(ALERT_IRR_UNCHECKED), "unchecked");
	assert_string_equal(alert_irr_name(ALERT_IRR_REGISTERED), "registered");
	assert_string_equal(alert_irr_name(ALERT_IRR_UNREGISTERED), "unregistered");
}

static const char expected_json[] =
    "{\"id\":7,\"key\":\"hijack|192.0.2.0/24|64511\",\"type\":\"hijack\",\"code\":\"E|0|-|-\","
    "\"state\":\"updated\",\"severity\":\"critical\",\"prefix\":\"192.0.2.0/24\","
    "\"monitored\":\"192.0.2.0/23\",\"affected_as\":64500,\"offender_as\":64511,"
    "\"description\":\"origin \\\"AS64511\\\" <not> & expected\\n\",\"rule\":\"our prefixes\","
    "\"peers\":3,\"max_peers\":5,\"first_seen\":\"2023-11-14T22:13:20Z\","
    "\"first_seen_unix\":1700000000,\"last_seen\":\"2023-11-14T22:14:20Z\","
    "\"last_seen_unix\":1700000060,\"resolved_at\":null,\"resolved_at_unix\":0,\"version\":2,"
    "\"rpki\":\"invalid\",\"irr\":\"unregistered\",\"score\":90,\"samples\":[{\"peer_as\":3333,"
    "\"peer\":\"2001:db8::1\",\"time\":\"2023-11-14T22:13:30Z\",\"time_unix\":1700000010,"
    "\"path\":[3333,174,64511]}]}";

static void test_json_exact(void **state)
{
	(void)state;
	struct alert a;
	make_alert(&a);
	char *s = alert_json_string(&a);
	assert_non_null(s);
	assert_string_equal(s, expected_json);
	free(s);
}

static void test_json_resolved_no_monitored(void **state)
{
	(void)state;
	struct alert a;
	make_alert(&a);
	a.state = ALERT_RESOLVED;
	a.resolved_at = 1700000120;
	a.monitored.family = 0;
	a.nsamples = 0;
	char *s = alert_json_string(&a);
	assert_non_null(strstr(s, "\"monitored\":null,"));
	assert_non_null(strstr(s, "\"resolved_at\":\"2023-11-14T22:15:20Z\",\"resolved_at_unix\":"
	                          "1700000120"));
	assert_non_null(strstr(s, "\"samples\":[]}"));
	free(s);
}

static void test_parse_round_trip(void **state)
{
	(void)state;
	struct alert a, b;
	struct err e;
	make_alert(&a);
	char *s = alert_json_string(&a);
	assert_int_equal(alert_json_parse(s, strlen(s), &b, &e), 0);
	char *t = alert_json_string(&b);
	assert_string_equal(s, t);
	assert_int_equal(b.id, 7);
	assert_int_equal(b.state, ALERT_UPDATED);
	assert_int_equal(b.samples[0].path_len, 3);
	assert_true(prefix_equal(&a.samples[0].peer_addr, &b.samples[0].peer_addr));
	free(s);
	free(t);
}

static void test_parse_bad(void **state)
{
	(void)state;
	struct alert a;
	struct err e;
	const char *bad[] = {
	    "{\"id\":",
	    "[1,2]",
	    "{\"state\":\"sideways\"}",
	    "{\"prefix\":\"192.0.2.1/24\"}",
	    "{\"peers\":-1}",
	    "{\"version\":4294967296}",
	    "{\"samples\":[1]}",
	    "{\"samples\":[{\"path\":[\"AS1\"]}]}",
	    "{\"type\":5}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		assert_int_equal(alert_json_parse(bad[i], strlen(bad[i]), &a, &e), -1);
		assert_non_null(strstr(e.msg, "alert JSON"));
	}
	/* an alert with nothing set writes "unknown" names, read back as 0
	 * (found by fuzz_alert_json) */
	struct alert z = {0}, back;
	char *zs = alert_json_string(&z);
	assert_non_null(strstr(zs, "\"state\":\"unknown\",\"severity\":\"unknown\""));
	assert_int_equal(alert_json_parse(zs, strlen(zs), &back, &e), 0);
	assert_int_equal(back.state, 0);
	free(zs);
	/* unknown members are ignored, long strings truncated, not overrun */
	char big[600];
	memset(big, 'x', sizeof big);
	char text[800];
	snprintf(text, sizeof text, "{\"extra\":[1,{}],\"code\":\"%.500s\"}", big);
	assert_int_equal(alert_json_parse(text, strlen(text), &a, &e), 0);
	assert_int_equal(strlen(a.code), sizeof a.code - 1);
}

/* Fields cut in the middle of a character (or holding no text) still
 * give valid UTF-8, which the reader (jansson) and webhooks demand. */
static void test_utf8(void **state)
{
	(void)state;
	struct alert a, b;
	struct err e;
	make_alert(&a);
	snprintf(a.description, sizeof a.description, "caf\xc3\xa9 \xff ok \xc3");
	char *s = alert_json_string(&a);
	assert_non_null(strstr(s, "\"description\":\"caf\xc3\xa9 ? ok ?\""));
	assert_int_equal(alert_json_parse(s, strlen(s), &b, &e), 0);
	free(s);
	/* a long non-ASCII code is cut before its last whole character */
	const char *t =
	    "{\"code\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}";
	assert_int_equal(alert_json_parse(t, strlen(t), &b, &e), 0);
	assert_int_equal(strlen(b.code), 14);
}

static void test_summary(void **state)
{
	(void)state;
	struct alert a;
	char line[512];
	make_alert(&a);
	assert_string_equal(alert_summary(&a, ALERT_MARKUP_PLAIN, line, sizeof line),
	                    "hijack updated (critical): 192.0.2.0/24 by AS64511, affects AS64500, "
	                    "3 peers: origin \"AS64511\" <not> & expected  [id 7 v2 E|0|-|-]");
	assert_string_equal(alert_summary(&a, ALERT_MARKUP_SLACK, line, sizeof line),
	                    "*hijack updated* (critical): 192.0.2.0/24 by AS64511, affects "
	                    "AS64500, 3 peers: origin \"AS64511\" &lt;not&gt; &amp; expected  "
	                    "[id 7 v2 E|0|-|-]");
	char *body = alert_chat_body(&a, ALERT_MARKUP_MATTERMOST);
	assert_string_equal(body, "{\"text\": \"**hijack updated** (critical): 192.0.2.0/24 by "
	                          "AS64511, affects AS64500, 3 peers: origin \\\"AS64511\\\" <not> "
	                          "& expected  [id 7 v2 E|0|-|-]\"}");
	free(body);
	/* truncation keeps the string terminated */
	alert_summary(&a, ALERT_MARKUP_SLACK, line, 20);
	assert_int_equal(strlen(line), 19);
	a.offender_as = a.affected_as = 0;
	a.npeers = 1;
	a.description[0] = '\0';
	assert_string_equal(alert_summary(&a, ALERT_MARKUP_PLAIN, line, sizeof line),
	                    "hijack updated (critical): 192.0.2.0/24, 1 peer [id 7 v2 E|0|-|-]");
}

/* The date arithmetic agrees with gmtime + strftime over the whole
 * uint32 range (leap days, century years, 2100, 2106). */
static void test_time_format(void **state)
{
	(void)state;
	static const uint32_t fixed[] = {0,           59,         86399,
	                                 951782400,                            /* 2000-02-29 */
	                                 951868800,   1796666400, 4107456000u, /* 2100-02-28 */
	                                 4107542400u, UINT32_MAX};
	char got[32], want[32];
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		time_t t = (time_t)fixed[i];
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		assert_string_equal(alert_time_format(fixed[i], got, sizeof got), want);
	}
	for (uint64_t v = 0; v <= UINT32_MAX; v += 86400 * 13 + 3607) {
		time_t t = (time_t)v;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		assert_string_equal(alert_time_format((uint32_t)v, got, sizeof got), want);
	}
	char small[8];
	assert_string_equal(alert_time_format(1796666400, small, sizeof small), "1796666");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_json_exact),
	    cmocka_unit_test(test_json_resolved_no_monitored),
	    cmocka_unit_test(test_parse_round_trip),
	    cmocka_unit_test(test_parse_bad),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_summary),
	    cmocka_unit_test(test_time_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
