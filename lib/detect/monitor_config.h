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
	char *match;     /* POSIX extended regex over the path as "1 2 3"; NULL = any */
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
};

/* Load prefixes.yml (required) and, if config_yml is not NULL, the
 * monitors section of BGPalerter's config.yml. Unknown keys and type
 * errors are errors naming file, line and column: the monitor refuses to
 * start rather than watch the wrong thing. NULL with e set on error. */
struct monitor_config *monitor_config_load(const char *prefixes_yml, const char *config_yml,
                                           struct err *e);

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

#endif
