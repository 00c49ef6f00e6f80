/* SPDX-License-Identifier: ISC */
/* bmp_state_walk.c - the route tables as RIB elements: one element reused
 * for every route, its attributes decoded once per attribute set in a row
 * (routes of one update share a set). */
#include "bmp/bmp_state_walk.h"

#include <string.h>

#include "bgp/mrt_types.h"
#include "bmp/bmp_state_table.h"

struct walk {
	const struct bmp_state *st;
	bmp_walk_fn fn;
	void *arg;
	struct bmp_walk_route out;
	struct mrt_record rec;
	struct mrt_elem el;
	struct bgp_attrs attrs;
	uint32_t attrs_of; /* the set decoded into attrs (0 = none) */
	bool attrs_bad;    /* ... and whether it failed to decode */
};

static int walk_route(void *arg, const struct bmp_route *r)
{
	struct walk *w = arg;
	if (w->attrs_of != r->attr) {
		const struct bmp_attr_set *s = bmp_attr_get(&w->st->attrs, r->attr);
		struct err e;
		/* decoded once already on the way in, so failures are rare: the
		 * element then shows what did decode */
		w->attrs_bad = bgp_attrs_decode(bmp_attr_data(s), s->len, s->asn_len, false,
		                                &w->attrs, &e) < 0;
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
	w->el.addpath = (w->out.peer->addpath >> w->out.view) & 1;
	w->el.addpath_src = w->el.addpath ? MRT_AP_SUBTYPE : MRT_AP_NONE;
	w->el.path_id = r->path_id;
	w->out.route = r;
	w->out.attrs_bad = w->attrs_bad;
	return w->fn(w->arg, &w->out);
}

static int walk_peer(struct walk *w)
{
	const struct bmp_peer *p = w->out.peer;
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
	return bmp_table_foreach(&p->view[w->out.view], walk_route, w);
}

int bmp_state_walk(const struct bmp_state *st, int view, bmp_walk_fn fn, void *arg)
{
	struct walk w = {.st = st, .fn = fn, .arg = arg};
	w.rec.type = MRT_TABLE_DUMP_V2;
	w.out.el = &w.el;
	for (size_t i = 0; i < st->nrouters; i++) {
		w.out.router = st->routers[i];
		for (size_t j = 0; j < w.out.router->npeers; j++) {
			w.out.peer = w.out.router->peers[j];
			for (int v = 0; v < BMP_VIEW_COUNT; v++) {
				if (view >= 0 && view != v)
					continue;
				w.out.view = (enum bmp_rib_view)v;
				int rc = walk_peer(&w);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}
