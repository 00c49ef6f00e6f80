/* SPDX-License-Identifier: ISC */
/* daemon_replay.c - the collector's route tables as RIB elements (the walk
 * of bmp_state_walk.h, fed to the collector's event function). */
#include "daemon_replay.h"

#include "bmp/bmp_state_walk.h"

struct replay {
	bmp_event_fn fn;
	void *arg;
	long n, bad;
};

static int replay_route(void *arg, const struct bmp_walk_route *w)
{
	struct replay *r = arg;
	struct bmp_route_event ev = {.router = w->router->name,
	                             .view = w->view,
	                             .peer_type = w->peer->key.type,
	                             .peer_rd = w->peer->key.rd,
	                             .el = w->el};
	r->fn(r->arg, &ev);
	r->n++;
	r->bad += w->attrs_bad;
	return 0;
}

long daemon_replay_routes(const struct bmp_state *st, int view, bmp_event_fn fn, void *arg)
{
	struct replay r = {.fn = fn, .arg = arg};
	bmp_state_walk(st, view, replay_route, &r);
	return r.bad ? -1 : r.n;
}
