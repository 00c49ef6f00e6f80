/* SPDX-License-Identifier: ISC */
/* fetch_config.h - the sources to keep fresh, from YAML:
 *
 *   sources:                 # or, in the daemon's manrs.yml, under "fetch:"
 *     - name: vrps
 *       kind: vrps           # vrps | irr | mrt | peeringdb | asrel
 *       url: https://example.net/vrps.json
 *       out: /var/lib/manrs/vrps.json
 *       interval: 10m        # seconds, or with s/m/h/d
 *       max-age: 2h          # staleness alarm; 0 = none
 *       sha256-url: https://example.net/vrps.json.sha256
 *       min-ratio: 0.5       # shrink guard; 0 = off
 *       timeout: 5m
 *       connect-timeout: 30s
 *       retry: 1m            # first retry after a failure, doubling
 *
 * Errors name file, line and column. */
#ifndef MANRS_FETCH_CONFIG_H
#define MANRS_FETCH_CONFIG_H

#include <stddef.h>
#include <yaml.h>

#include "core/err.h"
#include "detect/mon_yaml.h"
#include "fetch/fetch.h"

struct fetch_config {
	struct fetch_conf *src;
	size_t n;
};

/* Read path (plain or compressed, at most 4 MiB): a mapping with
 * "sources:", or with "fetch: {sources: ...}" (other top-level keys are then
 * the daemon's and ignored). Returns 0, or -1 with e set. */
int fetch_config_load(const char *path, struct fetch_config *cfg, struct err *e);

/* Parse a "sources:" sequence node of a document the caller loaded (the
 * daemon's manrs.yml) into cfg. Returns 0 or -1 (error in y's err). */
int fetch_config_parse_sources(struct mon_yaml *y, const yaml_node_t *seq,
                               struct fetch_config *cfg);

/* Free cfg's sources and their strings. */
void fetch_config_free(struct fetch_config *cfg);

/* Free the strings of one conf. */
void fetch_conf_free_strings(struct fetch_conf *c);

/* "90", "90s", "10m", "2h", "1d" -> seconds; -1 when malformed. */
long fetch_parse_duration(const char *s);

#endif
