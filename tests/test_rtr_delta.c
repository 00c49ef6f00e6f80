/* SPDX-License-Identifier: ISC */
/* test_rtr_delta.c - set diffs, delta composition and the serial history,
 * checked against a brute-force model: applying the delta a router gets for
 * any serial in history must give exactly the current set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rtr/rtr_cache.h"
#include "rtr/rtr_delta.h"

#define UNIVERSE 64 /* small key space so random sets overlap a lot */

static struct vrp key_vrp(unsigned k)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	v.family = k % 2 ? 6 : 4;
	v.addr[0] = 10;
	v.addr[1] = (uint8_t)(k / 8);
	v.len = 16;
	v.maxlen = (uint8_t)(16 + k % 3);
	v.asn = 64496 + (k / 2) % 4;
	return v;
}

static unsigned vrp_key(const struct vrp *v)
{
	for (unsigned k = 0; k < UNIVERSE; k++) {
		struct vrp w = key_vrp(k);
		if (!rtr_vrp_key_cmp(&w, v))
			return k;
	}
	fail_msg("VRP outside the universe");
	return 0;
}

/* A model state: a bitmap of VRP keys plus ASPA provider lists (0 = none). */
struct model {
	uint8_t has[UNIVERSE];
	uint32_t aspa[8]; /* customer 100+i -> single provider value, 0 none */
};

static void random_model(struct model *m)
{
	for (unsigned k = 0; k < UNIVERSE; k++)
		m->has[k] = (uint8_t)(rand() % 2);
	for (unsigned i = 0; i < 8; i++)
		m->aspa[i] = (uint32_t)(rand() % 3 ? rand() % 3 : 0);
}

static void build_set(const struct model *m, struct rpki_set *s)
{
	rpki_set_init(s);
	/* insert in random order to exercise normalization */
	unsigned order[UNIVERSE];
	for (unsigned k = 0; k < UNIVERSE; k++)
		order[k] = k;
	for (unsigned k = UNIVERSE - 1; k > 0; k--) {
		unsigned j = (unsigned)rand() % (k + 1), t = order[k];
		order[k] = order[j];
		order[j] = t;
	}
	for (unsigned k = 0; k < UNIVERSE; k++) {
		if (m->has[order[k]]) {
			struct vrp v = key_vrp(order[k]);
			assert_int_equal(rpki_set_add_vrp(s, &v), 0);
		}
	}
	for (unsigned i = 0; i < 8; i++) {
		if (m->aspa[i]) {
			uint32_t prov[2] = {m->aspa[i], 65000};
			assert_int_equal(rpki_set_add_aspa(s, 100 + i, prov, 2), 0);
		}
	}
	rpki_set_finish(s);
}

static void apply(struct model *m, const struct rtr_delta *d)
{
	for (size_t i = 0; i < d->nvrps; i++) {
		unsigned k = vrp_key(&d->vrps[i].vrp);
		/* RTR forbids duplicate announces and unknown withdraws */
		assert_int_equal(m->has[k], !d->vrps[i].announce);
		m->has[k] = d->vrps[i].announce;
		if (i)
			assert_true(rtr_vrp_key_cmp(&d->vrps[i - 1].vrp, &d->vrps[i].vrp) < 0);
	}
	for (size_t i = 0; i < d->naspas; i++) {
		const struct rtr_aspa_change *c = &d->aspas[i];
		unsigned idx = c->customer - 100;
		assert_true(idx < 8);
		assert_int_equal(!!m->aspa[idx], c->has_old);
		m->aspa[idx] = c->has_new ? (c->new_[0] == 65000 ? c->new_[1] : c->new_[0]) : 0;
	}
}

static void test_diff_random(void **state)
{
	(void)state;
	srand(1);
	for (int round = 0; round < 300; round++) {
		struct model a, b;
		struct rpki_set sa, sb;
		random_model(&a);
		random_model(&b);
		build_set(&a, &sa);
		build_set(&b, &sb);
		rtr_set_normalize(&sa);
		rtr_set_normalize(&sb);
		struct rtr_delta *d = rtr_delta_diff(&sa, &sb);
		assert_non_null(d);
		apply(&a, d);
		assert_memory_equal(a.has, b.has, sizeof a.has);
		assert_memory_equal(a.aspa, b.aspa, sizeof a.aspa);
		rtr_delta_unref(d);
		rpki_set_free(&sa);
		rpki_set_free(&sb);
	}
}

static void test_identical_is_empty(void **state)
{
	(void)state;
	struct model a;
	struct rpki_set s1, s2;
	random_model(&a);
	build_set(&a, &s1);
	build_set(&a, &s2);
	rtr_set_normalize(&s1);
	rtr_set_normalize(&s2);
	struct rtr_delta *d = rtr_delta_diff(&s1, &s2);
	assert_true(rtr_delta_empty(d));
	rtr_delta_unref(d);
	rpki_set_free(&s1);
	rpki_set_free(&s2);
}

/* Many reloads through the cache: every serial still in history must get a
 * delta that leads exactly to the current set; older ones get a reset. */
static void test_history_random(void **state)
{
	(void)state;
	srand(7);
	enum { STEPS = 40, HIST = 5 };
	struct model states[STEPS];
	uint32_t serials[STEPS];
	struct rtr_cache c;
	rtr_cache_init(&c, 4242, HIST);
	int n = 0;
	for (int step = 0; step < STEPS; step++) {
		struct model m = step ? states[n - 1] : (struct model){{0}, {0}};
		if (!step) {
			random_model(&m);
		} else {
			/* small random edits, sometimes none at all */
			int edits = rand() % 4;
			for (int e = 0; e < edits; e++)
				m.has[rand() % UNIVERSE] ^= 1;
			if (rand() % 5 == 0)
				m.aspa[rand() % 8] = (uint32_t)(rand() % 3);
		}
		struct rpki_set s;
		build_set(&m, &s);
		int r = rtr_cache_update(&c, &s, 0);
		assert_true(r >= 0);
		if (r == 1 || !n) {
			states[n] = m;
			serials[n] = c.cur->serial;
			n++;
		}
		for (int i = 0; i < n; i++) {
			struct rtr_delta *d = NULL;
			enum rtr_lookup l = rtr_cache_lookup(&c, serials[i], &d);
			if (i == n - 1) {
				assert_int_equal(l, RTR_LOOKUP_CURRENT);
			} else if (i >= n - 1 - HIST) {
				assert_int_equal(l, RTR_LOOKUP_DELTA);
				struct model x = states[i];
				apply(&x, d);
				assert_memory_equal(x.has, states[n - 1].has, sizeof x.has);
				assert_memory_equal(x.aspa, states[n - 1].aspa, sizeof x.aspa);
			} else {
				assert_int_equal(l, RTR_LOOKUP_RESET);
			}
		}
	}
	assert_true(c.cur->serial == (uint32_t)(n - 1));
	rtr_cache_free(&c);
}

static void test_normalize_dups(void **state)
{
	(void)state;
	struct rpki_set s;
	rpki_set_init(&s);
	struct vrp v = key_vrp(3), w = key_vrp(1);
	/* bypass the loader's own dedup: append raw entries */
	s.vrps = calloc(3, sizeof *s.vrps);
	s.vrp_cap = 3;
	s.vrps[0] = v;
	s.vrps[1] = w;
	s.vrps[2] = v;
	s.vrps[2].ta = 2; /* same VRP from another trust anchor */
	s.nvrps = 3;
	rtr_set_normalize(&s);
	assert_int_equal(s.nvrps, 2);
	assert_true(rtr_vrp_key_cmp(&s.vrps[0], &s.vrps[1]) < 0);
	rpki_set_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_diff_random),
	    cmocka_unit_test(test_identical_is_empty),
	    cmocka_unit_test(test_history_random),
	    cmocka_unit_test(test_normalize_dups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
