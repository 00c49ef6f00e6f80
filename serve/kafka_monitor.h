/* SPDX-License-Identifier: ISC */
/* kafka_monitor.h - a monitor instance in a Kafka consumer group, reading
 * the parsed OpenBMP feed (openbmp.parsed.unicast_prefix, partitioned by
 * prefix: kafka_bmp.h) into the monitor pipeline.
 *
 * Each instance holds the route state of the partitions the group gives
 * it. No alert may be lost or doubled when partitions move:
 *  - input offsets are committed only after the alerts their messages
 *    raised were handed to every sink and acknowledged (before_commit),
 *    every commit_interval_ms and when partitions are taken away;
 *  - partitions taken away: offsets committed, then the whole route state
 *    is dropped quietly (on_reset: no alert for routes that go with it);
 *  - partitions given: each is read again from its beginning; messages
 *    below the committed offset (or below the last one this instance
 *    handled itself, when it had the partition before and a commit failed)
 *    rebuild the route state the previous owner had, and alerts about prefixes of a partition still
 * being rebuilt are muted (kafka_monitor_mutes: the previous owner raised them); from the committed
 * offset on, the instance is live. Detection runs on data time, so the rebuilt state is the one the
 * previous owner held. The parsed topic's retention must therefore cover the life of the routes it
 * carries (or be compacted by key); a partition whose start was deleted is rebuilt from what is
 * left. An instance that dies between delivering alerts and committing may see those alerts again
 * after a restart (at least once); the alert id (key and start time, sink_kafka.h) and version name
 * the repeat. */
#ifndef MANRS_KAFKA_MONITOR_H
#define MANRS_KAFKA_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/prefix.h"
#include "detect/input.h"
#include "kafka_client.h"

#define KAFKA_MONITOR_MAX_PARTITIONS 1024

struct kafka_monitor_opts {
	struct kafka_opts kafka;
	const char *group;           /* group.id (required) */
	const char *topic;           /* NULL: "openbmp.parsed.unicast_prefix" */
	route_event_fn on_event;     /* every event of every message */
	void *arg;                   /* for the three callbacks */
	void (*on_reset)(void *arg); /* drop the whole route state, quietly */
	/* every alert raised so far is delivered; non-zero (e set) keeps the
	 * offsets uncommitted */
	int (*before_commit)(void *arg, struct err *e);
	int commit_interval_ms; /* 0: 1000 */
};

struct kafka_monitor_stats {
	uint64_t messages;     /* Kafka messages read */
	uint64_t replayed;     /* of them, read again to rebuild state */
	uint64_t events;       /* route events handed on */
	uint64_t bad_messages; /* messages that did not decode (logged, skipped) */
	uint64_t commits, commit_errors, rebalances;
	unsigned partitions, rebuilding; /* owned now; of them, still being rebuilt */
	double first, last; /* CLOCK_MONOTONIC seconds of the first and last live message */
};

struct kafka_monitor;

/* Join the group and subscribe. NULL with e set. */
struct kafka_monitor *kafka_monitor_new(const struct kafka_monitor_opts *o, struct err *e);

/* Wait up to timeout_ms for messages and handle what has arrived (at most
 * a few thousand); commits when due. Returns the number of messages, or
 * -1 with e set when the consumer failed for good or on_event failed. */
long kafka_monitor_poll(struct kafka_monitor *km, int timeout_ms, struct err *e);

/* True when an alert about pfx must not be delivered: its partition is
 * being rebuilt (or is not this instance's). */
bool kafka_monitor_mutes(const struct kafka_monitor *km, const struct prefix *pfx);

/* Commit now (before_commit first). Returns 0, or -1 with e set. */
int kafka_monitor_commit(struct kafka_monitor *km, struct err *e);

void kafka_monitor_stats(const struct kafka_monitor *km, struct kafka_monitor_stats *s);

/* Commit, leave the group (its partitions go to the others) and free.
 * Returns 0, or -1 with e set when the last commit failed. NULL is
 * allowed. */
int kafka_monitor_close(struct kafka_monitor *km, struct err *e);

#endif
