/* SPDX-License-Identifier: ISC */
/* bmp_state_attrs.h - interned path attribute sets for the BMP route tables.
 *
 * Routers send the same attribute set for many prefixes (a table dump packs
 * them, and many routes share a path): each distinct set is stored once,
 * with a reference count, and a route holds its 32-bit index. A set is the
 * raw attribute bytes as they came in the UPDATE, normalised so that equal
 * routes give equal bytes: MP_UNREACH_NLRI is left out and MP_REACH_NLRI
 * keeps its next hop but no NLRI (bmp_attrs_normalise). The ASN size of the
 * session (2 or 4) is part of the key, since it decides how AS_PATH reads. */
#ifndef MANRS_BMP_STATE_ATTRS_H
#define MANRS_BMP_STATE_ATTRS_H

#include <stddef.h>
#include <stdint.h>

/* One interned set. */
struct bmp_attr_set {
	uint8_t *data;
	uint32_t hash;
	uint32_t refs; /* 0 = free slot (on the free list) */
	uint16_t len;
	uint8_t asn_len;
};

struct bmp_attr_pool {
	struct bmp_attr_set *sets; /* index 0 is never used: 0 means "none" */
	uint32_t nsets, cap;       /* slots used (free ones included), capacity */
	uint32_t free_head;        /* free list through data == NULL, refs == 0 */
	uint32_t *index;           /* open addressing: set index or 0 */
	uint32_t index_mask;       /* index size - 1 (a power of two) */
	uint32_t live;             /* sets with refs > 0 */
	size_t data_bytes;         /* sum of live set lengths */
};

/* An empty pool. Returns 0 or -1 when out of memory. */
int bmp_attr_pool_init(struct bmp_attr_pool *p);

/* Free every set. */
void bmp_attr_pool_free(struct bmp_attr_pool *p);

/* The index of the set equal to data/len/asn_len, created when new, with
 * one more reference. 0 when out of memory or len > 65535. */
uint32_t bmp_attr_intern(struct bmp_attr_pool *p, const uint8_t *data, size_t len, int asn_len);

/* Add a reference to set i (i != 0). */
void bmp_attr_ref(struct bmp_attr_pool *p, uint32_t i);

/* Drop a reference to set i; the set is freed with its last one. 0 is a
 * no-op. */
void bmp_attr_unref(struct bmp_attr_pool *p, uint32_t i);

/* Set i (i != 0 and live). */
static inline const struct bmp_attr_set *bmp_attr_get(const struct bmp_attr_pool *p, uint32_t i)
{
	return &p->sets[i];
}

/* Bytes held by the pool (sets, their data, the index). */
size_t bmp_attr_pool_bytes(const struct bmp_attr_pool *p);

/* Normalise len bytes of raw path attributes into out (capacity cap): drop
 * MP_UNREACH_NLRI, cut the NLRI from MP_REACH_NLRI. Returns the length
 * written, or -1 when the attributes are malformed (an attribute overruns
 * the field) or do not fit. When nothing needs changing, returns -2 and
 * writes nothing: use the input as it is. */
long bmp_attrs_normalise(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

#endif
