/* SPDX-License-Identifier: ISC */
/* monitor_config_stub.c - weak stand-ins for the config lookups the
 * detectors and the pipeline use, so h/mcore builds and tests before the
 * config branch (monitor_config.c, libyaml) is merged.
 *
 * TODO(lead, at merge of h/mconf): delete this file. The real, strong
 * definitions in monitor_config.c replace these; the lookups here follow
 * the contract in monitor_config.h with linear scans and the BGPalerter
 * default parameters, so tests that build a struct monitor_config by hand
 * behave the same with either. */
#include <stdlib.h>
#include <string.h>

#include "detect/monitor_config.h"

#define WEAK __attribute__((weak))

/* BGPalerter's defaults (src/monitors/monitor*.js): thresholdMinPeers per
 * monitor, maxDataSamples 1000, fadeOffSeconds 360. */
static const struct mon_params builtin[] = {
    {"basic-hijack-detection", "hijack", true, 2, 1000, 0, false, false, true},
    {"prefix-detection", "newprefix", true, 2, 1000, 0, false, false, false},
    {"withdrawal-detection", "visibility", true, 10, 1000, 360, false, false, false},
    {"asn-monitor", "misconfiguration", true, 3, 1000, 0, false, false, false},
    {"path-matching", "path", true, 1, 1000, 0, false, false, false},
    {"path-neighbors", "path-neighbors", true, 3, 1000, 0, false, false, false},
    {"rpki-monitor", "rpki", true, 3, 1000, 0, false, false, false},
    {"rpki-diff", "roa", true, 1, 1000, 0, false, true, false},
    {"route-leak", "leak", true, 2, 1000, 0, false, false, false},
    {"bogon", "bogon", true, 2, 1000, 0, false, false, false},
    {"moas", "moas", true, 2, 1000, 0, false, false, false},
};

WEAK const struct mon_params *monitor_config_params(const struct monitor_config *c,
                                                    const char *channel)
{
	for (size_t i = 0; c && i < c->nmonitors; i++)
		if (!strcmp(c->monitors[i].channel, channel))
			return &c->monitors[i];
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (!strcmp(builtin[i].channel, channel))
			return &builtin[i];
	return &builtin[0];
}

WEAK const struct mon_prefix *monitor_config_match(const struct monitor_config *c,
                                                   const struct prefix *p)
{
	const struct mon_prefix *best = NULL;
	for (size_t i = 0; i < c->nprefixes; i++) {
		const struct mon_prefix *e = &c->prefixes[i];
		if (prefix_contains(&e->pfx, p) && (!best || e->pfx.len > best->pfx.len))
			best = e;
	}
	return best;
}

WEAK const struct mon_asn *monitor_config_asn(const struct monitor_config *c, uint32_t asn)
{
	for (size_t i = 0; i < c->nasns; i++)
		if (c->asns[i].asn == asn)
			return &c->asns[i];
	return NULL;
}

WEAK bool mon_prefix_allows(const struct mon_prefix *e, uint32_t asn)
{
	for (size_t i = 0; i < e->nasns; i++)
		if (e->asns[i] == asn)
			return true;
	return false;
}

WEAK bool mon_prefix_monitored_by(const struct mon_prefix *e, const char *name)
{
	if (e->ninclude) {
		for (size_t i = 0; i < e->ninclude; i++)
			if (!strcmp(e->include_monitors[i], name))
				return true;
		return false;
	}
	for (size_t i = 0; i < e->nexclude; i++)
		if (!strcmp(e->exclude_monitors[i], name))
			return false;
	return true;
}

WEAK struct monitor_config *monitor_config_global(struct err *e)
{
	struct monitor_config *c = calloc(1, sizeof *c);
	if (!c)
		err_set(e, "out of memory");
	return c;
}

WEAK struct monitor_config *monitor_config_load(const char *prefixes_yml, const char *config_yml,
                                                struct err *e)
{
	err_set(e, "%s: reading prefixes.yml is not built into this manrs", prefixes_yml);
	return NULL;
}

WEAK void monitor_config_free(struct monitor_config *c)
{
	free(c);
}
