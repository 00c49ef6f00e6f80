/* SPDX-License-Identifier: ISC */
/* test_as_rel.c - the CAIDA as-rel loader: both serial formats, comments,
 * errors with file and line, lookups both ways, and the real 2016 file
 * from shared data when it is there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/as_rel.h"

static long load_str(struct as_rel *r, const char *s, struct err *e)
{
	return as_rel_load_buffer(r, s, strlen(s), "t.txt", e);
}

static void test_serial1(void **state)
{
	(void)state;
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	assert_non_null(r);
	assert_int_equal(load_str(r, "# comment\n\n1|2|-1\n2|3|0\r\n4294967295|5|-1\n", &e), 3);
	assert_int_equal(as_rel_count(r), 3);
	assert_int_equal(as_rel_get(r, 1, 2), AS_REL_P2C);
	assert_int_equal(as_rel_get(r, 2, 1), AS_REL_C2P);
	assert_int_equal(as_rel_get(r, 2, 3), AS_REL_P2P);
	assert_int_equal(as_rel_get(r, 3, 2), AS_REL_P2P);
	assert_int_equal(as_rel_get(r, 4294967295u, 5), AS_REL_P2C);
	assert_int_equal(as_rel_get(r, 5, 4294967295u), AS_REL_C2P);
	assert_int_equal(as_rel_get(r, 1, 3), AS_REL_NONE);
	assert_string_equal(as_rel_kind_name(AS_REL_C2P), "customer-provider");
	as_rel_free(r);
}

static void test_serial2_and_relist(void **state)
{
	(void)state;
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	assert_int_equal(load_str(r, "10|20|-1|bgp\n20|30|0|mlp\n20|10|-1|bgp\n", &e), 3);
	/* The pair listed again: the last relation wins, the count stays. */
	assert_int_equal(as_rel_count(r), 2);
	assert_int_equal(as_rel_get(r, 20, 10), AS_REL_P2C);
	assert_int_equal(as_rel_get(r, 30, 20), AS_REL_P2P);
	as_rel_free(r);
}

/* The inference date: the newest "source:topology" line, 00:00 UTC. */
static void test_date(void **state)
{
	(void)state;
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	assert_int_equal(load_str(r, "1|2|-1\n", &e), 1);
	assert_int_equal(as_rel_date(r), 0); /* no file said */
	assert_int_equal(load_str(r,
	                          "# input clique: 174 209\n"
	                          "# source:topology|BGP|20161102|ripe|rrc00\n"
	                          "# source:topology|BGP|20161105|routeviews|route-views2\n"
	                          "# source:topology|BGP|20161101|ripe|rrc01\n"
	                          "# source:topology|BGP|2016110|ripe|short\n"
	                          "# source:topology|BGP|20161399|ripe|bad-month\n",
	                          &e),
	                 0);
	assert_int_equal(as_rel_date(r), 1478304000); /* 2016-11-05T00:00:00Z */
	as_rel_free(r);
	r = as_rel_new(&e);
	assert_int_equal(load_str(r, "# source:topology|BGP|20000229|x\n", &e), 0);
	assert_int_equal(as_rel_date(r), 951782400); /* a leap day */
	as_rel_free(r);
}

static void expect_error(const char *text, const char *want)
{
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	assert_int_equal(load_str(r, text, &e), -1);
	if (!strstr(e.msg, want))
		fail_msg("error \"%s\" lacks \"%s\"", e.msg, want);
	as_rel_free(r);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("1|2|-1\n1|2|1\n", "t.txt:2:");
	expect_error("1|2|-1\n1|2|1\n", "relation must be -1 or 0");
	expect_error("x|2|0\n", "t.txt:1:");
	expect_error("1|2\n", "t.txt:1:");
	expect_error("1|2|-1x\n", "junk");
	expect_error("7|7|0\n", "itself");
	expect_error("4294967296|1|0\n", "t.txt:1:");
	/* What came before the bad line stays loaded. */
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	assert_int_equal(load_str(r, "1|2|-1\nbad\n", &e), -1);
	assert_int_equal(as_rel_get(r, 1, 2), AS_REL_P2C);
	as_rel_free(r);
}

static void test_file_error_names_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_as_rel_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "# x\n1|2|-1\n3|4|2\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	assert_int_equal(as_rel_load(r, path, &e), -1);
	char want[64];
	snprintf(want, sizeof want, "%s:3:", path);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(as_rel_get(r, 2, 1), AS_REL_C2P);
	unlink(path);
	as_rel_free(r);
}

static void test_many(void **state)
{
	(void)state;
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	for (uint32_t i = 1; i <= 50000; i++)
		assert_int_equal(as_rel_add(r, i, i + 1, (i % 3) ? -1 : 0, &e), 0);
	assert_int_equal(as_rel_count(r), 50000);
	for (uint32_t i = 1; i <= 50000; i++)
		assert_int_equal(as_rel_get(r, i + 1, i), (i % 3) ? AS_REL_C2P : AS_REL_P2P);
	assert_int_equal(as_rel_get(r, 1, 3), AS_REL_NONE);
	as_rel_free(r);
}

#define CAIDA "/caida/as-rel-serial1-20161101/20161101.as-rel.txt.bz2"

static void test_real_caida(void **state)
{
	(void)state;
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	char path[512];
	snprintf(path, sizeof path, "%s/data" CAIDA, shared);
	if (access(path, R_OK) != 0)
		skip();
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	long n = as_rel_load(r, path, &e);
	if (n < 0)
		fail_msg("%s", e.msg);
	assert_true(n > 200000);
	/* Lines of that file: "1299|3356|0" and "174|3356|0" (clique peers). */
	assert_int_equal(as_rel_get(r, 3356, 1299), AS_REL_P2P);
	assert_int_equal(as_rel_get(r, 174, 3356), AS_REL_P2P);
	assert_int_equal(as_rel_date(r), 1478304000); /* its newest source: 2016-11-05 */
	as_rel_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_serial1),
	    cmocka_unit_test(test_serial2_and_relist),
	    cmocka_unit_test(test_date),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_file_error_names_file),
	    cmocka_unit_test(test_many),
	    cmocka_unit_test(test_real_caida),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
