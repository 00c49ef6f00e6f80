/* SPDX-License-Identifier: ISC */
/* mrt_stats.c - distinct counts with small open-addressing hash sets.
 * Prefixes are hashed to 64 bits (a collision would undercount by one in
 * 2^64, which is fine for a summary). */
#include "bgp/mrt_stats.h"

#include <stdlib.h>
#include <string.h>

void mrt_stats_init(struct mrt_stats *s)
{
	memset(s, 0, sizeof *s);
}

void mrt_stats_free(struct mrt_stats *s)
{
	free(s->pfx_set);
	free(s->origin_set);
	free(s->peer_set);
	s->pfx_set = NULL;
	s->origin_set = NULL;
	s->peer_set = NULL;
	s->pfx_cap = s->origin_cap = s->peer_cap = 0;
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_bytes(const uint8_t *p, size_t n, uint64_t seed)
{
	uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return mix(h) | 1; /* 0 marks an empty slot */
}

/* Insert key into a set of 64-bit keys; returns 1 when new, -1 on OOM. */
static int set64_add(uint64_t **set, size_t *cap, unsigned long *count, uint64_t key)
{
	if ((*count + 1) * 2 > *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		uint64_t *n = calloc(ncap, sizeof *n);
		if (!n)
			return -1;
		for (size_t i = 0; i < *cap; i++) {
			uint64_t k = (*set)[i];
			if (!k)
				continue;
			size_t j = (size_t)mix(k) & (ncap - 1);
			while (n[j])
				j = (j + 1) & (ncap - 1);
			n[j] = k;
		}
		free(*set);
		*set = n;
		*cap = ncap;
	}
	size_t j = (size_t)mix(key) & (*cap - 1);
	while ((*set)[j]) {
		if ((*set)[j] == key)
			return 0;
		j = (j + 1) & (*cap - 1);
	}
	(*set)[j] = key;
	(*count)++;
	return 1;
}

int mrt_stats_add(struct mrt_stats *s, const struct mrt_elem *el)
{
	if (el->type >= 1 && el->type <= 4)
		s->elems[el->type]++;
	uint8_t pk[21];
	pk[0] = el->peer_family;
	memcpy(pk + 1, el->peer_addr, 16);
	memcpy(pk + 17, &el->peer_as, 4);
	if (set64_add(&s->peer_set, &s->peer_cap, &s->peers, hash_bytes(pk, sizeof pk, 1)) < 0)
		return -1;
	if (el->type == MRT_ELEM_STATE)
		return 0;
	struct prefix p;
	mrt_elem_prefix(el, &p);
	uint8_t k[18];
	k[0] = p.family;
	k[1] = p.len;
	memcpy(k + 2, p.addr, 16);
	if (set64_add(&s->pfx_set, &s->pfx_cap, &s->prefixes, hash_bytes(k, sizeof k, 2)) < 0)
		return -1;
	if (el->type == MRT_ELEM_WITHDRAW || !el->attrs)
		return 0;
	uint32_t o = bgp_attrs_origin_as(el->attrs);
	if (o) {
		/* Odd keys, so no origin collides with the empty-slot zero. */
		if (set64_add(&s->origin_set, &s->origin_cap, &s->origins, ((uint64_t)o << 1) | 1) <
		    0)
			return -1;
	}
	return 0;
}
