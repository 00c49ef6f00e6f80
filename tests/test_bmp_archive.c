/* SPDX-License-Identifier: ISC */
/* test_bmp_archive.c - archive file names (periods aligned to the
 * interval, in UTC), rotation (a file appears only when its period ended),
 * and a RIB snapshot read back with the MRT reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bgp/mrt.h"
#include "bgp/mrt_elem.h"
#include "bmp/bmp_archive.h"

/* 2026-12-07 06:17:30 UTC */
#define T0 1796624250u

static void test_names(void **state)
{
	(void)state;
	char b[256];
	assert_string_equal(bmp_archive_name(b, sizeof b, "d", "updates", T0, 900),
	                    "d/updates.20261207.0615.mrt");
	assert_string_equal(bmp_archive_name(b, sizeof b, "d", "updates", T0, 300),
	                    "d/updates.20261207.0615.mrt");
	assert_string_equal(bmp_archive_name(b, sizeof b, "d", "updates", T0, 3600),
	                    "d/updates.20261207.0600.mrt");
	assert_string_equal(bmp_archive_name(b, sizeof b, "d", "rib", T0, 7200),
	                    "d/rib.20261207.0600.mrt");
	assert_string_equal(bmp_archive_name(b, sizeof b, "d", "rib", T0 + 2400, 7200),
	                    "d/rib.20261207.0600.mrt");
	assert_string_equal(bmp_archive_name(b, sizeof b, "d", "rib", T0 + 6600, 7200),
	                    "d/rib.20261207.0800.mrt");
	assert_null(bmp_archive_name(b, 10, "d", "updates", T0, 900));
}

static char dir[] = "/tmp/test_bmp_archive.XXXXXX";

static int exists(const char *name)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

/* A BGP KEEPALIVE stands for any message: the archive does not look. */
static const uint8_t keepalive[19] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0,    19,   4};

static void test_rotation(void **state)
{
	(void)state;
	struct bmp_archive a;
	struct err e;
	struct bmp_archive_config cfg = {.dir = dir, .rotate = 900, .rib_interval = 7200};
	struct mrt_session s = {.peer_as = 64500, .local_as = 64501};
	addr_parse("192.0.2.1", &s.peer_ip, &e);
	addr_parse("192.0.2.2", &s.local_ip, &e);
	assert_int_equal(bmp_archive_init(&a, &cfg, &e), 0);
	assert_int_equal(bmp_archive_message(&a, T0, T0, &s, 4, keepalive, sizeof keepalive, &e),
	                 0);
	assert_int_equal(
	    bmp_archive_message(&a, T0 + 500, T0, &s, 4, keepalive, sizeof keepalive, &e), 0);
	/* the open file is not visible under its name */
	assert_false(exists("updates.20261207.0615.mrt"));
	assert_int_equal(bmp_archive_tick(&a, T0 + 700, &e), 0); /* 06:29:10: same period */
	assert_false(exists("updates.20261207.0615.mrt"));
	assert_int_equal(bmp_archive_tick(&a, T0 + 750, &e), 0); /* 06:30:00: rotated */
	assert_true(exists("updates.20261207.0615.mrt"));
	/* the next message opens the next period's file */
	assert_int_equal(
	    bmp_archive_message(&a, T0 + 800, T0, &s, 4, keepalive, sizeof keepalive, &e), 0);
	assert_int_equal(bmp_archive_close(&a, &e), 0);
	assert_true(exists("updates.20261207.0630.mrt"));
	assert_int_equal(a.files, 2);
	assert_int_equal(a.records, 3);

	/* the first snapshot is due at the next 2-hour boundary (08:00) */
	assert_false(bmp_archive_rib_due(&a, T0));
	assert_false(bmp_archive_rib_due(&a, T0 + 6000));
	assert_true(bmp_archive_rib_due(&a, T0 + 6150));
	assert_false(bmp_archive_rib_due(&a, T0 + 6200));

	/* an interval that does not divide a day is refused */
	cfg.rotate = 7 * 60;
	assert_int_equal(bmp_archive_init(&a, &cfg, &e), -1);
}

/* A snapshot of two peers, one with a 2-byte-ASN session: read back, every
 * route is there with a 4-byte AS path. */
static void test_rib_snapshot(void **state)
{
	(void)state;
	struct bmp_state *st = bmp_state_new();
	struct bmp_router *r = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_peer_key k1 = {.family = 4, .addr = {198, 51, 100, 1}};
	struct bmp_peer_key k2 = {.family = 4, .addr = {198, 51, 100, 2}};
	struct bmp_peer *p1 = bmp_router_peer(r, &k1, true), *p2 = bmp_router_peer(r, &k2, true);
	bmp_peer_up(p1, T0, 4200000001u, 1, 4, 0);
	bmp_peer_up(p2, T0, 64502, 2, 2, 0);
	/* ORIGIN, AS_PATH 4-byte {4200000001 64999}, NEXT_HOP */
	const uint8_t a4[] = {0x40, 1, 1, 0,    0x40, 2,    10, 2, 2,   0xfa, 0x56, 0xea,
	                      0x01, 0, 0, 0xfd, 0xe7, 0x40, 3,  4, 198, 51,   100,  1};
	/* ORIGIN, AS_PATH 2-byte {64502 64999}, NEXT_HOP */
	const uint8_t a2[] = {0x40, 1,    1,    0,    0x40, 2, 6,   2,  2,   0xfb,
	                      0xf6, 0xfd, 0xe7, 0x40, 3,    4, 198, 51, 100, 2};
	struct prefix px;
	struct err e;
	prefix_parse("203.0.113.0/24", &px, &e);
	uint32_t s4 = bmp_state_intern(st, 4, a4, sizeof a4);
	uint32_t s2 = bmp_state_intern(st, 2, a2, sizeof a2);
	assert_int_equal(bmp_peer_announce(st, p1, BMP_VIEW_ADJ_IN_PRE, &px, 0, s4, T0), 1);
	assert_int_equal(bmp_peer_announce(st, p2, BMP_VIEW_ADJ_IN_PRE, &px, 0, s2, T0), 1);
	struct bmp_archive_config cfg = {.dir = dir, .rotate = 900, .view = BMP_VIEW_ADJ_IN_PRE};
	size_t routes;
	assert_int_equal(bmp_archive_write_rib(&cfg, st, T0, &routes, &e), 0);
	assert_int_equal(routes, 2);

	char path[512];
	snprintf(path, sizeof path, "%s/rib.20261207.0617.mrt", dir);
	struct mrt_reader *rd = mrt_reader_open(path, &e);
	assert_non_null(rd);
	struct mrt_elems *it = mrt_elems_new(rd, &e);
	const struct mrt_elem *el;
	int n = 0;
	uint32_t path_out[8];
	while (mrt_elems_next(it, &el, &e) == 1) {
		assert_int_equal(el->type, MRT_ELEM_RIB);
		assert_int_equal(bgp_attrs_path(el->attrs, path_out, 8), 2);
		assert_int_equal(path_out[0], n == 0 ? 4200000001u : 64502);
		assert_int_equal(path_out[1], 64999);
		n++;
	}
	assert_int_equal(n, 2);
	mrt_elems_free(it);
	mrt_reader_close(rd);
	bmp_state_free(st);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_rotation),
	    cmocka_unit_test(test_rib_snapshot),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
