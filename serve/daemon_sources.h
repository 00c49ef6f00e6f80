/* SPDX-License-Identifier: ISC */
/* daemon_sources.h - the hook between `manrs serve` and the data fetcher
 * (`manrs fetch`, issue 15 item 2).
 *
 * The daemon calls daemon_sources_tick once a minute (and once at start)
 * with the sources of its configuration (the sources: section). The
 * fetcher downloads what is due into each source's path (atomically
 * replaced); the services notice the changed files themselves (reload.h
 * watches them) and reload, keeping their last good data when a new file
 * is bad. Until the fetcher is linked in, the tick only reports what it
 * would fetch, so status pages can show the sources. */
#ifndef MANRS_DAEMON_SOURCES_H
#define MANRS_DAEMON_SOURCES_H

#include <stddef.h>
#include <time.h>

#include "daemon_config.h"

/* What the status page shows of one source. */
struct daemon_source_state {
	time_t last_attempt, last_success; /* 0: never */
	time_t file_mtime;                 /* the file at path, 0: missing */
	long long file_size;               /* -1: missing */
	char last_error[256];              /* "" when the last attempt worked */
};

/* Fetch what is due among the n sources at now; state[i] is the state of
 * sources[i] (kept by the caller between calls, zeroed at first). Returns
 * the number of sources fetched, or -1 when none could be tried at all.
 * Must not block the loop for long (the fetcher works in the background). */
int daemon_sources_tick(const struct daemon_source *sources, size_t n,
                        struct daemon_source_state *state, time_t now);

#endif
