/* SPDX-License-Identifier: ISC */
/* test_rpki_diff.c - set differences: synthetic sets, and the two real
 * rpki-client snapshots 30 minutes apart (9 VRPs added, 6 removed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rpki/rpki_diff.h"

static void load(struct rpki_set *s, const char *text)
{
	struct err e;
	rpki_set_init(s);
	if (rpki_set_load_buffer(s, text, strlen(text), "t", RPKI_FMT_AUTO, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(s);
}

struct seen {
	uint32_t added[8], removed[8];
	int na, nr;
	uint32_t aspa[8];
	char kind[8];
	int nk;
};

static void on_vrp(const struct vrp *v, int added, void *ctx)
{
	struct seen *s = ctx;
	if (added)
		s->added[s->na++ & 7] = v->asn;
	else
		s->removed[s->nr++ & 7] = v->asn;
}

static void on_aspa(const struct aspa *old, const struct aspa *cur, void *ctx)
{
	struct seen *s = ctx;
	s->aspa[s->nk & 7] = (cur ? cur : old)->customer;
	s->kind[s->nk++ & 7] = !old ? '+' : !cur ? '-' : '~';
}

static void test_synthetic(void **state)
{
	(void)state;
	struct rpki_set a, b;
	load(&a, "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"maxLength\":8},"
	         "{\"asn\":2,\"prefix\":\"10.0.0.0/8\",\"maxLength\":8},"
	         "{\"asn\":3,\"prefix\":\"2001:db8::/32\",\"maxLength\":48}],"
	         "\"aspas\":[{\"customer_asid\":1,\"providers\":[2]},{\"customer_asid\":2,"
	         "\"providers\":[3]},{\"customer_asid\":3,\"providers\":[4,5]}]}");
	load(&b, "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"maxLength\":8},"
	         "{\"asn\":2,\"prefix\":\"10.0.0.0/8\",\"maxLength\":9},"
	         "{\"asn\":4,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24},"
	         "{\"asn\":3,\"prefix\":\"2001:db8::/32\",\"maxLength\":48}],"
	         "\"aspas\":[{\"customer_asid\":2,\"providers\":[3]},{\"customer_asid\":3,"
	         "\"providers\":[5,4,6]},{\"customer_asid\":9,\"providers\":[1]}]}");
	struct seen s;
	memset(&s, 0, sizeof s);
	struct rpki_diff_counts n;
	rpki_diff(&a, &b, on_vrp, on_aspa, &s, &n);
	assert_int_equal(n.vrps_added, 2);
	assert_int_equal(n.vrps_removed, 1);
	assert_int_equal(s.removed[0], 2); /* maxLength 8 -> 9 is a remove and an add */
	assert_int_equal(s.added[0], 2);
	assert_int_equal(s.added[1], 4);
	assert_int_equal(n.aspas_added, 1);
	assert_int_equal(n.aspas_removed, 1);
	assert_int_equal(n.aspas_changed, 1);
	assert_int_equal(s.nk, 3);
	assert_int_equal(s.aspa[0], 1);
	assert_int_equal(s.kind[0], '-');
	assert_int_equal(s.aspa[1], 3);
	assert_int_equal(s.kind[1], '~');
	assert_int_equal(s.aspa[2], 9);
	assert_int_equal(s.kind[2], '+');
	/* A set against itself, and against an empty set. */
	rpki_diff(&a, &a, NULL, NULL, NULL, &n);
	assert_int_equal(n.vrps_added + n.vrps_removed + n.aspas_changed, 0);
	struct rpki_set e;
	rpki_set_init(&e);
	rpki_set_finish(&e);
	rpki_diff(&e, &b, NULL, NULL, NULL, &n);
	assert_int_equal(n.vrps_added, b.nvrps);
	assert_int_equal(n.aspas_added, b.naspas);
	rpki_set_free(&a);
	rpki_set_free(&b);
	rpki_set_free(&e);
}

static void test_real_snapshots(void **state)
{
	(void)state;
	const char *base = getenv("SHARED_DATA") ? getenv("SHARED_DATA") : "../shared/data";
	char p1[512], p2[512];
	snprintf(p1, sizeof p1,
	         "%s/rpki/rpkilog-rpki-client-2025-07-20/"
	         "rpkiclient_summary_20250720T093135Z.json.bz2",
	         base);
	snprintf(p2, sizeof p2,
	         "%s/rpki/rpkilog-rpki-client-2025-07-20/"
	         "rpkiclient_summary_20250720T100145Z.json.bz2",
	         base);
	if (access(p1, R_OK) || access(p2, R_OK))
		skip();
	struct rpki_set a, b;
	struct err e;
	rpki_set_init(&a);
	rpki_set_init(&b);
	a.ignore_expires = b.ignore_expires = 1; /* 2025 snapshots, expired since */
	if (rpki_set_load_file(&a, p1, &e) < 0 || rpki_set_load_file(&b, p2, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&a);
	rpki_set_finish(&b);
	struct rpki_diff_counts n;
	rpki_diff(&a, &b, NULL, NULL, NULL, &n);
	assert_int_equal(n.vrps_added, 9);
	assert_int_equal(n.vrps_removed, 6);
	assert_int_equal(n.aspas_added + n.aspas_removed + n.aspas_changed, 0);
	assert_int_equal(b.nvrps, a.nvrps + 3);
	rpki_set_free(&a);
	rpki_set_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_synthetic),
	    cmocka_unit_test(test_real_snapshots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
