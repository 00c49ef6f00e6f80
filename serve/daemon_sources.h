/* SPDX-License-Identifier: ISC */
/* daemon_sources.h - the data fetcher (lib/fetch) inside `manrs serve`.
 *
 * The daemon creates one fetch source per entry of its sources: section
 * and ticks the scheduler from its event loop. A tick never blocks: when a
 * source is due and no worker runs, it starts one worker thread that runs
 * every due source in turn (fetch_run_one: download, check, atomic
 * replace) and exits. The services notice a replaced file themselves
 * (reload.h watches them) and reload, keeping their last good data when a
 * new file is bad.
 *
 * Threads: the worker alone touches the fetch sources while it runs; after
 * each run it publishes a copy of the source's state under the one mutex,
 * and the loop thread (status page, metrics, the tick) reads only those
 * copies, under the same mutex. */
#ifndef MANRS_DAEMON_SOURCES_H
#define MANRS_DAEMON_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "core/err.h"
#include "daemon_config.h"
#include "metrics.h"

/* What the status page shows of one source. */
struct daemon_source_state {
	bool known;                        /* false: the source is not running (see last_error) */
	bool running;                      /* the worker is fetching it now */
	bool stale;                        /* older than max_age */
	time_t last_attempt, last_success; /* 0: never */
	time_t last_change;                /* a new version last downloaded, 0: never */
	int64_t age;                       /* seconds since last_change, -1: never */
	unsigned failures;                 /* consecutive failed runs */
	uint64_t bytes, objects;           /* of the last good copy */
	char result[16];                   /* the last run in this process: "updated",
	                                      "not-modified", "unchanged", "failed"; "" none */
	time_t file_mtime;                 /* the file at path, 0: missing */
	long long file_size;               /* -1: missing */
	char last_error[256];              /* "" when the last attempt worked */
};

struct daemon_sources;

/* The fetch sources of the n configured sources (their state read from
 * PATH.fetch.json beside each file). Nothing runs until the first tick.
 * NULL with e set (naming the source) when one cannot be set up. */
struct daemon_sources *daemon_sources_new(const struct daemon_source *cfg, size_t n, struct err *e);

/* Fetch, now and on the calling thread, every source whose file is
 * missing (a first start): the services read those files at start. When
 * uid is not (uid_t)-1 and the process is root, the new files are given
 * to uid:gid (the user the daemon drops to). Call before the first tick.
 * Returns the number of sources that could not be fetched (logged). */
int daemon_sources_fetch_missing(struct daemon_sources *ds, uid_t uid, gid_t gid);

/* Stop: the worker finishes the source it is fetching (bounded by the
 * source's timeout) and is joined; then free. NULL is allowed. */
void daemon_sources_free(struct daemon_sources *ds);

/* True when the two source lists configure the same fetches. */
bool daemon_sources_same_config(const struct daemon_source *a, size_t na,
                                const struct daemon_source *b, size_t nb);

/* Start a worker when a source is due at now and none runs. Returns 1 when
 * a worker was started, 0 when nothing was due or one already runs, -1
 * when the thread could not be created (logged; the next tick retries). */
int daemon_sources_tick(struct daemon_sources *ds, time_t now);

/* The state of the source called name at now into out. Returns 0, or -1
 * (out zeroed, file fields still filled from path) when ds has no such
 * source. ds NULL is allowed. */
int daemon_sources_state(struct daemon_sources *ds, const char *name, const char *path, time_t now,
                         struct daemon_source_state *out);

/* Register the fetch metrics (manrs_fetch_*, labelled source="NAME") of
 * ds into m; remove them with metrics_remove(m, ds) before freeing ds.
 * Returns 0 or -1. */
int daemon_sources_register_metrics(struct daemon_sources *ds, struct metrics *m);

#endif
