/* SPDX-License-Identifier: ISC */
/* bmp_state_table.c - the per-view route table: two open-addressing hash
 * tables, one per family, sharing the probing code through small slot
 * accessors (the family is fixed per call, so they inline away). */
#include "bmp/bmp_state_table.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 64

static uint32_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (uint32_t)h;
}

static uint32_t hash4(uint32_t addr, uint8_t len, uint32_t path_id)
{
	return mix(((uint64_t)addr << 32 | (uint64_t)path_id << 8 | len) ^
	           ((uint64_t)path_id << 40));
}

static uint32_t hash6(const uint8_t *addr, uint8_t len, uint32_t path_id)
{
	uint64_t a, b;
	memcpy(&a, addr, 8);
	memcpy(&b, addr + 8, 8);
	return mix(a ^ mix(b ^ ((uint64_t)path_id << 8 | len)));
}

static uint32_t slot_hash(const struct bmp_table *t, int v6, uint32_t i)
{
	if (v6)
		return hash6(t->r6[i].addr, t->r6[i].len, t->r6[i].path_id);
	return hash4(t->r4[i].addr, t->r4[i].len, t->r4[i].path_id);
}

static uint32_t slot_attr(const struct bmp_table *t, int v6, uint32_t i)
{
	return v6 ? t->r6[i].attr : t->r4[i].attr;
}

static uint32_t key_hash(const struct prefix *p, uint32_t path_id)
{
	if (p->family == 6)
		return hash6(p->addr, p->len, path_id);
	uint32_t a;
	memcpy(&a, p->addr, 4);
	return hash4(a, p->len, path_id);
}

static int slot_match(const struct bmp_table *t, int v6, uint32_t i, const struct prefix *p,
                      uint32_t path_id)
{
	if (v6)
		return t->r6[i].len == p->len && t->r6[i].path_id == path_id &&
		       !memcmp(t->r6[i].addr, p->addr, 16);
	return t->r4[i].len == p->len && t->r4[i].path_id == path_id &&
	       !memcmp(&t->r4[i].addr, p->addr, 4);
}

static void slot_move(struct bmp_table *t, int v6, uint32_t dst, uint32_t src)
{
	if (v6) {
		t->r6[dst] = t->r6[src];
		t->r6[src].attr = 0;
	} else {
		t->r4[dst] = t->r4[src];
		t->r4[src].attr = 0;
	}
}

/* Find pfx: its slot, or the empty slot where it would go. */
static uint32_t probe(const struct bmp_table *t, int v6, const struct prefix *p, uint32_t path_id,
                      int *found)
{
	uint32_t m = v6 ? t->mask6 : t->mask4;
	uint32_t i = key_hash(p, path_id) & m;
	for (; slot_attr(t, v6, i); i = (i + 1) & m) {
		if (slot_match(t, v6, i, p, path_id)) {
			*found = 1;
			return i;
		}
	}
	*found = 0;
	return i;
}

static int grow(struct bmp_table *t, int v6)
{
	uint32_t old_mask = v6 ? t->mask6 : t->mask4;
	size_t old_cap = (v6 ? t->r6 : (void *)t->r4) ? (size_t)old_mask + 1 : 0;
	size_t cap = old_cap ? old_cap * 2 : FIRST_CAP;
	if (cap > ((size_t)1 << 31))
		return -1;
	size_t esz = v6 ? sizeof(struct bmp_route6) : sizeof(struct bmp_route4);
	void *arr = calloc(cap, esz);
	if (!arr)
		return -1;
	struct bmp_table n = {.mask4 = t->mask4, .mask6 = t->mask6, .r4 = t->r4, .r6 = t->r6};
	if (v6) {
		n.r6 = arr;
		n.mask6 = (uint32_t)(cap - 1);
	} else {
		n.r4 = arr;
		n.mask4 = (uint32_t)(cap - 1);
	}
	for (size_t i = 0; i < old_cap; i++) {
		if (!slot_attr(t, v6, (uint32_t)i))
			continue;
		uint32_t j = slot_hash(t, v6, (uint32_t)i) & (uint32_t)(cap - 1);
		while (slot_attr(&n, v6, j))
			j = (j + 1) & (uint32_t)(cap - 1);
		if (v6)
			n.r6[j] = t->r6[i];
		else
			n.r4[j] = t->r4[i];
	}
	if (v6) {
		free(t->r6);
		t->r6 = n.r6;
		t->mask6 = n.mask6;
	} else {
		free(t->r4);
		t->r4 = n.r4;
		t->mask4 = n.mask4;
	}
	return 0;
}

static int needs_grow(const struct bmp_table *t, int v6)
{
	if (!(v6 ? (void *)t->r6 : (void *)t->r4))
		return 1;
	size_t n = v6 ? t->n6 : t->n4;
	size_t cap = (size_t)(v6 ? t->mask6 : t->mask4) + 1;
	return (n + 1) * 4 > cap * 3;
}

int bmp_table_put(struct bmp_table *t, struct bmp_attr_pool *pool, const struct prefix *pfx,
                  uint32_t path_id, uint32_t attr, uint32_t time)
{
	int v6 = pfx->family == 6, found;
	if (needs_grow(t, v6) && grow(t, v6) < 0) {
		bmp_attr_unref(pool, attr);
		return -1;
	}
	uint32_t i = probe(t, v6, pfx, path_id, &found);
	uint32_t old = 0;
	uint8_t flags = 0;
	if (v6) {
		struct bmp_route6 *r = &t->r6[i];
		old = r->attr;
		flags = r->flags;
		*r = (struct bmp_route6){
		    .path_id = path_id, .attr = attr, .time = time, .len = pfx->len};
		memcpy(r->addr, pfx->addr, 16);
	} else {
		struct bmp_route4 *r = &t->r4[i];
		old = r->attr;
		flags = r->flags;
		*r = (struct bmp_route4){
		    .path_id = path_id, .attr = attr, .time = time, .len = pfx->len};
		memcpy(&r->addr, pfx->addr, 4);
	}
	if (found) {
		if (flags & BMP_ROUTE_STALE)
			t->stale--;
		bmp_attr_unref(pool, old);
		return 0;
	}
	if (v6)
		t->n6++;
	else
		t->n4++;
	return 1;
}

/* Empty slot i and shift the run after it back (backward-shift delete). */
static void slot_delete(struct bmp_table *t, int v6, uint32_t i)
{
	uint32_t m = v6 ? t->mask6 : t->mask4;
	if (v6)
		t->r6[i].attr = 0;
	else
		t->r4[i].attr = 0;
	for (uint32_t k = (i + 1) & m; slot_attr(t, v6, k); k = (k + 1) & m) {
		uint32_t home = slot_hash(t, v6, k) & m;
		if (((k - home) & m) >= ((k - i) & m)) {
			slot_move(t, v6, i, k);
			i = k;
		}
	}
	if (v6)
		t->n6--;
	else
		t->n4--;
}

int bmp_table_del(struct bmp_table *t, struct bmp_attr_pool *pool, const struct prefix *pfx,
                  uint32_t path_id)
{
	int v6 = pfx->family == 6, found;
	if (!(v6 ? (void *)t->r6 : (void *)t->r4))
		return 0;
	uint32_t i = probe(t, v6, pfx, path_id, &found);
	if (!found)
		return 0;
	uint8_t flags = v6 ? t->r6[i].flags : t->r4[i].flags;
	if (flags & BMP_ROUTE_STALE)
		t->stale--;
	bmp_attr_unref(pool, slot_attr(t, v6, i));
	slot_delete(t, v6, i);
	return 1;
}

static void route_of(const struct bmp_table *t, int v6, uint32_t i, struct bmp_route *out)
{
	memset(&out->pfx, 0, sizeof out->pfx);
	if (v6) {
		const struct bmp_route6 *r = &t->r6[i];
		out->pfx.family = 6;
		out->pfx.len = r->len;
		memcpy(out->pfx.addr, r->addr, 16);
		out->path_id = r->path_id;
		out->attr = r->attr;
		out->time = r->time;
		out->stale = r->flags & BMP_ROUTE_STALE;
	} else {
		const struct bmp_route4 *r = &t->r4[i];
		out->pfx.family = 4;
		out->pfx.len = r->len;
		memcpy(out->pfx.addr, &r->addr, 4);
		out->path_id = r->path_id;
		out->attr = r->attr;
		out->time = r->time;
		out->stale = r->flags & BMP_ROUTE_STALE;
	}
}

int bmp_table_get(const struct bmp_table *t, const struct prefix *pfx, uint32_t path_id,
                  struct bmp_route *out)
{
	int v6 = pfx->family == 6, found;
	if (!(v6 ? (void *)t->r6 : (void *)t->r4))
		return 0;
	uint32_t i = probe(t, v6, pfx, path_id, &found);
	if (found)
		route_of(t, v6, i, out);
	return found;
}

static size_t cap_of(const struct bmp_table *t, int v6)
{
	if (!(v6 ? (void *)t->r6 : (void *)t->r4))
		return 0;
	return (size_t)(v6 ? t->mask6 : t->mask4) + 1;
}

void bmp_table_mark_stale(struct bmp_table *t)
{
	for (size_t i = 0; i < cap_of(t, 0); i++)
		if (t->r4[i].attr)
			t->r4[i].flags |= BMP_ROUTE_STALE;
	for (size_t i = 0; i < cap_of(t, 1); i++)
		if (t->r6[i].attr)
			t->r6[i].flags |= BMP_ROUTE_STALE;
	t->stale = t->n4 + t->n6;
}

static size_t sweep(struct bmp_table *t, struct bmp_attr_pool *pool, int v6,
                    void (*fn)(void *arg, const struct bmp_route *r), void *arg)
{
	size_t n = 0, cap = cap_of(t, v6);
	/* Backward shift can move an unvisited route into the slot just
	 * emptied, so a slot is looked at again until it holds a fresh one. */
	for (size_t i = 0; i < cap; i++) {
		for (;;) {
			uint32_t a = slot_attr(t, v6, (uint32_t)i);
			uint8_t f = v6 ? t->r6[i].flags : t->r4[i].flags;
			if (!a || !(f & BMP_ROUTE_STALE))
				break;
			if (fn) {
				struct bmp_route r;
				route_of(t, v6, (uint32_t)i, &r);
				fn(arg, &r);
			}
			bmp_attr_unref(pool, a);
			slot_delete(t, v6, (uint32_t)i);
			n++;
		}
	}
	return n;
}

size_t bmp_table_sweep_stale(struct bmp_table *t, struct bmp_attr_pool *pool)
{
	if (!t->stale)
		return 0;
	size_t n = sweep(t, pool, 0, NULL, NULL) + sweep(t, pool, 1, NULL, NULL);
	/* A wrap-around run can shift a stale route from the start of the
	 * array to its end, behind the sweep: go once more to be exact. */
	n += sweep(t, pool, 0, NULL, NULL) + sweep(t, pool, 1, NULL, NULL);
	t->stale = 0;
	return n;
}

size_t bmp_table_sweep_family(struct bmp_table *t, struct bmp_attr_pool *pool, int family,
                              void (*fn)(void *arg, const struct bmp_route *r), void *arg)
{
	if (!t->stale)
		return 0;
	int v6 = family == 6;
	size_t n = sweep(t, pool, v6, fn, arg);
	n += sweep(t, pool, v6, fn, arg); /* the wrap-around run, as above */
	t->stale = n < t->stale ? t->stale - n : 0;
	return n;
}

void bmp_table_clear(struct bmp_table *t, struct bmp_attr_pool *pool)
{
	for (size_t i = 0; i < cap_of(t, 0); i++)
		bmp_attr_unref(pool, t->r4[i].attr);
	for (size_t i = 0; i < cap_of(t, 1); i++)
		bmp_attr_unref(pool, t->r6[i].attr);
	free(t->r4);
	free(t->r6);
	memset(t, 0, sizeof *t);
}

int bmp_table_foreach(const struct bmp_table *t, int (*fn)(void *arg, const struct bmp_route *r),
                      void *arg)
{
	struct bmp_route r;
	for (int v6 = 0; v6 <= 1; v6++) {
		size_t cap = cap_of(t, v6);
		for (size_t i = 0; i < cap; i++) {
			if (!slot_attr(t, v6, (uint32_t)i))
				continue;
			route_of(t, v6, (uint32_t)i, &r);
			int rc = fn(arg, &r);
			if (rc)
				return rc;
		}
	}
	return 0;
}

size_t bmp_table_bytes(const struct bmp_table *t)
{
	return cap_of(t, 0) * sizeof(struct bmp_route4) + cap_of(t, 1) * sizeof(struct bmp_route6);
}
