/* SPDX-License-Identifier: ISC */
/* asn_slab.c - per-length chunks of AS-number arrays with free lists. */
#include <stdlib.h>

#include "core/grow.h"
#include "detect/asn_slab.h"

/* Chunks start small (a table with few paths of a length stays small) and
 * double up to ASN_SLAB_CHUNK slots. */
static uint32_t *chunk_slot(struct asn_slab_class *c, size_t n)
{
	if (c->nchunks && c->used < c->last_slots)
		return c->chunks[c->nchunks - 1] + n * c->used++;
	size_t slots = c->last_slots ? c->last_slots * 2 : 16;
	if (slots > ASN_SLAB_CHUNK)
		slots = ASN_SLAB_CHUNK;
	uint32_t **v = GROW(c->chunks, c->chunks_cap, c->nchunks + 1);
	if (!v)
		return NULL;
	c->chunks = v;
	uint32_t *chunk = malloc(slots * n * sizeof *chunk);
	if (!chunk)
		return NULL;
	c->chunks[c->nchunks++] = chunk;
	c->last_slots = slots;
	c->total_slots += slots;
	c->used = 1;
	return chunk;
}

uint32_t *asn_slab_alloc(struct asn_slab *s, size_t n)
{
	if (n > ASN_SLAB_CLASSES) {
		uint32_t *a = n <= SIZE_MAX / sizeof *a ? malloc(n * sizeof *a) : NULL;
		if (a)
			s->big_bytes += n * sizeof *a;
		return a;
	}
	struct asn_slab_class *c = &s->cls[n - 1];
	if (c->nfree)
		return c->free[--c->nfree];
	return chunk_slot(c, n);
}

void asn_slab_free(struct asn_slab *s, uint32_t *a, size_t n)
{
	if (!a)
		return;
	if (n > ASN_SLAB_CLASSES) {
		s->big_bytes -= n * sizeof *a;
		free(a);
		return;
	}
	struct asn_slab_class *c = &s->cls[n - 1];
	uint32_t **v = GROW(c->free, c->free_cap, c->nfree + 1);
	if (!v)
		return; /* the slot is lost, not corrupted: it stays in its chunk */
	c->free = v;
	c->free[c->nfree++] = a;
}

void asn_slab_destroy(struct asn_slab *s)
{
	for (size_t i = 0; i < ASN_SLAB_CLASSES; i++) {
		struct asn_slab_class *c = &s->cls[i];
		for (size_t j = 0; j < c->nchunks; j++)
			free(c->chunks[j]);
		free(c->chunks);
		free(c->free);
	}
}

size_t asn_slab_bytes(const struct asn_slab *s)
{
	size_t n = s->big_bytes;
	for (size_t i = 0; i < ASN_SLAB_CLASSES; i++) {
		const struct asn_slab_class *c = &s->cls[i];
		n += c->total_slots * (i + 1) * sizeof(uint32_t);
		n += c->chunks_cap * sizeof *c->chunks + c->free_cap * sizeof *c->free;
	}
	return n;
}
