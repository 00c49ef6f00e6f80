/* SPDX-License-Identifier: ISC */
/* rpki_slurm.h - what each SLURM rule did: how many VRPs (or ASPAs) every
 * filter removed and every assertion added, for 'manrs rpki info --slurm'.
 *
 * Collection is switched on around the loading of SLURM files; rules of
 * files read as SLURM (rpki_set_apply_slurm) are recorded in document
 * order. Not thread-safe: one collector at a time. */
#ifndef MANRS_RPKI_SLURM_H
#define MANRS_RPKI_SLURM_H

#include <stddef.h>

#include "rpki/rpki_set.h"

enum slurm_rule_kind {
	SLURM_PREFIX_FILTER,
	SLURM_ASPA_FILTER,
	SLURM_PREFIX_ASSERTION,
	SLURM_ASPA_ASSERTION,
};

struct slurm_rule_count {
	enum slurm_rule_kind kind;
	char where[200]; /* "FILE $.validationOutputFilters.prefixFilters[0]" */
	char what[96];   /* "192.0.2.0/24 AS64496", "ASPA of AS64500" */
	size_t count;    /* entries removed (filters); 1 per assertion (what it adds;
	                  * a copy of an entry already in the data collapses later) */
	struct vrp vrp;  /* prefix assertions: the asserted VRP */
};

struct slurm_stats {
	struct slurm_rule_count *rules;
	size_t n, cap;
};

/* The rules of every SLURM file applied to a set are recorded into its
 * slurm_stats (rpki_set.h; zeroed by the caller) when that is not NULL. A
 * VRP matched by several filters counts for each of them. */

/* Free the records (st is zeroed). */
void slurm_stats_free(struct slurm_stats *st);

#endif
