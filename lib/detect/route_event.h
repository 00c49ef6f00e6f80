/* SPDX-License-Identifier: ISC */
/* route_event.h - one route change seen by one peer: what every monitor
 * input (MRT files, RIS Live JSON, BMP) produces and every detector reads.
 *
 * Times come from the data (the MRT record, the RIS message, the BMP
 * per-peer header), never the wall clock, so a replay gives the same
 * alerts as the live run did. Pointers are borrowed: valid only during the
 * call that hands the event over. */
#ifndef MANRS_ROUTE_EVENT_H
#define MANRS_ROUTE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/prefix.h"

enum route_event_type {
	ROUTE_EV_ANNOUNCE = 1, /* pfx reachable through path at this peer */
	ROUTE_EV_WITHDRAW = 2, /* pfx no longer reachable at this peer */
	ROUTE_EV_PEER_DOWN =
	    3 /* the peer's session went down: all its routes are gone (pfx unused) */
};

struct route_event {
	enum route_event_type type;
	uint32_t time; /* unix seconds, from the data */
	uint32_t usec;
	const char *source; /* collector or router ("rrc00", "bmp:192.0.2.1"); NULL if unknown */
	uint32_t peer_as;   /* the collector's (or router's) BGP neighbour */
	struct prefix peer_addr; /* family 4/6, len 32/128 */
	struct prefix pfx;
	bool from_rib; /* part of an initial table (MRT RIB, BMP dump), not a live change */

	/* ANNOUNCE only. */
	const uint32_t *path; /* neighbour first, origin last; prepends kept,
	                       * AS_SET members in place (as bgp_attrs_path) */
	size_t path_len;
	uint32_t origin; /* last AS of the final AS_SEQUENCE; 0 when the path ends in an AS_SET */
	const uint32_t *origin_set; /* members of a final AS_SET, else NULL */
	size_t origin_set_len;
	const uint32_t *communities; /* RFC 1997, host order (asn << 16 | value) */
	size_t n_communities;
	bool has_otc; /* RFC 9234 Only-to-Customer attribute present */
	uint32_t otc;
};

/* "announce", "withdraw", "peer-down". */
const char *route_event_type_name(enum route_event_type t);

#endif
