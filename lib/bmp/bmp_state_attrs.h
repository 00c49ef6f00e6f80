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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Attribute bytes kept inside the set itself: most sets fit, and then a
 * lookup touches one cache line and no allocation is made. */
#define BMP_ATTR_INLINE 48

/* One interned set: 64 bytes. */
struct bmp_attr_set {
	uint32_t hash; /* the free list's next slot while free */
	uint32_t refs; /* 0 = free slot (on the free list) */
	uint16_t len;
	uint8_t asn_len;
	union {
		uint8_t *ext; /* len > BMP_ATTR_INLINE */
		uint8_t inl[BMP_ATTR_INLINE];
	} u;
};

struct bmp_attr_pool {
	struct bmp_attr_set *sets; /* index 0 is never used: 0 means "none" */
	uint32_t nsets, cap;       /* slots used (free ones included), capacity */
	uint32_t free_head;        /* free slots (asn_len 0), linked through hash */
	uint64_t *index;           /* open addressing: hash << 32 | set index, or 0 */
	uint32_t index_mask;       /* index size - 1 (a power of two) */
	uint32_t live;             /* sets with refs > 0 */
	uint32_t dead;             /* sets with refs 0, still indexed until the
	                              next rebuild (or revived by an intern) */
	size_t data_bytes;         /* bytes of sets kept outside the slots */
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

/* Drop a reference to set i. A set without references is freed at the
 * next index rebuild (when dead sets reach half the live ones) unless it
 * is interned again before. 0 is a no-op. */
void bmp_attr_unref(struct bmp_attr_pool *p, uint32_t i);

/* Set i (i != 0 and live). */
static inline const struct bmp_attr_set *bmp_attr_get(const struct bmp_attr_pool *p, uint32_t i)
{
	return &p->sets[i];
}

/* The attribute bytes of set s (s->len of them). */
static inline const uint8_t *bmp_attr_data(const struct bmp_attr_set *s)
{
	return s->len > BMP_ATTR_INLINE ? s->u.ext : s->u.inl;
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
