/* SPDX-License-Identifier: ISC */
/* test_mrt_filter.c - the shared MRT filters: time, AS path regex,
 * communities, and their option parsing. */
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
#include "bgp/mrt_filter.h"
#include "bgp/mrt_write.h"

static uint8_t buf[1 << 14];
static size_t buf_len;

/* Three announcements at t=1000, 2000, 3000 with different paths and
 * communities, and a withdrawal at 2500. */
static void make(void)
{
	char path[] = "/tmp/test_mrt_filter.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct err e;
	struct mrt_writer *w = mrt_writer_open(path, &e);
	assert_non_null(w);
	struct mrt_session s = {.peer_as = 3356, .local_as = 64499};
	assert_int_equal(addr_parse("192.0.2.1", &s.peer_ip, &e), 0);
	assert_int_equal(addr_parse("192.0.2.2", &s.local_ip, &e), 0);
	uint32_t p1[] = {3356, 701, 64500}, p2[] = {3356, 1299, 7018}, p3[] = {3356, 64500, 65001};
	uint32_t std[] = {0xFFFFFF01, (3356u << 16) | 100};
	uint32_t large[] = {4200000000u, 1, 2};
	struct mrt_attrs a[3] = {
	    {.as_path = p1, .as_path_len = 3, .communities = std, .n_communities = 2},
	    {.as_path = p2, .as_path_len = 3, .large = large, .n_large = 1},
	    {.as_path = p3, .as_path_len = 3},
	};
	struct prefix pf[3];
	const char *ps[3] = {"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(addr_parse("192.0.2.1", &a[i].next_hop, &e), 0);
		assert_int_equal(prefix_parse(ps[i], &pf[i], &e), 0);
		assert_int_equal(mrt_write_update(w, 1000u * (unsigned)(i + 1), &s, NULL, 0, &pf[i],
		                                  1, &a[i], &e),
		                 0);
	}
	assert_int_equal(mrt_write_update(w, 2500, &s, &pf[0], 1, NULL, 0, NULL, &e), 0);
	assert_int_equal(mrt_writer_close(w, &e), 0);
	FILE *f = fopen(path, "rb");
	buf_len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	unlink(path);
}

/* Apply options (pairs of id, arg) and list the matching elements as
 * "A10.1.0.0/16 " ... */
static void run(char *out, size_t n, int nopts, ...)
{
	struct mrt_filter f;
	struct err e;
	mrt_filter_init(&f);
	va_list ap;
	va_start(ap, nopts);
	for (int i = 0; i < nopts; i++) {
		int id = va_arg(ap, int);
		const char *arg = va_arg(ap, const char *);
		assert_int_equal(mrt_filter_option(&f, id, arg, &e), 1);
	}
	va_end(ap);
	assert_int_equal(mrt_filter_ready(&f, &e), 0);
	if (!buf_len)
		make();
	struct mrt_reader *r = mrt_reader_open_mem(buf, buf_len, "f.mrt", &e);
	struct mrt_elems *it = mrt_elems_new(r, &e);
	const struct mrt_elem *el;
	out[0] = 0;
	while (mrt_elems_next(it, &el, &e) > 0) {
		if (!mrt_filter_match(&f, el))
			continue;
		struct prefix p;
		char s[PREFIX_STRLEN];
		mrt_elem_prefix(el, &p);
		size_t k = strlen(out);
		snprintf(out + k, n - k, "%c%s ", el->type == MRT_ELEM_WITHDRAW ? 'W' : 'A',
		         prefix_format(&p, s, sizeof s));
	}
	mrt_elems_free(it);
	mrt_reader_close(r);
	mrt_filter_free(&f);
}

static void test_time_window(void **state)
{
	(void)state;
	char out[256];
	run(out, sizeof out, 2, MRT_FOPT_START, "2000", MRT_FOPT_END, "2500");
	assert_string_equal(out, "A10.2.0.0/16 W10.1.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_END, "1970-01-01T00:16:40Z"); /* 1000 */
	assert_string_equal(out, "A10.1.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_START, "1970-01-01 00:50");
	assert_string_equal(out, "A10.3.0.0/16 ");
}

static void test_aspath_regex(void **state)
{
	(void)state;
	char out[256];
	run(out, sizeof out, 1, MRT_FOPT_ASPATH, "_64500$");
	assert_string_equal(out, "A10.1.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_ASPATH, "_64500_");
	assert_string_equal(out, "A10.1.0.0/16 A10.3.0.0/16 ");
	/* '_' is a delimiter, not a substring: 701 is not in 7018. */
	run(out, sizeof out, 1, MRT_FOPT_ASPATH, "_701_");
	assert_string_equal(out, "A10.1.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_ASPATH, "^3356_1299_");
	assert_string_equal(out, "A10.2.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_ASPATH, "^3356 (701|1299) ");
	assert_string_equal(out, "A10.1.0.0/16 A10.2.0.0/16 ");
}

static void test_communities(void **state)
{
	(void)state;
	char out[256];
	run(out, sizeof out, 1, MRT_FOPT_COMMUNITY, "no-export");
	assert_string_equal(out, "A10.1.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_COMMUNITY, "3356:100");
	assert_string_equal(out, "A10.1.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_COMMUNITY, "4200000000:1:2");
	assert_string_equal(out, "A10.2.0.0/16 ");
	run(out, sizeof out, 2, MRT_FOPT_COMMUNITY, "4200000000:1:2", MRT_FOPT_COMMUNITY,
	    "3356:100");
	assert_string_equal(out, "A10.1.0.0/16 A10.2.0.0/16 ");
	run(out, sizeof out, 1, MRT_FOPT_COMMUNITY, "3356:101");
	assert_string_equal(out, "");
}

static void test_bad_arguments(void **state)
{
	(void)state;
	struct mrt_filter f;
	struct err e;
	static const struct {
		int opt;
		const char *arg;
	} bad[] = {
	    {MRT_FOPT_START, "yesterday"},
	    {MRT_FOPT_END, "2026-13-01"},
	    {MRT_FOPT_START, "2026-01-01T10:00+02:00"},
	    {MRT_FOPT_ASPATH, "(701"},
	    {MRT_FOPT_COMMUNITY, "65536:1"},
	    {MRT_FOPT_COMMUNITY, "1:2:3:4"},
	    {MRT_FOPT_COMMUNITY, "no-such"},
	    {MRT_FOPT_TYPE, "rib,foo"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		mrt_filter_init(&f);
		assert_int_equal(mrt_filter_option(&f, bad[i].opt, bad[i].arg, &e), -1);
		mrt_filter_free(&f);
	}
	mrt_filter_init(&f);
	assert_int_equal(mrt_filter_option(&f, 'x', NULL, &e), 0);
	assert_int_equal(mrt_filter_option(&f, MRT_FOPT_START, "3000", &e), 1);
	assert_int_equal(mrt_filter_option(&f, MRT_FOPT_END, "2000", &e), 1);
	assert_int_equal(mrt_filter_ready(&f, &e), -1);
	mrt_filter_free(&f);
	uint32_t t;
	assert_int_equal(mrt_filter_parse_time("2026-01-01", &t, &e), 0);
	assert_int_equal(t, 1767225600u);
	assert_int_equal(mrt_filter_parse_time("2026-01-01T00:00:00Z", &t, &e), 0);
	assert_int_equal(t, 1767225600u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_time_window),
	    cmocka_unit_test(test_aspath_regex),
	    cmocka_unit_test(test_communities),
	    cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
