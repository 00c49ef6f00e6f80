/* SPDX-License-Identifier: ISC */
/* sav_plist.h - a list of prefixes, aggregated to the fewest entries that
 * cover exactly the same addresses, and the set arithmetic filters need. */
#ifndef MANRS_SAV_PLIST_H
#define MANRS_SAV_PLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/prefix.h"

struct sav_plist {
	struct prefix *v;
	size_t n, cap;
};

/* Widening limits (--aggregate-widen): prefixes longer than these are taken
 * to their covering /24 or /48, the longest prefixes the Internet routes. */
#define SAV_WIDEN_V4 24
#define SAV_WIDEN_V6 48

/* Append p. Returns 0 or -1 (out of memory). */
int sav_plist_add(struct sav_plist *l, const struct prefix *p);

/* Append every prefix of src. Returns 0 or -1. */
int sav_plist_add_all(struct sav_plist *l, const struct sav_plist *src);

/* Empty the list (keeps its memory). */
static inline void sav_plist_clear(struct sav_plist *l)
{
	l->n = 0;
}

/* Release memory; the list is empty afterwards. */
void sav_plist_free(struct sav_plist *l);

/* Sort, drop duplicates and prefixes covered by others, and merge sibling
 * pairs into their parent until none is left: the result covers exactly the
 * same addresses with the fewest prefixes, in prefix_cmp order. With widen,
 * prefixes longer than SAV_WIDEN_V4/V6 are first shortened to those lengths
 * (the only widening done). */
void sav_plist_aggregate(struct sav_plist *l, bool widen);

/* True when every address of p is in the aggregated list l. */
bool sav_plist_covers(const struct sav_plist *l, const struct prefix *p);

/* Number of addresses of family (4: IPv4 addresses; 6: IPv6 /64s) in the
 * aggregated list l. */
double sav_plist_space(const struct sav_plist *l, int family);

/* Space (as sav_plist_space) of the addresses in aggregated a that are not
 * in aggregated b. */
double sav_plist_space_minus(const struct sav_plist *a, const struct sav_plist *b, int family);

/* The prefixes of aggregated a not wholly inside aggregated b, appended to
 * out (a prefix partly covered is listed whole). Returns 0 or -1. */
int sav_plist_not_covered(const struct sav_plist *a, const struct sav_plist *b,
                          struct sav_plist *out);

/* Entries of family in l. */
size_t sav_plist_count(const struct sav_plist *l, int family);

#endif
