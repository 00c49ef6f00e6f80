/* SPDX-License-Identifier: ISC */
/* reload.h - watch a list of files and reload them on a worker thread.
 *
 * Shared by every server that serves data loaded from files (RTR, whois).
 * The service gives a load callback, run on a worker thread, that builds a
 * complete new data set beside the one being served, and a swap callback,
 * run on the event loop thread, that installs it (or keeps the old data and
 * says why). Files are stamped (device, inode, size, mtime to the
 * nanosecond) just before each load, so a file rewritten while it is read
 * counts as changed again, and a broken file is not retried until it
 * changes. Only the loop thread calls these functions. */
#ifndef MANRS_RELOAD_H
#define MANRS_RELOAD_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <event2/event.h>

#include "core/err.h"

/* What identifies one version of a file. */
struct reload_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int exists;
};

/* Stamp path as it is now (exists = 0 when it cannot be stat()ed). */
void reload_stamp_take(struct reload_stamp *s, const char *path);

/* True when a and b name different versions of a file. */
int reload_stamp_differs(const struct reload_stamp *a, const struct reload_stamp *b);

/* Build a new data set from the files; runs on the worker thread (or on the
 * loop thread for reloader_load_now). Returns the service's result, which
 * carries its own success or error; NULL only when memory is short. */
typedef void *(*reload_load_fn)(void *arg);

/* Install (or refuse) a result on the loop thread; result may be NULL. why
 * says what started the load ("start", "SIGHUP", "file changed"), seconds
 * how long the load took. Returns 0 when the new data is served. */
typedef int (*reload_swap_fn)(void *arg, void *result, const char *why, double seconds);

/* Free a result that will never be swapped in (the reloader is freed while
 * a load runs). */
typedef void (*reload_discard_fn)(void *arg, void *result);

/* Called on the loop thread for the first changed file found by a check,
 * before the reload starts (to log it). */
typedef void (*reload_changed_fn)(void *arg, const char *path);

/* Called on every check, before the files are compared (expiry, staleness). */
typedef void (*reload_tick_fn)(void *arg);

struct reload_config {
	const char *const *files; /* not copied: must outlive the reloader */
	size_t nfiles;
	unsigned interval; /* seconds between checks; 0 = no timer */
	int watch;         /* compare the file stamps on each check */
	reload_load_fn load;
	reload_swap_fn swap;
	reload_discard_fn discard;
	reload_changed_fn changed; /* optional */
	reload_tick_fn tick;       /* optional */
	void *arg;
};

struct reloader;

/* A reloader on base. Returns NULL with e set when memory, a pipe or an
 * event cannot be had. */
struct reloader *reloader_new(struct event_base *base, const struct reload_config *cfg,
                              struct err *e);

/* Stamp the files, load and swap on the calling (loop) thread: for the
 * first load, before anything is served. Returns what swap returned. */
int reloader_load_now(struct reloader *r, const char *why);

/* Stamp the files now: for a caller that does the first load itself,
 * right before it. */
void reloader_take_stamps(struct reloader *r);

/* Start a load on the worker thread; when one is running, one more pass
 * runs after it (the why of the latest request wins). */
void reloader_request(struct reloader *r, const char *why);

/* True while a load runs on the worker thread. */
int reloader_busy(const struct reloader *r);

/* True when any file differs from its stamp of the last load. */
int reloader_files_changed(const struct reloader *r, const char **which);

/* Wait for a running load and discard its result (before changing what
 * the load callback reads). */
void reloader_cancel(struct reloader *r);

/* Change the file list and the check interval (a reconfiguration). The
 * stamps are reset, so the next check reloads. A running load is
 * cancelled first. Returns 0 or -1 with e. */
int reloader_set_files(struct reloader *r, const char *const *files, size_t nfiles,
                       unsigned interval, int watch, struct err *e);

/* Wait for a running load (its result is discarded) and free everything.
 * NULL is allowed. */
void reloader_free(struct reloader *r);

#endif
