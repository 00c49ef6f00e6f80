/* SPDX-License-Identifier: ISC */
/* input_bmp.c - one view of a BMP collector's elements -> route events;
 * the peers each router reported, ended when the router stays away. */
#include "detect/input_bmp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgp/bgp_msg.h"
#include "bgp/mrt_types.h"
#include "core/grow.h"

void input_bmp_init(struct input_bmp *in, enum bmp_rib_view view, route_event_fn fn, void *arg)
{
	memset(in, 0, sizeof *in);
	in->view = view;
	in->fn = fn;
	in->arg = arg;
	err_clear(&in->err);
}

void input_bmp_free(struct input_bmp *in)
{
	mrt_event_conv_free(&in->conv);
	for (size_t i = 0; i < in->nrouters; i++)
		free(in->routers[i].peers);
	free(in->routers);
	in->routers = NULL;
	in->nrouters = in->routers_cap = 0;
}

static void fail_memory(struct input_bmp *in)
{
	in->stopped = true;
	in->result = -1;
	err_set(&in->err, "out of memory converting BMP elements");
}

/* Hand ev to fn; a non-zero answer stops the input. */
static int deliver(struct input_bmp *in, const struct route_event *ev)
{
	int r = in->fn(in->arg, ev, &in->err);
	if (r != 0) {
		in->stopped = true;
		in->result = r < 0 ? -1 : 1;
	}
	return r;
}

/* Whether ev belongs to the monitored view. A Peer Down's header carries
 * no policy flags worth trusting (the session is gone for every view), so
 * it counts for any view of the same kind of peer. */
static bool wanted(const struct input_bmp *in, const struct bmp_route_event *ev)
{
	if (ev->el->type != MRT_ELEM_STATE)
		return ev->view == in->view;
	bool loc = ev->peer_type == BMP_PEER_LOC_RIB;
	return loc == (in->view == BMP_VIEW_LOC_RIB);
}

static void count(struct input_bmp_stats *st, const struct route_event *ev,
                  const struct mrt_elem *el)
{
	st->events++;
	if (ev->type == ROUTE_EV_PEER_DOWN)
		st->peer_downs++;
	else if (ev->type == ROUTE_EV_WITHDRAW)
		st->withdraws++;
	else
		st->announces++;
	if (el && ev->type == ROUTE_EV_WITHDRAW && el->type != MRT_ELEM_WITHDRAW)
		st->treat_as_withdraw++;
}

static struct input_bmp_router *router_find(struct input_bmp *in, const char *name)
{
	if (in->cur < in->nrouters && !strcmp(in->routers[in->cur].name, name))
		return &in->routers[in->cur];
	for (size_t i = 0; i < in->nrouters; i++)
		if (!strcmp(in->routers[i].name, name)) {
			in->cur = i;
			return &in->routers[i];
		}
	return NULL;
}

/* The router named name, added when new; NULL when out of memory. */
static struct input_bmp_router *router_get(struct input_bmp *in, const char *name)
{
	struct input_bmp_router *r = router_find(in, name);
	if (r)
		return r;
	struct input_bmp_router *v = GROW(in->routers, in->routers_cap, in->nrouters + 1);
	if (!v)
		return NULL;
	in->routers = v;
	r = &in->routers[in->nrouters];
	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", name);
	snprintf(r->source, sizeof r->source, "bmp:%s", r->name);
	in->cur = in->nrouters++;
	return r;
}

static bool same_peer(const struct input_bmp_peer *p, const struct route_event *ev)
{
	return p->as == ev->peer_as && prefix_equal(&p->addr, &ev->peer_addr);
}

/* Note ev's peer under r (a new one starts its initial table); a
 * PEER_DOWN forgets it. Returns the peer's index, -1 on allocation failure
 * or after a PEER_DOWN. */
static long track_peer(struct input_bmp_router *r, const struct route_event *ev)
{
	size_t i = r->last;
	if (i >= r->npeers || !same_peer(&r->peers[i], ev))
		for (i = 0; i < r->npeers && !same_peer(&r->peers[i], ev); i++)
			;
	if (ev->type == ROUTE_EV_PEER_DOWN) {
		if (i < r->npeers)
			r->peers[i] = r->peers[--r->npeers];
		r->last = 0;
		return -1;
	}
	if (i == r->npeers) {
		struct input_bmp_peer *v = GROW(r->peers, r->cap, r->npeers + 1);
		if (!v)
			return -1;
		r->peers = v;
		r->peers[r->npeers++] = (struct input_bmp_peer){
		    .as = ev->peer_as, .addr = ev->peer_addr, .initial = 3, .up_time = ev->time};
	}
	r->last = i;
	return (long)i;
}

static unsigned family_bit(const struct prefix *p)
{
	return p->family == 6 ? 2u : 1u;
}

/* An announcement of peer's initial table is from_rib, as an MRT RIB's. */
static void mark_initial(struct input_bmp *in, struct input_bmp_peer *peer, struct route_event *ev)
{
	if (!peer->initial || ev->type != ROUTE_EV_ANNOUNCE)
		return;
	if (ev->time >= peer->up_time + (uint64_t)INPUT_BMP_INITIAL_MAX) {
		peer->initial = 0; /* no End-of-RIB came: the fallback */
		return;
	}
	if (peer->initial & family_bit(&ev->pfx)) {
		ev->from_rib = true;
		in->st.from_rib++;
	}
}

/* A Peer Up (a STATE element into Established): the peer's initial
 * table follows. Returns 0, -1 when out of memory. */
static int peer_up(struct input_bmp *in, const struct bmp_route_event *bev, struct route_event *ev)
{
	struct input_bmp_router *r = router_get(in, bev->router);
	if (!r)
		return -1;
	ev->type = ROUTE_EV_ANNOUNCE; /* only the peer's identity is read */
	long i = track_peer(r, ev);
	if (i < 0)
		return -1;
	r->down_since = 0;
	r->peers[i].initial = 3;
	r->peers[i].up_time = ev->time;
	return 0;
}

static bool is_peer_up(const struct mrt_elem *el)
{
	return el->type == MRT_ELEM_STATE && el->new_state == MRT_STATE_ESTABLISHED;
}

/* The route event of bev: 1 with ev set, 0 for none, -1 out of memory. */
static int convert(struct input_bmp *in, const struct bmp_route_event *bev, struct route_event *ev)
{
	int got = mrt_elem_to_event(bev->el, &in->conv, ev);
	if (got == 0 && bev->el->type != MRT_ELEM_STATE)
		in->st.skipped++;
	if (got <= 0)
		return got;
	if (!ev->time) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ev->time = (uint32_t)ts.tv_sec;
		ev->usec = (uint32_t)(ts.tv_nsec / 1000);
	}
	return 1;
}

void input_bmp_element(void *arg, const struct bmp_route_event *bev)
{
	struct input_bmp *in = arg;
	in->st.elems++;
	if (in->stopped)
		return;
	if (!wanted(in, bev)) {
		in->st.other_view++;
		return;
	}
	struct route_event ev;
	int got = convert(in, bev, &ev);
	if (got == 0 && is_peer_up(bev->el) && peer_up(in, bev, &ev) < 0)
		got = -1;
	if (got <= 0) {
		if (got < 0)
			fail_memory(in);
		return;
	}
	struct input_bmp_router *r = router_get(in, bev->router);
	long peer = r ? track_peer(r, &ev) : -1;
	if (!r || (peer < 0 && ev.type != ROUTE_EV_PEER_DOWN)) {
		fail_memory(in);
		return;
	}
	/* a table handed over as RIB elements (a rebuilt monitor) is loaded:
	 * what comes after it are changes */
	if (peer >= 0 && bev->el->type == MRT_ELEM_RIB)
		r->peers[peer].initial = 0;
	else if (peer >= 0)
		mark_initial(in, &r->peers[peer], &ev);
	r->down_since = 0; /* it is back, if it was gone */
	ev.source = r->source;
	count(&in->st, &ev, bev->el);
	deliver(in, &ev);
}

void input_bmp_eor(void *arg, const struct bmp_eor_event *ev)
{
	struct input_bmp *in = arg;
	if (ev->view != in->view)
		return;
	struct input_bmp_router *r = router_find(in, ev->router);
	if (!r)
		return;
	struct prefix addr = {.family = ev->peer_family == 6 ? 6 : 4};
	addr.len = addr.family == 6 ? 128 : 32;
	memcpy(addr.addr, ev->peer_addr, addr.family == 6 ? 16 : 4);
	for (size_t i = 0; i < r->npeers; i++) {
		struct input_bmp_peer *p = &r->peers[i];
		if (p->as != ev->peer_as || !prefix_equal(&p->addr, &addr))
			continue;
		p->initial &= (uint8_t) ~(ev->afi == BGP_AFI_IPV6 ? 2u : 1u);
		in->st.eors++;
		return;
	}
}

void input_bmp_router_down(void *arg, const char *router, uint32_t now)
{
	struct input_bmp *in = arg;
	struct input_bmp_router *r = router_find(in, router);
	if (r)
		r->down_since = now ? now : 1;
}

/* PEER_DOWN for every peer of r, at now. Returns 0 or fn's answer. */
static int end_peers(struct input_bmp *in, struct input_bmp_router *r, uint32_t now)
{
	for (size_t i = 0; i < r->npeers; i++) {
		struct route_event ev = {.type = ROUTE_EV_PEER_DOWN,
		                         .time = now,
		                         .source = r->source,
		                         .peer_as = r->peers[i].as,
		                         .peer_addr = r->peers[i].addr};
		count(&in->st, &ev, NULL);
		int rc = deliver(in, &ev);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int input_bmp_expire(struct input_bmp *in, uint32_t now, uint32_t grace)
{
	for (size_t i = 0; i < in->nrouters && !in->stopped;) {
		struct input_bmp_router *r = &in->routers[i];
		if (!r->down_since || now - r->down_since < grace || now < r->down_since) {
			i++;
			continue;
		}
		int rc = end_peers(in, r, now);
		in->st.routers_expired++;
		free(r->peers);
		in->routers[i] = in->routers[--in->nrouters];
		in->cur = 0;
		if (rc != 0)
			return rc;
	}
	return in->stopped ? in->result : 0;
}
