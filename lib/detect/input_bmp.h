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
 *    Loc-RIB peers' (RFC 9069) and the others only those of real peers;
 *  - a peer's initial table (the routes after its Peer Up, or the first
 *    ones of a peer without one, until the End-of-RIB of their address
 *    family, input_bmp_eor) is marked from_rib, as an MRT RIB is: it says
 *    what the router holds, not that anything changed; a router that sends
 *    no End-of-RIB ends it INPUT_BMP_INITIAL_MAX seconds after the Peer Up;
 *    a peer first seen in RIB elements (the collector's tables handed to a
 *    rebuilt monitor) has its table loaded already;
 *  - a router whose BMP session ended (input_bmp_router_down) and that has
 *    not come back within the grace time (the collector's stale grace)
 *    ends its peers too: input_bmp_expire gives each a PEER_DOWN, so
 *    routes nobody reports any more do not stand for ever. A router back in
 *    time reports its table again and keeps its peers.
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
	unsigned long routers_expired;   /* routers gone past the grace time */
	unsigned long from_rib;          /* announcements of a peer's initial table */
	unsigned long eors;              /* End-of-RIB markers of the monitored view */
};

/* A peer whose router sends no End-of-RIB leaves its initial table this
 * many seconds (data time) after its Peer Up. */
#define INPUT_BMP_INITIAL_MAX 60

/* A peer a router reported in the monitored view. */
struct input_bmp_peer {
	uint32_t as;
	struct prefix addr;
	uint8_t initial;  /* bit 0 IPv4, bit 1 IPv6: its initial table is coming */
	uint32_t up_time; /* data time of its Peer Up (or first route) */
};

/* A router's peers, and since when its session is gone (0: connected). */
struct input_bmp_router {
	char name[64];
	char source[72]; /* "bmp:" name */
	uint32_t down_since;
	struct input_bmp_peer *peers;
	size_t npeers, cap, last;
};

struct input_bmp {
	enum bmp_rib_view view;
	route_event_fn fn;
	void *arg;
	struct mrt_event_conv conv;
	struct input_bmp_stats st;
	struct input_bmp_router *routers;
	size_t nrouters, routers_cap, cur; /* cur: the last router seen */
	bool stopped;                      /* fn asked to stop or failed: elements are dropped */
	int result;                        /* fn's last non-zero answer: 1 stop, -1 failure */
	struct err err;                    /* with result -1: why */
};

/* Set up in: events of view go to fn(arg). */
void input_bmp_init(struct input_bmp *in, enum bmp_rib_view view, route_event_fn fn, void *arg);

/* Free in's buffers (in itself is the caller's). */
void input_bmp_free(struct input_bmp *in);

/* The session of router (a name as in events) ended at now (unix
 * seconds); arg is a struct input_bmp. Its peers stay until
 * input_bmp_expire finds it gone for the grace time. */
void input_bmp_router_down(void *arg, const char *router, uint32_t now);

/* Give every peer of each router gone for at least grace seconds at now a
 * PEER_DOWN event (time now), and forget the router. Returns 0, or fn's
 * non-zero answer (as for elements: in->stopped is then set). */
int input_bmp_expire(struct input_bmp *in, uint32_t now, uint32_t grace);

/* A bmp_eor_fn: arg is a struct input_bmp. The peer's initial table of
 * that address family is complete. */
void input_bmp_eor(void *arg, const struct bmp_eor_event *ev);

/* A bmp_event_fn: arg is a struct input_bmp. Once fn has answered non-zero
 * (in->result, in->err), further elements are dropped: the caller checks
 * in->stopped after each turn of its loop and ends the run. */
void input_bmp_element(void *arg, const struct bmp_route_event *ev);

#endif
