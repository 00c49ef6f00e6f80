/* SPDX-License-Identifier: ISC */
/* route_state.h - the routes every peer holds now: per (peer, prefix) the
 * origin and since when this peer has held the prefix with it, and, when
 * asked for (ROUTE_KEEP_PATHS), the AS path.
 *
 * The pipeline applies each event here before the detectors run, and hands
 * them the route the event replaced. It keeps only what its detectors read
 * (detector_ops.keep): a path is the biggest part of a route, and none of
 * the built-in detectors looks at the previous one. Kept paths are interned
 * (many routes share one), so a full table from 10 peers stays small. */
#ifndef MANRS_ROUTE_STATE_H
#define MANRS_ROUTE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/prefix.h"
#include "detect/route_event.h"

/* One route as held: pointers valid until the next route_state_apply. */
struct route_view {
	unsigned peer; /* peer index (route_state_peer) */
	uint32_t peer_as;
	const uint32_t *path; /* neighbour first, origin last; NULL unless ROUTE_KEEP_PATHS */
	size_t path_len;
	uint32_t origin;     /* 0 when the path ends in an AS_SET */
	uint32_t first_seen; /* when this peer started holding the prefix with this origin */
};

/* What a state keeps beyond peer, prefix, origin and first_seen. */
#define ROUTE_KEEP_PATHS 1u

struct route_state;

/* An empty state keeping what keep (ROUTE_KEEP_*) asks for; NULL when out
 * of memory. */
struct route_state *route_state_new(unsigned keep);

/* Free; NULL is allowed. */
void route_state_free(struct route_state *rs);

/* Apply ev. When prev is not NULL it receives the route (peer, pfx) held
 * before (*had_prev false when none). For ROUTE_EV_PEER_DOWN, every route
 * of the peer is removed; callers that need them call route_state_foreach_peer
 * first. Returns 0, or -1 when out of memory (state unchanged). */
int route_state_apply(struct route_state *rs, const struct route_event *ev, struct route_view *prev,
                      bool *had_prev);

/* The index of ev's peer (source + peer address + peer AS), creating it. */
unsigned route_state_peer(struct route_state *rs, const struct route_event *ev);

/* A hint that an event for p comes soon: step 0 prefetches p's hash slot,
 * step 1 (an event or so later) its record, step 2 its routes. Changes
 * nothing; an input reading ahead calls it to overlap the cache misses of
 * the next events with the work on this one. */
void route_state_prefetch(const struct route_state *rs, const struct prefix *p, int step);

/* The peer index of the event route_state_apply took last (what
 * route_state_peer would answer for it, without looking it up again). */
unsigned route_state_last_peer(const struct route_state *rs);

/* Number of peers currently holding exactly pfx. */
unsigned route_state_peers(const struct route_state *rs, const struct prefix *pfx);

/* The longest prefix that covers p, is shorter than p and at least min_len
 * long, and that some peer holds: true with it in *cover, else false. Costs
 * a hash probe per length some held prefix of p's family has. */
bool route_state_covering(const struct route_state *rs, const struct prefix *p, unsigned min_len,
                          struct prefix *cover);

/* Call fn for every peer's route to exactly pfx; stops early when fn
 * returns non-zero (and returns that value). */
int route_state_foreach(const struct route_state *rs, const struct prefix *pfx,
                        int (*fn)(void *arg, const struct route_view *r), void *arg);

/* Call fn for every route held by peer (used on peer down). */
int route_state_foreach_peer(const struct route_state *rs, unsigned peer,
                             int (*fn)(void *arg, const struct prefix *pfx,
                                       const struct route_view *r),
                             void *arg);

/* Routes held, peers known, and bytes of memory used (for bytes/route). */
size_t route_state_routes(const struct route_state *rs);
size_t route_state_npeers(const struct route_state *rs);
size_t route_state_memory(const struct route_state *rs);

#endif
