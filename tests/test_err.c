/* SPDX-License-Identifier: ISC */
/* test_err.c - error messages carry their location in the documented form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"

static void test_forms(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(err_set(&e, "bad %s", "thing"), -1);
	assert_string_equal(e.msg, "bad thing");
	assert_string_equal(e.file, "");
	assert_int_equal(e.line, 0);
	assert_false(e.has_offset);

	assert_int_equal(err_at_line(&e, "list.txt", 17, "invalid prefix '%s'", "x"), -1);
	assert_string_equal(e.msg, "list.txt:17: invalid prefix 'x'");
	assert_string_equal(e.file, "list.txt");
	assert_int_equal(e.line, 17);

	assert_int_equal(err_at_offset(&e, "rib.mrt", 1234, "record length %d overruns", 99999),
	                 -1);
	assert_string_equal(e.msg, "rib.mrt: offset 1234: record length 99999 overruns");
	assert_true(e.has_offset);
	assert_int_equal(e.offset, 1234);
	/* Offset 0 is a real position, not "no offset". */
	err_at_offset(&e, "rib.mrt", 0, "empty");
	assert_string_equal(e.msg, "rib.mrt: offset 0: empty");

	err_clear(&e);
	assert_string_equal(e.msg, "");
	err_clear(NULL);
	/* A NULL err is allowed everywhere and still reports failure. */
	assert_int_equal(err_set(NULL, "x"), -1);
	assert_int_equal(err_at_line(NULL, "f", 1, "x"), -1);
	assert_int_equal(err_at_offset(NULL, "f", 1, "x"), -1);
}

static void test_truncation(void **state)
{
	(void)state;
	struct err e;
	char big[2000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	err_at_line(&e, big, 5, "%s", big);
	assert_true(strlen(e.msg) < sizeof e.msg);
	assert_true(strlen(e.file) < sizeof e.file);
	err_set(&e, "%s", big);
	assert_int_equal(strlen(e.msg) < sizeof e.msg, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
