/* SPDX-License-Identifier: ISC */
/* detect_rpki.h - the rpki detector's second half: the "roa" channel,
 * ROAs that disappear (or expire) between two VRP loads.
 *
 * The rpki detector itself (detect_rpki_ops, registered like every other)
 * watches announcements; ROAs change without any announcement, so the
 * monitor calls detect_roa_diff on each VRP reload with the set it had and
 * the one it switches to. */
#ifndef MANRS_DETECT_RPKI_H
#define MANRS_DETECT_RPKI_H

#include <stdint.h>

#include "detect/detector.h"
#include "rpki/rpki_set.h"

/* For each (prefix, ASN) whose every ROA is in old but not in cur, and
 * that the configuration watches (a monitored prefix it overlaps or a
 * monitored AS it names; everything in global mode), emit a standing "roa"
 * hit (ev NULL; offender = the ROA's ASN); for each (prefix, ASN) back in
 * cur after being absent from old, resolve it. now is the data time of the
 * reload; a ROA whose "expires" (old set) is at or before now is reported
 * as expired. Returns the number of hits emitted. */
unsigned detect_roa_diff(const struct monitor_config *cfg, const struct rpki_set *old,
                         const struct rpki_set *cur, uint32_t now, struct detect_out *out);

/* For each VRP of set that the configuration watches (as detect_roa_diff)
 * and whose "expires" lies after now and at most horizon seconds later,
 * emit a standing "roa" hit (code "R|roa-expiring", severity warning):
 * BGPalerter's roaExpirationAlertHours. VRPs already past their expiry
 * (kept on a replay) and VRPs without one are not reported. Returns the
 * number of hits emitted. */
unsigned detect_roa_expiring(const struct monitor_config *cfg, const struct rpki_set *set,
                             uint32_t now, uint32_t horizon, struct detect_out *out);

#endif
