/* SPDX-License-Identifier: ISC */
/* idtab.h - an open-addressing hash table of 32-bit record ids, for the
 * monitor's flat record arrays (route state, pipeline alert groups).
 *
 * The table holds ids, each beside a tag (the high 32 bits of its hash);
 * the caller keeps the records and gives the hash of a record through a
 * callback when the table grows or deletes. Linear probing, backward-shift
 * deletion (no tombstones), power-of-two size, load at most 1/2. Lookups
 * are written by the caller as a probe loop over slot[] from hash & mask
 * until IDTAB_NONE, reading a record only where idtab_maybe says so: a
 * probe past other keys then costs no cache miss on their records. */
#ifndef MANRS_IDTAB_H
#define MANRS_IDTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IDTAB_NONE UINT32_MAX

struct idtab_slot {
	uint32_t id; /* IDTAB_NONE when empty */
	uint32_t tag;
};

struct idtab {
	struct idtab_slot *slot;
	size_t mask; /* size - 1; 0 while empty */
	size_t used;
};

/* The hash of record id, as given to idtab_put. */
typedef uint64_t (*idtab_hash_fn)(const void *ctx, uint32_t id);

/* Double the table (or create it with 64 slots). Returns 0 or -1. */
static inline int idtab_grow(struct idtab *t, const void *ctx, idtab_hash_fn h)
{
	size_t size = t->mask ? (t->mask + 1) * 2 : 64;
	struct idtab_slot *slot = malloc(size * sizeof *slot);
	if (!slot)
		return -1;
	memset(slot, 0xff, size * sizeof *slot);
	for (size_t i = 0; t->mask && i <= t->mask; i++) {
		if (t->slot[i].id == IDTAB_NONE)
			continue;
		size_t j = h(ctx, t->slot[i].id) & (size - 1);
		while (slot[j].id != IDTAB_NONE)
			j = (j + 1) & (size - 1);
		slot[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->mask = size - 1;
	return 0;
}

/* Make room for one more id; call before idtab_put. Returns 0 or -1. */
static inline int idtab_reserve(struct idtab *t, const void *ctx, idtab_hash_fn h)
{
	if (t->mask && (t->used + 1) * 2 <= t->mask + 1)
		return 0;
	return idtab_grow(t, ctx, h);
}

/* Insert id (not present) under hash; room must have been reserved. */
static inline void idtab_put(struct idtab *t, uint64_t hash, uint32_t id)
{
	size_t j = hash & t->mask;
	while (t->slot[j].id != IDTAB_NONE)
		j = (j + 1) & t->mask;
	t->slot[j] = (struct idtab_slot){id, (uint32_t)(hash >> 32)};
	t->used++;
}

/* Remove id (present, stored under hash) and shift back the ids whose
 * probe sequence passed over its slot. */
static inline void idtab_del(struct idtab *t, const void *ctx, idtab_hash_fn h, uint64_t hash,
                             uint32_t id)
{
	size_t i = hash & t->mask;
	while (t->slot[i].id != id)
		i = (i + 1) & t->mask;
	size_t j = i;
	for (;;) {
		j = (j + 1) & t->mask;
		if (t->slot[j].id == IDTAB_NONE)
			break;
		size_t home = h(ctx, t->slot[j].id) & t->mask;
		/* Leave slot j when its home lies cyclically in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		t->slot[i] = t->slot[j];
		i = j;
	}
	t->slot[i].id = IDTAB_NONE;
	t->used--;
}

/* Whether slot s can hold the record stored under hash (same tag); false
 * means it cannot, without reading the record. */
static inline bool idtab_maybe(const struct idtab_slot *s, uint64_t hash)
{
	return s->tag == (uint32_t)(hash >> 32);
}

/* Bytes held by the table. */
static inline size_t idtab_bytes(const struct idtab *t)
{
	return t->mask ? (t->mask + 1) * sizeof *t->slot : 0;
}

/* A 64-bit finalizer (splitmix/murmur style) for integer keys. */
static inline uint64_t idtab_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif
