/* SPDX-License-Identifier: ISC */
/* bmp_state_attrs.c - interned attribute sets: a slot array with a free
 * list, and an open-addressing index (linear probing, backward-shift
 * deletion, so no tombstones pile up under churn). */
#include "bmp/bmp_state_attrs.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

#define ATTR_MP_REACH 14
#define ATTR_MP_UNREACH 15
#define ATTR_FLAG_EXTLEN 0x10

/* A word-at-a-time hash (64-bit multiply-xorshift); the input is small. */
static uint32_t attrs_hash(const uint8_t *d, size_t n, int asn_len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull) ^ (uint64_t)asn_len;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, d, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
		h ^= h >> 29;
		d += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, d, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 32;
	return (uint32_t)h;
}

/* An index slot holds the set's hash beside its index, so probing and
 * deleting compare slots without touching the sets (a cache miss each). */
static inline uint64_t slot_make(uint32_t hash, uint32_t i)
{
	return (uint64_t)hash << 32 | i;
}

static inline uint32_t slot_set(uint64_t v)
{
	return (uint32_t)v;
}

static inline uint32_t slot_hash(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

int bmp_attr_pool_init(struct bmp_attr_pool *p)
{
	memset(p, 0, sizeof *p);
	p->index = calloc(1024, sizeof *p->index);
	if (!p->index)
		return -1;
	p->index_mask = 1023;
	p->nsets = 1; /* slot 0 stays unused */
	return 0;
}

/* A slot holding a set, live or dead (refs 0, still indexed); free slots
 * have asn_len 0. */
static bool slot_used(const struct bmp_attr_set *s)
{
	return s->asn_len != 0;
}

void bmp_attr_pool_free(struct bmp_attr_pool *p)
{
	for (uint32_t i = 1; i < p->nsets; i++)
		if (slot_used(&p->sets[i]) && p->sets[i].len > BMP_ATTR_INLINE)
			free(p->sets[i].u.ext);
	free(p->sets);
	free(p->index);
	memset(p, 0, sizeof *p);
}

/* Free the dead sets and rebuild the index (size entries) from the live
 * ones: one sequential pass, paid for by the unrefs that made them dead. */
static int rebuild(struct bmp_attr_pool *p, uint32_t size)
{
	uint64_t *ix = calloc(size, sizeof *ix);
	if (!ix)
		return -1;
	for (uint32_t i = 1; i < p->nsets; i++) {
		struct bmp_attr_set *s = &p->sets[i];
		if (!slot_used(s))
			continue;
		if (!s->refs) {
			if (s->len > BMP_ATTR_INLINE) {
				free(s->u.ext);
				p->data_bytes -= s->len;
			}
			s->asn_len = 0;
			s->hash = p->free_head; /* the free list runs through hash */
			p->free_head = i;
			continue;
		}
		uint32_t j = s->hash & (size - 1);
		while (ix[j])
			j = (j + 1) & (size - 1);
		ix[j] = slot_make(s->hash, i);
	}
	free(p->index);
	p->index = ix;
	p->index_mask = size - 1;
	p->dead = 0;
	return 0;
}

static uint32_t slot_take(struct bmp_attr_pool *p)
{
	if (p->free_head) {
		uint32_t i = p->free_head;
		p->free_head = p->sets[i].hash;
		return i;
	}
	if (p->nsets == UINT32_MAX)
		return 0;
	if (p->nsets >= p->cap) {
		size_t cap = p->cap;
		struct bmp_attr_set *s = GROW(p->sets, cap, (size_t)p->nsets + 1);
		if (!s)
			return 0;
		p->sets = s;
		p->cap = (uint32_t)(cap > UINT32_MAX ? UINT32_MAX : cap);
	}
	return p->nsets++;
}

uint32_t bmp_attr_intern(struct bmp_attr_pool *p, const uint8_t *data, size_t len, int asn_len)
{
	if (len > 65535)
		return 0;
	asn_len = asn_len == 2 ? 2 : 4; /* never 0: that marks a free slot */
	uint32_t h = attrs_hash(data, len, asn_len);
	uint32_t j = h & p->index_mask;
	for (uint64_t v; (v = p->index[j]) != 0; j = (j + 1) & p->index_mask) {
		if (slot_hash(v) != h)
			continue;
		uint32_t i = slot_set(v);
		struct bmp_attr_set *s = &p->sets[i];
		if (s->len == len && s->asn_len == asn_len &&
		    !memcmp(bmp_attr_data(s), data, len)) {
			if (!s->refs++) { /* a dead set comes back */
				p->dead--;
				p->live++;
			}
			return i;
		}
	}
	if ((uint64_t)(p->live + p->dead + 1) * 4 > (uint64_t)(p->index_mask + 1) * 3) {
		uint32_t size = p->index_mask + 1;
		if ((uint64_t)(p->live + 1) * 2 > size) /* grow unless purging makes room */
			size *= 2;
		if (rebuild(p, size) < 0)
			return 0;
		return bmp_attr_intern(p, data, len, asn_len);
	}
	uint8_t *copy = NULL;
	if (len > BMP_ATTR_INLINE && !(copy = malloc(len)))
		return 0;
	uint32_t i = slot_take(p);
	if (!i) {
		free(copy);
		return 0;
	}
	struct bmp_attr_set *s = &p->sets[i];
	s->hash = h;
	s->refs = 1;
	s->len = (uint16_t)len;
	s->asn_len = (uint8_t)asn_len;
	if (copy) {
		memcpy(copy, data, len);
		s->u.ext = copy;
		p->data_bytes += len;
	} else {
		memcpy(s->u.inl, data, len);
	}
	p->index[j] = slot_make(h, i);
	p->live++;
	return i;
}

void bmp_attr_ref(struct bmp_attr_pool *p, uint32_t i)
{
	p->sets[i].refs++;
}

void bmp_attr_unref(struct bmp_attr_pool *p, uint32_t i)
{
	if (!i || --p->sets[i].refs)
		return;
	/* Dead, not yet freed: no index probe here (a cache miss per route
	 * replaced); the next rebuild frees it, or an intern revives it. */
	p->live--;
	p->dead++;
	if (p->dead > p->live / 2 + 4096)
		rebuild(p, p->index_mask + 1);
}

size_t bmp_attr_pool_bytes(const struct bmp_attr_pool *p)
{
	return (size_t)p->cap * sizeof *p->sets + (size_t)(p->index_mask + 1) * sizeof *p->index +
	       p->data_bytes;
}

/* Copy n bytes to out at *o when they fit. */
static int put(uint8_t *out, size_t cap, size_t *o, const uint8_t *d, size_t n)
{
	if (*o + n > cap)
		return -1;
	memcpy(out + *o, d, n);
	*o += n;
	return 0;
}

/* MP_REACH_NLRI without its NLRI: AFI, SAFI, next hop, reserved byte. */
static int put_mp_reach(uint8_t *out, size_t cap, size_t *o, uint8_t flags, const uint8_t *v,
                        size_t vlen)
{
	if (vlen < 5 || (size_t)v[3] + 5 > vlen)
		return -1;
	size_t keep = (size_t)v[3] + 5;
	uint8_t hdr[3] = {(uint8_t)(flags & ~ATTR_FLAG_EXTLEN), ATTR_MP_REACH, (uint8_t)keep};
	if (keep > 255)
		return -1;
	if (put(out, cap, o, hdr, 3) < 0)
		return -1;
	return put(out, cap, o, v, keep);
}

long bmp_attrs_normalise(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	int changed = 0;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		if (len - i < 3)
			return -1;
		uint8_t flags = in[i], type = in[i + 1];
		size_t hl = (flags & ATTR_FLAG_EXTLEN) ? 4 : 3;
		if (len - i < hl)
			return -1;
		size_t vlen = hl == 4 ? ((size_t)in[i + 2] << 8 | in[i + 3]) : in[i + 2];
		if (len - i - hl < vlen)
			return -1;
		const uint8_t *v = in + i + hl;
		if (type == ATTR_MP_UNREACH) {
			changed = 1;
		} else if (type == ATTR_MP_REACH) {
			changed = 1;
			if (put_mp_reach(out, cap, &o, flags, v, vlen) < 0)
				return -1;
		} else if (put(out, cap, &o, in + i, hl + vlen) < 0) {
			return -1;
		}
		i += hl + vlen;
	}
	return changed ? (long)o : -2;
}
