/* SPDX-License-Identifier: ISC */
/* mrt_addpath.h - which BGP sessions in an MRT file use ADD-PATH (RFC 7911).
 *
 * Routers that dumped before RFC 8050 (BIRD 1.x/2.x mrtdump) write ADD-PATH
 * NLRI under the plain BGP4MP_MESSAGE(_AS4) subtypes. The only reliable
 * clue is the pair of OPEN messages of the session, when the file holds
 * them; this table remembers, per direction of a session (sender address
 * to receiver address), the ADD-PATH capability each side announced, and
 * what was detected from the NLRI themselves when no OPEN was seen. */
#ifndef MANRS_MRT_ADDPATH_H
#define MANRS_MRT_ADDPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_msg.h"

/* One direction of a session: family (4 or 6) and the two addresses. */
struct mrt_ap_dir {
	uint8_t family;
	uint8_t from[16], to[16];
};

struct mrt_ap_entry;

struct mrt_ap_table {
	struct mrt_ap_entry *slots;
	size_t cap, used;
};

/* Free the table's memory (it stays usable, empty). */
void mrt_ap_free(struct mrt_ap_table *t);

/* Remember the OPEN o sent along d (a new OPEN replaces the old one and
 * forgets what was detected). Returns 0, or -1 when out of memory. */
int mrt_ap_note_open(struct mrt_ap_table *t, const struct mrt_ap_dir *d, const struct bgp_open *o);

/* Whether UPDATEs sent along d carry path identifiers for afi/safi, as the
 * two OPENs negotiated: 1 yes, 0 no, -1 unknown (an OPEN is missing). */
int mrt_ap_negotiated(const struct mrt_ap_table *t, const struct mrt_ap_dir *d, uint16_t afi,
                      uint8_t safi);

/* What earlier UPDATEs along d showed for afi: 1 ADD-PATH, 0 plain, -1
 * nothing learned yet. */
int mrt_ap_learned(const struct mrt_ap_table *t, const struct mrt_ap_dir *d, uint16_t afi);

/* Record that an UPDATE along d decoded only as ADD-PATH (addpath true) or
 * only as plain NLRI. Returns 0, or -1 when out of memory. */
int mrt_ap_learn(struct mrt_ap_table *t, const struct mrt_ap_dir *d, uint16_t afi, bool addpath);

#endif
