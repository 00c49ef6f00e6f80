/* SPDX-License-Identifier: ISC */
/* mrt_elem.h - route elements from MRT records: one per prefix.
 *
 * A pull iterator over an mrt_reader: each call yields one element - a RIB
 * entry, an announcement, a withdrawal or a peer state change - with the
 * record it came from. Understands TABLE_DUMP, TABLE_DUMP_V2 (unicast,
 * multicast, RIB_GENERIC for IPv4/IPv6, *_ADDPATH), BGP4MP and BGP4MP_ET
 * (MESSAGE, MESSAGE_AS4, *_LOCAL, *_ADDPATH, STATE_CHANGE, STATE_CHANGE_AS4)
 * and the legacy BGP type of 1999-era RIPE files. Malformed records are
 * warned about (file and byte offset, through the reader's warning callback)
 * and skipped; decoding resumes at the next record.
 *
 * ADD-PATH NLRI under plain BGP4MP subtypes (pre-RFC 8050 dumps, BIRD) are
 * recognised from the session's OPEN messages in the same file, or, without
 * them, when plain decoding fails and ADD-PATH decoding consumes the field
 * exactly (see mrt_addpath.h). An UPDATE whose NLRI (any field, MP_REACH and
 * MP_UNREACH included) cannot be decoded yields none of its prefixes: it is
 * warned about once and counted (mrt_elems_dropped_updates).
 *
 * Order within an UPDATE is withdrawn routes, MP_UNREACH_NLRI, NLRI,
 * MP_REACH_NLRI - the order bgpdump prints. */
#ifndef MANRS_MRT_ELEM_H
#define MANRS_MRT_ELEM_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/bgp_attr.h"
#include "bgp/mrt.h"
#include "core/prefix.h"

enum mrt_elem_type {
	MRT_ELEM_RIB = 1,
	MRT_ELEM_ANNOUNCE = 2,
	MRT_ELEM_WITHDRAW = 3,
	MRT_ELEM_STATE = 4,
};

/* Where an element's prefix was carried. */
enum mrt_nlri_src {
	MRT_SRC_RIB = 0,     /* a RIB record */
	MRT_SRC_CLASSIC = 1, /* UPDATE withdrawn routes / NLRI fields */
	MRT_SRC_MP = 2,      /* MP_REACH_NLRI / MP_UNREACH_NLRI */
};

/* Why an element's NLRI were read with path identifiers (RFC 7911). */
enum mrt_addpath_src {
	MRT_AP_NONE = 0,     /* plain NLRI */
	MRT_AP_SUBTYPE = 1,  /* an *_ADDPATH MRT subtype (RFC 8050) */
	MRT_AP_OPEN = 2,     /* plain subtype; the session's OPENs negotiated it */
	MRT_AP_DETECTED = 3, /* plain subtype, no OPEN seen: the NLRI only
	                      * decode exactly with path identifiers */
};

/* One element. Pointers stay valid until the next mrt_elems_next call. */
struct mrt_elem {
	enum mrt_elem_type type;
	enum mrt_nlri_src src;
	const struct mrt_record *rec; /* type, subtype, time, usec */
	uint32_t originated;          /* RIB: when the route was learned */
	uint8_t peer_family;          /* 4 or 6 */
	uint8_t peer_addr[16];
	uint32_t peer_as;
	bool addpath; /* path_id is meaningful */
	enum mrt_addpath_src addpath_src;
	uint32_t path_id;
	uint16_t afi; /* BGP_AFI_IPV4 / BGP_AFI_IPV6 */
	uint8_t safi;
	uint8_t pfx_len;
	uint8_t pfx_raw[16];           /* prefix bytes as sent (host bits kept) */
	const struct bgp_attrs *attrs; /* RIB / ANNOUNCE (and WITHDRAW's UPDATE) */
	uint64_t attrs_id;             /* changes whenever attrs are decoded anew */
	uint16_t old_state, new_state; /* STATE */
};

struct mrt_elems;

/* Iterate over r's records (r is not owned). NULL on allocation failure. */
struct mrt_elems *mrt_elems_new(struct mrt_reader *r, struct err *e);

/* Free; NULL is allowed. */
void mrt_elems_free(struct mrt_elems *it);

/* Next element: 1 with *out set, 0 at end of input, -1 with e set on a
 * read error. */
int mrt_elems_next(struct mrt_elems *it, const struct mrt_elem **out, struct err *e);

/* The prefix of an element as a struct prefix (host bits cleared). */
void mrt_elem_prefix(const struct mrt_elem *el, struct prefix *p);

/* The next hop that applies to el's prefix: MP_REACH_NLRI's for prefixes
 * carried there (and for IPv6 RIB entries), NEXT_HOP's otherwise. Returns 0
 * with nh set (a /32 or /128), or -1 when the route has none. */
int mrt_elem_next_hop(const struct mrt_elem *el, struct prefix *nh);

/* The origin AS of el's path (0 when none, or when it ends in an AS_SET). */
uint32_t mrt_elem_origin_as(const struct mrt_elem *el);

/* UPDATEs dropped whole because some NLRI could not be decoded. */
unsigned long mrt_elems_dropped_updates(const struct mrt_elems *it);

/* Attribute sets decoded so far (one per UPDATE or RIB entry), by the
 * RFC 7606 action they call for: counts[action] for enum bgp_attr_action. */
const unsigned long *mrt_elems_rfc7606_counts(const struct mrt_elems *it);

/* Records read so far, by MRT type: counts[type] for type < 64. */
const unsigned long *mrt_elems_record_counts(const struct mrt_elems *it);

#endif
