/* SPDX-License-Identifier: ISC */
/* mrt_json.h - one JSON object per route element (JSON lines).
 *
 * Fields: type ("rib", "announce", "withdraw", "state"), mrt_type, time,
 * usec (BGP4MP_ET only), peer_ip, peer_as; for routes: prefix, path_id
 * (ADD-PATH only); for rib/announce: as_path (array of ASNs, AS4_PATH merged
 * per RFC 6793, AS_SET members flattened in order), as_set (true when the
 * path has an AS_SET), origin_as (0 when the path ends in a set or is
 * empty), origin, next_hop, local_pref, med, communities, large_communities,
 * ext_communities (hex), atomic_aggregate, aggregator, originator_id,
 * cluster_list, otc, originated (rib), unknown_attrs; for state: old_state,
 * new_state. Absent attributes are omitted. */
#ifndef MANRS_MRT_JSON_H
#define MANRS_MRT_JSON_H

#include "core/mrt_buf.h"
#include "bgp/mrt_elem.h"

/* Append el as one JSON line to b. Returns 0, or -1 when out of memory. */
int mrt_json_format(const struct mrt_elem *el, struct mrt_buf *b);

#endif
