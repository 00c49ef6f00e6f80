/* SPDX-License-Identifier: ISC */
/* test_rov.c - RFC 6811 route origin validation: the RFC's cases, the
 * reasons for invalid, and randomized sets against a brute-force model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rpki/rov.h"

static void add(struct rpki_set *s, const char *pfx, unsigned maxlen, uint32_t asn)
{
	struct prefix p;
	struct err e;
	if (prefix_parse(pfx, &p, &e) < 0)
		fail_msg("%s", e.msg);
	struct vrp v = {.family = p.family, .len = p.len, .maxlen = (uint8_t)maxlen, .asn = asn};
	memcpy(v.addr, p.addr, 16);
	assert_int_equal(rpki_set_add_vrp(s, &v), 0);
}

static enum rov_state check(const struct rov_index *ix, const char *pfx, uint32_t origin,
                            enum rov_reason *why, size_t *nmatch)
{
	struct prefix p;
	struct err e;
	if (prefix_parse(pfx, &p, &e) < 0)
		fail_msg("%s", e.msg);
	const struct vrp *m[16];
	size_t n = 0;
	enum rov_reason w;
	enum rov_state st = rov_validate_detail(ix, &p, origin, m, 16, &n, &w);
	assert_int_equal(st, rov_validate(ix, &p, origin));
	if (why)
		*why = w;
	if (nmatch)
		*nmatch = n;
	return st;
}

/* The examples of RFC 6811 section 2 and the usual operator cases. */
static void test_rfc6811(void **state)
{
	(void)state;
	struct rpki_set s;
	rpki_set_init(&s);
	add(&s, "192.0.2.0/24", 24, 64496);
	add(&s, "198.51.100.0/22", 24, 64497);
	add(&s, "198.51.100.0/24", 24, 64498);
	add(&s, "203.0.113.0/24", 24, 0); /* AS0: nothing may originate it */
	add(&s, "2001:db8::/32", 48, 64499);
	rpki_set_finish(&s);
	struct rov_index ix;
	struct err e;
	assert_int_equal(rov_index_build(&ix, &s, &e), 0);
	enum rov_reason why;
	size_t n;

	assert_int_equal(check(&ix, "192.0.2.0/24", 64496, &why, &n), ROV_VALID);
	assert_int_equal(why, ROV_WHY_NONE);
	assert_int_equal(check(&ix, "192.0.2.0/24", 64511, &why, &n), ROV_INVALID);
	assert_int_equal(why, ROV_WHY_ORIGIN);
	assert_int_equal(n, 1);
	assert_int_equal(check(&ix, "192.0.2.0/25", 64496, &why, &n), ROV_INVALID);
	assert_int_equal(why, ROV_WHY_MAXLEN);
	assert_int_equal(check(&ix, "192.0.0.0/16", 64496, &why, &n), ROV_NOT_FOUND);
	assert_int_equal(n, 0);
	assert_int_equal(check(&ix, "10.0.0.0/8", 64496, NULL, NULL), ROV_NOT_FOUND);
	/* Two covering VRPs: either may make it valid. */
	assert_int_equal(check(&ix, "198.51.100.0/24", 64497, NULL, &n), ROV_VALID);
	assert_int_equal(check(&ix, "198.51.100.0/24", 64498, NULL, &n), ROV_VALID);
	assert_int_equal(check(&ix, "198.51.100.0/24", 64499, &why, &n), ROV_INVALID);
	assert_int_equal(n, 2);
	assert_int_equal(check(&ix, "198.51.101.0/24", 64497, NULL, NULL), ROV_VALID);
	assert_int_equal(check(&ix, "198.51.101.0/25", 64497, &why, NULL), ROV_INVALID);
	assert_int_equal(why, ROV_WHY_MAXLEN);
	assert_int_equal(check(&ix, "198.51.103.0/24", 64498, NULL, NULL), ROV_INVALID);
	/* AS0 never matches, not even origin 0 ("NONE"). */
	assert_int_equal(check(&ix, "203.0.113.0/24", 0, NULL, NULL), ROV_INVALID);
	assert_int_equal(check(&ix, "203.0.113.128/25", 64496, NULL, NULL), ROV_INVALID);
	assert_int_equal(check(&ix, "2001:db8:1::/48", 64499, NULL, NULL), ROV_VALID);
	assert_int_equal(check(&ix, "2001:db8:1::/49", 64499, &why, NULL), ROV_INVALID);
	assert_int_equal(why, ROV_WHY_MAXLEN);
	assert_int_equal(check(&ix, "2001:db9::/32", 64499, NULL, NULL), ROV_NOT_FOUND);
	assert_int_equal(check(&ix, "2001:db8::/31", 64499, NULL, NULL), ROV_NOT_FOUND);
	/* An IPv4 VRP never covers IPv6 and the other way round. */
	assert_int_equal(check(&ix, "::/0", 64499, NULL, NULL), ROV_NOT_FOUND);
	rov_index_free(&ix);
	rpki_set_free(&s);
}

static void test_edges(void **state)
{
	(void)state;
	struct rpki_set s;
	rpki_set_init(&s);
	add(&s, "0.0.0.0/0", 32, 1);
	add(&s, "255.255.255.255/32", 32, 2);
	add(&s, "::/0", 128, 3);
	add(&s, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 128, 4);
	rpki_set_finish(&s);
	struct rov_index ix;
	struct err e;
	assert_int_equal(rov_index_build(&ix, &s, &e), 0);
	assert_int_equal(check(&ix, "255.255.255.255/32", 2, NULL, NULL), ROV_VALID);
	assert_int_equal(check(&ix, "255.255.255.255/32", 1, NULL, NULL), ROV_VALID);
	assert_int_equal(check(&ix, "255.255.255.255/32", 3, NULL, NULL), ROV_INVALID);
	assert_int_equal(check(&ix, "1.2.3.0/24", 1, NULL, NULL), ROV_VALID);
	assert_int_equal(check(&ix, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 4, NULL, NULL),
	                 ROV_VALID);
	assert_int_equal(check(&ix, "2001:db8::/32", 3, NULL, NULL), ROV_VALID);
	assert_int_equal(check(&ix, "2001:db8::/32", 4, NULL, NULL), ROV_INVALID);
	rov_index_free(&ix);
	rpki_set_free(&s);

	/* An empty set: everything is not-found. */
	rpki_set_init(&s);
	rpki_set_finish(&s);
	assert_int_equal(rov_index_build(&ix, &s, &e), 0);
	assert_int_equal(check(&ix, "1.2.3.0/24", 1, NULL, NULL), ROV_NOT_FOUND);
	assert_int_equal(check(&ix, "2001:db8::/32", 1, NULL, NULL), ROV_NOT_FOUND);
	rov_index_free(&ix);
	rpki_set_free(&s);
}

static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* A random prefix inside a small space so that prefixes nest and collide. */
static void rand_prefix(struct prefix *p, int family)
{
	memset(p, 0, sizeof *p);
	p->family = (uint8_t)family;
	unsigned max = family == 4 ? 32 : 128;
	p->len = (uint8_t)(rnd() % (max + 1));
	if (family == 4) {
		uint32_t a = 0x0a000000u | (rnd() & 0x0000ffffu) << (rnd() % 9);
		for (int i = 0; i < 4; i++)
			p->addr[i] = (uint8_t)(a >> (24 - 8 * i));
	} else {
		p->addr[0] = 0x20;
		p->addr[1] = 0x01;
		for (int i = 2; i < 16; i++)
			p->addr[i] = (rnd() % 4 == 0) ? (uint8_t)rnd() : 0;
	}
	prefix_mask(p);
}

static enum rov_state brute(const struct rpki_set *s, const struct prefix *p, uint32_t origin)
{
	int covered = 0;
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		struct prefix vp = {.family = v->family, .len = v->len};
		memcpy(vp.addr, v->addr, 16);
		if (!prefix_contains(&vp, p))
			continue;
		covered = 1;
		if (v->asn == origin && origin && p->len <= v->maxlen)
			return ROV_VALID;
	}
	return covered ? ROV_INVALID : ROV_NOT_FOUND;
}

static void test_random_vs_brute(void **state)
{
	(void)state;
	for (int round = 0; round < 40; round++) {
		struct rpki_set s;
		rpki_set_init(&s);
		/* The last rounds are big enough for the first-level table. */
		int n = round >= 38 ? 6000 : 1 + (int)(rnd() % 300);
		for (int i = 0; i < n; i++) {
			struct prefix p;
			rand_prefix(&p, round == 38 || rnd() % 3 ? 4 : 6);
			if (round == 38 && p.len < 16)
				p.len = (uint8_t)(16 + p.len);
			unsigned max = prefix_maxlen(p.family);
			struct vrp v = {.family = p.family, .len = p.len, .asn = rnd() % 5};
			v.maxlen = (uint8_t)(p.len + rnd() % (max - p.len + 1));
			memcpy(v.addr, p.addr, 16);
			assert_int_equal(rpki_set_add_vrp(&s, &v), 0);
		}
		rpki_set_finish(&s);
		struct rov_index ix;
		struct err e;
		assert_int_equal(rov_index_build(&ix, &s, &e), 0);
		if (round == 38)
			assert_non_null(ix.fl4);
		for (int q = 0; q < 2000; q++) {
			struct prefix p;
			if (q % 3 == 0) {
				/* A VRP prefix or a more specific of one. */
				const struct vrp *v = &s.vrps[rnd() % s.nvrps];
				p.family = v->family;
				memcpy(p.addr, v->addr, 16);
				unsigned max = prefix_maxlen(v->family);
				p.len = (uint8_t)(v->len + rnd() % (max - v->len + 1));
				for (unsigned b = v->len; b < p.len; b++)
					if (rnd() & 1)
						p.addr[b / 8] |= (uint8_t)(0x80 >> (b % 8));
			} else {
				rand_prefix(&p, rnd() % 3 ? 4 : 6);
			}
			uint32_t origin = rnd() % 5;
			enum rov_state want = brute(&s, &p, origin);
			enum rov_state got = rov_validate(&ix, &p, origin);
			if (want != got) {
				char buf[PREFIX_STRLEN];
				fail_msg("round %d: %s AS%u: got %s want %s", round,
				         prefix_format(&p, buf, sizeof buf), origin,
				         rov_state_name(got), rov_state_name(want));
			}
		}
		rov_index_free(&ix);
		rpki_set_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc6811),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_random_vs_brute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
