/* SPDX-License-Identifier: ISC */
/* test_monitor_data.c - the detectors' data loaded in one place: what is
 * loaded shows in the context, notes reach the caller, and a file that
 * cannot be read fails naming it with what was loaded still freeable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/monitor_data.h"

static int notes, warnings;
static char last[1024];

static void note(void *arg, bool warning, const char *text)
{
	(void)arg;
	notes++;
	warnings += warning;
	snprintf(last, sizeof last, "%s", text);
}

static void test_global_and_files(void **state)
{
	(void)state;
	const char *vrps = "tests/data/lab20/vrps.json", *irr = "tests/data/lab20/irr.db";
	if (access(vrps, R_OK) || access(irr, R_OK))
		skip();
	struct monitor_data d;
	struct err e;
	struct monitor_data_opts o = {
	    .vrps = vrps, .irr = &irr, .nirr = 1, .bogons = true, .note = note};
	notes = warnings = 0;
	if (monitor_data_load(&d, &o, &e) < 0)
		fail_msg("%s", e.msg);
	struct detect_ctx c = monitor_data_ctx(&d);
	assert_ptr_equal(c.cfg, d.cfg);
	assert_int_equal(d.cfg->nprefixes, 0); /* global mode */
	assert_ptr_equal(c.rov, &d.rov);
	assert_ptr_equal(c.rpki, &d.vrps);
	assert_non_null(c.bogons);
	assert_non_null(c.irr);
	assert_null(c.asrel);
	assert_null(c.state);
	assert_true(d.vrps.nvrps > 0);
	assert_int_equal(warnings, 0);
	monitor_data_free(&d);
	monitor_data_free(&d); /* zeroed: harmless */
}

static void test_config_notes_and_failure(void **state)
{
	(void)state;
	char cfg[] = "/tmp/test_monitor_data.XXXXXX";
	int fd = mkstemp(cfg);
	assert_true(fd >= 0);
	static const char text[] = "notificationIntervalSeconds: 30\nconnectors: []\n";
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	struct monitor_data d;
	struct err e;
	struct monitor_data_opts o = {.config = cfg, .note = note};
	notes = warnings = 0;
	if (monitor_data_load(&d, &o, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(d.cfg->notification_interval_seconds, 30);
	assert_true(notes >= 1); /* connectors: read, not used */
	assert_non_null(strstr(last, "note: "));
	monitor_data_free(&d);

	o = (struct monitor_data_opts){
	    .config = cfg, .vrps = "/nonexistent/vrps.json", .bogons = true, .note = note};
	assert_int_equal(monitor_data_load(&d, &o, &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/vrps.json"));
	assert_non_null(d.cfg); /* loaded before the failure, freed below */
	monitor_data_free(&d);
	unlink(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_global_and_files),
	    cmocka_unit_test(test_config_notes_and_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
