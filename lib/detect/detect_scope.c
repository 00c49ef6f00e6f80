/* SPDX-License-Identifier: ISC */
/* detect_scope.c - what the leak, bogon and rpki detectors watch. */
#include "detect/detect_scope.h"

bool detect_global_mode(const struct monitor_config *cfg)
{
	return cfg->nprefixes == 0 && cfg->nasns == 0;
}

const struct mon_prefix *detect_watched_prefix(struct detect_out *out,
                                               const struct monitor_config *cfg,
                                               const char *monitor, const struct prefix *p)
{
	if (cfg->nprefixes == 0)
		return NULL;
	const struct mon_prefix *m = detect_config_match(out, cfg, p);
	if (!m || m->ignore || !mon_prefix_monitored_by(m, monitor))
		return NULL;
	return m;
}

bool detect_in_scope(struct detect_out *out, const struct monitor_config *cfg, const char *monitor,
                     const struct route_event *ev, const struct mon_prefix **monitored)
{
	*monitored = NULL;
	if (detect_global_mode(cfg))
		return true;
	const struct mon_prefix *m =
	    cfg->nprefixes ? detect_config_match(out, cfg, &ev->pfx) : NULL;
	if (m && m->ignore)
		return false; /* "ignore: true" silences everything under it */
	*monitored = detect_watched_prefix(out, cfg, monitor, &ev->pfx);
	if (*monitored)
		return true;
	return ev->origin && cfg->nasns && monitor_config_asn(cfg, ev->origin) != NULL;
}
