/* SPDX-License-Identifier: ISC */
/* alert_sink.h - where alerts go: one small ops table per kind of sink
 * (JSON lines, syslog, webhook), each in its own file.
 *
 * A sink delivers one alert at a time and says whether it worked; it
 * neither retries nor queues: the dispatcher (dispatch.h) does, and keeps
 * what a failing sink still owes in the store.
 *
 * A slow sink (a webhook) may take deliveries "in flight" instead: deliver
 * returns ALERT_SINK_IN_FLIGHT after copying what it needs, sends on its
 * own thread, and the dispatcher collects the outcomes with poll. The
 * contract that keeps deliveries in order:
 *   - outcomes are reported in the order deliver took the alerts;
 *   - after a failed delivery the sink sends none of the deliveries it took
 *     before poll reported that failure: poll reports them failed, unsent,
 *     in the same call (the dispatcher resends the failed one and all after
 *     it, in order, after a backoff). */
#ifndef MANRS_ALERT_SINK_H
#define MANRS_ALERT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "detect/alert.h"

#define ALERT_SINK_IN_FLIGHT 1 /* deliver took the alert; poll tells the outcome */

/* One outcome of a delivery in flight: why is NULL when it worked, else the
 * reason it failed (also for deliveries failed unsent after a failure). */
typedef void alert_sink_done_fn(void *arg, uint64_t id, uint32_t version, const char *why);

struct alert_sink_ops {
	const char *kind; /* "jsonl", "syslog", "webhook" */
	/* Deliver a. Returns 0, or -1 with e saying why (tried again later), or
	 * ALERT_SINK_IN_FLIGHT (only a sink with poll) when it took a copy and
	 * will report the outcome through poll. */
	int (*deliver)(void *self, const struct alert *a, struct err *e);
	/* Push out anything buffered; may be NULL. Returns 0 or -1. */
	int (*flush)(void *self, struct err *e);
	/* Free self; may be NULL. Deliveries still in flight are abandoned
	 * (an attempt under way is aborted): call poll with wait first. */
	void (*destroy)(void *self);
	/* NULL for a synchronous sink. Call done for each outcome ready, in the
	 * order deliver took the alerts (from the caller's thread); with wait,
	 * first wait (at most the sink's own timeout) until nothing is in
	 * flight. Returns the number of deliveries still in flight. */
	size_t (*poll)(void *self, bool wait, alert_sink_done_fn *done, void *arg);
};

struct alert_sink {
	const struct alert_sink_ops *ops;
	void *self;
	/* Stable across restarts and free of secrets: the store keys pending
	 * deliveries by it and metrics label by it ("jsonl:-", "syslog:daemon",
	 * "webhook:hooks.example.net#1a2b3c4d"). */
	char name[96];
};

/* A sink made of ops and self (taken over: destroyed on failure), named
 * "KIND:DETAIL". NULL with e set when out of memory. */
struct alert_sink *alert_sink_new(const struct alert_sink_ops *ops, void *self, const char *detail,
                                  struct err *e);

/* Destroy the sink and free it; NULL is allowed. */
void alert_sink_free(struct alert_sink *s);

/* JSON lines (alert_json.h), one per alert, flushed per alert, to path
 * (appended) or to standard output when path is NULL or "-". NULL with e
 * set when the file cannot be opened. */
struct alert_sink *sink_jsonl_new(const char *path, struct err *e);

/* Like sink_jsonl_new, but lines are buffered for a replay of files: they
 * go out when the stdio buffer fills, when a line is written max_delay_ms
 * or more after the oldest one held back, and on the flush op (the caller
 * calls it when its input has no more data ready, and at the end). A write
 * error of a held-back line shows there, not in deliver: keep flush-per-
 * alert (sink_jsonl_new) where a store needs each delivery confirmed. */
struct alert_sink *sink_jsonl_new_buffered(const char *path, unsigned max_delay_ms, struct err *e);

/* syslog(3), one line per alert (alert_summary with the key fields), at
 * LOG_CRIT, LOG_WARNING or LOG_INFO by severity, under facility ("daemon",
 * "user", "local0".."local7"; NULL: "daemon"). NULL with e set for an
 * unknown facility. */
struct alert_sink *sink_syslog_new(const char *facility, struct err *e);

#endif
