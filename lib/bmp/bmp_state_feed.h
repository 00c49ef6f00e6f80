/* SPDX-License-Identifier: ISC */
/* bmp_state_feed.h - apply a router's BMP messages to the collector state,
 * hand each route element to a callback and to the MRT archive.
 *
 * One feed per router session; no I/O of its own (the transport frames the
 * stream, the archive writes files). What each message does:
 *  - Initiation: the router's sysName / sysDescr (none is fine: GoBGP);
 *  - Peer Up: the peer is up; its OPENs give the 4-byte ASN and ADD-PATH
 *    its Route Monitoring messages are decoded with;
 *  - Route Monitoring: announcements and withdrawals into the table of the
 *    message's view; a peer never announced by a Peer Up (GoBGP's Loc-RIB,
 *    peer type 3 with address 0.0.0.0) is created on the spot; a
 *    treat-as-withdraw UPDATE (RFC 7606) withdraws its prefixes;
 *  - Peer Down: the peer's tables are cleared;
 *  - End-of-RIB (an empty UPDATE, or MP_UNREACH with AFI/SAFI only): the
 *    peer's initial table of that family is complete: the routes of a
 *    router back within the grace time that this table did not announce
 *    again (still stale) are removed, each handed to the callback as a
 *    withdrawal (mark and sweep), and on_eor is told;
 *  - Statistics, Route Mirroring, Termination: counted.
 * Every element (the struct mrt_elem `manrs mrt dump` yields, plus the
 * router, view and peer type) goes to the callback: the monitor pipeline
 * plugs in there. */
#ifndef MANRS_BMP_STATE_FEED_H
#define MANRS_BMP_STATE_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/mrt_elem.h"
#include "bmp/bmp.h"
#include "bmp/bmp_archive.h"
#include "bmp/bmp_elem.h"
#include "bmp/bmp_state.h"

/* One route element from a router. */
struct bmp_route_event {
	const char *router;        /* the router's name (its address) */
	enum bmp_rib_view view;    /* which RIB the element is about */
	uint8_t peer_type;         /* per-peer header type 0-3 */
	uint64_t peer_rd;          /* per-peer header distinguisher */
	const struct mrt_elem *el; /* valid during the call only */
};

/* Receives every element; must not keep pointers past the call. */
typedef void (*bmp_event_fn)(void *arg, const struct bmp_route_event *ev);

/* An End-of-RIB marker (RFC 4724) a peer's routes came with: the router's
 * initial table of that peer, view and address family is complete. */
struct bmp_eor_event {
	const char *router;
	enum bmp_rib_view view;
	uint8_t peer_type;
	uint8_t peer_family; /* 4 or 6 */
	uint8_t peer_addr[16];
	uint32_t peer_as;
	uint16_t afi; /* BGP_AFI_IPV4 / BGP_AFI_IPV6 */
	uint8_t safi;
	uint32_t time; /* the per-peer header's (the wall clock when 0) */
};

typedef void (*bmp_eor_fn)(void *arg, const struct bmp_eor_event *ev);

struct bmp_feed {
	struct bmp_state *st;
	struct bmp_router *router;
	bmp_event_fn on_event; /* NULL = none */
	void *event_arg;
	bmp_eor_fn on_eor;           /* NULL = none; set after bmp_feed_init (event_arg) */
	struct bmp_archive *archive; /* NULL = none */
	struct bmp_elems it;
	uint64_t messages, by_type[8], routes_in, withdrawals_in;
	uint64_t updates_dropped; /* UPDATEs that could not be used */
	uint64_t archive_errors;
	uint64_t eors;        /* End-of-RIB markers */
	uint64_t stale_swept; /* routes a returning router did not send again */
	uint64_t skipped;     /* Statistics, Mirroring, Initiation, Termination
	                         messages that did not decode (skipped) */
	bool terminated;      /* a Termination message came */
	struct err last_archive_err;
};

/* Set up f for router r of st (on_eor NULL). */
void bmp_feed_init(struct bmp_feed *f, struct bmp_state *st, struct bmp_router *r, bmp_event_fn fn,
                   void *arg, struct bmp_archive *archive);

/* Apply the n-byte message at p (one whole message, as bmp_frame found
 * it). Returns 0; 1 when the message or part of it could not be used but
 * the session can go on (an UPDATE whose NLRI do not decode; a Statistics
 * Report, Route Mirroring, Initiation or Termination that does not
 * decode: counted, e says why); -1 with e set (offset within the message)
 * when a Route Monitoring, Peer Up or Peer Down does not decode: the caller
 * should end the session. */
int bmp_feed_message(struct bmp_feed *f, const uint8_t *p, size_t n, struct err *e);

/* bmp_state_expire, with each route a connected router's peers did not
 * announce again within grace seconds of its reconnection (a router that
 * sends no End-of-RIB) handed to fn (may be NULL) as a withdrawal first.
 * Returns the routes dropped. */
size_t bmp_feed_expire(struct bmp_state *st, uint32_t now, uint32_t grace, bmp_event_fn fn,
                       void *arg);

#endif
