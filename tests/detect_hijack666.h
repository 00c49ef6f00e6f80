/* SPDX-License-Identifier: ISC */
/* detect_hijack666.h - a detector for pipeline tests: an announcement from
 * origin 666 is a hijack of its prefix, one peer enough to open it. The
 * dispatcher and sink tests drive real pipelines with it. */
#ifndef MANRS_TEST_DETECT_HIJACK666_H
#define MANRS_TEST_DETECT_HIJACK666_H

#include "detect/detector.h"

static void hijack_event(void *self, const struct route_event *ev, const struct route_view *prev,
                         struct detect_out *out)
{
	(void)self;
	(void)prev;
	if (ev->type != ROUTE_EV_ANNOUNCE || ev->origin != 666)
		return;
	struct detect_hit hit = {.type = "hijack",
	                         .code = "E|0|-|-",
	                         .severity = ALERT_CRITICAL,
	                         .prefix = ev->pfx,
	                         .offender_as = 666,
	                         .threshold = 1,
	                         .description = "test hijack"};
	detect_emit(out, &hit, ev);
}

static void *hijack_create(const struct detect_ctx *ctx, struct err *e)
{
	(void)e;
	return (void *)ctx;
}

static const struct detector_ops hijack_ops = {
    .name = "hijack", .create = hijack_create, .on_event = hijack_event};

#endif
