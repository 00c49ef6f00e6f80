/* SPDX-License-Identifier: ISC */
/* detect_visibility.c - BGPalerter's monitorVisibility: a monitored prefix
 * (exact match only) withdrawn. Each withdrawing peer is one hit; the
 * pipeline opens the alert once thresholdMinPeers peer ASes have withdrawn
 * and stayed withdrawn for the channel's fadeOffSeconds (a peer that
 * announces the prefix again drops out), and resolves it when every one of
 * them sees the prefix again. A peer going down withdraws all its routes.
 * Alert key: visibility|prefix|0. */
#include <stdio.h>
#include <stdlib.h>

#include "detect/detect_match.h"

struct visibility {
	const struct detect_ctx *ctx;
	const struct mon_params *params;
	char text[256];
};

static void *visibility_create(const struct detect_ctx *ctx, struct err *e)
{
	struct visibility *v = calloc(1, sizeof *v);
	if (!v) {
		err_set(e, "out of memory");
		return NULL;
	}
	v->ctx = ctx;
	v->params = detect_params(ctx->cfg, "visibility");
	return v;
}

static void visibility_event(void *self, const struct route_event *ev,
                             const struct route_view *prev, struct detect_out *out)
{
	struct visibility *v = self;
	if (ev->type != ROUTE_EV_WITHDRAW || !v->params->enabled)
		return;
	const struct mon_prefix *m =
	    detect_match(out, v->ctx->cfg, &ev->pfx, v->params->name, false);
	if (!m || m->ignore || !prefix_equal(&m->pfx, &ev->pfx))
		return;
	char pfx[PREFIX_STRLEN];
	prefix_format(&ev->pfx, pfx, sizeof pfx);
	snprintf(v->text, sizeof v->text, "The prefix %s (%s) has been withdrawn", pfx,
	         m->description ? m->description : "");
	struct detect_hit hit = {.type = "visibility",
	                         .code = "W|-|-|-",
	                         .severity = ALERT_CRITICAL,
	                         .prefix = ev->pfx,
	                         .monitored = m,
	                         .affected_as = detect_first_asn(m),
	                         .offender_as = 0,
	                         .description = v->text,
	                         .hold_seconds = v->params->fade_off_seconds};
	detect_emit(out, &hit, ev);
}

const struct detector_ops detect_visibility_ops = {
    .name = "visibility",
    .create = visibility_create,
    .on_event = visibility_event,
    .destroy = free,
};
