/* SPDX-License-Identifier: ISC */
/* lab_rand.h - a small deterministic PRNG for the lab generator.
 *
 * The lab must produce byte-identical files for a given seed on every
 * machine, so it cannot use rand() (whose sequence differs between libcs).
 * splitmix64 is tiny, fast and well distributed for this purpose. */
#ifndef MANRS_LAB_RAND_H
#define MANRS_LAB_RAND_H

#include <stdbool.h>
#include <stdint.h>

struct lab_rand {
	uint64_t state;
};

/* Start a stream from seed; equal seeds give equal streams. */
void lab_rand_seed(struct lab_rand *r, uint64_t seed);

/* Next 64 random bits. */
uint64_t lab_rand_next(struct lab_rand *r);

/* Uniform value in [0, n); 0 when n is 0. */
uint32_t lab_rand_below(struct lab_rand *r, uint32_t n);

/* Uniform value in [lo, hi] (inclusive); lo when hi <= lo. */
uint32_t lab_rand_range(struct lab_rand *r, uint32_t lo, uint32_t hi);

/* True with probability pct/100. */
bool lab_rand_pct(struct lab_rand *r, unsigned pct);

#endif
