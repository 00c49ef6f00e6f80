/* SPDX-License-Identifier: ISC */
/* rtr_source.h - the files an RTR server serves from.
 *
 * A source is a list of VRP files (any format lib/rpki reads) plus SLURM
 * files applied on top. rtr_source_load() builds a complete new set beside
 * whatever is being served; nothing is touched when any file is broken.
 * Noticing that the files changed is the transport's job (serve/reload). */
#ifndef MANRS_RTR_SOURCE_H
#define MANRS_RTR_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "rpki/rpki_set.h"

struct rtr_source {
	const char *const *vrp_files; /* not copied: must outlive the source */
	size_t nvrp;
	const char *const *slurm_files;
	size_t nslurm;
	int ignore_expires; /* keep VRPs/ASPAs past their "expires" */
};

/* Load every file into *out (initialised here) and finish it. data_time is
 * the newest "generated" time found in the data or else the newest file
 * mtime. Returns 0, or -1 with e naming the file and line (out is then
 * empty). */
int rtr_source_load(const struct rtr_source *src, struct rpki_set *out, int64_t *data_time,
                    struct err *e);

#endif
