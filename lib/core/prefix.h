/* SPDX-License-Identifier: ISC */
/* prefix.h - IPv4/IPv6 addresses and prefixes, and AS numbers. */
#ifndef MANRS_PREFIX_H
#define MANRS_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

#define PREFIX_STRLEN 50 /* enough for "ffff:...:255.255.255.255/128" */
#define ASN_STRLEN 16

/* A prefix: family 4 or 6, length in bits, address in network byte order
 * (IPv4 uses addr[0..3], the rest is zero). Host bits are always zero. */
struct prefix {
	uint8_t family;
	uint8_t len;
	uint8_t addr[16];
};

/* Parse "a.b.c.d/len" or "x::y/len". Rejects garbage, bad lengths and set
 * host bits with a message quoting the input. A bare address is rejected
 * unless allow_host is true (then it is a /32 or /128). Returns 0 or -1. */
int prefix_parse(const char *s, struct prefix *p, struct err *e);

/* Like prefix_parse but a bare address is taken as a host prefix. */
int prefix_parse_host(const char *s, struct prefix *p, struct err *e);

/* Parse an address (no length) into p as a /32 or /128. */
int addr_parse(const char *s, struct prefix *p, struct err *e);

/* Build a prefix from raw bytes (as carried in BGP NLRI), clearing host bits.
 * Returns 0, or -1 when len exceeds the family maximum. */
int prefix_from_bytes(struct prefix *p, int family, const uint8_t *addr, unsigned len);

/* Format as "addr/len" (RFC 5952 for IPv6) into buf (>= PREFIX_STRLEN). */
char *prefix_format(const struct prefix *p, char *buf, size_t n);

/* Format only the address of p into buf. */
char *addr_format(const struct prefix *p, char *buf, size_t n);

/* Total order: family, then address, then length (shorter first). */
int prefix_cmp(const struct prefix *a, const struct prefix *b);

/* True when a and b are the same prefix (prefix_cmp == 0). Inline: every
 * hash table of prefixes calls it on its hot path. */
static inline bool prefix_equal(const struct prefix *a, const struct prefix *b)
{
	return a->family == b->family && a->len == b->len &&
	       memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16) == 0;
}

/* True when outer covers inner (same family, outer->len <= inner->len and
 * the first outer->len bits agree). A prefix contains itself. */
bool prefix_contains(const struct prefix *outer, const struct prefix *inner);

/* Bit i (0 = most significant) of the prefix address. */
static inline int prefix_bit(const struct prefix *p, unsigned i)
{
	return (p->addr[i >> 3] >> (7 - (i & 7))) & 1;
}

/* Maximum length for a family: 32 or 128. */
static inline unsigned prefix_maxlen(int family)
{
	return family == 4 ? 32 : 128;
}

/* Clear bits beyond p->len. */
void prefix_mask(struct prefix *p);

/* Parse an AS number in any notation operators write: "AS64496", "as64496",
 * "64496", asdot "1.10" or "AS1.10". Returns 0 or -1 with a message. */
int asn_parse(const char *s, uint32_t *asn, struct err *e);

/* Format as "AS64496" into buf (>= ASN_STRLEN). */
char *asn_format(uint32_t asn, char *buf, size_t n);

/* Format in asdot+ ("1.10" for 65546, plain below 65536). */
char *asn_format_asdot(uint32_t asn, char *buf, size_t n);

#endif
