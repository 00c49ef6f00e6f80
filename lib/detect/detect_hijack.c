/* SPDX-License-Identifier: ISC */
/* detect_hijack.c - BGPalerter's monitorHijack: a monitored prefix, or a
 * more specific of it, announced from an origin its prefixes.yml entry
 * does not list ("E|0|-|-" exact prefix, "S|0|-|-" sub-prefix). An AS_SET
 * origin is a hijack when one member is not listed. Entries with "ignore"
 * and more specifics under "ignoreMorespecifics" never alert; with VRPs
 * loaded and skip_valid (BGPalerter always skips), an RPKI-valid
 * announcement does not alert. Alert key: hijack|prefix|origin. */
#include <stdio.h>
#include <stdlib.h>

#include "detect/detect_match.h"

struct hijack {
	const struct detect_ctx *ctx;
	const struct mon_params *params;
	char text[256];
};

static void *hijack_create(const struct detect_ctx *ctx, struct err *e)
{
	struct hijack *h = calloc(1, sizeof *h);
	if (!h) {
		err_set(e, "out of memory");
		return NULL;
	}
	h->ctx = ctx;
	h->params = detect_params(ctx->cfg, "hijack");
	return h;
}

static void describe(struct hijack *h, const struct route_event *ev, const struct mon_prefix *m,
                     uint32_t offender, bool exact)
{
	char pfx[PREFIX_STRLEN], mon[PREFIX_STRLEN];
	prefix_format(&ev->pfx, pfx, sizeof pfx);
	prefix_format(&m->pfx, mon, sizeof mon);
	const char *d = m->description ? m->description : "";
	if (exact)
		snprintf(h->text, sizeof h->text,
		         "The prefix %s (%s) is announced by AS%u instead of AS%u", pfx, d,
		         offender, detect_first_asn(m));
	else
		snprintf(h->text, sizeof h->text,
		         "A new prefix %s is announced by AS%u. It should be instead %s (%s) "
		         "announced by AS%u",
		         pfx, offender, mon, d, detect_first_asn(m));
}

static void hijack_event(void *self, const struct route_event *ev, const struct route_view *prev,
                         struct detect_out *out)
{
	struct hijack *h = self;
	if (ev->type != ROUTE_EV_ANNOUNCE || !h->params->enabled)
		return;
	const struct mon_prefix *m =
	    detect_match(out, h->ctx->cfg, &ev->pfx, h->params->name, false);
	if (!m || m->ignore)
		return;
	uint32_t offender = detect_unexpected_origin(m, ev);
	if (!offender)
		return;
	enum alert_rpki rpki = detect_rpki_state(h->ctx, &ev->pfx, ev->origin);
	if (rpki == ALERT_RPKI_VALID && h->params->skip_valid)
		return;
	bool exact = prefix_equal(&m->pfx, &ev->pfx);
	describe(h, ev, m, offender, exact);
	struct detect_hit hit = {.type = "hijack",
	                         .code = exact ? "E|0|-|-" : "S|0|-|-",
	                         .severity = ALERT_CRITICAL,
	                         .prefix = ev->pfx,
	                         .monitored = m,
	                         .affected_as = detect_first_asn(m),
	                         .offender_as = offender,
	                         .description = h->text,
	                         .rpki = rpki,
	                         .irr = detect_irr_state(h->ctx, &ev->pfx, offender)};
	detect_emit(out, &hit, ev);
}

const struct detector_ops detect_hijack_ops = {
    .name = "hijack",
    .create = hijack_create,
    .on_event = hijack_event,
    .destroy = free,
};
