/* SPDX-License-Identifier: ISC */
/* atomic_file.h - write an output file so that a reader never sees half of
 * it, without breaking what the user's path is.
 *
 * A regular file (or a new one) is written to a temporary file in the same
 * folder (mkostemp), flushed, fsync'ed and renamed over the target, keeping
 * the old file's mode. A symlink is followed to its real target first, so
 * the link stays a link. A FIFO, a device or a socket-like target is written
 * in place (a rename would replace it with a regular file). "-" is stdout.
 * Every error names the path the user gave, never the temporary name. */
#ifndef MANRS_ATOMIC_FILE_H
#define MANRS_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

struct atomic_file {
	FILE *f;      /* write here */
	char *path;   /* as the user gave it (for messages) */
	char *target; /* the real file written (symlinks followed) */
	char *tmp;    /* temporary name; NULL when writing in place or to stdout */
	bool is_stdout;
};

/* Open path ("-" = stdout) for writing. Returns 0, or -1 with e set
 * ("PATH: reason"); on failure nothing is left behind. */
int atomic_file_open(struct atomic_file *af, const char *path, struct err *e);

/* The name a writer that opens files itself should write to (the temporary
 * file, or the target when in place). Close af->f first with
 * atomic_file_release_stream when handing the name on. */
const char *atomic_file_write_name(const struct atomic_file *af);

/* Close af->f without finishing (for writers that reopen
 * atomic_file_write_name themselves). Returns 0 or -1 with e set. */
int atomic_file_release_stream(struct atomic_file *af, struct err *e);

/* Flush, check for write errors, fsync and rename into place. Returns 0,
 * or -1 with e set (the target is then unchanged for regular files, and
 * the temporary file is removed). af is freed either way. */
int atomic_file_commit(struct atomic_file *af, struct err *e);

/* Give up: close and remove the temporary file; the target is unchanged
 * (except in place, where what was written stays). af is freed. */
void atomic_file_abort(struct atomic_file *af);

/* Rewrite every mention of the temporary name in e->msg as the user's path,
 * for messages made by writers that opened atomic_file_write_name. */
void atomic_file_fix_err(const struct atomic_file *af, struct err *e);

#endif
