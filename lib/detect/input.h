/* SPDX-License-Identifier: ISC */
/* input.h - what every monitor input shares: the event callback, the
 * warning callback and replay pacing by data time.
 *
 * An input (MRT files, RIS Live JSON, a websocket) turns its records into
 * struct route_event and hands each to a route_event_fn; the pipeline is
 * usually behind it. Problems with the input itself (a malformed record, a
 * bad JSON line) go to an input_warn_fn with file and line or byte offset,
 * are counted and skipped: the input goes on. */
#ifndef MANRS_INPUT_H
#define MANRS_INPUT_H

#include <stdint.h>

#include "core/err.h"
#include "detect/route_event.h"

/* Receives one event. Returns 0 to go on, 1 to stop the input cleanly,
 * -1 with e set to stop it with an error (out of memory in the pipeline). */
typedef int (*route_event_fn)(void *arg, const struct route_event *ev, struct err *e);

/* Told that the input has no more data ready: before a read that may wait,
 * and at the end (a buffering sink pushes its output out then). */
typedef void (*input_idle_fn)(void *arg);

/* Told, by an input that reads ahead, that an event for pfx comes soon:
 * step 0 a few events ahead, then 1, then 2 just before it (see
 * pipeline_prefetch). */
typedef void (*input_prefetch_fn)(void *arg, const struct prefix *pfx, int step);

/* Receives one warning; e->msg already names the file and line or offset. */
typedef void (*input_warn_fn)(void *arg, const struct err *e);

/* The default warning callback: "manrs: warning: MSG" on stderr. */
void input_warn_stderr(void *arg, const struct err *e);

/* Replay pacing: sleeps so that data time advances speed times as fast as
 * a monotonic clock (speed 0: never sleeps). Times going backwards in the
 * data never sleep; event times themselves stay the data's. */
struct replay_pace {
	double speed;
	int started;
	uint64_t data0_us; /* data time of the first paced event */
	uint64_t mono0_us; /* monotonic clock then */
};

/* Start pacing at speed (0 = as fast as possible). */
void replay_pace_init(struct replay_pace *rp, double speed);

/* Wait until the data time sec.usec is due. */
void replay_pace_wait(struct replay_pace *rp, uint32_t sec, uint32_t usec);

#endif
