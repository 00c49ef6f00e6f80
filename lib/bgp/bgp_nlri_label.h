/* SPDX-License-Identifier: ISC */
/* bgp_nlri_label.h - labelled unicast (RFC 8277, SAFI 4) and VPN (RFC 4364,
 * SAFI 128) NLRI: for showing them, not as routes of the route model (which
 * holds plain unicast prefixes only, see mrt_elem.h). */
#ifndef MANRS_BGP_NLRI_LABEL_H
#define MANRS_BGP_NLRI_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"
#include "core/wire.h"

#define BGP_SAFI_LABELED 4
#define BGP_SAFI_VPN 128
#define BGP_NLRI_MAX_LABELS 8

/* One labelled or VPN prefix. */
struct bgp_nlri_label {
	uint32_t path_id; /* ADD-PATH only */
	size_t n_labels;
	uint32_t labels[BGP_NLRI_MAX_LABELS]; /* 20-bit label values */
	bool has_rd;                          /* SAFI 128 */
	uint64_t rd;
	struct prefix pfx; /* host bits cleared */
};

/* True for the (afi, safi) pairs this decoder reads: IPv4/IPv6 with SAFI 4
 * or 128. */
bool bgp_nlri_label_supported(uint16_t afi, uint8_t safi);

/* Read the next prefix from c: 1 with n filled, 0 when c is empty, -1 with
 * e set (offset from c's base) when it is malformed. Announcements carry a
 * label stack up to the bottom-of-stack bit; a withdrawal (withdraw true)
 * carries one label field whatever its value (RFC 8277 2.4). */
int bgp_nlri_label_next(struct wire_cur *c, uint16_t afi, uint8_t safi, bool addpath, bool withdraw,
                        struct bgp_nlri_label *n, struct err *e);

#endif
