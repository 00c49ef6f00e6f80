/* rtr_pdu.c - RTR PDU encode/decode through bounded cursors. */
#include "rtr/rtr_pdu.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A read cursor: every get checks the remaining length first. */
struct cursor {
	const uint8_t *p, *end;
};

static int cur_u8(struct cursor *c, uint8_t *v)
{
	if (c->end - c->p < 1)
		return -1;
	*v = *c->p++;
	return 0;
}

static int cur_u16(struct cursor *c, uint16_t *v)
{
	if (c->end - c->p < 2)
		return -1;
	*v = (uint16_t)(c->p[0] << 8 | c->p[1]);
	c->p += 2;
	return 0;
}

static int cur_u32(struct cursor *c, uint32_t *v)
{
	if (c->end - c->p < 4)
		return -1;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	return 0;
}

static int cur_bytes(struct cursor *c, const uint8_t **p, size_t n)
{
	if ((size_t)(c->end - c->p) < n)
		return -1;
	*p = c->p;
	c->p += n;
	return 0;
}

static uint8_t *put16(uint8_t *o, uint16_t v)
{
	o[0] = (uint8_t)(v >> 8);
	o[1] = (uint8_t)v;
	return o + 2;
}

static uint8_t *put32(uint8_t *o, uint32_t v)
{
	o[0] = (uint8_t)(v >> 24);
	o[1] = (uint8_t)(v >> 16);
	o[2] = (uint8_t)(v >> 8);
	o[3] = (uint8_t)v;
	return o + 4;
}

static uint8_t *put_hdr(uint8_t *o, uint8_t ver, uint8_t type, uint16_t field, uint32_t len)
{
	o[0] = ver;
	o[1] = type;
	put16(o + 2, field);
	return put32(o + 4, len);
}

/* Per type: the exact length (0 = variable, checked by the decoder), the
 * lowest version that defines it, and its name. Indexed by type. */
static const struct pdu_rule {
	const char *name;
	uint32_t len_v0, len_v1; /* exact length; 0 = variable */
	uint32_t min_len;
	uint8_t min_version;
	uint8_t known;
} pdu_rules[] = {
    [RTR_SERIAL_NOTIFY] = {"Serial Notify", 12, 12, 12, 0, 1},
    [RTR_SERIAL_QUERY] = {"Serial Query", 12, 12, 12, 0, 1},
    [RTR_RESET_QUERY] = {"Reset Query", 8, 8, 8, 0, 1},
    [RTR_CACHE_RESPONSE] = {"Cache Response", 8, 8, 8, 0, 1},
    [RTR_IPV4_PREFIX] = {"IPv4 Prefix", 20, 20, 20, 0, 1},
    [5] = {"reserved", 0, 0, 0, 0, 0},
    [RTR_IPV6_PREFIX] = {"IPv6 Prefix", 32, 32, 32, 0, 1},
    [RTR_END_OF_DATA] = {"End of Data", 12, 24, 12, 0, 1},
    [RTR_CACHE_RESET] = {"Cache Reset", 8, 8, 8, 0, 1},
    [RTR_ROUTER_KEY] = {"Router Key", 0, 0, 32, 1, 1},
    [RTR_ERROR_REPORT] = {"Error Report", 0, 0, 16, 0, 1},
    [RTR_ASPA] = {"ASPA", 0, 0, 12, 2, 1}, /* draft-10: 16, checked in the body */
};
#define NRULES (sizeof pdu_rules / sizeof pdu_rules[0])

static const char *error_names[] = {
    "Corrupt Data",
    "Internal Error",
    "No Data Available",
    "Invalid Request",
    "Unsupported Protocol Version",
    "Unsupported PDU Type",
    "Withdrawal of Unknown Record",
    "Duplicate Announcement Received",
    "Unexpected Protocol Version",
    "ASPA Provider List Error",
};

const char *rtr_pdu_type_name(unsigned type)
{
	return type < NRULES && pdu_rules[type].known ? pdu_rules[type].name : "unknown";
}

const char *rtr_error_name(unsigned code)
{
	return code < sizeof error_names / sizeof error_names[0] ? error_names[code] : "unknown";
}

static long reject(struct rtr_pdu_error *pe, enum rtr_error_code code, uint32_t avail,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static long reject(struct rtr_pdu_error *pe, enum rtr_error_code code, uint32_t avail,
                   const char *fmt, ...)
{
	va_list ap;
	pe->code = code;
	pe->pdu_len = avail;
	va_start(ap, fmt);
	vsnprintf(pe->msg, sizeof pe->msg, fmt, ap);
	va_end(ap);
	return -1;
}

static int decode_prefix(struct cursor *c, struct rtr_pdu *pdu, int family)
{
	uint8_t zero;
	const uint8_t *addr;
	size_t alen = family == 4 ? 4 : 16;
	struct vrp *v = &pdu->u.prefix.vrp;
	memset(v, 0, sizeof *v);
	v->family = (uint8_t)family;
	if (cur_u8(c, &pdu->u.prefix.flags) || cur_u8(c, &v->len) || cur_u8(c, &v->maxlen) ||
	    cur_u8(c, &zero) || cur_bytes(c, &addr, alen) || cur_u32(c, &v->asn))
		return -1;
	memcpy(v->addr, addr, alen);
	unsigned max = family == 4 ? 32 : 128;
	return v->len <= v->maxlen && v->maxlen <= max ? 0 : -1;
}

enum rtr_aspa_layout rtr_aspa_layout_of(const uint8_t *hdr, uint32_t length)
{
	return hdr[2] != 0 || length == 12 ? RTR_ASPA_CURRENT : RTR_ASPA_DRAFT10;
}

/* Why a body did not decode: plain corruption or a bad ASPA provider list. */
enum body_result { BODY_OK = 0, BODY_CORRUPT = -1, BODY_PROVIDERS = -2 };

static enum body_result decode_aspa_draft10(struct cursor *c, struct rtr_pdu *pdu)
{
	uint16_t n;
	if (cur_u8(c, &pdu->u.aspa.flags) || cur_u8(c, &pdu->u.aspa.afi) || cur_u16(c, &n) ||
	    cur_u32(c, &pdu->u.aspa.customer) ||
	    cur_bytes(c, &pdu->u.aspa.providers, 4 * (size_t)n))
		return BODY_CORRUPT;
	pdu->u.aspa.nproviders = n;
	return pdu->u.aspa.afi <= 1 ? BODY_OK : BODY_CORRUPT;
}

static uint32_t be32(const uint8_t *q)
{
	return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
}

/* 8210bis-26 5.12: flags in the header, a withdrawal names only the
 * customer, an announcement lists one or more providers in ascending order. */
static enum body_result decode_aspa_current(struct cursor *c, struct rtr_pdu *pdu)
{
	size_t rest;
	pdu->u.aspa.flags = (uint8_t)(pdu->session >> 8);
	pdu->u.aspa.afi = 0;
	if (cur_u32(c, &pdu->u.aspa.customer))
		return BODY_CORRUPT;
	rest = (size_t)(c->end - c->p);
	if (rest % 4)
		return BODY_CORRUPT;
	pdu->u.aspa.nproviders = (uint32_t)(rest / 4);
	pdu->u.aspa.providers = c->p;
	c->p = c->end;
	if (!(pdu->u.aspa.flags & RTR_FLAG_ANNOUNCE))
		return rest ? BODY_CORRUPT : BODY_OK;
	if (!rest)
		return BODY_PROVIDERS;
	for (uint32_t i = 1; i < pdu->u.aspa.nproviders; i++)
		if (be32(pdu->u.aspa.providers + 4 * (i - 1)) >=
		    be32(pdu->u.aspa.providers + 4 * i))
			return BODY_PROVIDERS;
	return BODY_OK;
}

static enum body_result decode_aspa(struct cursor *c, struct rtr_pdu *pdu,
                                    enum rtr_aspa_layout layout, const uint8_t *hdr)
{
	if (layout == RTR_ASPA_AUTO)
		layout = rtr_aspa_layout_of(hdr, pdu->length);
	pdu->u.aspa.layout = (uint8_t)layout;
	return layout == RTR_ASPA_DRAFT10 ? decode_aspa_draft10(c, pdu)
	                                  : decode_aspa_current(c, pdu);
}

static enum body_result decode_body(struct cursor *c, struct rtr_pdu *pdu,
                                    enum rtr_aspa_layout layout, const uint8_t *hdr)
{
	switch (pdu->type) {
	case RTR_SERIAL_NOTIFY:
	case RTR_SERIAL_QUERY:
		return cur_u32(c, &pdu->u.serial) ? BODY_CORRUPT : BODY_OK;
	case RTR_RESET_QUERY:
	case RTR_CACHE_RESPONSE:
	case RTR_CACHE_RESET:
	case RTR_ROUTER_KEY: /* we never hold router keys: header only */
		c->p = c->end;
		return BODY_OK;
	case RTR_IPV4_PREFIX:
		return decode_prefix(c, pdu, 4) ? BODY_CORRUPT : BODY_OK;
	case RTR_IPV6_PREFIX:
		return decode_prefix(c, pdu, 6) ? BODY_CORRUPT : BODY_OK;
	case RTR_END_OF_DATA:
		memset(&pdu->u.eod, 0, sizeof pdu->u.eod);
		if (cur_u32(c, &pdu->u.eod.serial))
			return BODY_CORRUPT;
		if (pdu->version == 0)
			return BODY_OK;
		return cur_u32(c, &pdu->u.eod.refresh) || cur_u32(c, &pdu->u.eod.retry) ||
		               cur_u32(c, &pdu->u.eod.expire)
		           ? BODY_CORRUPT
		           : BODY_OK;
	case RTR_ERROR_REPORT:
		if (cur_u32(c, &pdu->u.error.pdu_len) ||
		    cur_bytes(c, &pdu->u.error.pdu, pdu->u.error.pdu_len) ||
		    cur_u32(c, &pdu->u.error.text_len) ||
		    cur_bytes(c, &pdu->u.error.text, pdu->u.error.text_len))
			return BODY_CORRUPT;
		return BODY_OK;
	case RTR_ASPA:
		return decode_aspa(c, pdu, layout, hdr);
	}
	return BODY_CORRUPT;
}

long rtr_pdu_decode(const uint8_t *buf, size_t len, struct rtr_pdu *pdu, struct rtr_pdu_error *pe)
{
	return rtr_pdu_decode_layout(buf, len, RTR_ASPA_CURRENT, pdu, pe);
}

long rtr_pdu_decode_layout(const uint8_t *buf, size_t len, enum rtr_aspa_layout layout,
                           struct rtr_pdu *pdu, struct rtr_pdu_error *pe)
{
	struct cursor c = {buf, buf + len};
	if (len < RTR_HDR_LEN)
		return 0;
	cur_u8(&c, &pdu->version);
	cur_u8(&c, &pdu->type);
	cur_u16(&c, &pdu->session);
	cur_u32(&c, &pdu->length);
	uint32_t avail = len < pdu->length ? (uint32_t)len : pdu->length;
	if (pdu->length < RTR_HDR_LEN)
		avail = RTR_HDR_LEN;

	/* Version first: a future version may define other lengths. */
	if (pdu->version > RTR_VERSION_MAX)
		return reject(pe, RTR_ERR_UNSUPPORTED_VERSION, avail,
		              "protocol version %u not supported (max %u)", pdu->version,
		              RTR_VERSION_MAX);
	if (pdu->length < RTR_HDR_LEN || pdu->length > RTR_PDU_MAX)
		return reject(pe, RTR_ERR_CORRUPT_DATA, avail,
		              "PDU length %u out of range (type %u)", pdu->length, pdu->type);
	if (pdu->type >= NRULES || !pdu_rules[pdu->type].known ||
	    pdu->version < pdu_rules[pdu->type].min_version)
		return reject(pe, RTR_ERR_UNSUPPORTED_PDU, avail,
		              "PDU type %u not supported in version %u", pdu->type, pdu->version);
	const struct pdu_rule *r = &pdu_rules[pdu->type];
	uint32_t exact = pdu->version == 0 ? r->len_v0 : r->len_v1;
	/* Checked on the header alone so a bogus length never makes us wait. */
	if ((exact && pdu->length != exact) || pdu->length < r->min_len)
		return reject(pe, RTR_ERR_CORRUPT_DATA, avail, "%s PDU with bad length %u", r->name,
		              pdu->length);
	if (len < pdu->length)
		return 0;
	c.end = buf + pdu->length;
	enum body_result br = decode_body(&c, pdu, layout, buf);
	if (br == BODY_PROVIDERS)
		return reject(pe, RTR_ERR_ASPA_PROVIDER_LIST, pdu->length,
		              "ASPA announcement for AS%u with %s provider list",
		              pdu->u.aspa.customer,
		              pdu->u.aspa.nproviders ? "an unsorted" : "an empty");
	if (br != BODY_OK || c.p != c.end)
		return reject(pe, RTR_ERR_CORRUPT_DATA, pdu->length, "malformed %s PDU (length %u)",
		              r->name, pdu->length);
	return (long)pdu->length;
}

size_t rtr_put_serial_notify(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial)
{
	put32(put_hdr(out, ver, RTR_SERIAL_NOTIFY, session, 12), serial);
	return 12;
}

size_t rtr_put_serial_query(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial)
{
	put32(put_hdr(out, ver, RTR_SERIAL_QUERY, session, 12), serial);
	return 12;
}

size_t rtr_put_reset_query(uint8_t *out, uint8_t ver)
{
	put_hdr(out, ver, RTR_RESET_QUERY, 0, 8);
	return 8;
}

size_t rtr_put_cache_response(uint8_t *out, uint8_t ver, uint16_t session)
{
	put_hdr(out, ver, RTR_CACHE_RESPONSE, session, 8);
	return 8;
}

size_t rtr_put_cache_reset(uint8_t *out, uint8_t ver)
{
	put_hdr(out, ver, RTR_CACHE_RESET, 0, 8);
	return 8;
}

size_t rtr_put_prefix(uint8_t *out, uint8_t ver, uint8_t flags, const struct vrp *v)
{
	int v4 = v->family == 4;
	size_t alen = v4 ? 4 : 16, len = v4 ? 20 : 32;
	uint8_t *o = put_hdr(out, ver, v4 ? RTR_IPV4_PREFIX : RTR_IPV6_PREFIX, 0, (uint32_t)len);
	o[0] = flags;
	o[1] = v->len;
	o[2] = v->maxlen;
	o[3] = 0;
	memcpy(o + 4, v->addr, alen);
	put32(o + 4 + alen, v->asn);
	return len;
}

size_t rtr_put_eod(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial, uint32_t refresh,
                   uint32_t retry, uint32_t expire)
{
	if (ver == 0) {
		put32(put_hdr(out, ver, RTR_END_OF_DATA, session, 12), serial);
		return 12;
	}
	uint8_t *o = put32(put_hdr(out, ver, RTR_END_OF_DATA, session, 24), serial);
	put32(put32(put32(o, refresh), retry), expire);
	return 24;
}

size_t rtr_put_aspa(uint8_t *out, uint8_t flags, uint32_t customer, const uint32_t *providers,
                    uint32_t n)
{
	if (!(flags & RTR_FLAG_ANNOUNCE))
		n = 0;
	size_t len = rtr_aspa_len(RTR_ASPA_CURRENT, n);
	uint8_t *o = put_hdr(out, 2, RTR_ASPA, (uint16_t)(flags << 8), (uint32_t)len);
	o = put32(o, customer);
	for (uint32_t i = 0; i < n; i++)
		o = put32(o, providers[i]);
	return len;
}

size_t rtr_put_aspa_draft10(uint8_t *out, uint8_t flags, uint8_t afi, uint32_t customer,
                            const uint32_t *providers, uint16_t n)
{
	size_t len = rtr_aspa_len(RTR_ASPA_DRAFT10, n);
	uint8_t *o = put_hdr(out, 2, RTR_ASPA, 0, (uint32_t)len);
	*o++ = flags;
	*o++ = afi;
	o = put32(put16(o, n), customer);
	for (uint16_t i = 0; i < n; i++)
		o = put32(o, providers[i]);
	return len;
}

size_t rtr_put_error(uint8_t *out, size_t cap, uint8_t ver, uint16_t code, const uint8_t *pdu,
                     uint32_t pdu_len, const char *text)
{
	size_t tlen = text ? strlen(text) : 0;
	/* 8210bis: the report stays within 65,535 octets; cut the copy of the
	 * offending PDU first, then the text. */
	if (16 + (size_t)pdu_len > RTR_ERROR_MAX)
		pdu_len = RTR_ERROR_MAX - 16;
	if (16 + (size_t)pdu_len + tlen > RTR_ERROR_MAX)
		tlen = RTR_ERROR_MAX - 16 - pdu_len;
	size_t len = 16 + (size_t)pdu_len + tlen;
	if (len > cap || len > UINT32_MAX)
		return 0;
	uint8_t *o = put32(put_hdr(out, ver, RTR_ERROR_REPORT, code, (uint32_t)len), pdu_len);
	if (pdu_len)
		memcpy(o, pdu, pdu_len);
	o = put32(o + pdu_len, (uint32_t)tlen);
	if (tlen)
		memcpy(o, text, tlen);
	return len;
}
