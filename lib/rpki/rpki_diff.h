/* SPDX-License-Identifier: ISC */
/* rpki_diff.h - what changed between two finished VRP/ASPA sets. */
#ifndef MANRS_RPKI_DIFF_H
#define MANRS_RPKI_DIFF_H

#include <stddef.h>

#include "rpki/rpki_set.h"

/* Called for each VRP only in the old set (added = 0) or only in the new
 * one (added = 1), in vrp_cmp order. */
typedef void (*rpki_diff_vrp_fn)(const struct vrp *v, int added, void *ctx);

/* Called for each customer whose ASPA appeared (old NULL), disappeared (new
 * NULL) or changed its providers, in customer order. */
typedef void (*rpki_diff_aspa_fn)(const struct aspa *old, const struct aspa *cur, void *ctx);

struct rpki_diff_counts {
	size_t vrps_added, vrps_removed;
	size_t aspas_added, aspas_removed, aspas_changed;
};

/* Walk both finished sets once (a merge of two sorted arrays) and report
 * the differences; either callback may be NULL. Fills counts (may be NULL). */
void rpki_diff(const struct rpki_set *old, const struct rpki_set *cur, rpki_diff_vrp_fn vfn,
               rpki_diff_aspa_fn afn, void *ctx, struct rpki_diff_counts *counts);

#endif
