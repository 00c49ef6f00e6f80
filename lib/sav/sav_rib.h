/* SPDX-License-Identifier: ISC */
/* sav_rib.h - the routes each neighbour sends (per-neighbour Adj-RIB-In),
 * from an MRT RIB dump (TABLE_DUMP_V2 / TABLE_DUMP: one peer per neighbour
 * session) or added one by one (tests, BMP tables). */
#ifndef MANRS_SAV_RIB_H
#define MANRS_SAV_RIB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"

/* Longest AS path kept per route; longer paths keep their first hops and
 * their origin (the last AS). */
#define SAV_MAX_PATH 64

struct sav_route {
	struct prefix p;
	uint32_t neighbor; /* AS the route was received from */
	uint32_t origin;   /* last AS of the path (0: none, e.g. an AS_SET) */
	uint32_t path_off; /* into sav_rib.asns */
	uint16_t path_len; /* first hop (the neighbour) first */
};

struct sav_rib {
	struct sav_route *r;
	size_t n, cap;
	uint32_t *asns;
	size_t nasns, asncap;
	unsigned long skipped; /* MRT elements that were not RIB entries */
};

/* Release memory; the rib is empty afterwards. */
void sav_rib_free(struct sav_rib *rib);

/* Add the route to p received from neighbor with AS path path[0..n) (the
 * neighbour first, the origin last; n may be 0 for a neighbour's own
 * route without a path, then the origin is the neighbour). Returns 0 or -1
 * (out of memory). */
int sav_rib_add(struct sav_rib *rib, uint32_t neighbor, const struct prefix *p,
                const uint32_t *path, size_t n);

/* Add every RIB entry of an MRT file, keyed by the entry's peer AS. Warnings
 * about malformed records go to stderr prefixed with "manrs sav: ". Returns
 * the number of routes added, or -1 with e set (cannot read). */
long sav_rib_load_mrt(struct sav_rib *rib, const char *path, struct err *e);

/* The AS path of route i. */
static inline const uint32_t *sav_route_path(const struct sav_rib *rib, const struct sav_route *r)
{
	return rib->asns + r->path_off;
}

#endif
