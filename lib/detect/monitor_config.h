/* SPDX-License-Identifier: ISC */
/* monitor_config.h - what the monitor watches and how: BGPalerter's
 * prefixes.yml (monitored prefixes, ASes, path rules) and the monitor
 * parameters of its config.yml, read as operators already have them.
 *
 * The loader (monitor_config.c, libyaml) fills this; detectors only read
 * it. A config with no prefixes and no ASes is "global mode". */
#ifndef MANRS_MONITOR_CONFIG_H
#define MANRS_MONITOR_CONFIG_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"

/* A path rule of a monitored prefix (BGPalerter "path:" entries). */
struct mon_path_rule {
	char *match;     /* regex over the path as BGPalerter writes it, "1,2,3" (neighbour
	                  * first, origin last); NULL = any. JavaScript syntax as written
	                  * in the file; match_re holds it translated to POSIX ERE */
	char *not_match; /* NULL = none */
	regex_t match_re, not_match_re;
	int max_length; /* -1 = unset */
	int min_length; /* -1 = unset */
	char *description;
};

/* One entry of prefixes.yml. */
struct mon_prefix {
	struct prefix pfx;
	char *description;
	uint32_t *asns; /* allowed origins ("asn": number or list) */
	size_t nasns;
	bool ignore_morespecifics;
	bool ignore;   /* "ignore: true": never alert on it or under it */
	char **groups; /* "group": one or a list; default "default" */
	size_t ngroups;
	char **include_monitors; /* names of monitors that may alert on it; empty = all */
	size_t ninclude;
	char **exclude_monitors;
	size_t nexclude;
	struct mon_path_rule *paths;
	size_t npaths;
	unsigned line; /* where it was defined, for messages */
};

/* One entry of options.monitorASns. */
struct mon_asn {
	uint32_t asn;
	char **groups;
	size_t ngroups;
	bool has_upstreams; /* an upstreams list was given (may be empty) */
	uint32_t *upstreams;
	size_t nupstreams;
	bool has_downstreams;
	uint32_t *downstreams;
	size_t ndownstreams;
	unsigned line;
};

/* Parameters of one monitor (config.yml "monitors:" entry), by channel. */
struct mon_params {
	char name[48];    /* the monitor's name (include/exclude refer to it) */
	char channel[24]; /* alert type it raises: "hijack", "visibility"... */
	bool enabled;
	unsigned threshold_min_peers; /* alert when at least this many peers see it */
	unsigned max_data_samples;    /* sample paths kept per alert */
	unsigned fade_off_seconds;    /* visibility: wait this long before alerting */
	bool check_uncovered;         /* rpki: alert on prefixes no ROA covers */
	bool check_disappearing;      /* rpki/roa: alert when a ROA disappears */
	bool skip_valid;              /* hijack: no alert when the route is RPKI-valid */
	/* Added by the loader (additive): */
	bool skip_prefix_match;                 /* misconfiguration: BGPalerter skipPrefixMatch */
	bool enable_diff_alerts;                /* roa: alert on ROA changes */
	bool enable_expiration_alerts;          /* roa: alert on ROAs about to expire */
	bool check_only_asns;                   /* roa: only ROAs of monitored ASes */
	unsigned roa_expiration_alert_hours;    /* roa: "about to expire" horizon */
	unsigned notification_interval_seconds; /* params.notificationIntervalSeconds; 0: the
	                                         * config's */
	bool alert_only_once;                   /* params.alertOnlyOnce (or the config's) */
};

struct monitor_config {
	struct mon_prefix *prefixes;
	size_t nprefixes;
	struct mon_asn *asns;
	size_t nasns;
	struct mon_params *monitors; /* defaults filled for every channel */
	size_t nmonitors;
	struct prefix_index *index; /* longest-match lookup over prefixes (private) */
	char *path;                 /* prefixes file it came from */
	/* Added by the loader (additive): */
	char *config_path;                      /* config.yml, or NULL */
	unsigned notification_interval_seconds; /* config.yml notificationIntervalSeconds */
	bool alert_only_once;                   /* config.yml alertOnlyOnce */
	char **notes; /* what was read but is not used (config.yml connectors, reports...);
	               * the command prints each once on stderr */
	size_t nnotes;
};

/* Load prefixes.yml and, if config_yml is not NULL, the monitors section
 * of BGPalerter's config.yml (notificationIntervalSeconds, alertOnlyOnce
 * and the monitors' params). prefixes_yml NULL: global mode (no
 * monitored prefixes) with config.yml's parameters. Unknown keys and type
 * errors are errors naming file, line and column: the monitor refuses to
 * start rather than watch the wrong thing. NULL with e set on error. */
struct monitor_config *monitor_config_load(const char *prefixes_yml, const char *config_yml,
                                           struct err *e);

/* monitor_config_load over buffers (tests, fuzzing): prefixes (pn bytes,
 * named pname in messages; NULL: global mode) and, when config is not
 * NULL, config.yml. */
struct monitor_config *monitor_config_load_buffer(const char *prefixes, size_t pn,
                                                  const char *pname, const char *config, size_t cn,
                                                  const char *cname, struct err *e);

/* An empty configuration (global mode) with default monitor parameters. */
struct monitor_config *monitor_config_global(struct err *e);

/* Free; NULL is allowed. */
void monitor_config_free(struct monitor_config *c);

/* The most specific monitored entry covering p (p itself or a less
 * specific), or NULL. Ignored entries are returned too (check ->ignore). */
const struct mon_prefix *monitor_config_match(const struct monitor_config *c,
                                              const struct prefix *p);

/* The monitored AS entry for asn, or NULL. */
const struct mon_asn *monitor_config_asn(const struct monitor_config *c, uint32_t asn);

/* True when asn is one of e's allowed origins. */
bool mon_prefix_allows(const struct mon_prefix *e, uint32_t asn);

/* Parameters of the monitor raising channel (defaults when not configured). */
const struct mon_params *monitor_config_params(const struct monitor_config *c, const char *channel);

/* True when the monitor named name may alert on e (include/exclude lists). */
bool mon_prefix_monitored_by(const struct mon_prefix *e, const char *name);

/* What BGPalerter's monitors match p against: the most specific entry
 * covering p, or NULL when there is none, when p is a strict more-specific
 * of an entry with ignoreMorespecifics, or when the monitor named name is
 * excluded from it (include/excludeMonitors; name NULL skips that check).
 * Ignored entries are returned (check ->ignore). */
const struct mon_prefix *monitor_config_lookup(const struct monitor_config *c,
                                               const struct prefix *p, const char *name);

/* Write path as BGPalerter's path rules see it, "1,2,3", into buf (cap
 * bytes, NUL-terminated). Returns the length it needs (like snprintf). */
size_t mon_path_format(const uint32_t *path, size_t n, char *buf, size_t cap);

/* True when the path rule raises an alert for path (n ASNs, prepends
 * included): match (if set) matches, notMatch (if set) does not, and, when
 * maxLength or minLength is set, the length breaks one of them. (BGPalerter
 * tests the lengths the same way, except that a minLength alone alerts on
 * every path there, a bug not copied.) */
bool mon_path_rule_matches(const struct mon_path_rule *r, const uint32_t *path, size_t n);

/* Translate a JavaScript regex (as BGPalerter path rules are written) to
 * POSIX ERE in out (cap bytes): \d and (?:...) are rewritten, lazy
 * quantifiers become greedy (same yes/no answer); lookarounds and other
 * JavaScript-only syntax fail with *why set. Returns 0 or -1. */
int mon_regex_translate(const char *js, char *out, size_t cap, const char **why);

#endif
