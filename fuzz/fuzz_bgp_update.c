/* SPDX-License-Identifier: ISC */
/* fuzz_bgp_update.c - libFuzzer target: BGP message framing and the UPDATE
 * decoder (withdrawn routes, path attributes in 2- and 4-byte form, NLRI
 * with and without ADD-PATH, MP_REACH/MP_UNREACH), plus the OPEN,
 * NOTIFICATION and ROUTE-REFRESH decoders. The first byte picks options. */
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_attr.h"
#include "bgp/bgp_msg.h"
#include "bgp/mrt_bgpdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const uint8_t *p, size_t n, int family, bool addpath)
{
	struct bgp_nlri_iter it;
	struct prefix pfx;
	uint32_t id;
	struct err e;
	bgp_nlri_init(&it, p, n, family, addpath);
	while (bgp_nlri_next(&it, &pfx, &id, p, &e) > 0)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	data++;
	size--;
	int asn_len = (opt & 1) ? 4 : 2;
	bool addpath = (opt & 2) != 0;
	struct err e;
	struct bgp_msg m;
	size_t used;
	const uint8_t *body = data;
	size_t body_len = size;
	uint8_t type = BGP_MSG_UPDATE;
	/* With bit 2 set the input is a whole message with its header. */
	if (opt & 4) {
		if (bgp_msg_frame(data, size, BGP_MAX_EXT_MSG_LEN, &m, &used, &e) != 1)
			return 0;
		body = m.body;
		body_len = m.body_len;
		type = m.type;
	}
	switch (type) {
	case BGP_MSG_OPEN: {
		struct bgp_open o;
		bgp_open_parse(body, body_len, &o, &e);
		return 0;
	}
	case BGP_MSG_NOTIFICATION: {
		struct bgp_notification n;
		bgp_notification_parse(body, body_len, &n, &e);
		return 0;
	}
	case BGP_MSG_ROUTE_REFRESH: {
		struct bgp_route_refresh r;
		bgp_route_refresh_parse(body, body_len, &r, &e);
		return 0;
	}
	case BGP_MSG_UPDATE:
		break;
	default:
		return 0;
	}
	struct bgp_update u;
	if (bgp_update_parse(body, body_len, &u, &e) < 0)
		return 0;
	walk(u.withdrawn, u.withdrawn_len, 4, addpath);
	walk(u.nlri, u.nlri_len, 4, addpath);
	struct bgp_attrs a;
	bgp_attrs_decode(u.attrs, u.attrs_len, asn_len, (opt & 8) != 0, &a, &e);
	if (BGP_ATTR_HAS(&a, BGP_ATTR_MP_REACH_NLRI) && !a.mp_reach.abbreviated)
		walk(a.mp_reach.nlri, a.mp_reach.nlri_len, a.mp_reach.afi == 2 ? 6 : 4, addpath);
	if (BGP_ATTR_HAS(&a, BGP_ATTR_MP_UNREACH_NLRI))
		walk(a.mp_unreach.nlri, a.mp_unreach.nlri_len, a.mp_unreach.afi == 2 ? 6 : 4,
		     addpath);
	uint32_t path[64];
	bgp_attrs_path(&a, path, 64);
	bgp_attrs_origin_as(&a);
	struct mrt_buf b = {0};
	mrt_bgpdump_aspath(&a, &b);
	mrt_buf_free(&b);
	return 0;
}
