/* SPDX-License-Identifier: ISC */
/* mrt_bgp4mp.c - BGP4MP record headers. */
#include "bgp/mrt_bgp4mp.h"

#include <string.h>

#include "core/wire.h"

/* e names offset off in the record body. */
static int bad(struct err *e, size_t off, const char *msg)
{
	return wire_err_at(off, e, "%s", msg);
}

int mrt_bgp4mp_decode(const struct mrt_record *rec, struct mrt_bgp4mp *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	uint16_t st = rec->subtype;
	switch (st) {
	case MRT_BGP4MP_STATE_CHANGE:
		out->is_state = true;
		out->asn_len = 2;
		break;
	case MRT_BGP4MP_STATE_CHANGE_AS4:
		out->is_state = true;
		out->asn_len = 4;
		break;
	case MRT_BGP4MP_MESSAGE:
		out->asn_len = 2;
		break;
	case MRT_BGP4MP_MESSAGE_AS4:
		out->asn_len = 4;
		break;
	case MRT_BGP4MP_MESSAGE_LOCAL:
		out->asn_len = 2;
		out->local = true;
		break;
	case MRT_BGP4MP_MESSAGE_AS4_LOCAL:
		out->asn_len = 4;
		out->local = true;
		break;
	case MRT_BGP4MP_MESSAGE_ADDPATH:
		out->asn_len = 2;
		out->addpath = true;
		break;
	case MRT_BGP4MP_MESSAGE_AS4_ADDPATH:
		out->asn_len = 4;
		out->addpath = true;
		break;
	case MRT_BGP4MP_MESSAGE_LOCAL_ADDPATH:
		out->asn_len = 2;
		out->local = out->addpath = true;
		break;
	case MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH:
		out->asn_len = 4;
		out->local = out->addpath = true;
		break;
	default:
		return 0;
	}
	struct wire_cur c = wire_cur_make(rec->body, rec->len);
	uint16_t as16, afi;
	if (out->asn_len == 4) {
		if (!wire_get_u32(&c, &out->peer_as) || !wire_get_u32(&c, &out->local_as))
			return bad(e, wire_offset(&c), "BGP4MP record truncated");
	} else {
		if (!wire_get_u16(&c, &as16))
			return bad(e, wire_offset(&c), "BGP4MP record truncated");
		out->peer_as = as16;
		if (!wire_get_u16(&c, &as16))
			return bad(e, wire_offset(&c), "BGP4MP record truncated");
		out->local_as = as16;
	}
	if (out->is_state && rec->len == 8) {
		/* Old Zebra wrote state changes without interface and addresses. */
		wire_get_u16(&c, &out->old_state);
		wire_get_u16(&c, &out->new_state);
		return 1;
	}
	if (!wire_get_u16(&c, &out->ifindex) || !wire_get_u16(&c, &afi))
		return bad(e, wire_offset(&c), "BGP4MP record truncated");
	if (afi != BGP_AFI_IPV4 && afi != BGP_AFI_IPV6) {
		/* Zebra wrote OPENs with ifindex and AFI 0xffff and no addresses. */
		if (afi == 0xffff && out->ifindex == 0xffff)
			return 0;
		return bad(e, wire_offset(&c) - 2, "BGP4MP address family unknown");
	}
	out->family = afi == BGP_AFI_IPV6 ? 6 : 4;
	size_t alen = out->family == 6 ? 16 : 4;
	if (!wire_get_copy(&c, out->peer_ip, alen) || !wire_get_copy(&c, out->local_ip, alen))
		return bad(e, wire_offset(&c), "BGP4MP record truncated");
	if (out->is_state) {
		if (!wire_get_u16(&c, &out->old_state) || !wire_get_u16(&c, &out->new_state))
			return bad(e, wire_offset(&c), "BGP4MP state change truncated");
		return 1;
	}
	size_t hdr = wire_offset(&c);
	size_t have = wire_left(&c);
	const uint8_t *marker;
	uint16_t mlen;
	if (!wire_get_bytes(&c, 16, &marker) || !wire_get_u16(&c, &mlen) ||
	    !wire_get_u8(&c, &out->msg.type))
		return bad(e, hdr, "BGP4MP message header truncated");
	for (int i = 0; i < 16; i++)
		if (marker[i] != 0xff)
			return bad(e, hdr, "BGP message marker is not all ones");
	if (mlen < BGP_HEADER_LEN)
		return bad(e, hdr + 16, "BGP message length too short");
	out->msg.len = mlen;
	out->msg.body = c.p;
	out->msg.body_len = (mlen <= have ? mlen : have) - BGP_HEADER_LEN;
	return 1;
}
