/* SPDX-License-Identifier: ISC */
/* bgp_msg.h - BGP-4 messages (RFC 4271): decode and encode.
 *
 * Decoders are zero-copy and bounds-checked: results point into the input.
 * Path attributes are decoded by bgp_attr.h. Encoders write into a
 * struct wire_buf (core/wire.h) and report overflow instead of writing past
 * the buffer. */
#ifndef MANRS_BGP_MSG_H
#define MANRS_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_types.h"
#include "core/wire.h"
#include "core/err.h"
#include "core/prefix.h"

/* A framed message: type and the body after the 19-byte header. */
struct bgp_msg {
	uint8_t type;
	uint16_t len; /* total length from the header */
	const uint8_t *body;
	size_t body_len;
};

/* Frame one message from p (n bytes available). max_len is 4096, or 65535
 * with the extended message capability (RFC 8654). Returns 1 with m filled
 * and *used set, 0 when more bytes are needed, -1 with e set when the
 * header is invalid (bad marker, length out of range). */
int bgp_msg_frame(const uint8_t *p, size_t n, size_t max_len, struct bgp_msg *m, size_t *used,
                  struct err *e);

/* UPDATE body split into its three parts. */
struct bgp_update {
	const uint8_t *withdrawn;
	size_t withdrawn_len;
	const uint8_t *attrs;
	size_t attrs_len;
	const uint8_t *nlri;
	size_t nlri_len;
};

/* Split an UPDATE body. Returns 0, or -1 with e set when the withdrawn or
 * attribute length overruns the body. */
int bgp_update_parse(const uint8_t *body, size_t n, struct bgp_update *u, struct err *e);

/* Iterates over NLRI-encoded prefixes (withdrawn routes, NLRI, MP_*). */
struct bgp_nlri_iter {
	struct wire_cur c;
	int family;   /* 4 or 6 */
	bool addpath; /* each prefix preceded by a 4-byte path identifier */
};

/* Start iterating n bytes at p. */
void bgp_nlri_init(struct bgp_nlri_iter *it, const uint8_t *p, size_t n, int family, bool addpath);

/* Next prefix: 1 with p (host bits cleared) and *path_id (0 without
 * ADD-PATH), 0 at the end, -1 with e set on a bad length or truncation
 * (e->offset is relative to the start). */
int bgp_nlri_next(struct bgp_nlri_iter *it, struct prefix *p, uint32_t *path_id,
                  const uint8_t *start, struct err *e);

#define BGP_OPEN_MAX_AFS 16

/* An OPEN with the capabilities manrs cares about (RFC 5492). */
struct bgp_open {
	uint8_t version;
	uint16_t my_as; /* AS_TRANS (23456) when the 4-byte ASN is used */
	uint16_t hold_time;
	uint32_t bgp_id;
	uint32_t as4;          /* 4-byte ASN capability (RFC 6793), 0 if absent */
	bool route_refresh;    /* RFC 2918 */
	bool extended_message; /* RFC 8654 */
	bool has_role;         /* RFC 9234 */
	uint8_t role;          /* 0 provider, 1 RS, 2 RS-client, 3 customer, 4 peer */
	size_t n_afs;          /* multiprotocol (RFC 4760) */
	struct {
		uint16_t afi;
		uint8_t safi;
		uint8_t addpath; /* ADD-PATH (RFC 7911): 1 receive, 2 send, 3 both */
	} afs[BGP_OPEN_MAX_AFS];
};

/* Decode an OPEN body. Returns 0 or -1 with e set. */
int bgp_open_parse(const uint8_t *body, size_t n, struct bgp_open *o, struct err *e);

/* The AS of an OPEN: the 4-byte capability when present. */
static inline uint32_t bgp_open_asn(const struct bgp_open *o)
{
	return o->as4 ? o->as4 : o->my_as;
}

struct bgp_notification {
	uint8_t code, subcode;
	const uint8_t *data;
	size_t data_len;
};

/* Decode a NOTIFICATION body. Returns 0 or -1 with e set. */
int bgp_notification_parse(const uint8_t *body, size_t n, struct bgp_notification *m,
                           struct err *e);

struct bgp_route_refresh {
	uint16_t afi;
	uint8_t subtype; /* RFC 7313: 0 normal, 1 BoRR, 2 EoRR */
	uint8_t safi;
};

/* Decode a ROUTE-REFRESH body. Returns 0 or -1 with e set. */
int bgp_route_refresh_parse(const uint8_t *body, size_t n, struct bgp_route_refresh *m,
                            struct err *e);

/* Encoders: each writes one whole message (header included) to w. They
 * return 0, or -1 when w overflowed or a length field would. */
int bgp_encode_keepalive(struct wire_buf *w);
int bgp_encode_open(struct wire_buf *w, const struct bgp_open *o);
int bgp_encode_notification(struct wire_buf *w, uint8_t code, uint8_t subcode, const uint8_t *data,
                            size_t n);
int bgp_encode_route_refresh(struct wire_buf *w, uint16_t afi, uint8_t safi);

/* An UPDATE with classic IPv4 withdrawn routes and NLRI and already encoded
 * path attributes (which may carry MP_REACH/MP_UNREACH for IPv6). */
int bgp_encode_update(struct wire_buf *w, const struct prefix *withdrawn, size_t n_withdrawn,
                      const uint8_t *attrs, size_t attrs_len, const struct prefix *nlri,
                      size_t n_nlri);

/* Append a prefix in NLRI form: length byte then ceil(len/8) address bytes. */
static inline void bgp_put_nlri(struct wire_buf *w, uint8_t len, const uint8_t *addr)
{
	wire_put_u8(w, len);
	wire_put_bytes(w, addr, (size_t)(len + 7) / 8);
}

/* Name of a message type ("UPDATE") or "UNKNOWN". */
const char *bgp_msg_type_name(uint8_t type);

#endif
