/* SPDX-License-Identifier: ISC */
/* dispatch.h - the pipeline's on_alert: each alert goes to the store
 * first, then to every sink; what a sink could not take is tried again
 * later with exponential backoff, in order, without ever blocking
 * detection for longer than one delivery attempt (and not at all for a
 * sink that sends on its own thread, like the webhook).
 *
 * With a store, the store is the queue: an alert version is stored with a
 * pending delivery per sink before any sink sees it, a delivery is marked
 * done when the sink took it, and a dispatcher made on the same file after
 * a restart delivers what is still pending, first, and never resends what
 * was delivered. The store numbers alerts (alert_store.h), so ids are
 * unique per file. When the store fails (full disk, a lock held too long)
 * alerts wait in memory, in a bounded queue (the oldest dropped and
 * counted past queue_max), and move to the store when it works again.
 * Without a store, retries are in memory only, in the same bounded queue.
 *
 * An asynchronous sink (alert_sink.h: deliver returns ALERT_SINK_IN_FLIGHT)
 * sends on its own thread: a delivery in flight stays owed (pending in the
 * store, or in memory) until its outcome, collected at each poll and each
 * alert, says it worked; a failed outcome means that one and every later
 * one go again, in order, after the backoff. At most inflight_max are in
 * flight per sink; beyond, alerts wait in the store or memory queue as for
 * a failing sink. dispatch_free waits (each sink's timeout at most) for
 * what is in flight. Exactly once holds except for one window: a delivery
 * the webhook received but whose outcome the dispatcher had not recorded
 * when the run stopped (killed, or the wait ran out) is still pending in
 * the store and sent again by the next run - at least once for those.
 *
 * Time is the caller's monotonic clock in seconds, given to dispatch_new
 * and dispatch_poll; an alert uses the time of the last poll. */
#ifndef MANRS_DISPATCH_H
#define MANRS_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "detect/alert.h"
#include "detect/alert_sink.h"
#include "detect/alert_store.h"

#define DISPATCH_MAX_SINKS 8
#define DISPATCH_MAX_TYPES 16 /* alert types counted apart; more go to "other" */

struct dispatch_options {
	size_t queue_max;    /* alerts kept in memory (default 1024) */
	double retry_min;    /* first backoff, seconds (default 1) */
	double retry_max;    /* backoff ceiling, seconds (default 300) */
	size_t batch;        /* deliveries per sink per poll (default 100) */
	size_t inflight_max; /* in flight per asynchronous sink (default 64) */
};

struct dispatch;

/* A dispatcher over store (may be NULL; borrowed, must outlive it) and the
 * n sinks (taken over, even on failure). opt may be NULL for defaults. At
 * most DISPATCH_MAX_SINKS sinks, with distinct names. Deliveries left
 * pending in the store by an earlier run go out at the first poll; those
 * owed to sinks not given now are reported (stderr) and left. NULL with e
 * set on failure. */
struct dispatch *dispatch_new(struct alert_store *store, struct alert_sink **sinks, size_t n,
                              const struct dispatch_options *opt, double now, struct err *e);

/* The pipeline's on_alert (pipeline_alert_fn): arg is the dispatcher. */
void dispatch_alert(void *arg, const struct alert *a);

/* Collect the outcomes of deliveries in flight, then retry what is due at
 * now (the monotonic clock): alerts waiting for the store, then each sink's
 * pending deliveries in order. Call it from the
 * event loop (a timer of about a second) or after each input batch. */
void dispatch_poll(struct dispatch *d, double now);

/* dispatch_poll at dispatch_now(), after waiting at most max_wait seconds
 * (checking every few ms) for the deliveries in flight to land: before a
 * step that needs every alert so far delivered (a Kafka offset commit). */
void dispatch_settle(struct dispatch *d, double max_wait);

/* The monotonic clock in seconds, for dispatch_new and dispatch_poll. */
double dispatch_now(void);

/* Deliveries still owed (store and memory, all sinks), plus alerts that
 * wait in memory for the store. */
size_t dispatch_pending(struct dispatch *d);

struct dispatch_sink_stats {
	const char *name;
	unsigned long delivered, failed; /* attempts */
	long pending;                    /* deliveries owed; -1 if the store cannot say */
	bool up;                         /* the last attempt worked (or none failed yet) */
	size_t inflight;                 /* taken by an asynchronous sink, outcome not known */
};

struct dispatch_stats {
	unsigned long alerts;     /* given by the pipeline (to be sent) */
	unsigned long withheld;   /* given to be stored only (notificationIntervalSeconds) */
	unsigned long duplicates; /* versions the store already had: not delivered again */
	unsigned long stored, store_errors;
	unsigned long dropped; /* lost from the full memory queue */
	size_t queued;         /* alerts waiting in memory */
	size_t ntypes;
	struct {
		char type[24];
		unsigned long by_state[4]; /* [ALERT_OPEN..ALERT_RESOLVED] */
	} types[DISPATCH_MAX_TYPES + 1];
	size_t nsinks;
	struct dispatch_sink_stats sinks[DISPATCH_MAX_SINKS];
};

/* Counters, for metrics and the end-of-run summary (pending asks the
 * store). */
void dispatch_get_stats(struct dispatch *d, struct dispatch_stats *s);

/* Push out what the sinks buffer (sink_jsonl_new_buffered): when the input
 * has no more data ready, and at the end of a replay. Returns 0, or -1
 * when a sink failed (each failure reported on stderr). */
int dispatch_flush(struct dispatch *d);

/* Wait (at most each sink's own timeout) for deliveries in flight and
 * record their outcomes, then flush and free every sink and the dispatcher
 * (not the store). Deliveries still in flight are reported on stderr (with
 * a store they stay pending for the next run); alerts still in memory are
 * lost: reported on stderr with their count. NULL is allowed. */
void dispatch_free(struct dispatch *d);

#endif
