/* wire.c - turn a wire cursor's failure into an error value. */
#include "core/wire.h"

#include <stdarg.h>
#include <stdio.h>

int wire_err(const struct wire_cur *c, struct err *e, const char *fmt, ...)
{
	if (!e)
		return -1;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_set(e, "%s", msg);
	e->offset = wire_ok(c) ? wire_offset(c) : wire_fail_offset(c);
	e->has_offset = 1;
	return -1;
}
