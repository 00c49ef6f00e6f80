/* SPDX-License-Identifier: ISC */
/* test_detect_bogon_path.c - the bogon, path and path-neighbors detectors
 * (BGPalerter's monitorPath and monitorPathNeighbors semantics), each
 * called through its ops with a hand-built configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect_fake.h"
#include "policy/bogon.h"

extern const struct detector_ops detect_bogon_ops, detect_path_ops, detect_path_neighbors_ops;

static size_t feed(const struct detector_ops *ops, void *det, struct detect_out *out,
                   const char *pfx, const uint32_t *path, size_t n)
{
	struct route_event ev = fake_announce(pfx, path, n);
	out->n = 0;
	ops->on_event(det, &ev, NULL, out);
	return out->n;
}

static void test_bogon(void **state)
{
	(void)state;
	struct err e = {0};
	struct monitor_config cfg = {0};
	struct bogon_set *bs = bogon_set_new(true, &e);
	assert_non_null(bs);
	struct detect_ctx ctx = {.cfg = &cfg, .bogons = bs};
	void *d = detect_bogon_ops.create(&ctx, &e);
	struct detect_out out = {0};
	const uint32_t clean[] = {3356, 174, 65000 - 30000};
	assert_int_equal(feed(&detect_bogon_ops, d, &out, "8.8.8.0/24", clean, 3), 0);
	assert_int_equal(feed(&detect_bogon_ops, d, &out, "10.1.0.0/16", clean, 3), 1);
	assert_string_equal(out.hits[0].type, "bogon");
	assert_string_equal(out.hits[0].code, "B|prefix");
	assert_int_equal(out.hits[0].offender_as, 35000);
	assert_non_null(strstr(out.hits[0].desc, "Private-Use"));
	/* A private ASN (prepended) passed on by 174: 174 is at fault. */
	const uint32_t priv[] = {3356, 174, 64512, 64512};
	assert_int_equal(feed(&detect_bogon_ops, d, &out, "8.8.8.0/24", priv, 4), 1);
	assert_string_equal(out.hits[0].code, "B|asn");
	assert_int_equal(out.hits[0].offender_as, 174);
	assert_non_null(strstr(out.hits[0].desc, "bogon AS64512"));
	/* Both at once: two hits. */
	assert_int_equal(feed(&detect_bogon_ops, d, &out, "192.168.0.0/24", priv, 4), 2);
	/* A bogon ASN as the collector's neighbour is its own offender. */
	const uint32_t first[] = {64600, 174, 15169};
	assert_int_equal(feed(&detect_bogon_ops, d, &out, "8.8.8.0/24", first, 3), 1);
	assert_int_equal(out.hits[0].offender_as, 64600);
	detect_bogon_ops.destroy(d);
	/* Without a bogon set the detector stays silent. */
	ctx.bogons = NULL;
	d = detect_bogon_ops.create(&ctx, &e);
	assert_int_equal(feed(&detect_bogon_ops, d, &out, "10.1.0.0/16", priv, 4), 0);
	detect_bogon_ops.destroy(d);
	bogon_set_free(bs);
}

static void rule(struct mon_path_rule *r, const char *match, const char *not_match, int maxlen,
                 int minlen, const char *desc)
{
	memset(r, 0, sizeof *r);
	r->match = (char *)match;
	r->not_match = (char *)not_match;
	if (match)
		assert_int_equal(regcomp(&r->match_re, match, REG_EXTENDED | REG_NOSUB), 0);
	if (not_match)
		assert_int_equal(regcomp(&r->not_match_re, not_match, REG_EXTENDED | REG_NOSUB), 0);
	r->max_length = maxlen;
	r->min_length = minlen;
	r->description = (char *)desc;
}

static void rule_free(struct mon_path_rule *r)
{
	if (r->match)
		regfree(&r->match_re);
	if (r->not_match)
		regfree(&r->not_match_re);
}

static void test_path(void **state)
{
	(void)state;
	struct err e = {0};
	struct mon_path_rule rules[2];
	/* BGPalerter's own example, written with its ',' separator. */
	rule(&rules[0], ".*2194,1234$", ".*5054.*", -1, -1, "detected scrubbing center");
	/* Written with ' ' and only a length bound. */
	rule(&rules[1], "^3356 ", NULL, 4, -1, "too long via 3356");
	struct mon_prefix mp[3] = {0};
	prefix_parse("203.0.113.0/24", &mp[0].pfx, &e);
	mp[0].paths = &rules[0];
	mp[0].npaths = 1;
	prefix_parse("198.51.100.0/24", &mp[1].pfx, &e);
	mp[1].paths = &rules[1];
	mp[1].npaths = 1;
	mp[1].ignore_morespecifics = true;
	prefix_parse("203.0.113.0/26", &mp[2].pfx, &e); /* more specific, no rules */
	struct monitor_config cfg = {.prefixes = mp, .nprefixes = 3};
	struct detect_ctx ctx = {.cfg = &cfg};
	void *d = detect_path_ops.create(&ctx, &e);
	struct detect_out out = {0};
	const uint32_t scrub[] = {3356, 2194, 1234};
	assert_int_equal(feed(&detect_path_ops, d, &out, "203.0.113.128/25", scrub, 3), 1);
	assert_string_equal(out.hits[0].type, "path");
	assert_string_equal(out.hits[0].code, "P|rule");
	assert_ptr_equal(out.hits[0].monitored, &mp[0]);
	assert_non_null(strstr(out.hits[0].desc, "Matched detected scrubbing center on prefix "
	                                         "203.0.113.128/25 path: 3356,2194,1234"));
	const uint32_t via5054[] = {5054, 2194, 1234};
	assert_int_equal(feed(&detect_path_ops, d, &out, "203.0.113.0/24", via5054, 3), 0);
	const uint32_t other[] = {3356, 1234};
	assert_int_equal(feed(&detect_path_ops, d, &out, "203.0.113.0/24", other, 2), 0);
	/* The most specific entry decides: the /26 has no rules. */
	assert_int_equal(feed(&detect_path_ops, d, &out, "203.0.113.0/26", scrub, 3), 0);

	const uint32_t len4[] = {3356, 1, 2, 1234}, len5[] = {3356, 1, 2, 2, 1234};
	assert_int_equal(feed(&detect_path_ops, d, &out, "198.51.100.0/24", len4, 4), 0);
	assert_int_equal(feed(&detect_path_ops, d, &out, "198.51.100.0/24", len5, 5), 1);
	assert_string_equal(out.hits[0].code, "P|length");
	assert_non_null(strstr(out.hits[0].desc, "(including length violation)"));
	/* ignoreMorespecifics: the /25 is not checked. */
	assert_int_equal(feed(&detect_path_ops, d, &out, "198.51.100.0/25", len5, 5), 0);
	/* A minLength that is met raises nothing. */
	rule_free(&rules[1]);
	rule(&rules[1], NULL, NULL, -1, 3, "short");
	assert_int_equal(feed(&detect_path_ops, d, &out, "198.51.100.0/24", len4, 4), 0);
	assert_int_equal(feed(&detect_path_ops, d, &out, "198.51.100.0/24", other, 2), 1);
	detect_path_ops.destroy(d);
	rule_free(&rules[0]);
	rule_free(&rules[1]);
}

static void test_path_neighbors(void **state)
{
	(void)state;
	struct err e = {0};
	uint32_t ups[] = {3356, 174}, downs[] = {65010};
	struct mon_asn ma[3] = {
	    {.asn = 65001,
	     .has_upstreams = true,
	     .upstreams = ups,
	     .nupstreams = 2,
	     .has_downstreams = true,
	     .downstreams = downs,
	     .ndownstreams = 1},
	    {.asn = 65002, .has_upstreams = true}, /* an empty list: no upstream allowed */
	    {.asn = 65003},                        /* no lists: not checked */
	};
	struct monitor_config cfg = {.asns = ma, .nasns = 3};
	struct detect_ctx ctx = {.cfg = &cfg};
	void *d = detect_path_neighbors_ops.create(&ctx, &e);
	struct detect_out out = {0};
	const uint32_t ok[] = {3356, 65001, 65001, 65010};
	assert_int_equal(feed(&detect_path_neighbors_ops, d, &out, "192.0.2.0/24", ok, 4), 0);
	const uint32_t ok_origin[] = {174, 65001};
	assert_int_equal(feed(&detect_path_neighbors_ops, d, &out, "192.0.2.0/24", ok_origin, 2),
	                 0);
	const uint32_t newup[] = {2914, 65001, 65010};
	assert_int_equal(feed(&detect_path_neighbors_ops, d, &out, "192.0.2.0/24", newup, 3), 1);
	assert_string_equal(out.hits[0].type, "path-neighbors");
	assert_string_equal(out.hits[0].code, "N|upstream");
	assert_int_equal(out.hits[0].affected_as, 65001);
	assert_int_equal(out.hits[0].offender_as, 2914);
	assert_non_null(
	    strstr(out.hits[0].desc, "A new upstream of AS65001 has been detected: AS2914"));
	const uint32_t both[] = {2914, 65001, 65099};
	assert_int_equal(feed(&detect_path_neighbors_ops, d, &out, "192.0.2.0/24", both, 3), 2);
	assert_string_equal(out.hits[1].code, "N|downstream");
	assert_int_equal(out.hits[1].offender_as, 65099);
	const uint32_t p2[] = {3356, 65002}, p3[] = {1, 65003, 2};
	assert_int_equal(feed(&detect_path_neighbors_ops, d, &out, "192.0.2.0/24", p2, 2), 1);
	assert_int_equal(out.hits[0].offender_as, 3356);
	assert_int_equal(feed(&detect_path_neighbors_ops, d, &out, "192.0.2.0/24", p3, 3), 0);
	detect_path_neighbors_ops.destroy(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bogon),
	    cmocka_unit_test(test_path),
	    cmocka_unit_test(test_path_neighbors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
