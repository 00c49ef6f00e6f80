/* SPDX-License-Identifier: ISC */
/* detect_match.h - helpers the BGPalerter-style detectors share: which
 * prefixes.yml entry applies to an announced prefix for a given monitor,
 * and the RPKI state of an announcement. */
#ifndef MANRS_DETECT_MATCH_H
#define MANRS_DETECT_MATCH_H

#include <stdbool.h>

#include "detect/detector.h"

/* The entry BGPalerter's getMoreSpecificMatch picks for p, as seen by the
 * monitor named monitor: the most specific entry covering p; NULL when
 * none, when it is a less specific with ignoreMorespecifics (unless
 * include_ignored), or when its include/exclude lists leave this monitor
 * out. Entries with "ignore: true" are returned (callers check ->ignore).
 * The lookup is shared by the detectors of one event (detect_config_match). */
const struct mon_prefix *detect_match(struct detect_out *out, const struct monitor_config *cfg,
                                      const struct prefix *p, const char *monitor,
                                      bool include_ignored);

/* ROV state of (p, origin) as an alert field; UNCHECKED without VRPs or
 * when origin is 0 (an AS_SET origin is never valid: RFC 6811 / 9774). */
enum alert_rpki detect_rpki_state(const struct detect_ctx *ctx, const struct prefix *p,
                                  uint32_t origin);

/* Whether an IRR route/route6 object registers exactly (p, origin);
 * UNCHECKED without IRR data. */
enum alert_irr detect_irr_state(const struct detect_ctx *ctx, const struct prefix *p,
                                uint32_t origin);

/* First AS of the announced origin (origin, or the first member of a final
 * AS_SET) that e does not allow, or 0 when all are allowed. */
uint32_t detect_unexpected_origin(const struct mon_prefix *e, const struct route_event *ev);

/* The first AS of e's allowed origins, or 0. */
uint32_t detect_first_asn(const struct mon_prefix *e);

/* The parameters of channel's monitor: the configuration's, or BGPalerter's
 * defaults when it has none for that channel. Never NULL. */
const struct mon_params *detect_params(const struct monitor_config *cfg, const char *channel);

#endif
