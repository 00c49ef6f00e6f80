/* SPDX-License-Identifier: ISC */
/* stop_signals.c - a stop signal during shutdown is ignored. */
#include "stop_signals.h"

#include <signal.h>

#include <event2/event.h>

void stop_signals_free(struct event *const *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i])
			event_free(ev[i]);
	/* after the frees: each one put the default action back */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
}
