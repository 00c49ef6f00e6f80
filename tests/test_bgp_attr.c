/* SPDX-License-Identifier: ISC */
/* test_bgp_attr.c - path attribute decoding, AS path merge, origin AS. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bgp/bgp_attr.h"
#include "bgp/bgp_attr_enc.h"
#include "bgp/bgp_attr_walk.h"
#include "bgp/mrt_bgpdump.h"
#include "bgp/mrt_json.h"

static void test_basic_attrs(void **state)
{
	(void)state;
	static const uint8_t a[] = {
	    0x40, 1,  1,  2, /* ORIGIN INCOMPLETE */
	    0x40, 2,  10, 2,    2,    0,    0,    0xfb, 0xf4, 0,    0,    0x0d, 0x1c, /* AS_PATH
	                                                                                 64500 3356
	                                                                               */
	    0x40, 3,  4,  192,  0,    2,    1,                                        /* NEXT_HOP */
	    0x80, 4,  4,  0,    0,    0,    7,                                        /* MED 7 */
	    0x40, 5,  4,  0,    0,    0,    100,                          /* LOCAL_PREF 100 */
	    0x40, 6,  0,                                                  /* ATOMIC_AGGREGATE */
	    0xc0, 8,  8,  0xfb, 0xf4, 0,    1,    0xff, 0xff, 0xff, 0x01, /* COMMUNITIES */
	    0xc0, 32, 12, 0,    0,    0xfb, 0xf4, 0,    0,    0,    1,    0,    0,    0,
	    2,                        /* LARGE */
	    0xc0, 99, 2,  0xab, 0xcd, /* unknown 99 */
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
	    0x40, 2, 14, 2, 3, 0x02, 0xbd, 0x5b, 0xa0, 0x5b, 0xa0, 1, 2, 0, 1, 0, 2, 0xc0, 17, 20,
	    2,    2, 0,  3, 0, 0,    0,    3,    0,    1,    1,    2, 0, 0, 0, 1, 0, 0,    0,  2,
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
	static const uint8_t good[] = {0x40, 2, 18, 3, 2, 0, 0, 0, 1, 0, 0,
	                               0,    2, 2,  1, 0, 0, 0, 3, 4, 0};
	static const uint8_t bad[] = {0x40, 2, 4, 9, 1, 0, 1};
	struct bgp_attrs at;
	struct err e;
	struct mrt_buf b = {0};
	/* The empty confed set is malformed for RFC 7606 (7.2), not for bgpdump. */
	assert_int_equal(bgp_attrs_decode(good, sizeof good, 4, false, &at, &e), -1);
	assert_int_equal(at.action, BGP_ACTION_WITHDRAW);
	assert_int_equal(mrt_bgpdump_aspath(&at, &b), 0);
	assert_int_equal(b.len, strlen("(1 2) 3 []"));
	assert_memory_equal(b.p, "(1 2) 3 []", b.len);
	b.len = 0;
	assert_int_equal(bgp_attrs_decode(bad, sizeof bad, 2, false, &at, &e), -1);
	assert_int_equal(at.action, BGP_ACTION_WITHDRAW);
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
	struct mrt_attrs a = {.origin = MRT_ORIGIN_EGP,
	                      .as_path = path,
	                      .as_path_len = 300,
	                      .has_med = true,
	                      .med = 0xFFFFFFFF,
	                      .has_local_pref = true,
	                      .local_pref = 200,
	                      .atomic_aggregate = true,
	                      .aggregator_as = 65550,
	                      .aggregator_id = 0xC0000201,
	                      .communities = comm,
	                      .n_communities = 2,
	                      .large = large,
	                      .n_large = 1};
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

/* ORIGIN IGP, AS_PATH 65001 (4-byte), NEXT_HOP 192.0.2.1: a clean prefix
 * to which each case appends or prepends one attribute. */
#define CLEAN 0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe9, 0x40, 3, 4, 192, 0, 2, 1

/* Decode n bytes (4-byte AS); return the action, check rc agrees. */
static enum bgp_attr_action verdict_of(const uint8_t *p, size_t n, struct bgp_attrs *at)
{
	struct err e;
	int rc = bgp_attrs_decode(p, n, 4, false, at, &e);
	assert_int_equal(rc, at->action == BGP_ACTION_NONE ? 0 : -1);
	assert_int_equal(at->malformed, at->action != BGP_ACTION_NONE);
	return at->action;
}

#define VERDICT(at, ...)                                                                           \
	verdict_of((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), at)

static void test_rfc7606_clean(void **state)
{
	(void)state;
	struct bgp_attrs at;
	assert_int_equal(VERDICT(&at, CLEAN), BGP_ACTION_NONE);
	assert_int_equal(at.discarded, 0);
	assert_int_equal(bgp_attrs_check_mandatory(&at, true), 0);
	assert_string_equal(bgp_attr_name(BGP_ATTR_MP_REACH_NLRI), "MP_REACH_NLRI");
	assert_null(bgp_attr_name(99));
	assert_string_equal(bgp_attr_action_name(BGP_ACTION_WITHDRAW), "treat-as-withdraw");
}

/* Section 7: values and lengths that make the routes withdrawn. */
static void test_rfc7606_treat_as_withdraw(void **state)
{
	(void)state;
	struct bgp_attrs at;
	/* 7.1 ORIGIN: undefined value, wrong length */
	assert_int_equal(VERDICT(&at, 0x40, 1, 1, 3), BGP_ACTION_WITHDRAW);
	assert_int_equal(at.action_type, BGP_ATTR_ORIGIN);
	assert_int_equal(at.origin, 3); /* still decoded for bgpdump's view */
	assert_int_equal(VERDICT(&at, 0x40, 1, 2, 0, 0), BGP_ACTION_WITHDRAW);
	/* 7.2 AS_PATH: unknown segment type, zero-length segment, overrun, underrun */
	assert_int_equal(VERDICT(&at, 0x40, 2, 6, 7, 1, 0, 0, 0, 1), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0x40, 2, 2, 2, 0), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0x40, 2, 6, 2, 2, 0, 0, 0, 1), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0x40, 2, 7, 2, 1, 0, 0, 0, 1, 2), BGP_ACTION_WITHDRAW);
	assert_int_equal(at.action_type, BGP_ATTR_AS_PATH);
	/* an empty AS_PATH is fine (iBGP) */
	assert_int_equal(VERDICT(&at, 0x40, 2, 0), BGP_ACTION_NONE);
	/* 7.3 NEXT_HOP, 7.4 MED, 7.5 LOCAL_PREF, 7.9 ORIGINATOR_ID, OTC: length != 4 */
	assert_int_equal(VERDICT(&at, 0x40, 3, 2, 10, 0), BGP_ACTION_WITHDRAW);
	assert_memory_equal(at.next_hop, ((uint8_t[]){10, 0, 0, 0}), 4); /* zero-filled */
	assert_int_equal(VERDICT(&at, 0x80, 4, 5, 0, 0, 0, 0, 7), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0x40, 5, 3, 0, 0, 100), BGP_ACTION_WITHDRAW);
	assert_int_equal(at.action_type, BGP_ATTR_LOCAL_PREF);
	assert_int_equal(VERDICT(&at, 0x80, 9, 0), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0xc0, 35, 2, 0, 1), BGP_ACTION_WITHDRAW);
	/* 7.8 COMMUNITIES, 7.10 CLUSTER_LIST, 7.14 extended, RFC 8092 large:
	 * zero or not a multiple of the unit */
	assert_int_equal(VERDICT(&at, 0xc0, 8, 0), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0xc0, 8, 6, 0, 1, 0, 2, 0, 3), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0x80, 10, 3, 1, 2, 3), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0xc0, 16, 4, 0, 2, 0, 1), BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0xc0, 32, 8, 0, 0, 0, 1, 0, 0, 0, 2), BGP_ACTION_WITHDRAW);
	assert_int_equal(at.action_type, BGP_ATTR_LARGE_COMMUNITIES);
}

/* Sections 7.6, 7.7 and RFC 6793 6: the attribute goes, the routes stay. */
static void test_rfc7606_attribute_discard(void **state)
{
	(void)state;
	struct bgp_attrs at;
	assert_int_equal(VERDICT(&at, CLEAN, 0x40, 6, 1, 0), BGP_ACTION_DISCARD);
	assert_true(BGP_ATTR_HAS(&at, BGP_ATTR_ATOMIC_AGGREGATE));
	assert_false(BGP_ATTR_USABLE(&at, BGP_ATTR_ATOMIC_AGGREGATE));
	assert_true(BGP_ATTR_USABLE(&at, BGP_ATTR_ORIGIN));
	/* AGGREGATOR must be 8 bytes on a 4-byte session (6 is the 2-byte form) */
	assert_int_equal(VERDICT(&at, CLEAN, 0xc0, 7, 6, 0xfd, 0xe9, 192, 0, 2, 1),
	                 BGP_ACTION_DISCARD);
	assert_false(BGP_ATTR_USABLE(&at, BGP_ATTR_AGGREGATOR));
	assert_int_equal(VERDICT(&at, CLEAN, 0xc0, 18, 6, 0, 0, 0xfd, 0xe9, 1, 2),
	                 BGP_ACTION_DISCARD);
	assert_int_equal(VERDICT(&at, CLEAN, 0xc0, 17, 4, 2, 0, 0, 0), BGP_ACTION_DISCARD);
	assert_false(BGP_ATTR_USABLE(&at, BGP_ATTR_AS4_PATH));
	/* the strongest action wins: a discard after a withdraw leaves withdraw */
	assert_int_equal(VERDICT(&at, 0x40, 1, 1, 9, 0x40, 6, 1, 0), BGP_ACTION_WITHDRAW);
	assert_int_equal(at.action_type, BGP_ATTR_ORIGIN);
	/* a 2-byte session's AGGREGATOR is 6 bytes */
	struct err e;
	static const uint8_t agg2[] = {0xc0, 7, 6, 0xfd, 0xe9, 192, 0, 2, 1};
	assert_int_equal(bgp_attrs_decode(agg2, sizeof agg2, 2, false, &at, &e), 0);
	assert_int_equal(at.aggregator_as, 65001);
}

/* Section 3 c: Optional/Transitive bits in conflict with the type. */
static void test_rfc7606_flags(void **state)
{
	(void)state;
	struct bgp_attrs at;
	/* ORIGIN sent optional: treat-as-withdraw */
	assert_int_equal(VERDICT(&at, 0xc0, 1, 1, 0), BGP_ACTION_WITHDRAW);
	/* MED sent transitive */
	assert_int_equal(VERDICT(&at, 0xc0, 4, 4, 0, 0, 0, 1), BGP_ACTION_WITHDRAW);
	/* AGGREGATOR sent well-known: discard, like its malformed value */
	assert_int_equal(VERDICT(&at, CLEAN, 0x40, 7, 8, 0, 0, 0xfd, 0xe9, 192, 0, 2, 1),
	                 BGP_ACTION_DISCARD);
	/* Partial and Extended Length bits are not judged */
	assert_int_equal(VERDICT(&at, 0xf0, 8, 0, 4, 0, 1, 0, 2), BGP_ACTION_NONE);
	assert_int_equal(at.n_communities, 1);
}

/* Section 3 g: repeats keep the first; MP_* repeated resets the session. */
static void test_rfc7606_duplicates(void **state)
{
	(void)state;
	struct bgp_attrs at;
	assert_int_equal(VERDICT(&at, CLEAN, 0x80, 4, 4, 0, 0, 0, 1, 0x80, 4, 4, 0, 0, 0, 2),
	                 BGP_ACTION_DISCARD);
	assert_int_equal(at.med, 1);
	assert_true(BGP_ATTR_USABLE(&at, BGP_ATTR_MED)); /* the first one stays */
	assert_int_equal(VERDICT(&at, CLEAN, 0xc0, 99, 1, 1, 0xc0, 99, 1, 2), BGP_ACTION_DISCARD);
	assert_int_equal(at.n_unknown, 1);
	assert_int_equal(at.unknown[0].data[0], 1);
	assert_int_equal(VERDICT(&at, 0x80, 15, 3, 0, 2, 1, 0x80, 15, 3, 0, 1, 1),
	                 BGP_ACTION_RESET);
	assert_int_equal(at.action_type, BGP_ATTR_MP_UNREACH_NLRI);
	assert_int_equal(at.mp_unreach.afi, 2);
}

/* Sections 7.11 and 5.3: MP attributes whose NLRI cannot be located. */
static void test_rfc7606_session_reset(void **state)
{
	(void)state;
	struct bgp_attrs at;
	/* IPv6 unicast with a 4-byte next hop: NLRI position unknowable */
	assert_int_equal(VERDICT(&at, 0x80, 14, 10, 0, 2, 1, 4, 10, 0, 0, 1, 0, 0),
	                 BGP_ACTION_RESET);
	assert_int_equal(at.action_type, BGP_ATTR_MP_REACH_NLRI);
	/* next hop length overruns the attribute */
	assert_int_equal(VERDICT(&at, 0x80, 14, 6, 0, 2, 1, 16, 0x20, 1), BGP_ACTION_RESET);
	/* too short for AFI, SAFI, length and reserved byte */
	assert_int_equal(VERDICT(&at, 0x80, 14, 4, 0, 1, 1, 0), BGP_ACTION_RESET);
	assert_int_equal(VERDICT(&at, 0x80, 15, 2, 0, 1), BGP_ACTION_RESET);
	/* IPv4 NLRI with an RFC 8950 IPv6 next hop is fine */
	uint8_t v4v6[3 + 4 + 16 + 1 + 2] = {0x80, 14, 23, 0, 1, 1, 16};
	v4v6[7] = 0x20;
	v4v6[24] = 8;
	v4v6[25] = 10;
	struct err e;
	assert_int_equal(bgp_attrs_decode(v4v6, sizeof v4v6, 4, false, &at, &e), 0);
	/* NLRI errors found by the caller raise the action */
	bgp_attrs_raise(&at, BGP_ACTION_RESET, 0, 0);
	assert_int_equal(at.action, BGP_ACTION_RESET);
	assert_true(at.malformed);
}

/* Section 4: the attribute field's framing; 3 d: missing mandatory ones. */
static void test_rfc7606_framing_and_missing(void **state)
{
	(void)state;
	struct bgp_attrs at;
	struct err e;
	/* overrun: decoding stops, what came before is kept, treat-as-withdraw */
	static const uint8_t over[] = {0x40, 1, 1, 0, 0x40, 2, 200, 2, 1, 0, 1};
	assert_int_equal(bgp_attrs_decode(over, sizeof over, 2, false, &at, &e), -1);
	assert_int_equal(at.action, BGP_ACTION_WITHDRAW);
	assert_int_equal(at.action_type, BGP_ATTR_AS_PATH);
	assert_int_equal(at.action_offset, 4);
	assert_non_null(strstr(e.msg, "treat-as-withdraw"));
	/* fewer than 3 (or 4 with Extended Length) bytes left for a header */
	static const uint8_t hdr[] = {0x40, 1, 1, 0, 0x50, 2, 0};
	assert_int_equal(bgp_attrs_decode(hdr, sizeof hdr, 2, false, &at, &e), -1);
	assert_int_equal(at.action, BGP_ACTION_WITHDRAW);
	assert_int_equal(e.offset, 4);
	assert_true(e.has_offset);
	/* well-known mandatory attributes missing when routes are announced */
	assert_int_equal(VERDICT(&at, 0x40, 1, 1, 0, 0x40, 2, 0), BGP_ACTION_NONE);
	assert_int_equal(bgp_attrs_check_mandatory(&at, false), 0); /* withdraw-only */
	assert_int_equal(bgp_attrs_check_mandatory(&at, true), BGP_ATTR_NEXT_HOP);
	assert_int_equal(at.action, BGP_ACTION_WITHDRAW);
	assert_int_equal(VERDICT(&at, 0x40, 3, 4, 192, 0, 2, 1), BGP_ACTION_NONE);
	assert_int_equal(bgp_attrs_check_mandatory(&at, true), BGP_ATTR_ORIGIN);
	/* MP_REACH NLRI need ORIGIN and AS_PATH but no NEXT_HOP */
	uint8_t mp[4 + 3 + 4 + 16 + 1 + 3] = {0x40, 1, 1, 0, 0x80, 14, 24, 0, 2, 1, 16, 0x20, 1};
	memcpy(mp + sizeof mp - 3, (uint8_t[]){16, 0x20, 1}, 3);
	assert_int_equal(verdict_of(mp, sizeof mp, &at), BGP_ACTION_NONE);
	assert_int_equal(at.mp_reach.nlri_len, 3);
	assert_int_equal(bgp_attrs_check_mandatory(&at, false), BGP_ATTR_AS_PATH);
}

/* The verdict reaches --json; bgpdump's -m line stays an announcement. */
static void test_rfc7606_json_and_bgpdump(void **state)
{
	(void)state;
	static const uint8_t bad_origin[] = {0x40, 1,    1,    5,    0x40, 2, 6,   2, 1, 0,
	                                     0,    0xfd, 0xe9, 0x40, 3,    4, 192, 0, 2, 1};
	struct bgp_attrs at;
	struct err e;
	assert_int_equal(bgp_attrs_decode(bad_origin, sizeof bad_origin, 4, false, &at, &e), -1);
	struct mrt_record rec = {.time = 1, .type = MRT_BGP4MP, .subtype = 4};
	struct mrt_elem el = {.type = MRT_ELEM_ANNOUNCE,
	                      .src = MRT_SRC_CLASSIC,
	                      .rec = &rec,
	                      .peer_family = 4,
	                      .peer_as = 65001,
	                      .afi = 1,
	                      .safi = 1,
	                      .pfx_len = 8,
	                      .pfx_raw = {10},
	                      .attrs = &at,
	                      .attrs_id = 1};
	struct mrt_buf b = {0};
	assert_int_equal(mrt_json_format(&el, &b), 0);
	assert_int_equal(mrt_buf_reserve(&b, 1), 0);
	b.p[b.len] = 0;
	assert_non_null(strstr(b.p, "\"type\":\"withdraw\""));
	assert_non_null(strstr(b.p, "\"rfc7606\":\"treat-as-withdraw\",\"rfc7606_attr\":1"));
	assert_null(strstr(b.p, "as_path"));
	b.len = 0;
	struct mrt_bgpdump f;
	mrt_bgpdump_init(&f, MRT_BGPDUMP_M, false);
	assert_int_equal(mrt_bgpdump_format(&f, &el, &b), 0);
	const char *want =
	    "BGP4MP|1|A|0.0.0.0|65001|10.0.0.0/8|65001|INCOMPLETE|192.0.2.1|0|0||NAG||\n";
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.p, want, b.len);
	/* attribute discard: still an announcement, the bad attribute left out */
	static const uint8_t bad_atomic[] = {0x40, 1, 1, 0, 0x40, 6, 1, 0};
	assert_int_equal(bgp_attrs_decode(bad_atomic, sizeof bad_atomic, 4, false, &at, &e), -1);
	el.attrs_id = 2;
	b.len = 0;
	assert_int_equal(mrt_json_format(&el, &b), 0);
	assert_int_equal(mrt_buf_reserve(&b, 1), 0);
	b.p[b.len] = 0;
	assert_non_null(strstr(b.p, "\"type\":\"announce\""));
	assert_non_null(strstr(b.p, "\"rfc7606\":\"attribute-discard\""));
	assert_null(strstr(b.p, "atomic_aggregate"));
	mrt_bgpdump_free(&f);
	mrt_buf_free(&b);
}

/* bgp_attr_field_next: short and extended lengths, then a header cut short. */
static void test_attr_walk(void **state)
{
	(void)state;
	const uint8_t a[] = {0x40, 1, 1, 0,                   /* ORIGIN IGP */
	                     0x50, 2, 0, 4, 2, 1, 0xfd, 0xe8, /* AS_PATH 65000, extended */
	                     0xc0, 8};                        /* cut short */
	struct wire_cur c = wire_cur_make(a, sizeof a);
	struct bgp_attr_field f;
	assert_true(bgp_attr_field_next(&c, &f));
	assert_int_equal(f.type, 1);
	assert_int_equal(f.len, 1);
	assert_int_equal(f.raw_len, 4);
	assert_ptr_equal(f.raw, a);
	assert_true(bgp_attr_field_next(&c, &f));
	assert_int_equal(f.type, 2);
	assert_int_equal(f.flags, 0x50);
	assert_int_equal(f.len, 4);
	assert_int_equal(f.raw_len, 8);
	assert_ptr_equal(f.value, a + 8);
	assert_true(wire_ok(&c));
	assert_false(bgp_attr_field_next(&c, &f));
	assert_false(wire_ok(&c));
	struct wire_cur end = wire_cur_make(a, 4);
	assert_true(bgp_attr_field_next(&end, &f));
	assert_false(bgp_attr_field_next(&end, &f));
	assert_true(wire_ok(&end)); /* the end is not a failure */
	const uint8_t over[] = {0x40, 2, 9, 2, 1};
	struct wire_cur o = wire_cur_make(over, sizeof over);
	assert_false(bgp_attr_field_next(&o, &f));
	assert_false(wire_ok(&o));
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
	    cmocka_unit_test(test_rfc7606_clean),
	    cmocka_unit_test(test_rfc7606_treat_as_withdraw),
	    cmocka_unit_test(test_rfc7606_attribute_discard),
	    cmocka_unit_test(test_rfc7606_flags),
	    cmocka_unit_test(test_rfc7606_duplicates),
	    cmocka_unit_test(test_rfc7606_session_reset),
	    cmocka_unit_test(test_rfc7606_framing_and_missing),
	    cmocka_unit_test(test_rfc7606_json_and_bgpdump),
	    cmocka_unit_test(test_attr_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
