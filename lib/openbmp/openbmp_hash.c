/* SPDX-License-Identifier: ISC */
/* openbmp_hash.c - hash ids and the partition hash of the OpenBMP feed. */
#include "openbmp/openbmp_hash.h"

#define FNV64_PRIME 0x100000001b3ULL

static uint64_t fnv64(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV64_PRIME;
	return h;
}

void openbmp_hash16(uint8_t out[16], const void *pa, size_t a, const void *pb, size_t b)
{
	uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
	for (int k = 0; k < 2; k++) {
		h[k] = fnv64(h[k], pa, a);
		if (b)
			h[k] = fnv64(h[k], pb, b);
		for (int i = 0; i < 8; i++)
			out[k * 8 + i] = (uint8_t)(h[k] >> (56 - 8 * i));
	}
}

void openbmp_hash_hex(char out[33], const void *pa, size_t a, const void *pb, size_t b)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t h[16];
	openbmp_hash16(h, pa, a, pb, b);
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[32] = '\0';
}

uint32_t openbmp_fnv32(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 0x811c9dc5u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x01000193u;
	return h;
}
