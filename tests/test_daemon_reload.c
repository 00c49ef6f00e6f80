/* SPDX-License-Identifier: ISC */
/* test_daemon_reload.c - the daemon in-process (no loop running): a start
 * from a config file, reloads that keep or replace services, a broken file
 * that changes nothing, and the status the API reads. Addresses use port 0
 * (any free port), so the test runs beside anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/log.h"
#include "daemon.h"
#include "daemon_whois.h"
#include "irr/irr_db.h"
#include "rtr_server.h"

static char dir[64], cfg[96], vrps[96], rpsl[96];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_daemon_reload.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(cfg, sizeof cfg, "%s/manrs.yml", dir);
	snprintf(vrps, sizeof vrps, "%s/vrps.json", dir);
	snprintf(rpsl, sizeof rpsl, "%s/irr.db", dir);
	write_file(vrps,
	           "{\"roas\":[{\"asn\":\"AS64500\",\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,"
	           "\"ta\":\"test\"},{\"asn\":\"AS64501\",\"prefix\":\"2001:db8::/32\","
	           "\"maxLength\":48,\"ta\":\"test\"}]}\n");
	write_file(rpsl, "route: 192.0.2.0/24\norigin: AS64500\nsource: TEST\n\n"
	                 "as-set: AS-TEST\nmembers: AS64500\nsource: TEST\n");
	log_init("test", LOG_LEVEL_ERR, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(cfg);
	unlink(vrps);
	unlink(rpsl);
	rmdir(dir);
	return 0;
}

/* The config: rtr always, whois when with_whois, the rtr refresh timer. */
static void config(int with_whois, unsigned refresh, const char *rtr_listen)
{
	char text[1024];
	int n = snprintf(text, sizeof text,
	                 "log: {level: error}\nlandlock: false\n"
	                 "rtr:\n  listen: \"%s\"\n  vrps: %s\n  refresh: %u\n"
	                 "http:\n  listen: 127.0.0.1:0\n",
	                 rtr_listen, vrps, refresh);
	if (with_whois)
		snprintf(text + n, sizeof text - (size_t)n,
		         "whois:\n  listen: 127.0.0.1:0\n  files: [%s]\n", rpsl);
	write_file(cfg, text);
}

static void test_start_reload(void **state)
{
	(void)state;
	struct err e;
	config(1, 3600, "127.0.0.1:0");
	struct daemon *d = daemon_start(cfg, &e);
	if (!d)
		fail_msg("%s", e.msg);
	struct rtr_server *rtr = daemon_rtr(d);
	assert_non_null(rtr);
	assert_non_null(daemon_whois(d));
	struct rtr_server_info info;
	rtr_server_info(rtr, &info);
	assert_int_equal(info.vrps4 + info.vrps6, 2);

	/* a broken file: nothing changes, the status says why */
	write_file(cfg, "rtr:\n  vrps: [\n");
	assert_int_equal(daemon_reload(d), -1);
	struct daemon_status st;
	daemon_get_status(d, &st);
	assert_int_equal(st.reloads_failed, 1);
	assert_false(st.last_reload_ok);
	assert_non_null(strstr(st.last_error, "manrs.yml:3:1: "));
	assert_ptr_equal(daemon_rtr(d), rtr);
	assert_non_null(daemon_whois(d));
	assert_int_equal(daemon_current_config(d)->rtr.timers.refresh, 3600);

	/* new timers, whois gone: the RTR server is the same one */
	config(0, 1800, "127.0.0.1:0");
	assert_int_equal(daemon_reload(d), 0);
	assert_ptr_equal(daemon_rtr(d), rtr);
	assert_null(daemon_whois(d));
	assert_int_equal(daemon_current_config(d)->rtr.timers.refresh, 1800);
	daemon_get_status(d, &st);
	assert_int_equal(st.reloads_ok, 1);
	assert_true(st.last_reload_ok);

	/* whois back, and another RTR address: that service restarts */
	config(1, 1800, "[::1]:0");
	assert_int_equal(daemon_reload(d), 0);
	assert_non_null(daemon_whois(d));
	assert_non_null(daemon_rtr(d));
	assert_string_equal(daemon_current_config(d)->rtr.listen[0], "[::1]:0");
	assert_int_equal(irr_db_route_count(daemon_whois_db(daemon_whois(d))), 1);
	daemon_free(d);
}

static void test_bad_start(void **state)
{
	(void)state;
	struct err e;
	write_file(cfg, "rtr:\n  vrps: /nonexistent/vrps.json\n");
	assert_null(daemon_start(cfg, &e));
	assert_non_null(strstr(e.msg, "/nonexistent/vrps.json"));
	write_file(cfg, "rtr:\n  vprs: x\n");
	assert_null(daemon_start(cfg, &e));
	assert_non_null(strstr(e.msg, "manrs.yml:2:3: rtr: unknown key 'vprs'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_start_reload),
	    cmocka_unit_test(test_bad_start),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
