/* test_bgp_attr.c - path attribute decoding, AS path merge, origin AS. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bgp/bgp_attr.h"
#include "bgp/bgp_attr_enc.h"
#include "bgp/mrt_bgpdump.h"

static void test_basic_attrs(void **state)
{
	(void)state;
	static const uint8_t a[] = {
		0x40, 1, 1, 2,                                   /* ORIGIN INCOMPLETE */
		0x40, 2, 10, 2, 2, 0, 0, 0xfb, 0xf4, 0, 0, 0x0d, 0x1c, /* AS_PATH 64500 3356 */
		0x40, 3, 4, 192, 0, 2, 1,                        /* NEXT_HOP */
		0x80, 4, 4, 0, 0, 0, 7,                          /* MED 7 */
		0x40, 5, 4, 0, 0, 0, 100,                        /* LOCAL_PREF 100 */
		0x40, 6, 0,                                      /* ATOMIC_AGGREGATE */
		0xc0, 8, 8, 0xfb, 0xf4, 0, 1, 0xff, 0xff, 0xff, 0x01, /* COMMUNITIES */
		0xc0, 32, 12, 0, 0, 0xfb, 0xf4, 0, 0, 0, 1, 0, 0, 0, 2, /* LARGE */
		0xc0, 99, 2, 0xab, 0xcd,                         /* unknown 99 */
	};
	struct bgp_attrs at;
	struct err e;
	assert_int_equal(bgp_attrs_decode(a, sizeof a, 4, false, &at, &e), 0);
	assert_true(BGP_ATTR_HAS(&at, BGP_ATTR_ORIGIN));
	assert_int_equal(at.origin, 2);
	assert_string_equal(bgp_origin_name(at.origin), "INCOMPLETE");
	assert_int_equal(at.med, 7);
	assert_int_equal(at.local_pref, 100);
	assert_true(BGP_ATTR_HAS(&at, BGP_ATTR_ATOMIC_AGGREGATE));
	assert_int_equal(at.n_communities, 2);
	assert_int_equal(at.n_large_communities, 1);
	assert_int_equal(at.n_unknown, 1);
	assert_int_equal(at.unknown[0].type, 99);
	assert_int_equal(at.unknown[0].len, 2);
	assert_memory_equal(at.next_hop, ((uint8_t[]){192, 0, 2, 1}), 4);
	uint32_t path[8];
	assert_int_equal(bgp_attrs_path(&at, path, 8), 2);
	assert_int_equal(path[0], 64500);
	assert_int_equal(path[1], 3356);
	assert_int_equal(bgp_attrs_origin_as(&at), 3356);
	assert_false(at.malformed);
}

static void test_overrun_is_reported(void **state)
{
	(void)state;
	/* ORIGIN fine, then an AS_PATH claiming 200 bytes with 4 present. */
	static const uint8_t a[] = {0x40, 1, 1, 0, 0x40, 2, 200, 2, 1, 0, 1};
	struct bgp_attrs at;
	struct err e;
	assert_int_equal(bgp_attrs_decode(a, sizeof a, 2, false, &at, &e), -1);
	assert_true(at.malformed);
	assert_true(BGP_ATTR_HAS(&at, BGP_ATTR_ORIGIN));
	assert_false(BGP_ATTR_HAS(&at, BGP_ATTR_AS_PATH));
	assert_non_null(strstr(e.msg, "overruns"));
	assert_int_equal(e.offset, 4);
	/* A truncated header. */
	static const uint8_t b[] = {0x40, 1};
	assert_int_equal(bgp_attrs_decode(b, sizeof b, 2, false, &at, &e), -1);
	/* A short fixed-size value keeps going but flags the set. */
	static const uint8_t c[] = {0x40, 3, 2, 10, 0, 0x40, 1, 1, 1};
	assert_int_equal(bgp_attrs_decode(c, sizeof c, 2, false, &at, &e), -1);
	assert_true(BGP_ATTR_HAS(&at, BGP_ATTR_ORIGIN));
	assert_int_equal(at.origin, 1);
}

static void test_as4_merge_and_sets(void **state)
{
	(void)state;
	/* 2-byte session: AS_PATH 701 23456 23456 {1,2}; AS4_PATH 196608 196609 {1,2} */
	static const uint8_t a[] = {
		0x40, 2, 14, 2, 3, 0x02, 0xbd, 0x5b, 0xa0, 0x5b, 0xa0, 1, 2, 0, 1, 0, 2,
		0xc0, 17, 20, 2, 2, 0, 3, 0, 0, 0, 3, 0, 1, 1, 2, 0, 0, 0, 1, 0, 0, 0, 2,
	};
	struct bgp_attrs at;
	struct err e;
	assert_int_equal(bgp_attrs_decode(a, sizeof a, 2, false, &at, &e), 0);
	uint32_t path[8];
	int n = bgp_attrs_path(&at, path, 8);
	assert_int_equal(n, 5);
	assert_int_equal(path[0], 701);
	assert_int_equal(path[1], 196608);
	assert_int_equal(path[2], 196609);
	assert_int_equal(path[3], 1);
	assert_int_equal(bgp_attrs_origin_as(&at), 0); /* ends in a set */
	struct mrt_buf b = {0};
	assert_int_equal(mrt_bgpdump_aspath(&at, &b), 0);
	assert_int_equal(b.len, strlen("701 196608 196609 {1,2}"));
	assert_memory_equal(b.p, "701 196608 196609 {1,2}", b.len);
	mrt_buf_free(&b);
}

static void test_bgpdump_path_text(void **state)
{
	(void)state;
	/* confed sequence (1 2), sequence 3, confed set [4,5], bad type 9 */
	static const uint8_t good[] = {0x40, 2, 18, 3, 2, 0, 0, 0, 1, 0, 0, 0, 2, 2, 1, 0, 0, 0, 3,
				       4, 0};
	static const uint8_t bad[] = {0x40, 2, 4, 9, 1, 0, 1};
	struct bgp_attrs at;
	struct err e;
	struct mrt_buf b = {0};
	assert_int_equal(bgp_attrs_decode(good, sizeof good, 4, false, &at, &e), 0);
	assert_int_equal(mrt_bgpdump_aspath(&at, &b), 0);
	assert_int_equal(b.len, strlen("(1 2) 3 []"));
	assert_memory_equal(b.p, "(1 2) 3 []", b.len);
	b.len = 0;
	assert_int_equal(bgp_attrs_decode(bad, sizeof bad, 2, false, &at, &e), 0);
	assert_int_equal(mrt_bgpdump_aspath(&at, &b), 0);
	assert_memory_equal(b.p, "! Error !", b.len);
	assert_int_equal(bgp_attrs_path(&at, (uint32_t[4]){0}, 4), -1);
	mrt_buf_free(&b);
}

static void test_mp_reach_forms(void **state)
{
	(void)state;
	/* full MP_REACH: AFI 2 SAFI 1, nh 16 bytes, reserved, 2001:db8::/32 */
	uint8_t full[3 + 4 + 16 + 1 + 5] = {0x80, 14, 26, 0, 2, 1, 16};
	full[7] = 0x20;
	full[8] = 0x01;
	full[23] = 0;
	memcpy(full + 24, (uint8_t[]){32, 0x20, 0x01, 0x0d, 0xb8}, 5);
	struct bgp_attrs at;
	struct err e;
	assert_int_equal(bgp_attrs_decode(full, sizeof full, 4, false, &at, &e), 0);
	assert_false(at.mp_reach.abbreviated);
	assert_int_equal(at.mp_reach.afi, 2);
	assert_int_equal(at.mp_reach.nh_len, 16);
	assert_int_equal(at.mp_reach.nlri_len, 5);
	/* RFC 6396 abbreviated form in a RIB entry */
	uint8_t abbr[3 + 17] = {0x80, 14, 17, 16, 0x20, 0x01};
	assert_int_equal(bgp_attrs_decode(abbr, sizeof abbr, 4, true, &at, &e), 0);
	assert_true(at.mp_reach.abbreviated);
	assert_int_equal(at.mp_reach.nh_len, 16);
	assert_int_equal(at.mp_reach.nh[0], 0x20);
}

/* Encoder and decoder agree, including a 300-hop path (two segments,
 * extended length) and IPv6 prefixes in a full MP_REACH_NLRI. */
static void test_encode_decode_round_trip(void **state)
{
	(void)state;
	uint32_t path[300];
	for (int i = 0; i < 300; i++)
		path[i] = 4200000000u + (uint32_t)i;
	uint32_t comm[] = {0xFFFFFF02, (3356u << 16) | 3};
	uint32_t large[] = {4200000000u, 1, 2};
	struct mrt_attrs a = {.origin = MRT_ORIGIN_EGP, .as_path = path, .as_path_len = 300,
			      .has_med = true, .med = 0xFFFFFFFF, .has_local_pref = true,
			      .local_pref = 200, .atomic_aggregate = true, .aggregator_as = 65550,
			      .aggregator_id = 0xC0000201, .communities = comm, .n_communities = 2,
			      .large = large, .n_large = 1};
	struct err e;
	assert_int_equal(addr_parse("2001:db8::1", &a.next_hop, &e), 0);
	struct prefix v6[2];
	assert_int_equal(prefix_parse("2001:db8:1::/48", &v6[0], &e), 0);
	assert_int_equal(prefix_parse("2001:db8:2::/47", &v6[1], &e), 0);
	uint8_t buf[4096];
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	bgp_attrs_encode(&w, &a, false, BGP_MP_FULL, v6, 2);
	assert_false(w.overflow);
	struct bgp_attrs d;
	assert_int_equal(bgp_attrs_decode(buf, w.len, 4, false, &d, &e), 0);
	assert_int_equal(d.origin, 1);
	uint32_t got[400];
	assert_int_equal(bgp_attrs_path(&d, got, 400), 300);
	assert_memory_equal(got, path, sizeof path);
	assert_int_equal(bgp_attrs_origin_as(&d), 4200000299u);
	assert_int_equal(d.med, 0xFFFFFFFF);
	assert_int_equal(d.local_pref, 200);
	assert_true(BGP_ATTR_HAS(&d, BGP_ATTR_ATOMIC_AGGREGATE));
	assert_int_equal(d.aggregator_as, 65550);
	assert_int_equal(d.n_communities, 2);
	assert_int_equal(d.n_large_communities, 1);
	assert_false(BGP_ATTR_HAS(&d, BGP_ATTR_NEXT_HOP));
	assert_int_equal(d.mp_reach.afi, 2);
	assert_int_equal(d.mp_reach.nh_len, 16);
	assert_int_equal(d.mp_reach.nlri_len, 7 + 7);
	/* A buffer too small latches overflow instead of writing past it. */
	struct wire_buf t = wire_buf_make(buf, 100);
	bgp_attrs_encode(&t, &a, false, BGP_MP_FULL, v6, 2);
	assert_true(t.overflow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_attrs),
		cmocka_unit_test(test_overrun_is_reported),
		cmocka_unit_test(test_as4_merge_and_sets),
		cmocka_unit_test(test_bgpdump_path_text),
		cmocka_unit_test(test_mp_reach_forms),
		cmocka_unit_test(test_encode_decode_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
