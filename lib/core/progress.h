/* SPDX-License-Identifier: ISC */
/* progress.h - a progress line on stderr for long loads, only on a terminal. */
#ifndef MANRS_PROGRESS_H
#define MANRS_PROGRESS_H

#include <stdint.h>

struct progress {
	const char *label;
	uint64_t total; /* 0 when unknown: shows a count instead of a bar */
	uint64_t done;
	double last_draw;
	int active; /* stderr is a terminal and drawing is enabled */
};

/* Start a progress display; it draws nothing unless stderr is a tty. */
void progress_start(struct progress *p, const char *label, uint64_t total);

/* Record progress; redraws at most ten times a second. */
void progress_update(struct progress *p, uint64_t done);

/* Erase the line. */
void progress_end(struct progress *p);

#endif
