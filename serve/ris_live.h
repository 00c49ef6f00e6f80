/* SPDX-License-Identifier: ISC */
/* ris_live.h - a RIPE RIS Live websocket client (ws:// and wss://) feeding
 * route events.
 *
 * Connects (TLS with the system's CA store and host name check for wss://),
 * does the RFC 6455 handshake (lib/core/ws_handshake.h), sends
 * {"type":"ris_subscribe","data":SUBSCRIPTION}, and reads messages through
 * the RIS Live JSON reader (lib/detect/ris_json.h): event times stay the
 * messages' own. Answers pings, pings a quiet server, answers and honours
 * close frames, and
 * reconnects with exponential backoff (1 s doubling up to backoff_max) when
 * the connection fails, drops or goes idle. SIGINT and SIGTERM stop it
 * cleanly. */
#ifndef MANRS_RIS_LIVE_H
#define MANRS_RIS_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "detect/input.h"
#include "detect/input_ris.h"

struct event_base;

#define RIS_LIVE_URL "wss://ris-live.ripe.net/v1/ws/?client=manrs"

struct ris_live_opts {
	const char *url;          /* ws:// or wss:// */
	const char *subscription; /* JSON object for ris_subscribe's data; NULL: {} */
	unsigned max_failures;    /* give up after this many failures in a row; 0: never */
	unsigned backoff_max;     /* seconds; 0: 60 */
	unsigned idle_timeout;    /* seconds without data before reconnecting; 0: 120
	                           * (a ping goes out every third of it) */
	uint64_t max_message;     /* bytes; 0: 16 MiB */
	bool stop_on_close;       /* a normal close by the server ends the run (tests) */
	const char *ca_file;      /* wss:// trust anchors (PEM); NULL: the system's store */
	input_warn_fn warn;       /* NULL: input_warn_stderr */
	void *warn_arg;
	/* Called every tick_ms (0: 1000) of wall time with fn's arg, also while
	 * no data comes: for pipeline_tick and dispatch_poll. NULL: none. */
	void (*tick)(void *arg);
	unsigned tick_ms;
	/* Called once with the event loop before connecting, to put other
	 * services on it (the monitor's /metrics); non-zero with e set stops
	 * the run. Called again with base NULL (e NULL) before the loop is
	 * freed, when the first call succeeded, to take them off. NULL: none. */
	int (*on_base)(void *arg, struct event_base *base, struct err *e);
	void *on_base_arg;
};

/* Run until fn asks to stop (returns 1), a signal, a normal close with
 * stop_on_close, or max_failures. Counters go to st (messages count as
 * lines). Returns 0 on a clean stop, 1 when fn asked to stop, -1 with e set
 * on a bad URL or subscription, when fn failed, or after max_failures
 * (e says the last failure). */
int ris_live_run(const struct ris_live_opts *o, route_event_fn fn, void *arg,
                 struct input_ris_stats *st, struct err *e);

#endif
