/* SPDX-License-Identifier: ISC */
/* test_rtr_metrics.c - /metrics is valid Prometheus text and /status valid
 * JSON carrying the server state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <event2/buffer.h>
#include <jansson.h>

#include "rtr_metrics.h"

static struct rtr_server_info sample(void)
{
	struct rtr_server_info i;
	memset(&i, 0, sizeof i);
	i.session_id = 4242;
	i.have_data = 1;
	i.serial = 17;
	i.vrps4 = 580366;
	i.vrps6 = 143155;
	i.aspas = 100;
	i.clients = 3;
	i.clients_by_version[0] = 1;
	i.clients_by_version[1] = 2;
	i.last_reload_ok = 0;
	snprintf(i.last_error, sizeof i.last_error, "a.json:3: expected \"roas\"\n");
	i.pdus_sent = 1234567;
	i.rejected_entries = 12;
	i.reloads_refused = 2;
	i.accept_failures = 5;
	i.max_clients = 960;
	return i;
}

static char *drain(struct evbuffer *b)
{
	size_t n = evbuffer_get_length(b);
	char *s = malloc(n + 1);
	assert_non_null(s);
	evbuffer_remove(b, s, n);
	s[n] = 0;
	return s;
}

static void test_prometheus(void **state)
{
	(void)state;
	struct rtr_server_info i = sample();
	struct evbuffer *b = evbuffer_new();
	rtr_metrics_prometheus(&i, b);
	char *s = drain(b);
	assert_non_null(strstr(s, "manrs_rtr_vrps{family=\"ipv4\"} 580366\n"));
	assert_non_null(strstr(s, "manrs_rtr_vrps{family=\"ipv6\"} 143155\n"));
	assert_non_null(strstr(s, "manrs_rtr_clients_by_version{version=\"1\"} 2\n"));
	assert_non_null(strstr(s, "manrs_rtr_serial 17\n"));
	assert_non_null(strstr(s, "manrs_rtr_pdus_sent_total 1234567\n"));
	assert_non_null(strstr(s, "manrs_rtr_last_reload_success 0\n"));
	assert_non_null(strstr(s, "manrs_rtr_rejected_entries 12\n"));
	assert_non_null(strstr(s, "manrs_rtr_reloads_refused_total 2\n"));
	assert_non_null(strstr(s, "manrs_rtr_accept_failures_total 5\n"));
	assert_non_null(strstr(s, "manrs_rtr_max_clients 960\n"));
	/* every sample line is "name[{labels}] value" after its HELP/TYPE */
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		char *sp = strrchr(line, ' ');
		assert_non_null(sp);
		char *end;
		strtod(sp + 1, &end);
		assert_true(*end == 0);
	}
	free(s);
	evbuffer_free(b);
}

static void test_status_json(void **state)
{
	(void)state;
	struct rtr_server_info i = sample();
	struct evbuffer *b = evbuffer_new();
	rtr_metrics_status_json(&i, b);
	char *s = drain(b);
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "serial")), 17);
	json_t *v = json_object_get(j, "vrps");
	assert_int_equal(json_integer_value(json_object_get(v, "ipv6")), 143155);
	json_t *r = json_object_get(j, "reload");
	assert_true(json_is_false(json_object_get(r, "ok")));
	assert_int_equal(json_integer_value(json_object_get(r, "refused")), 2);
	assert_int_equal(json_integer_value(json_object_get(r, "rejected_entries")), 12);
	assert_int_equal(json_integer_value(json_object_get(j, "accept_failures")), 5);
	assert_int_equal(json_integer_value(json_object_get(j, "max_clients")), 960);
	assert_string_equal(json_string_value(json_object_get(r, "error")),
	                    "a.json:3: expected \"roas\"\n");
	json_decref(j);
	free(s);
	evbuffer_free(b);
}

/* The layout scripts and dashboards read, byte for byte. */
static void test_status_json_bytes(void **state)
{
	(void)state;
	struct rtr_server_info i = sample();
	i.next_expiry = -5;
	i.last_reload_seconds = 1.23456;
	snprintf(i.last_error, sizeof i.last_error, "q\"\\\x01");
	struct evbuffer *b = evbuffer_new();
	assert_int_equal(rtr_metrics_status_json(&i, b), 0);
	char *s = drain(b);
	assert_string_equal(
	    s, "{\"session_id\":4242,\"serial\":17,\"data_loaded\":true,\"stale\":false,"
	       "\"vrps\":{\"ipv4\":580366,\"ipv6\":143155},\"aspas\":100,"
	       "\"expired\":{\"vrps\":0,\"aspas\":0,\"next\":-5},\"data_time\":0,\"history\":0,"
	       "\"clients\":{\"total\":3,\"v0\":1,\"v1\":2,\"v2\":0,\"none\":0},"
	       "\"reload\":{\"last\":0,\"last_change\":0,\"ok\":false,\"seconds\":1.235,"
	       "\"succeeded\":0,\"failed\":0,\"refused\":2,\"rejected_entries\":12,"
	       "\"error\":\"q\\\"\\\\\\u0001\"},\"connections\":0,\"rejected\":0,"
	       "\"pdus_sent\":1234567,\"pdus_received\":0,\"error_reports_sent\":0,"
	       "\"accept_failures\":5,\"max_clients\":960,\"started\":0}\n");
	free(s);
	evbuffer_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prometheus),
	    cmocka_unit_test(test_status_json),
	    cmocka_unit_test(test_status_json_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
