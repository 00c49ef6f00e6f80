/* SPDX-License-Identifier: ISC */
/* test_bgpq_out.c - the bgpq4-compatible printers: exact text for each
 * generator, empty lists, own-ASN handling, line widths, and the vendor
 * table. Expected text was produced by Debian's bgpq4 1.9. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "out/bgpq_out.h"

static struct agg_tree tree4, empty4;
static const uint32_t asns[] = {100, 200, 300};

static int setup(void **state)
{
	(void)state;
	struct err e;
	agg_tree_init(&tree4, 4);
	agg_tree_init(&empty4, 4);
	const char *p[] = {"10.0.0.0/24", "8.8.8.0/24", "10.0.1.0/24", "10.0.2.0/25",
	                   "10.0.2.128/25"};
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		assert_int_equal(agg_add_text(&tree4, p[i], strlen(p[i]), 32, &e), 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	agg_tree_free(&tree4);
	agg_tree_free(&empty4);
	return 0;
}

static struct bgpq_out base(enum bgpq_vendor v, enum bgpq_gen g)
{
	struct bgpq_out o = {.vendor = v,
	                     .gen = g,
	                     .name = "NN",
	                     .family = 4,
	                     .aswidth = 8,
	                     .tree = &tree4,
	                     .asns = asns,
	                     .nasns = 3};
	return o;
}

/* Print o and compare with want. */
static void expect(const struct bgpq_out *o, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct err e;
	assert_non_null(f);
	assert_int_equal(bgpq_print(f, o, &e), 0);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
}

static void test_cisco(void **state)
{
	(void)state;
	struct bgpq_out o = base(BGPQ_V_CISCO, BGPQ_G_PREFIXLIST);
	o.name = "NAME";
	expect(&o, "no ip prefix-list NAME\n"
	           "ip prefix-list NAME permit 8.8.8.0/24\n"
	           "ip prefix-list NAME permit 10.0.0.0/24\n"
	           "ip prefix-list NAME permit 10.0.1.0/24\n"
	           "ip prefix-list NAME permit 10.0.2.0/25\n"
	           "ip prefix-list NAME permit 10.0.2.128/25\n");
	o.tree = &empty4;
	o.sequence = true;
	expect(&o, "no ip prefix-list NAME\n! generated prefix-list NAME is empty\n"
	           "ip prefix-list NAME seq 1 deny 0.0.0.0/0\n");
}

static void test_cisco_aspath(void **state)
{
	(void)state;
	struct bgpq_out o = base(BGPQ_V_CISCO, BGPQ_G_ASPATH);
	o.asnumber = 100;
	o.aswidth = 4;
	expect(&o, "no ip as-path access-list NN\n"
	           "ip as-path access-list NN permit ^100(_100)*$\n"
	           "ip as-path access-list NN permit ^100(_[0-9]+)*_(200|300)$\n");
	o.aswidth = 1;
	o.asnumber = 1;
	expect(&o, "no ip as-path access-list NN\n"
	           "ip as-path access-list NN permit ^1(_[0-9]+)*_(100)$\n"
	           "ip as-path access-list NN permit ^1(_[0-9]+)*_(200)$\n"
	           "ip as-path access-list NN permit ^1(_[0-9]+)*_(300)$\n");
	o.nasns = 0;
	expect(&o, "no ip as-path access-list NN\nip as-path access-list NN deny .*\n");
}

static void test_juniper_paths(void **state)
{
	(void)state;
	struct bgpq_out o = base(BGPQ_V_JUNIPER, BGPQ_G_ASPATH);
	o.asnumber = 100;
	expect(&o, "policy-options {\nreplace:\n as-path-group NN {\n"
	           "  as-path a0 \"^100(100)*$\";\n  as-path a1 \"^100(.)*(200|300)$\";\n }\n}\n");
	o.gen = BGPQ_G_ASLIST;
	expect(&o, "policy-options {\nreplace:\n as-list-group NN {\n"
	           "  as-list a0 members 100;\n  as-list a1 members [ 200 300 ];\n }\n}\n");
}

static void test_xr_stray_comma(void **state)
{
	(void)state;
	struct bgpq_out o = base(BGPQ_V_CISCO_XR, BGPQ_G_ASPATH);
	o.asnumber = 1;
	o.aswidth = 6;
	/* bgpq4 1.9 prints the comma after the name when 1 is no member */
	expect(&o, "as-path-set NN,\n  ios-regex '^1(_[0-9]+)*_(100|200|300)$'\nend-set\n");
	o.gen = BGPQ_G_OASPATH;
	expect(&o, "as-path-set NN\n  ios-regex '^(_[0-9]+)*_(100|200|300)$'\nend-set\n");
}

static void test_asset(void **state)
{
	(void)state;
	struct bgpq_out o = base(BGPQ_V_BIRD, BGPQ_G_ASSET);
	o.aswidth = 10;
	expect(&o, "NN = [\n    100, 200, 300\n];\n");
	o.vendor = BGPQ_V_JSON;
	expect(&o, "{\"NN\": [\n  100,200,300\n]}\n");
	o.vendor = BGPQ_V_OPENBGPD;
	o.aswidth = 2;
	expect(&o, "as-set NN {\n\t100 200\n\t300\n}\n");
}

static void test_openbgpd_empty(void **state)
{
	(void)state;
	struct bgpq_out o = base(BGPQ_V_OPENBGPD, BGPQ_G_PREFIXLIST);
	o.tree = &empty4;
	o.asnumber = 5;
	expect(&o, "# generated prefix-list NN (AS 5) is empty\ndeny from AS 5\n");
}

static void test_eacl_and_aggregate(void **state)
{
	(void)state;
	struct agg_tree t;
	struct err e;
	agg_tree_init(&t, 4);
	const char *p[] = {"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/25", "10.0.2.128/25",
	                   "10.1.0.1/32"};
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(agg_add_text(&t, p[i], strlen(p[i]), 32, &e), 1);
	agg_aggregate(&t);
	struct bgpq_out o = base(BGPQ_V_CISCO, BGPQ_G_EACL);
	o.tree = &t;
	expect(&o, "no ip access-list extended NN\nip access-list extended NN\n"
	           " permit ip 10.0.0.0 0.0.1.0 host 255.255.255.0\n"
	           " permit ip 10.0.2.0 0.0.0.128 host 255.255.255.128\n"
	           " permit ip host 10.1.0.1 host 0.0.0.0\n");
	o.gen = BGPQ_G_PREFIXLIST;
	o.vendor = BGPQ_V_FORMAT;
	o.format = "%n/%l %a-%A %m %i,";
	expect(
	    &o,
	    "10.0.0.0/23 24-24 255.255.254.0 0.0.1.255,10.0.2.0/24 25-25 255.255.255.0 0.0.0.255,"
	    "10.1.0.1/32 32-32 255.255.255.255 0.0.0.0,\n");
	o.vendor = BGPQ_V_MIKROTIK7;
	expect(&o,
	       "/routing filter rule add chain=\"NN-V4\"  rule=\"if (dst in 10.0.0.0/23 && dst-len "
	       "in 24-24) {accept}\"\n"
	       "/routing filter rule add chain=\"NN-V4\"  rule=\"if (dst in 10.0.2.0/24 && dst-len "
	       "in 25-25) {accept}\"\n"
	       "/routing filter rule add chain=\"NN-V4\" rule=\"if (dst=10.1.0.1/32) {accept}\"\n");
	agg_tree_free(&t);
}

static void test_table(void **state)
{
	(void)state;
	for (int v = 0; v < BGPQ_V_COUNT; v++) {
		const struct bgpq_printer *p = bgpq_printer_get((enum bgpq_vendor)v);
		assert_non_null(p);
		assert_int_equal(p->vendor, v);
		assert_non_null(p->prefixlist);
	}
	assert_null(bgpq_printer_get(BGPQ_V_COUNT));
	assert_null(bgpq_printer_fn(bgpq_printer_get(BGPQ_V_MIKROTIK6), BGPQ_G_ASPATH));
	struct bgpq_out o = base(BGPQ_V_FORMAT, BGPQ_G_ASPATH);
	struct err e;
	assert_int_equal(bgpq_print(stdout, &o, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cisco),
	    cmocka_unit_test(test_cisco_aspath),
	    cmocka_unit_test(test_juniper_paths),
	    cmocka_unit_test(test_xr_stray_comma),
	    cmocka_unit_test(test_asset),
	    cmocka_unit_test(test_openbgpd_empty),
	    cmocka_unit_test(test_eacl_and_aggregate),
	    cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
