/* SPDX-License-Identifier: ISC */
/* rtr_pdu.h - RPKI-to-Router PDU codec: RFC 6810 (v0), RFC 8210 (v1) and
 * draft-ietf-sidrops-8210bis (v2).
 *
 * Version 2 has two ASPA PDU layouts (enum rtr_aspa_layout): the current
 * one of draft-ietf-sidrops-8210bis-26 (rtrlib master, rpki-rs, FORT 1.7):
 * Flags (1) and zero (1) in the header's session field, Length, Customer ASN
 * and the provider ASNs, ascending; a withdrawal is exactly 12 octets and an
 * announcement needs at least one provider. And the old one of
 * draft-ietf-sidrops-8210bis-10 (StayRTR 0.5.1, the v2 peer in Debian):
 * after the 8-byte header Flags (1), AFI Flags (1: 0 = IPv4, 1 = IPv6),
 * Provider AS Count (2), Customer ASN (4) and the providers; one PDU per AFI.
 * A valid PDU shows its layout: the current one puts a nonzero flag byte at
 * offset 2 or is exactly 12 octets long, the old one has zero there and is
 * at least 16 octets long.
 *
 * The decoder never trusts a length: every field is read through a bounded
 * cursor, and an invalid PDU yields the RTR error code the RFCs prescribe. */
#ifndef MANRS_RTR_PDU_H
#define MANRS_RTR_PDU_H

#include <stddef.h>
#include <stdint.h>

#include "rpki/rpki_set.h"

#define RTR_VERSION_MAX 2
#define RTR_HDR_LEN 8
/* Largest PDU a router may send us; a router only sends queries and error
 * reports, so anything bigger is garbage. */
#define RTR_PDU_MAX 65536
/* Largest PDU we ever emit except ASPA (ASPA: 12 or 16 + 4 * providers). */
#define RTR_FIXED_PDU_MAX 32
/* Largest Error Report we emit (8210bis: at most 65,535 octets). */
#define RTR_ERROR_MAX 65535

enum rtr_pdu_type {
	RTR_SERIAL_NOTIFY = 0,
	RTR_SERIAL_QUERY = 1,
	RTR_RESET_QUERY = 2,
	RTR_CACHE_RESPONSE = 3,
	RTR_IPV4_PREFIX = 4,
	RTR_IPV6_PREFIX = 6,
	RTR_END_OF_DATA = 7,
	RTR_CACHE_RESET = 8,
	RTR_ROUTER_KEY = 9,
	RTR_ERROR_REPORT = 10,
	RTR_ASPA = 11,
};

enum rtr_error_code {
	RTR_ERR_CORRUPT_DATA = 0,
	RTR_ERR_INTERNAL = 1,
	RTR_ERR_NO_DATA = 2,
	RTR_ERR_INVALID_REQUEST = 3,
	RTR_ERR_UNSUPPORTED_VERSION = 4,
	RTR_ERR_UNSUPPORTED_PDU = 5,
	RTR_ERR_WITHDRAW_UNKNOWN = 6,
	RTR_ERR_DUPLICATE = 7,
	RTR_ERR_UNEXPECTED_VERSION = 8,
	RTR_ERR_ASPA_PROVIDER_LIST = 9,
};

/* Flag bit 0 in prefix and ASPA PDUs. */
#define RTR_FLAG_ANNOUNCE 1

/* Which ASPA PDU layout version 2 uses (see the top of this file). */
enum rtr_aspa_layout {
	RTR_ASPA_CURRENT = 0, /* draft-ietf-sidrops-8210bis-26 */
	RTR_ASPA_DRAFT10 = 1, /* draft-ietf-sidrops-8210bis-10 (StayRTR) */
	RTR_ASPA_AUTO = 2,    /* decoding only: tell from each PDU */
};

/* The draft the current layout follows, for messages and --help. */
#define RTR_ASPA_CURRENT_DRAFT "draft-ietf-sidrops-8210bis-26"

/* One decoded PDU. Pointers refer into the input buffer. */
struct rtr_pdu {
	uint8_t version;
	uint8_t type;
	uint16_t session; /* session id, or error code for Error Report */
	uint32_t length;
	union {
		uint32_t serial; /* Serial Notify, Serial Query */
		struct {
			uint32_t serial, refresh, retry, expire; /* v0: serial only */
		} eod;
		struct {
			uint8_t flags;
			struct vrp vrp;
		} prefix;
		struct {
			const uint8_t *pdu; /* encapsulated PDU */
			uint32_t pdu_len;
			const uint8_t *text; /* not NUL terminated */
			uint32_t text_len;
		} error;
		struct {
			uint8_t flags;
			uint8_t afi;    /* draft-10 only; 0 for the current layout */
			uint8_t layout; /* enum rtr_aspa_layout it was decoded as */
			uint32_t nproviders;
			uint32_t customer;
			const uint8_t *providers; /* nproviders big-endian u32 */
		} aspa;
	} u;
};

/* Why a PDU was rejected: the error code to report and a message. */
struct rtr_pdu_error {
	enum rtr_error_code code;
	uint32_t pdu_len; /* bytes of the offending PDU available to encapsulate */
	char msg[128];
};

/* Decode one PDU from buf[0..len). Returns the number of bytes it used (> 0),
 * 0 when more input is needed, or -1 with *pe filled when the PDU is invalid
 * (bad length, unknown version or type, malformed fields). ASPA PDUs are
 * read in the current layout. */
long rtr_pdu_decode(const uint8_t *buf, size_t len, struct rtr_pdu *pdu, struct rtr_pdu_error *pe);

/* rtr_pdu_decode reading ASPA PDUs in the given layout (RTR_ASPA_AUTO: the
 * layout each PDU shows). In the current layout an announcement without
 * providers, or with providers not strictly ascending, is rejected with
 * ASPA Provider List Error (9); a withdrawal longer than 12 octets with
 * Corrupt Data (0). */
long rtr_pdu_decode_layout(const uint8_t *buf, size_t len, enum rtr_aspa_layout layout,
                           struct rtr_pdu *pdu, struct rtr_pdu_error *pe);

/* The layout an ASPA PDU of this header and length shows: current when the
 * flag byte at offset 2 is nonzero or the PDU is 12 octets, else draft-10. */
enum rtr_aspa_layout rtr_aspa_layout_of(const uint8_t *hdr, uint32_t length);

/* Encoders write one PDU into out and return its length. out must hold
 * RTR_FIXED_PDU_MAX bytes (see the variable-size ones below). */
size_t rtr_put_serial_notify(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial);
size_t rtr_put_serial_query(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial);
size_t rtr_put_reset_query(uint8_t *out, uint8_t ver);
size_t rtr_put_cache_response(uint8_t *out, uint8_t ver, uint16_t session);
size_t rtr_put_cache_reset(uint8_t *out, uint8_t ver);
/* IPv4 or IPv6 Prefix PDU for v (20 or 32 bytes). */
size_t rtr_put_prefix(uint8_t *out, uint8_t ver, uint8_t flags, const struct vrp *v);
/* End of Data: 12 bytes for v0, 24 with the timers for v1 and later. */
size_t rtr_put_eod(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial, uint32_t refresh,
                   uint32_t retry, uint32_t expire);

/* Length of an ASPA PDU with n providers in a layout (current or draft-10;
 * a current-layout withdrawal has n = 0). */
static inline size_t rtr_aspa_len(enum rtr_aspa_layout layout, size_t n)
{
	return (layout == RTR_ASPA_DRAFT10 ? 16 : 12) + 4 * n;
}

/* Current-layout ASPA PDU (v2) into out, which must hold
 * rtr_aspa_len(RTR_ASPA_CURRENT, n) bytes. providers must be ascending and n
 * >= 1 for an announcement; a withdrawal (flags 0) carries none, so n is
 * ignored then. */
size_t rtr_put_aspa(uint8_t *out, uint8_t flags, uint32_t customer, const uint32_t *providers,
                    uint32_t n);

/* draft-10 ASPA PDU for one AFI (0 IPv4, 1 IPv6) into out, which must hold
 * rtr_aspa_len(RTR_ASPA_DRAFT10, n) bytes. */
size_t rtr_put_aspa_draft10(uint8_t *out, uint8_t flags, uint8_t afi, uint32_t customer,
                            const uint32_t *providers, uint16_t n);

/* Error Report encapsulating pdu[0..pdu_len) and text; returns the length,
 * or 0 when cap is too small. The encapsulated PDU and then the text are
 * cut so the report never exceeds RTR_ERROR_MAX octets (8210bis). */
size_t rtr_put_error(uint8_t *out, size_t cap, uint8_t ver, uint16_t code, const uint8_t *pdu,
                     uint32_t pdu_len, const char *text);

/* Human name of a PDU type ("Reset Query"), "unknown" otherwise. */
const char *rtr_pdu_type_name(unsigned type);

/* Human name of an error code ("Corrupt Data"), "unknown" otherwise. */
const char *rtr_error_name(unsigned code);

#endif
