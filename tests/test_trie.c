/* SPDX-License-Identifier: ISC */
/* test_trie.c - the prefix trie against a brute-force model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/trie.h"

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

/* Collects what a visitor saw, optionally stopping after stop_after. */
struct seen {
	struct prefix p[4096];
	uint32_t v[4096];
	size_t n, stop_after;
};

static int collect(const struct prefix *p, uint32_t value, void *ctx)
{
	struct seen *s = ctx;
	if (s->n >= 4096)
		return 1;
	s->p[s->n] = *p;
	s->v[s->n++] = value;
	return s->stop_after && s->n >= s->stop_after ? 7 : 0;
}

static void test_basic(void **state)
{
	(void)state;
	struct trie t;
	trie_init(&t);
	struct prefix a = P("10.0.0.0/8"), b = P("10.1.0.0/16"), c = P("10.1.2.0/24"),
	              d = P("0.0.0.0/0"), x = P("10.0.0.0/8"), v6 = P("::/0"), h = P("10.1.2.3/32");
	uint32_t v = 0, old = 0;
	assert_false(trie_get(&t, &a, &v));
	assert_false(trie_longest(&t, &a, NULL, NULL));
	assert_int_equal(trie_delete(&t, &a, NULL), 0);
	assert_int_equal(trie_insert(&t, &c, 3, NULL), 1);
	assert_int_equal(trie_insert(&t, &a, 1, NULL), 1);
	assert_int_equal(trie_insert(&t, &b, 2, NULL), 1);
	assert_int_equal(trie_insert(&t, &x, 11, &old), 0);
	assert_int_equal(old, 1);
	assert_int_equal(trie_count(&t), 3);
	assert_true(trie_get(&t, &a, &v));
	assert_int_equal(v, 11);
	assert_false(trie_get(&t, &d, &v));
	/* The other family is separate even for the all-zero prefix. */
	assert_int_equal(trie_insert(&t, &v6, 6, NULL), 1);
	assert_false(trie_get(&t, &d, &v));
	struct prefix m;
	assert_true(trie_longest(&t, &h, &m, &v));
	assert_true(prefix_equal(&m, &c));
	assert_int_equal(v, 3);
	struct seen s = {.n = 0};
	assert_int_equal(trie_covering(&t, &h, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_true(prefix_equal(&s.p[0], &a));
	assert_true(prefix_equal(&s.p[2], &c));
	/* A visitor's nonzero return stops the walk and is passed back. */
	s.n = 0, s.stop_after = 2;
	assert_int_equal(trie_walk(&t, collect, &s), 7);
	assert_int_equal(s.n, 2);
	s.n = 0, s.stop_after = 1;
	assert_int_equal(trie_covering(&t, &h, collect, &s), 7);
	s.n = 0;
	assert_int_equal(trie_covered(&t, &d, collect, &s), 7);
	assert_int_equal(trie_delete(&t, &b, &old), 1);
	assert_int_equal(old, 2);
	assert_int_equal(trie_delete(&t, &b, &old), 0);
	assert_true(trie_longest(&t, &h, &m, &v));
	assert_int_equal(v, 3);
	assert_true(trie_memory(&t) > 0);
	trie_free(&t);
	assert_int_equal(trie_count(&t), 0);
	assert_false(trie_get(&t, &a, &v));
	/* Usable again after free. */
	assert_int_equal(trie_reserve(&t, 1000), 0);
	assert_int_equal(trie_insert(&t, &a, 1, NULL), 1);
	trie_free(&t);
}

/* ---- randomized comparison with a brute-force model ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	/* xorshift64*: fixed seed, so a failure is reproducible. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

#define POOL 1600

struct model {
	struct prefix p[POOL];
	uint32_t v[POOL];
	uint8_t present[POOL];
	size_t n;
};

/* A prefix near an existing one, so covering/covered chains get deep. */
static void random_prefix(struct prefix *p, const struct model *m)
{
	memset(p, 0, sizeof *p);
	if (m->n > 0 && rnd() % 3) {
		*p = m->p[rnd() % m->n];
		for (unsigned i = p->len; i < prefix_maxlen(p->family); i++)
			if (rnd() % 4 == 0)
				p->addr[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	} else if (rnd() % 2) {
		p->family = 4;
		static const uint8_t base[] = {10, 192, 193, 0, 255};
		p->addr[0] = base[rnd() % 5];
		p->addr[1] = (uint8_t)(rnd() % 4);
		p->addr[2] = (uint8_t)rnd();
		p->addr[3] = (uint8_t)rnd();
	} else {
		p->family = 6;
		static const uint8_t base[][2] = {{0x20, 0x01}, {0x2a, 0x00}, {0, 0}, {0xff, 0xff}};
		memcpy(p->addr, base[rnd() % 4], 2);
		p->addr[2] = (uint8_t)(rnd() % 2);
		for (int i = 3; i < 16; i++)
			p->addr[i] = (uint8_t)rnd();
	}
	/* /24 and /48 heavy, with the extremes (0 and host routes) present. */
	unsigned max = prefix_maxlen(p->family), r = (unsigned)(rnd() % 100), len;
	if (r < 40)
		len = p->family == 4 ? 24 : 48;
	else if (r < 43)
		len = 0;
	else if (r < 48)
		len = max;
	else
		len = (unsigned)(rnd() % (max + 1));
	p->len = (uint8_t)len;
	prefix_mask(p);
}

static size_t model_find(const struct model *m, const struct prefix *p)
{
	for (size_t i = 0; i < m->n; i++)
		if (prefix_equal(&m->p[i], p))
			return i;
	return SIZE_MAX;
}

static int cmp_idx_len(const void *a, const void *b, void *ctx)
{
	const struct model *m = ctx;
	return (int)m->p[*(const size_t *)a].len - (int)m->p[*(const size_t *)b].len;
}

static int cmp_idx_order(const void *a, const void *b, void *ctx)
{
	const struct model *m = ctx;
	return prefix_cmp(&m->p[*(const size_t *)a], &m->p[*(const size_t *)b]);
}

/* Compare what the trie visited with the model entries idx[0..n). */
static void expect_seen(const struct model *m, const struct seen *s, const size_t *idx, size_t n,
                        const char *what)
{
	if (s->n != n)
		fail_msg("%s: trie visited %zu entries, model has %zu", what, s->n, n);
	for (size_t i = 0; i < n; i++) {
		if (!prefix_equal(&s->p[i], &m->p[idx[i]]) || s->v[i] != m->v[idx[i]]) {
			char a[PREFIX_STRLEN], b[PREFIX_STRLEN];
			fail_msg("%s: entry %zu is %s, model says %s", what, i,
			         prefix_format(&s->p[i], a, sizeof a),
			         prefix_format(&m->p[idx[i]], b, sizeof b));
		}
	}
}

static void check_walk(const struct trie *t, const struct model *m, struct seen *s)
{
	static size_t idx[POOL];
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->present[i])
			idx[n++] = i;
	qsort_r(idx, n, sizeof *idx, cmp_idx_order, (void *)m);
	s->n = 0, s->stop_after = 0;
	assert_int_equal(trie_walk(t, collect, s), 0);
	expect_seen(m, s, idx, n, "walk");
	assert_int_equal(trie_count(t), n);
}

static void random_model(unsigned jump_min)
{
	static struct model m;
	static struct seen s;
	static size_t idx[POOL];
	struct trie t;
	trie_init(&t);
	t.jump_min = jump_min;
	memset(&m, 0, sizeof m);
	unsigned counts[6] = {0};
	size_t deepest_covering = 0, widest_covered = 0, hits = 0;
	for (unsigned op = 0; op < 100000; op++) {
		struct prefix q;
		random_prefix(&q, &m);
		size_t at = model_find(&m, &q);
		if (at == SIZE_MAX && m.n < POOL) {
			at = m.n++;
			m.p[at] = q;
		}
		unsigned kind = (unsigned)(rnd() % 6);
		counts[kind]++;
		uint32_t v = 0xdead, old = 0xdead;
		switch (kind) {
		case 0: { /* insert */
			if (at == SIZE_MAX)
				break;
			uint32_t nv = (uint32_t)rnd();
			int r = trie_insert(&t, &q, nv, &old);
			assert_int_equal(r, !m.present[at]);
			if (!r)
				assert_int_equal(old, m.v[at]);
			m.present[at] = 1, m.v[at] = nv;
			break;
		}
		case 1: { /* delete */
			int r = trie_delete(&t, &q, &old);
			int want = at != SIZE_MAX && m.present[at];
			assert_int_equal(r, want);
			if (want) {
				assert_int_equal(old, m.v[at]);
				m.present[at] = 0;
			}
			break;
		}
		case 2: { /* exact */
			bool r = trie_get(&t, &q, &v);
			int want = at != SIZE_MAX && m.present[at];
			assert_int_equal(r, want);
			if (want)
				assert_int_equal(v, m.v[at]);
			break;
		}
		case 3: { /* longest match */
			size_t best = SIZE_MAX;
			for (size_t i = 0; i < m.n; i++)
				if (m.present[i] && prefix_contains(&m.p[i], &q) &&
				    (best == SIZE_MAX || m.p[i].len > m.p[best].len))
					best = i;
			struct prefix got;
			bool r = trie_longest(&t, &q, &got, &v);
			assert_int_equal(r, best != SIZE_MAX);
			hits += r;
			if (r) {
				assert_true(prefix_equal(&got, &m.p[best]));
				assert_int_equal(v, m.v[best]);
			}
			break;
		}
		case 4: { /* covering, shortest first */
			size_t n = 0;
			for (size_t i = 0; i < m.n; i++)
				if (m.present[i] && prefix_contains(&m.p[i], &q))
					idx[n++] = i;
			qsort_r(idx, n, sizeof *idx, cmp_idx_len, &m);
			s.n = 0, s.stop_after = 0;
			assert_int_equal(trie_covering(&t, &q, collect, &s), 0);
			expect_seen(&m, &s, idx, n, "covering");
			deepest_covering = n > deepest_covering ? n : deepest_covering;
			break;
		}
		default: { /* covered, in prefix order */
			size_t n = 0;
			for (size_t i = 0; i < m.n; i++)
				if (m.present[i] && prefix_contains(&q, &m.p[i]))
					idx[n++] = i;
			qsort_r(idx, n, sizeof *idx, cmp_idx_order, &m);
			s.n = 0, s.stop_after = 0;
			assert_int_equal(trie_covered(&t, &q, collect, &s), 0);
			expect_seen(&m, &s, idx, n, "covered");
			widest_covered = n > widest_covered ? n : widest_covered;
			break;
		}
		}
		if (op % 5000 == 4999)
			check_walk(&t, &m, &s);
		/* Compaction renumbers every node; the model must not notice. */
		if (op % 7919 == 7918) {
			assert_int_equal(trie_compact(&t), 0);
			assert_int_equal(t.free_head, 0);
			check_walk(&t, &m, &s);
		}
	}
	check_walk(&t, &m, &s);
	/* The workload must be meaningful: deep chains, wide subtrees, hits. */
	for (int k = 0; k < 6; k++)
		assert_true(counts[k] > 15000);
	assert_true(deepest_covering >= 6);
	assert_true(widest_covered >= 100);
	assert_true(hits > counts[3] / 2);
	/* Delete everything: the trie must end empty with all nodes freed. */
	for (size_t i = 0; i < m.n; i++)
		if (m.present[i]) {
			assert_int_equal(trie_delete(&t, &m.p[i], NULL), 1);
			m.present[i] = 0;
		}
	assert_int_equal(trie_count(&t), 0);
	assert_int_equal(t.root[0], 0);
	assert_int_equal(t.root[1], 0);
	check_walk(&t, &m, &s);
	assert_true(jump_min == 0 || t.jump != NULL);
	trie_free(&t);
}

static void test_random_model(void **state)
{
	(void)state;
	random_model(0); /* small: no jump table */
}

/* The same with the IPv4 jump table built from the first entry on, so every
 * insert and delete has to keep it right. */
static void test_random_model_jump(void **state)
{
	(void)state;
	rng_state = 0x2545f4914f6cdd1dull;
	random_model(1);
}

/* Many entries: node reuse after deletes keeps memory bounded. */
static void test_churn(void **state)
{
	(void)state;
	struct trie t;
	trie_init(&t);
	struct prefix p = P("10.0.0.0/24");
	for (uint32_t i = 0; i < 20000; i++) {
		p.addr[1] = (uint8_t)(i >> 8), p.addr[2] = (uint8_t)i;
		assert_int_equal(trie_insert(&t, &p, i, NULL), 1);
	}
	size_t mem = trie_memory(&t);
	for (int round = 0; round < 5; round++) {
		for (uint32_t i = 0; i < 20000; i += 2) {
			p.addr[1] = (uint8_t)(i >> 8), p.addr[2] = (uint8_t)i;
			assert_int_equal(trie_delete(&t, &p, NULL), 1);
		}
		for (uint32_t i = 0; i < 20000; i += 2) {
			p.addr[1] = (uint8_t)(i >> 8), p.addr[2] = (uint8_t)i;
			assert_int_equal(trie_insert(&t, &p, i, NULL), 1);
		}
	}
	assert_int_equal(trie_count(&t), 20000);
	assert_true(trie_memory(&t) <= mem);
	uint32_t v;
	p.addr[1] = 0x4e, p.addr[2] = 0x1f; /* 19999 */
	assert_true(trie_get(&t, &p, &v));
	assert_int_equal(v, 19999);
	trie_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_random_model),
	    cmocka_unit_test(test_random_model_jump),
	    cmocka_unit_test(test_churn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
