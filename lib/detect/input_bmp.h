/* SPDX-License-Identifier: ISC */
/* input_bmp.h - a BMP collector's route elements as monitor input.
 *
 * The collector (serve/bmp_server.h) hands every element of every router
 * to a bmp_event_fn; input_bmp_element is one. It keeps the elements of
 * one RIB view (a route a router reports pre- and post-policy must not be
 * counted twice) and turns each, as mrt_elem_to_event does for MRT, into a
 * route_event:
 *  - peer_as / peer_addr: the monitored peer of the per-peer header;
 *  - source: "bmp:" and the router's name (its address), so the same peer
 *    seen by two routers is two peers, as with two RIS collectors;
 *  - time: the per-peer header's timestamp (data time); 0 there means the
 *    router did not say, and the wall clock stands in;
 *  - a Peer Down becomes PEER_DOWN whatever view its header names (it ends
 *    the session, so every view of the peer); a Loc-RIB view takes only
 *    Loc-RIB peers' (RFC 9069) and the others only those of real peers.
 * No I/O: the caller runs the collector and the event loop. */
#ifndef MANRS_INPUT_BMP_H
#define MANRS_INPUT_BMP_H

#include <stdbool.h>

#include "bmp/bmp_state_feed.h"
#include "detect/input.h"
#include "detect/input_mrt.h"

struct input_bmp_stats {
	unsigned long elems;      /* elements seen, every view */
	unsigned long other_view; /* elements of views not monitored */
	unsigned long events;     /* events handed to the callback */
	unsigned long announces, withdraws, peer_downs;
	unsigned long treat_as_withdraw; /* announcements turned into withdrawals (RFC 7606) */
	unsigned long skipped;           /* elements without a usable event (bad path) */
};

struct input_bmp {
	enum bmp_rib_view view;
	route_event_fn fn;
	void *arg;
	struct mrt_event_conv conv;
	struct input_bmp_stats st;
	char source[112];
	bool stopped;   /* fn asked to stop or failed: elements are dropped */
	int result;     /* fn's last non-zero answer: 1 stop, -1 failure */
	struct err err; /* with result -1: why */
};

/* Set up in: events of view go to fn(arg). */
void input_bmp_init(struct input_bmp *in, enum bmp_rib_view view, route_event_fn fn, void *arg);

/* Free in's buffers (in itself is the caller's). */
void input_bmp_free(struct input_bmp *in);

/* A bmp_event_fn: arg is a struct input_bmp. Once fn has answered non-zero
 * (in->result, in->err), further elements are dropped: the caller checks
 * in->stopped after each turn of its loop and ends the run. */
void input_bmp_element(void *arg, const struct bmp_route_event *ev);

#endif
