/* mrt_bgp4mp.c - BGP4MP record headers. */
#include "bgp/mrt_bgp4mp.h"

#include <string.h>

static int bad(struct err *e, const uint8_t *body, const uint8_t *p, const char *msg)
{
	err_set(e, "%s", msg);
	if (e) {
		e->offset = (uint64_t)(p - body);
		e->has_offset = 1;
	}
	return -1;
}

int mrt_bgp4mp_decode(const struct mrt_record *rec, struct mrt_bgp4mp *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	uint16_t st = rec->subtype;
	switch (st) {
	case MRT_BGP4MP_STATE_CHANGE: out->is_state = true; out->asn_len = 2; break;
	case MRT_BGP4MP_STATE_CHANGE_AS4: out->is_state = true; out->asn_len = 4; break;
	case MRT_BGP4MP_MESSAGE: out->asn_len = 2; break;
	case MRT_BGP4MP_MESSAGE_AS4: out->asn_len = 4; break;
	case MRT_BGP4MP_MESSAGE_LOCAL: out->asn_len = 2; out->local = true; break;
	case MRT_BGP4MP_MESSAGE_AS4_LOCAL: out->asn_len = 4; out->local = true; break;
	case MRT_BGP4MP_MESSAGE_ADDPATH: out->asn_len = 2; out->addpath = true; break;
	case MRT_BGP4MP_MESSAGE_AS4_ADDPATH: out->asn_len = 4; out->addpath = true; break;
	case MRT_BGP4MP_MESSAGE_LOCAL_ADDPATH:
		out->asn_len = 2;
		out->local = out->addpath = true;
		break;
	case MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH:
		out->asn_len = 4;
		out->local = out->addpath = true;
		break;
	default: return 0;
	}
	const uint8_t *body = rec->body;
	struct bgp_cur c = bgp_cur_make(body, rec->len);
	uint16_t as16, afi;
	if (out->asn_len == 4) {
		if (!bgp_cur_u32(&c, &out->peer_as) || !bgp_cur_u32(&c, &out->local_as))
			return bad(e, body, c.p, "BGP4MP record truncated");
	} else {
		if (!bgp_cur_u16(&c, &as16))
			return bad(e, body, c.p, "BGP4MP record truncated");
		out->peer_as = as16;
		if (!bgp_cur_u16(&c, &as16))
			return bad(e, body, c.p, "BGP4MP record truncated");
		out->local_as = as16;
	}
	if (out->is_state && rec->len == 8) {
		/* Old Zebra wrote state changes without interface and addresses. */
		bgp_cur_u16(&c, &out->old_state);
		bgp_cur_u16(&c, &out->new_state);
		return 1;
	}
	if (!bgp_cur_u16(&c, &out->ifindex) || !bgp_cur_u16(&c, &afi))
		return bad(e, body, c.p, "BGP4MP record truncated");
	if (afi != BGP_AFI_IPV4 && afi != BGP_AFI_IPV6) {
		/* Zebra wrote OPENs with ifindex and AFI 0xffff and no addresses. */
		if (afi == 0xffff && out->ifindex == 0xffff)
			return 0;
		return bad(e, body, c.p - 2, "BGP4MP address family unknown");
	}
	out->family = afi == BGP_AFI_IPV6 ? 6 : 4;
	size_t alen = out->family == 6 ? 16 : 4;
	const uint8_t *pip, *lip;
	if (!bgp_cur_bytes(&c, alen, &pip) || !bgp_cur_bytes(&c, alen, &lip))
		return bad(e, body, c.p, "BGP4MP record truncated");
	memcpy(out->peer_ip, pip, alen);
	memcpy(out->local_ip, lip, alen);
	if (out->is_state) {
		if (!bgp_cur_u16(&c, &out->old_state) || !bgp_cur_u16(&c, &out->new_state))
			return bad(e, body, c.p, "BGP4MP state change truncated");
		return 1;
	}
	const uint8_t *hdr = c.p;
	if (bgp_cur_left(&c) < BGP_HEADER_LEN)
		return bad(e, body, hdr, "BGP4MP message header truncated");
	for (int i = 0; i < 16; i++)
		if (hdr[i] != 0xff)
			return bad(e, body, hdr, "BGP message marker is not all ones");
	uint16_t mlen = bgp_get16(hdr + 16);
	if (mlen < BGP_HEADER_LEN)
		return bad(e, body, hdr + 16, "BGP message length too short");
	size_t have = bgp_cur_left(&c);
	out->msg.type = hdr[18];
	out->msg.len = mlen;
	out->msg.body = hdr + BGP_HEADER_LEN;
	out->msg.body_len = (mlen <= have ? mlen : have) - BGP_HEADER_LEN;
	return 1;
}
