/* SPDX-License-Identifier: ISC */
/* test_aspa.c - ASPA path verification: the worked example of the draft's
 * ramp definitions, prepends and AS_SETs, and randomized paths against a
 * brute-force model that tries every reading of the unattested hops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rpki/aspa.h"

enum { A = 65000, B = 65010, C = 65020, D = 65030, E = 65040, F = 65050, G = 65060 };

static void aspa(struct rpki_set *s, uint32_t c, const uint32_t *p, size_t n)
{
	assert_int_equal(rpki_set_add_aspa(s, c, p, n), 0);
}

/* Topology of the usual ASPA walk-through: E and F publish no ASPA, G says it
 * has no providers (AS0). */
static void example_set(struct rpki_set *s)
{
	rpki_set_init(s);
	aspa(s, A, (uint32_t[]){C, D}, 2);
	aspa(s, B, (uint32_t[]){E}, 1);
	aspa(s, C, (uint32_t[]){F}, 1);
	aspa(s, D, (uint32_t[]){G, F}, 2);
	aspa(s, G, (uint32_t[]){0}, 1);
	rpki_set_finish(s);
}

static void test_hop(void **state)
{
	(void)state;
	struct rpki_set s;
	example_set(&s);
	assert_int_equal(aspa_hop(&s, A, C), ASPA_HOP_PROVIDER);
	assert_int_equal(aspa_hop(&s, A, F), ASPA_HOP_NOT_PROVIDER);
	assert_int_equal(aspa_hop(&s, F, G), ASPA_HOP_NO_ATTESTATION);
	assert_int_equal(aspa_hop(&s, G, E), ASPA_HOP_NOT_PROVIDER);
	assert_int_equal(aspa_hop(&s, D, F), ASPA_HOP_PROVIDER);
	rpki_set_free(&s);
}

static void test_draft_example(void **state)
{
	(void)state;
	struct rpki_set s;
	example_set(&s);
	struct aspa_result r;
	/* B receives E G F C A from its provider E: downstream. */
	const uint32_t path[] = {E, G, F, C, A};
	assert_int_equal(aspa_verify(&s, path, 5, 0, ASPA_DOWNSTREAM, &r), ASPA_UNKNOWN);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.max_up, 4);
	assert_int_equal(r.max_down, 2);
	assert_int_equal(r.min_up, 3);
	assert_int_equal(r.min_down, 1);
	/* The same path from a customer would be a leak: G has no providers. */
	assert_int_equal(aspa_verify(&s, path, 5, 0, ASPA_UPSTREAM, &r), ASPA_INVALID);
	assert_int_equal(r.bad_customer, G);
	assert_int_equal(r.bad_provider, E);
	/* A -> C -> F, all attested up: valid upstream only when F attests too. */
	const uint32_t up[] = {F, C, A};
	assert_int_equal(aspa_verify(&s, up, 3, 0, ASPA_UPSTREAM, &r), ASPA_VALID);
	const uint32_t up2[] = {G, D, A};
	assert_int_equal(aspa_verify(&s, up2, 3, 0, ASPA_UPSTREAM, &r), ASPA_VALID);
	/* A leaked C's route (its provider's) to D (A's other provider): the first
	 * hop from the origin that is not customer->provider is C->A. */
	const uint32_t leak[] = {D, A, C};
	assert_int_equal(aspa_verify(&s, leak, 3, 0, ASPA_UPSTREAM, &r), ASPA_INVALID);
	assert_int_equal(r.bad_customer, C);
	assert_int_equal(r.bad_provider, A);
	/* Downstream: C->A down then A->D up is a valley: invalid. */
	const uint32_t valley[] = {G, D, A, C, F};
	assert_int_equal(aspa_verify(&s, valley, 5, 0, ASPA_DOWNSTREAM, &r), ASPA_INVALID);
	rpki_set_free(&s);
}

static void test_prepend_set_empty(void **state)
{
	(void)state;
	struct rpki_set s;
	example_set(&s);
	struct aspa_result r;
	const uint32_t pre[] = {F, F, F, C, C, A, A};
	assert_int_equal(aspa_verify(&s, pre, 7, 0, ASPA_UPSTREAM, &r), ASPA_VALID);
	assert_int_equal(r.n, 3);
	assert_int_equal(aspa_verify(&s, pre, 7, 1, ASPA_UPSTREAM, &r), ASPA_INVALID);
	assert_int_equal(aspa_verify(&s, pre, 0, 0, ASPA_UPSTREAM, &r), ASPA_INVALID);
	assert_int_equal(aspa_verify(&s, pre, 0, 0, ASPA_DOWNSTREAM, &r), ASPA_INVALID);
	/* A single AS (the neighbor originated it) is always valid. */
	assert_int_equal(aspa_verify(&s, (uint32_t[]){G}, 1, 0, ASPA_UPSTREAM, &r), ASPA_VALID);
	/* Two ASes from a provider: any pair is valley free. */
	assert_int_equal(aspa_verify(&s, (uint32_t[]){E, G}, 2, 0, ASPA_DOWNSTREAM, &r),
	                 ASPA_VALID);
	/* Unattested customer upstream: unknown. */
	assert_int_equal(aspa_verify(&s, (uint32_t[]){G, F}, 2, 0, ASPA_UPSTREAM, &r),
	                 ASPA_UNKNOWN);
	rpki_set_free(&s);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* Valley free under one reading of the hops: up[i] says as[i]->as[i+1] is
 * customer->provider, down[i] says as[i+1]->as[i] is. Some u (top of the
 * up-ramp) and some d (start of the down-ramp) with d <= u + 1 must exist. */
static int valley_free(const int *up, const int *down, size_t N, int upstream)
{
	size_t u = 0; /* up-ramp covers as[0..u] */
	while (u + 1 < N && up[u])
		u++;
	if (upstream)
		return u == N - 1;
	size_t d = N - 1; /* down-ramp covers as[d..N-1] */
	while (d > 0 && down[d - 1])
		d--;
	return d <= u + 1;
}

static enum aspa_state model(const struct rpki_set *s, const uint32_t *as, size_t N, int upstream)
{
	/* Hops without attestation may be read either way. */
	int upv[16], downv[16], upu[16], downu[16];
	size_t unk[32], nunk = 0;
	for (size_t i = 0; i + 1 < N; i++) {
		enum aspa_hop h1 = aspa_hop(s, as[i], as[i + 1]);
		enum aspa_hop h2 = aspa_hop(s, as[i + 1], as[i]);
		upv[i] = h1 == ASPA_HOP_PROVIDER;
		upu[i] = h1 == ASPA_HOP_NO_ATTESTATION;
		downv[i] = h2 == ASPA_HOP_PROVIDER;
		downu[i] = h2 == ASPA_HOP_NO_ATTESTATION;
		if (upu[i])
			unk[nunk++] = 2 * i;
		if (downu[i])
			unk[nunk++] = 2 * i + 1;
	}
	if (valley_free(upv, downv, N, upstream))
		return ASPA_VALID;
	for (uint32_t m = 0; m < (1u << nunk); m++) {
		int u2[16], d2[16];
		memcpy(u2, upv, sizeof u2);
		memcpy(d2, downv, sizeof d2);
		for (size_t k = 0; k < nunk; k++)
			if (m >> k & 1) {
				if (unk[k] % 2)
					d2[unk[k] / 2] = 1;
				else
					u2[unk[k] / 2] = 1;
			}
		if (valley_free(u2, d2, N, upstream))
			return ASPA_UNKNOWN;
	}
	return ASPA_INVALID;
}

static void test_random_vs_model(void **state)
{
	(void)state;
	for (int round = 0; round < 200; round++) {
		struct rpki_set s;
		rpki_set_init(&s);
		/* ASes 1..8; each publishes an ASPA with probability 2/3. */
		for (uint32_t c = 1; c <= 8; c++) {
			if (rnd() % 3 == 0)
				continue;
			uint32_t p[8];
			size_t n = 0;
			for (uint32_t q = 1; q <= 8; q++)
				if (q != c && rnd() % 3 == 0)
					p[n++] = q;
			if (n == 0)
				p[n++] = 0;
			aspa(&s, c, p, n);
		}
		rpki_set_finish(&s);
		for (int q = 0; q < 300; q++) {
			size_t N = 1 + rnd() % 7;
			uint32_t as[8], path[8];
			for (size_t i = 0; i < N; i++) {
				do
					as[i] = 1 + rnd() % 8;
				while (i && as[i] == as[i - 1]);
				path[N - 1 - i] = as[i]; /* neighbor first */
			}
			for (int dir = 0; dir < 2; dir++) {
				enum aspa_state want = model(&s, as, N, dir == ASPA_UPSTREAM);
				enum aspa_state got = aspa_verify(&s, path, N, 0, dir, NULL);
				if (want != got)
					fail_msg("round %d dir %d N %zu: got %s want %s", round,
					         dir, N, aspa_state_name(got),
					         aspa_state_name(want));
			}
		}
		rpki_set_free(&s);
	}
}

/* The neighbor check (draft sections 6.1/6.2, step 2): a path whose most
 * recently added AS is not the neighbor is Invalid in both directions, even
 * when the hops themselves verify; not for an RS client of a transparent
 * route server; not without a neighbor; an empty path stays Invalid and the
 * hop verdict is unchanged when the neighbor matches. */
static void test_neighbor_check(void **state)
{
	(void)state;
	struct rpki_set s;
	example_set(&s);
	struct aspa_result r;
	const uint32_t up[] = {C, A}; /* A -> its provider C: Valid upstream */
	assert_int_equal(aspa_verify(&s, up, 2, 0, ASPA_UPSTREAM, NULL), ASPA_VALID);
	struct aspa_neighbor nb = {C, 0};
	assert_int_equal(aspa_verify_neighbor(&s, up, 2, 0, ASPA_UPSTREAM, &nb, &r), ASPA_VALID);
	nb.asn = D;
	assert_int_equal(aspa_verify_neighbor(&s, up, 2, 0, ASPA_UPSTREAM, &nb, &r), ASPA_INVALID);
	assert_non_null(strstr(r.why, "neighbor"));
	assert_int_equal(r.bad_customer, 0);
	assert_int_equal(aspa_verify_neighbor(&s, up, 2, 0, ASPA_DOWNSTREAM, &nb, &r),
	                 ASPA_INVALID);
	/* Prepended neighbor: its first copy is what counts. */
	const uint32_t pre[] = {C, C, C, A};
	nb.asn = C;
	assert_int_equal(aspa_verify_neighbor(&s, pre, 4, 0, ASPA_UPSTREAM, &nb, &r), ASPA_VALID);
	/* Route server clients: the RS AS is not on the path. */
	nb = (struct aspa_neighbor){64999, 1};
	assert_int_equal(aspa_verify_neighbor(&s, up, 2, 0, ASPA_UPSTREAM, &nb, &r), ASPA_VALID);
	/* Unknown neighbor (0) or none at all: plain verification. */
	nb = (struct aspa_neighbor){0, 0};
	assert_int_equal(aspa_verify_neighbor(&s, up, 2, 0, ASPA_UPSTREAM, &nb, &r), ASPA_VALID);
	assert_int_equal(aspa_verify_neighbor(&s, up, 2, 0, ASPA_UPSTREAM, NULL, &r), ASPA_VALID);
	/* Matching neighbor keeps the other outcomes: a leak stays Invalid with
	 * its hop, an AS_SET stays Invalid, an empty path stays Invalid. */
	const uint32_t leak[] = {F, A}; /* A lists only C and D */
	nb.asn = F;
	assert_int_equal(aspa_verify_neighbor(&s, leak, 2, 0, ASPA_UPSTREAM, &nb, &r),
	                 ASPA_INVALID);
	assert_int_equal(r.bad_customer, A);
	assert_int_equal(r.bad_provider, F);
	nb.asn = C;
	assert_int_equal(aspa_verify_neighbor(&s, up, 2, 1, ASPA_UPSTREAM, &nb, &r), ASPA_INVALID);
	assert_int_equal(aspa_verify_neighbor(&s, up, 0, 0, ASPA_UPSTREAM, &nb, &r), ASPA_INVALID);
	rpki_set_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hop),
	    cmocka_unit_test(test_draft_example),
	    cmocka_unit_test(test_prepend_set_empty),
	    cmocka_unit_test(test_random_vs_model),
	    cmocka_unit_test(test_neighbor_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
