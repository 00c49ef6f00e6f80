/* SPDX-License-Identifier: ISC */
/* mrt_stats.h - summary counts over a stream of MRT route elements. */
#ifndef MANRS_MRT_STATS_H
#define MANRS_MRT_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "bgp/mrt_elem.h"

struct mrt_stats {
	unsigned long records[64]; /* by MRT type */
	unsigned long elems[5];    /* by enum mrt_elem_type */
	unsigned long prefixes;    /* distinct prefixes (per AFI) */
	unsigned long origins;     /* distinct origin ASes */
	unsigned long peers;       /* distinct (peer address, peer AS) */
	unsigned long warnings;
	unsigned long updates_dropped; /* UPDATEs with undecodable NLRI (mrt_elem.h) */
	/* private: open-addressing sets */
	uint64_t *pfx_set;
	size_t pfx_cap;
	uint64_t *origin_set;
	size_t origin_cap;
	uint64_t *peer_set;
	size_t peer_cap;
	int oom;
};

/* Zero s. */
void mrt_stats_init(struct mrt_stats *s);

/* Account one element. Returns 0, or -1 when out of memory. */
int mrt_stats_add(struct mrt_stats *s, const struct mrt_elem *el);

/* Release memory (the counts stay readable). */
void mrt_stats_free(struct mrt_stats *s);

#endif
