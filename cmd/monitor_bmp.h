/* SPDX-License-Identifier: ISC */
/* monitor_bmp.h - 'manrs monitor --bmp': a BMP collector (serve/bmp_server.h)
 * on its own event loop, one RIB view of it turned into route events
 * (lib/detect/input_bmp.h) for the monitor's callback, until SIGINT or
 * SIGTERM. */
#ifndef MANRS_MONITOR_BMP_H
#define MANRS_MONITOR_BMP_H

#include <stddef.h>

#include "bmp_server.h"
#include "detect/input_bmp.h"

struct monitor_bmp_opts {
	const char *listen[BMP_MAX_LISTEN]; /* "127.0.0.1:11019", "[::1]:11019" */
	size_t nlisten;
	enum bmp_rib_view view;
	const char *ready_file; /* created once listening (tests); NULL: none */
	uint32_t grace;         /* seconds a gone router's peers are kept; 0: 300 */
	/* Called once a second of wall time with fn's arg, also while no data
	 * comes: for dispatch_poll and pipeline_tick. NULL: none. */
	void (*tick)(void *arg);
	/* Called once with the event loop before listening, to put other
	 * services on it (the monitor's /metrics); non-zero with e set stops
	 * the run. Called again with base NULL (e NULL) before the loop is
	 * freed, when the first call succeeded, to take them off. NULL: none. */
	int (*on_base)(void *arg, struct event_base *base, struct err *e);
	void *on_base_arg;
};

/* What the run saw. */
struct monitor_bmp_stats {
	struct input_bmp_stats in;
	struct bmp_server_info srv;
	unsigned long problems; /* sessions closed on a fault, messages that
	                         * could not be used, elements without an event */
};

/* Collect until a signal (0) or until fn answers non-zero (1 stop, -1 with
 * e set: failure). -1 with e set too when the collector cannot start (an
 * address that cannot be bound). Counters go to st. */
int monitor_bmp_run(const struct monitor_bmp_opts *o, route_event_fn fn, void *arg,
                    struct monitor_bmp_stats *st, struct err *e);

#endif
