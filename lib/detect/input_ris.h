/* SPDX-License-Identifier: ISC */
/* input_ris.h - RIS Live JSON lines (a file, compressed or not, or stdin)
 * as monitor input: one message per line (see ris_json.h for what a
 * message holds), replayed by the messages' own timestamps.
 *
 * A malformed line is warned about as "FILE:LINE: ...", counted and
 * skipped; a line longer than max_line bytes is warned about and skipped
 * whole; the input goes on either way. */
#ifndef MANRS_INPUT_RIS_H
#define MANRS_INPUT_RIS_H

#include <stddef.h>

#include "core/err.h"
#include "detect/input.h"
#include "detect/ris_json.h"

#define INPUT_RIS_MAX_LINE (1u << 20) /* default line cap: 1 MiB */

struct input_ris_opts {
	const char *path;   /* "-" for stdin */
	double speed;       /* 0: as fast as possible; N: N times real time */
	size_t max_line;    /* 0: INPUT_RIS_MAX_LINE */
	input_warn_fn warn; /* NULL: input_warn_stderr */
	void *warn_arg;
	input_idle_fn idle; /* NULL: none; called with the event callback's arg */
	/* NULL: none. Else messages are read a few ahead of the events handed
	 * on, and their prefixes announced through it (event callback's arg). */
	input_prefetch_fn prefetch;
};

/* Counters, shared with the websocket client (which counts frames as lines). */
struct input_ris_stats {
	unsigned long lines;    /* lines (or websocket messages) read, empty ones included */
	unsigned long messages; /* well-formed messages */
	unsigned long updates, peer_downs, other; /* by kind; other: no event */
	unsigned long events, announces, withdraws;
	unsigned long malformed;    /* lines skipped as malformed JSON or messages */
	unsigned long overlong;     /* lines skipped for exceeding max_line */
	unsigned long bad_prefixes; /* prefixes skipped inside good messages */
	unsigned long ris_errors;   /* ris_error messages from the server */
};

struct input_ris;

/* An input over o (strings borrowed). NULL with e set on failure to
 * allocate; the file is opened by input_ris_run. */
struct input_ris *input_ris_new(const struct input_ris_opts *o, struct err *e);

/* Free; NULL is allowed. */
void input_ris_free(struct input_ris *in);

/* Read every line, calling fn for each event. Returns 0 at the end of
 * input (malformed lines are in the stats), 1 when fn asked to stop, -1
 * with e set when the file cannot be opened or read, or fn failed. */
int input_ris_run(struct input_ris *in, route_event_fn fn, void *arg, struct err *e);

/* Counters so far. */
void input_ris_get_stats(const struct input_ris *in, struct input_ris_stats *s);

/* One message (a line without its newline, or a websocket text message)
 * through parser rj into fn, counted in st; a malformed one is warned about
 * as "NAME:LINE: ..." through warn. Returns 0, 1 (fn asked to stop) or -1
 * (fn failed, e set). For inputs that frame messages themselves. */
int input_ris_message(struct ris_json *rj, const char *msg, size_t len, const char *name,
                      unsigned long line, struct input_ris_stats *st, input_warn_fn warn,
                      void *warn_arg, route_event_fn fn, void *arg, struct err *e);

#endif
