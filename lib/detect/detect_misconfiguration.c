/* SPDX-License-Identifier: ISC */
/* detect_misconfiguration.c - BGPalerter's monitorAS: an AS listed in
 * options.monitorASns originates a prefix that no prefixes.yml entry covers
 * (entries with ignore or ignoreMorespecifics count as covering; an entry
 * whose include/exclude lists leave this monitor out does not). An AS_SET
 * origin counts for each member. Alert key: misconfiguration|prefix|AS. */
#include <stdio.h>
#include <stdlib.h>

#include "detect/detect_match.h"

struct misconf {
	const struct detect_ctx *ctx;
	const struct mon_params *params;
	char text[256];
};

static void *misconf_create(const struct detect_ctx *ctx, struct err *e)
{
	struct misconf *m = calloc(1, sizeof *m);
	if (!m) {
		err_set(e, "out of memory");
		return NULL;
	}
	m->ctx = ctx;
	m->params = detect_params(ctx->cfg, "misconfiguration");
	return m;
}

static void report(struct misconf *m, const struct route_event *ev, uint32_t asn,
                   struct detect_out *out)
{
	char pfx[PREFIX_STRLEN];
	prefix_format(&ev->pfx, pfx, sizeof pfx);
	snprintf(m->text, sizeof m->text,
	         "AS%u is announcing %s but this prefix is not in the configured list of announced "
	         "prefixes",
	         asn, pfx);
	struct detect_hit hit = {.type = "misconfiguration",
	                         .code = "",
	                         .severity = ALERT_WARNING,
	                         .prefix = ev->pfx,
	                         .affected_as = asn,
	                         .offender_as = asn,
	                         .description = m->text,
	                         .rpki = detect_rpki_state(m->ctx, &ev->pfx, ev->origin),
	                         .irr = detect_irr_state(m->ctx, &ev->pfx, asn)};
	detect_emit(out, &hit, ev);
}

static void misconf_event(void *self, const struct route_event *ev, const struct route_view *prev,
                          struct detect_out *out)
{
	struct misconf *m = self;
	const struct monitor_config *cfg = m->ctx->cfg;
	if (ev->type != ROUTE_EV_ANNOUNCE || !cfg->nasns || !m->params->enabled)
		return;
	/* The AS test first: it is cheaper than the prefix lookup and rarely true. */
	bool covered = false, looked = false;
	size_t n = ev->origin ? 1 : ev->origin_set_len;
	for (size_t i = 0; i < n; i++) {
		uint32_t asn = ev->origin ? ev->origin : ev->origin_set[i];
		if (!monitor_config_asn(cfg, asn))
			continue;
		if (!looked) {
			covered = detect_match(out, cfg, &ev->pfx, m->params->name, true) != NULL;
			looked = true;
		}
		if (!covered)
			report(m, ev, asn, out);
	}
}

const struct detector_ops detect_misconfiguration_ops = {
    .name = "misconfiguration",
    .create = misconf_create,
    .on_event = misconf_event,
    .destroy = free,
};
