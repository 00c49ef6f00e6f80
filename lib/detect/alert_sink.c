/* SPDX-License-Identifier: ISC */
/* alert_sink.c - the wrapper every sink kind shares. */
#include "detect/alert_sink.h"

#include <stdio.h>
#include <stdlib.h>

struct alert_sink *alert_sink_new(const struct alert_sink_ops *ops, void *self, const char *detail,
                                  struct err *e)
{
	struct alert_sink *s = calloc(1, sizeof *s);
	if (!s) {
		if (ops->destroy)
			ops->destroy(self);
		err_set(e, "%s sink: out of memory", ops->kind);
		return NULL;
	}
	s->ops = ops;
	s->self = self;
	snprintf(s->name, sizeof s->name, "%s:%s", ops->kind, detail);
	return s;
}

void alert_sink_free(struct alert_sink *s)
{
	if (!s)
		return;
	if (s->ops->destroy)
		s->ops->destroy(s->self);
	free(s);
}
