/* SPDX-License-Identifier: ISC */
/* test_sav_plist.c - exact aggregation, coverage and space arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sav/sav_plist.h"

static void add(struct sav_plist *l, const char *s)
{
	struct prefix p;
	assert_int_equal(prefix_parse(s, &p, NULL), 0);
	assert_int_equal(sav_plist_add(l, &p), 0);
}

static void assert_list(const struct sav_plist *l, const char *want)
{
	char got[1024] = "", buf[PREFIX_STRLEN];
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, prefix_format(&l->v[i], buf, sizeof buf));
	}
	assert_string_equal(got, want);
}

static void test_aggregate_exact(void **state)
{
	struct sav_plist l = {0};
	add(&l, "10.0.1.0/24");
	add(&l, "10.0.0.0/24");
	add(&l, "10.0.2.0/24");
	add(&l, "10.0.2.128/25"); /* covered */
	add(&l, "10.0.3.0/24");
	add(&l, "10.0.5.0/24"); /* no sibling: stays */
	add(&l, "2001:db8::/33");
	add(&l, "2001:db8:8000::/33");
	add(&l, "10.0.0.0/24"); /* duplicate */
	sav_plist_aggregate(&l, false);
	assert_list(&l, "10.0.0.0/22 10.0.5.0/24 2001:db8::/32");
	struct prefix p;
	prefix_parse("10.0.2.0/23", &p, NULL);
	assert_true(sav_plist_covers(&l, &p));
	prefix_parse("10.0.4.0/23", &p, NULL);
	assert_false(sav_plist_covers(&l, &p));
	assert_true(sav_plist_space(&l, 4) == 1024 + 256);
	sav_plist_free(&l);
}

static void test_widen(void **state)
{
	struct sav_plist l = {0};
	add(&l, "192.0.2.0/26");
	add(&l, "192.0.2.192/27");
	add(&l, "2001:db8:1:2::/64");
	sav_plist_aggregate(&l, true);
	assert_list(&l, "192.0.2.0/24 2001:db8:1::/48");
	sav_plist_free(&l);
}

static void test_minus(void **state)
{
	struct sav_plist a = {0}, b = {0}, out = {0};
	add(&a, "10.0.0.0/23");
	add(&a, "10.1.0.0/24");
	add(&b, "10.0.0.0/24");
	add(&b, "10.0.0.0/8");
	add(&b, "11.0.0.0/24");
	sav_plist_aggregate(&a, false);
	sav_plist_aggregate(&b, false);
	assert_true(sav_plist_space_minus(&a, &b, 4) == 0);
	assert_true(sav_plist_space_minus(&b, &a, 4) == 16777216.0 - 768 + 256);
	sav_plist_clear(&b);
	add(&b, "10.0.1.0/24");
	sav_plist_aggregate(&b, false);
	assert_true(sav_plist_space_minus(&a, &b, 4) == 512);
	assert_int_equal(sav_plist_not_covered(&a, &b, &out), 0);
	assert_list(&out, "10.0.0.0/23 10.1.0.0/24");
	sav_plist_free(&a);
	sav_plist_free(&b);
	sav_plist_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_aggregate_exact),
	    cmocka_unit_test(test_widen),
	    cmocka_unit_test(test_minus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
