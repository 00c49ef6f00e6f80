/* SPDX-License-Identifier: ISC */
/* test_mrt_addpath.c - ADD-PATH NLRI under plain BGP4MP subtypes (BIRD's
 * pre-RFC 8050 mrtdump) decode to exactly the routes sent, and an UPDATE
 * with any undecodable NLRI yields none of its prefixes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bgp/mrt.h"
#include "bgp/mrt_elem.h"
#include "bgp/mrt_write.h"

struct file {
	uint8_t buf[1 << 14];
	size_t len;
};

static struct mrt_session session(bool addpath, uint32_t path_id)
{
	struct err e;
	struct mrt_session s = {
	    .peer_as = 64500, .local_as = 64499, .addpath = addpath, .path_id = path_id};
	assert_int_equal(addr_parse("192.0.2.1", &s.peer_ip, &e), 0);
	assert_int_equal(addr_parse("192.0.2.2", &s.local_ip, &e), 0);
	return s;
}

static void write_opens(struct mrt_writer *w, const struct mrt_session *s, uint8_t peer_ap,
                        uint8_t local_ap)
{
	struct err e;
	struct bgp_open o = {.version = 4, .my_as = 64500, .hold_time = 90, .n_afs = 2};
	o.afs[0].afi = 1, o.afs[0].safi = 1, o.afs[0].addpath = peer_ap;
	o.afs[1].afi = 2, o.afs[1].safi = 1, o.afs[1].addpath = peer_ap;
	assert_int_equal(mrt_write_open(w, 99, s, false, &o, &e), 0);
	o.my_as = 64499;
	o.afs[0].addpath = o.afs[1].addpath = local_ap;
	assert_int_equal(mrt_write_open(w, 99, s, true, &o, &e), 0);
}

/* Withdraw 10.1.0.0/16 and 2001:db8:1::/48, announce 10.2.0.0/24 and
 * 2001:db8:2::/48: classic fields and MP_UNREACH/MP_REACH. */
static void make(struct file *f, bool addpath, uint32_t path_id, bool opens)
{
	char path[] = "/tmp/test_mrt_addpath.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct err e;
	struct mrt_writer *w = mrt_writer_open(path, &e);
	assert_non_null(w);
	struct mrt_session s = session(addpath, path_id);
	if (opens)
		write_opens(w, &s, 3, addpath ? 1 : 0);
	struct prefix wd[2], an[2];
	assert_int_equal(prefix_parse("10.1.0.0/16", &wd[0], &e), 0);
	assert_int_equal(prefix_parse("2001:db8:1::/48", &wd[1], &e), 0);
	assert_int_equal(prefix_parse("10.2.0.0/24", &an[0], &e), 0);
	assert_int_equal(prefix_parse("2001:db8:2::/48", &an[1], &e), 0);
	uint32_t as_path[] = {64500, 64511};
	struct mrt_attrs a = {.origin = MRT_ORIGIN_IGP, .as_path = as_path, .as_path_len = 2};
	assert_int_equal(addr_parse("2001:db8::1", &a.next_hop, &e), 0);
	struct mrt_attrs a4 = a;
	assert_int_equal(addr_parse("192.0.2.1", &a4.next_hop, &e), 0);
	assert_int_equal(mrt_write_update(w, 100, &s, wd, 2, NULL, 0, NULL, &e), 0);
	assert_int_equal(mrt_write_update(w, 101, &s, NULL, 0, &an[0], 1, &a4, &e), 0);
	assert_int_equal(mrt_write_update(w, 102, &s, NULL, 0, &an[1], 1, &a, &e), 0);
	assert_int_equal(mrt_writer_close(w, &e), 0);
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	f->len = fread(f->buf, 1, sizeof f->buf, in);
	fclose(in);
	unlink(path);
}

struct result {
	char lines[1024];
	unsigned long warnings, dropped;
	char last_warning[512];
};

static void on_warn(void *ctx, const struct err *e)
{
	struct result *r = ctx;
	snprintf(r->last_warning, sizeof r->last_warning, "%s", e->msg);
}

/* Every element as "W 10.1.0.0/16 id src;". */
static void decode(const struct file *f, struct result *r)
{
	memset(r, 0, sizeof *r);
	struct err e;
	struct mrt_reader *rd = mrt_reader_open_mem(f->buf, f->len, "t.mrt", &e);
	assert_non_null(rd);
	mrt_reader_set_warn(rd, on_warn, r);
	struct mrt_elems *it = mrt_elems_new(rd, &e);
	const struct mrt_elem *el;
	int rc;
	while ((rc = mrt_elems_next(it, &el, &e)) > 0) {
		struct prefix p;
		char ps[PREFIX_STRLEN];
		mrt_elem_prefix(el, &p);
		size_t n = strlen(r->lines);
		snprintf(r->lines + n, sizeof r->lines - n, "%c %s %u %d;",
		         el->type == MRT_ELEM_WITHDRAW ? 'W' : 'A',
		         prefix_format(&p, ps, sizeof ps), el->addpath ? el->path_id : 0,
		         (int)el->addpath_src);
	}
	assert_int_equal(rc, 0);
	r->warnings = mrt_reader_warnings(rd);
	r->dropped = mrt_elems_dropped_updates(it);
	mrt_elems_free(it);
	mrt_reader_close(rd);
}

static void test_plain_reference(void **state)
{
	(void)state;
	static struct file f;
	struct result r;
	make(&f, false, 0, false);
	decode(&f, &r);
	assert_string_equal(r.lines, "W 10.1.0.0/16 0 0;W 2001:db8:1::/48 0 0;A 10.2.0.0/24 0 0;"
	                             "A 2001:db8:2::/48 0 0;");
	assert_int_equal(r.warnings, 0);
}

static void test_addpath_from_opens(void **state)
{
	(void)state;
	static struct file f;
	struct result r;
	make(&f, true, 7, true);
	decode(&f, &r);
	assert_string_equal(r.lines, "W 10.1.0.0/16 7 2;W 2001:db8:1::/48 7 2;A 10.2.0.0/24 7 2;"
	                             "A 2001:db8:2::/48 7 2;");
	assert_int_equal(r.warnings, 0);
}

static void test_addpath_detected_without_opens(void **state)
{
	(void)state;
	static struct file f;
	struct result r;
	/* BIRD numbers paths from 1: 00 00 00 01 reads as three /0 routes. */
	make(&f, true, 1, false);
	decode(&f, &r);
	assert_string_equal(r.lines, "W 10.1.0.0/16 1 3;W 2001:db8:1::/48 1 3;A 10.2.0.0/24 1 3;"
	                             "A 2001:db8:2::/48 1 3;");
	assert_int_equal(r.warnings, 0);
}

static void test_opens_without_addpath_stay_plain(void **state)
{
	(void)state;
	static struct file f;
	struct result r;
	/* The peer offers to send but the collector does not receive. */
	make(&f, false, 0, true);
	decode(&f, &r);
	assert_string_equal(r.lines, "W 10.1.0.0/16 0 0;W 2001:db8:1::/48 0 0;A 10.2.0.0/24 0 0;"
	                             "A 2001:db8:2::/48 0 0;");
}

/* Find needle in f; returns its offset. */
static size_t find(const struct file *f, const uint8_t *needle, size_t n)
{
	for (size_t i = 0; i + n <= f->len; i++)
		if (!memcmp(f->buf + i, needle, n))
			return i;
	fail_msg("pattern not found");
	return 0;
}

static void test_half_parsed_classic_dropped(void **state)
{
	(void)state;
	static struct file f;
	struct result r;
	make(&f, false, 0, false);
	/* The withdrawn field holds 10.1.0.0/16 only: make its length byte
	 * 8 so that one good /8 is followed by a lone, truncated byte. */
	const uint8_t wd[] = {0x00, 0x03, 0x10, 0x0a, 0x01};
	size_t at = find(&f, wd, sizeof wd);
	f.buf[at + 2] = 8;
	decode(&f, &r);
	/* Before the fix "W 10.0.0.0/8" and "W 2001:db8:1::/48" came out. */
	assert_string_equal(r.lines, "A 10.2.0.0/24 0 0;A 2001:db8:2::/48 0 0;");
	assert_int_equal(r.dropped, 1);
	assert_int_equal(r.warnings, 1);
	assert_non_null(strstr(r.last_warning, "withdrawn routes"));
}

static void test_half_parsed_mp_dropped(void **state)
{
	(void)state;
	static struct file f;
	struct result r;
	make(&f, false, 0, false);
	/* MP_UNREACH_NLRI of 2001:db8:1::/48 (7 bytes): claim /16 so that
	 * 2001::/16 is followed by four bytes that are not a prefix. */
	const uint8_t mp[] = {0x00, 0x02, 0x01, 0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01};
	size_t at = find(&f, mp, sizeof mp);
	f.buf[at + 3] = 16;
	f.buf[at + 6] = 0xff; /* next "prefix" claims length 255 */
	decode(&f, &r);
	/* The whole first UPDATE is gone: neither 10.1.0.0/16 nor 2001::/16. */
	assert_string_equal(r.lines, "A 10.2.0.0/24 0 0;A 2001:db8:2::/48 0 0;");
	assert_int_equal(r.dropped, 1);
	assert_non_null(strstr(r.last_warning, "MP_UNREACH_NLRI"));
	assert_non_null(strstr(r.last_warning, "UPDATE dropped"));
	assert_non_null(strstr(r.last_warning, "t.mrt: offset"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_reference),
	    cmocka_unit_test(test_addpath_from_opens),
	    cmocka_unit_test(test_addpath_detected_without_opens),
	    cmocka_unit_test(test_opens_without_addpath_stay_plain),
	    cmocka_unit_test(test_half_parsed_classic_dropped),
	    cmocka_unit_test(test_half_parsed_mp_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
