/* SPDX-License-Identifier: ISC */
/* detect_newprefix.c - BGPalerter's monitorNewPrefix: a more specific of a
 * monitored prefix announced by one of its allowed origins (a change of
 * configuration, or a more specific the operator forgot to list). Not under
 * "ignoreMorespecifics" or "ignore". Alert key: newprefix|prefix|origin. */
#include <stdio.h>
#include <stdlib.h>

#include "detect/detect_match.h"

struct newprefix {
	const struct detect_ctx *ctx;
	const struct mon_params *params;
	char text[256];
};

static void *newprefix_create(const struct detect_ctx *ctx, struct err *e)
{
	struct newprefix *n = calloc(1, sizeof *n);
	if (!n) {
		err_set(e, "out of memory");
		return NULL;
	}
	n->ctx = ctx;
	n->params = detect_params(ctx->cfg, "newprefix");
	return n;
}

static void newprefix_event(void *self, const struct route_event *ev, const struct route_view *prev,
                            struct detect_out *out)
{
	struct newprefix *n = self;
	if (ev->type != ROUTE_EV_ANNOUNCE || !ev->origin || !n->params->enabled)
		return;
	const struct mon_prefix *m =
	    detect_match(out, n->ctx->cfg, &ev->pfx, n->params->name, false);
	if (!m || m->ignore || prefix_equal(&m->pfx, &ev->pfx) || !mon_prefix_allows(m, ev->origin))
		return;
	char pfx[PREFIX_STRLEN], mon[PREFIX_STRLEN];
	prefix_format(&ev->pfx, pfx, sizeof pfx);
	prefix_format(&m->pfx, mon, sizeof mon);
	snprintf(n->text, sizeof n->text,
	         "Possible change of configuration. A new prefix %s is announced by AS%u. It is a "
	         "more specific of %s (%s).",
	         pfx, ev->origin, mon, m->description ? m->description : "");
	struct detect_hit hit = {.type = "newprefix",
	                         .code = "S|-|-|-",
	                         .severity = ALERT_WARNING,
	                         .prefix = ev->pfx,
	                         .monitored = m,
	                         .affected_as = ev->origin,
	                         .offender_as = ev->origin,
	                         .description = n->text,
	                         .rpki = detect_rpki_state(n->ctx, &ev->pfx, ev->origin),
	                         .irr = detect_irr_state(n->ctx, &ev->pfx, ev->origin)};
	detect_emit(out, &hit, ev);
}

const struct detector_ops detect_newprefix_ops = {
    .name = "newprefix",
    .create = newprefix_create,
    .on_event = newprefix_event,
    .destroy = free,
};
