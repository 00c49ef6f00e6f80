/* SPDX-License-Identifier: ISC */
/* alert_store.h - every alert version and its evidence in SQLite, and the
 * deliveries still owed to each sink.
 *
 * One file (WAL mode, so `manrs monitor alerts` reads while the monitor
 * writes), two tables: alerts (one row per alert version, with the alert's
 * JSON as evidence) and deliveries (alert version x sink name: pending or
 * delivered, attempts, next_try, last error). The store gives alerts their
 * ids: an alert is known by its key, first_seen (data time) and nth (the
 * pipeline's count of alerts of that key and second before it), so the
 * same alert raised again by a restarted monitor over the same data gets
 * the same id, a version already stored is recognised and not owed twice,
 * and a key that opens, resolves and opens again in one second is two
 * alerts. A store from before nth (user_version 1) gets the column, 0 for
 * every alert it has, when opened for writing.
 * Every failure (full disk, a lock held too long, a corrupt file) comes
 * back as -1 with a message naming the file; nothing here exits. */
#ifndef MANRS_ALERT_STORE_H
#define MANRS_ALERT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "detect/alert.h"

#define ALERT_STORE_DEFAULT_PATH "monitor.db"
#define ALERT_STORE_BUSY_MS 500 /* wait this long for another writer's lock */

struct alert_store;

/* Open (read_only false: create if missing) the store at path, set WAL mode
 * and the busy timeout, create or check the tables. NULL with e set when
 * the file cannot be opened, is no SQLite database, or is corrupt or from
 * a newer manrs. */
struct alert_store *alert_store_open(const char *path, bool read_only, struct err *e);

/* Close; NULL is allowed. */
void alert_store_close(struct alert_store *st);

/* The file name given to alert_store_open. */
const char *alert_store_path(const struct alert_store *st);

/* Wait at most ms for a lock held by another process (default
 * ALERT_STORE_BUSY_MS). */
void alert_store_set_busy_timeout(struct alert_store *st, int ms);

/* Let the file grow to at most bytes (rounded down to pages; 0: no limit
 * but SQLite's own). Past it, writes fail as on a full disk. Returns 0 or
 * -1 with e set. */
int alert_store_set_max_size(struct alert_store *st, uint64_t bytes, struct err *e);

/* Store alert a with its JSON as evidence, and a pending delivery for each
 * of the nsinks sink names. Its id in the store, set in *id and written in
 * the JSON, is that of the stored alert with the same key, first_seen and
 * nth, else a->id when no stored alert has it, else a new one. Returns 1 when
 * stored, 0 when this version of this alert was stored before (nothing
 * changed, *id set), -1 with e set on failure (nothing stored). */
int alert_store_put(struct alert_store *st, const struct alert *a, const char *const *sinks,
                    size_t nsinks, uint64_t *id, struct err *e);

/* The largest alert id stored (0 for none), or -1 with e set. */
int64_t alert_store_max_id(struct alert_store *st, struct err *e);

/* Mark the delivery of (id, version) to sink done. Returns 0 or -1. */
int alert_store_delivered(struct alert_store *st, uint64_t id, uint32_t version, const char *sink,
                          struct err *e);

/* Count a failed attempt of that delivery, to be tried again at next_try
 * (the dispatcher's clock), with why (may be NULL). Returns 0 or -1. */
int alert_store_failed(struct alert_store *st, uint64_t id, uint32_t version, const char *sink,
                       double next_try, const char *why, struct err *e);

/* One delivery still owed. */
struct alert_pending {
	uint64_t seq; /* delivery order */
	uint64_t id;
	uint32_t version;
	unsigned attempts;
	const char *json; /* the alert's JSON, valid during the callback */
};

/* Call fn for at most max pending deliveries to sink with seq > after, in
 * order, stopping early when fn returns nonzero. Returns the number of
 * calls, or -1 with e set. */
long alert_store_pending(struct alert_store *st, const char *sink, uint64_t after, size_t max,
                         int (*fn)(void *arg, const struct alert_pending *p), void *arg,
                         struct err *e);

/* Deliveries still pending, over all sinks (sink NULL) or one. -1 on error. */
long alert_store_pending_count(struct alert_store *st, const char *sink, struct err *e);

/* Pending deliveries to sinks outside the nsinks names given (a sink that
 * was configured before a restart and no more). -1 on error. */
long alert_store_orphans(struct alert_store *st, const char *const *sinks, size_t nsinks,
                         struct err *e);

/* What `manrs monitor alerts` asks for. */
struct alert_query {
	uint32_t since;    /* last_seen >= since (data time) */
	const char *type;  /* NULL: any */
	const char *state; /* "open", "updated", "resolved"; NULL: any */
	bool latest;       /* only the latest version of each alert */
	size_t limit;      /* 0: no limit */
};

/* Call fn for each stored alert version matching q, by id then version,
 * with its JSON; stop when fn returns nonzero. Returns the number of calls
 * or -1 with e set. */
long alert_store_query(struct alert_store *st, const struct alert_query *q,
                       int (*fn)(void *arg, const char *json), void *arg, struct err *e);

#endif
