/* SPDX-License-Identifier: ISC */
/* err.h - error values that carry where the problem is (file, line, offset). */
#ifndef MANRS_ERR_H
#define MANRS_ERR_H

#include <stdint.h>

/* Filled by a failing function; msg is already complete for the user, e.g.
 * "rib.mrt: offset 1234: record length 99999 overruns file". */
struct err {
	char msg[512];
	char file[256];     /* file name, "" when not from a file */
	unsigned long line; /* 1-based line, 0 when not line oriented */
	uint64_t offset;    /* byte offset, meaningful when has_offset */
	int has_offset;
};

/* Set e (may be NULL) from a printf format; no location. Returns -1. */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Set e with a file and line prefix ("FILE:LINE: ..."). Returns -1. */
int err_at_line(struct err *e, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Set e with a file and byte offset prefix ("FILE: offset N: ..."). Returns -1. */
int err_at_offset(struct err *e, const char *file, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clear e so that msg is empty. */
void err_clear(struct err *e);

#endif
