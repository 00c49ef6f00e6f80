/* SPDX-License-Identifier: ISC */
/* openbmp_hash.h - the 16-byte hash ids of the OpenBMP formats (collector,
 * router, peer, prefix, attribute set): stable for the same input bytes,
 * computed without a crypto library (two FNV-1a 64-bit passes with
 * different offsets). They identify, they do not authenticate. */
#ifndef MANRS_OPENBMP_HASH_H
#define MANRS_OPENBMP_HASH_H

#include <stddef.h>
#include <stdint.h>

/* out = hash of the a bytes at pa followed by the b bytes at pb (pb may be
 * NULL when b is 0). */
void openbmp_hash16(uint8_t out[16], const void *pa, size_t a, const void *pb, size_t b);

/* The same hash as 32 lower-case hex digits and a NUL. */
void openbmp_hash_hex(char out[33], const void *pa, size_t a, const void *pb, size_t b);

/* FNV-1a 32-bit of n bytes (partition choice). */
uint32_t openbmp_fnv32(const void *p, size_t n);

#endif
