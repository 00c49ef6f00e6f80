/* SPDX-License-Identifier: ISC */
/* bmp_state_walk.h - every route the collector holds, as the RIB element a
 * TABLE_DUMP_V2 snapshot of its view would give (for /rib's JSON lines and
 * for handing a new monitor the routes a running collector holds). */
#ifndef MANRS_BMP_STATE_WALK_H
#define MANRS_BMP_STATE_WALK_H

#include <stdbool.h>

#include "bgp/mrt_elem.h"
#include "bmp/bmp_state.h"

/* One route of the walk; el points to the walk's own element, valid until
 * the callback returns. */
struct bmp_walk_route {
	const struct bmp_router *router;
	const struct bmp_peer *peer;
	enum bmp_rib_view view;
	const struct bmp_route *route;
	const struct mrt_elem *el;
	bool attrs_bad; /* its attribute set did not decode (el shows what did) */
};

/* Called for each route; nonzero stops the walk. */
typedef int (*bmp_walk_fn)(void *arg, const struct bmp_walk_route *w);

/* Call fn for every route of st in view (view < 0: every view): router by
 * router, peer by peer, view by view. Returns 0, or the first nonzero
 * value fn returned. */
int bmp_state_walk(const struct bmp_state *st, int view, bmp_walk_fn fn, void *arg);

#endif
