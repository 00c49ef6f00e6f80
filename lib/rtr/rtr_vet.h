/* SPDX-License-Identifier: ISC */
/* rtr_vet.h - the reload policy of an RTR cache: may a freshly loaded set
 * replace the one being served, or is the last good set kept?
 *
 * A truncated or broken export must not withdraw the routers' data, so a
 * set is refused when every entry in it was rejected while loading, or when
 * it drops more than max_shrink percent of the served VRPs+ASPAs. Pure:
 * no logging, no clock; the server calls it and says what it decided. */
#ifndef MANRS_RTR_VET_H
#define MANRS_RTR_VET_H

#include "core/err.h"
#include "rpki/rpki_set.h"

/* Judge set (freshly loaded) against served (NULL when nothing is served
 * yet) with max_shrink in percent (100 or more: any shrink is accepted).
 * Returns 0 to accept, or -1 with e saying why the set is refused. */
int rtr_reload_vet(const struct rpki_set *set, const struct rpki_set *served, unsigned max_shrink,
                   struct err *e);

#endif
