/* SPDX-License-Identifier: ISC */
/* test_bogon.c - bogon tables, checks, list loading and filter ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <regex.h>
#include <unistd.h>

#include "out/bogon_out.h"
#include "policy/bogon.h"
#include "policy/bogon_scan.h"

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

/* The built-in bogon set; the test fails when it cannot be made. */
static struct bogon_set *
builtin_set(void)
{
	struct err e;
	struct bogon_set *s = bogon_set_new(true, &e);
	assert_non_null(s);
	return s;
}

static void test_tables(void **state)
{
	(void)state;
	const struct bogon_builtin *t;
	size_t n = bogon_builtin_prefixes(&t);
	assert_true(n > 40);
	struct prefix prev = {0};
	for (size_t i = 0; i < n; i++) {
		struct prefix p;
		struct err e;
		if (prefix_parse(t[i].prefix, &p, &e) != 0)
			fail_msg("row %zu: %s", i, e.msg);
		if (i && prefix_cmp(&prev, &p) >= 0)
			fail_msg("row %zu (%s) out of order", i, t[i].prefix);
		assert_true(strlen(t[i].name) > 2);
		assert_true(!strncmp(t[i].ref, "RFC ", 4) || !strncmp(t[i].ref, "IANA", 4));
		prev = p;
	}
	const struct bogon_asn_range *a;
	size_t na = bogon_builtin_asns(&a);
	assert_int_equal(na, 9);
	for (size_t i = 0; i < na; i++) {
		assert_true(a[i].lo <= a[i].hi);
		if (i)
			assert_true(a[i].lo > a[i - 1].hi);
	}
}

struct pcase {
	const char *prefix;
	int bogon;
	const char *entry; /* deciding entry, NULL for none */
	const char *ref;
};

static void test_check_prefix(void **state)
{
	(void)state;
	static const struct pcase cases[] = {
	    {"10.0.0.0/8", 1, "10.0.0.0/8", "RFC 1918"},
	    {"10.1.2.0/24", 1, "10.0.0.0/8", "RFC 1918"},
	    {"10.1.2.3", 1, "10.0.0.0/8", "RFC 1918"},
	    {"8.0.0.0/7", 0, NULL, NULL},
	    {"9.255.255.0/24", 0, NULL, NULL},
	    {"11.0.0.0/8", 0, NULL, NULL},
	    {"0.0.0.0/0", 0, NULL, NULL},
	    {"0.0.0.0/8", 1, "0.0.0.0/8", "RFC 791"},
	    {"0.0.0.0/32", 1, "0.0.0.0/32", "RFC 1122"},
	    {"100.64.0.0/10", 1, "100.64.0.0/10", "RFC 6598"},
	    {"100.128.0.0/10", 0, NULL, NULL},
	    {"172.31.255.0/24", 1, "172.16.0.0/12", "RFC 1918"},
	    {"172.32.0.0/16", 0, NULL, NULL},
	    {"192.0.0.0/24", 1, "192.0.0.0/24", "RFC 6890"},
	    {"192.0.0.9", 0, "192.0.0.9/32", "RFC 7723"},
	    {"192.0.0.8/30", 1, "192.0.0.0/24", "RFC 6890"},
	    {"192.0.0.170", 1, "192.0.0.170/32", "RFC 8880, RFC 7050"},
	    {"192.0.2.128/25", 1, "192.0.2.0/24", "RFC 5737"},
	    {"192.31.196.0/24", 0, "192.31.196.0/24", "RFC 7535"},
	    {"192.88.99.0/24", 1, "192.88.99.0/24", "RFC 7526"},
	    {"192.175.48.0/24", 0, "192.175.48.0/24", "RFC 7534"},
	    {"198.19.0.0/16", 1, "198.18.0.0/15", "RFC 2544"},
	    {"198.20.0.0/16", 0, NULL, NULL},
	    {"224.0.0.0/3", 1, "224.0.0.0/4", "RFC 5771"}, /* 224/4 + 240/4 */
	    {"192.168.0.0/15", 0, NULL, NULL},
	    {"239.1.1.1", 1, "224.0.0.0/4", "RFC 5771"},
	    {"255.255.255.255", 1, "255.255.255.255/32", "RFC 8190, RFC 919"},
	    {"255.255.255.254", 1, "240.0.0.0/4", "RFC 1112"},
	    {"::/0", 0, NULL, NULL}, /* a default route, like 0.0.0.0/0 */
	    {"::/128", 1, "::/128", "RFC 4291"},
	    {"::1", 1, "::1/128", "RFC 4291"},
	    {"::2", 1, "::/0", "RFC 4291"},
	    {"::ffff:10.0.0.0/104", 1, "::ffff:0.0.0.0/96", "RFC 4291"},
	    {"64:ff9b::/96", 1, "64:ff9b::/96", "RFC 6052"},
	    {"100::/64", 1, "100::/64", "RFC 6666"},
	    {"1000::/4", 1, "::/0", "RFC 4291"},
	    {"2000::/3", 0, NULL, NULL},
	    {"::/2", 1, "::/0", "RFC 4291"},
	    {"2001::/16", 0, NULL, NULL},
	    {"2001::/23", 1, "2001::/23", "RFC 2928"},
	    {"2001::/32", 0, "2001::/32", "RFC 4380, RFC 8190"},
	    {"2001:0:1::/48", 0, "2001::/32", "RFC 4380, RFC 8190"},
	    {"2001:1::/32", 1, "2001::/23", "RFC 2928"},
	    {"2001:1::1", 0, "2001:1::1/128", "RFC 7723"},
	    {"2001:2::/48", 1, "2001:2::/48", "RFC 5180"},
	    {"2001:4:112::/48", 0, "2001:4:112::/48", "RFC 7535"},
	    {"2001:4:113::/48", 1, "2001::/23", "RFC 2928"},
	    {"2001:db8:1234::/48", 1, "2001:db8::/32", "RFC 3849"},
	    {"2001:db9::/32", 0, NULL, NULL},
	    {"2002::/16", 0, "2002::/16", "RFC 3056"},
	    {"2620:4f:8000::/48", 0, "2620:4f:8000::/48", "RFC 7534"},
	    {"2a00:1450::/32", 0, NULL, NULL},
	    {"3ffe:1::/32", 1, "3ffe::/16", "RFC 3701"},
	    {"3fff:fff::/32", 1, "3fff::/20", "RFC 9637"},
	    {"3fff:1000::/20", 0, NULL, NULL},
	    {"5f00::/16", 1, "5f00::/16", "RFC 9602"},
	    {"fd00::/8", 1, "fc00::/7", "RFC 4193, RFC 8190"},
	    {"fe80::1", 1, "fe80::/10", "RFC 4291"},
	    {"ff02::1", 1, "ff00::/8", "RFC 4291"},
	};
	struct bogon_set *s = builtin_set();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct prefix p = P(cases[i].prefix);
		struct bogon_verdict v;
		bool r = bogon_check_prefix(s, &p, &v);
		if (r != (bool)cases[i].bogon)
			fail_msg("%s: bogon=%d, want %d", cases[i].prefix, r, cases[i].bogon);
		assert_int_equal(v.bogon, r);
		if (!cases[i].entry) {
			if (v.entry)
				fail_msg("%s: unexpected entry %s", cases[i].prefix, v.entry->name);
			continue;
		}
		if (!v.entry)
			fail_msg("%s: no entry", cases[i].prefix);
		char buf[PREFIX_STRLEN];
		prefix_format(&v.entry->prefix, buf, sizeof buf);
		if (strcmp(buf, cases[i].entry) || strcmp(v.entry->ref, cases[i].ref))
			fail_msg("%s: decided by %s (%s), want %s (%s)", cases[i].prefix, buf,
			         v.entry->ref, cases[i].entry, cases[i].ref);
	}
	/* A covering announcement is not a bogon but reports what it overlaps. */
	struct prefix p = P("192.0.0.0/16");
	struct bogon_verdict v;
	assert_false(bogon_check_prefix(s, &p, &v));
	assert_int_equal(v.covers, 6);
	char buf[PREFIX_STRLEN];
	assert_string_equal(prefix_format(&v.first_covered->prefix, buf, sizeof buf),
	                    "192.0.0.0/24");
	p = P("8.0.0.0/8");
	assert_false(bogon_check_prefix(s, &p, &v));
	assert_int_equal(v.covers, 0);
	assert_false(v.composite);
	/* Nothing but bogon space, though no single range covers it. */
	p = P("224.0.0.0/3");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_true(v.composite);
	assert_int_equal(v.covers, 3);
	bogon_set_free(s);
	bogon_set_free(NULL);
}

/* Default routes: both families alike, never matched against the tables
 * (::/0 is the "outside 2000::/3" entry), bogons only on request. */
static void test_default_route(void **state)
{
	struct bogon_set *s = builtin_set();
	struct bogon_verdict v4, v6;

	struct prefix d4 = P("0.0.0.0/0"), d6 = P("::/0");
	assert_false(bogon_check_prefix(s, &d4, &v4));
	assert_false(bogon_check_prefix(s, &d6, &v6));
	assert_true(v4.default_route);
	assert_true(v6.default_route);
	assert_null(v6.entry);
	assert_true(v4.covers > 0);
	assert_true(v6.covers > 0);
	bogon_set_default_is_bogon(s, true);
	assert_true(bogon_check_prefix(s, &d4, &v4));
	assert_true(bogon_check_prefix(s, &d6, &v6));
	/* ::/8 is still outside 2000::/3 */
	struct prefix x = P("::/8");
	assert_true(bogon_check_prefix(s, &x, &v6));
	bogon_set_free(s);
}

static int collect_bogon_asn(uint32_t asn, unsigned pos, const struct bogon_asn_range *r, void *ctx)
{
	char *out = ctx;
	(void)r;
	sprintf(out + strlen(out), "%u@%u ", asn, pos);
	return 0;
}

/* The bulk scan's parser: bgpdump -m kinds, paths with AS_SETs, every
 * distinct bogon ASN once with its position, bad prefixes and ASNs. */
static void test_bgpdump_line(void **state)
{
	struct bogon_route_line rl;
	struct err e;
	char out[256] = "";
	char l1[] = "TABLE_DUMP2|1|B|192.0.2.1|3356|10.0.0.0/8|3356 {64512,64513,64512} 15169 "
	            "64512 4200000000|IGP|192.0.2.1|0|0||NAG||";
	assert_int_equal(bogon_parse_bgpdump_line(l1, &rl, &e), BOGON_LINE_ROUTE);
	assert_string_equal(rl.peer_as, "3356");
	assert_string_equal(rl.peer_ip, "192.0.2.1");
	assert_int_equal(rl.prefix.len, 8);
	assert_int_equal(bogon_path_each(rl.path, collect_bogon_asn, out, &e), 3);
	assert_string_equal(out, "64512@2 64513@3 4200000000@7 ");
	char l2[] = "BGP4MP|1|W|2001:db8::1|64496|2001:db8::/32";
	assert_int_equal(bogon_parse_bgpdump_line(l2, &rl, &e), BOGON_LINE_WITHDRAW);
	assert_string_equal(rl.path, "");
	char l3[] = "BGP4MP|1|STATE|192.0.2.1|64496|1|2";
	assert_int_equal(bogon_parse_bgpdump_line(l3, &rl, &e), BOGON_LINE_OTHER);
	char l4[] = "BGP4MP|1|A|192.0.2.1|64496|300.0.0.0/8|1 2";
	assert_int_equal(bogon_parse_bgpdump_line(l4, &rl, &e), -1);
	assert_int_equal(bogon_path_each("3356 x15169", NULL, NULL, &e), -1);
	assert_int_equal(bogon_path_each("3356 1299 15169", NULL, NULL, &e), 0);
	assert_int_equal(bogon_path_each("", NULL, NULL, &e), 0);
}

static void test_check_asn(void **state)
{
	(void)state;
	static const struct {
		uint32_t asn;
		const char *ref; /* NULL: not a bogon */
	} cases[] = {
	    {0, "RFC 7607"},
	    {1, NULL},
	    {3356, NULL},
	    {23455, NULL},
	    {23456, "RFC 6793"},
	    {23457, NULL},
	    {64495, NULL},
	    {64496, "RFC 5398"},
	    {64511, "RFC 5398"},
	    {64512, "RFC 6996"},
	    {65534, "RFC 6996"},
	    {65535, "RFC 7300"},
	    {65536, "RFC 5398"},
	    {65551, "RFC 5398"},
	    {65552, "IANA ASN registry"},
	    {131071, "IANA ASN registry"},
	    {131072, NULL},
	    {4199999999u, NULL},
	    {4200000000u, "RFC 6996"},
	    {4294967294u, "RFC 6996"},
	    {4294967295u, "RFC 7300"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bogon_asn_range *r = bogon_check_asn(cases[i].asn);
		if (!cases[i].ref) {
			if (r)
				fail_msg("AS%u flagged as %s", cases[i].asn, r->name);
			continue;
		}
		if (!r)
			fail_msg("AS%u not flagged", cases[i].asn);
		assert_string_equal(r->ref, cases[i].ref);
	}
	const uint32_t clean[] = {3356, 1299, 174};
	const uint32_t dirty[] = {3356, 1299, 64512, 174, 0};
	assert_int_equal(bogon_check_path(clean, 3), -1);
	assert_int_equal(bogon_check_path(dirty, 5), 2);
	assert_int_equal(bogon_check_path(dirty, 0), -1);
}

static char tmpfile_path[64];

static const char *write_tmp(const char *text)
{
	snprintf(tmpfile_path, sizeof tmpfile_path, "/tmp/manrs-test-bogon-XXXXXX");
	int fd = mkstemp(tmpfile_path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return tmpfile_path;
}

static void test_load(void **state)
{
	(void)state;
	const char *path = write_tmp("# last updated 1710089701\r\n"
	                             "# Know your network!\n"
	                             "\n"
	                             "23.135.225.0/24\r\n"
	                             "  27.98.192.0/20   # trailing comment\n"
	                             "1.10.16.0/20 ; SBL256894\n"
	                             "23.135.225.0/24\n"
	                             "10.0.0.0/8\n"
	                             "2001:db9::/32\n"
	                             "\t\n");
	struct err e;
	struct bogon_set *s = builtin_set();
	size_t base = bogon_set_count(s);
	assert_int_equal(bogon_set_load(s, path, &e), 5); /* one duplicate */
	assert_int_equal(bogon_set_count(s), base + 5);
	struct bogon_verdict v;
	struct prefix p = P("27.98.200.0/24");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_true(v.entry->from_file);
	assert_string_equal(v.entry->ref, path);
	assert_int_equal(v.entry->line, 5);
	p = P("1.10.16.0/20");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_int_equal(v.entry->line, 6);
	/* The first listing of a duplicate is the reason. */
	p = P("23.135.225.0/24");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_int_equal(v.entry->line, 4);
	/* Built-in reasons (with an RFC) win over a list. */
	p = P("10.0.0.0/8");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_false(v.entry->from_file);
	/* A listed prefix in otherwise clean space. */
	p = P("2001:db9:1::/48");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_true(v.entry->from_file);
	bogon_set_free(s);

	/* Only the list: built-in space is clean then. */
	s = bogon_set_new(false, &e);
	assert_non_null(s);
	assert_int_equal(bogon_set_count(s), 0);
	assert_int_equal(bogon_set_load(s, path, &e), 5);
	p = P("192.168.0.0/16");
	assert_false(bogon_check_prefix(s, &p, &v));
	assert_null(v.entry);
	p = P("10.1.0.0/16");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_int_equal(v.entry->line, 8);
	unlink(path);

	/* A bad line stops the load with file, line and the quoted text. */
	path = write_tmp("10.0.0.0/8\n# ok\n10.0.0.1/8\n");
	assert_int_equal(bogon_set_load(s, path, &e), -1);
	char want[128];
	snprintf(want, sizeof want, "%s:3: invalid prefix '10.0.0.1/8': host bits set", path);
	if (!strstr(e.msg, want))
		fail_msg("message: %s", e.msg);
	assert_int_equal(e.line, 3);
	unlink(path);
	assert_int_equal(bogon_set_load(s, "/nonexistent/list", &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/list"));

	struct prefix q = P("198.51.100.0/24");
	assert_int_equal(bogon_set_add(s, &q, "custom", "operator", &e), 0);
	p = P("198.51.100.7");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_string_equal(v.entry->name, "custom");
	bogon_set_free(s);
}

/* The /16 summary that skips the tries answers as they do: entries
 * shorter than /16 mark each /16 they span, longer ones their own. */
static void test_v4_summary(void **state)
{
	(void)state;
	struct err e;
	struct bogon_set *s = bogon_set_new(false, &e);
	assert_non_null(s);
	struct prefix wide = P("44.16.0.0/12"), narrow = P("5.6.7.0/24");
	assert_int_equal(bogon_set_add(s, &wide, "wide", "test", &e), 0);
	assert_int_equal(bogon_set_add(s, &narrow, "narrow", "test", &e), 0);
	struct bogon_verdict v;
	struct prefix p = P("44.31.5.0/24");
	assert_true(bogon_check_prefix(s, &p, &v));
	assert_string_equal(v.entry->name, "wide");
	p = P("44.32.0.0/16");
	assert_false(bogon_check_prefix(s, &p, &v));
	assert_int_equal(v.covers, 0);
	p = P("5.6.0.0/16");
	assert_false(bogon_check_prefix(s, &p, &v));
	assert_int_equal(v.covers, 1);
	p = P("5.6.7.128/25");
	assert_true(bogon_check_prefix(s, &p, &v));
	p = P("5.6.8.0/24");
	assert_false(bogon_check_prefix(s, &p, &v));
	p = P("5.7.0.0/24");
	assert_false(bogon_check_prefix(s, &p, &v));
	assert_null(v.entry);
	bogon_set_free(s);
}

/* ---- filter ranges agree with the check ---- */

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

static bool in_range(const struct bogon_range *r, const struct prefix *p)
{
	return prefix_contains(&r->prefix, p) && p->len <= r->le;
}

/* A random prefix near an entry of the table (or anywhere). */
static void near(struct prefix *p, int family, const struct bogon_set *s, unsigned maxlen)
{
	const struct bogon_builtin *t;
	size_t n = bogon_builtin_prefixes(&t);
	memset(p, 0, sizeof *p);
	p->family = (uint8_t)family;
	for (int i = 0; i < 16; i++)
		p->addr[i] = (uint8_t)rnd();
	if (rnd() % 4) {
		struct prefix b;
		struct err e;
		const char *src = t[rnd() % n].prefix;
		assert_int_equal(prefix_parse(src, &b, &e), 0);
		if (b.family == family) {
			/* Keep the entry's bits and perturb one near its end. */
			unsigned keep = b.len;
			for (unsigned i = 0; i < keep; i++) {
				int bit = prefix_bit(&b, i);
				uint8_t m = (uint8_t)(0x80 >> (i % 8));
				p->addr[i / 8] =
				    (uint8_t)(bit ? p->addr[i / 8] | m : p->addr[i / 8] & ~m);
			}
			if (keep && rnd() % 3 == 0)
				p->addr[(keep - 1) / 8] ^= (uint8_t)(0x80 >> ((keep - 1) % 8));
		}
	}
	(void)s;
	p->len = (uint8_t)(rnd() % (maxlen + 1));
	prefix_mask(p);
}

static void check_ranges(struct bogon_set *s)
{
	for (int family = 4; family <= 6; family += 2) {
		struct bogon_range *r;
		struct err e;
		long n = bogon_set_ranges(s, family, &r, &e);
		assert_true(n > 0);
		for (long i = 1; i < n; i++)
			assert_true(prefix_cmp(&r[i - 1].prefix, &r[i].prefix) < 0);
		unsigned maxlen = family == 4 ? 24 : 48;
		for (int k = 0; k < 20000; k++) {
			struct prefix p;
			near(&p, family, s, maxlen);
			struct bogon_verdict v;
			bool want = bogon_check_prefix(s, &p, &v);
			int hits = 0;
			for (long i = 0; i < n; i++)
				hits += in_range(&r[i], &p);
			if (hits > 1 || (hits == 1) != want) {
				char buf[PREFIX_STRLEN];
				fail_msg("%s: check says %d, filter matches %d ranges",
				         prefix_format(&p, buf, sizeof buf), want, hits);
			}
		}
		free(r);
	}
}

static void test_ranges(void **state)
{
	(void)state;
	struct err e;
	struct bogon_set *s = builtin_set();
	check_ranges(s);
	/* Lists inside built-in holes and over them. */
	struct prefix a = P("2001:4:112::/48"), b = P("192.31.0.0/16"), c = P("2a00::/12"),
	              d = P("3ffe:1::/32");
	assert_int_equal(bogon_set_add(s, &a, "x", "test", &e), 0);
	assert_int_equal(bogon_set_add(s, &b, "x", "test", &e), 0);
	assert_int_equal(bogon_set_add(s, &c, "x", "test", &e), 0);
	assert_int_equal(bogon_set_add(s, &d, "x", "test", &e), 0);
	check_ranges(s);
	bogon_set_free(s);
	s = bogon_set_new(false, &e);
	assert_non_null(s);
	struct bogon_range *r;
	assert_int_equal(bogon_set_ranges(s, 4, &r, &e), 0);
	free(r);
	bogon_set_free(s);
}

static void test_range_regex(void **state)
{
	(void)state;
	static const uint32_t ranges[][2] = {
	    {0, 0},         {23456, 23456},  {64496, 64511},
	    {64512, 65534}, {65552, 131071}, {4200000000u, 4294967294u},
	    {1, 9},         {0, 12},         {10, 99},
	    {95, 105},
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		uint32_t lo = ranges[i][0], hi = ranges[i][1];
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		assert_non_null(f);
		fputs("^(", f);
		assert_true(bogon_range_regex(f, lo, hi, "|") > 0);
		fputs(")$", f);
		assert_int_equal(fclose(f), 0);
		regex_t re;
		assert_int_equal(regcomp(&re, buf, REG_EXTENDED | REG_NOSUB), 0);
		/* Probe the edges and random points inside and around. */
		uint64_t probes[64];
		int np = 0;
		probes[np++] = lo, probes[np++] = hi, probes[np++] = (uint64_t)hi + 1;
		if (lo)
			probes[np++] = lo - 1;
		for (int k = 0; k < 40; k++)
			probes[np++] = lo + rnd() % ((uint64_t)hi - lo + 3);
		for (int k = 0; k < np; k++) {
			if (probes[k] > UINT32_MAX)
				continue;
			char num[16];
			snprintf(num, sizeof num, "%llu", (unsigned long long)probes[k]);
			bool want = probes[k] >= lo && probes[k] <= hi;
			bool got = regexec(&re, num, 0, NULL, 0) == 0;
			if (want != got)
				fail_msg("%s vs %u..%u: regex %s says %d", num, lo, hi, buf, got);
		}
		regfree(&re);
		free(buf);
	}
}

/* Run one writer over the built-in set into a string. */
static char *export(const char *format, int fam4, int fam6, int asn)
{
	const struct bogon_writer *w = bogon_writer_find(format);
	assert_non_null(w);
	struct err e;
	struct bogon_set *s = builtin_set();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct bogon_out o = {.f = f};
	if (w->begin)
		w->begin(&o);
	for (int fam = 4; fam <= 6; fam += 2) {
		if (!(fam == 4 ? fam4 : fam6))
			continue;
		struct bogon_range *r;
		long n = bogon_set_ranges(s, fam, &r, &e);
		assert_true(n > 0);
		w->prefixes(&o, fam, r, (size_t)n);
		free(r);
	}
	if (asn) {
		const struct bogon_asn_range *a;
		size_t na = bogon_builtin_asns(&a);
		w->asns(&o, a, na);
	}
	if (w->end)
		w->end(&o);
	assert_int_equal(fclose(f), 0);
	bogon_set_free(s);
	return buf;
}

/* Two Junos exports at once (a daemon may write two): each policy names the
 * lists it wrote itself, so the writer keeps no state outside its bogon_out. */
static void test_junos_two_at_once(void **state)
{
	(void)state;
	const struct bogon_writer *w = bogon_writer_find("junos");
	struct err e;
	struct bogon_set *s = bogon_set_new(true, &e);
	assert_non_null(s);
	char *buf[2] = {NULL, NULL};
	size_t len[2];
	FILE *f[2] = {open_memstream(&buf[0], &len[0]), open_memstream(&buf[1], &len[1])};
	assert_non_null(f[0]);
	assert_non_null(f[1]);
	struct bogon_out o[2] = {{.f = f[0]}, {.f = f[1]}};
	struct bogon_range *r;
	w->begin(&o[0]);
	long n = bogon_set_ranges(s, 4, &r, &e);
	assert_true(n > 0);
	w->prefixes(&o[0], 4, r, (size_t)n);
	free(r);
	w->begin(&o[1]);
	n = bogon_set_ranges(s, 6, &r, &e);
	assert_true(n > 0);
	w->prefixes(&o[1], 6, r, (size_t)n);
	free(r);
	w->end(&o[0]);
	w->end(&o[1]);
	assert_int_equal(fclose(f[0]), 0);
	assert_int_equal(fclose(f[1]), 0);
	assert_non_null(strstr(buf[0], "term bogons-v4 {"));
	assert_null(strstr(buf[0], "term bogons-v6 {"));
	assert_non_null(strstr(buf[1], "term bogons-v6 {"));
	assert_null(strstr(buf[1], "term bogons-v4 {"));
	free(buf[0]);
	free(buf[1]);
	bogon_set_free(s);
}

static void test_writers(void **state)
{
	(void)state;
	static const struct {
		const char *format, *want[4];
	} cases[] = {
	    {"bird",
	     {"define BOGONS_V4 = [", "10.0.0.0/8+,", "define BOGON_ASNS = [", "64512..65534,"}},
	    {"openbgpd",
	     {"prefix-set bogons-v4 {", "10.0.0.0/8 or-longer",
	      "deny quick from ebgp prefix-set bogons-v6", "AS 4200000000 - 4294967294"}},
	    {"junos",
	     {"policy-options {", "prefix-list BOGONS-V6-EXACT {",
	      "prefix-list-filter BOGONS-V4 orlonger;",
	      "as-path BOGON-ASNS \".* (0|23456|64496-64511"}},
	    {"ios",
	     {"ip prefix-list BOGONS-V4 seq 5 deny 0.0.0.0/8 le 32",
	      "ipv6 prefix-list BOGONS-V6 seq 5 deny ::/1\n", "permit ::/0 le 128",
	      "ip as-path access-list 99 permit .*"}},
	    {"json",
	     {"{\"ipv4\":[{\"prefix\":\"0.0.0.0/8\",\"le\":32", "\"ipv6\":[", "\"asns\":[",
	      "\"ref\":\"RFC 7607\""}},
	    {"plain", {"10.0.0.0/8\n", "::/1 exact\n", "AS64512-AS65534\n", "AS4294967295\n"}},
	    {"iosxr",
	     {"prefix-set BOGONS-V4\n  0.0.0.0/8 le 32,", "prefix-set BOGONS-V6",
	      "as-path-set BOGON-ASNS",
	      "if destination in BOGONS-V4 or destination in BOGONS-V6 or as-path in BOGON-ASNS "
	      "then"}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out = export(cases[i].format, 1, 1, 1);
		for (int k = 0; k < 4; k++)
			if (!strstr(out, cases[i].want[k]))
				fail_msg("%s output lacks '%s'", cases[i].format, cases[i].want[k]);
		free(out);
	}
	assert_null(bogon_writer_find("nope"));
	const struct bogon_writer *const *all;
	assert_int_equal(bogon_writers(&all), 7);
	/* one dialect name across exports; old spellings stay aliases */
	assert_ptr_equal(bogon_writer_find("cisco"), &bogon_writer_ios);
	assert_ptr_equal(bogon_writer_find("juniper"), &bogon_writer_junos);
	assert_ptr_equal(bogon_writer_find("bird2"), &bogon_writer_bird);
	assert_ptr_equal(bogon_writer_find("openbgp"), &bogon_writer_openbgpd);
	assert_ptr_equal(bogon_writer_find("ios-xr"), &bogon_writer_iosxr);

	/* The IOS as-path lines, read as regular expressions, deny exactly
	 * the reserved ASNs. */
	char *ios = export("ios", 0, 0, 1);
	regex_t re[64];
	int nre = 0;
	for (char *line = strtok(ios, "\n"); line; line = strtok(NULL, "\n")) {
		const char *pre = "ip as-path access-list 99 deny _";
		if (strncmp(line, pre, strlen(pre)))
			continue;
		char pat[256];
		snprintf(pat, sizeof pat, "^%s", line + strlen(pre));
		pat[strlen(pat) - 1] = '$'; /* the closing '_' */
		assert_true(nre < 64);
		assert_int_equal(regcomp(&re[nre++], pat, REG_EXTENDED | REG_NOSUB), 0);
	}
	assert_true(nre >= 4);
	static const uint32_t probes[] = {0,      1,           23455,       23456,      23457,
	                                  64495,  64496,       65535,       65536,      131071,
	                                  131072, 4199999999u, 4200000000u, 4294967295u};
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		char num[16];
		snprintf(num, sizeof num, "%u", probes[i]);
		bool hit = false;
		for (int k = 0; k < nre; k++)
			hit |= regexec(&re[k], num, 0, NULL, 0) == 0;
		if (hit != (bogon_check_asn(probes[i]) != NULL))
			fail_msg("IOS as-path list and table disagree on AS%s", num);
	}
	for (int k = 0; k < nre; k++)
		regfree(&re[k]);
	free(ios);
}

/* ---- the built-in table against IANA's own registry files ---- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

/* Copy the text of <tag>...</tag> inside [p, end) into out. */
static bool xml_field(const char *p, const char *end, const char *tag, char *out, size_t n)
{
	char open[32];
	snprintf(open, sizeof open, "<%s>", tag);
	const char *a = strstr(p, open);
	if (!a || a > end)
		return false;
	a += strlen(open);
	const char *b = strchr(a, '<');
	if (!b || b > end)
		return false;
	size_t l = (size_t)(b - a) < n - 1 ? (size_t)(b - a) : n - 1;
	memcpy(out, a, l);
	out[l] = 0;
	return true;
}

static int compare_registry(const char *file, struct bogon_set *s)
{
	char *xml = slurp(file);
	if (!xml)
		return -1;
	int records = 0;
	for (const char *p = strstr(xml, "<record>"); p; p = strstr(p + 1, "<record>")) {
		const char *end = strstr(p, "</record>");
		assert_non_null(end);
		char addr[200], global[64] = "";
		assert_true(xml_field(p, end, "address", addr, sizeof addr));
		xml_field(p, end, "global", global, sizeof global);
		/* RFC numbers cited by the record ("rfc1918" -> "RFC 1918"). */
		char rfcs[8][16];
		int nrfc = 0;
		for (const char *x = strstr(p, "type=\"rfc\" data=\"rfc"); x && x < end && nrfc < 8;
		     x = strstr(x + 1, "type=\"rfc\" data=\"rfc")) {
			snprintf(rfcs[nrfc++], sizeof rfcs[0], "RFC %d", atoi(x + 20));
		}
		/* "192.0.0.170/32, 192.0.0.171/32" lists several blocks. */
		for (char *tok = strtok(addr, ", "); tok; tok = strtok(NULL, ", ")) {
			struct prefix pf;
			struct err e;
			if (prefix_parse(tok, &pf, &e) != 0)
				continue; /* notes such as "<xref" */
			struct bogon_verdict v;
			bogon_check_prefix(s, &pf, &v);
			if (!v.entry || !prefix_equal(&v.entry->prefix, &pf))
				fail_msg("%s: IANA block %s is not in the built-in table", file,
				         tok);
			bool cited = nrfc == 0;
			for (int k = 0; k < nrfc; k++)
				cited |= strstr(v.entry->ref, rfcs[k]) != NULL;
			if (!cited)
				fail_msg("%s: %s cites %s, table has %s", file, tok, rfcs[0],
				         v.entry->ref);
			/* Not globally reachable must be a bogon; the one deliberate
			 * exception is the NAT64 well-known prefix. */
			if (!strncmp(global, "False", 5) && !v.bogon)
				fail_msg("%s: %s is not globally reachable but not a bogon", file,
				         tok);
			if (!strncmp(global, "True", 4) && v.bogon && strcmp(tok, "64:ff9b::/96"))
				fail_msg("%s: %s is globally reachable but a bogon", file, tok);
			records++;
		}
	}
	free(xml);
	return records;
}

static void test_iana_registry(void **state)
{
	(void)state;
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	char v4[512], v6[512];
	snprintf(v4, sizeof v4, "%s/data/bogons/iana/iana-ipv4-special-registry.xml", shared);
	snprintf(v6, sizeof v6, "%s/data/bogons/iana/iana-ipv6-special-registry.xml", shared);
	struct bogon_set *s = builtin_set();
	int n4 = compare_registry(v4, s), n6 = compare_registry(v6, s);
	bogon_set_free(s);
	if (n4 < 0 || n6 < 0) {
		print_message("IANA registry XML not found under %s; skipped\n", shared);
		skip();
	}
	assert_true(n4 >= 18);
	assert_true(n6 >= 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables),        cmocka_unit_test(test_check_prefix),
	    cmocka_unit_test(test_check_asn),     cmocka_unit_test(test_load),
	    cmocka_unit_test(test_v4_summary),    cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_range_regex),   cmocka_unit_test(test_writers),
	    cmocka_unit_test(test_default_route), cmocka_unit_test(test_bgpdump_line),
	    cmocka_unit_test(test_iana_registry), cmocka_unit_test(test_junos_two_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
