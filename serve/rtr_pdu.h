/* rtr_pdu.h - RPKI-to-Router PDU codec: RFC 6810 (v0), RFC 8210 (v1) and
 * draft-ietf-sidrops-8210bis (v2).
 *
 * Version 2 follows the ASPA PDU layout of draft-ietf-sidrops-8210bis-10 as
 * implemented by StayRTR 0.5.1 (the only v2 peer in Debian): after the
 * 8-byte header come Flags (1), AFI Flags (1: 0 = IPv4, 1 = IPv6), Provider
 * AS Count (2), Customer ASN (4) and the provider ASNs; one PDU per AFI.
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
/* Largest PDU we ever emit except ASPA (ASPA: 16 + 4 * providers). */
#define RTR_FIXED_PDU_MAX 32

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
			uint8_t flags, afi;
			uint16_t nproviders;
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
 * (bad length, unknown version or type, malformed fields). */
long rtr_pdu_decode(const uint8_t *buf, size_t len, struct rtr_pdu *pdu,
		    struct rtr_pdu_error *pe);

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
size_t rtr_put_eod(uint8_t *out, uint8_t ver, uint16_t session, uint32_t serial,
		   uint32_t refresh, uint32_t retry, uint32_t expire);

/* Length of an ASPA PDU with n providers. */
static inline size_t rtr_aspa_len(size_t n)
{
	return 16 + 4 * n;
}

/* ASPA PDU (v2) into out, which must hold rtr_aspa_len(n) bytes. */
size_t rtr_put_aspa(uint8_t *out, uint8_t flags, uint8_t afi, uint32_t customer,
		    const uint32_t *providers, uint16_t n);

/* Error Report encapsulating pdu[0..pdu_len) and text; returns the length,
 * or 0 when cap is too small. */
size_t rtr_put_error(uint8_t *out, size_t cap, uint8_t ver, uint16_t code, const uint8_t *pdu,
		     uint32_t pdu_len, const char *text);

/* Human name of a PDU type ("Reset Query"), "unknown" otherwise. */
const char *rtr_pdu_type_name(unsigned type);

/* Human name of an error code ("Corrupt Data"), "unknown" otherwise. */
const char *rtr_error_name(unsigned code);

#endif
