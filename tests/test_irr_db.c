/* SPDX-License-Identifier: ISC */
/* test_irr_db.c - the IRR database: loading, sources, route lookups, set
 * expansion (nesting, loops, depth limit, mbrs-by-ref/member-of,
 * hierarchical names, source order), route-sets and RPKI filtering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "irr/irr_db.h"
#include "rpki/rpki_set.h"

static const char DB1[] =
    "route: 192.0.2.0/24\norigin: AS64496\nmnt-by: M1\nsource: RIPE\n\n"
    "route: 192.0.2.0/24\norigin: AS64496\nsource: RIPE\n\n" /* duplicate */
    "route: 192.0.2.0/24\norigin: AS64497\nsource: RADB\n\n"
    "route: 198.51.100.0/24\norigin: AS64497\nsource: RADB\n\n"
    "route: 198.51.100.0/25\norigin: AS64497\nsource: RADB\n\n"
    "route: 10.0.0.0/8\norigin: AS64498\nsource: RIPE\n\n"
    "route6: 2001:db8::/32\norigin: AS64496\nsource: RIPE\n\n"
    "route6: 2001:db8:1::/48\norigin: AS64497\nsource: RADB\n\n"
    /* broken objects: bad prefix, no origin, wrong family, host bits */
    "route: 300.0.0.0/8\norigin: AS1\nsource: RIPE\n\n"
    "route: 203.0.113.0/24\nsource: RIPE\n\n"
    "route: 2001:db8::/32\norigin: AS1\nsource: RIPE\n\n"
    "route: 203.0.113.1/24\norigin: AS1\nsource: RIPE\n\n"
    "as-set: AS-A\nmembers: AS64496, AS-B\nmembers: AS64496:AS-CUST\nsource: RIPE\n\n"
    "as-set: AS-B\nmembers: AS64497 AS-C\nsource: RIPE\n\n"
    "as-set: AS-C\nmembers: AS64498, AS-A\nmp-members: AS65001\nsource: RIPE\n\n" /* loop */
    "as-set: AS64496:AS-CUST\nmembers: AS65010\nsource: RIPE\n\n"
    "as-set: AS-MISSING\nmembers: AS1, AS-NOWHERE\nsource: RIPE\n\n"
    /* same set name in two sources: source order decides */
    "as-set: AS-DUP\nmembers: AS100\nsource: RIPE\n\n"
    "as-set: AS-DUP\nmembers: AS200\nsource: RADB\n\n"
    /* mbrs-by-ref */
    "as-set: AS-REF\nmembers: AS300\nmbrs-by-ref: M-OK\nsource: RIPE\n\n"
    "as-set: AS-ANYREF\nmbrs-by-ref: ANY\nsource: RIPE\n\n"
    "as-set: AS-NOREF\nsource: RIPE\n\n"
    "aut-num: AS301\nmember-of: AS-REF, AS-ANYREF, AS-NOREF\nmnt-by: M-OK\nsource: RIPE\n\n"
    "aut-num: AS302\nmember-of: AS-REF\nmnt-by: M-BAD\nsource: RIPE\n\n"
    "aut-num: AS303\nmember-of: AS-ANYREF\nmnt-by: M-BAD\nsource: RADB\n\n"
    /* route-sets */
    "route-set: RS-A\nmembers: 192.0.2.0/24^+, 203.0.113.0/24^26-28, RS-B\n"
    "mp-members: 2001:db8::/32^-\nmbrs-by-ref: M-RS\nsource: RIPE\n\n"
    "route-set: RS-B\nmembers: 198.18.0.0/15, AS64498, RS-A\nsource: RIPE\n\n"
    "route: 100.64.0.0/10\norigin: AS64499\nmember-of: RS-A\nmnt-by: M-RS\nsource: RIPE\n\n"
    "route: 100.65.0.0/16\norigin: AS64499\nmember-of: RS-A\nmnt-by: M-OTHER\nsource: RIPE\n\n"
    /* range operators on nested sets: the outer one wins (RFC 2622) */
    "route-set: RS-OUT\nmembers: RS-IN^24\nsource: RIPE\n\n"
    "route-set: RS-IN\nmembers: 192.0.2.0/24^+, RS-IN2^-\nsource: RIPE\n\n"
    "route-set: RS-IN2\nmembers: 10.0.0.0/8\nsource: RIPE\n\n"
    "mntner: M1\ndescr: maintainer\nsource: RIPE\n\n"
    "person: John Doe\nnic-hdl: JD1-RIPE\nsource: RIPE\n\n"
    "unknown-class: x\nsource: RIPE\n\n"
    "route: 172.16.0.0/12\norigin: AS64500\n\n"; /* no source: default */

static struct irr_db *load(void)
{
	struct irr_db *db = irr_db_new();
	struct err e;

	assert_non_null(db);
	assert_int_equal(irr_db_load_buffer(db, DB1, sizeof DB1 - 1, "t.db", "DFLT", &e), 0);
	assert_int_equal(irr_db_finish(db, &e), 0);
	return db;
}

static void test_load_counts(void **state)
{
	struct irr_db *db = load();
	const struct irr_load_stats *st = irr_db_stats(db);

	assert_int_equal(st->kept[IRR_ROUTE], 9);
	assert_int_equal(st->kept[IRR_ROUTE6], 2);
	assert_int_equal(st->duplicates, 1);
	assert_int_equal(irr_db_route_count(db), 10);
	assert_int_equal(st->rejected, 4);
	assert_int_equal(st->other, 1);
	assert_int_equal(st->kept[IRR_AS_SET], 10);
	assert_int_equal(st->kept[IRR_ROUTE_SET], 5);
	assert_int_equal(st->kept[IRR_AUT_NUM], 3);
	assert_true(st->warnings >= 4);
	assert_int_equal(irr_db_nsources(db), 3);
	assert_string_equal(irr_db_source_name(db, 0), "RIPE");
	assert_string_equal(irr_db_source_name(db, 1), "RADB");
	assert_string_equal(irr_db_source_name(db, 2), "DFLT");
	assert_int_equal(irr_db_source_id(db, "radb"), 1);
	irr_db_free(db);
}

static void test_routes_by_origin(void **state)
{
	struct irr_db *db = load();
	const struct irr_route *r;
	size_t n;

	r = irr_db_routes_by_origin(db, 64497, 4, &n);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].len, 24);
	r = irr_db_routes_by_origin(db, 64497, 6, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].len, 48);
	irr_db_routes_by_origin(db, 64497, 0, &n);
	assert_int_equal(n, 4);
	assert_null(irr_db_routes_by_origin(db, 1, 0, &n));
	assert_int_equal(n, 0);
	r = irr_db_routes_by_origin(db, 64500, 4, &n);
	assert_int_equal(n, 1);
	assert_string_equal(irr_db_source_name(db, r[0].source), "DFLT");
	irr_db_free(db);
}

static int count_route(const struct irr_route *r, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static void test_routes_by_prefix(void **state)
{
	struct irr_db *db = load();
	struct prefix p;
	int n = 0;

	prefix_parse("192.0.2.0/24", &p, NULL);
	irr_db_routes_by_prefix(db, &p, IRR_MATCH_EXACT, NULL, count_route, &n);
	assert_int_equal(n, 2); /* AS64496 and AS64497 */
	prefix_parse("198.51.100.0/25", &p, NULL);
	n = 0;
	irr_db_routes_by_prefix(db, &p, IRR_MATCH_LESS_ONE, NULL, count_route, &n);
	assert_int_equal(n, 1);
	n = 0;
	irr_db_routes_by_prefix(db, &p, IRR_MATCH_LESS_ALL, NULL, count_route, &n);
	assert_int_equal(n, 2);
	prefix_parse("198.51.0.0/16", &p, NULL);
	n = 0;
	irr_db_routes_by_prefix(db, &p, IRR_MATCH_MORE_ALL, NULL, count_route, &n);
	assert_int_equal(n, 2);
	prefix_parse("198.51.100.0/24", &p, NULL);
	n = 0;
	irr_db_routes_by_prefix(db, &p, IRR_MATCH_MORE_ALL, NULL, count_route, &n);
	assert_int_equal(n, 1); /* the /25, not itself */
	irr_db_free(db);
}

static void expect_asns(struct irr_asns *a, const uint32_t *want, size_t n)
{
	assert_int_equal(a->n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(a->v[i], want[i]);
}

static void test_expand_nested_loop_hierarchical(void **state)
{
	struct irr_db *db = load();
	struct irr_asns a = {0};
	struct irr_expand_info info;
	static const uint32_t want[] = {64496, 64497, 64498, 65001, 65010};

	assert_int_equal(irr_expand_as_set(db, "as-a", NULL, &a, &info), 1);
	expect_asns(&a, want, 5);
	assert_int_equal(info.loops, 1);
	assert_int_equal(info.missing, 0);
	assert_int_equal(info.sets, 4);
	irr_asns_free(&a);
	/* the loop from the other side gives the same closure */
	assert_int_equal(irr_expand_as_set(db, "AS-C", NULL, &a, &info), 1);
	expect_asns(&a, want, 5);
	irr_asns_free(&a);
	/* a hierarchical name on its own */
	assert_int_equal(irr_expand_as_set(db, "AS64496:AS-CUST", NULL, &a, NULL), 1);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0], 65010);
	irr_asns_free(&a);
	irr_db_free(db);
}

static void test_expand_depth_and_missing(void **state)
{
	struct irr_db *db = load();
	struct irr_expand_opts o = {.max_depth = 1};
	struct irr_asns a = {0};
	struct irr_expand_info info;
	static const uint32_t d1[] = {64496};
	static const uint32_t d2[] = {64496, 64497, 65010};

	assert_int_equal(irr_expand_as_set(db, "AS-A", &o, &a, &info), 1);
	expect_asns(&a, d1, 1);
	assert_int_equal(info.depth_cut, 2);
	irr_asns_free(&a);
	o.max_depth = 2;
	assert_int_equal(irr_expand_as_set(db, "AS-A", &o, &a, &info), 1);
	expect_asns(&a, d2, 3);
	assert_int_equal(info.depth_cut, 1);
	irr_asns_free(&a);
	assert_int_equal(irr_expand_as_set(db, "AS-MISSING", NULL, &a, &info), 1);
	assert_int_equal(a.n, 1);
	assert_int_equal(info.missing, 1);
	assert_string_equal(info.first_missing, "AS-NOWHERE");
	irr_asns_free(&a);
	assert_int_equal(irr_expand_as_set(db, "AS-NOWHERE", NULL, &a, &info), 0);
	assert_int_equal(a.n, 0);
	/* a plain AS number expands to itself */
	assert_int_equal(irr_expand_as_set(db, "AS65555", NULL, &a, NULL), 1);
	assert_int_equal(a.v[0], 65555);
	irr_asns_free(&a);
	irr_db_free(db);
}

static void test_expand_source_order(void **state)
{
	struct irr_db *db = load();
	struct irr_sources sel;
	struct irr_expand_opts o = {.sources = &sel};
	struct irr_asns a = {0};
	struct err e;

	assert_int_equal(irr_sources_parse(db, "RADB,RIPE", false, &sel, &e), 0);
	assert_int_equal(sel.n, 2);
	assert_int_equal(irr_expand_as_set(db, "AS-DUP", &o, &a, NULL), 1);
	assert_int_equal(a.v[0], 200);
	irr_asns_free(&a);
	assert_int_equal(irr_sources_parse(db, "ripe radb", false, &sel, &e), 0);
	assert_int_equal(irr_expand_as_set(db, "AS-DUP", &o, &a, NULL), 1);
	assert_int_equal(a.v[0], 100);
	irr_asns_free(&a);
	/* only RADB: AS-A does not exist there */
	assert_int_equal(irr_sources_parse(db, "RADB", false, &sel, &e), 0);
	assert_int_equal(irr_expand_as_set(db, "AS-A", &o, &a, NULL), 0);
	assert_int_equal(irr_sources_parse(db, "RADB,NOPE", false, &sel, &e), -1);
	assert_non_null(strstr(e.msg, "NOPE"));
	assert_int_equal(irr_sources_parse(db, "RADB,NOPE", true, &sel, &e), 0);
	assert_int_equal(sel.n, 1);
	irr_db_free(db);
}

static void test_expand_mbrs_by_ref(void **state)
{
	struct irr_db *db = load();
	struct irr_asns a = {0};
	struct irr_sources sel;
	struct irr_expand_opts o = {.sources = &sel};
	static const uint32_t ref[] = {300, 301};
	static const uint32_t any[] = {301, 303};
	struct err e;

	assert_int_equal(irr_expand_as_set(db, "AS-REF", NULL, &a, NULL), 1);
	expect_asns(&a, ref, 2); /* AS302's maintainer is not allowed */
	irr_asns_free(&a);
	assert_int_equal(irr_expand_as_set(db, "AS-ANYREF", NULL, &a, NULL), 1);
	expect_asns(&a, any, 2);
	irr_asns_free(&a);
	assert_int_equal(irr_expand_as_set(db, "AS-NOREF", NULL, &a, NULL), 1);
	assert_int_equal(a.n, 0); /* no mbrs-by-ref: member-of is ignored */
	/* the member-of object's source must be selected too */
	assert_int_equal(irr_sources_parse(db, "RIPE", false, &sel, &e), 0);
	assert_int_equal(irr_expand_as_set(db, "AS-ANYREF", &o, &a, NULL), 1);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0], 301);
	irr_asns_free(&a);
	o.no_mbrs_by_ref = true;
	o.sources = NULL;
	assert_int_equal(irr_expand_as_set(db, "AS-REF", &o, &a, NULL), 1);
	assert_int_equal(a.n, 1);
	irr_asns_free(&a);
	irr_db_free(db);
}

static int add_member(const char *m, void *ctx)
{
	strcat(ctx, m);
	strcat(ctx, "|");
	return 0;
}

static void test_direct_members(void **state)
{
	struct irr_db *db = load();
	char out[512] = "";

	assert_int_equal(irr_set_members(db, "AS-A", NULL, add_member, out), 1);
	assert_string_equal(out, "AS64496|AS-B|AS64496:AS-CUST|");
	out[0] = '\0';
	assert_int_equal(irr_set_members(db, "AS-REF", NULL, add_member, out), 1);
	assert_string_equal(out, "AS300|AS301|");
	out[0] = '\0';
	assert_int_equal(irr_set_members(db, "RS-A", NULL, add_member, out), 1);
	assert_string_equal(out, "192.0.2.0/24^+|203.0.113.0/24^26-28|RS-B|2001:db8::/32^-|"
	                         "100.64.0.0/10|");
	assert_int_equal(irr_set_members(db, "AS-NOWHERE", NULL, add_member, out), 0);
	irr_db_free(db);
}

static void test_route_set(void **state)
{
	struct irr_db *db = load();
	struct irr_ranges r = {0};
	struct irr_expand_info info;
	char buf[PREFIX_STRLEN];

	assert_int_equal(irr_expand_route_set(db, "RS-A", NULL, 4, &r, &info), 1);
	/* 10/8 (AS64498), 100.64/10 (member-of), 192.0.2/24^+, 198.18/15, 203.0.113/24^26-28 */
	assert_int_equal(r.n, 5);
	assert_string_equal(prefix_format(&r.v[0].p, buf, sizeof buf), "10.0.0.0/8");
	assert_string_equal(prefix_format(&r.v[1].p, buf, sizeof buf), "100.64.0.0/10");
	assert_int_equal(r.v[2].lo, 24);
	assert_int_equal(r.v[2].hi, 32);
	assert_int_equal(r.v[4].lo, 26);
	assert_int_equal(r.v[4].hi, 28);
	assert_int_equal(info.loops, 1);
	irr_ranges_free(&r);
	assert_int_equal(irr_expand_route_set(db, "RS-A", NULL, 6, &r, NULL), 1);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].lo, 33);
	assert_int_equal(r.v[0].hi, 128);
	irr_ranges_free(&r);
	assert_int_equal(irr_expand_route_set(db, "RS-NONE", NULL, 4, &r, NULL), 0);
	/* RS-IN alone keeps its members' operators */
	assert_int_equal(irr_expand_route_set(db, "RS-IN", NULL, 4, &r, NULL), 1);
	assert_int_equal(r.n, 2);
	assert_string_equal(prefix_format(&r.v[0].p, buf, sizeof buf), "10.0.0.0/8");
	assert_int_equal(r.v[0].lo, 9);
	assert_int_equal(r.v[0].hi, 32);
	assert_int_equal(r.v[1].lo, 24);
	assert_int_equal(r.v[1].hi, 32);
	irr_ranges_free(&r);
	/* RS-IN^24: every member becomes ^24 */
	assert_int_equal(irr_expand_route_set(db, "RS-OUT", NULL, 4, &r, NULL), 1);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].lo, 24);
	assert_int_equal(r.v[0].hi, 24);
	assert_int_equal(r.v[1].lo, 24);
	assert_int_equal(r.v[1].hi, 24);
	irr_ranges_free(&r);
	irr_db_free(db);
}

/* A route-set chain deeper than IRR_EXPAND_MAX_NESTING: the sets past the
 * cap are cut, and the cut is counted as limit_cut (not as a requested
 * depth_cut) so that callers can report an incomplete answer. */
static void test_route_set_nesting_cap(void **state)
{
	const unsigned n = IRR_EXPAND_MAX_NESTING + 20;
	size_t cap = (size_t)n * 96, len = 0;
	char *buf = malloc(cap);
	struct irr_db *db = irr_db_new();
	struct irr_ranges r = {0};
	struct irr_expand_info info;
	struct err e;

	assert_non_null(buf);
	for (unsigned i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len,
		                        "route-set: RS-N%u\nmembers: 10.%u.%u.0/24, RS-N%u\n"
		                        "source: T\n\n",
		                        i, i >> 8, i & 255, i + 1);
	assert_int_equal(irr_db_load_buffer(db, buf, len, "chain.db", "T", &e), 0);
	assert_int_equal(irr_db_finish(db, &e), 0);
	assert_int_equal(irr_expand_route_set(db, "RS-N0", NULL, 4, &r, &info), 1);
	assert_int_equal(info.limit_cut, 1);
	assert_int_equal(info.depth_cut, 0);
	assert_true(r.n < n);
	irr_ranges_free(&r);
	/* a chain within the cap is whole */
	assert_int_equal(irr_expand_route_set(db, "RS-N100", NULL, 4, &r, &info), 1);
	assert_int_equal(info.limit_cut, 0);
	assert_int_equal(r.n, n - 100);
	irr_ranges_free(&r);
	irr_db_free(db);
	free(buf);
}

static void test_prefixes_by_asns(void **state)
{
	struct irr_db *db = load();
	struct irr_prefixes p = {0};
	static const uint32_t asns[] = {64496, 64497};
	struct irr_sources sel;
	char buf[PREFIX_STRLEN];

	assert_int_equal(irr_db_prefixes_by_asns(db, asns, 2, 4, NULL, &p), 0);
	assert_int_equal(p.n, 3); /* 192.0.2.0/24 once */
	assert_string_equal(prefix_format(&p.v[0], buf, sizeof buf), "192.0.2.0/24");
	irr_prefixes_free(&p);
	irr_sources_parse(db, "RIPE", false, &sel, NULL);
	assert_int_equal(irr_db_prefixes_by_asns(db, asns, 2, 0, &sel, &p), 0);
	assert_int_equal(p.n, 2); /* 192.0.2.0/24 and 2001:db8::/32 from RIPE */
	irr_prefixes_free(&p);
	irr_db_free(db);
}

static int grab(const struct irr_object_view *v, void *ctx)
{
	char *out = ctx;

	strncat(out, v->text, v->len);
	strcat(out, "--\n");
	return 0;
}

static void test_lookup_objects(void **state)
{
	struct irr_db *db = load();
	char out[2048] = "";

	assert_int_equal(irr_db_lookup(db, -1, "m1", NULL, grab, out), 1);
	assert_non_null(strstr(out, "mntner: M1\n"));
	out[0] = '\0';
	assert_int_equal(irr_db_lookup(db, IRR_PERSON, "jd1-ripe", NULL, grab, out), 1);
	out[0] = '\0';
	assert_int_equal(irr_db_lookup(db, -1, "192.0.2.0/24", NULL, grab, out), 2);
	assert_non_null(strstr(out, "origin:         AS64497\n"));
	out[0] = '\0';
	assert_int_equal(irr_db_lookup(db, IRR_ROUTE, "192.0.2.0/24AS64496", NULL, grab, out), 1);
	assert_non_null(strstr(out, "mnt-by:         M1\nsource:         RIPE\n"));
	assert_int_equal(irr_db_lookup(db, -1, "NOTHING", NULL, grab, out), 0);
	/* IPv6 keys hold hex letters: the origin starts after the length */
	assert_int_equal(irr_db_lookup(db, IRR_ROUTE6, "2001:db8::/32AS64496", NULL, grab, out), 1);
	assert_int_equal(irr_db_lookup(db, IRR_ROUTE6, "2001:db8::/32 AS64497", NULL, grab, out),
	                 0);
	assert_int_equal(irr_db_lookup(db, -1, "2001:db8:1::/48", NULL, grab, out), 1);
	out[0] = '\0';
	assert_int_equal(irr_db_by_mntner(db, "M-OK", NULL, grab, out), 1);
	out[0] = '\0';
	assert_int_equal(irr_db_by_mntner(db, "M1", NULL, grab, out), 1); /* the route */
	irr_db_free(db);
}

static void test_rpki_invalid_dropped(void **state)
{
	struct irr_db *db = load();
	struct rpki_set vs;
	struct vrp v = {.family = 4, .len = 24, .maxlen = 24, .asn = 64496};
	struct prefix p;
	size_t n;
	int m;
	struct err e;

	rpki_set_init(&vs);
	/* 192.0.2.0/24 authorised for AS64496 only: AS64497's object is invalid */
	prefix_parse("192.0.2.0/24", &p, NULL);
	memcpy(v.addr, p.addr, 16);
	assert_int_equal(rpki_set_add_vrp(&vs, &v), 0);
	/* 10.0.0.0/8 authorised for AS64498 up to /8: valid */
	prefix_parse("10.0.0.0/8", &p, NULL);
	memcpy(v.addr, p.addr, 16);
	v.len = v.maxlen = 8;
	v.asn = 64498;
	assert_int_equal(rpki_set_add_vrp(&vs, &v), 0);
	/* 100.64.0.0/10 authorised for AS1 only: the member-of routes of RS-A
	 * (origin AS64499) become invalid */
	prefix_parse("100.64.0.0/10", &p, NULL);
	memcpy(v.addr, p.addr, 16);
	v.len = v.maxlen = 10;
	v.asn = 1;
	assert_int_equal(rpki_set_add_vrp(&vs, &v), 0);
	rpki_set_finish(&vs);
	/* 192.0.2.0/24 AS64497, 100.64.0.0/10 and 100.65.0.0/16 of AS64499 */
	assert_int_equal(irr_db_drop_rpki_invalid(db, &vs, &e), 3);
	irr_db_routes_by_origin(db, 64497, 4, &n);
	assert_int_equal(n, 2);
	irr_db_routes_by_origin(db, 64496, 4, &n);
	assert_int_equal(n, 1);
	prefix_parse("192.0.2.0/24", &p, NULL);
	m = 0;
	irr_db_routes_by_prefix(db, &p, IRR_MATCH_EXACT, NULL, count_route, &m);
	assert_int_equal(m, 1);
	{
		struct irr_ranges r = {0};
		char buf[PREFIX_STRLEN];

		assert_int_equal(irr_expand_route_set(db, "RS-A", NULL, 4, &r, NULL), 1);
		for (size_t i = 0; i < r.n; i++)
			assert_string_not_equal(prefix_format(&r.v[i].p, buf, sizeof buf),
			                        "100.64.0.0/10");
		irr_ranges_free(&r);
	}
	rpki_set_free(&vs);
	irr_db_free(db);
}

static void test_arin_originas_json(void **state)
{
	char path[64] = "/tmp/test_irr_db_XXXXXX";
	const char *j = "{\"source\": \"ARIN-WHOIS\", \"whois_records\": {\"v4\": ["
	                "{\"prefix\": \"192.0.2.0/24\", \"originas\": \"AS64496\"},"
	                "{\"prefix\": \"198.51.100.0/24\", \"originas\": \"AS64497 AS64498\"},"
	                "{\"prefix\": \"bogus\", \"originas\": \"AS1\"}],"
	                "\"v6\": [{\"prefix\": \"2001:db8::/32\", \"originas\": \"AS64496\"}]}}";
	int fd = mkstemp(path);
	struct irr_db *db = irr_db_new();
	const struct irr_route *r;
	size_t n;
	struct err e;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, j, strlen(j)), (ssize_t)strlen(j));
	close(fd);
	assert_int_equal(irr_db_load_file(db, path, NULL, &e), 0);
	unlink(path);
	assert_int_equal(irr_db_finish(db, &e), 0);
	assert_int_equal(irr_db_route_count(db), 4);
	assert_int_equal(irr_db_stats(db)->rejected, 1);
	assert_string_equal(irr_db_source_name(db, 0), "ARIN-WHOIS");
	r = irr_db_routes_by_origin(db, 64498, 4, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].len, 24);
	irr_db_routes_by_origin(db, 64496, 0, &n);
	assert_int_equal(n, 2);
	irr_db_free(db);
	/* the same from memory, under a given source */
	db = irr_db_new();
	assert_int_equal(irr_db_load_buffer(db, j, strlen(j), "mem", "ARIN", &e), 0);
	assert_int_equal(irr_db_finish(db, &e), 0);
	assert_int_equal(irr_db_route_count(db), 4);
	assert_string_equal(irr_db_source_name(db, 0), "ARIN");
	irr_db_free(db);
	/* JSON that is not an OriginAS export is an error, not a crash */
	db = irr_db_new();
	assert_int_equal(irr_db_load_buffer(db, "{\"a\": [1, {\"b\": null}]}", 22, "x", NULL, &e),
	                 -1);
	assert_int_equal(irr_db_load_buffer(db, "{\"whois_records\": [", 20, "x", NULL, &e), -1);
	irr_db_free(db);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_load_directory_tree(void **state)
{
	char dir[64] = "/tmp/test_irr_tree_XXXXXX", path[128];
	struct irr_db *db = irr_db_new();
	size_t n;
	struct err e;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/route", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/route/192.0.2.0_24", dir);
	write_file(path, "route: 192.0.2.0/24\norigin: AS64496\nsource: DN42\n");
	snprintf(path, sizeof path, "%s/route/198.51.100.0_24", dir);
	write_file(path, "route: 198.51.100.0/24\norigin: AS64496\n");
	snprintf(path, sizeof path, "%s/.hidden", dir);
	write_file(path, "route: 203.0.113.0/24\norigin: AS64496\n");
	assert_int_equal(irr_db_load_file(db, dir, "TREE", &e), 0);
	assert_int_equal(irr_db_finish(db, &e), 0);
	irr_db_routes_by_origin(db, 64496, 4, &n);
	assert_int_equal(n, 2); /* the dot file is skipped */
	assert_int_equal(irr_db_source_id(db, "DN42"), 0);
	assert_int_equal(irr_db_source_id(db, "TREE"), 1);
	irr_db_free(db);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

static void test_set_names(void **state)
{
	assert_true(irr_is_set_name("AS-FOO"));
	assert_true(irr_is_set_name("as64496:as-customers"));
	assert_true(irr_is_set_name("RS-X"));
	assert_true(irr_is_set_name("AS1:RS-X:AS2"));
	assert_false(irr_is_set_name("AS64496"));
	assert_false(irr_is_set_name("FOO"));
	assert_false(irr_is_set_name(""));
}

/* Every RPSL range spelling, for both families, and snprintf-like truncation. */
static void test_range_format(void **state)
{
	static const struct {
		const char *pfx;
		uint8_t lo, hi;
		const char *want;
	} cases[] = {
	    {"192.0.2.0/24", 24, 24, "192.0.2.0/24"},
	    {"192.0.2.0/24", 25, 32, "192.0.2.0/24^-"},
	    {"192.0.2.0/24", 24, 32, "192.0.2.0/24^+"},
	    {"192.0.2.0/24", 28, 28, "192.0.2.0/24^28"},
	    {"192.0.2.0/24", 26, 28, "192.0.2.0/24^26-28"},
	    {"2001:db8::/32", 33, 128, "2001:db8::/32^-"},
	    {"2001:db8::/32", 32, 128, "2001:db8::/32^+"},
	    {"2001:db8::/32", 48, 48, "2001:db8::/32^48"},
	};
	char buf[64];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct irr_range r = {.lo = cases[i].lo, .hi = cases[i].hi};

		assert_int_equal(prefix_parse(cases[i].pfx, &r.p, NULL), 0);
		irr_range_format(&r, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
	struct irr_range r = {.lo = 26, .hi = 28};
	assert_int_equal(prefix_parse("192.0.2.0/24", &r.p, NULL), 0);
	irr_range_format(&r, buf, 8);
	assert_string_equal(buf, "192.0.2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_counts),
	    cmocka_unit_test(test_routes_by_origin),
	    cmocka_unit_test(test_routes_by_prefix),
	    cmocka_unit_test(test_expand_nested_loop_hierarchical),
	    cmocka_unit_test(test_expand_depth_and_missing),
	    cmocka_unit_test(test_expand_source_order),
	    cmocka_unit_test(test_expand_mbrs_by_ref),
	    cmocka_unit_test(test_direct_members),
	    cmocka_unit_test(test_route_set),
	    cmocka_unit_test(test_route_set_nesting_cap),
	    cmocka_unit_test(test_prefixes_by_asns),
	    cmocka_unit_test(test_lookup_objects),
	    cmocka_unit_test(test_rpki_invalid_dropped),
	    cmocka_unit_test(test_arin_originas_json),
	    cmocka_unit_test(test_load_directory_tree),
	    cmocka_unit_test(test_set_names),
	    cmocka_unit_test(test_range_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
