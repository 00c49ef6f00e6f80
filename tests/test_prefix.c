/* SPDX-License-Identifier: ISC */
/* test_prefix.c - prefix and ASN parsing, formatting and ordering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/prefix.h"

/* Parse s, format it back and compare with want (NULL: same as s). */
static void roundtrip(const char *s, const char *want, int family, unsigned len)
{
	struct prefix p;
	struct err e;
	char buf[PREFIX_STRLEN];
	err_clear(&e);
	if (prefix_parse(s, &p, &e) != 0)
		fail_msg("'%s' rejected: %s", s, e.msg);
	assert_int_equal(p.family, family);
	assert_int_equal(p.len, len);
	assert_string_equal(prefix_format(&p, buf, sizeof buf), want ? want : s);
}

static void test_parse_ok(void **state)
{
	(void)state;
	roundtrip("192.0.2.0/24", NULL, 4, 24);
	roundtrip("0.0.0.0/0", NULL, 4, 0);
	roundtrip("255.255.255.255/32", NULL, 4, 32);
	roundtrip("10.0.0.0/8", NULL, 4, 8);
	roundtrip("::/0", NULL, 6, 0);
	roundtrip("::/128", NULL, 6, 128);
	roundtrip("2001:db8::/32", NULL, 6, 32);
	roundtrip("2001:DB8::/32", "2001:db8::/32", 6, 32);
	roundtrip("2001:0db8:0000:0000:0000:0000:0000:0001/128", "2001:db8::1/128", 6, 128);
	/* RFC 5952 4.2.2: a single zero group is not shortened with "::". */
	roundtrip("2001:db8:0:1:1:1:1:1/128", NULL, 6, 128);
	/* RFC 5952 4.2.3: the longest run is shortened, the first on a tie. */
	roundtrip("2001:0:0:1:0:0:0:1/128", "2001:0:0:1::1/128", 6, 128);
	roundtrip("2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128", 6, 128);
	roundtrip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", NULL, 6, 128);
	/* IPv4-mapped IPv6 stays IPv6 and prints in the mixed notation. */
	roundtrip("::ffff:192.0.2.1/128", NULL, 6, 128);
	/* RFC 5952 section 5: mapped addresses keep the dotted quad. */
	roundtrip("::ffff:0:0/96", "::ffff:0.0.0.0/96", 6, 96);
	roundtrip("64:ff9b::/96", NULL, 6, 96);
	roundtrip("fe80::/10", NULL, 6, 10);
}

/* s must be rejected and the message must quote it and contain why. */
static void rejected(const char *s, const char *why)
{
	struct prefix p;
	struct err e;
	err_clear(&e);
	if (prefix_parse(s, &p, &e) == 0)
		fail_msg("'%s' accepted", s);
	char quoted[600];
	snprintf(quoted, sizeof quoted, "'%s'", s);
	if (!strstr(e.msg, quoted))
		fail_msg("message for '%s' does not quote it: %s", s, e.msg);
	if (why && !strstr(e.msg, why))
		fail_msg("message for '%s' lacks '%s': %s", s, why, e.msg);
}

static void test_parse_errors(void **state)
{
	(void)state;
	rejected("", "bad address");
	rejected("/24", "bad address");
	rejected("garbage", "bad address");
	rejected("192.0.2.0", "missing /length");
	rejected("2001:db8::", "missing /length");
	rejected("192.0.2.0/", "bad length");
	rejected("192.0.2.0/x", "bad length");
	rejected("192.0.2.0/-1", "bad length");
	rejected("192.0.2.0/+8", "bad length");
	rejected("192.0.2.0/24x", "bad length");
	rejected("192.0.2.0/24 ", "bad length");
	rejected("192.0.2.0/2 4", "bad length");
	rejected("192.0.2.0/024", "bad length");
	rejected("192.0.2.0/00", "bad length");
	rejected("192.0.2.0/1234", "bad length");
	rejected("192.0.2.0/24/24", "bad length");
	rejected("192.0.2.0/33", "length 33 exceeds 32");
	rejected("192.0.2.0/999", "length 999 exceeds 32");
	rejected("2001:db8::/129", "length 129 exceeds 128");
	rejected("192.0.2.1/24", "host bits set (did you mean 192.0.2.0/24?)");
	rejected("10.1.0.0/8", "did you mean 10.0.0.0/8?");
	rejected("2001:db8::1/64", "host bits set (did you mean 2001:db8::/64?)");
	rejected("::1/0", "did you mean ::/0?");
	rejected("1.0.0.0/0", "did you mean 0.0.0.0/0?");
	/* Leading zeros in an IPv4 octet are ambiguous (octal?) and rejected. */
	rejected("010.0.0.0/8", "bad address");
	rejected("192.000.2.0/24", "bad address");
	rejected("256.0.0.0/8", "bad address");
	rejected("1.2.3/24", "bad address");
	rejected("1.2.3.4.5/32", "bad address");
	rejected(" 192.0.2.0/24", "bad address");
	rejected("192.0.2.0 /24", "bad address");
	rejected("2001:db8:::/48", "bad address");
	rejected("2001:db8::g/128", "bad address");
	rejected("1:2:3:4:5:6:7:8:9/128", "bad address");
	rejected("12345::/16", "bad address");
	rejected("fe80::1%eth0/128", "bad address");
	rejected("::ffff:1.2.3/128", "bad address");
	/* Far longer than any address: rejected without overflowing anything. */
	char big[300];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = 0;
	struct prefix p;
	struct err e;
	assert_int_equal(prefix_parse(big, &p, &e), -1);
	assert_int_equal(prefix_parse(NULL, &p, &e), -1);
	assert_int_equal(prefix_parse("x", &p, NULL), -1); /* NULL err is allowed */
}

static void test_parse_host(void **state)
{
	(void)state;
	struct prefix p;
	struct err e;
	char buf[PREFIX_STRLEN];
	assert_int_equal(prefix_parse_host("192.0.2.1", &p, &e), 0);
	assert_string_equal(prefix_format(&p, buf, sizeof buf), "192.0.2.1/32");
	assert_int_equal(prefix_parse_host("2001:db8::1", &p, &e), 0);
	assert_string_equal(prefix_format(&p, buf, sizeof buf), "2001:db8::1/128");
	assert_int_equal(prefix_parse_host("192.0.2.0/24", &p, &e), 0);
	assert_int_equal(p.len, 24);
	assert_int_equal(prefix_parse_host("192.0.2.1/24", &p, &e), -1);
	assert_int_equal(addr_parse("192.0.2.1", &p, &e), 0);
	assert_int_equal(p.len, 32);
	assert_string_equal(addr_format(&p, buf, sizeof buf), "192.0.2.1");
	assert_int_equal(addr_parse("192.0.2.1/32", &p, &e), -1);
	assert_non_null(strstr(e.msg, "'192.0.2.1/32'"));
	assert_int_equal(addr_parse("", &p, &e), -1);
	assert_int_equal(addr_parse(NULL, &p, &e), -1);
}

static void test_from_bytes(void **state)
{
	(void)state;
	struct prefix p;
	char buf[PREFIX_STRLEN];
	const uint8_t a[16] = {192, 0, 2, 255, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
	assert_int_equal(prefix_from_bytes(&p, 4, a, 23), 0);
	assert_string_equal(prefix_format(&p, buf, sizeof buf), "192.0.2.0/23");
	for (int i = 4; i < 16; i++)
		assert_int_equal(p.addr[i], 0);
	assert_int_equal(prefix_from_bytes(&p, 4, a, 0), 0);
	assert_string_equal(prefix_format(&p, buf, sizeof buf), "0.0.0.0/0");
	assert_int_equal(prefix_from_bytes(&p, 4, a, 33), -1);
	assert_int_equal(prefix_from_bytes(&p, 6, a, 129), -1);
	assert_int_equal(prefix_from_bytes(&p, 5, a, 8), -1);
	const uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, 0xff};
	assert_int_equal(prefix_from_bytes(&p, 6, b, 33), 0);
	assert_string_equal(prefix_format(&p, buf, sizeof buf), "2001:db8:8000::/33");
}

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

static void
test_compare_contains(void **state)
{
	(void)state;
	struct prefix a = P("10.0.0.0/8"), b = P("10.0.0.0/16"), c = P("10.1.0.0/16"),
	              d = P("11.0.0.0/8"), z = P("0.0.0.0/0"), v6 = P("::/0"),
	              m = P("::ffff:10.0.0.0/104");
	assert_true(prefix_contains(&a, &a));
	assert_true(prefix_contains(&a, &b));
	assert_true(prefix_contains(&a, &c));
	assert_false(prefix_contains(&b, &a));
	assert_false(prefix_contains(&b, &c));
	assert_false(prefix_contains(&a, &d));
	assert_true(prefix_contains(&z, &d));
	/* Families never contain each other, even mapped addresses. */
	assert_false(prefix_contains(&v6, &a));
	assert_false(prefix_contains(&z, &m));
	assert_true(prefix_contains(&v6, &m));
	struct prefix e1 = P("2001:db8::/33"), e2 = P("2001:db8:7fff::/48"),
	              e3 = P("2001:db8:8000::/48");
	assert_true(prefix_contains(&e1, &e2));
	assert_false(prefix_contains(&e1, &e3));

	/* Order: family, address, then shorter first. */
	assert_true(prefix_cmp(&z, &a) < 0);
	assert_true(prefix_cmp(&a, &b) < 0);
	assert_true(prefix_cmp(&b, &c) < 0);
	assert_true(prefix_cmp(&c, &d) < 0);
	assert_true(prefix_cmp(&d, &v6) < 0);
	assert_true(prefix_cmp(&v6, &m) < 0);
	assert_true(prefix_cmp(&b, &a) > 0);
	assert_int_equal(prefix_cmp(&a, &a), 0);
	struct prefix a2 = P("10.0.0.0/8");
	assert_true(prefix_equal(&a, &a2));
	assert_false(prefix_equal(&a, &b));
}

static void test_mask(void **state)
{
	(void)state;
	struct prefix p;
	memset(&p, 0xff, sizeof p);
	p.family = 6;
	for (unsigned len = 0; len <= 128; len++) {
		memset(p.addr, 0xff, 16);
		p.len = (uint8_t)len;
		prefix_mask(&p);
		for (unsigned i = 0; i < 128; i++)
			assert_int_equal(prefix_bit(&p, i), i < len);
	}
	p.family = 4;
	memset(p.addr, 0xff, 16);
	p.len = 20;
	prefix_mask(&p);
	assert_memory_equal(p.addr, ((uint8_t[16]){0xff, 0xff, 0xf0}), 16);
}

static void asn_ok(const char *s, uint32_t want)
{
	uint32_t a = 12345;
	struct err e;
	if (asn_parse(s, &a, &e) != 0)
		fail_msg("'%s' rejected: %s", s, e.msg);
	assert_int_equal(a, want);
}

static void asn_bad(const char *s)
{
	uint32_t a;
	struct err e;
	err_clear(&e);
	if (asn_parse(s, &a, &e) == 0)
		fail_msg("'%s' accepted as %u", s, a);
	char quoted[100];
	snprintf(quoted, sizeof quoted, "'%s'", s);
	if (!strstr(e.msg, quoted))
		fail_msg("message does not quote '%s': %s", s, e.msg);
}

static void test_asn(void **state)
{
	(void)state;
	asn_ok("AS64496", 64496);
	asn_ok("as64496", 64496);
	asn_ok("As64496", 64496);
	asn_ok("64496", 64496);
	asn_ok("0", 0);
	asn_ok("AS0", 0);
	asn_ok("1.10", 65546);
	asn_ok("AS1.10", 65546);
	asn_ok("as1.10", 65546);
	asn_ok("0.64496", 64496);
	asn_ok("65535.65535", 4294967295u);
	asn_ok("4294967295", 4294967295u);
	asn_ok("AS4294967295", 4294967295u);
	asn_bad("");
	asn_bad("AS");
	asn_bad("as");
	asn_bad("4294967296");
	asn_bad("99999999999");
	asn_bad("18446744073709551617");
	asn_bad("-1");
	asn_bad("+1");
	asn_bad(" 1");
	asn_bad("1 ");
	asn_bad("AS 1");
	asn_bad("AS-1");
	asn_bad("ASAS1");
	asn_bad("A1");
	asn_bad("S1");
	asn_bad("64496x");
	asn_bad("0x10");
	asn_bad("1.");
	asn_bad(".1");
	asn_bad("1.2.3");
	asn_bad("65536.1");
	asn_bad("1.65536");
	asn_bad("1..2");
	asn_bad("AS-FOO");
	uint32_t a;
	assert_int_equal(asn_parse(NULL, &a, NULL), -1);

	char buf[ASN_STRLEN];
	assert_string_equal(asn_format(64496, buf, sizeof buf), "AS64496");
	assert_string_equal(asn_format(4294967295u, buf, sizeof buf), "AS4294967295");
	assert_string_equal(asn_format_asdot(64496, buf, sizeof buf), "64496");
	assert_string_equal(asn_format_asdot(65535, buf, sizeof buf), "65535");
	assert_string_equal(asn_format_asdot(65536, buf, sizeof buf), "1.0");
	assert_string_equal(asn_format_asdot(65546, buf, sizeof buf), "1.10");
	assert_string_equal(asn_format_asdot(4294967295u, buf, sizeof buf), "65535.65535");
}

/* IPv4 is formatted by hand: every digit count, and the length after it. */
static void test_format_v4(void **state)
{
	(void)state;
	static const char *const cases[] = {
	    "0.0.0.0/0",          "1.2.3.4/32",   "10.0.100.9/32", "99.100.199.200/30",
	    "255.255.255.255/32", "192.0.2.0/24", "128.0.0.0/1"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct prefix p;
		char buf[PREFIX_STRLEN];
		assert_int_equal(prefix_parse(cases[i], &p, NULL), 0);
		assert_string_equal(prefix_format(&p, buf, sizeof buf), cases[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_ok),   cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_parse_host), cmocka_unit_test(test_from_bytes),
	    cmocka_unit_test(test_format_v4),  cmocka_unit_test(test_compare_contains),
	    cmocka_unit_test(test_mask),       cmocka_unit_test(test_asn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
