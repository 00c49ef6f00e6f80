/* SPDX-License-Identifier: ISC */
/* stop_signals.h - the end of a server's signal events.
 *
 * A loop takes SIGINT and SIGTERM through libevent, which puts the default
 * action back when the signal events are freed. A stop often comes twice
 * (timeout(1) signals its child and then the child's process group; an
 * impatient second Ctrl-C): a second one after the events are gone would
 * kill the process in the middle of its shutdown (a Kafka flush, the
 * delivery drain, a summary), with no word said. Shutdowns are bounded in
 * time, so from then on a stop signal is ignored. */
#ifndef MANRS_STOP_SIGNALS_H
#define MANRS_STOP_SIGNALS_H

#include <stddef.h>

struct event;

/* Free the n signal events of ev (NULLs skipped), then ignore SIGINT and
 * SIGTERM for the rest of the process's life. */
void stop_signals_free(struct event *const *ev, size_t n);

#endif
