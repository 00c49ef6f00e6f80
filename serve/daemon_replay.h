/* SPDX-License-Identifier: ISC */
/* daemon_replay.h - hand a monitor built on SIGHUP the routes the BMP
 * collector holds, so that it starts with the route state the running
 * monitor had instead of an empty one (the routers stay connected and do
 * not send their tables again). */
#ifndef MANRS_DAEMON_REPLAY_H
#define MANRS_DAEMON_REPLAY_H

#include "bmp/bmp_state.h"
#include "bmp/bmp_state_feed.h"

/* Call fn(arg) with a RIB element for every route of view held in st,
 * router by router, peer by peer, as the collector's feed would. Returns
 * the number of routes, or -1 when an attribute set does not decode
 * (cannot happen for sets the collector stored; counted, not fatal). */
long daemon_replay_routes(const struct bmp_state *st, int view, bmp_event_fn fn, void *arg);

#endif
