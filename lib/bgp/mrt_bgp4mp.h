/* SPDX-License-Identifier: ISC */
/* mrt_bgp4mp.h - decode the header of BGP4MP / BGP4MP_ET records (RFC 6396
 * 4.4, RFC 8050): who spoke to whom, and the BGP message or state change.
 *
 * This is the record-level API for callers that want every BGP message
 * (OPEN, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH as well as UPDATE) rather
 * than per-prefix elements; bgp_msg.h decodes the message itself. */
#ifndef MANRS_MRT_BGP4MP_H
#define MANRS_MRT_BGP4MP_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/bgp_msg.h"
#include "bgp/mrt.h"

struct mrt_bgp4mp {
	bool is_state;   /* STATE_CHANGE(_AS4) */
	bool local;      /* *_LOCAL: the message was sent by the collector */
	bool addpath;    /* *_ADDPATH: NLRI carry path identifiers */
	uint8_t asn_len; /* 2 or 4 */
	uint32_t peer_as, local_as;
	uint16_t ifindex;
	uint8_t family; /* 4 or 6; 0 for old Zebra state changes without addresses */
	uint8_t peer_ip[16], local_ip[16];
	uint16_t old_state, new_state; /* is_state */
	struct bgp_msg msg;            /* !is_state: the framed message */
};

/* Decode rec (type BGP4MP or BGP4MP_ET). Returns 1 when decoded, 0 when
 * the record holds nothing to decode (unknown subtype or the old Zebra
 * OPEN quirk with AFI 0xffff), -1 with e set (offset relative to the body)
 * when it is malformed. A BGP message whose length overruns the record is
 * cut to the record (and reported with -1 only if its header is bad). */
int mrt_bgp4mp_decode(const struct mrt_record *rec, struct mrt_bgp4mp *out, struct err *e);

#endif
