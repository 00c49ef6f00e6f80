/* SPDX-License-Identifier: ISC */
/* lab_rand.c - splitmix64, the deterministic stream behind the lab. */
#include "lab/lab_rand.h"

void lab_rand_seed(struct lab_rand *r, uint64_t seed)
{
	r->state = seed ^ 0x6a09e667f3bcc909ULL;
}

uint64_t lab_rand_next(struct lab_rand *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t lab_rand_below(struct lab_rand *r, uint32_t n)
{
	if (n == 0)
		return 0;
	/* Multiply-shift instead of modulo: no bias worth caring about at the
	 * small ranges the lab uses, and no division. */
	return (uint32_t)(((lab_rand_next(r) >> 32) * (uint64_t)n) >> 32);
}

uint32_t lab_rand_range(struct lab_rand *r, uint32_t lo, uint32_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + lab_rand_below(r, hi - lo + 1);
}

bool lab_rand_pct(struct lab_rand *r, unsigned pct)
{
	return lab_rand_below(r, 100) < pct;
}
