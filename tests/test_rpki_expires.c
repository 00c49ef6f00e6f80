/* SPDX-License-Identifier: ISC */
/* test_rpki_expires.c - per-VRP/ASPA "expires": entries past it are dropped
 * at load time and counted, the expiry array beside the VRPs stays aligned
 * through sorting, de-duplication and SLURM filtering, and a finished set can
 * shed the entries that expire later (what the RTR server does while it
 * runs). Checked on fixed cases and on random sets against a model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "out/rpki_out.h"
#include "rpki/rpki_set.h"

#define NOW 1800000000 /* fixed "now" (2027) so the tests do not age */

static int load(struct rpki_set *s, const char *text, struct err *e)
{
	err_clear(e);
	return rpki_set_load_buffer(s, text, strlen(text), "t.json", RPKI_FMT_AUTO, e);
}

/* Load text into s or fail the test with the loader's message. */
static void must_load(struct rpki_set *s, const char *text)
{
	struct err e;
	if (load(s, text, &e) < 0)
		fail_msg("%s", e.msg);
}

/* An empty set whose clock is NOW. */
static void set_at_now(struct rpki_set *s)
{
	rpki_set_init(s);
	s->now = NOW;
}

/* Index of the VRP with this prefix and ASN, or -1. */
static long find_vrp(const struct rpki_set *s, const char *pfx, uint32_t asn)
{
	struct prefix p;
	if (prefix_parse(pfx, &p, NULL) < 0)
		return -1;
	for (size_t i = 0; i < s->nvrps; i++)
		if (s->vrps[i].family == p.family && s->vrps[i].len == p.len &&
		    s->vrps[i].asn == asn && memcmp(s->vrps[i].addr, p.addr, 16) == 0)
			return (long)i;
	return -1;
}

static const char mixed[] =
    "{\"roas\":["
    "{\"asn\":1,\"prefix\":\"10.1.0.0/16\",\"maxLength\":16,\"ta\":\"a\",\"expires\":1799999999},"
    "{\"asn\":2,\"prefix\":\"10.2.0.0/16\",\"maxLength\":16,\"ta\":\"a\",\"expires\":1800000000},"
    "{\"asn\":3,\"prefix\":\"10.3.0.0/16\",\"maxLength\":16,\"ta\":\"a\",\"expires\":1800000500},"
    "{\"asn\":4,\"prefix\":\"10.4.0.0/16\",\"maxLength\":16,\"ta\":\"a\"},"
    "{\"asn\":5,\"prefix\":\"2001:db8::/32\",\"maxLength\":32,\"ta\":\"a\",\"expires\":1},"
    "{\"asn\":6,\"prefix\":\"10.6.0.0/16\",\"maxLength\":16,\"ta\":\"a\",\"expires\":null}],"
    "\"aspas\":["
    "{\"customer_asid\":100,\"expires\":1700000000,\"providers\":[1]},"
    "{\"customer_asid\":101,\"expires\":1800000100,\"providers\":[2]},"
    "{\"customer_asid\":102,\"providers\":[3]}]}";

static void test_load_drops_expired(void **state)
{
	(void)state;
	struct rpki_set s;
	set_at_now(&s);
	must_load(&s, mixed);
	rpki_set_finish(&s);
	/* Expired: strictly before now; at now itself still valid (as StayRTR). */
	assert_int_equal(s.nvrps, 4);
	assert_int_equal(s.nexpired_vrps, 2);
	assert_int_equal(find_vrp(&s, "10.1.0.0/16", 1), -1);
	assert_int_equal(find_vrp(&s, "2001:db8::/32", 5), -1);
	long i2 = find_vrp(&s, "10.2.0.0/16", 2), i3 = find_vrp(&s, "10.3.0.0/16", 3);
	long i4 = find_vrp(&s, "10.4.0.0/16", 4), i6 = find_vrp(&s, "10.6.0.0/16", 6);
	assert_true(i2 >= 0 && i3 >= 0 && i4 >= 0 && i6 >= 0);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)i2), 1800000000);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)i3), 1800000500);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)i4), 0);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)i6), 0);
	assert_int_equal(s.naspas, 2);
	assert_int_equal(s.nexpired_aspas, 1);
	assert_null(rpki_set_find_aspa(&s, 100));
	assert_int_equal(rpki_set_find_aspa(&s, 101)->expires, 1800000100);
	assert_int_equal(rpki_set_find_aspa(&s, 102)->expires, 0);
	assert_int_equal(s.next_expiry, 1800000000);
	rpki_set_free(&s);
}

static void test_ignore_expires(void **state)
{
	(void)state;
	struct rpki_set s;
	set_at_now(&s);
	s.ignore_expires = 1;
	must_load(&s, mixed);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 6);
	assert_int_equal(s.naspas, 3);
	assert_int_equal(s.nexpired_vrps + s.nexpired_aspas, 0);
	assert_int_equal(s.next_expiry, 0); /* nothing to re-evaluate */
	/* The times are still known (an export keeps them). */
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)find_vrp(&s, "2001:db8::/32", 5)), 1);
	rpki_set_free(&s);
}

/* The default "now" is the clock: a 2025 expiry is past, 2100 is not. */
static void test_clock(void **state)
{
	(void)state;
	struct rpki_set s;
	rpki_set_init(&s);
	must_load(&s, "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"expires\":1753453058},"
	              "{\"asn\":2,\"prefix\":\"11.0.0.0/8\",\"expires\":4102444800}]}");
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 1);
	assert_int_equal(s.vrps[0].asn, 2);
	assert_int_equal(s.nexpired_vrps, 1);
	assert_int_equal(s.now, 0); /* the loader's clock reading is not kept */
	rpki_set_free(&s);
}

/* A VRP from two sources stays while either copy is valid; a copy without
 * an expiry never expires. */
static void test_duplicates(void **state)
{
	(void)state;
	struct rpki_set s;
	set_at_now(&s);
	must_load(&s,
	          "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"ta\":\"a\",\"expires\":1},"
	          "{\"asn\":2,\"prefix\":\"11.0.0.0/8\",\"ta\":\"a\",\"expires\":1800000100},"
	          "{\"asn\":3,\"prefix\":\"12.0.0.0/8\",\"ta\":\"a\",\"expires\":1800000100}]}");
	must_load(
	    &s,
	    "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"ta\":\"b\",\"expires\":1800000900},"
	    "{\"asn\":2,\"prefix\":\"11.0.0.0/8\",\"ta\":\"b\",\"expires\":1800000200}]}");
	must_load(&s, "ASN,IP Prefix,Max Length,Trust Anchor\nAS3,12.0.0.0/8,8,c\n");
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 3);
	assert_int_equal(s.nexpired_vrps, 1);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)find_vrp(&s, "10.0.0.0/8", 1)),
	                 1800000900);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)find_vrp(&s, "11.0.0.0/8", 2)),
	                 1800000200);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)find_vrp(&s, "12.0.0.0/8", 3)), 0);
	assert_int_equal(s.next_expiry, 1800000200);
	rpki_set_free(&s);
}

static void test_csv_expires(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	set_at_now(&s);
	must_load(
	    &s,
	    "ASN,IP Prefix,Max Length,Trust Anchor,Expires\n"
	    "AS1,10.0.0.0/8,8,a,1799999000\nAS2,11.0.0.0/8,8,a,1800001000\nAS3,12.0.0.0/8,8,a,\n");
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 2);
	assert_int_equal(s.nexpired_vrps, 1);
	assert_int_equal(s.next_expiry, 1800001000);
	/* A bad expiry is a broken line, named. */
	assert_int_equal(load(&s,
	                      "ASN,IP Prefix,Max Length,Trust Anchor,Expires\n"
	                      "AS1,10.0.0.0/8,8,a,soon\n",
	                      &e),
	                 -1);
	assert_int_equal(e.line, 2);
	/* A broken file rolls the expired counter back too. */
	assert_int_equal(load(&s,
	                      "ASN,IP Prefix,Max Length,Trust Anchor,Expires\n"
	                      "AS1,13.0.0.0/8,8,a,1\nAS1,14.0.0.1/8,8,a,1\n",
	                      &e),
	                 -1);
	assert_int_equal(s.nexpired_vrps, 1);
	rpki_set_free(&s);
}

/* A bad "expires" skips that entry only, like any other bad value. */
static void test_bad_json_expires(void **state)
{
	(void)state;
	struct rpki_set s;
	set_at_now(&s);
	must_load(&s, "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"expires\":\"tomorrow\"},"
	              "{\"asn\":2,\"prefix\":\"11.0.0.0/8\",\"expires\":1900000000}]}");
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 1);
	assert_int_equal(s.nrejected, 1);
	assert_non_null(strstr(s.reject_msg, "expires"));
	rpki_set_free(&s);
}

/* Random VRPs (many duplicates, shuffled) whose expiry is a function of the
 * VRP: after finish every VRP must still carry its own expiry. */
static uint32_t exp_of(const struct vrp *v)
{
	return 1800000000u + (v->asn % 7) * 1000u + v->addr[1] * 10u + v->maxlen;
}

static struct vrp rand_vrp(unsigned k)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	v.family = k % 5 ? 4 : 6;
	v.addr[0] = v.family == 4 ? 10 : 0x20;
	v.addr[1] = (uint8_t)(k % 97);
	v.len = 16;
	v.maxlen = (uint8_t)(16 + k % 4);
	v.asn = 64496 + k % 13;
	return v;
}

static void test_alignment_random(void **state)
{
	(void)state;
	srand(42);
	for (int round = 0; round < 30; round++) {
		struct rpki_set s;
		rpki_set_init(&s);
		s.now = NOW;
		size_t n = (size_t)(rand() % 3000);
		for (size_t i = 0; i < n; i++) {
			struct vrp v = rand_vrp((unsigned)rand());
			/* Some without an expiry first, so the array starts late. */
			int64_t x = i < 5 && round % 2 ? 0 : exp_of(&v);
			assert_int_equal(rpki_set_add_vrp_expires(&s, &v, x), 0);
		}
		rpki_set_finish(&s);
		for (size_t i = 0; i < s.nvrps; i++) {
			int64_t x = rpki_set_vrp_expires(&s, i);
			assert_true(x == 0 || x == exp_of(&s.vrps[i]));
			if (i)
				assert_true(vrp_cmp(&s.vrps[i - 1], &s.vrps[i]) < 0);
		}
		rpki_set_free(&s);
	}
}

/* rpki_set_drop_expired against a model: load random entries at NOW, then
 * drop at a later time; what remains is exactly what the model keeps. */
static void test_drop_expired_model(void **state)
{
	(void)state;
	srand(7);
	for (int round = 0; round < 40; round++) {
		struct rpki_set s;
		rpki_set_init(&s);
		s.now = NOW;
		size_t n = 1 + (size_t)(rand() % 500);
		struct vrp *in = calloc(n, sizeof *in);
		int64_t *inx = calloc(n, sizeof *inx);
		assert_non_null(in);
		assert_non_null(inx);
		for (size_t i = 0; i < n; i++) {
			in[i] = rand_vrp((unsigned)i * 2654435761u);
			in[i].asn = 64496 + (uint32_t)i; /* unique */
			int r = rand() % 4;
			inx[i] = r == 0 ? 0 : r == 1 ? NOW - 1 - rand() % 100 : NOW + rand() % 1000;
			assert_int_equal(rpki_set_add_vrp_expires(&s, &in[i], inx[i]), 0);
		}
		uint32_t prov = 1;
		assert_int_equal(rpki_set_add_aspa(&s, 7, &prov, 1), 0);
		s.aspas[0].expires = NOW + 300;
		rpki_set_finish(&s);
		int64_t later = NOW + rand() % 1100;
		struct rpki_set d;
		long dropped = rpki_set_drop_expired(&s, later, &d);
		assert_true(dropped >= 0);
		size_t keep = 0, at_load = 0;
		int64_t next = 0;
		for (size_t i = 0; i < n; i++) {
			if (inx[i] && inx[i] < NOW)
				continue;
			at_load++;
			long j = -1;
			for (size_t k = 0; k < d.nvrps; k++)
				if (vrp_cmp(&d.vrps[k], &in[i]) == 0)
					j = (long)k;
			if (inx[i] && inx[i] < later) {
				assert_int_equal(j, -1);
				continue;
			}
			assert_true(j >= 0);
			assert_int_equal(rpki_set_vrp_expires(&d, (size_t)j), inx[i]);
			keep++;
			if (inx[i] && (!next || inx[i] < next))
				next = inx[i];
		}
		int aspa_kept = NOW + 300 >= later;
		if (aspa_kept && (!next || NOW + 300 < next))
			next = NOW + 300;
		assert_int_equal(s.nvrps, at_load);
		assert_int_equal(d.nvrps, keep);
		assert_int_equal(d.naspas, (size_t)aspa_kept);
		assert_int_equal(dropped, (long)(at_load - keep) + !aspa_kept);
		assert_int_equal(d.nexpired_vrps, n - keep);
		assert_int_equal(d.next_expiry, next);
		assert_int_equal(d.nta, s.nta);
		rpki_set_free(&d);
		rpki_set_free(&s);
		free(in);
		free(inx);
	}
}

/* SLURM filters compact the VRPs: the expiry array must follow. */
static void test_slurm_keeps_alignment(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	set_at_now(&s);
	must_load(&s, "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"expires\":1800000001},"
	              "{\"asn\":2,\"prefix\":\"11.0.0.0/8\",\"expires\":1800000002},"
	              "{\"asn\":3,\"prefix\":\"12.0.0.0/8\",\"expires\":1800000003}]}");
	const char *slurm = "{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":"
	                    "[{\"asn\":2}],\"bgpsecFilters\":[]},\"locallyAddedAssertions\":"
	                    "{\"prefixAssertions\":[{\"asn\":9,\"prefix\":\"13.0.0.0/8\"}],"
	                    "\"bgpsecAssertions\":[]}}";
	err_clear(&e);
	if (rpki_set_load_buffer(&s, slurm, strlen(slurm), "s.slurm", RPKI_FMT_SLURM, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 3);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)find_vrp(&s, "10.0.0.0/8", 1)),
	                 1800000001);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)find_vrp(&s, "12.0.0.0/8", 3)),
	                 1800000003);
	assert_int_equal(rpki_set_vrp_expires(&s, (size_t)find_vrp(&s, "13.0.0.0/8", 9)), 0);
	rpki_set_free(&s);
}

/* The JSON export writes the expiry back, so another loader honours it. */
static void test_json_export_roundtrip(void **state)
{
	(void)state;
	struct rpki_set s, t;
	struct err e;
	set_at_now(&s);
	must_load(&s, mixed);
	rpki_set_finish(&s);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct rpki_out_opts o = {.now = NOW};
	assert_int_equal(rpki_writer_json.write(f, &s, &o), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\"expires\": 1800000500"));
	rpki_set_init(&t);
	t.now = NOW + 200; /* later: 10.2/16 and ASPA 101 have expired since */
	err_clear(&e);
	if (rpki_set_load_buffer(&t, buf, len, "export.json", RPKI_FMT_AUTO, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&t);
	assert_int_equal(t.nvrps, 3);
	assert_int_equal(t.nexpired_vrps, 1);
	assert_int_equal(t.naspas, 1);
	assert_int_equal(t.nexpired_aspas, 1);
	assert_int_equal(t.next_expiry, 1800000500);
	free(buf);
	rpki_set_free(&t);
	rpki_set_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_drops_expired),
	    cmocka_unit_test(test_ignore_expires),
	    cmocka_unit_test(test_clock),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_csv_expires),
	    cmocka_unit_test(test_bad_json_expires),
	    cmocka_unit_test(test_alignment_random),
	    cmocka_unit_test(test_drop_expired_model),
	    cmocka_unit_test(test_slurm_keeps_alignment),
	    cmocka_unit_test(test_json_export_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
