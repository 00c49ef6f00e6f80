/* rtr_source.h - the files an RTR server serves from, and noticing when
 * they change.
 *
 * A source is a list of VRP files (any format lib/rpki reads) plus SLURM
 * files applied on top. rtr_source_load() builds a complete new set beside
 * whatever is being served; nothing is touched when any file is broken. */
#ifndef MANRS_RTR_SOURCE_H
#define MANRS_RTR_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "core/err.h"
#include "rpki/rpki_set.h"

struct rtr_file_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int exists;
};

struct rtr_source {
	const char *const *vrp_files;
	size_t nvrp;
	const char *const *slurm_files;
	size_t nslurm;
	struct rtr_file_stamp *stamps; /* vrp files, then slurm files */
	int ignore_expires; /* keep VRPs/ASPAs past their "expires" */
};

/* Remember the file lists (not copied: they must outlive the source). */
int rtr_source_init(struct rtr_source *src, const char *const *vrp_files, size_t nvrp,
		    const char *const *slurm_files, size_t nslurm, struct err *e);

/* Free the stamps. */
void rtr_source_free(struct rtr_source *src);

/* True when any file differs (inode, size, mtime) from the last load. */
int rtr_source_changed(const struct rtr_source *src);

/* Load every file into *out (initialised here) and finish it. data_time is
 * the newest "generated" time found in the data or else the newest file
 * mtime. Records the file stamps even on failure, so a broken file is not
 * retried until it changes again. Returns 0, or -1 with e naming the file
 * and line (out is then empty). */
int rtr_source_load(struct rtr_source *src, struct rpki_set *out, int64_t *data_time,
		    struct err *e);

#endif
