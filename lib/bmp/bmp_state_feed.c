/* SPDX-License-Identifier: ISC */
/* bmp_state_feed.c - one router's messages into the state, the callback
 * and the archive. */
#include "bmp/bmp_state_feed.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bgp/bgp_msg.h"
#include "bgp/mrt_types.h"

void bmp_feed_init(struct bmp_feed *f, struct bmp_state *st, struct bmp_router *r, bmp_event_fn fn,
                   void *arg, struct bmp_archive *archive)
{
	memset(f, 0, sizeof *f);
	f->st = st;
	f->router = r;
	f->on_event = fn;
	f->event_arg = arg;
	f->archive = archive;
	bmp_elems_init(&f->it, false); /* as the archive: BGP4MP, no usec */
}

static struct bmp_peer_key key_of(const struct bmp_peer_hdr *h)
{
	struct bmp_peer_key k = {.type = h->type, .family = h->family, .rd = h->distinguisher};
	memcpy(k.addr, h->addr, 16);
	return k;
}

static uint32_t time_of(const struct bmp_peer_hdr *h)
{
	return h->ts_sec ? h->ts_sec : (uint32_t)time(NULL);
}

static void emit(struct bmp_feed *f, const struct bmp_msg *m, const struct mrt_elem *el)
{
	if (!f->on_event)
		return;
	struct bmp_route_event ev = {.router = f->router->name,
	                             .view = bmp_peer_view(&m->peer),
	                             .peer_type = m->peer.type,
	                             .peer_rd = m->peer.distinguisher,
	                             .el = el};
	f->on_event(f->event_arg, &ev);
}

/* The BGP session of p as an MRT archive names it. */
static void mrt_session_of(const struct bmp_peer *p, const struct bmp_peer_hdr *h,
                           struct mrt_session *s)
{
	memset(s, 0, sizeof *s);
	s->peer_as = h->as;
	s->local_as = p->local_asn;
	s->peer_ip.family = h->family == 6 ? 6 : 4;
	s->peer_ip.len = s->peer_ip.family == 6 ? 128 : 32;
	memcpy(s->peer_ip.addr, h->addr, 16);
	s->local_ip.family = s->peer_ip.family;
	s->local_ip.len = s->peer_ip.len;
	if (p->local_family == s->peer_ip.family)
		memcpy(s->local_ip.addr, p->local_addr, 16);
}

static bool archived(const struct bmp_feed *f, const struct bmp_msg *m)
{
	return f->archive && bmp_peer_view(&m->peer) == f->archive->cfg.view;
}

static void archive_err(struct bmp_feed *f, const struct err *e)
{
	f->archive_errors++;
	f->last_archive_err = *e;
}

static void archive_update(struct bmp_feed *f, const struct bmp_peer *p, const struct bmp_msg *m,
                           uint16_t subtype)
{
	struct mrt_session s;
	struct err e;
	mrt_session_of(p, &m->peer, &s);
	if (bmp_archive_message(f->archive, (uint32_t)time(NULL), time_of(&m->peer), &s, subtype,
	                        m->u.rm.update.data, m->u.rm.update.len, &e) < 0)
		archive_err(f, &e);
}

static void archive_state(struct bmp_feed *f, const struct bmp_peer *p, const struct bmp_msg *m,
                          bool up)
{
	struct mrt_session s;
	struct err e;
	mrt_session_of(p, &m->peer, &s);
	uint16_t from = up ? MRT_STATE_IDLE : MRT_STATE_ESTABLISHED;
	uint16_t to = up ? MRT_STATE_ESTABLISHED : MRT_STATE_IDLE;
	if (bmp_archive_state(f->archive, (uint32_t)time(NULL), time_of(&m->peer), &s, from, to,
	                      &e) < 0)
		archive_err(f, &e);
}

/* The raw path attributes of the message's UPDATE. */
static int update_attrs(const struct bmp_msg *m, struct bgp_update *u)
{
	struct err e;
	const struct bgp_msg *b = &m->u.rm.update.msg;
	return bgp_update_parse(b->body, b->body_len, u, &e);
}

/* RFC 7606 treat-as-withdraw, except GoBGP's own routes in its Loc-RIB:
 * they carry no AS_PATH at all (an empty path, locally originated), which
 * the check for mandatory attributes alone calls treat-as-withdraw. */
static bool treat_as_withdraw(const struct mrt_elem *el, enum bmp_rib_view v)
{
	const struct bgp_attrs *a = el->attrs;
	if (!a || a->action < BGP_ACTION_WITHDRAW)
		return false;
	return !(v == BMP_VIEW_LOC_RIB && a->action_type == BGP_ATTR_AS_PATH &&
	         !BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH));
}

/* Apply one element to the table; *attr is interned at the first
 * announcement of the message. */
static void apply(struct bmp_feed *f, struct bmp_peer *p, enum bmp_rib_view v,
                  const struct bgp_update *u, const struct mrt_elem *el, uint32_t *attr)
{
	struct prefix pfx;
	mrt_elem_prefix(el, &pfx);
	uint32_t pid = el->addpath ? el->path_id : 0;
	bool withdraw = el->type == MRT_ELEM_WITHDRAW || treat_as_withdraw(el, v);
	if (withdraw) {
		bmp_peer_withdraw(f->st, p, v, &pfx, pid);
		f->withdrawals_in++;
		return;
	}
	if (!*attr) {
		*attr = bmp_state_intern(f->st, el->attrs->asn_len, u->attrs, u->attrs_len);
		if (!*attr) {
			f->updates_dropped++;
			return;
		}
	}
	bmp_attr_ref(&f->st->attrs, *attr);
	bmp_peer_announce(f->st, p, v, &pfx, pid, *attr, el->rec->time);
	f->routes_in++;
}

/* ---- End-of-RIB: sweep what a returning router did not send again ---- */

/* A withdrawal element for swept routes, and where to send it. */
struct sweep_out {
	bmp_event_fn fn;
	void *arg;
	struct bmp_route_event ev;
	struct mrt_record rec;
	struct mrt_elem el;
	bool addpath;
	size_t n;
};

static void sweep_start(struct sweep_out *o, const struct bmp_router *r, const struct bmp_peer *p,
                        enum bmp_rib_view v, uint32_t now)
{
	memset(&o->rec, 0, sizeof o->rec);
	o->rec.type = MRT_BGP4MP;
	o->rec.subtype = MRT_BGP4MP_MESSAGE_AS4;
	o->rec.time = now;
	memset(&o->el, 0, sizeof o->el);
	o->el.type = MRT_ELEM_WITHDRAW;
	o->el.src = MRT_SRC_MP;
	o->el.rec = &o->rec;
	o->el.peer_family = p->key.family == 6 ? 6 : 4;
	memcpy(o->el.peer_addr, p->key.addr, 16);
	o->el.peer_as = p->asn;
	o->el.safi = 1;
	o->addpath = (p->addpath >> v) & 1;
	o->ev = (struct bmp_route_event){.router = r->name,
	                                 .view = v,
	                                 .peer_type = p->key.type,
	                                 .peer_rd = p->key.rd,
	                                 .el = &o->el};
}

static void swept(void *arg, const struct bmp_route *r)
{
	struct sweep_out *o = arg;
	o->n++;
	if (!o->fn)
		return;
	o->el.afi = r->pfx.family == 6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
	o->el.pfx_len = r->pfx.len;
	memcpy(o->el.pfx_raw, r->pfx.addr, 16);
	o->el.addpath = o->addpath;
	o->el.addpath_src = o->addpath ? MRT_AP_SUBTYPE : MRT_AP_NONE;
	o->el.path_id = r->path_id;
	o->fn(o->arg, &o->ev);
}

static void end_of_rib(struct bmp_feed *f, const struct bmp_msg *m, struct bmp_peer *p,
                       enum bmp_rib_view v, uint16_t afi, uint8_t safi)
{
	uint32_t now = time_of(&m->peer);
	f->eors++;
	int family = afi == BGP_AFI_IPV6 ? 6 : 4;
	if (f->router->stale_since && safi == 1) {
		struct sweep_out o = {.fn = f->on_event, .arg = f->event_arg};
		sweep_start(&o, f->router, p, v, now);
		f->stale_swept +=
		    bmp_table_sweep_family(&p->view[v], &f->st->attrs, family, swept, &o);
	}
	if (!f->on_eor)
		return;
	struct bmp_eor_event ev = {.router = f->router->name,
	                           .view = v,
	                           .peer_type = m->peer.type,
	                           .peer_family = m->peer.family == 6 ? 6 : 4,
	                           .peer_as = m->peer.as,
	                           .afi = afi,
	                           .safi = safi,
	                           .time = now};
	memcpy(ev.peer_addr, m->peer.addr, 16);
	f->on_eor(f->event_arg, &ev);
}

size_t bmp_feed_expire(struct bmp_state *st, uint32_t now, uint32_t grace, bmp_event_fn fn,
                       void *arg)
{
	size_t n = 0;
	for (size_t i = 0; i < st->nrouters; i++) {
		struct bmp_router *r = st->routers[i];
		/* a router still away is ended by its owner (a Peer Down per peer) */
		if (!r->connected || !r->stale_since || now - r->stale_since < grace)
			continue;
		for (size_t j = 0; j < r->npeers; j++)
			for (int v = 0; v < BMP_VIEW_COUNT; v++) {
				struct sweep_out o = {.fn = fn, .arg = arg};
				sweep_start(&o, r, r->peers[j], (enum bmp_rib_view)v, now);
				for (int fam = 4; fam <= 6; fam += 2)
					n += bmp_table_sweep_family(&r->peers[j]->view[v],
					                            &st->attrs, fam, swept, &o);
			}
	}
	st->stale_dropped += n;
	return n + bmp_state_expire(st, now, grace);
}

static struct bmp_peer *peer_for(struct bmp_feed *f, const struct bmp_msg *m)
{
	struct bmp_peer_key k = key_of(&m->peer);
	struct bmp_peer *p = bmp_router_peer(f->router, &k, true);
	if (p && !p->up && !p->implicit && !p->ups) {
		/* Route Monitoring without a Peer Up: GoBGP's Loc-RIB */
		p->implicit = true;
		p->asn = m->peer.as;
		p->bgp_id = m->peer.bgp_id;
	}
	return p;
}

static int route_monitoring(struct bmp_feed *f, const struct bmp_msg *m, struct err *e)
{
	struct bmp_peer *p = peer_for(f, m);
	if (!p)
		return err_set(e, "out of memory");
	if (bmp_elems_start(&f->it, m, p->have_session ? &p->session : NULL, e) < 0) {
		f->updates_dropped++;
		return 1;
	}
	struct bgp_update u;
	if (update_attrs(m, &u) < 0)
		return 1; /* bmp_elems_start would have refused it */
	enum bmp_rib_view v = bmp_peer_view(&m->peer);
	uint32_t attr = 0;
	uint16_t subtype = 0;
	const struct mrt_elem *el;
	bool any = false;
	while (bmp_elems_next(&f->it, &el) == 1) {
		any = true;
		subtype = el->rec->subtype;
		apply(f, p, v, &u, el, &attr);
		emit(f, m, el);
	}
	bmp_attr_unref(&f->st->attrs, attr);
	if (archived(f, m)) {
		bool as4 =
		    !(m->peer.flags & BMP_PEER_FLAG_A) && (!p->have_session || p->session.as4);
		if (!subtype)
			subtype = as4 ? MRT_BGP4MP_MESSAGE_AS4 : MRT_BGP4MP_MESSAGE;
		archive_update(f, p, m, subtype);
	}
	uint16_t afi;
	uint8_t safi;
	if (!any && bmp_update_is_eor(m, &afi, &safi))
		end_of_rib(f, m, p, v, afi, safi);
	return 0;
}

static uint8_t addpath_views(const struct bmp_session *s)
{
	uint8_t views = 0;
	for (int v = 0; v < BMP_VIEW_COUNT; v++)
		for (size_t i = 0; i < s->n_afs; i++)
			if (bmp_session_addpath(s, (enum bmp_rib_view)v, s->afs[i].afi,
			                        s->afs[i].safi))
				views |= (uint8_t)(1u << v);
	return views;
}

static void state_elements(struct bmp_feed *f, const struct bmp_msg *m, struct bmp_peer *p)
{
	struct err e;
	const struct mrt_elem *el;
	if (bmp_elems_start(&f->it, m, p->have_session ? &p->session : NULL, &e) < 0)
		return;
	while (bmp_elems_next(&f->it, &el) == 1)
		emit(f, m, el);
}

static int peer_up(struct bmp_feed *f, const struct bmp_msg *m, struct err *e)
{
	struct bmp_peer_key k = key_of(&m->peer);
	struct bmp_peer *p = bmp_router_peer(f->router, &k, true);
	if (!p)
		return err_set(e, "out of memory");
	p->session = m->u.up.session;
	p->have_session = true;
	p->local_family = m->u.up.local_family;
	memcpy(p->local_addr, m->u.up.local_addr, 16);
	const struct bgp_open *sent = &m->u.up.sent;
	p->local_asn = sent->as4 ? sent->as4 : sent->my_as;
	bmp_peer_up(p, time_of(&m->peer), m->peer.as, m->peer.bgp_id, p->session.as4 ? 4 : 2,
	            addpath_views(&p->session));
	state_elements(f, m, p);
	if (f->archive)
		archive_state(f, p, m, true);
	return 0;
}

static int peer_down(struct bmp_feed *f, const struct bmp_msg *m)
{
	struct bmp_peer_key k = key_of(&m->peer);
	struct bmp_peer *p = bmp_router_peer(f->router, &k, false);
	if (!p)
		return 0; /* a peer we never heard of: nothing to clear */
	bmp_peer_down(f->st, p, time_of(&m->peer), m->u.down.reason);
	state_elements(f, m, p);
	if (f->archive)
		archive_state(f, p, m, false);
	return 0;
}

static void copy_tlv(const struct bmp_msg *m, uint16_t type, char *out, size_t n)
{
	struct bmp_tlv t;
	if (!bmp_tlv_find(m->u.tlv.tlvs, m->u.tlv.tlvs_len, type, &t))
		return;
	size_t k = t.len < n - 1 ? t.len : n - 1;
	for (size_t i = 0; i < k; i++) /* printable only: it goes into logs and JSON */
		out[i] = t.value[i] >= 0x20 && t.value[i] < 0x7f ? (char)t.value[i] : '?';
	out[k] = 0;
}

int bmp_feed_message(struct bmp_feed *f, const uint8_t *p, size_t n, struct err *e)
{
	struct bmp_msg m;
	if (bmp_decode(p, n, &m, e) < 0) {
		/* Framing holds (the caller framed it), so the stream is still
		 * in step: a bad report or mirror costs only itself. */
		uint8_t type = n > 5 ? p[5] : 0xff;
		if (type == BMP_STATS_REPORT || type == BMP_ROUTE_MIRRORING ||
		    type == BMP_INITIATION || type == BMP_TERMINATION) {
			f->skipped++;
			return 1;
		}
		return -1;
	}
	f->messages++;
	f->router->messages++;
	f->by_type[m.type & 7]++;
	switch (m.type) {
	case BMP_ROUTE_MONITORING:
		return route_monitoring(f, &m, e);
	case BMP_PEER_UP:
		return peer_up(f, &m, e);
	case BMP_PEER_DOWN:
		return peer_down(f, &m);
	case BMP_INITIATION:
		copy_tlv(&m, BMP_INFO_SYS_NAME, f->router->sys_name, sizeof f->router->sys_name);
		copy_tlv(&m, BMP_INFO_SYS_DESCR, f->router->sys_descr, sizeof f->router->sys_descr);
		return 0;
	case BMP_TERMINATION:
		f->terminated = true;
		return 0;
	default:
		return 0;
	}
}
