/* SPDX-License-Identifier: ISC */
/* bmp_elem.h - route elements (struct mrt_elem) from decoded BMP messages.
 *
 * The same elements `manrs mrt dump` yields, so the existing writers
 * (mrt_bgpdump.h, mrt_json.h) print BMP routes unchanged: a Route
 * Monitoring message gives one ANNOUNCE or WITHDRAW per prefix, in
 * bgpdump's order (withdrawn routes, MP_UNREACH_NLRI, NLRI, MP_REACH_NLRI);
 * a Peer Up gives one STATE element (Idle 1 -> Established 6), a Peer Down
 * one (Established 6 -> Idle 1); other messages give none.
 *
 * Each element's record (el->rec) is a synthetic BGP4MP record as a route
 * collector would have archived the message: type BGP4MP_ET (or BGP4MP
 * when asked), subtype MESSAGE_AS4 or MESSAGE (2-byte AS_PATH),
 * *_ADDPATH when the NLRI carry path identifiers (el->addpath_src is then
 * MRT_AP_SUBTYPE and the path id is printed), STATE_CHANGE_AS4 for state
 * elements; time and usec from the per-peer header. Peer address and AS
 * come from the per-peer header.
 *
 * AS_PATH width: 2 bytes when the header's A flag is set; otherwise from
 * the session's OPENs (struct bmp_session, from the peer's Peer Up) when
 * known, 4 bytes when not; Loc-RIB always 4 (RFC 9069). ADD-PATH: from the
 * session per AFI/SAFI and RIB view (bmp_session_addpath). When NLRI do not
 * decode that way but decode exactly the other way, the other way is used
 * and counted (addpath_detected): FRR never encodes the path identifiers
 * its OPENs negotiated (see bmp_exporter_omits_path_ids for the messages
 * where both readings decode).
 *
 * An UPDATE whose NLRI do not decode yields no element at all (all or
 * nothing, as mrt_elem.h): bmp_elems_start returns -1 with the reason. */
#ifndef MANRS_BMP_ELEM_H
#define MANRS_BMP_ELEM_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/bgp_attr.h"
#include "bgp/mrt.h"
#include "bgp/mrt_elem.h"
#include "bmp/bmp.h"

/* Iterator state; stack-allocatable, no heap. Fields are private. */
struct bmp_elems {
	struct mrt_record rec;
	struct bgp_attrs attrs;
	struct mrt_elem el;
	bool et; /* records are BGP4MP_ET (default) rather than BGP4MP */
	bool pending_state;
	struct bmp_elem_block {
		struct wire_cur c;
		enum mrt_elem_type type;
		enum mrt_nlri_src src;
		uint16_t afi;
		uint8_t safi;
		bool addpath;
	} blocks[4];
	int nblocks, cur;
	unsigned long updates_dropped;  /* UPDATEs whose NLRI did not decode */
	unsigned long addpath_detected; /* NLRI runs read against the session's
	                                 * ADD-PATH (only that way decoded) */
	unsigned long nlri_skipped;     /* in the current message: NLRI runs
	                                 * of other AFI/SAFIs (VPN,
	                                 * labelled, flowspec): not routes here */
};

/* Set up it; et false makes records plain BGP4MP (no microseconds). */
void bmp_elems_init(struct bmp_elems *it, bool et);

/* Start on message m (which must stay valid while elements are read);
 * session is the peer's Peer Up negotiation, NULL when none was seen.
 * Returns 0 (the message may yield no element), or -1 with e set when a
 * Route Monitoring message's UPDATE cannot be used (its NLRI or framing do
 * not decode): no element is yielded and updates_dropped counts it.
 * Attributes are decoded under RFC 7606: a treat-as-withdraw verdict is in
 * el->attrs->action, as for MRT. */
int bmp_elems_start(struct bmp_elems *it, const struct bmp_msg *m,
                    const struct bmp_session *session, struct err *e);

/* Next element of the current message: 1 with *out set (valid until the
 * next call), 0 when there are no more. */
int bmp_elems_next(struct bmp_elems *it, const struct mrt_elem **out);

/* True when a Route Monitoring message's UPDATE is an End-of-RIB marker
 * (RFC 4724: an empty UPDATE for IPv4 unicast, or one holding only an
 * empty MP_UNREACH_NLRI), with its AFI/SAFI in *afi and *safi. */
bool bmp_update_is_eor(const struct bmp_msg *m, uint16_t *afi, uint8_t *safi);

#endif
