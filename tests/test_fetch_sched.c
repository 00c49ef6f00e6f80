/* SPDX-License-Identifier: ISC */
/* test_fetch_sched.c - lib/fetch's scheduler (which source is due, back-off
 * after failures), staleness, the state file round trip, durations, the
 * checksum document reader and the Prometheus text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fetch/fetch.h"
#include "fetch/fetch_config.h"
#include "fetch/fetch_internal.h"

static struct fetch_source *source(const char *name, const char *out, long interval)
{
	struct fetch_conf c;
	struct err e;

	fetch_conf_defaults(&c);
	c.name = (char *)name;
	c.url = (char *)"http://127.0.0.1:1/x";
	c.out = (char *)out;
	c.interval = interval;
	c.retry = 10;
	struct fetch_source *s = fetch_source_new(&c, &e);
	assert_non_null(s);
	return s;
}

static void test_due_and_backoff(void **state)
{
	(void)state;
	struct fetch_source *a = source("a", "/nonexistent/a", 100);
	struct fetch_source *b = source("b", "/nonexistent/b", 1000);
	struct fetch_source *v[] = {a, b};

	/* never tried: both due now, the first listed first */
	assert_int_equal(fetch_due(v, 2, 5000), 0);
	a->st.last_attempt = 5000;
	assert_int_equal(fetch_due(v, 2, 5000), 1);
	b->st.last_attempt = 4500;
	assert_int_equal(fetch_due(v, 2, 5000), -1);
	assert_int_equal(fetch_next_wakeup(v, 2), 5100);
	assert_int_equal(fetch_due(v, 2, 5100), 0);
	/* failures: retry 10, 20, 40, 80, then capped at the interval */
	a->st.failures = 1;
	assert_int_equal(fetch_next_due(a), 5010);
	a->st.failures = 3;
	assert_int_equal(fetch_next_due(a), 5040);
	a->st.failures = 9;
	assert_int_equal(fetch_next_due(a), 5100);
	a->st.failures = 4000000000u;
	assert_int_equal(fetch_next_due(a), 5100);
	/* the most overdue wins */
	b->st.last_attempt = 3000; /* due at 4000 */
	assert_int_equal(fetch_due(v, 2, 6000), 1);
	assert_int_equal(fetch_next_wakeup(v, 0), INT64_MAX);
	fetch_source_free(a);
	fetch_source_free(b);
}

static void test_staleness(void **state)
{
	(void)state;
	struct fetch_source *s = source("s", "/nonexistent/s", 100);

	assert_int_equal(fetch_source_age(s, 1000), -1);
	assert_false(fetch_source_stale(s, 1000)); /* no max-age: no alarm */
	s->conf.max_age = 60;
	assert_true(fetch_source_stale(s, 1000)); /* never had content */
	s->st.last_change = 950;
	assert_int_equal(fetch_source_age(s, 1000), 50);
	assert_false(fetch_source_stale(s, 1000));
	assert_false(fetch_source_stale(s, 1010));
	assert_true(fetch_source_stale(s, 1011));
	fetch_source_free(s);
}

static void test_state_round_trip(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_fetch_state.XXXXXX", path[256];
	struct fetch_state a, b;
	struct err e;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.fetch.json", dir);
	assert_int_equal(fetch_state_load(&a, path, &e), 0); /* missing: empty */
	assert_null(a.etag);
	a.url = strdup("http://h/x");
	a.etag = strdup("\"abc\"");
	a.last_error = strdup("bad \xff byte\n");
	a.size = 123456789012ull;
	a.objects = 42;
	a.last_change = 1700000000;
	a.failures = 3;
	assert_int_equal(fetch_state_save(&a, path, &e), 0);
	assert_int_equal(fetch_state_load(&b, path, &e), 0);
	assert_string_equal(b.etag, "\"abc\"");
	assert_string_equal(b.last_error, "bad ? byte?");
	assert_null(b.last_modified);
	assert_true(b.size == 123456789012ull);
	assert_int_equal(b.objects, 42);
	assert_int_equal(b.last_change, 1700000000);
	assert_int_equal(b.failures, 3);
	fetch_state_clear(&a);
	fetch_state_clear(&b);
	/* garbage is an error naming the file */
	FILE *f = fopen(path, "w");
	fputs("{\"etag\": ", f);
	fclose(f);
	assert_int_equal(fetch_state_load(&b, path, &e), -1);
	assert_non_null(strstr(e.msg, "x.fetch.json"));
	unlink(path);
	rmdir(dir);
}

static void test_durations(void **state)
{
	(void)state;
	assert_int_equal(fetch_parse_duration("90"), 90);
	assert_int_equal(fetch_parse_duration("90s"), 90);
	assert_int_equal(fetch_parse_duration("10m"), 600);
	assert_int_equal(fetch_parse_duration("2h"), 7200);
	assert_int_equal(fetch_parse_duration("1d"), 86400);
	assert_int_equal(fetch_parse_duration("-1"), -1);
	assert_int_equal(fetch_parse_duration("1x"), -1);
	assert_int_equal(fetch_parse_duration("1hh"), -1);
	assert_int_equal(fetch_parse_duration(""), -1);
	assert_int_equal(fetch_parse_duration("99999999999999999999d"), -1);
}

static void test_checksum_documents(void **state)
{
	(void)state;
	const char *h1 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	const char *h2 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	char doc[512], hex[65];

	snprintf(doc, sizeof doc, "%s  other.json\n%s *vrps.json\r\n", h1, h2);
	assert_int_equal(fetch_sha256_find(doc, "vrps.json", hex), 0);
	assert_string_equal(hex,
	                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_int_equal(fetch_sha256_find(doc, "other.json", hex), 0);
	assert_string_equal(hex, h1);
	assert_int_equal(fetch_sha256_find(doc, "missing.json", hex), -1);
	assert_int_equal(fetch_sha256_find(doc, "json", hex), -1); /* whole names only */
	snprintf(doc, sizeof doc, "%s  ./dir/vrps.json\n", h1);
	assert_int_equal(fetch_sha256_find(doc, "vrps.json", hex), 0);
	snprintf(doc, sizeof doc, "SHA256 (vrps.json) = %s\n", h1);
	assert_int_equal(fetch_sha256_find(doc, "vrps.json", hex), 0);
	assert_string_equal(hex, h1);
	snprintf(doc, sizeof doc, "%s\n", h1); /* a lone checksum: about the one file */
	assert_int_equal(fetch_sha256_find(doc, "anything", hex), 0);
	snprintf(doc, sizeof doc, "%s\n%s\n", h1, h1); /* two lone ones: ambiguous */
	assert_int_equal(fetch_sha256_find(doc, "anything", hex), -1);
	assert_int_equal(fetch_sha256_find("e3b0c4  short\n", "short", hex), -1);
	assert_int_equal(fetch_sha256_find("", "x", hex), -1);
}

static void test_sha256_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_fetch_sha.XXXXXX", hex[65];
	struct err e;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	assert_int_equal(fetch_sha256_file(path, hex, &e), 0);
	assert_string_equal(hex,
	                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(path);
	assert_int_equal(fetch_sha256_file(path, hex, &e), -1);
	assert_non_null(strstr(e.msg, path));
}

static void test_metrics_text(void **state)
{
	(void)state;
	struct fetch_source *s = source("vrps", "/nonexistent/v", 100);
	struct fetch_source *v[] = {s};
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	s->conf.max_age = 10;
	s->st.last_change = 100;
	s->st.objects = 7;
	s->n.not_modified = 2;
	assert_int_equal(fetch_metrics_write(v, 1, 200, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "# TYPE manrs_fetch_age_seconds gauge\n"
	                            "manrs_fetch_age_seconds{source=\"vrps\"} 100\n"));
	assert_non_null(strstr(buf, "manrs_fetch_stale{source=\"vrps\"} 1\n"));
	assert_non_null(strstr(buf, "manrs_fetch_objects{source=\"vrps\"} 7\n"));
	assert_non_null(
	    strstr(buf, "manrs_fetch_runs_total{source=\"vrps\",result=\"not-modified\"} 2\n"));
	free(buf);
	fetch_source_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_due_and_backoff),    cmocka_unit_test(test_staleness),
	    cmocka_unit_test(test_state_round_trip),   cmocka_unit_test(test_durations),
	    cmocka_unit_test(test_checksum_documents), cmocka_unit_test(test_sha256_file),
	    cmocka_unit_test(test_metrics_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
