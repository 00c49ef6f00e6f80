/* SPDX-License-Identifier: ISC */
/* alert_sink.h - where alerts go: one small ops table per kind of sink
 * (JSON lines, syslog, webhook), each in its own file.
 *
 * A sink delivers one alert at a time and says whether it worked; it
 * neither retries nor queues: the dispatcher (dispatch.h) does, and keeps
 * what a failing sink still owes in the store. */
#ifndef MANRS_ALERT_SINK_H
#define MANRS_ALERT_SINK_H

#include "core/err.h"
#include "detect/alert.h"

struct alert_sink_ops {
	const char *kind; /* "jsonl", "syslog", "webhook" */
	/* Deliver a. Returns 0, or -1 with e saying why (tried again later). */
	int (*deliver)(void *self, const struct alert *a, struct err *e);
	/* Push out anything buffered; may be NULL. Returns 0 or -1. */
	int (*flush)(void *self, struct err *e);
	/* Free self; may be NULL. */
	void (*destroy)(void *self);
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
