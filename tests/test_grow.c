/* SPDX-License-Identifier: ISC */
/* test_grow.c - the growth helper: doubling, overflow, failure leaves the
 * caller's array and capacity as they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/grow.h"

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
/* The failure tests read the block after a realloc that returned NULL, which
 * is exactly what the helper promises is still valid. */
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif

#if defined(__SANITIZE_ADDRESS__)
/* Under ASan a huge request aborts unless the allocator may return NULL,
 * which is what the failure test wants to see. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

static void grows_from_empty_by_doubling(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < 1000; i++) {
		int *nv = GROW(v, cap, i + 1);
		assert_non_null(nv);
		v = nv;
		v[i] = (int)i;
		assert_true(cap >= i + 1);
	}
	assert_int_equal(cap, 1024); /* 16 doubled six times */
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(v[i], (int)i);
	free(v);
}

static void room_enough_returns_same_block(void **state)
{
	(void)state;
	size_t cap = 0;
	char *p = GROW((char *)NULL, cap, 5);
	assert_non_null(p);
	assert_int_equal(cap, GROW_FIRST);
	assert_ptr_equal(GROW(p, cap, GROW_FIRST), p);
	assert_int_equal(cap, GROW_FIRST);
	/* need 0 on an empty array still allocates, so NULL means failure */
	size_t c0 = 0;
	char *q = grow(NULL, &c0, 0, 1);
	assert_non_null(q);
	free(q);
	free(p);
}

static void jumps_straight_to_need(void **state)
{
	(void)state;
	size_t cap = 0;
	uint64_t *v = GROW((uint64_t *)NULL, cap, 100000);
	assert_non_null(v);
	assert_int_equal(cap, 131072);
	v[99999] = 1;
	free(v);
}

static void overflow_leaves_array_untouched(void **state)
{
	(void)state;
	size_t cap = 0;
	uint32_t *v = GROW((uint32_t *)NULL, cap, 3);
	assert_non_null(v);
	v[0] = 7;
	size_t before = cap;
	/* count that doubles past SIZE_MAX */
	assert_null(grow(v, &cap, SIZE_MAX, sizeof *v));
	assert_int_equal(cap, before);
	/* count times element size past SIZE_MAX */
	assert_null(grow(v, &cap, SIZE_MAX / 4 + 2, sizeof *v));
	assert_int_equal(cap, before);
	assert_null(resize(v, SIZE_MAX / 2, 4));
	assert_int_equal(v[0], 7); /* still ours, still valid */
	free(v);
}

static void allocation_failure_leaves_array_untouched(void **state)
{
	(void)state;
	size_t cap = 0;
	char *v = GROW((char *)NULL, cap, 1);
	assert_non_null(v);
	strcpy(v, "ok");
	size_t before = cap;
	/* no overflow, but no machine has SIZE_MAX / 2 bytes to give */
	assert_null(grow(v, &cap, SIZE_MAX / 2, 1));
	assert_int_equal(cap, before);
	assert_string_equal(v, "ok");
	free(v);
}

static void resize_is_exact(void **state)
{
	(void)state;
	uint16_t *v = resize(NULL, 10, sizeof *v);
	assert_non_null(v);
	for (int i = 0; i < 10; i++)
		v[i] = (uint16_t)i;
	uint16_t *w = resize(v, 3, sizeof *w);
	assert_non_null(w);
	assert_int_equal(w[2], 2);
	uint16_t *z = resize(w, 0, sizeof *z); /* 0 is one element, not free */
	assert_non_null(z);
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(grows_from_empty_by_doubling),
	    cmocka_unit_test(room_enough_returns_same_block),
	    cmocka_unit_test(jumps_straight_to_need),
	    cmocka_unit_test(overflow_leaves_array_untouched),
	    cmocka_unit_test(allocation_failure_leaves_array_untouched),
	    cmocka_unit_test(resize_is_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
