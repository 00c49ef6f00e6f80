/* SPDX-License-Identifier: ISC */
/* pipeline.h - the monitor's one-way data flow: events -> route state ->
 * detectors -> alerts (deduplicated, with lifecycle) -> on_alert.
 *
 * Inputs call pipeline_feed; whoever delivers alerts (the dispatcher and
 * its sinks) is the on_alert callback. Usable from `manrs monitor` and
 * from a daemon: no I/O, no clock (time comes from the events). */
#ifndef MANRS_PIPELINE_H
#define MANRS_PIPELINE_H

#include <stdint.h>

#include "core/err.h"
#include "detect/alert.h"
#include "detect/detector.h"

struct pipeline;

/* Called for each alert that opens, changes or resolves; a version with
 * a->withheld set is one notificationIntervalSeconds holds back: keep it
 * (the store does), tell no one. */
typedef void (*pipeline_alert_fn)(void *arg, const struct alert *a);

/* A pipeline over ctx (copied; the pointed-to data must outlive it) that
 * runs the named detectors (NULL: all that ctx supports). */
struct pipeline *pipeline_new(const struct detect_ctx *ctx, const char *const *detectors,
                              pipeline_alert_fn on_alert, void *arg, struct err *e);

/* Like pipeline_new with an explicit, NULL-terminated list of detectors
 * (each must start): for detectors outside the built-in registry, such as
 * a test's fake detector. */
struct pipeline *pipeline_new_ops(const struct detect_ctx *ctx,
                                  const struct detector_ops *const *ops, pipeline_alert_fn on_alert,
                                  void *arg, struct err *e);

/* Free; NULL is allowed. */
void pipeline_free(struct pipeline *p);

/* One event. Returns 0, or -1 with e set when out of memory. */
int pipeline_feed(struct pipeline *p, const struct route_event *ev, struct err *e);

/* A hint from an input reading ahead: an event for pfx comes soon
 * (route_state_prefetch's step). Changes nothing. */
void pipeline_prefetch(const struct pipeline *p, const struct prefix *pfx, int step);

/* Advance data time without an event (end of a replay, idle live input). */
void pipeline_tick(struct pipeline *p, uint32_t now);

/* Added by core (additive): call fn with a detect_out bound to p, after
 * advancing data time to now, for hits no route event carries (ROAs that
 * disappear on a VRP reload: detect_roa_diff). Hits given there with ev
 * NULL stand until detect_resolve. Returns 0, or -1 with e set when out
 * of memory. */
int pipeline_standing(struct pipeline *p, uint32_t now,
                      void (*fn)(void *arg, struct detect_out *out), void *arg, struct err *e);

/* Added by core (additive): the input ended (a replay, not a live stream
 * that stopped). Alerts whose peers still meet the threshold but wait out
 * their hold time (visibility's fadeOffSeconds) open now: the data ends
 * before it could show them recover, and a replay must not hide an
 * incident only because it happened near the end. Changes withheld by
 * notificationIntervalSeconds go out too (not with alertOnlyOnce). */
void pipeline_finish(struct pipeline *p);

/* The run ends (a live input stops, the daemon exits): the changes
 * withheld by notificationIntervalSeconds go out now, so the sinks and the
 * store hold each alert's last state (not with alertOnlyOnce). */
void pipeline_flush(struct pipeline *p);

/* Counters: events by type, hits, alerts opened/updated/resolved. */
struct pipeline_stats {
	unsigned long events, announces, withdraws, peer_downs;
	unsigned long hits, opened, updated, resolved;
	unsigned long withheld; /* notifications withheld (notificationIntervalSeconds,
	                         * alertOnlyOnce) */
};
void pipeline_get_stats(const struct pipeline *p, struct pipeline_stats *s);

/* The route state (for status and bytes/route). */
const struct route_state *pipeline_state(const struct pipeline *p);

#endif
