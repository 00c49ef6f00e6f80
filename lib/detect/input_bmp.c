/* SPDX-License-Identifier: ISC */
/* input_bmp.c - one view of a BMP collector's elements -> route events. */
#include "detect/input_bmp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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
	if (ev->type == ROUTE_EV_WITHDRAW && el->type != MRT_ELEM_WITHDRAW)
		st->treat_as_withdraw++;
}

/* "bmp:" and the router's name, rebuilt only when the router changes. */
static const char *source_of(struct input_bmp *in, const char *router)
{
	if (strncmp(in->source, "bmp:", 4) != 0 || strcmp(in->source + 4, router) != 0)
		snprintf(in->source, sizeof in->source, "bmp:%s", router);
	return in->source;
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
	int got = mrt_elem_to_event(bev->el, &in->conv, &ev);
	if (got < 0) {
		in->stopped = true;
		in->result = -1;
		err_set(&in->err, "out of memory converting BMP elements");
		return;
	}
	if (got == 0) {
		if (bev->el->type != MRT_ELEM_STATE)
			in->st.skipped++;
		return;
	}
	ev.source = source_of(in, bev->router);
	if (!ev.time) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ev.time = (uint32_t)ts.tv_sec;
		ev.usec = (uint32_t)(ts.tv_nsec / 1000);
	}
	count(&in->st, &ev, bev->el);
	int r = in->fn(in->arg, &ev, &in->err);
	if (r != 0) {
		in->stopped = true;
		in->result = r < 0 ? -1 : 1;
	}
}
