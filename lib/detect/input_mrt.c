/* SPDX-License-Identifier: ISC */
/* input_mrt.c - MRT elements -> route events, RIB first, updates in order. */
#include "detect/input_mrt.h"

#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_types.h"
#include "core/grow.h"
#include "core/wire.h"

#define BGP_FSM_ESTABLISHED 6 /* RFC 6396 4.4.1 */

#define AHEAD                                                                                      \
	4 /* events decoded ahead with o.prefetch: one per prefetch step, plus the one handed on   \
	   */

/* An event read ahead, with the path and communities it points into. */
struct ahead {
	struct route_event ev;
	struct mrt_event_conv conv;
	bool treat_as_withdraw;
};

struct input_mrt {
	struct input_mrt_opts o;
	struct input_mrt_stats st;
	struct mrt_event_conv conv;
	struct replay_pace pace;
	struct ahead ring[AHEAD];
	size_t head, count;
};

/* The raw segments the path's tail comes from: AS4_PATH when RFC 6793
 * merging uses it (as bgp_attrs_path does), AS_PATH otherwise. */
static int hop_count(const uint8_t *p, size_t n, int asn_len)
{
	int count = 0;
	for (size_t off = 0; off < n;) {
		if (n - off < 2)
			return -1;
		uint8_t t = p[off], l = p[off + 1];
		off += 2;
		if ((size_t)l * (size_t)asn_len > n - off)
			return -1;
		off += (size_t)l * (size_t)asn_len;
		count += t == BGP_AS_SEQUENCE ? l : t == BGP_AS_SET ? 1 : 0;
	}
	return count;
}

/* Members of a final AS_SET (confederation segments skipped, as in the
 * path), 0 when the path ends in an AS_SEQUENCE. */
static size_t final_set_len(const struct bgp_attrs *a)
{
	const uint8_t *p = a->as_path;
	size_t n = a->as_path_len;
	int asn_len = a->asn_len;
	if (asn_len == 2 && BGP_ATTR_USABLE(a, BGP_ATTR_AS4_PATH)) {
		int c = hop_count(a->as_path, a->as_path_len, 2);
		int c4 = hop_count(a->as4_path, a->as4_path_len, 4);
		if (c >= 0 && c4 > 0 && c4 <= c) {
			p = a->as4_path;
			n = a->as4_path_len;
			asn_len = 4;
		}
	}
	size_t set_len = 0;
	for (size_t off = 0; off + 2 <= n;) {
		uint8_t t = p[off], l = p[off + 1];
		off += 2 + (size_t)l * (size_t)asn_len;
		if (t == BGP_AS_SEQUENCE)
			set_len = 0;
		else if (t == BGP_AS_SET)
			set_len = l;
	}
	return set_len;
}

/* Decode path and communities of attrs into conv. Returns 0 or -1 (memory). */
static int conv_load(struct mrt_event_conv *c, const struct bgp_attrs *a)
{
	int n = bgp_attrs_path(a, c->path, c->path_cap);
	if (n > 0 && (size_t)n > c->path_cap) {
		uint32_t *p = GROW(c->path, c->path_cap, (size_t)n);
		if (!p)
			return -1;
		c->path = p;
		n = bgp_attrs_path(a, c->path, c->path_cap);
	}
	c->path_len = n;
	c->origin_set = n > 0 ? final_set_len(a) : 0;
	if ((int)c->origin_set > n)
		c->origin_set = 0;
	c->n_comm = 0;
	if (BGP_ATTR_USABLE(a, BGP_ATTR_COMMUNITIES) && a->n_communities > 0) {
		if (a->n_communities > c->comm_cap) {
			uint32_t *v = GROW(c->comm, c->comm_cap, a->n_communities);
			if (!v)
				return -1;
			c->comm = v;
		}
		for (size_t i = 0; i < a->n_communities; i++)
			c->comm[i] = wire_load_u32(a->communities + 4 * i);
		c->n_comm = a->n_communities;
	}
	return 0;
}

static void event_header(const struct mrt_elem *el, struct route_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->time = el->rec->time;
	ev->usec = el->rec->usec;
	ev->peer_as = el->peer_as;
	ev->peer_addr.family = el->peer_family == 6 ? 6 : 4;
	ev->peer_addr.len = ev->peer_addr.family == 6 ? 128 : 32;
	memcpy(ev->peer_addr.addr, el->peer_addr, ev->peer_addr.family == 6 ? 16 : 4);
}

/* Fill the ANNOUNCE part from conv. Returns 1, or 0 for a malformed path. */
static int fill_route(const struct bgp_attrs *a, struct mrt_event_conv *c, struct route_event *ev)
{
	if (c->path_len < 0)
		return 0;
	ev->path = c->path;
	ev->path_len = (size_t)c->path_len;
	if (c->origin_set > 0) {
		ev->origin_set = c->path + c->path_len - c->origin_set;
		ev->origin_set_len = c->origin_set;
	} else if (c->path_len > 0) {
		ev->origin = c->path[c->path_len - 1];
	}
	ev->communities = c->n_comm ? c->comm : NULL;
	ev->n_communities = c->n_comm;
	ev->has_otc = BGP_ATTR_USABLE(a, BGP_ATTR_OTC);
	ev->otc = ev->has_otc ? a->otc : 0;
	return 1;
}

int mrt_elem_to_event(const struct mrt_elem *el, struct mrt_event_conv *conv,
                      struct route_event *ev)
{
	event_header(el, ev);
	if (el->type == MRT_ELEM_STATE) {
		if (el->old_state != BGP_FSM_ESTABLISHED || el->new_state == BGP_FSM_ESTABLISHED)
			return 0;
		ev->type = ROUTE_EV_PEER_DOWN;
		return 1;
	}
	mrt_elem_prefix(el, &ev->pfx);
	if (ev->pfx.family != 4 && ev->pfx.family != 6)
		return 0;
	if (el->type == MRT_ELEM_WITHDRAW) {
		ev->type = ROUTE_EV_WITHDRAW;
		return 1;
	}
	const struct bgp_attrs *a = el->attrs;
	ev->from_rib = el->type == MRT_ELEM_RIB;
	ev->type = ROUTE_EV_ANNOUNCE;
	if (!a)
		return 0;
	if (a->action >= BGP_ACTION_WITHDRAW) {
		/* RFC 7606: the route is gone at this peer. */
		ev->type = ROUTE_EV_WITHDRAW;
		return 1;
	}
	if (conv->attrs != a || conv->attrs_id != el->attrs_id) {
		if (conv_load(conv, a) < 0)
			return -1;
		conv->attrs = a;
		conv->attrs_id = el->attrs_id;
	}
	return fill_route(a, conv, ev);
}

void mrt_event_conv_free(struct mrt_event_conv *conv)
{
	free(conv->path);
	free(conv->comm);
	memset(conv, 0, sizeof(*conv));
}

struct input_mrt *input_mrt_new(const struct input_mrt_opts *o, struct err *e)
{
	struct input_mrt *in = calloc(1, sizeof(*in));
	if (!in) {
		err_set(e, "out of memory");
		return NULL;
	}
	in->o = *o;
	if (!in->o.warn)
		in->o.warn = input_warn_stderr;
	replay_pace_init(&in->pace, o->speed);
	return in;
}

void input_mrt_free(struct input_mrt *in)
{
	if (!in)
		return;
	mrt_event_conv_free(&in->conv);
	for (size_t i = 0; i < AHEAD; i++)
		mrt_event_conv_free(&in->ring[i].conv);
	free(in);
}

void input_mrt_get_stats(const struct input_mrt *in, struct input_mrt_stats *s)
{
	*s = in->st;
}

static void count_event(struct input_mrt_stats *st, const struct route_event *ev,
                        bool treat_as_withdraw)
{
	st->events++;
	if (ev->type == ROUTE_EV_PEER_DOWN)
		st->peer_downs++;
	else if (ev->type == ROUTE_EV_WITHDRAW)
		st->withdraws++;
	else if (ev->from_rib)
		st->rib++;
	else
		st->announces++;
	if (treat_as_withdraw)
		st->treat_as_withdraw++;
}

/* Pace, count and hand one event to fn. */
static int hand_on(struct input_mrt *in, const struct route_event *ev, bool treat_as_withdraw,
                   route_event_fn fn, void *arg, struct err *e)
{
	replay_pace_wait(&in->pace, ev->time, ev->usec);
	count_event(&in->st, ev, treat_as_withdraw);
	return fn(arg, ev, e);
}

/* Hand on the oldest event read ahead. */
static int ahead_finish(struct input_mrt *in, route_event_fn fn, void *arg, struct err *e)
{
	struct ahead *a = &in->ring[in->head];
	in->head = (in->head + 1) % AHEAD;
	in->count--;
	return hand_on(in, &a->ev, a->treat_as_withdraw, fn, arg, e);
}

/* Hand on everything read ahead (at the end of a file, or of its readable
 * part: what was decoded before a read error is not lost). */
static int ahead_drain(struct input_mrt *in, route_event_fn fn, void *arg, struct err *e)
{
	while (in->count) {
		int r = ahead_finish(in, fn, arg, e);
		if (r != 0) {
			in->count = 0;
			return r;
		}
	}
	return 0;
}

/* Take the event just decoded into the ring: warm the route state for it
 * (step 0) and the two before it (steps 1, 2), then hand on the oldest
 * when the ring is full. */
static int ahead_push(struct input_mrt *in, route_event_fn fn, void *arg, struct err *e)
{
	in->count++;
	for (size_t step = 0; step < 3 && step < in->count; step++) {
		const struct route_event *ev =
		    &in->ring[(in->head + in->count - 1 - step) % AHEAD].ev;
		if (ev->type != ROUTE_EV_PEER_DOWN)
			in->o.prefetch(arg, &ev->pfx, (int)step);
	}
	return in->count == AHEAD ? ahead_finish(in, fn, arg, e) : 0;
}

/* Hand every element of one open reader to fn. Returns 0 at the end, 1 when
 * fn asked to stop, -1 with e set when fn failed, -2 with re set on a read
 * error (the file is unusable from there on). */
static int run_elems(struct input_mrt *in, struct mrt_elems *it, route_event_fn fn, void *arg,
                     struct err *e, struct err *re)
{
	const struct mrt_elem *el;
	int rc;
	while ((rc = mrt_elems_next(it, &el, re)) == 1) {
		in->st.elems++;
		struct ahead *a = in->o.prefetch ? &in->ring[(in->head + in->count) % AHEAD] : NULL;
		struct route_event one, *ev = a ? &a->ev : &one;
		int got = mrt_elem_to_event(el, a ? &a->conv : &in->conv, ev);
		if (got < 0)
			return err_set(e, "out of memory converting MRT elements");
		if (got == 0) {
			if (el->type != MRT_ELEM_STATE)
				in->st.skipped++;
			continue;
		}
		ev->source = in->o.source;
		bool taw = ev->type == ROUTE_EV_WITHDRAW && el->type != MRT_ELEM_WITHDRAW;
		int r;
		if (a) {
			a->treat_as_withdraw = taw;
			r = ahead_push(in, fn, arg, e);
		} else {
			r = hand_on(in, ev, taw, fn, arg, e);
		}
		if (r != 0) {
			in->count = 0;
			return r;
		}
	}
	int r = ahead_drain(in, fn, arg, e);
	if (r != 0)
		return r;
	return rc < 0 ? -2 : 0;
}

/* Read one file. Returns 0 (read, or skipped with a warning), 1 or -1. */
static int run_file(struct input_mrt *in, const char *path, route_event_fn fn, void *arg,
                    struct err *e)
{
	struct err oe;
	struct mrt_reader *r = mrt_reader_open(path, &oe);
	if (!r) {
		in->st.files_failed++;
		in->o.warn(in->o.warn_arg, &oe);
		return 0;
	}
	mrt_reader_set_warn(r, in->o.warn, in->o.warn_arg);
	struct mrt_elems *it = mrt_elems_new(r, e);
	if (!it) {
		mrt_reader_close(r);
		return -1;
	}
	struct err re;
	err_clear(&re);
	int rc = run_elems(in, it, fn, arg, e, &re);
	in->st.warnings += mrt_reader_warnings(r);
	in->st.dropped_updates += mrt_elems_dropped_updates(it);
	const unsigned long *types = mrt_elems_record_counts(it);
	for (int t = 0; t < 64; t++)
		in->st.records += types[t];
	mrt_elems_free(it);
	mrt_reader_close(r);
	if (rc == -2) {
		/* Not MRT, or bad compression: this file ends here, the next
		 * one is still read. */
		in->st.files_failed++;
		in->o.warn(in->o.warn_arg, &re);
		return 0;
	}
	in->st.files++;
	if (in->o.idle)
		in->o.idle(arg);
	return rc;
}

int input_mrt_run(struct input_mrt *in, route_event_fn fn, void *arg, struct err *e)
{
	int rc = 0;
	if (in->o.rib)
		rc = run_file(in, in->o.rib, fn, arg, e);
	for (size_t i = 0; rc == 0 && i < in->o.n_updates; i++)
		rc = run_file(in, in->o.updates[i], fn, arg, e);
	return rc;
}
