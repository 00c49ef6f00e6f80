/* SPDX-License-Identifier: ISC */
/* test_sav_out.c - every anti-spoofing writer against its expected output
 * (tests/data/sav/FORMAT.out, OpenBSD regress style). Run with
 * SAV_OUT_REGEN=1 in the source tree to rewrite them after a deliberate
 * change, then review the diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "out/sav_out.h"

static const char *const yml = "asn: 64500\n"
                               "customers:\n"
                               "  - {name: cust-a, asn: 64501, interface: eth1, vlan: 101,\n"
                               "     mac: \"02:00:00:00:00:01\"}\n"
                               "  - {name: cust.b, asn: 64502, interface: xe-0/0/2.100}\n"
                               "  - {name: transit, asn: 64510, relation: provider, "
                               "interface: eth9}\n";

static void add(struct sav_plist *l, const char *s)
{
	struct prefix p;
	assert_int_equal(prefix_parse(s, &p, NULL), 0);
	assert_int_equal(sav_plist_add(l, &p), 0);
}

static char *render(const struct sav_writer *w, size_t *n)
{
	struct sav_conf c;
	struct err e;
	assert_int_equal(sav_conf_parse(&c, yml, strlen(yml), "t.yml", &e), 0);
	struct sav_out_filter f[3] = {{.nb = &c.nb[0], .strict_known = true, .strict_ok = true},
	                              {.nb = &c.nb[1], .strict_known = true},
	                              {.nb = &c.nb[2]}};
	add(&f[0].allowed, "192.0.2.0/24");
	add(&f[0].allowed, "198.51.100.0/25");
	add(&f[0].allowed, "2001:db8::/32");
	add(&f[1].allowed, "203.0.113.0/24");
	struct sav_out_doc d = {.conf = &c, .method = SAV_EFP_A, .f = f, .n = 3};
	char *buf = NULL;
	FILE *out = open_memstream(&buf, n);
	assert_non_null(out);
	assert_int_equal(w->write(out, &d), 0);
	fclose(out);
	for (int i = 0; i < 3; i++)
		sav_plist_free(&f[i].allowed);
	sav_conf_free(&c);
	return buf;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 16);
	assert_non_null(buf);
	*n = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static void test_writers(void **state)
{
	const struct sav_writer *const *w;
	size_t nw = sav_writers(&w);
	assert_true(nw >= 13);
	for (size_t i = 0; i < nw; i++) {
		char path[256];
		size_t n, want_n;
		snprintf(path, sizeof path, "tests/data/sav/%s.out", w[i]->name);
		char *got = render(w[i], &n);
		if (getenv("SAV_OUT_REGEN")) {
			FILE *f = fopen(path, "wb");
			assert_non_null(f);
			fwrite(got, 1, n, f);
			fclose(f);
		}
		char *want = slurp(path, &want_n);
		if (!want || want_n != n || memcmp(got, want, n)) {
			fprintf(stderr, "%s differs from:\n%.*s", path, (int)n, got);
			fail();
		}
		free(got);
		free(want);
	}
}

static void test_find(void **state)
{
	assert_non_null(sav_writer_find("nftables"));
	assert_non_null(sav_writer_find("urpf-junos"));
	assert_null(sav_writer_find("nft"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_writers),
	    cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
