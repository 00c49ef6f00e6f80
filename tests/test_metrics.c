/* SPDX-License-Identifier: ISC */
/* test_metrics.c - serve/metrics: the registry writes HELP, TYPE and the
 * samples of every group in registration order, reads one snapshot per
 * group, refuses a name twice, forgets a removed service; the RTR server's
 * ASPA-skipped count and the whois server's counters are registered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "metrics.h"
#include "rtr_metrics.h"
#include "whois_server.h"

struct toy {
	int snapshots;
	double value;
};

static void toy_snapshot(void *ctx, void *snap)
{
	struct toy *t = ctx;
	t->snapshots++;
	*(double *)snap = t->value;
}

static double toy_value(const void *snap)
{
	return *(const double *)snap;
}

static void toy_labelled(const void *snap, struct metrics_writer *w)
{
	metrics_sample(w, "kind=\"a\"", *(const double *)snap);
	metrics_sample(w, "kind=\"b\"", 2);
}

static const struct metric_def toy_defs[] = {
    {"toy_value", "A value.", METRIC_GAUGE, toy_value, NULL},
    {"toy_total", "Labelled.", METRIC_COUNTER, NULL, toy_labelled},
};

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

static void test_registry(void **state)
{
	(void)state;
	struct metrics *m = metrics_new();
	assert_non_null(m);
	struct toy t = {0, 42};
	assert_int_equal(metrics_add_group(m, toy_defs, 2, sizeof(double), toy_snapshot, &t), 0);
	/* a name taken by another service is refused */
	struct toy t2 = {0, 1};
	assert_int_equal(metrics_add_group(m, toy_defs, 1, sizeof(double), toy_snapshot, &t2), -1);
	char *s = text_of(m);
	assert_string_equal(s, "# HELP toy_value A value.\n# TYPE toy_value gauge\ntoy_value 42\n"
	                       "# HELP toy_total Labelled.\n# TYPE toy_total counter\n"
	                       "toy_total{kind=\"a\"} 42\ntoy_total{kind=\"b\"} 2\n");
	free(s);
	assert_int_equal(t.snapshots, 1); /* one snapshot for the whole group */
	metrics_remove(m, &t);
	s = text_of(m);
	assert_string_equal(s, "");
	free(s);
	metrics_free(m);
}

static void test_rtr_aspa_skipped(void **state)
{
	(void)state;
	struct rtr_server_info info;
	memset(&info, 0, sizeof info);
	info.aspa_skipped = 3;
	struct evbuffer *b = evbuffer_new();
	rtr_metrics_prometheus(&info, b);
	size_t n = evbuffer_get_length(b);
	char *s = calloc(1, n + 1);
	evbuffer_remove(b, s, n);
	assert_non_null(strstr(s, "# TYPE manrs_rtr_aspa_skipped_total counter\n"
	                          "manrs_rtr_aspa_skipped_total 3\n"));
	/* the existing names keep their place and format */
	assert_non_null(strstr(s, "manrs_rtr_vrps{family=\"ipv4\"} 0\n"));
	free(s);
	evbuffer_free(b);
}

static void test_whois_registered(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	struct whois_server_opts o = {.max_clients = 4};
	struct whois_server *w = whois_server_new(base, &o);
	assert_non_null(w);
	struct metrics *m = metrics_new();
	assert_int_equal(whois_server_register_metrics(w, m), 0);
	char *s = text_of(m);
	assert_non_null(strstr(s, "# TYPE manrs_whois_clients gauge\nmanrs_whois_clients 0\n"));
	assert_non_null(strstr(s, "manrs_whois_queries_total 0\n"));
	free(s);
	metrics_free(m);
	whois_server_free(w);
	event_base_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_registry),
	    cmocka_unit_test(test_rtr_aspa_skipped),
	    cmocka_unit_test(test_whois_registered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
