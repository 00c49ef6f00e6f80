/* SPDX-License-Identifier: ISC */
/* test_bgp_msg.c - BGP message framing, decoding and encoding round trips. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bgp/bgp_msg.h"

static void test_open_round_trip(void **state)
{
	(void)state;
	struct bgp_open o = {.version = 4,
	                     .my_as = 23456,
	                     .hold_time = 90,
	                     .bgp_id = 0x0a000001,
	                     .as4 = 4200000001u,
	                     .route_refresh = true,
	                     .has_role = true,
	                     .role = 3,
	                     .n_afs = 2};
	o.afs[0].afi = 1;
	o.afs[0].safi = 1;
	o.afs[1].afi = 2;
	o.afs[1].safi = 1;
	o.afs[1].addpath = 3;
	uint8_t buf[4096];
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bgp_encode_open(&w, &o), 0);
	struct bgp_msg m;
	size_t used;
	struct err e;
	assert_int_equal(bgp_msg_frame(buf, w.len, BGP_MAX_MSG_LEN, &m, &used, &e), 1);
	assert_int_equal(used, w.len);
	assert_int_equal(m.type, BGP_MSG_OPEN);
	struct bgp_open d;
	assert_int_equal(bgp_open_parse(m.body, m.body_len, &d, &e), 0);
	assert_int_equal(bgp_open_asn(&d), 4200000001u);
	assert_int_equal(d.hold_time, 90);
	assert_true(d.route_refresh);
	assert_true(d.has_role);
	assert_int_equal(d.role, 3);
	assert_int_equal(d.n_afs, 2);
	assert_int_equal(d.afs[1].afi, 2);
	assert_int_equal(d.afs[1].addpath, 3);
	/* Truncated by one byte: framing asks for more, parsing of a cut body fails. */
	assert_int_equal(bgp_msg_frame(buf, w.len - 1, BGP_MAX_MSG_LEN, &m, &used, &e), 0);
	assert_int_equal(bgp_open_parse(m.body, m.body_len - 1, &d, &e), -1);
}

static void test_update_round_trip(void **state)
{
	(void)state;
	struct prefix wd[2], nl[1];
	struct err e;
	assert_int_equal(prefix_parse("10.0.0.0/8", &wd[0], &e), 0);
	assert_int_equal(prefix_parse("192.0.2.128/25", &wd[1], &e), 0);
	assert_int_equal(prefix_parse("198.51.100.0/24", &nl[0], &e), 0);
	static const uint8_t attrs[] = {0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, 192, 0, 2, 1};
	uint8_t buf[512];
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bgp_encode_update(&w, wd, 2, attrs, sizeof attrs, nl, 1), 0);
	struct bgp_msg m;
	size_t used;
	assert_int_equal(bgp_msg_frame(buf, w.len, BGP_MAX_MSG_LEN, &m, &used, &e), 1);
	struct bgp_update u;
	assert_int_equal(bgp_update_parse(m.body, m.body_len, &u, &e), 0);
	assert_int_equal(u.attrs_len, sizeof attrs);
	struct bgp_nlri_iter it;
	struct prefix p;
	uint32_t id;
	char s[PREFIX_STRLEN];
	bgp_nlri_init(&it, u.withdrawn, u.withdrawn_len, 4, false);
	assert_int_equal(bgp_nlri_next(&it, &p, &id, u.withdrawn, &e), 1);
	assert_string_equal(prefix_format(&p, s, sizeof s), "10.0.0.0/8");
	assert_int_equal(bgp_nlri_next(&it, &p, &id, u.withdrawn, &e), 1);
	assert_string_equal(prefix_format(&p, s, sizeof s), "192.0.2.128/25");
	assert_int_equal(bgp_nlri_next(&it, &p, &id, u.withdrawn, &e), 0);
	bgp_nlri_init(&it, u.nlri, u.nlri_len, 4, false);
	assert_int_equal(bgp_nlri_next(&it, &p, &id, u.nlri, &e), 1);
	assert_string_equal(prefix_format(&p, s, sizeof s), "198.51.100.0/24");
	/* A withdrawn length that lies. */
	uint8_t bad[] = {0x00, 0x10, 8, 10};
	assert_int_equal(bgp_update_parse(bad, sizeof bad, &u, &e), -1);
	/* A prefix length too long, and a truncated prefix. */
	uint8_t long_len[] = {33, 1, 2, 3, 4, 5};
	bgp_nlri_init(&it, long_len, sizeof long_len, 4, false);
	assert_int_equal(bgp_nlri_next(&it, &p, &id, long_len, &e), -1);
	uint8_t cut[] = {24, 1, 2};
	bgp_nlri_init(&it, cut, sizeof cut, 4, false);
	assert_int_equal(bgp_nlri_next(&it, &p, &id, cut, &e), -1);
	/* ADD-PATH NLRI with host bits set: cleared on decode. */
	uint8_t ap[] = {0, 0, 0, 9, 13, 11, 13};
	bgp_nlri_init(&it, ap, sizeof ap, 4, true);
	assert_int_equal(bgp_nlri_next(&it, &p, &id, ap, &e), 1);
	assert_int_equal(id, 9);
	assert_string_equal(prefix_format(&p, s, sizeof s), "11.8.0.0/13");
}

static void test_small_messages(void **state)
{
	(void)state;
	uint8_t buf[128];
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bgp_encode_keepalive(&w), 0);
	assert_int_equal(w.len, 19);
	assert_int_equal(bgp_encode_notification(&w, 6, 2, (const uint8_t *)"x", 1), 0);
	assert_int_equal(bgp_encode_route_refresh(&w, 2, 1), 0);
	struct bgp_msg m;
	size_t used, off = 0;
	struct err e;
	assert_int_equal(bgp_msg_frame(buf, w.len, 4096, &m, &used, &e), 1);
	assert_int_equal(m.type, BGP_MSG_KEEPALIVE);
	off += used;
	assert_int_equal(bgp_msg_frame(buf + off, w.len - off, 4096, &m, &used, &e), 1);
	struct bgp_notification n;
	assert_int_equal(bgp_notification_parse(m.body, m.body_len, &n, &e), 0);
	assert_int_equal(n.code, 6);
	assert_int_equal(n.subcode, 2);
	assert_int_equal(n.data_len, 1);
	off += used;
	assert_int_equal(bgp_msg_frame(buf + off, w.len - off, 4096, &m, &used, &e), 1);
	struct bgp_route_refresh rr;
	assert_int_equal(bgp_route_refresh_parse(m.body, m.body_len, &rr, &e), 0);
	assert_int_equal(rr.afi, 2);
	assert_string_equal(bgp_msg_type_name(m.type), "ROUTE-REFRESH");
	/* Bad marker, bad length, and a buffer too small to encode into. */
	buf[0] = 0;
	assert_int_equal(bgp_msg_frame(buf, 19, 4096, &m, &used, &e), -1);
	uint8_t tiny[10];
	struct wire_buf t = wire_buf_make(tiny, sizeof tiny);
	assert_int_equal(bgp_encode_keepalive(&t), -1);
	uint8_t hdr[19];
	memset(hdr, 0xff, 16);
	hdr[16] = 0;
	hdr[17] = 18;
	hdr[18] = 4;
	assert_int_equal(bgp_msg_frame(hdr, 19, 4096, &m, &used, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_round_trip),
	    cmocka_unit_test(test_update_round_trip),
	    cmocka_unit_test(test_small_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
