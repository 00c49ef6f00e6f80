/* SPDX-License-Identifier: ISC */
/* bgp_msg.c - BGP-4 message framing, decoding and encoding. */
#include "bgp/bgp_msg.h"

#include <string.h>

static int at(struct err *e, size_t off, const char *msg)
{
	return wire_err_at(off, e, "%s at byte %zu", msg, off);
}

int bgp_msg_frame(const uint8_t *p, size_t n, size_t max_len, struct bgp_msg *m, size_t *used,
                  struct err *e)
{
	struct wire_cur c = wire_cur_make(p, n);
	const uint8_t *marker;
	uint16_t len;
	uint8_t type;
	if (!wire_get_bytes(&c, 16, &marker) || !wire_get_u16(&c, &len) || !wire_get_u8(&c, &type))
		return 0;
	for (int i = 0; i < 16; i++)
		if (marker[i] != 0xff)
			return at(e, (size_t)i, "BGP marker is not all ones");
	if (len < BGP_HEADER_LEN || len > max_len)
		return at(e, 16, "BGP message length out of range");
	if (n < len)
		return 0;
	m->type = type;
	m->len = len;
	m->body = c.p;
	m->body_len = (size_t)len - BGP_HEADER_LEN;
	*used = len;
	return 1;
}

int bgp_update_parse(const uint8_t *body, size_t n, struct bgp_update *u, struct err *e)
{
	struct wire_cur c = wire_cur_make(body, n);
	uint16_t wl, al;
	if (!wire_get_u16(&c, &wl) || !wire_get_bytes(&c, wl, &u->withdrawn))
		return at(e, 0, "UPDATE withdrawn routes length overruns the message");
	u->withdrawn_len = wl;
	if (!wire_get_u16(&c, &al) || !wire_get_bytes(&c, al, &u->attrs))
		return at(e, 2 + (size_t)wl, "UPDATE path attribute length overruns the message");
	u->attrs_len = al;
	u->nlri_len = wire_left(&c);
	wire_get_bytes(&c, u->nlri_len, &u->nlri);
	return 0;
}

void bgp_nlri_init(struct bgp_nlri_iter *it, const uint8_t *p, size_t n, int family, bool addpath)
{
	it->c = wire_cur_make(p, n);
	it->family = family;
	it->addpath = addpath;
}

int bgp_nlri_next(struct bgp_nlri_iter *it, struct prefix *p, uint32_t *path_id,
                  const uint8_t *start, struct err *e)
{
	if (wire_left(&it->c) == 0)
		return 0;
	size_t off = start ? (size_t)(it->c.p - start) : 0;
	uint32_t id = 0;
	uint8_t len;
	const uint8_t *bytes;
	if (it->addpath && !wire_get_u32(&it->c, &id))
		return at(e, off, "NLRI path identifier truncated");
	if (!wire_get_u8(&it->c, &len))
		return at(e, off, "NLRI truncated");
	if (len > prefix_maxlen(it->family))
		return at(e, off, "NLRI prefix length too long");
	if (!wire_get_bytes(&it->c, ((size_t)len + 7) / 8, &bytes))
		return at(e, off, "NLRI prefix truncated");
	prefix_from_bytes(p, it->family, bytes, len);
	*path_id = id;
	return 1;
}

/* Capabilities inside optional parameter type 2. */
static int parse_caps(struct wire_cur c, struct bgp_open *o, struct err *e)
{
	while (wire_left(&c)) {
		size_t off = wire_offset(&c);
		uint8_t code, len;
		struct wire_cur v;
		if (!wire_get_u8(&c, &code) || !wire_get_u8(&c, &len) || !wire_sub(&c, len, &v))
			return at(e, off, "OPEN capability overruns its parameter");
		switch (code) {
		case 1: { /* multiprotocol */
			uint16_t afi;
			uint8_t res, safi;
			if (len != 4 || !wire_get_u16(&v, &afi) || !wire_get_u8(&v, &res) ||
			    !wire_get_u8(&v, &safi))
				return at(e, off, "bad multiprotocol capability");
			if (o->n_afs < BGP_OPEN_MAX_AFS) {
				o->afs[o->n_afs].afi = afi;
				o->afs[o->n_afs].safi = safi;
				o->afs[o->n_afs].addpath = 0;
				o->n_afs++;
			}
			break;
		}
		case 2:
			o->route_refresh = true;
			break;
		case 6:
			o->extended_message = true;
			break;
		case 9:
			if (len != 1 || !wire_get_u8(&v, &o->role))
				return at(e, off, "bad role capability");
			o->has_role = true;
			break;
		case 65:
			if (len != 4 || !wire_get_u32(&v, &o->as4))
				return at(e, off, "bad 4-byte ASN capability");
			break;
		case 69: /* ADD-PATH: (afi, safi, send/receive) triples */
			while (wire_left(&v) >= 4) {
				uint16_t afi = 0;
				uint8_t safi = 0, sr = 0;
				wire_get_u16(&v, &afi);
				wire_get_u8(&v, &safi);
				wire_get_u8(&v, &sr);
				for (size_t i = 0; i < o->n_afs; i++)
					if (o->afs[i].afi == afi && o->afs[i].safi == safi)
						o->afs[i].addpath = sr;
			}
			if (wire_left(&v))
				return at(e, off, "bad ADD-PATH capability");
			break;
		default:
			break; /* unknown capabilities are ignored (RFC 5492) */
		}
	}
	return 0;
}

int bgp_open_parse(const uint8_t *body, size_t n, struct bgp_open *o, struct err *e)
{
	memset(o, 0, sizeof *o);
	struct wire_cur c = wire_cur_make(body, n);
	uint8_t plen;
	struct wire_cur params;
	if (!wire_get_u8(&c, &o->version) || !wire_get_u16(&c, &o->my_as) ||
	    !wire_get_u16(&c, &o->hold_time) || !wire_get_u32(&c, &o->bgp_id) ||
	    !wire_get_u8(&c, &plen) || !wire_sub(&c, plen, &params))
		return at(e, 0, "OPEN truncated");
	while (wire_left(&params)) {
		size_t off = wire_offset(&params);
		uint8_t type, len;
		struct wire_cur v;
		if (!wire_get_u8(&params, &type) || !wire_get_u8(&params, &len) ||
		    !wire_sub(&params, len, &v))
			return at(e, off, "OPEN optional parameter overruns");
		if (type == 2 && parse_caps(v, o, e) < 0)
			return -1;
	}
	return 0;
}

int bgp_notification_parse(const uint8_t *body, size_t n, struct bgp_notification *m, struct err *e)
{
	struct wire_cur c = wire_cur_make(body, n);
	if (!wire_get_u8(&c, &m->code) || !wire_get_u8(&c, &m->subcode))
		return at(e, 0, "NOTIFICATION truncated");
	m->data_len = wire_left(&c);
	wire_get_bytes(&c, m->data_len, &m->data);
	return 0;
}

int bgp_route_refresh_parse(const uint8_t *body, size_t n, struct bgp_route_refresh *m,
                            struct err *e)
{
	struct wire_cur c = wire_cur_make(body, n);
	if (n != 4 || !wire_get_u16(&c, &m->afi) || !wire_get_u8(&c, &m->subtype) ||
	    !wire_get_u8(&c, &m->safi))
		return at(e, 0, "ROUTE-REFRESH must be 4 bytes");
	return 0;
}

/* Header with a length patched by msg_end. */
static size_t msg_begin(struct wire_buf *w, uint8_t type)
{
	size_t start = w->len;
	for (int i = 0; i < 16; i++)
		wire_put_u8(w, 0xff);
	wire_put_u16(w, 0);
	wire_put_u8(w, type);
	return start;
}

static int msg_end(struct wire_buf *w, size_t start)
{
	if (w->overflow || w->len - start > BGP_MAX_EXT_MSG_LEN)
		return -1;
	wire_patch_u16(w, start + 16, (uint16_t)(w->len - start));
	return 0;
}

int bgp_encode_keepalive(struct wire_buf *w)
{
	return msg_end(w, msg_begin(w, BGP_MSG_KEEPALIVE));
}

/* Capability header with a length patched by cap_end. */
static size_t cap_begin(struct wire_buf *w, uint8_t code)
{
	wire_put_u8(w, code);
	wire_put_u8(w, 0);
	return w->len;
}

static void cap_end(struct wire_buf *w, size_t start)
{
	wire_patch_u8(w, start - 1, (uint8_t)(w->len - start));
}

/* A capability with no value. */
static void cap_flag(struct wire_buf *w, uint8_t code)
{
	cap_end(w, cap_begin(w, code));
}

int bgp_encode_open(struct wire_buf *w, const struct bgp_open *o)
{
	size_t start = msg_begin(w, BGP_MSG_OPEN);
	wire_put_u8(w, o->version ? o->version : 4);
	wire_put_u16(w, o->my_as);
	wire_put_u16(w, o->hold_time);
	wire_put_u32(w, o->bgp_id);
	size_t plen_at = w->len;
	wire_put_u8(w, 0);
	wire_put_u8(w, 2); /* one capabilities parameter holding all */
	size_t clen_at = w->len;
	wire_put_u8(w, 0);
	size_t c;
	for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++) {
		c = cap_begin(w, 1);
		wire_put_u16(w, o->afs[i].afi);
		wire_put_u8(w, 0);
		wire_put_u8(w, o->afs[i].safi);
		cap_end(w, c);
	}
	if (o->route_refresh)
		cap_flag(w, 2);
	if (o->extended_message)
		cap_flag(w, 6);
	if (o->has_role) {
		c = cap_begin(w, 9);
		wire_put_u8(w, o->role);
		cap_end(w, c);
	}
	if (o->as4) {
		c = cap_begin(w, 65);
		wire_put_u32(w, o->as4);
		cap_end(w, c);
	}
	bool any_addpath = false;
	for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++)
		any_addpath |= o->afs[i].addpath != 0;
	if (any_addpath) {
		c = cap_begin(w, 69);
		for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++) {
			if (!o->afs[i].addpath)
				continue;
			wire_put_u16(w, o->afs[i].afi);
			wire_put_u8(w, o->afs[i].safi);
			wire_put_u8(w, o->afs[i].addpath);
		}
		cap_end(w, c);
	}
	size_t clen = w->len - clen_at - 1;
	if (clen > 255 || w->overflow)
		return -1;
	wire_patch_u8(w, clen_at, (uint8_t)clen);
	wire_patch_u8(w, plen_at, (uint8_t)(clen + 2));
	return msg_end(w, start);
}

int bgp_encode_notification(struct wire_buf *w, uint8_t code, uint8_t subcode, const uint8_t *data,
                            size_t n)
{
	size_t start = msg_begin(w, BGP_MSG_NOTIFICATION);
	wire_put_u8(w, code);
	wire_put_u8(w, subcode);
	wire_put_bytes(w, data, n);
	return msg_end(w, start);
}

int bgp_encode_route_refresh(struct wire_buf *w, uint16_t afi, uint8_t safi)
{
	size_t start = msg_begin(w, BGP_MSG_ROUTE_REFRESH);
	wire_put_u16(w, afi);
	wire_put_u8(w, 0);
	wire_put_u8(w, safi);
	return msg_end(w, start);
}

int bgp_encode_update(struct wire_buf *w, const struct prefix *withdrawn, size_t n_withdrawn,
                      const uint8_t *attrs, size_t attrs_len, const struct prefix *nlri,
                      size_t n_nlri)
{
	size_t start = msg_begin(w, BGP_MSG_UPDATE);
	size_t wl_at = w->len;
	wire_put_u16(w, 0);
	for (size_t i = 0; i < n_withdrawn; i++)
		bgp_put_nlri(w, withdrawn[i].len, withdrawn[i].addr);
	size_t wl = w->len - wl_at - 2;
	if (wl > 65535 || attrs_len > 65535)
		return -1;
	wire_patch_u16(w, wl_at, (uint16_t)wl);
	wire_put_u16(w, (uint16_t)attrs_len);
	wire_put_bytes(w, attrs, attrs_len);
	for (size_t i = 0; i < n_nlri; i++)
		bgp_put_nlri(w, nlri[i].len, nlri[i].addr);
	return msg_end(w, start);
}

const char *bgp_msg_type_name(uint8_t type)
{
	static const char *names[] = {"UNKNOWN",      "OPEN",      "UPDATE",
	                              "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH"};
	return type < 6 ? names[type] : "UNKNOWN";
}
