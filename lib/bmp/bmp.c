/* SPDX-License-Identifier: ISC */
/* bmp.c - BMP message framing and decoding (RFC 7854, 8671, 9069). */
#include "bmp/bmp.h"

#include <string.h>

#include "bgp/bgp_types.h"
#include "core/wire.h"

/* Smallest valid length of each message type (common header included). */
static size_t min_len(uint8_t type)
{
	switch (type) {
	case BMP_ROUTE_MONITORING:
		return BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN + BGP_HEADER_LEN;
	case BMP_STATS_REPORT:
		return BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN + 4;
	case BMP_PEER_DOWN:
		return BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN + 1;
	case BMP_PEER_UP:
		/* local address, two ports, two OPENs of at least 29 bytes */
		return BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN + 20 + 2 * 29;
	case BMP_ROUTE_MIRRORING:
		return BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN;
	default:
		return BMP_COMMON_HDR_LEN;
	}
}

/* Versions 1 and 2 have no length field, so a stream of them cannot even
 * be framed: refuse them by name. */
static int check_version(uint8_t version, struct err *e)
{
	if (version == BMP_VERSION)
		return 0;
	if (version == 1 || version == 2)
		return wire_err_at(0, e,
		                   "BMP version %u (pre-RFC 7854 draft) is not supported; "
		                   "configure the router for version 3",
		                   version);
	return wire_err_at(0, e, "BMP version %u is not supported (only version 3)", version);
}

int bmp_frame(const uint8_t *p, size_t n, size_t max_len, size_t *msg_len, struct err *e)
{
	*msg_len = 0;
	if (max_len == 0)
		max_len = BMP_MAX_MSG_DEFAULT;
	if (n >= 1 && check_version(p[0], e) < 0)
		return -1;
	if (n < BMP_COMMON_HDR_LEN)
		return 0;
	uint32_t len = wire_load_u32(p + 1);
	uint8_t type = p[5];
	if (len < min_len(type))
		return wire_err_at(1, e, "BMP %s length %u is below the minimum %zu",
		                   bmp_msg_type_name(type), len, min_len(type));
	if (len > max_len)
		return wire_err_at(1, e, "BMP %s length %u exceeds the limit %zu",
		                   bmp_msg_type_name(type), len, max_len);
	*msg_len = len;
	return n >= len ? 1 : 0;
}

bool bmp_peer_hdr_decode(struct wire_cur *c, struct bmp_peer_hdr *h)
{
	uint8_t addr[16];
	memset(h, 0, sizeof *h);
	if (!wire_get_u8(c, &h->type) || !wire_get_u8(c, &h->flags) ||
	    !wire_get_u64(c, &h->distinguisher) || !wire_get_copy(c, addr, 16) ||
	    !wire_get_u32(c, &h->as) || !wire_get_u32(c, &h->bgp_id) ||
	    !wire_get_u32(c, &h->ts_sec) || !wire_get_u32(c, &h->ts_usec))
		return false;
	/* The V flag means IPv6 only for peer types 0-2; Loc-RIB reuses the
	 * bit as F and its address field is zero. */
	bool v6 = h->type != BMP_PEER_LOC_RIB && (h->flags & BMP_PEER_FLAG_V);
	h->family = v6 ? 6 : 4;
	if (v6)
		memcpy(h->addr, addr, 16);
	else
		memcpy(h->addr, addr + 12, 4);
	return true;
}

enum bmp_rib_view bmp_peer_view(const struct bmp_peer_hdr *h)
{
	if (h->type == BMP_PEER_LOC_RIB)
		return BMP_VIEW_LOC_RIB;
	bool post = h->flags & BMP_PEER_FLAG_L;
	if (h->flags & BMP_PEER_FLAG_O)
		return post ? BMP_VIEW_ADJ_OUT_POST : BMP_VIEW_ADJ_OUT_PRE;
	return post ? BMP_VIEW_ADJ_IN_POST : BMP_VIEW_ADJ_IN_PRE;
}

/* Frame one BGP PDU of exactly the rest of c (or, when !whole, its own
 * length within c). what names it in errors. */
static int bgp_pdu(struct wire_cur *c, bool whole, uint8_t want_type, const char *what,
                   struct bmp_bgp_pdu *pdu, struct err *e)
{
	size_t start = wire_offset(c);
	const uint8_t *marker;
	uint16_t len;
	uint8_t type;
	if (!wire_get_bytes(c, 16, &marker) || !wire_get_u16(c, &len) || !wire_get_u8(c, &type))
		return wire_err(c, e, "%s: BGP header truncated", what);
	for (int i = 0; i < 16; i++)
		if (marker[i] != 0xff)
			return wire_err_at(start + (size_t)i, e, "%s: BGP marker is not all ones",
			                   what);
	size_t room = wire_left(c) + BGP_HEADER_LEN;
	if (len < BGP_HEADER_LEN || len > room || (whole && len != room))
		return wire_err_at(start + 16, e,
		                   "%s: BGP length %u disagrees with the %zu bytes BMP gives it",
		                   what, len, room);
	if (type != want_type)
		return wire_err_at(start + 18, e, "%s: BGP message type %u (%s), expected %s", what,
		                   type, bgp_msg_type_name(type), bgp_msg_type_name(want_type));
	pdu->data = marker;
	pdu->len = len;
	pdu->msg.type = type;
	pdu->msg.len = len;
	pdu->msg.body_len = (size_t)len - BGP_HEADER_LEN;
	wire_get_bytes(c, pdu->msg.body_len, &pdu->msg.body);
	return 0;
}

/* Shift an error of a decoder that counted from body (at offset base). */
static int shifted(struct err *e, size_t base, const char *what)
{
	if (!e)
		return -1;
	char inner[sizeof e->msg];
	memcpy(inner, e->msg, sizeof inner);
	size_t off = base + (e->has_offset ? (size_t)e->offset : 0);
	return wire_err_at(off, e, "%s: %s", what, inner);
}

/* Check that c holds a run of whole TLVs (2-byte type, 2-byte length). */
static int tlvs(struct wire_cur *c, const char *what, const uint8_t **p, size_t *n, struct err *e)
{
	*p = c->p;
	*n = wire_left(c);
	while (wire_left(c)) {
		size_t off = wire_offset(c);
		uint16_t type, len;
		if (!wire_get_u16(c, &type) || !wire_get_u16(c, &len) || !wire_skip(c, len))
			return wire_err_at(off, e, "%s: TLV at byte %zu overruns the message", what,
			                   off);
	}
	return 0;
}

/* Bytes after a message's fixed content: a run of TLVs, or an error at
 * len_off (the length field that disagreed). */
static int trailing_tlvs(struct wire_cur *c, const char *what, size_t len_off, const uint8_t **p,
                         size_t *n, struct err *e)
{
	*p = NULL;
	*n = 0;
	if (!wire_left(c))
		return 0;
	struct wire_cur probe = *c;
	size_t rest = wire_left(c);
	if (tlvs(&probe, what, p, n, NULL) < 0)
		return wire_err_at(len_off, e,
		                   "%s: %zu bytes after the content its lengths describe "
		                   "are no TLVs: the lengths disagree",
		                   what, rest);
	*c = probe;
	return 0;
}

static int route_monitoring(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	size_t start = wire_offset(c);
	if (bgp_pdu(c, false, BGP_MSG_UPDATE, "Route Monitoring", &m->u.rm.update, e) < 0)
		return -1;
	return trailing_tlvs(c, "Route Monitoring: BGP length", start + 16, &m->u.rm.tlvs,
	                     &m->u.rm.tlvs_len, e);
}

/* The wire size each known statistics type must have (0: any). */
static size_t stat_size(uint16_t type)
{
	if (type <= 6 || (type >= 11 && type <= 13))
		return 4;
	if (type == 7 || type == 8 || type == 14 || type == 15)
		return 8;
	if (type == 9 || type == 10 || type == 16 || type == 17)
		return 11;
	return 0;
}

static int stats(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	if (!wire_get_u32(c, &m->u.stats.count))
		return wire_err(c, e, "Statistics Report: count truncated");
	m->u.stats.data = c->p;
	m->u.stats.len = wire_left(c);
	for (uint32_t i = 0; i < m->u.stats.count; i++) {
		size_t off = wire_offset(c);
		uint16_t type, len;
		if (!wire_get_u16(c, &type) || !wire_get_u16(c, &len) || !wire_skip(c, len))
			return wire_err_at(
			    off, e,
			    "Statistics Report: counter %u of %u at byte %zu overruns "
			    "the message",
			    i + 1, m->u.stats.count, off);
		size_t want = stat_size(type);
		if (want && len != want)
			return wire_err_at(
			    off + 2, e,
			    "Statistics Report: type %u (%s) has length %u, must be %zu", type,
			    bmp_stat_type_name(type), len, want);
	}
	if (wire_left(c))
		return wire_err_at(
		    wire_offset(c), e,
		    "Statistics Report: %zu bytes after the %u counters it announces", wire_left(c),
		    m->u.stats.count);
	return 0;
}

static int notification(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	size_t at = wire_offset(c);
	if (bgp_pdu(c, false, BGP_MSG_NOTIFICATION, "Peer Down", &m->u.down.notification, e) < 0)
		return -1;
	const struct bgp_msg *n = &m->u.down.notification.msg;
	if (bgp_notification_parse(n->body, n->body_len, &m->u.down.notify, e) < 0)
		return shifted(e, at + BGP_HEADER_LEN, "Peer Down");
	return trailing_tlvs(c, "Peer Down: BGP length", at + 16, &m->u.down.tlvs,
	                     &m->u.down.tlvs_len, e);
}

static int peer_down(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	const size_t data_at = BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN + 1;
	uint8_t reason = 0;
	wire_get_u8(c, &reason); /* present: min_len counts it */
	m->u.down.reason = reason;
	switch (reason) {
	case BMP_DOWN_LOCAL_NOTIFY:
	case BMP_DOWN_REMOTE_NOTIFY:
		return notification(c, m, e);
	case BMP_DOWN_LOCAL_FSM:
		if (!wire_get_u16(c, &m->u.down.fsm_event))
			return wire_err_at(
			    data_at, e, "Peer Down reason 2: the data must be a 2-byte FSM event");
		return trailing_tlvs(c, "Peer Down reason 2: 2-byte FSM event", data_at,
		                     &m->u.down.tlvs, &m->u.down.tlvs_len, e);
	case BMP_DOWN_REMOTE_NODATA:
	case BMP_DOWN_DECONFIGURED:
		return trailing_tlvs(c,
		                     reason == 4 ? "Peer Down reason 4 carries no data"
		                                 : "Peer Down reason 5 carries no data",
		                     data_at, &m->u.down.tlvs, &m->u.down.tlvs_len, e);
	case BMP_DOWN_LOCAL_TLV:
		return tlvs(c, "Peer Down", &m->u.down.data, &m->u.down.data_len, e);
	default:
		/* A reason no registry knows: keep its data for the caller. */
		m->u.down.data = c->p;
		m->u.down.data_len = wire_left(c);
		return 0;
	}
}

static int open_pdu(struct wire_cur *c, const char *what, struct bmp_bgp_pdu *pdu,
                    struct bgp_open *o, struct err *e)
{
	size_t at = wire_offset(c);
	if (bgp_pdu(c, false, BGP_MSG_OPEN, what, pdu, e) < 0)
		return -1;
	if (bgp_open_parse(pdu->msg.body, pdu->msg.body_len, o, e) < 0)
		return shifted(e, at + BGP_HEADER_LEN, what);
	return 0;
}

static int peer_up(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	uint8_t addr[16];
	wire_get_copy(c, addr, 16);
	wire_get_u16(c, &m->u.up.local_port);
	wire_get_u16(c, &m->u.up.remote_port);
	if (!wire_ok(c))
		return wire_err(c, e, "Peer Up truncated");
	m->u.up.local_family = m->peer.family;
	memset(m->u.up.local_addr, 0, 16);
	if (m->peer.family == 6)
		memcpy(m->u.up.local_addr, addr, 16);
	else
		memcpy(m->u.up.local_addr, addr + 12, 4);
	if (open_pdu(c, "Peer Up sent OPEN", &m->u.up.sent_open, &m->u.up.sent, e) < 0 ||
	    open_pdu(c, "Peer Up received OPEN", &m->u.up.recv_open, &m->u.up.recv, e) < 0)
		return -1;
	bmp_session_from_opens(&m->u.up.sent, &m->u.up.recv, &m->u.up.session);
	return tlvs(c, "Peer Up", &m->u.up.tlvs, &m->u.up.tlvs_len, e);
}

/* Route Mirroring TLVs: a BGP message TLV must hold one whole BGP PDU and
 * an information TLV a 2-byte code. */
static int mirroring(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	if (tlvs(c, "Route Mirroring", &m->u.tlv.tlvs, &m->u.tlv.tlvs_len, e) < 0)
		return -1;
	struct bmp_tlv t;
	struct bmp_tlv_iter it;
	bmp_tlv_iter_init(&it, m->u.tlv.tlvs, m->u.tlv.tlvs_len);
	while (bmp_tlv_next(&it, &t)) {
		size_t off = (size_t)(t.value - c->base) - 4;
		if (t.type == BMP_MIRROR_INFO && t.len != 2)
			return wire_err_at(
			    off + 2, e, "Route Mirroring: information TLV of length %u, must be 2",
			    t.len);
		/* Any BGP message type may be mirrored; check its framing only. */
		if (t.type == BMP_MIRROR_BGP_MSG &&
		    (t.len < BGP_HEADER_LEN || wire_load_u16(t.value + 16) != t.len))
			return wire_err_at(off + 4, e,
			                   "Route Mirroring: BGP message TLV of %u bytes does not "
			                   "hold exactly one BGP message",
			                   t.len);
	}
	return 0;
}

static int term_tlvs(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	if (tlvs(c, "Termination", &m->u.tlv.tlvs, &m->u.tlv.tlvs_len, e) < 0)
		return -1;
	struct bmp_tlv t;
	struct bmp_tlv_iter it;
	bmp_tlv_iter_init(&it, m->u.tlv.tlvs, m->u.tlv.tlvs_len);
	while (bmp_tlv_next(&it, &t))
		if (t.type == BMP_TERM_REASON && t.len != 2)
			return wire_err_at((size_t)(t.value - c->base) - 2, e,
			                   "Termination: reason TLV of length %u, must be 2",
			                   t.len);
	return 0;
}

static int body(struct wire_cur *c, struct bmp_msg *m, struct err *e)
{
	switch (m->type) {
	case BMP_ROUTE_MONITORING:
		return route_monitoring(c, m, e);
	case BMP_STATS_REPORT:
		return stats(c, m, e);
	case BMP_PEER_DOWN:
		return peer_down(c, m, e);
	case BMP_PEER_UP:
		return peer_up(c, m, e);
	case BMP_INITIATION:
		return tlvs(c, "Initiation", &m->u.tlv.tlvs, &m->u.tlv.tlvs_len, e);
	case BMP_TERMINATION:
		return term_tlvs(c, m, e);
	case BMP_ROUTE_MIRRORING:
		return mirroring(c, m, e);
	default:
		return wire_err_at(5, e, "BMP message type %u unknown", m->type);
	}
}

int bmp_decode(const uint8_t *p, size_t n, struct bmp_msg *m, struct err *e)
{
	memset(m, 0, sizeof *m);
	struct wire_cur c = wire_cur_make(p, n);
	if (!wire_get_u8(&c, &m->version))
		return wire_err(&c, e, "BMP message empty");
	if (check_version(m->version, e) < 0)
		return -1;
	if (!wire_get_u32(&c, &m->len) || !wire_get_u8(&c, &m->type))
		return wire_err(&c, e, "BMP common header truncated (%zu of 6 bytes)", n);
	if (m->len != n)
		return wire_err_at(
		    1, e, "BMP length %u disagrees with the %zu bytes of the message", m->len, n);
	if (m->len < min_len(m->type))
		return wire_err_at(1, e, "BMP %s length %u is below the minimum %zu",
		                   bmp_msg_type_name(m->type), m->len, min_len(m->type));
	m->has_peer = m->type <= BMP_PEER_UP || m->type == BMP_ROUTE_MIRRORING;
	if (m->has_peer && !bmp_peer_hdr_decode(&c, &m->peer))
		return wire_err(&c, e, "BMP per-peer header truncated");
	return body(&c, m, e);
}
