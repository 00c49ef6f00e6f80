/* SPDX-License-Identifier: ISC */
/* test_monitor_metrics.c - serve/monitor_metrics: the dispatcher's alerts
 * by type and state, deliveries per sink and result, pending deliveries,
 * sink health and the memory queue, in Prometheus text with escaped
 * labels; the pipeline's events and route state, read through the
 * holder's pointer so a replaced pipeline is the one shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <event2/buffer.h>

#include "detect/monitor_config.h"
#include "monitor_metrics.h"

static int fail_deliver(void *self, const struct alert *a, struct err *e)
{
	return err_set(e, "down");
}

static int ok_deliver(void *self, const struct alert *a, struct err *e)
{
	return 0;
}

static const struct alert_sink_ops down_ops = {.kind = "down", .deliver = fail_deliver};
static const struct alert_sink_ops ok_ops = {.kind = "ok", .deliver = ok_deliver};

static char *text_of(struct metrics *m)
{
	struct evbuffer *b = evbuffer_new();
	assert_int_equal(metrics_write(m, b), 0);
	size_t n = evbuffer_get_length(b);
	char *s = calloc(1, n + 1);
	evbuffer_remove(b, s, n);
	evbuffer_free(b);
	return s;
}

static void raise_alert(struct dispatch *d, const char *type, enum alert_state state, uint64_t id)
{
	struct alert a = {0};
	a.id = id;
	a.version = state == ALERT_OPEN ? 1 : 2;
	a.state = state;
	snprintf(a.type, sizeof a.type, "%s", type);
	snprintf(a.key, sizeof a.key, "%s|x|%llu", type, (unsigned long long)id);
	dispatch_alert(d, &a);
}

static void test_metrics(void **state)
{
	(void)state;
	struct err e;
	struct alert_sink *sinks[] = {alert_sink_new(&ok_ops, NULL, "a\"b", &e),
	                              alert_sink_new(&down_ops, NULL, "x", &e)};
	struct dispatch *d = dispatch_new(NULL, sinks, 2, NULL, 0, &e);
	assert_non_null(d);
	raise_alert(d, "hijack", ALERT_OPEN, 1);
	raise_alert(d, "hijack", ALERT_RESOLVED, 1);
	raise_alert(d, "leak", ALERT_OPEN, 2);
	struct metrics *m = metrics_new();
	assert_int_equal(monitor_metrics_register(m, d), 0);
	char *s = text_of(m);
	const char *want[] = {
	    "# TYPE manrs_monitor_alerts_total counter\n",
	    "manrs_monitor_alerts_total{type=\"hijack\",state=\"open\"} 1\n",
	    "manrs_monitor_alerts_total{type=\"hijack\",state=\"updated\"} 0\n",
	    "manrs_monitor_alerts_total{type=\"hijack\",state=\"resolved\"} 1\n",
	    "manrs_monitor_alerts_total{type=\"leak\",state=\"open\"} 1\n",
	    "manrs_monitor_deliveries_total{sink=\"ok:a\\\"b\",result=\"ok\"} 3\n",
	    "manrs_monitor_deliveries_total{sink=\"down:x\",result=\"failed\"} 1\n",
	    "manrs_monitor_deliveries_pending{sink=\"down:x\"} 3\n",
	    "manrs_monitor_deliveries_pending{sink=\"ok:a\\\"b\"} 0\n",
	    "manrs_monitor_deliveries_inflight{sink=\"down:x\"} 0\n",
	    "manrs_monitor_sink_up{sink=\"down:x\"} 0\n",
	    "manrs_monitor_sink_up{sink=\"ok:a\\\"b\"} 1\n",
	    "manrs_monitor_alerts_queued 3\n",
	    "manrs_monitor_alerts_dropped_total 0\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(s, want[i]))
			fail_msg("missing %s in:\n%s", want[i], s);
	free(s);
	metrics_free(m);
	dispatch_free(d);
}

static void feed(struct pipeline *p, enum route_event_type t, const char *pfx, uint32_t time)
{
	struct err e;
	uint32_t path[] = {64500, 64496};
	struct route_event ev = {.type = t,
	                         .time = time,
	                         .peer_as = 64500,
	                         .path = path,
	                         .path_len = 2,
	                         .origin = 64496};
	assert_int_equal(prefix_parse_host("192.0.2.1", &ev.peer_addr, &e), 0);
	if (pfx)
		assert_int_equal(prefix_parse(pfx, &ev.pfx, &e), 0);
	assert_int_equal(pipeline_feed(p, &ev, &e), 0);
}

static void test_pipeline_metrics(void **state)
{
	(void)state;
	struct err e;
	struct monitor_config *cfg = monitor_config_global(&e);
	assert_non_null(cfg);
	struct detect_ctx ctx = {.cfg = cfg};
	struct pipeline *p = NULL;
	struct metrics *m = metrics_new();
	assert_int_equal(monitor_metrics_register_pipeline(m, &p), 0);
	char *s = text_of(m); /* no pipeline yet: no events, nothing held */
	assert_non_null(strstr(s, "# TYPE manrs_monitor_events_total counter\n"));
	assert_null(strstr(s, "manrs_monitor_events_total{"));
	assert_non_null(strstr(s, "manrs_monitor_routes 0\n"));
	free(s);
	assert_non_null(p = pipeline_new(&ctx, NULL, NULL, NULL, &e));
	feed(p, ROUTE_EV_ANNOUNCE, "10.0.0.0/8", 100);
	feed(p, ROUTE_EV_ANNOUNCE, "10.1.0.0/16", 101);
	feed(p, ROUTE_EV_WITHDRAW, "10.1.0.0/16", 102);
	s = text_of(m);
	const char *want[] = {
	    "manrs_monitor_events_total{type=\"announce\"} 2\n",
	    "manrs_monitor_events_total{type=\"withdraw\"} 1\n",
	    "manrs_monitor_events_total{type=\"peer_down\"} 0\n",
	    "manrs_monitor_routes 1\n",
	    "manrs_monitor_peers 1\n",
	    "# TYPE manrs_monitor_route_state_bytes gauge\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(s, want[i]))
			fail_msg("missing %s in:\n%s", want[i], s);
	free(s);
	metrics_remove(m, &p);
	s = text_of(m);
	assert_null(strstr(s, "manrs_monitor_events_total"));
	free(s);
	metrics_free(m);
	pipeline_free(p);
	monitor_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_metrics),
	    cmocka_unit_test(test_pipeline_metrics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
