/* SPDX-License-Identifier: ISC */
/* test_rpki_out.c - export writers: every format that manrs can also read
 * must load back to the same set; the others carry every VRP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "out/rpki_out.h"

static const char *const source =
    "{\"metadata\":{\"buildtime\":\"2025-07-20T09:31:33Z\"},\"roas\":["
    "{\"asn\":13335,\"prefix\":\"1.0.0.0/24\",\"maxLength\":24,\"ta\":\"apnic\"},"
    "{\"asn\":64496,\"prefix\":\"192.0.2.0/24\",\"maxLength\":32,\"ta\":\"ripe\"},"
    "{\"asn\":0,\"prefix\":\"203.0.113.0/24\",\"maxLength\":24,\"ta\":\"arin\"},"
    "{\"asn\":4200000000,\"prefix\":\"2001:db8::/32\",\"maxLength\":48,\"ta\":\"ripe\"},"
    "{\"asn\":64497,\"prefix\":\"::/0\",\"maxLength\":128,\"ta\":\"x\\\"y\"}],"
    "\"aspas\":[{\"customer_asid\":64496,\"providers\":[64498,64497]}]}";

static void load_source(struct rpki_set *s)
{
	struct err e;
	rpki_set_init(s);
	if (rpki_set_load_buffer(s, source, strlen(source), "src", RPKI_FMT_AUTO, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(s);
}

static char *render(const char *fmt, const struct rpki_set *s, int family, size_t *len)
{
	const struct rpki_writer *w = rpki_writer_find(fmt);
	assert_non_null(w);
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_non_null(f);
	struct rpki_out_opts o = {.family = family, .now = 1753003893, .aspa = 1};
	assert_int_equal(w->write(f, s, &o), 0);
	fclose(f);
	return buf;
}

static void test_roundtrip(void **state)
{
	(void)state;
	static const struct {
		const char *fmt;
		int aspa; /* the format carries ASPAs */
	} fmts[] = {{"bird", 0}, {"bird1", 0}, {"openbgpd", 1}, {"csv", 0}, {"json", 1}};
	struct rpki_set s;
	load_source(&s);
	assert_int_equal(s.nvrps, 5);
	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		size_t len;
		char *text = render(fmts[i].fmt, &s, 0, &len);
		struct rpki_set t;
		struct err e;
		rpki_set_init(&t);
		if (rpki_set_load_buffer(&t, text, len, fmts[i].fmt, RPKI_FMT_AUTO, &e) < 0)
			fail_msg("%s: %s", fmts[i].fmt, e.msg);
		rpki_set_finish(&t);
		assert_int_equal(t.nvrps, s.nvrps);
		for (size_t k = 0; k < s.nvrps; k++)
			if (vrp_cmp(&s.vrps[k], &t.vrps[k]) != 0)
				fail_msg("%s: VRP %zu differs", fmts[i].fmt, k);
		assert_int_equal(t.nrejected, 0);
		if (fmts[i].aspa) {
			assert_int_equal(t.naspas, 1);
			assert_int_equal(t.aspas[0].nproviders, 2);
		}
		rpki_set_free(&t);
		free(text);
	}
	rpki_set_free(&s);
}

static int count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_router_snippets(void **state)
{
	(void)state;
	struct rpki_set s;
	load_source(&s);
	size_t len;
	char *t = render("junos", &s, 0, &len);
	assert_int_equal(count(t, "set routing-options validation static record"), 3);
	assert_int_equal(count(t, "set routing-options rib inet6.0 validation static record"), 2);
	assert_non_null(strstr(t, "record 192.0.2.0/24 maximum-length 32 origin-autonomous-system "
	                          "64496 validation-state valid"));
	free(t);
	t = render("ios", &s, 0, &len);
	assert_int_equal(count(t, " rpki route "), 5);
	assert_non_null(strstr(t, " rpki route 2001:db8::/32 max 48 origin 4200000000\n"));
	free(t);
	/* Family filters. */
	t = render("bird", &s, 4, &len);
	assert_null(strstr(t, "roa6"));
	assert_int_equal(count(t, "\troute "), 3);
	free(t);
	t = render("csv", &s, 6, &len);
	assert_int_equal(count(t, "\n"), 3);
	free(t);
	/* Aliases and unknown names. */
	assert_ptr_equal(rpki_writer_find("bird2"), rpki_writer_find("bird"));
	assert_ptr_equal(rpki_writer_find("juniper"), rpki_writer_find("junos"));
	assert_null(rpki_writer_find("nope"));
	rpki_set_free(&s);
}

/* A trust anchor name comes from the input; in CSV it must stay one field of
 * one line (RFC 4180 quoting, control characters escaped) and read back. */
static void test_csv_injection(void **state)
{
	(void)state;
	static const char doc[] = "{\"roas\":[{\"asn\":64496,\"prefix\":\"192.0.2.0/24\","
	                          "\"maxLength\":24,\"ta\":\"a,b\\nAS1,10.0.0.0/8,8,\\\"c\\r\"}]}";
	struct rpki_set s, t;
	struct err e;
	rpki_set_init(&s);
	if (rpki_set_load_buffer(&s, doc, strlen(doc), "src", RPKI_FMT_AUTO, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&s);
	assert_non_null(strchr(s.ta_names[1], '\n'));
	size_t len;
	char *text = render("csv", &s, 0, &len);
	assert_int_equal(count(text, "\n"), 2);
	assert_non_null(
	    strstr(text, "AS64496,192.0.2.0/24,24,\"a,b\\x0aAS1,10.0.0.0/8,8,\"\"c\\x0d\"\n"));
	rpki_set_init(&t);
	if (rpki_set_load_buffer(&t, text, len, "csv", RPKI_FMT_AUTO, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&t);
	assert_int_equal(t.nvrps, 1);
	assert_string_equal(rpki_out_ta(&t, &t.vrps[0]), "a,b\\x0aAS1,10.0.0.0/8,8,\"c\\x0d");
	free(text);
	rpki_set_free(&t);
	rpki_set_free(&s);
}

/* The dialect names every manrs exporter shares, old names kept as aliases. */
static void test_format_names(void **state)
{
	(void)state;
	static const char *const names[] = {"ios",   "iosxr",    "junos", "bird",
	                                    "bird1", "openbgpd", "csv",   "json"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_non_null(rpki_writer_find(names[i]));
	assert_string_equal(rpki_writer_find("ios")->name, "iosxr");
	assert_ptr_equal(rpki_writer_find("cisco"), rpki_writer_find("iosxr"));
	const char *al[8];
	/* The aliases are out/dialect.c's, the same for every exporter. */
	assert_int_equal(rpki_writer_aliases(rpki_writer_find("iosxr"), al, 8), 6);
	assert_string_equal(al[0], "ios-xr");
	assert_string_equal(al[2], "ios");
	assert_ptr_equal(rpki_writer_find("rpki-client"), rpki_writer_find("json"));
	assert_ptr_equal(rpki_writer_find("BIRD2"), rpki_writer_find("bird"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_router_snippets),
	    cmocka_unit_test(test_csv_injection),
	    cmocka_unit_test(test_format_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
