/* SPDX-License-Identifier: ISC */
/* test_daemon_config.c - manrs.yml: sections and their defaults, every
 * error with file, line and column, durations, sources, and the API's
 * query strings and the HTTP query field they come from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "api.h"
#include "daemon_config.h"
#include "http_request.h"

static struct daemon_config *parse(const char *text, struct err *e)
{
	return daemon_config_parse(text, strlen(text), "manrs.yml", e);
}

/* The config must be refused with exactly this message. */
static void refused(const char *text, const char *msg)
{
	struct err e = {0};
	struct daemon_config *c = parse(text, &e);
	if (c)
		fail_msg("accepted: %s", text);
	assert_string_equal(e.msg, msg);
}

static void test_full(void **state)
{
	(void)state;
	struct err e;
	struct daemon_config *c = parse("log:\n  target: journald\n  level: debug\n"
	                                "user: manrs\n"
	                                "rtr:\n  listen: [\"127.0.0.1:323\", \"[::1]:323\"]\n"
	                                "  vrps: /var/lib/manrs/vrps.json\n  refresh: 15m\n"
	                                "  allow: 10.0.0.0/8\n"
	                                "whois:\n  files:\n    - /a.db\n    - path: /b.db\n"
	                                "      source: RIPE\n  check_interval: 0\n"
	                                "bmp: {}\n"
	                                "monitor:\n  detectors: [hijack, rpki]\n  view: loc-rib\n"
	                                "http:\n  listen: 127.0.0.1:8080\n"
	                                "sources:\n  - name: vrps\n    url: https://x/vrps.json\n"
	                                "    path: /var/lib/manrs/vrps.json\n    interval: 1h\n"
	                                "    kind: vrps\n",
	                                &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_int_equal(c->log_target, DAEMON_LOG_JOURNALD);
	assert_int_equal(c->log_level, LOG_LEVEL_DEBUG);
	assert_string_equal(c->user, "manrs");
	assert_true(c->rtr_enabled);
	assert_int_equal(c->rtr.nlisten, 2);
	assert_string_equal(c->rtr.listen[1], "[::1]:323");
	assert_int_equal(c->rtr.timers.refresh, 900);
	assert_int_equal(c->rtr.timers.expire, 7200); /* default */
	assert_int_equal(c->rtr.nallow, 1);
	assert_int_equal(c->whois.nfiles, 2);
	assert_null(c->whois.sources[0]);
	assert_string_equal(c->whois.sources[1], "RIPE");
	assert_string_equal(c->whois.listen.addr[0], "127.0.0.1:43"); /* default */
	assert_int_equal(c->whois.check_interval, 0);
	assert_true(c->bmp_enabled);
	assert_string_equal(c->bmp.listen[0], "127.0.0.1:11019");
	assert_true(c->monitor.enabled);
	assert_string_equal(c->monitor.detectors[1], "rpki");
	assert_null(c->monitor.detectors[2]);
	assert_int_equal(c->http.n, 1);
	assert_int_equal(c->nsources, 1);
	assert_int_equal(c->sources[0].interval, 3600);
	assert_int_equal(c->sources[0].line, 23);
	daemon_config_free(c);
}

static void test_errors(void **state)
{
	(void)state;
	refused("rtr:\n  vrps: x\n  refersh: 10\n",
	        "manrs.yml:3:3: rtr: unknown key 'refersh' (known: listen, vrps, slurm, allow, "
	        "refresh, retry, expire, check_interval, timeout, history, max_clients, "
	        "max_per_source, max_shrink, max_age, session_id, keepalive, ignore_expires)");
	refused("rtr:\n  vrps: x\n  refresh: 10 minutes\n",
	        "manrs.yml:3:12: refresh: expected seconds up to 86400 (300, 15m, 2h, 1d)");
	refused("rtr:\n  vrps: x\n  refresh: 3600\n  expire: 600\n",
	        "manrs.yml:2:3: rtr: expire must exceed refresh and retry");
	refused("rtr:\n  listen: x\n", "manrs.yml:2:3: rtr: give at least one file in vrps");
	refused("monitor: {}\n", "manrs.yml:1:1: monitor: needs the bmp section (its routes are "
	                         "the monitor's input)");
	refused("log:\n  target: file\nhttp: {}\n",
	        "manrs.yml:2:11: log target: 'file' is not stderr, syslog or journald");
	refused("bmp:\n  listen: [a, [b]]\n", "manrs.yml:2:15: bmp listen: expected a string");
	refused("http: {}\nhttp: {}\n", "manrs.yml:2:1: the configuration: duplicate key 'http'");
	refused("sources:\n  - name: a\n    url: http://u\n    path: p\n    kind: irr\n"
	        "  - name: a\n    url: http://u\n    path: q\n    kind: irr\nhttp: {}\n",
	        "manrs.yml:6:5: source a: defined twice (line 2)");
	refused("bmp: {}\nmonitor:\n  detectors: [hijack, nope]\n",
	        "manrs.yml:3:14: monitor detectors: unknown 'nope'");
	refused("log: {}\n",
	        "manrs.yml:1:1: no service configured (rtr, whois, bmp, monitor or http)");
	refused("", "manrs.yml: empty configuration: no service configured");
	refused("http: {}\nchroot: /srv\n", "manrs.yml:1:1: chroot needs user");
}

/* The collector's Kafka feed: settings, defaults, and its errors. */
static void test_kafka(void **state)
{
	(void)state;
	struct err e;
	struct daemon_config *c = parse("bmp: {}\nkafka:\n  brokers: k1:9092,k2:9092\n"
	                                "  name: fra\n  view: post-policy\n"
	                                "  options: [compression.type=zstd, acks=all]\n",
	                                &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_true(c->kafka.enabled);
	assert_string_equal(c->kafka.brokers, "k1:9092,k2:9092");
	assert_string_equal(c->kafka.name, "fra");
	assert_null(c->kafka.topic_prefix);
	assert_int_equal(c->kafka.view, BMP_VIEW_ADJ_IN_POST);
	assert_int_equal(c->kafka.noptions, 2);
	assert_string_equal(c->kafka.options[1], "acks=all");
	daemon_config_free(c);
	refused("kafka:\n  brokers: k1:9092\nhttp: {}\n",
	        "manrs.yml:1:1: kafka: needs the bmp section (the collector publishes)");
	refused("bmp: {}\nkafka:\n  name: x\n",
	        "manrs.yml:3:3: kafka: give the cluster in brokers (host:port,...)");
	refused("bmp: {}\nkafka:\n  brokers: k\n  options: [zstd]\n",
	        "manrs.yml:4:12: kafka options: 'zstd' is not key=value");
	refused("bmp: {}\nkafka:\n  brokers: k\n  view: rib\n",
	        "manrs.yml:4:9: kafka view: unknown 'rib' (pre-policy, post-policy, "
	        "adj-rib-out-pre, adj-rib-out-post, loc-rib)");
}

static void test_syntax_error_has_position(void **state)
{
	(void)state;
	struct err e = {0};
	assert_null(parse("rtr:\n  vrps: [a\n", &e));
	assert_non_null(strstr(e.msg, "manrs.yml:3:1: "));
}

static void test_listen_equal(void **state)
{
	(void)state;
	struct daemon_listen a = {{"x:1", "y:2"}, 2}, b = {{"x:1", "y:2"}, 2},
	                     c = {{"y:2", "x:1"}, 2};
	assert_true(daemon_listen_equal(&a, &b));
	assert_false(daemon_listen_equal(&a, &c));
	b.n = 1;
	assert_false(daemon_listen_equal(&a, &b));
}

static void test_query(void **state)
{
	(void)state;
	char v[16];
	assert_int_equal(api_query_get("asn=AS1&prefix=10.0.0.0%2F8", "prefix", v, sizeof v), 1);
	assert_string_equal(v, "10.0.0.0/8");
	assert_int_equal(api_query_get("asn=AS1&prefix=x", "as", v, sizeof v), 0);
	assert_int_equal(api_query_get("type=a+b&x", "type", v, sizeof v), 1);
	assert_string_equal(v, "a b");
	assert_int_equal(api_query_get("x&y=1", "x", v, sizeof v), 1);
	assert_string_equal(v, "");
	assert_int_equal(api_query_get("a=%4", "a", v, sizeof v), -1);
	assert_int_equal(api_query_get("a=%00", "a", v, sizeof v), -1);
	assert_int_equal(api_query_get("a=0123456789abcdefXYZ", "a", v, sizeof v), -1);
	assert_int_equal(api_query_get("", "a", v, sizeof v), 0);
}

static void test_request_query(void **state)
{
	(void)state;
	struct http_request r;
	const char *s = "GET /api/v1/alerts?state=open&limit=5 HTTP/1.1\r\n\r\n";
	assert_int_equal(http_request_parse(s, strlen(s), &r), 0);
	assert_string_equal(r.path, "/api/v1/alerts");
	assert_string_equal(r.query, "state=open&limit=5");
	const char *t = "GET /x HTTP/1.1\r\n\r\n";
	assert_int_equal(http_request_parse(t, strlen(t), &r), 0);
	assert_string_equal(r.query, "");
	char big[400];
	snprintf(big, sizeof big, "GET /x?%0300d HTTP/1.1\r\n\r\n", 0);
	assert_int_equal(http_request_parse(big, strlen(big), &r), 414);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_syntax_error_has_position),
	    cmocka_unit_test(test_listen_equal),
	    cmocka_unit_test(test_query),
	    cmocka_unit_test(test_request_query),
	    cmocka_unit_test(test_kafka),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
