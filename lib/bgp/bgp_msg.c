/* bgp_msg.c - BGP-4 message framing, decoding and encoding. */
#include "bgp/bgp_msg.h"

#include <string.h>

static int at(struct err *e, size_t off, const char *msg)
{
	err_set(e, "%s at byte %zu", msg, off);
	if (e) {
		e->offset = off;
		e->has_offset = 1;
	}
	return -1;
}

int bgp_msg_frame(const uint8_t *p, size_t n, size_t max_len, struct bgp_msg *m, size_t *used,
		  struct err *e)
{
	if (n < BGP_HEADER_LEN)
		return 0;
	for (int i = 0; i < 16; i++)
		if (p[i] != 0xff)
			return at(e, (size_t)i, "BGP marker is not all ones");
	uint16_t len = bgp_get16(p + 16);
	if (len < BGP_HEADER_LEN || len > max_len)
		return at(e, 16, "BGP message length out of range");
	if (n < len)
		return 0;
	m->type = p[18];
	m->len = len;
	m->body = p + BGP_HEADER_LEN;
	m->body_len = (size_t)len - BGP_HEADER_LEN;
	*used = len;
	return 1;
}

int bgp_update_parse(const uint8_t *body, size_t n, struct bgp_update *u, struct err *e)
{
	struct bgp_cur c = bgp_cur_make(body, n);
	uint16_t wl, al;
	if (!bgp_cur_u16(&c, &wl) || !bgp_cur_bytes(&c, wl, &u->withdrawn))
		return at(e, 0, "UPDATE withdrawn routes length overruns the message");
	u->withdrawn_len = wl;
	if (!bgp_cur_u16(&c, &al) || !bgp_cur_bytes(&c, al, &u->attrs))
		return at(e, 2 + (size_t)wl, "UPDATE path attribute length overruns the message");
	u->attrs_len = al;
	u->nlri = c.p;
	u->nlri_len = bgp_cur_left(&c);
	return 0;
}

void bgp_nlri_init(struct bgp_nlri_iter *it, const uint8_t *p, size_t n, int family,
		   bool addpath)
{
	it->c = bgp_cur_make(p, n);
	it->family = family;
	it->addpath = addpath;
}

int bgp_nlri_next(struct bgp_nlri_iter *it, struct prefix *p, uint32_t *path_id,
		  const uint8_t *start, struct err *e)
{
	if (bgp_cur_left(&it->c) == 0)
		return 0;
	size_t off = start ? (size_t)(it->c.p - start) : 0;
	uint32_t id = 0;
	uint8_t len;
	const uint8_t *bytes;
	if (it->addpath && !bgp_cur_u32(&it->c, &id))
		return at(e, off, "NLRI path identifier truncated");
	if (!bgp_cur_u8(&it->c, &len))
		return at(e, off, "NLRI truncated");
	if (len > prefix_maxlen(it->family))
		return at(e, off, "NLRI prefix length too long");
	if (!bgp_cur_bytes(&it->c, ((size_t)len + 7) / 8, &bytes))
		return at(e, off, "NLRI prefix truncated");
	prefix_from_bytes(p, it->family, bytes, len);
	*path_id = id;
	return 1;
}

/* Capabilities inside optional parameter type 2. */
static int parse_caps(struct bgp_cur c, struct bgp_open *o, const uint8_t *body, struct err *e)
{
	while (bgp_cur_left(&c)) {
		size_t off = (size_t)(c.p - body);
		uint8_t code, len;
		struct bgp_cur v;
		if (!bgp_cur_u8(&c, &code) || !bgp_cur_u8(&c, &len) || !bgp_cur_sub(&c, len, &v))
			return at(e, off, "OPEN capability overruns its parameter");
		switch (code) {
		case 1: { /* multiprotocol */
			uint16_t afi;
			uint8_t res, safi;
			if (len != 4 || !bgp_cur_u16(&v, &afi) || !bgp_cur_u8(&v, &res) ||
			    !bgp_cur_u8(&v, &safi))
				return at(e, off, "bad multiprotocol capability");
			if (o->n_afs < BGP_OPEN_MAX_AFS) {
				o->afs[o->n_afs].afi = afi;
				o->afs[o->n_afs].safi = safi;
				o->afs[o->n_afs].addpath = 0;
				o->n_afs++;
			}
			break;
		}
		case 2: o->route_refresh = true; break;
		case 6: o->extended_message = true; break;
		case 9:
			if (len != 1)
				return at(e, off, "bad role capability");
			o->has_role = true;
			o->role = v.p[0];
			break;
		case 65:
			if (len != 4 || !bgp_cur_u32(&v, &o->as4))
				return at(e, off, "bad 4-byte ASN capability");
			break;
		case 69: /* ADD-PATH: (afi, safi, send/receive) triples */
			while (bgp_cur_left(&v) >= 4) {
				uint16_t afi = 0;
				uint8_t safi = 0, sr = 0;
				bgp_cur_u16(&v, &afi);
				bgp_cur_u8(&v, &safi);
				bgp_cur_u8(&v, &sr);
				for (size_t i = 0; i < o->n_afs; i++)
					if (o->afs[i].afi == afi && o->afs[i].safi == safi)
						o->afs[i].addpath = sr;
			}
			if (bgp_cur_left(&v))
				return at(e, off, "bad ADD-PATH capability");
			break;
		default: break; /* unknown capabilities are ignored (RFC 5492) */
		}
	}
	return 0;
}

int bgp_open_parse(const uint8_t *body, size_t n, struct bgp_open *o, struct err *e)
{
	memset(o, 0, sizeof *o);
	struct bgp_cur c = bgp_cur_make(body, n);
	uint8_t plen;
	struct bgp_cur params;
	if (!bgp_cur_u8(&c, &o->version) || !bgp_cur_u16(&c, &o->my_as) ||
	    !bgp_cur_u16(&c, &o->hold_time) || !bgp_cur_u32(&c, &o->bgp_id) ||
	    !bgp_cur_u8(&c, &plen) || !bgp_cur_sub(&c, plen, &params))
		return at(e, 0, "OPEN truncated");
	while (bgp_cur_left(&params)) {
		size_t off = (size_t)(params.p - body);
		uint8_t type, len;
		struct bgp_cur v;
		if (!bgp_cur_u8(&params, &type) || !bgp_cur_u8(&params, &len) ||
		    !bgp_cur_sub(&params, len, &v))
			return at(e, off, "OPEN optional parameter overruns");
		if (type == 2 && parse_caps(v, o, body, e) < 0)
			return -1;
	}
	return 0;
}

int bgp_notification_parse(const uint8_t *body, size_t n, struct bgp_notification *m,
			   struct err *e)
{
	if (n < 2)
		return at(e, 0, "NOTIFICATION truncated");
	m->code = body[0];
	m->subcode = body[1];
	m->data = body + 2;
	m->data_len = n - 2;
	return 0;
}

int bgp_route_refresh_parse(const uint8_t *body, size_t n, struct bgp_route_refresh *m,
			    struct err *e)
{
	if (n != 4)
		return at(e, 0, "ROUTE-REFRESH must be 4 bytes");
	m->afi = bgp_get16(body);
	m->subtype = body[2];
	m->safi = body[3];
	return 0;
}

/* Header with a length patched by msg_end. */
static size_t msg_begin(struct bgp_wbuf *w, uint8_t type)
{
	size_t start = w->len;
	for (int i = 0; i < 16; i++)
		bgp_put8(w, 0xff);
	bgp_put16(w, 0);
	bgp_put8(w, type);
	return start;
}

static int msg_end(struct bgp_wbuf *w, size_t start)
{
	if (w->overflow || w->len - start > BGP_MAX_EXT_MSG_LEN)
		return -1;
	bgp_patch16(w, start + 16, (uint16_t)(w->len - start));
	return 0;
}

int bgp_encode_keepalive(struct bgp_wbuf *w)
{
	return msg_end(w, msg_begin(w, BGP_MSG_KEEPALIVE));
}

static void cap(struct bgp_wbuf *w, uint8_t code, const uint8_t *v, uint8_t n)
{
	bgp_put8(w, code);
	bgp_put8(w, n);
	bgp_put(w, v, n);
}

int bgp_encode_open(struct bgp_wbuf *w, const struct bgp_open *o)
{
	size_t start = msg_begin(w, BGP_MSG_OPEN);
	bgp_put8(w, o->version ? o->version : 4);
	bgp_put16(w, o->my_as);
	bgp_put16(w, o->hold_time);
	bgp_put32(w, o->bgp_id);
	size_t plen_at = w->len;
	bgp_put8(w, 0);
	bgp_put8(w, 2); /* one capabilities parameter holding all */
	size_t clen_at = w->len;
	bgp_put8(w, 0);
	for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++) {
		uint8_t v[4] = {(uint8_t)(o->afs[i].afi >> 8), (uint8_t)o->afs[i].afi, 0,
				o->afs[i].safi};
		cap(w, 1, v, 4);
	}
	if (o->route_refresh)
		cap(w, 2, NULL, 0);
	if (o->extended_message)
		cap(w, 6, NULL, 0);
	if (o->has_role)
		cap(w, 9, &o->role, 1);
	if (o->as4) {
		uint8_t v[4] = {(uint8_t)(o->as4 >> 24), (uint8_t)(o->as4 >> 16),
				(uint8_t)(o->as4 >> 8), (uint8_t)o->as4};
		cap(w, 65, v, 4);
	}
	uint8_t ap[4 * BGP_OPEN_MAX_AFS];
	uint8_t nap = 0;
	for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++) {
		if (!o->afs[i].addpath)
			continue;
		ap[nap++] = (uint8_t)(o->afs[i].afi >> 8);
		ap[nap++] = (uint8_t)o->afs[i].afi;
		ap[nap++] = o->afs[i].safi;
		ap[nap++] = o->afs[i].addpath;
	}
	if (nap)
		cap(w, 69, ap, nap);
	size_t clen = w->len - clen_at - 1;
	if (clen > 255 || w->overflow)
		return -1;
	w->buf[clen_at] = (uint8_t)clen;
	w->buf[plen_at] = (uint8_t)(clen + 2);
	return msg_end(w, start);
}

int bgp_encode_notification(struct bgp_wbuf *w, uint8_t code, uint8_t subcode,
			    const uint8_t *data, size_t n)
{
	size_t start = msg_begin(w, BGP_MSG_NOTIFICATION);
	bgp_put8(w, code);
	bgp_put8(w, subcode);
	bgp_put(w, data, n);
	return msg_end(w, start);
}

int bgp_encode_route_refresh(struct bgp_wbuf *w, uint16_t afi, uint8_t safi)
{
	size_t start = msg_begin(w, BGP_MSG_ROUTE_REFRESH);
	bgp_put16(w, afi);
	bgp_put8(w, 0);
	bgp_put8(w, safi);
	return msg_end(w, start);
}

int bgp_encode_update(struct bgp_wbuf *w, const struct prefix *withdrawn, size_t n_withdrawn,
		      const uint8_t *attrs, size_t attrs_len, const struct prefix *nlri,
		      size_t n_nlri)
{
	size_t start = msg_begin(w, BGP_MSG_UPDATE);
	size_t wl_at = w->len;
	bgp_put16(w, 0);
	for (size_t i = 0; i < n_withdrawn; i++)
		bgp_put_nlri(w, withdrawn[i].len, withdrawn[i].addr);
	size_t wl = w->len - wl_at - 2;
	if (wl > 65535 || attrs_len > 65535)
		return -1;
	bgp_patch16(w, wl_at, (uint16_t)wl);
	bgp_put16(w, (uint16_t)attrs_len);
	bgp_put(w, attrs, attrs_len);
	for (size_t i = 0; i < n_nlri; i++)
		bgp_put_nlri(w, nlri[i].len, nlri[i].addr);
	return msg_end(w, start);
}

const char *bgp_msg_type_name(uint8_t type)
{
	static const char *names[] = {"UNKNOWN", "OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE",
				      "ROUTE-REFRESH"};
	return type < 6 ? names[type] : "UNKNOWN";
}
