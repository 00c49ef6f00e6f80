/* SPDX-License-Identifier: ISC */
/* scan_table.h - source address classes for the scan's hot path.
 *
 * Every prefix of interest (each customer's allowed sources, the IANA
 * special-purpose blocks, the martian blocks) is resolved once, at build
 * time, into the address space it leaves behind: a sorted array of range
 * starts per family, each range carrying a class that says whether the
 * address is martian, bogon, and which customers may send from it (the
 * union over every covering prefix, so a more specific never hides a less
 * specific). A lookup is then one branch-free binary search over a few
 * cache lines, with no allocation. */
#ifndef MANRS_SAV_SCAN_TABLE_H
#define MANRS_SAV_SCAN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "sav/scan_filters.h"

/* Class flags. */
#define SAV_CLS_MARTIAN 1u  /* never a valid source on any link */
#define SAV_CLS_BOGON 2u    /* special-purpose space, not globally routed */
#define SAV_CLS_CUSTOMER 4u /* some customer may send from it */

struct sav_u128 {
	uint64_t hi, lo;
};

struct sav_table {
	uint32_t *start4; /* range starts, ascending, start4[0] == 0 */
	uint32_t *cls4;
	size_t n4;
	/* Per /16: the range holding its first address; the ranges of /16 b
	 * are bucket4[b]..bucket4[b + 1], so most lookups search one. */
	uint32_t *bucket4; /* 65537 entries */
	struct sav_u128 *start6;
	uint32_t *cls6;
	size_t n6;
	uint8_t *flags; /* per class */
	uint64_t *bits; /* per class, words customer bits */
	size_t words;   /* 64-bit words per class bitset */
	size_t nclass;  /* class 0: no flags, no customer */
};

/* Build t from the customers of f, the built-in special-purpose table
 * (lib/policy, when bogons is true) and the martian blocks. Returns 0, or -1
 * with e set (out of memory). */
int sav_table_build(struct sav_table *t, const struct sav_filters *f, bool bogons, struct err *e);

/* Free t. */
void sav_table_free(struct sav_table *t);

/* The class of an IPv4 source (host order). */
static inline uint32_t sav_table_find4(const struct sav_table *t, uint32_t a)
{
	const uint32_t *s = t->start4;
	size_t lo = t->bucket4[a >> 16], n = t->bucket4[(a >> 16) + 1] - lo + 1;
	while (n > 1) {
		size_t half = n / 2;
		lo = s[lo + half] <= a ? lo + half : lo;
		n -= half;
	}
	return t->cls4[lo];
}

/* The class of an IPv6 source (high and low 64 bits, host order). */
static inline uint32_t sav_table_find6(const struct sav_table *t, uint64_t hi, uint64_t lo_bits)
{
	const struct sav_u128 *s = t->start6;
	size_t lo = 0, n = t->n6;
	while (n > 1) {
		size_t half = n / 2;
		const struct sav_u128 *m = &s[lo + half];
		bool le = m->hi < hi || (m->hi == hi && m->lo <= lo_bits);
		lo = le ? lo + half : lo;
		n -= half;
	}
	return t->cls6[lo];
}

/* Flags of class c. */
static inline unsigned sav_class_flags(const struct sav_table *t, uint32_t c)
{
	return t->flags[c];
}

/* True when customer i may send from addresses of class c. */
static inline bool sav_class_allows(const struct sav_table *t, uint32_t c, size_t i)
{
	return (t->bits[(size_t)c * t->words + i / 64] >> (i % 64)) & 1;
}

/* The martian blocks (never a valid source): into *tab, returns the count. */
size_t sav_martians(const char *const **tab);

#endif
