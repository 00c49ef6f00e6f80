/* SPDX-License-Identifier: ISC */
/* rtr_pdu.c - RTR PDU encode/decode through bounded cursors. */
#include "rtr/rtr_pdu.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/wire.h"

/* A writer over a PDU of len bytes at out (the caller provides room for
 * it), with the common header already written. */
static inline struct wire_buf pdu_begin(uint8_t *out, size_t len, uint8_t ver, uint8_t type,
                                        uint16_t field)
{
	struct wire_buf w = wire_buf_make(out, len);
	wire_put_u8(&w, ver);
	wire_put_u8(&w, type);
	wire_put_u16(&w, field);
	wire_put_u32(&w, (uint32_t)len);
	return w;
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

static int decode_prefix(struct wire_cur *c, struct rtr_pdu *pdu, int family)
{
	uint8_t zero;
	size_t alen = family == 4 ? 4 : 16;
	struct vrp *v = &pdu->u.prefix.vrp;
	memset(v, 0, sizeof *v);
	v->family = (uint8_t)family;
	if (!wire_get_u8(c, &pdu->u.prefix.flags) || !wire_get_u8(c, &v->len) ||
	    !wire_get_u8(c, &v->maxlen) || !wire_get_u8(c, &zero) ||
	    !wire_get_copy(c, v->addr, alen) || !wire_get_u32(c, &v->asn))
		return -1;
	unsigned max = family == 4 ? 32 : 128;
	return v->len <= v->maxlen && v->maxlen <= max ? 0 : -1;
}

enum rtr_aspa_layout rtr_aspa_layout_of(const uint8_t *hdr, uint32_t length)
{
	/* The current layout carries the flags in the header's third byte. */
	struct wire_cur c = wire_cur_make(hdr, RTR_HDR_LEN);
	uint8_t flags = 0;
	wire_peek_u8(&c, 2, &flags);
	return flags != 0 || length == 12 ? RTR_ASPA_CURRENT : RTR_ASPA_DRAFT10;
}

/* Why a body did not decode: plain corruption or a bad ASPA provider list. */
enum body_result { BODY_OK = 0, BODY_CORRUPT = -1, BODY_PROVIDERS = -2 };

static enum body_result decode_aspa_draft10(struct wire_cur *c, struct rtr_pdu *pdu)
{
	uint16_t n;
	if (!wire_get_u8(c, &pdu->u.aspa.flags) || !wire_get_u8(c, &pdu->u.aspa.afi) ||
	    !wire_get_u16(c, &n) || !wire_get_u32(c, &pdu->u.aspa.customer) ||
	    !wire_get_bytes(c, 4 * (size_t)n, &pdu->u.aspa.providers))
		return BODY_CORRUPT;
	pdu->u.aspa.nproviders = n;
	return pdu->u.aspa.afi <= 1 ? BODY_OK : BODY_CORRUPT;
}

/* True when the n providers (4 bytes each) at p ascend strictly. */
static bool providers_ascend(const uint8_t *p, uint32_t n)
{
	struct wire_cur c = wire_cur_make(p, 4 * (size_t)n);
	uint32_t prev = 0, cur;
	for (uint32_t i = 0; wire_get_u32(&c, &cur); i++, prev = cur)
		if (i && prev >= cur)
			return false;
	return true;
}

/* 8210bis-26 5.12: flags in the header, a withdrawal names only the
 * customer, an announcement lists one or more providers in ascending order. */
static enum body_result decode_aspa_current(struct wire_cur *c, struct rtr_pdu *pdu)
{
	size_t rest;
	pdu->u.aspa.flags = (uint8_t)(pdu->session >> 8);
	pdu->u.aspa.afi = 0;
	if (!wire_get_u32(c, &pdu->u.aspa.customer))
		return BODY_CORRUPT;
	rest = wire_left(c);
	if (rest % 4)
		return BODY_CORRUPT;
	pdu->u.aspa.nproviders = (uint32_t)(rest / 4);
	wire_get_bytes(c, rest, &pdu->u.aspa.providers);
	if (!(pdu->u.aspa.flags & RTR_FLAG_ANNOUNCE))
		return rest ? BODY_CORRUPT : BODY_OK;
	if (!rest)
		return BODY_PROVIDERS;
	return providers_ascend(pdu->u.aspa.providers, pdu->u.aspa.nproviders) ? BODY_OK
	                                                                       : BODY_PROVIDERS;
}

static enum body_result decode_aspa(struct wire_cur *c, struct rtr_pdu *pdu,
                                    enum rtr_aspa_layout layout, const uint8_t *hdr)
{
	if (layout == RTR_ASPA_AUTO)
		layout = rtr_aspa_layout_of(hdr, pdu->length);
	pdu->u.aspa.layout = (uint8_t)layout;
	return layout == RTR_ASPA_DRAFT10 ? decode_aspa_draft10(c, pdu)
	                                  : decode_aspa_current(c, pdu);
}

static enum body_result decode_body(struct wire_cur *c, struct rtr_pdu *pdu,
                                    enum rtr_aspa_layout layout, const uint8_t *hdr)
{
	switch (pdu->type) {
	case RTR_SERIAL_NOTIFY:
	case RTR_SERIAL_QUERY:
		return wire_get_u32(c, &pdu->u.serial) ? BODY_OK : BODY_CORRUPT;
	case RTR_RESET_QUERY:
	case RTR_CACHE_RESPONSE:
	case RTR_CACHE_RESET:
	case RTR_ROUTER_KEY: /* we never hold router keys: header only */
		wire_skip(c, wire_left(c));
		return BODY_OK;
	case RTR_IPV4_PREFIX:
		return decode_prefix(c, pdu, 4) ? BODY_CORRUPT : BODY_OK;
	case RTR_IPV6_PREFIX:
		return decode_prefix(c, pdu, 6) ? BODY_CORRUPT : BODY_OK;
	case RTR_END_OF_DATA:
		memset(&pdu->u.eod, 0, sizeof pdu->u.eod);
		if (!wire_get_u32(c, &pdu->u.eod.serial))
			return BODY_CORRUPT;
		if (pdu->version == 0)
			return BODY_OK;
		return wire_get_u32(c, &pdu->u.eod.refresh) && wire_get_u32(c, &pdu->u.eod.retry) &&
		               wire_get_u32(c, &pdu->u.eod.expire)
		           ? BODY_OK
		           : BODY_CORRUPT;
	case RTR_ERROR_REPORT:
		if (!wire_get_u32(c, &pdu->u.error.pdu_len) ||
		    !wire_get_bytes(c, pdu->u.error.pdu_len, &pdu->u.error.pdu) ||
		    !wire_get_u32(c, &pdu->u.error.text_len) ||
		    !wire_get_bytes(c, pdu->u.error.text_len, &pdu->u.error.text))
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
	struct wire_cur c = wire_cur_make(buf, len), body;
	if (len < RTR_HDR_LEN)
		return 0;
	wire_get_u8(&c, &pdu->version);
	wire_get_u8(&c, &pdu->type);
	wire_get_u16(&c, &pdu->session);
	wire_get_u32(&c, &pdu->length);
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
	if (!wire_sub(&c, pdu->length - RTR_HDR_LEN, &body))
		return 0;
	enum body_result br = decode_body(&body, pdu, layout, buf);
	if (br == BODY_PROVIDERS)
		return reject(pe, RTR_ERR_ASPA_PROVIDER_LIST, pdu->length,
		              "ASPA announcement for AS%u with %s provider list",
		              pdu->u.aspa.customer,
		              pdu->u.aspa.nproviders ? "an unsorted" : "an empty");
	if (br != BODY_OK || wire_left(&body))
		return reject(pe, RTR_ERR_CORRUPT_DATA, pdu->length, "malformed %s PDU (length %u)",
		              r->name, pdu->length);
	return (long)pdu->length;
}

size_t rtr_put_serial_notify(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial)
{
	struct wire_buf w = pdu_begin(out, 12, ver, RTR_SERIAL_NOTIFY, session);
	wire_put_u32(&w, serial);
	return w.len;
}

size_t rtr_put_serial_query(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial)
{
	struct wire_buf w = pdu_begin(out, 12, ver, RTR_SERIAL_QUERY, session);
	wire_put_u32(&w, serial);
	return w.len;
}

size_t rtr_put_reset_query(uint8_t *out, uint8_t ver)
{
	return pdu_begin(out, 8, ver, RTR_RESET_QUERY, 0).len;
}

size_t rtr_put_cache_response(uint8_t *out, uint8_t ver, uint16_t session)
{
	return pdu_begin(out, 8, ver, RTR_CACHE_RESPONSE, session).len;
}

size_t rtr_put_cache_reset(uint8_t *out, uint8_t ver)
{
	return pdu_begin(out, 8, ver, RTR_CACHE_RESET, 0).len;
}

/* One prefix PDU of len bytes with an alen-byte address; inlined with
 * constant lengths so the writer's bounds checks fold away. */
static inline size_t put_prefix(uint8_t *out, uint8_t ver, uint8_t type, size_t len, size_t alen,
                                uint8_t flags, const struct vrp *v)
{
	struct wire_buf w = pdu_begin(out, len, ver, type, 0);
	wire_put_u8(&w, flags);
	wire_put_u8(&w, v->len);
	wire_put_u8(&w, v->maxlen);
	wire_put_u8(&w, 0);
	wire_put_bytes(&w, v->addr, alen);
	wire_put_u32(&w, v->asn);
	return w.len;
}

size_t rtr_put_prefix(uint8_t *out, uint8_t ver, uint8_t flags, const struct vrp *v)
{
	if (v->family == 4)
		return put_prefix(out, ver, RTR_IPV4_PREFIX, 20, 4, flags, v);
	return put_prefix(out, ver, RTR_IPV6_PREFIX, 32, 16, flags, v);
}

size_t rtr_put_eod(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial, uint32_t refresh,
                   uint32_t retry, uint32_t expire)
{
	struct wire_buf w = pdu_begin(out, ver == 0 ? 12 : 24, ver, RTR_END_OF_DATA, session);
	wire_put_u32(&w, serial);
	if (ver != 0) {
		wire_put_u32(&w, refresh);
		wire_put_u32(&w, retry);
		wire_put_u32(&w, expire);
	}
	return w.len;
}

size_t rtr_put_aspa(uint8_t *out, uint8_t flags, uint32_t customer, const uint32_t *providers,
                    uint32_t n)
{
	if (!(flags & RTR_FLAG_ANNOUNCE))
		n = 0;
	size_t len = rtr_aspa_len(RTR_ASPA_CURRENT, n);
	struct wire_buf w = pdu_begin(out, len, 2, RTR_ASPA, (uint16_t)(flags << 8));
	wire_put_u32(&w, customer);
	for (uint32_t i = 0; i < n; i++)
		wire_put_u32(&w, providers[i]);
	return len;
}

size_t rtr_put_aspa_draft10(uint8_t *out, uint8_t flags, uint8_t afi, uint32_t customer,
                            const uint32_t *providers, uint16_t n)
{
	size_t len = rtr_aspa_len(RTR_ASPA_DRAFT10, n);
	struct wire_buf w = pdu_begin(out, len, 2, RTR_ASPA, 0);
	wire_put_u8(&w, flags);
	wire_put_u8(&w, afi);
	wire_put_u16(&w, n);
	wire_put_u32(&w, customer);
	for (uint16_t i = 0; i < n; i++)
		wire_put_u32(&w, providers[i]);
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
	struct wire_buf w = pdu_begin(out, len, ver, RTR_ERROR_REPORT, code);
	wire_put_u32(&w, pdu_len);
	wire_put_bytes(&w, pdu, pdu_len);
	wire_put_u32(&w, (uint32_t)tlen);
	wire_put_bytes(&w, text, tlen);
	return len;
}
