/* SPDX-License-Identifier: ISC */
/* test_rtr_vet.c - the RTR reload policy: refuse an all-rejected set and a
 * set that shrinks past --max-shrink, accept everything else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rtr/rtr_vet.h"

/* A set that only counts: the policy looks at sizes, not entries. */
static struct rpki_set sized(size_t nvrps, size_t naspas, size_t nrejected)
{
	struct rpki_set s;
	rpki_set_init(&s);
	s.nvrps = nvrps;
	s.naspas = naspas;
	s.nrejected = nrejected;
	snprintf(s.reject_msg, sizeof s.reject_msg, "x.json: bad prefix");
	return s;
}

static void test_first_load_accepted(void **state)
{
	(void)state;
	struct err e;
	struct rpki_set set = sized(10, 0, 0);
	assert_int_equal(rtr_reload_vet(&set, NULL, 50, &e), 0);
	set = sized(0, 0, 0); /* an empty export is served (and logged) */
	assert_int_equal(rtr_reload_vet(&set, NULL, 50, &e), 0);
}

static void test_all_rejected_refused(void **state)
{
	(void)state;
	struct err e;
	struct rpki_set set = sized(0, 0, 3);
	assert_int_equal(rtr_reload_vet(&set, NULL, 100, &e), -1);
	assert_string_equal(e.msg, "every entry was rejected (3; first: x.json: bad prefix)");
	set = sized(1, 0, 3); /* some entries survive: accepted */
	assert_int_equal(rtr_reload_vet(&set, NULL, 100, &e), 0);
}

static void test_shrink_limit(void **state)
{
	(void)state;
	struct err e;
	struct rpki_set served = sized(80, 20, 0);
	struct rpki_set set = sized(50, 0, 0); /* exactly 50% fewer: allowed */
	assert_int_equal(rtr_reload_vet(&set, &served, 50, &e), 0);
	set = sized(49, 0, 0);
	assert_int_equal(rtr_reload_vet(&set, &served, 50, &e), -1);
	assert_string_equal(e.msg, "the new data has 49 VRPs+ASPAs, 51% fewer than the 100 served "
	                           "(--max-shrink 50%)");
	set = sized(0, 0, 0);
	assert_int_equal(rtr_reload_vet(&set, &served, 100, &e), 0); /* 100 = off */
	set = sized(99, 0, 0);
	assert_int_equal(rtr_reload_vet(&set, &served, 0, &e), -1);
	set = sized(200, 0, 0); /* growth is never refused */
	assert_int_equal(rtr_reload_vet(&set, &served, 0, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_load_accepted),
	    cmocka_unit_test(test_all_rejected_refused),
	    cmocka_unit_test(test_shrink_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
