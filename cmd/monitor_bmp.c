/* SPDX-License-Identifier: ISC */
/* monitor_bmp.c - the BMP collector as the monitor's live input: the event
 * loop, the signals, the once-a-second tick and the summary counters; the
 * collector is serve/bmp_server.c, the conversion lib/detect/input_bmp.c. */
#include "monitor_bmp.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "core/log.h"
#include "stop_signals.h"

struct loop {
	struct event_base *base;
	const struct monitor_bmp_opts *o;
	route_event_fn fn;
	void *arg;
	struct input_bmp in;
};

/* route_event_fn between input_bmp and the caller's: a non-zero answer
 * also ends the loop (input_bmp drops what comes after it). */
static int forward(void *arg, const struct route_event *ev, struct err *e)
{
	struct loop *l = arg;
	int rc = l->fn(l->arg, ev, e);
	if (rc != 0)
		event_base_loopbreak(l->base);
	return rc;
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct loop *l = arg;
	log_info("bmp: %s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	event_base_loopbreak(l->base);
}

static void on_router_down(void *arg, const char *router)
{
	input_bmp_router_down(arg, router, (uint32_t)time(NULL));
}

/* Once a second: routers gone past the grace time end their peers, then
 * the caller's tick. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct loop *l = arg;
	uint32_t grace = l->o->grace ? l->o->grace : 300;
	input_bmp_expire(&l->in, (uint32_t)time(NULL), grace);
	if (l->o->tick && !l->in.stopped)
		l->o->tick(l->arg);
}

static void server_config(const struct monitor_bmp_opts *o, struct loop *l,
                          struct bmp_server_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	memcpy(cfg->listen, o->listen, sizeof cfg->listen);
	cfg->nlisten = o->nlisten;
	cfg->stale_grace = o->grace ? o->grace : 300;
	cfg->keepalive = 1;
	cfg->ready_file = o->ready_file;
	cfg->on_event = input_bmp_element;
	cfg->on_eor = input_bmp_eor;
	cfg->on_router_down = on_router_down;
	cfg->event_arg = &l->in;
}

/* Add the signal handlers and the tick to ev[0..2]. */
static int add_events(struct loop *l, struct event *ev[3], struct err *e)
{
	static const int sigs[] = {SIGINT, SIGTERM};
	for (size_t i = 0; i < 2; i++)
		if (!(ev[i] = evsignal_new(l->base, sigs[i], on_signal, l)) ||
		    evsignal_add(ev[i], NULL) < 0)
			return err_set(e, "cannot set up signal handling");
	struct timeval one = {1, 0};
	if (!(ev[2] = event_new(l->base, -1, EV_PERSIST, on_tick, l)) || event_add(ev[2], &one) < 0)
		return err_set(e, "cannot start the timer");
	return 0;
}

static void fill_stats(struct loop *l, struct bmp_server *srv, struct monitor_bmp_stats *st)
{
	st->in = l->in.st;
	if (srv)
		bmp_server_info(srv, &st->srv);
	const struct bmp_server_info *s = &st->srv;
	st->problems =
	    (unsigned long)(s->closed_error + s->closed_mid_msg + s->updates_dropped + s->skipped) +
	    st->in.skipped;
}

int monitor_bmp_run(const struct monitor_bmp_opts *o, route_event_fn fn, void *arg,
                    struct monitor_bmp_stats *st, struct err *e)
{
	struct loop l = {.o = o, .fn = fn, .arg = arg};
	struct event *ev[3] = {NULL, NULL, NULL};
	struct bmp_server *srv = NULL;
	struct bmp_server_config cfg;
	bool attached = false;
	int rc = -1;
	memset(st, 0, sizeof *st);
	input_bmp_init(&l.in, o->view, forward, &l);
	signal(SIGPIPE, SIG_IGN);
	if (!(l.base = event_base_new())) {
		err_set(e, "cannot create the event loop");
		goto done;
	}
	server_config(o, &l, &cfg);
	if (o->on_base && o->on_base(o->on_base_arg, l.base, e))
		goto done;
	attached = o->on_base != NULL;
	if (add_events(&l, ev, e) < 0 || !(srv = bmp_server_new(l.base, &cfg, e)))
		goto done;
	if (event_base_dispatch(l.base) < 0) {
		err_set(e, "event loop failed");
		goto done;
	}
	rc = l.in.result;
	if (rc < 0)
		*e = l.in.err;
done:
	/* counters before the sessions close: their feeds go with them */
	fill_stats(&l, srv, st);
	bmp_server_free(srv);
	if (attached)
		o->on_base(o->on_base_arg, NULL, NULL);
	stop_signals_free(ev, 2); /* the drain and summary run to their end */
	if (ev[2])
		event_free(ev[2]);
	if (l.base)
		event_base_free(l.base);
	input_bmp_free(&l.in);
	return rc;
}
