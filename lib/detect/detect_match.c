/* SPDX-License-Identifier: ISC */
/* detect_match.c - the prefixes.yml matching rules of BGPalerter's monitors. */
#include <string.h>

#include "detect/detect_match.h"
#include "irr/irr_db.h"
#include "rpki/rov.h"

/* BGPalerter's own defaults (src/monitors/monitor*.js), for a configuration
 * that has no entry for a channel (one built by hand, not by the loader,
 * which fills every channel). Last: any other channel. */
#define FALLBACK(n, ch, peers, fade, valid)                                                        \
	{                                                                                          \
		.name = n, .channel = ch, .enabled = true, .threshold_min_peers = peers,           \
		.max_data_samples = 1000, .fade_off_seconds = fade, .skip_valid = valid            \
	}
static const struct mon_params fallback[] = {
    FALLBACK("basic-hijack-detection", "hijack", 2, 0, true),
    FALLBACK("prefix-detection", "newprefix", 2, 0, false),
    FALLBACK("withdrawal-detection", "visibility", 10, 360, false),
    FALLBACK("asn-monitor", "misconfiguration", 3, 0, false),
    FALLBACK("", "", 1, 0, false),
};

const struct mon_params *detect_params(const struct monitor_config *cfg, const char *channel)
{
	const struct mon_params *m = cfg ? monitor_config_params(cfg, channel) : NULL;
	if (m)
		return m;
	size_t i = 0;
	while (fallback[i].channel[0] && strcmp(fallback[i].channel, channel))
		i++;
	return &fallback[i];
}

const struct mon_prefix *detect_match(struct detect_out *out, const struct monitor_config *cfg,
                                      const struct prefix *p, const char *monitor,
                                      bool include_ignored)
{
	if (!cfg || !cfg->nprefixes)
		return NULL;
	const struct mon_prefix *e = detect_config_match(out, cfg, p);
	if (!e)
		return NULL;
	if (!include_ignored && e->ignore_morespecifics && !prefix_equal(&e->pfx, p))
		return NULL;
	return mon_prefix_monitored_by(e, monitor) ? e : NULL;
}

enum alert_rpki detect_rpki_state(const struct detect_ctx *ctx, const struct prefix *p,
                                  uint32_t origin)
{
	if (!ctx->rov)
		return ALERT_RPKI_UNCHECKED;
	switch (rov_validate(ctx->rov, p, origin)) {
	case ROV_VALID:
		/* No origin (AS_SET) matches no VRP, not even an AS0 one. */
		return origin ? ALERT_RPKI_VALID : ALERT_RPKI_INVALID;
	case ROV_INVALID:
		return ALERT_RPKI_INVALID;
	case ROV_NOT_FOUND:
		break;
	}
	return ALERT_RPKI_NOTFOUND;
}

uint32_t detect_unexpected_origin(const struct mon_prefix *e, const struct route_event *ev)
{
	if (ev->origin)
		return mon_prefix_allows(e, ev->origin) ? 0 : ev->origin;
	for (size_t i = 0; i < ev->origin_set_len; i++)
		if (!mon_prefix_allows(e, ev->origin_set[i]))
			return ev->origin_set[i];
	return 0;
}

uint32_t detect_first_asn(const struct mon_prefix *e)
{
	return e->nasns ? e->asns[0] : 0;
}

enum alert_irr detect_irr_state(const struct detect_ctx *ctx, const struct prefix *p,
                                uint32_t origin)
{
	if (!ctx->irr)
		return ALERT_IRR_UNCHECKED;
	size_t n;
	const struct irr_route *r = irr_db_routes_by_origin(ctx->irr, origin, p->family, &n);
	for (size_t i = 0; origin && i < n; i++) {
		struct prefix q;
		irr_route_prefix(&r[i], &q);
		if (prefix_equal(&q, p))
			return ALERT_IRR_REGISTERED;
	}
	return ALERT_IRR_UNREGISTERED;
}
