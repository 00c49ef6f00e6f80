/* SPDX-License-Identifier: ISC */
/* progress.c - throttled stderr progress bar. */
#include "core/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
	p->label = label;
	p->total = total;
	p->done = 0;
	p->last_draw = 0;
	p->active = isatty(STDERR_FILENO);
}

void progress_update(struct progress *p, uint64_t done)
{
	p->done = done;
	if (!p->active)
		return;
	double t = now();
	if (t - p->last_draw < 0.1)
		return;
	p->last_draw = t;
	if (p->total) {
		int pct = done >= p->total ? 100 : (int)(100.0 * done / p->total);
		int bars = pct / 4;
		fprintf(stderr, "\r%s [%-25.*s] %3d%%", p->label, bars, "#########################",
		        pct);
	} else {
		fprintf(stderr, "\r%s %llu", p->label, (unsigned long long)done);
	}
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->active)
		fprintf(stderr, "\r\033[K");
}
