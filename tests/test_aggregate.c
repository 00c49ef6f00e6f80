/* SPDX-License-Identifier: ISC */
/* test_aggregate.c - the bgpq4-compatible prefix tree: insertion order and
 * shape, -A aggregation, -R/-r more-specifics, range expansion and reply
 * parsing. Expected strings come from Debian's bgpq4 1.9 run with
 * -F '%n/%l:%a-%A,' on the same prefixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "irr/aggregate.h"

struct render {
	char buf[4096];
	size_t n;
};

static void render_one(const struct agg_entry *e, void *ctx)
{
	struct render *r = ctx;
	char p[PREFIX_STRLEN];
	unsigned lo = e->p->len, hi = e->p->len;
	if (e->aggregate) {
		lo = e->lo > e->p->len ? e->lo : e->p->len;
		hi = e->hi;
	}
	r->n += (size_t)snprintf(r->buf + r->n, sizeof(r->buf) - r->n, "%s:%u-%u,",
	                         prefix_format(e->p, p, sizeof(p)), lo, hi);
}

enum { OP_AGG = 1, OP_R = 2, OP_RLOW = 4 };

/* Insert the prefixes (text, as in IRRd replies), apply refine, refine_low
 * and aggregate in bgpq4's order, render. */
static const char *run(int family, unsigned maxlen, int ops, unsigned r, unsigned rlow,
                       const char *const *pfx)
{
	static struct render out;
	struct agg_tree t;
	struct err e;
	agg_tree_init(&t, family);
	for (; *pfx; pfx++)
		assert_true(agg_add_text(&t, *pfx, strlen(*pfx), maxlen, &e) >= 0);
	if (ops & OP_R)
		agg_refine(&t, r);
	if (ops & OP_RLOW)
		agg_refine_low(&t, rlow);
	if (ops & OP_AGG)
		agg_aggregate(&t);
	memset(&out, 0, sizeof(out));
	agg_foreach(&t, true, render_one, &out);
	agg_tree_free(&t);
	return out.buf;
}

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_order_and_duplicates(void **state)
{
	(void)state;
	assert_string_equal(
	    run(4, 32, 0, 0, 0,
	        L("10.0.2.0/24", "10.0.0.0/8", "10.0.2.0/24", "9.0.0.0/8", "10.0.2.0/23")),
	    "9.0.0.0/8:8-8,10.0.0.0/8:8-8,10.0.2.0/23:23-23,10.0.2.0/24:24-24,");
}

static void test_aggregate_siblings(void **state)
{
	(void)state;
	assert_string_equal(run(4, 32, OP_AGG, 0, 0,
	                        L("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/25", "10.0.2.128/25")),
	                    "10.0.0.0/23:24-24,10.0.2.0/24:25-25,");
	/* the parent exists: it takes the range from its own length */
	assert_string_equal(
	    run(4, 32, OP_AGG, 0, 0, L("10.0.0.0/23", "10.0.0.0/24", "10.0.1.0/24")),
	    "10.0.0.0/23:23-24,");
	/* four /24 in a row fold twice */
	assert_string_equal(
	    run(4, 32, OP_AGG, 0, 0, L("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24")),
	    "10.0.0.0/22:24-24,");
	/* three do not */
	assert_string_equal(
	    run(4, 32, OP_AGG, 0, 0, L("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24")),
	    "10.0.0.0/23:24-24,10.0.2.0/24:24-24,");
}

static void test_aggregate_son(void **state)
{
	(void)state;
	/* a real /23 with aggregated /25 halves below keeps a second entry */
	assert_string_equal(
	    run(4, 32, OP_AGG, 0, 0,
	        L("10.0.0.0/25", "10.0.0.128/25", "10.0.1.0/25", "10.0.1.128/25", "10.0.0.0/23")),
	    "10.0.0.0/23:23-23,10.0.0.0/23:25-25,");
}

static void test_aggregate_ipv6(void **state)
{
	(void)state;
	assert_string_equal(run(6, 128, OP_AGG, 0, 0, L("2001:db8::/33", "2001:db8:8000::/33")),
	                    "2001:db8::/32:33-33,");
}

static void test_refine(void **state)
{
	(void)state;
	assert_string_equal(run(4, 32, OP_R, 24, 0, L("10.0.0.0/22", "10.0.1.0/24", "10.0.4.0/24")),
	                    "10.0.0.0/22:22-24,10.0.4.0/24:24-24,");
	assert_string_equal(run(4, 32, OP_R | OP_AGG, 25, 0, L("10.0.0.0/24", "10.0.1.0/24")),
	                    "10.0.0.0/23:24-25,");
}

static void test_refine_low(void **state)
{
	(void)state;
	/* -r alone implies -R 32 (done by the caller, as bgpq4 does) */
	assert_string_equal(
	    run(4, 32, OP_R | OP_RLOW, 32, 24, L("10.0.0.0/22", "10.0.1.0/25", "10.1.0.0/24")),
	    "10.0.0.0/22:24-32,10.1.0.0/24:24-32,");
	assert_string_equal(run(4, 32, OP_R | OP_RLOW, 26, 24, L("10.0.0.0/22", "10.0.8.0/28")),
	                    "10.0.0.0/22:24-26,10.0.8.0/28:28-28,");
}

static void test_ranges(void **state)
{
	(void)state;
	assert_string_equal(
	    run(4, 26, 0, 0, 0, L("10.0.0.0/24^+")),
	    "10.0.0.0/24:24-24,10.0.0.0/25:25-25,10.0.0.0/26:26-26,10.0.0.64/26:26-26,"
	    "10.0.0.128/25:25-25,10.0.0.128/26:26-26,10.0.0.192/26:26-26,");
	assert_string_equal(run(4, 32, 0, 0, 0, L("10.0.0.0/8^9-10")),
	                    "10.0.0.0/9:9-9,10.0.0.0/10:10-10,10.64.0.0/10:10-10,10.128.0.0/9:9-9,"
	                    "10.128.0.0/10:10-10,10.192.0.0/10:10-10,");
	assert_string_equal(
	    run(4, 32, 0, 0, 0, L("10.0.0.0/30^-")),
	    "10.0.0.0/31:31-31,10.0.0.0/32:32-32,10.0.0.1/32:32-32,10.0.0.2/31:31-31,"
	    "10.0.0.2/32:32-32,10.0.0.3/32:32-32,");
	/* bgpq4 1.9 quirk: "^n" alone adds nothing longer than the prefix */
	assert_string_equal(run(4, 32, 0, 0, 0, L("10.30.0.0/16^24")), "");
	/* and no -m (or -m 32) caps "^+" at the prefix itself */
	assert_string_equal(run(4, 0, 0, 0, 0, L("10.0.0.0/24^+")), "10.0.0.0/24:24-24,");
}

static void test_text_input(void **state)
{
	(void)state;
	struct agg_tree t;
	struct err e;
	agg_tree_init(&t, 4);
	/* host bits are cleared, other families and too-long prefixes ignored */
	assert_int_equal(agg_add_text(&t, "10.0.0.1/24", 11, 32, &e), 1);
	assert_int_equal(agg_add_text(&t, "2001:db8::/32", 13, 32, &e), 0);
	assert_int_equal(agg_add_text(&t, "10.0.0.0/28", 11, 24, &e), 0);
	assert_int_equal(agg_add_text(&t, "nonsense", 8, 32, &e), -1);
	assert_int_equal(agg_add_text(&t, "10.0.0.0/24^x", 13, 32, &e), -1);
	assert_int_equal(agg_add_text(&t, "10.0.0.0/24^20", 14, 32, &e), -1);
	assert_int_equal(agg_count(&t), 1);
	assert_false(agg_tree_empty(&t));
	struct prefix p;
	assert_int_equal(prefix_parse("2001:db8::/32", &p, &e), 0);
	assert_null(agg_insert(&t, &p));
	agg_tree_free(&t);
	assert_true(agg_tree_empty(&t));
}

static void test_range_limit(void **state)
{
	(void)state;
	struct agg_tree t;
	struct err e;
	struct prefix p;
	agg_tree_init(&t, 4);
	assert_int_equal(prefix_parse("10.0.0.0/8", &p, &e), 0);
	assert_int_equal(agg_insert_range(&t, &p, 8, 32, 1000, &e), -1);
	assert_non_null(strstr(e.msg, "limit"));
	assert_int_equal(agg_insert_range(&t, &p, 9, 10, 1000, &e), 0);
	assert_int_equal(agg_count(&t), 6);
	agg_tree_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_and_duplicates),
	    cmocka_unit_test(test_aggregate_siblings),
	    cmocka_unit_test(test_aggregate_son),
	    cmocka_unit_test(test_aggregate_ipv6),
	    cmocka_unit_test(test_refine),
	    cmocka_unit_test(test_refine_low),
	    cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_text_input),
	    cmocka_unit_test(test_range_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
