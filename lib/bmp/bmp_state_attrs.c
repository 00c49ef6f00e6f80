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

void bmp_attr_pool_free(struct bmp_attr_pool *p)
{
	for (uint32_t i = 1; i < p->nsets; i++)
		free(p->sets[i].data);
	free(p->sets);
	free(p->index);
	memset(p, 0, sizeof *p);
}

static int index_grow(struct bmp_attr_pool *p)
{
	uint32_t size = (p->index_mask + 1) * 2;
	uint32_t *ix = calloc(size, sizeof *ix);
	if (!ix)
		return -1;
	for (uint32_t i = 1; i < p->nsets; i++) {
		if (!p->sets[i].refs)
			continue;
		uint32_t j = p->sets[i].hash & (size - 1);
		while (ix[j])
			j = (j + 1) & (size - 1);
		ix[j] = i;
	}
	free(p->index);
	p->index = ix;
	p->index_mask = size - 1;
	return 0;
}

static uint32_t slot_take(struct bmp_attr_pool *p)
{
	if (p->free_head) {
		uint32_t i = p->free_head;
		p->free_head = p->sets[i].hash; /* the free list runs through hash */
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
	uint32_t h = attrs_hash(data, len, asn_len);
	uint32_t j = h & p->index_mask;
	for (uint32_t i; (i = p->index[j]) != 0; j = (j + 1) & p->index_mask) {
		struct bmp_attr_set *s = &p->sets[i];
		if (s->hash == h && s->len == len && s->asn_len == asn_len &&
		    !memcmp(s->data, data, len)) {
			s->refs++;
			return i;
		}
	}
	if ((uint64_t)(p->live + 1) * 4 > (uint64_t)(p->index_mask + 1) * 3) {
		if (index_grow(p) < 0)
			return 0;
		return bmp_attr_intern(p, data, len, asn_len);
	}
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		return 0;
	uint32_t i = slot_take(p);
	if (!i) {
		free(copy);
		return 0;
	}
	memcpy(copy, data, len);
	p->sets[i] = (struct bmp_attr_set){
	    .data = copy, .hash = h, .refs = 1, .len = (uint16_t)len, .asn_len = (uint8_t)asn_len};
	p->index[j] = i;
	p->live++;
	p->data_bytes += len;
	return i;
}

void bmp_attr_ref(struct bmp_attr_pool *p, uint32_t i)
{
	p->sets[i].refs++;
}

/* Remove index entry at j and shift the following run back over it. */
static void index_delete(struct bmp_attr_pool *p, uint32_t j)
{
	uint32_t m = p->index_mask;
	p->index[j] = 0;
	for (uint32_t k = (j + 1) & m; p->index[k]; k = (k + 1) & m) {
		uint32_t home = p->sets[p->index[k]].hash & m;
		/* move k back to j when its home is not in (j, k] */
		if (((k - home) & m) >= ((k - j) & m)) {
			p->index[j] = p->index[k];
			p->index[k] = 0;
			j = k;
		}
	}
}

void bmp_attr_unref(struct bmp_attr_pool *p, uint32_t i)
{
	if (!i)
		return;
	struct bmp_attr_set *s = &p->sets[i];
	if (--s->refs)
		return;
	uint32_t j = s->hash & p->index_mask;
	while (p->index[j] != i)
		j = (j + 1) & p->index_mask;
	index_delete(p, j);
	p->live--;
	p->data_bytes -= s->len;
	free(s->data);
	s->data = NULL;
	s->hash = p->free_head;
	p->free_head = i;
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
