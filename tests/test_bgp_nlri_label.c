/* SPDX-License-Identifier: ISC */
/* test_bgp_nlri_label.c - labelled unicast and VPN NLRI. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bgp/bgp_nlri_label.h"

static void test_labelled(void **state)
{
	(void)state;
	/* 10.0.0.0/8 with labels 16 and 17 (bottom of stack on the second),
	 * then a withdrawal of 192.0.2.0/24 with the 0x800000 label field. */
	static const uint8_t nlri[] = {24 + 24 + 8, 0x00, 0x10, 0x00, 0x00, 0x01, 0x11, 10,
	                               24 + 24,     0x80, 0x00, 0x00, 192,  0,    2};
	struct wire_cur c = wire_cur_make(nlri, 8);
	struct bgp_nlri_label l;
	struct err e;
	char text[64];
	assert_int_equal(bgp_nlri_label_next(&c, 1, 4, false, false, &l, &e), 1);
	assert_int_equal(l.n_labels, 2);
	assert_int_equal(l.labels[0], 256);
	assert_int_equal(l.labels[1], 17);
	assert_false(l.has_rd);
	assert_string_equal(prefix_format(&l.pfx, text, sizeof text), "10.0.0.0/8");
	assert_int_equal(bgp_nlri_label_next(&c, 1, 4, false, false, &l, &e), 0);
	c = wire_cur_make(nlri + 8, sizeof nlri - 8);
	assert_int_equal(bgp_nlri_label_next(&c, 1, 4, false, true, &l, &e), 1);
	assert_int_equal(l.n_labels, 1);
	assert_string_equal(prefix_format(&l.pfx, text, sizeof text), "192.0.2.0/24");
	/* As an announcement the same bytes have no bottom of stack. */
	c = wire_cur_make(nlri + 8, sizeof nlri - 8);
	assert_int_equal(bgp_nlri_label_next(&c, 1, 4, false, false, &l, &e), -1);
	assert_int_equal(e.offset, 0);
}

static void test_vpn(void **state)
{
	(void)state;
	/* ADD-PATH id 5, label 16, RD 2:4226809875:17, 192.0.2.17/32 (as a
	 * Huawei router sends it). */
	static const uint8_t nlri[] = {0,    0,    0,    5,    0x78, 0x00, 0x01, 0x01, 0x00, 0x02,
	                               0xfb, 0xf0, 0x00, 0x13, 0x00, 0x11, 192,  0,    2,    17};
	struct wire_cur c = wire_cur_make(nlri, sizeof nlri);
	struct bgp_nlri_label l;
	struct err e;
	char text[64];
	assert_int_equal(bgp_nlri_label_next(&c, 1, 128, true, false, &l, &e), 1);
	assert_int_equal(l.path_id, 5);
	assert_int_equal(l.labels[0], 16);
	assert_true(l.has_rd);
	assert_int_equal(l.rd, 0x0002fbf000130011ULL);
	assert_string_equal(prefix_format(&l.pfx, text, sizeof text), "192.0.2.17/32");
	/* Without ADD-PATH the path id is read as a length: an error. */
	c = wire_cur_make(nlri, sizeof nlri);
	assert_int_equal(bgp_nlri_label_next(&c, 1, 128, false, false, &l, &e), -1);
	/* Truncated at every byte: an error, never an over-read. */
	for (size_t n = 1; n < sizeof nlri; n++) {
		c = wire_cur_make(nlri, n);
		assert_int_equal(bgp_nlri_label_next(&c, 1, 128, true, false, &l, &e), -1);
	}
	/* A prefix longer than the family allows. */
	static const uint8_t bad[] = {24 + 64 + 33, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
	c = wire_cur_make(bad, sizeof bad);
	assert_int_equal(bgp_nlri_label_next(&c, 1, 128, false, false, &l, &e), -1);
	assert_non_null(strstr(e.msg, "too long"));
	assert_true(bgp_nlri_label_supported(2, 128));
	assert_false(bgp_nlri_label_supported(1, 1));
	assert_false(bgp_nlri_label_supported(25, 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labelled),
	    cmocka_unit_test(test_vpn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
