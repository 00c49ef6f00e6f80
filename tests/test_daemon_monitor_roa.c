/* SPDX-License-Identifier: ISC */
/* test_daemon_monitor_roa.c - the daemon's monitor runs BGPalerter's
 * rpki-diff (the roa channel) at a VRP reload: the monitor built on the
 * new VRPs raises a "roa" alert for each watched ROA the old VRPs had and
 * the new ones lack, and none for ROAs outside prefixes.yml's space or
 * when config.yml does not run monitorROAS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/log.h"
#include "daemon_monitor.h"

static char dir[64], prefixes[96], config[96], noroa[96], vrps_a[96], vrps_b[96];

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
	snprintf(dir, sizeof dir, "/tmp/test_daemon_monitor_roa.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(prefixes, sizeof prefixes, "%s/prefixes.yml", dir);
	snprintf(config, sizeof config, "%s/config.yml", dir);
	snprintf(noroa, sizeof noroa, "%s/noroa.yml", dir);
	snprintf(vrps_a, sizeof vrps_a, "%s/a.json", dir);
	snprintf(vrps_b, sizeof vrps_b, "%s/b.json", dir);
	write_file(prefixes, "192.0.2.0/24:\n  description: web\n  asn: 64496\n"
	                     "  ignoreMorespecifics: false\n");
	write_file(config, "monitors:\n"
	                   "  - file: monitorROAS\n"
	                   "    channel: roa\n"
	                   "    name: rpki-diff\n"
	                   "    params:\n"
	                   "      enableExpirationAlerts: false\n");
	write_file(noroa, "monitors:\n"
	                  "  - file: monitorHijack\n"
	                  "    channel: hijack\n"
	                  "    name: basic-hijack-detection\n");
	char text[1024];
	long exp = (long)time(NULL) + 30 * 86400;
	snprintf(
	    text, sizeof text,
	    "{\"roas\":[\n"
	    "{\"asn\":\"AS64496\",\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,\"ta\":\"ripe\","
	    "\"expires\":%ld},\n"
	    "{\"asn\":\"AS64496\",\"prefix\":\"192.0.2.128/25\",\"maxLength\":25,\"ta\":\"ripe\","
	    "\"expires\":%ld},\n"
	    "{\"asn\":\"AS64497\",\"prefix\":\"198.51.100.0/24\",\"maxLength\":24,\"ta\":"
	    "\"arin\",\"expires\":%ld}]}\n",
	    exp, exp, exp);
	write_file(vrps_a, text);
	snprintf(
	    text, sizeof text,
	    "{\"roas\":[\n"
	    "{\"asn\":\"AS64496\",\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,\"ta\":\"ripe\","
	    "\"expires\":%ld}]}\n",
	    exp);
	write_file(vrps_b, text);
	log_init("test", LOG_LEVEL_ERR, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	const char *files[] = {prefixes, config, noroa, vrps_a, vrps_b};
	for (size_t i = 0; i < 5; i++)
		unlink(files[i]);
	rmdir(dir);
	return 0;
}

static struct daemon_monitor *make(struct daemon_monitor_config *c, const char *cfg_yml,
                                   const char *vrps)
{
	*c = (struct daemon_monitor_config){
	    .enabled = true, .prefixes = prefixes, .config = cfg_yml, .vrps = vrps, .grace = 300};
	struct err e;
	struct daemon_monitor *m = daemon_monitor_new(c, &e);
	if (!m)
		fail_msg("%s", e.msg);
	return m;
}

static int collect(void *arg, const char *json)
{
	char *keys = arg;
	const char *k = strstr(json, "\"key\":\"");
	assert_non_null(k);
	k += 7;
	size_t n = strcspn(k, "\"");
	size_t len = strlen(keys);
	snprintf(keys + len, 512 - len, "%.*s;", (int)n, k);
	return 0;
}

/* The "roa" alerts the monitor stored, as "key;key;". */
static void roa_keys(struct daemon_monitor *m, char *keys)
{
	keys[0] = 0;
	struct alert_query q = {.type = "roa", .state = "open"};
	struct err e;
	assert_true(alert_store_query(daemon_monitor_store(m), &q, collect, keys, &e) >= 0);
}

static void test_roa_gone_at_reload(void **state)
{
	(void)state;
	struct daemon_monitor_config ca, cb;
	struct daemon_monitor *old = make(&ca, config, vrps_a);
	struct daemon_monitor *m = make(&cb, config, vrps_b);
	struct err e;
	assert_int_equal(daemon_monitor_roa_reload(m, old, &e), 0);
	char keys[512];
	roa_keys(m, keys);
	/* 192.0.2.128/25 is gone and watched; 198.51.100.0/24 is not watched */
	assert_string_equal(keys, "roa|192.0.2.128/25|64496;");
	daemon_monitor_free(m);
	daemon_monitor_free(old);
}

static void test_no_roa_monitor(void **state)
{
	(void)state;
	struct daemon_monitor_config ca, cb;
	struct daemon_monitor *old = make(&ca, noroa, vrps_a);
	struct daemon_monitor *m = make(&cb, noroa, vrps_b);
	struct err e;
	assert_int_equal(daemon_monitor_roa_reload(m, old, &e), 0);
	char keys[512];
	roa_keys(m, keys);
	assert_string_equal(keys, "");
	daemon_monitor_free(m);
	daemon_monitor_free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roa_gone_at_reload),
	    cmocka_unit_test(test_no_roa_monitor),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
