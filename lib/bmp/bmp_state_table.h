/* SPDX-License-Identifier: ISC */
/* bmp_state_table.h - one route table: (prefix, path id) -> attribute set.
 *
 * Two open-addressing hash tables (IPv4, IPv6) of small fixed-size routes:
 * an IPv4 route is 20 bytes, an IPv6 one 32, plus the interned attribute
 * set it shares with others (bmp_state_attrs.h). Linear probing with
 * backward-shift deletion; the tables grow at 3/4 load. A route can be
 * marked stale (its router went away) and refreshed by a new announcement. */
#ifndef MANRS_BMP_STATE_TABLE_H
#define MANRS_BMP_STATE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bmp/bmp_state_attrs.h"
#include "core/prefix.h"

#define BMP_ROUTE_STALE 0x01

struct bmp_route4 {
	uint32_t addr; /* network byte order, as in the prefix */
	uint32_t path_id;
	uint32_t attr; /* 0 = empty slot */
	uint32_t time; /* when announced (router's timestamp) */
	uint8_t len;
	uint8_t flags;
};

struct bmp_route6 {
	uint8_t addr[16];
	uint32_t path_id;
	uint32_t attr;
	uint32_t time;
	uint8_t len;
	uint8_t flags;
};

struct bmp_table {
	struct bmp_route4 *r4;
	struct bmp_route6 *r6;
	uint32_t mask4, mask6; /* capacity - 1, or 0 with no array */
	size_t n4, n6;
	size_t stale;
};

/* One route as iterated. */
struct bmp_route {
	struct prefix pfx;
	uint32_t path_id;
	uint32_t attr;
	uint32_t time;
	bool stale;
};

/* Insert or replace the route for pfx/path_id with attribute set attr
 * (the table takes the caller's reference; a replaced set is unreferenced
 * in pool). Clears the stale mark. Returns 1 when new, 0 when replaced, -1
 * when out of memory (attr is then unreferenced). */
int bmp_table_put(struct bmp_table *t, struct bmp_attr_pool *pool, const struct prefix *pfx,
                  uint32_t path_id, uint32_t attr, uint32_t time);

/* Remove the route; 1 when it was there, 0 when not. */
int bmp_table_del(struct bmp_table *t, struct bmp_attr_pool *pool, const struct prefix *pfx,
                  uint32_t path_id);

/* Look a route up: 1 with *out filled, 0 when absent. */
int bmp_table_get(const struct bmp_table *t, const struct prefix *pfx, uint32_t path_id,
                  struct bmp_route *out);

/* Mark every route stale. */
void bmp_table_mark_stale(struct bmp_table *t);

/* Remove every route still marked stale; returns how many. */
size_t bmp_table_sweep_stale(struct bmp_table *t, struct bmp_attr_pool *pool);

/* Remove the routes of family (4 or 6) still marked stale, calling fn (may
 * be NULL) with each before it goes; returns how many. */
size_t bmp_table_sweep_family(struct bmp_table *t, struct bmp_attr_pool *pool, int family,
                              void (*fn)(void *arg, const struct bmp_route *r), void *arg);

/* Remove every route and free the arrays. */
void bmp_table_clear(struct bmp_table *t, struct bmp_attr_pool *pool);

/* Call fn for every route (in hash order); stops when fn returns non-zero
 * and returns that value. fn must not change the table. */
int bmp_table_foreach(const struct bmp_table *t, int (*fn)(void *arg, const struct bmp_route *r),
                      void *arg);

/* Routes held. */
static inline size_t bmp_table_routes(const struct bmp_table *t)
{
	return t->n4 + t->n6;
}

/* Bytes of the arrays. */
size_t bmp_table_bytes(const struct bmp_table *t);

#endif
