/* SPDX-License-Identifier: ISC */
/* detect_scope.h - which announcements a detector that is not tied to one
 * prefixes.yml feature (leak, bogon) looks at: in global mode every one,
 * else those under a monitored, not ignored prefix that the detector's
 * monitor may alert on, or originated by a monitored AS. */
#ifndef MANRS_DETECT_SCOPE_H
#define MANRS_DETECT_SCOPE_H

#include <stdbool.h>

#include "detect/detector.h"
#include "detect/monitor_config.h"
#include "detect/route_event.h"

/* True in global mode (no prefixes and no ASes configured). */
bool detect_global_mode(const struct monitor_config *cfg);

/* True when the monitor named monitor watches ev; *monitored receives the
 * matching prefixes.yml entry (NULL when watched through the origin AS or
 * in global mode). The prefixes.yml lookup is the event's, shared through
 * out (detect_config_match). */
bool detect_in_scope(struct detect_out *out, const struct monitor_config *cfg, const char *monitor,
                     const struct route_event *ev, const struct mon_prefix **monitored);

/* The monitored, not ignored prefixes.yml entry covering p that the monitor
 * named monitor may alert on, or NULL (looked up through out). */
const struct mon_prefix *detect_watched_prefix(struct detect_out *out,
                                               const struct monitor_config *cfg,
                                               const char *monitor, const struct prefix *p);

#endif
