/* SPDX-License-Identifier: ISC */
/* daemon_replay.c - the collector's route tables as RIB elements (the walk
 * of bmp_state_dump.c, feeding an event function instead of JSON). */
#include "daemon_replay.h"

#include <string.h>

#include "bgp/mrt_types.h"
#include "bmp/bmp_state_table.h"

struct replay_walk {
	const struct bmp_state *st;
	const struct bmp_router *r;
	const struct bmp_peer *p;
	int view;
	bmp_event_fn fn;
	void *arg;
	long n, bad;
	struct mrt_record rec;
	struct mrt_elem el;
	struct bgp_attrs attrs;
	uint32_t attrs_of; /* the set decoded into attrs (0 = none) */
};

static int replay_route(void *arg, const struct bmp_route *r)
{
	struct replay_walk *w = arg;
	if (w->attrs_of != r->attr) {
		const struct bmp_attr_set *s = bmp_attr_get(&w->st->attrs, r->attr);
		struct err e;
		if (bgp_attrs_decode(bmp_attr_data(s), s->len, s->asn_len, false, &w->attrs, &e) <
		    0)
			w->bad++;
		w->attrs_of = r->attr;
		w->el.attrs_id++;
	}
	int v6 = r->pfx.family == 6;
	w->rec.time = r->time;
	w->rec.subtype = v6 ? MRT_TD2_RIB_IPV6_UNICAST : MRT_TD2_RIB_IPV4_UNICAST;
	w->el.originated = r->time;
	w->el.afi = v6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
	w->el.pfx_len = r->pfx.len;
	memcpy(w->el.pfx_raw, r->pfx.addr, 16);
	w->el.addpath = (w->p->addpath >> w->view) & 1;
	w->el.addpath_src = w->el.addpath ? MRT_AP_SUBTYPE : MRT_AP_NONE;
	w->el.path_id = r->path_id;
	struct bmp_route_event ev = {.router = w->r->name,
	                             .view = (enum bmp_rib_view)w->view,
	                             .peer_type = w->p->key.type,
	                             .peer_rd = w->p->key.rd,
	                             .el = &w->el};
	w->fn(w->arg, &ev);
	w->n++;
	return 0;
}

static void replay_peer(struct replay_walk *w)
{
	const struct bmp_peer *p = w->p;
	memset(&w->el, 0, sizeof w->el);
	w->el.type = MRT_ELEM_RIB;
	w->el.src = MRT_SRC_RIB;
	w->el.rec = &w->rec;
	w->el.peer_family = p->key.family == 6 ? 6 : 4;
	memcpy(w->el.peer_addr, p->key.addr, 16);
	w->el.peer_as = p->asn;
	w->el.safi = 1;
	w->el.attrs = &w->attrs;
	w->attrs_of = 0;
	bmp_table_foreach(&p->view[w->view], replay_route, w);
}

long daemon_replay_routes(const struct bmp_state *st, int view, bmp_event_fn fn, void *arg)
{
	struct replay_walk w = {.st = st, .view = view, .fn = fn, .arg = arg};
	w.rec.type = MRT_TABLE_DUMP_V2;
	for (size_t i = 0; i < st->nrouters; i++) {
		w.r = st->routers[i];
		for (size_t j = 0; j < w.r->npeers; j++) {
			w.p = w.r->peers[j];
			replay_peer(&w);
		}
	}
	return w.bad ? -1 : w.n;
}
