/* SPDX-License-Identifier: ISC */
/* test_mrt_write.c - the MRT writer produces the exact bytes RFC 6396 wants. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bgp/mrt_write.h"

static char tmpl[64];

static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static struct mrt_writer *open_tmp(void)
{
	strcpy(tmpl, "/tmp/test_mrt_write.XXXXXX");
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	close(fd);
	struct err e;
	struct mrt_writer *w = mrt_writer_open(tmpl, &e);
	assert_non_null(w);
	return w;
}

static void test_peer_index_and_rib(void **state)
{
	(void)state;
	struct err e;
	struct mrt_writer *w = open_tmp();
	struct mrt_peer p = {.bgp_id = 0x0a000001, .asn = 64500};
	assert_int_equal(addr_parse("192.0.2.1", &p.addr, &e), 0);
	assert_int_equal(mrt_write_peer_index(w, 100, 0x0a0000fe, "v", &p, 1, &e), 0);
	uint32_t path[] = {64500, 64501};
	struct mrt_attrs a = {.origin = MRT_ORIGIN_IGP, .as_path = path, .as_path_len = 2};
	assert_int_equal(addr_parse("192.0.2.1", &a.next_hop, &e), 0);
	struct mrt_rib_entry re = {.peer_index = 0, .originated = 99, .attrs = &a};
	struct prefix pfx;
	assert_int_equal(prefix_parse("10.1.0.0/16", &pfx, &e), 0);
	assert_int_equal(mrt_write_rib(w, 100, 7, &pfx, &re, 1, &e), 0);
	assert_int_equal(mrt_writer_close(w, &e), 0);

	uint8_t buf[512];
	size_t n = slurp(tmpl, buf, sizeof buf);
	unlink(tmpl);
	static const uint8_t pit[] = {
	    0,    0,  0, 100,  0, 13,  0,   1, 0, 0, 0, 22, /* header: TD2 PEER_INDEX_TABLE, len 22
	                                                     */
	    10,   0,  0, 0xfe, 0, 1,   'v', 0, 1,           /* collector, view "v", 1 peer */
	    0x02, 10, 0, 0,    1, 192, 0,   2, 1, 0, 0, 0xfb, 0xf4};
	assert_true(n > sizeof pit);
	assert_memory_equal(buf, pit, sizeof pit);
	static const uint8_t rib[] = {
	    0,    0, 0, 100, 0,  13, 0, 2,  0,    0,    0, 42, /* RIB_IPV4_UNICAST, len 42 */
	    0,    0, 0, 7,   16, 10, 1, 0,  1,                 /* seq 7, 10.1/16, 1 entry */
	    0,    0, 0, 0,   0,  99, 0, 25,                    /* peer 0, originated 99, attr len */
	    0x40, 1, 1, 0,                                     /* ORIGIN IGP */
	    0x50, 2, 0, 10,  2,  2,  0, 0,  0xfb, 0xf4, 0, 0,  0xfb, 0xf5, /* AS_PATH */
	    0x40, 3, 4, 192, 0,  2,  1};                                   /* NEXT_HOP */
	assert_int_equal(n, sizeof pit + sizeof rib);
	assert_memory_equal(buf + sizeof pit, rib, sizeof rib);
}

static void test_update_v6_and_state(void **state)
{
	(void)state;
	struct err e;
	struct mrt_writer *w = open_tmp();
	struct mrt_session s = {.peer_as = 64500, .local_as = 64499};
	assert_int_equal(addr_parse("2001:db8::1", &s.peer_ip, &e), 0);
	assert_int_equal(addr_parse("2001:db8::2", &s.local_ip, &e), 0);
	struct prefix ann, wd;
	assert_int_equal(prefix_parse("2001:db8:1::/48", &ann, &e), 0);
	assert_int_equal(prefix_parse("10.0.0.0/8", &wd, &e), 0);
	struct mrt_attrs a = {.origin = MRT_ORIGIN_EGP};
	assert_int_equal(addr_parse("2001:db8::1", &a.next_hop, &e), 0);
	assert_int_equal(mrt_write_update(w, 5, &s, &wd, 1, &ann, 1, &a, &e), 0);
	assert_int_equal(mrt_write_state(w, 6, &s, MRT_STATE_IDLE, MRT_STATE_CONNECT, &e), 0);
	assert_int_equal(mrt_writer_close(w, &e), 0);

	uint8_t buf[512];
	size_t n = slurp(tmpl, buf, sizeof buf);
	unlink(tmpl);
	/* header 12 + 4+4+2+2+16+16 + BGP 19 + wd 2+2 + attrs 2 + origin 4 +
	 * as_path 4 + mp_reach 4+2+1+1+16+1+7 */
	size_t upd = 12 + 44 + 19 + 4 + 2 + 4 + 4 + 4 + 28;
	assert_true(n > upd);
	assert_int_equal(buf[7], 4);            /* MESSAGE_AS4 */
	assert_int_equal(buf[11], upd - 12);    /* record length */
	assert_int_equal(buf[12 + 44 + 18], 2); /* UPDATE */
	assert_int_equal(buf[12 + 44 + 16] << 8 | buf[12 + 44 + 17], upd - 12 - 44);
	static const uint8_t tail[] = {0, 0, 0, 6, 0, 16, 0, 5, 0, 0, 0, 48};
	assert_int_equal(n, upd + 12 + 48);
	assert_memory_equal(buf + upd, tail, sizeof tail);
	assert_int_equal(buf[n - 1], 2);
	assert_int_equal(buf[n - 3], 1);
}

static void test_too_big_update_fails(void **state)
{
	(void)state;
	struct err e;
	struct mrt_writer *w = open_tmp();
	struct mrt_session s = {.peer_as = 1, .local_as = 2};
	assert_int_equal(addr_parse("192.0.2.1", &s.peer_ip, &e), 0);
	assert_int_equal(addr_parse("192.0.2.2", &s.local_ip, &e), 0);
	static struct prefix many[2000];
	for (int i = 0; i < 2000; i++)
		many[i] = (struct prefix){
		    .family = 4, .len = 24, .addr = {10, (uint8_t)(i >> 8), (uint8_t)i}};
	assert_int_equal(mrt_write_update(w, 1, &s, many, 2000, NULL, 0, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "exceeds 4096"));
	assert_int_equal(mrt_writer_close(w, &e), 0);
	unlink(tmpl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_peer_index_and_rib),
	    cmocka_unit_test(test_update_v6_and_state),
	    cmocka_unit_test(test_too_big_update_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
