/* SPDX-License-Identifier: ISC */
/* monitor_params.c - the monitors of BGPalerter's config.yml: which run,
 * under which name, with which parameters; BGPalerter's defaults (its
 * config.yml.example) for everything not written. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/monitor_config_priv.h"

/* One kind of monitor: BGPalerter's implementation file, the manrs alert
 * type it raises, and the defaults of config.yml.example. */
struct monitor_kind {
	const char *file;
	const char *channel;
	const char *name;
	unsigned threshold_min_peers;
	bool enabled;              /* runs when config.yml does not say */
	bool manrs_only;           /* BGPalerter has none: a monitors list without it keeps it on */
	const char *const *params; /* parameters beyond the common ones */
};

static const char *const hijack_params[] = {"skipValid", NULL};
static const char *const as_params[] = {"skipPrefixMatch", NULL};
static const char *const rpki_params[] = {"checkUncovered", "checkDisappearing", NULL};
static const char *const roas_params[] = {"enableDiffAlerts", "enableExpirationAlerts",
                                          "roaExpirationAlertHours", "checkOnlyASns", NULL};
static const char *const no_params[] = {NULL};

/* Parameters BGPalerter knows that manrs has no use for: accepted, noted. */
static const char *const unused_params[] = {"noProxy",
                                            "vrpProvider",
                                            "vrpFile",
                                            "preCacheROAs",
                                            "refreshVrpListMinutes",
                                            "cacheValidPrefixesSeconds",
                                            "enableExpirationCheckTA",
                                            "enableDeletedCheckTA",
                                            "toleranceDeletedRoasTA",
                                            "toleranceExpiredRoasTA",
                                            "enableAdvancedRpkiStats",
                                            "threshold",
                                            NULL};

static const struct monitor_kind kinds[] = {
    {"monitorHijack", "hijack", "basic-hijack-detection", 3, true, false, hijack_params},
    {"monitorNewPrefix", "newprefix", "prefix-detection", 3, false, false, no_params},
    {"monitorPath", "path", "path-matching", 1, true, false, no_params},
    {"monitorVisibility", "visibility", "withdrawal-detection", 40, true, false, no_params},
    {"monitorAS", "misconfiguration", "asn-monitor", 3, true, false, as_params},
    {"monitorRPKI", "rpki", "rpki-monitor", 3, true, false, rpki_params},
    {"monitorROAS", "roa", "rpki-diff", 0, true, false, roas_params},
    {"monitorPathNeighbors", "path-neighbors", "path-neighbors", 3, true, false, no_params},
    {"monitorLeak", "leak", "leak-detection", 1, true, true, no_params},
    {"monitorBogon", "bogon", "bogon-detection", 1, true, true, no_params},
    {"monitorMOAS", "moas", "moas-detection", 1, true, true, no_params},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* BGPalerter monitors manrs does not implement: a config.yml may list them. */
static const char *const foreign_files[] = {"monitorPassthrough", "monitorSwUpdates",
                                            "monitorPathPoisoning", "monitorExternal", NULL};

#define DEFAULT_MAX_DATA_SAMPLES 1000       /* BGPalerter monitor.js */
#define DEFAULT_FADE_OFF_SECONDS 360        /* config.yml.example fadeOffSeconds */
#define DEFAULT_NOTIFICATION_INTERVAL 14400 /* BGPalerter monitor.js, when config.yml has none */
#define DEFAULT_ROA_EXPIRATION_HOURS 2

static void kind_defaults(const struct monitor_kind *k, struct mon_params *p)
{
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", k->name);
	snprintf(p->channel, sizeof p->channel, "%s", k->channel);
	p->enabled = k->enabled;
	p->threshold_min_peers = k->threshold_min_peers;
	p->max_data_samples = DEFAULT_MAX_DATA_SAMPLES;
	p->fade_off_seconds = DEFAULT_FADE_OFF_SECONDS;
	p->skip_valid = true; /* BGPalerter 2's monitorHijack never alerts on RPKI-valid */
	p->enable_diff_alerts = true;
	p->enable_expiration_alerts = true;
	p->check_only_asns = true;
	p->roa_expiration_alert_hours = DEFAULT_ROA_EXPIRATION_HOURS;
}

int mon_params_defaults(struct monitor_config *c, struct err *e)
{
	c->monitors = calloc(NKINDS, sizeof *c->monitors);
	if (!c->monitors)
		return err_set(e, "out of memory");
	c->nmonitors = NKINDS;
	for (size_t i = 0; i < NKINDS; i++)
		kind_defaults(&kinds[i], &c->monitors[i]);
	c->notification_interval_seconds = DEFAULT_NOTIFICATION_INTERVAL;
	return 0;
}

const struct mon_params *monitor_config_params(const struct monitor_config *c, const char *channel)
{
	for (size_t i = 0; i < c->nmonitors; i++)
		if (!strcmp(c->monitors[i].channel, channel))
			return &c->monitors[i];
	return NULL;
}

static const struct monitor_kind *kind_by_file(const char *file)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].file, file))
			return &kinds[i];
	return NULL;
}

static bool listed(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static int param_uint(struct mon_yaml *y, yaml_node_t *v, const char *what, unsigned *out)
{
	uint64_t u;
	if (mon_yaml_uint(y, v, what, UINT32_MAX, &u) < 0)
		return -1;
	*out = (unsigned)u;
	return 0;
}

/* One "params" key of monitor p (of kind k). */
static int apply_param(struct monitor_config *c, struct mon_yaml *y, struct mon_params *p,
                       const char *key, yaml_node_t *v)
{
	char what[96];
	snprintf(what, sizeof what, "monitor %s: params.%s", p->name, key);
	if (!strcmp(key, "thresholdMinPeers"))
		return param_uint(y, v, what, &p->threshold_min_peers);
	if (!strcmp(key, "maxDataSamples"))
		return param_uint(y, v, what, &p->max_data_samples);
	if (!strcmp(key, "notificationIntervalSeconds"))
		return param_uint(y, v, what, &p->notification_interval_seconds);
	if (!strcmp(key, "alertOnlyOnce"))
		return mon_yaml_bool(y, v, what, &p->alert_only_once);
	if (!strcmp(key, "skipValid"))
		return mon_yaml_bool(y, v, what, &p->skip_valid);
	if (!strcmp(key, "skipPrefixMatch"))
		return mon_yaml_bool(y, v, what, &p->skip_prefix_match);
	if (!strcmp(key, "checkUncovered"))
		return mon_yaml_bool(y, v, what, &p->check_uncovered);
	if (!strcmp(key, "checkDisappearing"))
		return mon_yaml_bool(y, v, what, &p->check_disappearing);
	if (!strcmp(key, "enableDiffAlerts"))
		return mon_yaml_bool(y, v, what, &p->enable_diff_alerts);
	if (!strcmp(key, "enableExpirationAlerts"))
		return mon_yaml_bool(y, v, what, &p->enable_expiration_alerts);
	if (!strcmp(key, "checkOnlyASns"))
		return mon_yaml_bool(y, v, what, &p->check_only_asns);
	if (!strcmp(key, "roaExpirationAlertHours"))
		return param_uint(y, v, what, &p->roa_expiration_alert_hours);
	return mon_config_note(c, "%s: %s is a BGPalerter parameter manrs does not use; ignored",
	                       y->file, what);
}

static int load_params(struct monitor_config *c, struct mon_yaml *y, const struct monitor_kind *k,
                       struct mon_params *p, yaml_node_t *params)
{
	static const char *const common[] = {"thresholdMinPeers", "maxDataSamples",
	                                     "notificationIntervalSeconds", "alertOnlyOnce", NULL};
	char what[80];
	snprintf(what, sizeof what, "monitor %s: params", p->name);
	if (mon_yaml_kind(params) == MY_NULL)
		return 0;
	if (mon_yaml_check_map(y, params, what, NULL) < 0)
		return -1;
	for (yaml_node_pair_t *q = params->data.mapping.pairs.start;
	     q < params->data.mapping.pairs.top; q++) {
		yaml_node_t *key = mon_yaml_node(y, q->key);
		const char *name = mon_yaml_text(key);
		if (!listed(name, common) && !listed(name, k->params) &&
		    !listed(name, unused_params))
			return mon_yaml_error(y, key,
			                      "%s: unknown parameter '%s' for %s (see "
			                      "manrs-monitor-config(5))",
			                      what, name, k->file);
		if (apply_param(c, y, p, name, mon_yaml_node(y, q->value)) < 0)
			return -1;
	}
	return 0;
}

static struct mon_params *params_of(struct monitor_config *c, const struct monitor_kind *k)
{
	return (struct mon_params *)monitor_config_params(c, k->channel);
}

/* A text field of a monitors entry into a fixed buffer. */
static int entry_text(struct mon_yaml *y, yaml_node_t *v, const char *what, char *buf, size_t cap)
{
	char *s;
	if (mon_yaml_string(y, v, what, &s) < 0)
		return -1;
	size_t n = strlen(s);
	free(s);
	if (n == 0 || n >= cap)
		return mon_yaml_error(y, v, "%s: must be 1 to %zu characters", what, cap - 1);
	snprintf(buf, cap, "%s", mon_yaml_text(v));
	return 0;
}

static int check_name_unique(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *at,
                             const struct mon_params *self)
{
	for (size_t i = 0; i < c->nmonitors; i++)
		if (&c->monitors[i] != self && c->monitors[i].enabled &&
		    !strcmp(c->monitors[i].name, self->name))
			return mon_yaml_error(y, at, "monitor name '%s' is used twice", self->name);
	return 0;
}

static int load_monitor(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *m, bool *seen)
{
	static const char *const keys[] = {"file", "channel", "name", "params", NULL};
	if (mon_yaml_visit(y, m) < 0 || mon_yaml_check_map(y, m, "monitors entry", keys) < 0)
		return -1;
	yaml_node_t *file = mon_yaml_get(y, m, "file"), *name = mon_yaml_get(y, m, "name");
	if (!file)
		return mon_yaml_error(y, m, "monitors entry: 'file' is missing");
	if (mon_yaml_kind(file) != MY_STR)
		return mon_yaml_error(y, file, "monitors entry: file: expected a string");
	const char *fname = mon_yaml_text(file);
	if (listed(fname, foreign_files))
		return mon_config_note(c,
		                       "%s:%lu: %s is a BGPalerter monitor manrs does not have; "
		                       "ignored",
		                       y->file, (unsigned long)file->start_mark.line + 1, fname);
	const struct monitor_kind *k = kind_by_file(fname);
	if (!k)
		return mon_yaml_error(y, file, "monitors entry: unknown monitor file '%s'", fname);
	if (seen[k - kinds])
		return mon_yaml_error(y, file, "%s is listed twice; manrs runs one of each", fname);
	seen[k - kinds] = true;
	struct mon_params *p = params_of(c, k);
	unsigned fade = p->fade_off_seconds; /* config.yml's global, already applied */
	kind_defaults(k, p);
	p->fade_off_seconds = fade;
	p->enabled = true;
	if (!name)
		return mon_yaml_error(y, m, "monitors entry %s: 'name' is missing", fname);
	if (entry_text(y, name, "monitors entry: name", p->name, sizeof p->name) < 0)
		return -1;
	yaml_node_t *channel = mon_yaml_get(y, m, "channel");
	if (channel && mon_yaml_kind(channel) != MY_STR)
		return mon_yaml_error(y, channel, "monitor %s: channel: expected a string",
		                      p->name);
	if (check_name_unique(c, y, name, p) < 0)
		return -1;
	return load_params(c, y, k, p, mon_yaml_get(y, m, "params"));
}

static int load_monitors(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *list)
{
	bool seen[NKINDS] = {false};
	if (mon_yaml_kind(list) != MY_SEQ)
		return mon_yaml_error(y, list, "monitors: expected a list of monitors");
	for (size_t i = 0; i < NKINDS; i++)
		if (!kinds[i].manrs_only)
			c->monitors[i].enabled = false;
	for (yaml_node_item_t *it = list->data.sequence.items.start;
	     it < list->data.sequence.items.top; it++)
		if (load_monitor(c, y, mon_yaml_node(y, *it), seen) < 0)
			return -1;
	return 0;
}

static int load_globals(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *root)
{
	yaml_node_t *v;
	if ((v = mon_yaml_get(y, root, "fadeOffSeconds"))) {
		unsigned fade;
		if (param_uint(y, v, "fadeOffSeconds", &fade) < 0)
			return -1;
		for (size_t i = 0; i < c->nmonitors; i++)
			c->monitors[i].fade_off_seconds = fade;
	}
	if ((v = mon_yaml_get(y, root, "notificationIntervalSeconds")) &&
	    param_uint(y, v, "notificationIntervalSeconds", &c->notification_interval_seconds) < 0)
		return -1;
	if ((v = mon_yaml_get(y, root, "alertOnlyOnce")) &&
	    mon_yaml_bool(y, v, "alertOnlyOnce", &c->alert_only_once) < 0)
		return -1;
	return 0;
}

/* One note naming every top-level section manrs does not read. */
static int note_unused(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *root)
{
	static const char *const used[] = {"monitors", "fadeOffSeconds",
	                                   "notificationIntervalSeconds", "alertOnlyOnce", NULL};
	char list[400] = "";
	size_t len = 0;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
	     p++) {
		const char *key = mon_yaml_text(mon_yaml_node(y, p->key));
		if (listed(key, used) || len >= sizeof list - 1)
			continue;
		int w = snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", key);
		len += w > 0 ? (size_t)w : 0;
	}
	if (!len)
		return 0;
	return mon_config_note(c, "%s: not used by manrs, ignored: %s", y->file, list);
}

int mon_params_load(struct monitor_config *c, struct mon_yaml *y)
{
	yaml_node_t *root = mon_yaml_root(y);
	if (!root)
		return mon_yaml_error(y, NULL, "empty file; expected BGPalerter's config.yml");
	if (mon_yaml_check_map(y, root, "config.yml", NULL) < 0)
		return -1;
	if (load_globals(c, y, root) < 0)
		return -1;
	yaml_node_t *monitors = mon_yaml_get(y, root, "monitors");
	if (monitors && load_monitors(c, y, monitors) < 0)
		return -1;
	return note_unused(c, y, root);
}
