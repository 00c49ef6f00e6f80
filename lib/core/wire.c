/* SPDX-License-Identifier: ISC */
/* wire.c - turn a wire cursor's failure into an error value. */
#include "core/wire.h"

#include <stdarg.h>
#include <stdio.h>

static int verr(size_t off, struct err *e, const char *fmt, va_list ap)
{
	char msg[400];
	vsnprintf(msg, sizeof msg, fmt, ap);
	err_set(e, "%s", msg);
	e->offset = off;
	e->has_offset = 1;
	return -1;
}

int wire_err(const struct wire_cur *c, struct err *e, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	verr(wire_ok(c) ? wire_offset(c) : wire_fail_offset(c), e, fmt, ap);
	va_end(ap);
	return -1;
}

int wire_err_at(size_t off, struct err *e, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	verr(off, e, fmt, ap);
	va_end(ap);
	return -1;
}
