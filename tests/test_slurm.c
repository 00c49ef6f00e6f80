/* SPDX-License-Identifier: ISC */
/* test_slurm.c - RFC 8416 SLURM read strictly: unknown and missing members,
 * slurmVersion, bad filters and assertions fail the file with their JSON
 * path and leave the set unchanged; per-rule counts for 'rpki info'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rpki/rpki_set.h"
#include "rpki/rpki_slurm.h"

#define FILTERS_OK "\"validationOutputFilters\":{\"prefixFilters\":[],\"bgpsecFilters\":[]}"
#define ASSERT_OK "\"locallyAddedAssertions\":{\"prefixAssertions\":[],\"bgpsecAssertions\":[]}"

static const char data[] = "{\"roas\":["
                           "{\"asn\":64496,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24},"
                           "{\"asn\":64497,\"prefix\":\"198.51.100.0/24\",\"maxLength\":24},"
                           "{\"asn\":64497,\"prefix\":\"203.0.113.0/24\",\"maxLength\":24},"
                           "{\"asn\":64498,\"prefix\":\"203.0.113.0/25\",\"maxLength\":25}],"
                           "\"aspas\":[{\"customer_asid\":64500,\"providers\":[64501]}]}";

static void load_data(struct rpki_set *s)
{
	struct err e;
	rpki_set_init(s);
	if (rpki_set_load_buffer(s, data, strlen(data), "data.json", RPKI_FMT_JSON, &e) < 0)
		fail_msg("%s", e.msg);
}

/* Apply doc as SLURM; returns the result and leaves the message in e. */
static int apply(struct rpki_set *s, const char *doc, struct err *e)
{
	err_clear(e);
	return rpki_set_load_buffer(s, doc, strlen(doc), "local.slurm", RPKI_FMT_SLURM, e);
}

/* doc must fail with a message containing every needle; the set stays. */
static void expect_reject(const char *doc, const char *needle1, const char *needle2)
{
	struct rpki_set s;
	struct err e;
	load_data(&s);
	assert_int_equal(apply(&s, doc, &e), -1);
	if (!strstr(e.msg, needle1) || (needle2 && !strstr(e.msg, needle2)))
		fail_msg("message '%s' lacks '%s'/'%s'", e.msg, needle1, needle2 ? needle2 : "");
	assert_int_equal(s.nvrps, 4);
	assert_int_equal(s.naspas, 1);
	rpki_set_free(&s);
}

static void test_accepts_rfc_document(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	load_data(&s);
	const char *doc = "{\"slurmVersion\":1,\"validationOutputFilters\":{"
	                  "\"prefixFilters\":[{\"asn\":64497,\"comment\":\"x\"}],"
	                  "\"bgpsecFilters\":[{\"asn\":1,\"SKI\":\"abc\"}]},"
	                  "\"locallyAddedAssertions\":{\"prefixAssertions\":["
	                  "{\"asn\":64510,\"prefix\":\"10.0.0.0/8\",\"maxPrefixLength\":16,"
	                  "\"comment\":\"mine\"}],\"bgpsecAssertions\":[]}}";
	if (apply(&s, doc, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 3); /* 2 filtered, 1 asserted */
	rpki_set_free(&s);
}

static void test_rejects_members(void **state)
{
	(void)state;
	/* unknown top-level member */
	expect_reject("{\"slurmVersion\":1," FILTERS_OK "," ASSERT_OK ",\"extra\":1}",
	              "SLURM $: unknown member \"extra\"", "local.slurm");
	/* missing top-level members */
	expect_reject("{\"slurmVersion\":1," FILTERS_OK "}", "missing member",
	              "locallyAddedAssertions");
	expect_reject("{" FILTERS_OK "," ASSERT_OK "}", "missing member", "slurmVersion");
	/* unknown and missing members inside the two objects */
	expect_reject("{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":[],"
	              "\"bgpsecFilters\":[],\"routeFilters\":[]}," ASSERT_OK "}",
	              "$.validationOutputFilters: unknown member \"routeFilters\"", NULL);
	expect_reject(
	    "{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":[]}," ASSERT_OK "}",
	    "$.validationOutputFilters: missing member \"bgpsecFilters\"", NULL);
	expect_reject("{\"slurmVersion\":1," FILTERS_OK
	              ",\"locallyAddedAssertions\":{\"bgpsecAssertions\":[]}}",
	              "$.locallyAddedAssertions: missing member \"prefixAssertions\"", NULL);
}

static void test_rejects_versions(void **state)
{
	(void)state;
	expect_reject("{\"slurmVersion\":3," FILTERS_OK "," ASSERT_OK "}", "$.slurmVersion",
	              "unsupported version 3");
	expect_reject("{\"slurmVersion\":0," FILTERS_OK "," ASSERT_OK "}", "$.slurmVersion", NULL);
	expect_reject("{\"slurmVersion\":\"1\"," FILTERS_OK "," ASSERT_OK "}", "slurmVersion",
	              NULL);
}

/* A bad filter and a bad assertion fail the same way, with their path. */
static void test_rejects_bad_entries(void **state)
{
	(void)state;
	expect_reject("{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":["
	              "{\"asn\":1},{\"prefix\":\"10.0.0.0/8\",\"maxPrefixLength\":9}],"
	              "\"bgpsecFilters\":[]}," ASSERT_OK "}",
	              "$.validationOutputFilters.prefixFilters[1]", "\"maxPrefixLength\"");
	expect_reject("{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":["
	              "{\"prefix\":\"10.0.0.300/8\"}],\"bgpsecFilters\":[]}," ASSERT_OK "}",
	              "$.validationOutputFilters.prefixFilters[0].prefix", "bad prefix");
	expect_reject("{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":["
	              "{\"comment\":\"nothing\"}],\"bgpsecFilters\":[]}," ASSERT_OK "}",
	              "$.validationOutputFilters.prefixFilters[0]", "needs");
	expect_reject("{\"slurmVersion\":1," FILTERS_OK ",\"locallyAddedAssertions\":{"
	              "\"prefixAssertions\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\","
	              "\"maxPrefixLength\":7}],\"bgpsecAssertions\":[]}}",
	              "$.locallyAddedAssertions.prefixAssertions[0].maxPrefixLength",
	              "outside 8..32");
	expect_reject(
	    "{\"slurmVersion\":1," FILTERS_OK ",\"locallyAddedAssertions\":{"
	    "\"prefixAssertions\":[{\"prefix\":\"10.0.0.0/8\"}],\"bgpsecAssertions\":[]}}",
	    "$.locallyAddedAssertions.prefixAssertions[0]", "missing member \"asn\"");
	expect_reject("{\"slurmVersion\":1," FILTERS_OK ",\"locallyAddedAssertions\":{"
	              "\"prefixAssertions\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"ta\":\"x\"}],"
	              "\"bgpsecAssertions\":[]}}",
	              "$.locallyAddedAssertions.prefixAssertions[0]", "unknown member \"ta\"");
	expect_reject(
	    "{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":[],"
	    "\"bgpsecFilters\":[],\"aspaFilters\":[{\"customerAsid\":1,\"x\":2}]}," ASSERT_OK "}",
	    "$.validationOutputFilters.aspaFilters[0]", "unknown member \"x\"");
	expect_reject("{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":{},"
	              "\"bgpsecFilters\":[]}," ASSERT_OK "}",
	              "$.validationOutputFilters.prefixFilters", "expected an array");
}

/* The same document read as data (DN42 exports add "source", "mnt-by") is
 * lenient: extra members are skipped. */
static void test_lenient_as_data(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	const char *doc =
	    "{\"slurmVersion\":1,\"validationOutputFilters\":{\"prefixFilters\":[],"
	    "\"bgpsecFilters\":[]},\"locallyAddedAssertions\":{\"bgpsecAssertions\":[],"
	    "\"prefixAssertions\":[{\"asn\":4242420000,\"prefix\":\"fd00::/48\","
	    "\"maxPrefixLength\":64,\"source\":\"DN42\",\"mnt-by\":\"X-MNT\"}]}}";
	if (rpki_set_load_buffer(&s, doc, strlen(doc), "dn42.json", RPKI_FMT_AUTO, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(s.nvrps, 1);
	rpki_set_free(&s);
}

/* Counts per rule: VRPs each filter removed (a VRP matched by two filters
 * counts for both), ASPAs each ASPA filter removed, one per assertion. */
static void test_counts(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	struct slurm_stats st;
	memset(&st, 0, sizeof st);
	load_data(&s);
	const char *doc = "{\"slurmVersion\":2,\"validationOutputFilters\":{\"prefixFilters\":["
	                  "{\"asn\":64497},{\"prefix\":\"203.0.113.0/24\"},"
	                  "{\"prefix\":\"203.0.113.0/24\",\"asn\":64499},{\"asn\":1}],"
	                  "\"bgpsecFilters\":[],\"aspaFilters\":[{\"customerAsid\":64500}]},"
	                  "\"locallyAddedAssertions\":{\"prefixAssertions\":["
	                  "{\"asn\":64510,\"prefix\":\"10.0.0.0/8\"}],\"bgpsecAssertions\":[],"
	                  "\"aspaAssertions\":[{\"customerAsid\":64600,\"providers\":[64601]}]}}";
	s.slurm_stats = &st;
	int rc = apply(&s, doc, &e);
	if (rc < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(st.n, 7);
	/* The counts belong to that set: another set applying SLURM at the
	 * same time records nothing there. */
	struct rpki_set other;
	load_data(&other);
	if (apply(&other, doc, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_free(&other);
	assert_int_equal(st.n, 7);
	assert_int_equal(st.rules[0].kind, SLURM_PREFIX_FILTER);
	assert_string_equal(st.rules[0].what, "AS64497");
	assert_int_equal(st.rules[0].count, 2); /* 198.51.100.0/24 and 203.0.113.0/24 */
	assert_string_equal(st.rules[1].what, "203.0.113.0/24");
	assert_int_equal(st.rules[1].count, 2); /* /24 of 64497 and /25 of 64498 */
	assert_int_equal(st.rules[2].count, 0); /* names another AS */
	assert_int_equal(st.rules[3].count, 0);
	assert_non_null(strstr(st.rules[2].where, "$.validationOutputFilters.prefixFilters[2]"));
	int aspa_filter = -1, assertion = -1, aspa_assertion = -1;
	for (size_t i = 0; i < st.n; i++) {
		if (st.rules[i].kind == SLURM_ASPA_FILTER)
			aspa_filter = (int)i;
		if (st.rules[i].kind == SLURM_PREFIX_ASSERTION)
			assertion = (int)i;
		if (st.rules[i].kind == SLURM_ASPA_ASSERTION)
			aspa_assertion = (int)i;
	}
	assert_true(aspa_filter >= 0 && assertion >= 0 && aspa_assertion >= 0);
	assert_int_equal(st.rules[aspa_filter].count, 1);
	assert_int_equal(st.rules[assertion].count, 1);
	assert_string_equal(st.rules[assertion].what, "10.0.0.0/8-8 AS64510");
	assert_int_equal(st.rules[aspa_assertion].count, 1);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 2);  /* 192.0.2.0/24 and the assertion */
	assert_int_equal(s.naspas, 1); /* 64500 filtered, 64600 asserted */
	slurm_stats_free(&st);
	rpki_set_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_accepts_rfc_document), cmocka_unit_test(test_rejects_members),
	    cmocka_unit_test(test_rejects_versions),     cmocka_unit_test(test_rejects_bad_entries),
	    cmocka_unit_test(test_lenient_as_data),      cmocka_unit_test(test_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
