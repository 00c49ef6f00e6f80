/* SPDX-License-Identifier: ISC */
/* aspa.c - ASPA-based AS_PATH verification: up-ramp and down-ramp bounds. */
#include "rpki/aspa.h"

#include <stdlib.h>
#include <string.h>

enum aspa_hop aspa_hop(const struct rpki_set *s, uint32_t customer, uint32_t provider)
{
	const struct aspa *a = rpki_set_find_aspa(s, customer);
	if (!a)
		return ASPA_HOP_NO_ATTESTATION;
	size_t lo = 0, hi = a->nproviders;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->providers[mid] < provider)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->nproviders && a->providers[lo] == provider ? ASPA_HOP_PROVIDER
	                                                          : ASPA_HOP_NOT_PROVIDER;
}

static enum aspa_state finish(struct aspa_result *res, enum aspa_state st, const char *why)
{
	if (res) {
		res->state = st;
		res->why = why;
	}
	return st;
}

enum aspa_state aspa_verify(const struct rpki_set *s, const uint32_t *path, size_t n,
                            int has_as_set, enum aspa_dir dir, struct aspa_result *res)
{
	struct aspa_result tmp;
	if (!res)
		res = &tmp;
	memset(res, 0, sizeof *res);
	if (has_as_set)
		return finish(res, ASPA_INVALID, "AS_PATH contains an AS_SET");
	if (n == 0)
		return finish(res, ASPA_INVALID, "empty AS_PATH");
	/* Origin first (as the draft numbers them), prepends collapsed. */
	uint32_t small[64];
	uint32_t *as = n <= 64 ? small : malloc(n * sizeof *as);
	if (!as)
		return finish(res, ASPA_UNKNOWN, "out of memory");
	size_t N = 0;
	for (size_t i = n; i-- > 0;)
		if (N == 0 || as[N - 1] != path[i])
			as[N++] = path[i];
	res->n = N;

	/* Up-ramp: AS(1)->AS(2)->... each hop customer to provider. max stops at
	 * the first "Not Provider+", min at the first hop that is not "Provider+". */
	size_t max_up = N, min_up = N;
	uint32_t bc = 0, bp = 0;
	for (size_t i = 0; i + 1 < N; i++) {
		enum aspa_hop h = aspa_hop(s, as[i], as[i + 1]);
		if (h != ASPA_HOP_PROVIDER && min_up == N)
			min_up = i + 1;
		if (h == ASPA_HOP_NOT_PROVIDER) {
			max_up = i + 1;
			bc = as[i];
			bp = as[i + 1];
			break;
		}
	}
	/* Down-ramp: from AS(N) towards the origin, AS(j) customer of AS(j-1). */
	size_t max_down = N, min_down = N;
	uint32_t dc = 0, dp = 0;
	for (size_t j = N - 1; j >= 1; j--) {
		enum aspa_hop h = aspa_hop(s, as[j], as[j - 1]);
		if (h != ASPA_HOP_PROVIDER && min_down == N)
			min_down = N - j;
		if (h == ASPA_HOP_NOT_PROVIDER) {
			max_down = N - j;
			dc = as[j];
			dp = as[j - 1];
			break;
		}
	}
	if (as != small)
		free(as);
	res->max_up = max_up;
	res->min_up = min_up;
	res->max_down = max_down;
	res->min_down = min_down;
	if (dir == ASPA_UPSTREAM) {
		if (max_up < N) {
			res->bad_customer = bc;
			res->bad_provider = bp;
			return finish(res, ASPA_INVALID,
			              "an AS sent the route to a non-provider (route leak)");
		}
		if (min_up < N)
			return finish(res, ASPA_UNKNOWN, "an AS on the path has no ASPA");
		return finish(res, ASPA_VALID, "every hop is customer to provider");
	}
	if (max_up + max_down < N) {
		/* Name the hop that ended the up-ramp; the down-ramp one otherwise. */
		res->bad_customer = bc ? bc : dc;
		res->bad_provider = bc ? bp : dp;
		return finish(res, ASPA_INVALID,
		              "no valley-free split: up-ramp and down-ramp do not meet");
	}
	if (min_up + min_down < N)
		return finish(res, ASPA_UNKNOWN, "ASes without ASPA leave the path unproven");
	return finish(res, ASPA_VALID, "up-ramp and down-ramp cover the path");
}

enum aspa_state aspa_verify_neighbor(const struct rpki_set *s, const uint32_t *path, size_t n,
                                     int has_as_set, enum aspa_dir dir,
                                     const struct aspa_neighbor *nb, struct aspa_result *res)
{
	struct aspa_result tmp;
	if (!res)
		res = &tmp;
	if (n > 0 && nb && nb->asn && !nb->route_server && path[0] != nb->asn) {
		memset(res, 0, sizeof *res);
		res->bad_customer = 0;
		res->bad_provider = 0;
		return finish(res, ASPA_INVALID,
		              "the most recently added AS is not the neighbor AS");
	}
	return aspa_verify(s, path, n, has_as_set, dir, res);
}

const char *aspa_state_name(enum aspa_state st)
{
	static const char *const names[] = {"valid", "invalid", "unknown"};
	return (unsigned)st < 3 ? names[st] : "?";
}
