/* SPDX-License-Identifier: ISC */
/* bmp_state_dump.c - the route tables as JSON lines, through the MRT JSON
 * writer: each route becomes the RIB element a snapshot would give. */
#include "bmp/bmp_state_dump.h"

#include <stdio.h>
#include <string.h>

#include "bgp/mrt_json.h"
#include "bgp/mrt_types.h"

struct dump_walk {
	const struct bmp_state *st;
	const struct bmp_router *r;
	const struct bmp_peer *p;
	int view;
	struct mrt_buf *out;
	long n;
	struct mrt_record rec;
	struct mrt_elem el;
	struct bgp_attrs attrs;
	uint32_t attrs_of; /* the set decoded into attrs (0 = none) */
};

/* The line's head: router, view, stale, then the element's own fields. */
static int put_head(struct dump_walk *w, size_t start, bool stale)
{
	char head[200];
	int k = snprintf(head, sizeof head, "{\"router\":\"%s\",\"view\":\"%s\",\"stale\":%s,",
	                 w->r->name, bmp_view_name((enum bmp_rib_view)w->view),
	                 stale ? "true" : "false");
	if (k < 0 || (size_t)k >= sizeof head || mrt_buf_reserve(w->out, (size_t)k) < 0)
		return -1;
	char *p = w->out->p + start;
	memmove(p + k, p + 1, w->out->len - start - 1);
	memcpy(p, head, (size_t)k);
	w->out->len += (size_t)k - 1;
	return 0;
}

static int dump_route(void *arg, const struct bmp_route *r)
{
	struct dump_walk *w = arg;
	const struct bmp_attr_set *s = bmp_attr_get(&w->st->attrs, r->attr);
	if (w->attrs_of != r->attr) {
		struct err e;
		/* already decoded once on the way in; a malformed part shows
		 * as the JSON writer shows MRT data */
		bgp_attrs_decode(bmp_attr_data(s), s->len, s->asn_len, false, &w->attrs, &e);
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
	size_t start = w->out->len;
	if (mrt_json_format(&w->el, w->out) < 0 || put_head(w, start, r->stale) < 0)
		return -1;
	w->n++;
	return 0;
}

static int dump_peer(struct dump_walk *w)
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
	return bmp_table_foreach(&p->view[w->view], dump_route, w);
}

long bmp_state_dump_json(const struct bmp_state *st, int view, struct mrt_buf *out)
{
	struct dump_walk w = {.st = st, .out = out};
	w.rec.type = MRT_TABLE_DUMP_V2;
	for (size_t i = 0; i < st->nrouters; i++) {
		w.r = st->routers[i];
		for (size_t j = 0; j < w.r->npeers; j++) {
			w.p = w.r->peers[j];
			for (w.view = 0; w.view < BMP_VIEW_COUNT; w.view++)
				if ((view < 0 || view == w.view) && dump_peer(&w))
					return -1;
		}
	}
	return w.n;
}
