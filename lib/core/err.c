/* SPDX-License-Identifier: ISC */
/* err.c - build user-facing error messages with their location. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void vset(struct err *e, const char *file, unsigned long line, int has_off, uint64_t off,
                 const char *fmt, va_list ap)
{
	char body[400];
	vsnprintf(body, sizeof body, fmt, ap);
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->offset = off;
	e->has_offset = has_off;
	if (file && line)
		snprintf(e->msg, sizeof e->msg, "%s:%lu: %s", file, line, body);
	else if (file && has_off)
		snprintf(e->msg, sizeof e->msg, "%s: offset %llu: %s", file,
		         (unsigned long long)off, body);
	else if (file && *file)
		snprintf(e->msg, sizeof e->msg, "%s: %s", file, body);
	else
		snprintf(e->msg, sizeof e->msg, "%s", body);
}

int err_set(struct err *e, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vset(e, NULL, 0, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int err_at_line(struct err *e, const char *file, unsigned long line, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vset(e, file, line, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int err_at_offset(struct err *e, const char *file, uint64_t offset, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vset(e, file, 0, 1, offset, fmt, ap);
	va_end(ap);
	return -1;
}

void err_clear(struct err *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}
