/* SPDX-License-Identifier: ISC */
/* bgp_attr_enc.h - encode BGP path attributes.
 *
 * The attribute set is described by struct mrt_attrs (mrt_write.h), the
 * same description the MRT writer and the lab generator use, so a route
 * written to an MRT file and one sent by a BGP speaker encode identically.
 * Paths are encoded with 4-byte ASNs (RFC 6793 sessions and MRT *_AS4). */
#ifndef MANRS_BGP_ATTR_ENC_H
#define MANRS_BGP_ATTR_ENC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/wire.h"
#include "bgp/bgp_types.h"
#include "bgp/mrt_write.h"

/* Start an attribute with flags and code, always with the extended length
 * (the value may pass 255 bytes). Returns the offset of the length field
 * for bgp_attr_end. */
static inline size_t bgp_attr_begin(struct wire_buf *b, uint8_t flags, uint8_t code)
{
	wire_put_u8(b, flags | BGP_ATTR_FLAG_EXTLEN);
	wire_put_u8(b, code);
	size_t off = b->len;
	wire_put_u16(b, 0);
	return off;
}

/* Patch the length of the attribute bgp_attr_begin started at off. */
static inline void bgp_attr_end(struct wire_buf *b, size_t off)
{
	wire_patch_u16(b, off, (uint16_t)(b->len - off - 2));
}

/* How MP_REACH_NLRI is written for IPv6 routes. */
enum bgp_mp_mode {
	BGP_MP_NONE,   /* no MP_REACH_NLRI (IPv4-only routes) */
	BGP_MP_ABBREV, /* MRT RIB entry form: next hop length and next hop only */
	BGP_MP_FULL,   /* UPDATE form: AFI 2, SAFI 1, next hop, the prefixes */
};

/* Append the attributes of a to w: ORIGIN, AS_PATH, NEXT_HOP (when
 * v4_nexthop and a->next_hop is IPv4), MED, LOCAL_PREF, ATOMIC_AGGREGATE,
 * AGGREGATOR, COMMUNITIES, MP_REACH_NLRI (per mp; for BGP_MP_FULL with the
 * n6 IPv6 prefixes in v6), LARGE_COMMUNITIES, then a->raw verbatim.
 * Attributes whose value may pass 255 bytes use the extended length.
 * Overflow latches in w->overflow. */
void bgp_attrs_encode(struct wire_buf *w, const struct mrt_attrs *a, bool v4_nexthop,
                      enum bgp_mp_mode mp, const struct prefix *v6, size_t n6);

/* The same, with the ADD-PATH path identifier *path_id (RFC 7911) before
 * each IPv6 prefix of MP_REACH_NLRI when path_id is not NULL. */
void bgp_attrs_encode_ap(struct wire_buf *w, const struct mrt_attrs *a, bool v4_nexthop,
                         enum bgp_mp_mode mp, const struct prefix *v6, size_t n6,
                         const uint32_t *path_id);

#endif
