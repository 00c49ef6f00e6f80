/* SPDX-License-Identifier: ISC */
/* bgp_attr_enc.c - path attribute encoder. */
#include "bgp/bgp_attr_enc.h"

#include "bgp/bgp_msg.h"
#include "bgp/bgp_types.h"

/* Short attribute with a known small value. */
static void attr_small(struct wire_buf *b, uint8_t flags, uint8_t code, const void *v, uint8_t n)
{
	wire_put_u8(b, flags);
	wire_put_u8(b, code);
	wire_put_u8(b, n);
	wire_put_bytes(b, v, n);
}

/* Short attribute holding one 32-bit value. */
static void attr_u32(struct wire_buf *b, uint8_t flags, uint8_t code, uint32_t v)
{
	wire_put_u8(b, flags);
	wire_put_u8(b, code);
	wire_put_u8(b, 4);
	wire_put_u32(b, v);
}

static void put_nh16(struct wire_buf *b, const struct prefix *nh)
{
	if (nh->family == 6) {
		wire_put_bytes(b, nh->addr, 16);
	} else {
		/* An IPv4 next hop for IPv6 routes: IPv4-mapped (RFC 4291). */
		static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		wire_put_bytes(b, mapped, 12);
		wire_put_bytes(b, nh->addr, 4);
	}
}

void bgp_attrs_encode(struct wire_buf *b, const struct mrt_attrs *a, bool v4_nexthop,
                      enum bgp_mp_mode mp, const struct prefix *v6, size_t n6)
{
	bgp_attrs_encode_ap(b, a, v4_nexthop, mp, v6, n6, NULL);
}

void bgp_attrs_encode_ap(struct wire_buf *b, const struct mrt_attrs *a, bool v4_nexthop,
                         enum bgp_mp_mode mp, const struct prefix *v6, size_t n6,
                         const uint32_t *path_id)
{
	attr_small(b, 0x40, BGP_ATTR_ORIGIN, &a->origin, 1);

	size_t off = bgp_attr_begin(b, 0x40, BGP_ATTR_AS_PATH);
	for (size_t i = 0; i < a->as_path_len;) {
		size_t n = a->as_path_len - i > 255 ? 255 : a->as_path_len - i;
		wire_put_u8(b, BGP_AS_SEQUENCE);
		wire_put_u8(b, (uint8_t)n);
		for (size_t j = 0; j < n; j++)
			wire_put_u32(b, a->as_path[i + j]);
		i += n;
	}
	bgp_attr_end(b, off);

	if (v4_nexthop && a->next_hop.family == 4)
		attr_small(b, 0x40, BGP_ATTR_NEXT_HOP, a->next_hop.addr, 4);
	if (a->has_med)
		attr_u32(b, 0x80, BGP_ATTR_MED, a->med);
	if (a->has_local_pref)
		attr_u32(b, 0x40, BGP_ATTR_LOCAL_PREF, a->local_pref);
	if (a->atomic_aggregate)
		attr_small(b, 0x40, BGP_ATTR_ATOMIC_AGGREGATE, NULL, 0);
	if (a->aggregator_as) {
		off = bgp_attr_begin(b, 0xc0, BGP_ATTR_AGGREGATOR);
		wire_put_u32(b, a->aggregator_as);
		wire_put_u32(b, a->aggregator_id);
		bgp_attr_end(b, off);
	}
	if (a->n_communities) {
		off = bgp_attr_begin(b, 0xc0, BGP_ATTR_COMMUNITIES);
		for (size_t i = 0; i < a->n_communities; i++)
			wire_put_u32(b, a->communities[i]);
		bgp_attr_end(b, off);
	}
	if (mp != BGP_MP_NONE && a->next_hop.family) {
		off = bgp_attr_begin(b, 0x80, BGP_ATTR_MP_REACH_NLRI);
		if (mp == BGP_MP_FULL) {
			wire_put_u16(b, BGP_AFI_IPV6);
			wire_put_u8(b, BGP_SAFI_UNICAST);
		}
		wire_put_u8(b, 16);
		put_nh16(b, &a->next_hop);
		if (mp == BGP_MP_FULL) {
			wire_put_u8(b, 0);
			for (size_t i = 0; i < n6; i++) {
				if (path_id)
					wire_put_u32(b, *path_id);
				bgp_put_nlri(b, v6[i].len, v6[i].addr);
			}
		}
		bgp_attr_end(b, off);
	}
	if (a->n_large) {
		off = bgp_attr_begin(b, 0xc0, BGP_ATTR_LARGE_COMMUNITIES);
		for (size_t i = 0; i < 3 * a->n_large; i++)
			wire_put_u32(b, a->large[i]);
		bgp_attr_end(b, off);
	}
	wire_put_bytes(b, a->raw, a->raw_len);
}
