/* SPDX-License-Identifier: ISC */
/* asn_slab.h - storage for many short AS-number arrays (interned AS paths)
 * without a malloc per array.
 *
 * Arrays of length 1..ASN_SLAB_CLASSES live in per-length chunks (16
 * slots, doubling up to ASN_SLAB_CHUNK) that never move (pointers stay valid until the
 * array is freed); freed slots are reused first. Longer arrays fall back to
 * malloc. */
#ifndef MANRS_ASN_SLAB_H
#define MANRS_ASN_SLAB_H

#include <stddef.h>
#include <stdint.h>

#define ASN_SLAB_CLASSES 48
#define ASN_SLAB_CHUNK 1024

struct asn_slab_class {
	uint32_t **chunks;
	size_t nchunks, chunks_cap;
	size_t used;        /* slots handed out from the last chunk */
	size_t last_slots;  /* size of the last chunk */
	size_t total_slots; /* in all chunks */
	uint32_t **free;
	size_t nfree, free_cap;
};

struct asn_slab {
	struct asn_slab_class cls[ASN_SLAB_CLASSES];
	size_t big_bytes; /* held by malloc'd long arrays */
};

/* Room for n ASNs (n > 0); NULL when out of memory. */
uint32_t *asn_slab_alloc(struct asn_slab *s, size_t n);

/* Give back a from asn_slab_alloc(s, n). */
void asn_slab_free(struct asn_slab *s, uint32_t *a, size_t n);

/* Free every chunk. Long (malloc'd) arrays still held are the caller's to
 * free with asn_slab_free first. */
void asn_slab_destroy(struct asn_slab *s);

/* Bytes held (chunks, free lists, long arrays). */
size_t asn_slab_bytes(const struct asn_slab *s);

#endif
