/* SPDX-License-Identifier: ISC */
/* check_routes.c - the (prefix, origin) pairs announced in the MRT data and
 * the AS adjacencies of their paths: a prefix announced even briefly counts,
 * as in the Observatory's M7 metrics. */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "core/grow.h"
#include "detect/as_rel.h"
#include "policy/bogon.h"

/* 8 bytes at a time, multiply-xorshift mixed: the keys are 8 or 24 bytes. */
static uint64_t hash(const unsigned char *k, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, k + i, 8);
		h = (h ^ x) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
	}
	for (; i < n; i++)
		h = (h ^ k[i]) * 0x94d049bb133111ebull;
	h ^= h >> 29;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 32);
}

int ck_hset_init(struct ck_hset *h, size_t ksize, size_t cap)
{
	h->ksize = ksize;
	h->n = 0;
	h->cap = cap;
	h->slots = calloc(cap, 1 + ksize);
	return h->slots ? 0 : -1;
}

void ck_hset_free(struct ck_hset *h)
{
	free(h->slots);
	h->slots = NULL;
	h->n = h->cap = 0;
}

static unsigned char *slot(const struct ck_hset *h, size_t i)
{
	return h->slots + i * (1 + h->ksize);
}

static void place(struct ck_hset *h, const void *key)
{
	size_t i = hash(key, h->ksize) & (h->cap - 1);
	while (slot(h, i)[0])
		i = (i + 1) & (h->cap - 1);
	slot(h, i)[0] = 1;
	memcpy(slot(h, i) + 1, key, h->ksize);
	h->n++;
}

static int rehash(struct ck_hset *h)
{
	struct ck_hset big;
	if (h->cap > SIZE_MAX / 4 || ck_hset_init(&big, h->ksize, h->cap * 2) < 0)
		return -1;
	for (size_t i = 0; i < h->cap; i++)
		if (slot(h, i)[0])
			place(&big, slot(h, i) + 1);
	free(h->slots);
	*h = big;
	return 0;
}

int ck_hset_add(struct ck_hset *h, const void *key)
{
	if ((h->n + 1) * 10 > h->cap * 7 && rehash(h) < 0)
		return -1;
	size_t i = hash(key, h->ksize) & (h->cap - 1);
	for (; slot(h, i)[0]; i = (i + 1) & (h->cap - 1))
		if (!memcmp(slot(h, i) + 1, key, h->ksize))
			return 0;
	slot(h, i)[0] = 1;
	memcpy(slot(h, i) + 1, key, h->ksize);
	h->n++;
	return 1;
}

void ck_hset_each(const struct ck_hset *h, void (*fn)(const void *key, void *ctx), void *ctx)
{
	for (size_t i = 0; i < h->cap; i++)
		if (slot(h, i)[0])
			fn(slot(h, i) + 1, ctx);
}

/* Sort and de-duplicate the adjacency vector in place. */
static void adj_compact(struct check_world *w)
{
	ck_sort_u64(w->adjv, w->nadjv);
	size_t n = 0;
	for (size_t i = 0; i < w->nadjv; i++)
		if (!n || w->adjv[n - 1] != w->adjv[i])
			w->adjv[n++] = w->adjv[i];
	w->nadjv = w->adj_unique = n;
}

/* Append one adjacency; the vector is compacted when it doubled since the
 * last compaction (sequential sorting beats a hash table this size). */
static int adj_push(struct check_world *w, uint64_t k)
{
	if (w->nadjv == w->capadjv && w->nadjv >= 2 * w->adj_unique + 65536)
		adj_compact(w);
	uint64_t *v = GROW(w->adjv, w->capadjv, w->nadjv + 1);
	if (!v)
		return -1;
	w->adjv = v;
	w->adjv[w->nadjv++] = k;
	return 0;
}

int ck_routes_add(struct check_world *w, const struct prefix *p, const uint32_t *path, size_t len,
                  uint32_t origin)
{
	if (origin) {
		struct ck_route r;
		memset(&r, 0, sizeof r);
		r.pfx = *p;
		r.origin = origin;
		/* a RIB lists a prefix's routes from every peer in a row */
		if (memcmp(&r, &w->last_route, sizeof r)) {
			if (ck_hset_add(&w->route_set, &r) < 0)
				return -1;
			w->last_route = r;
		}
	}
	/* consecutive elements often share one path (a RIB's prefixes with the
	 * same attributes): its adjacencies are in already */
	if (len < 2)
		return 0;
	if (len == w->last_path_len && len <= CK_PATH_CACHE &&
	    !memcmp(path, w->last_path, len * sizeof *path))
		return 0;
	w->last_path_len = len <= CK_PATH_CACHE ? len : 0;
	if (w->last_path_len)
		memcpy(w->last_path, path, len * sizeof *path);
	for (size_t i = 0; i + 1 < len; i++)
		if (path[i] != path[i + 1] &&
		    adj_push(w, (uint64_t)path[i] << 32 | path[i + 1]) < 0)
			return -1;
	return 0;
}

struct fill {
	void *v;
	size_t n;
};

static void take_route(const void *key, void *ctx)
{
	struct fill *f = ctx;
	memcpy((struct ck_route *)f->v + f->n++, key, sizeof(struct ck_route));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* LSD radix sort of v[0..n), 16 bits a pass over the bits that vary;
 * qsort when no scratch memory can be had. */
void ck_sort_u64(uint64_t *v, size_t n)
{
	if (n < 2)
		return;
	uint64_t *tmp = n > 64 ? malloc(n * sizeof *v) : NULL;
	size_t *count = tmp ? malloc(65536 * sizeof *count) : NULL;
	if (!count) {
		free(tmp);
		qsort(v, n, sizeof *v, cmp_u64);
		return;
	}
	uint64_t diff = 0;
	for (size_t i = 1; i < n; i++)
		diff |= v[i] ^ v[0];
	uint64_t *src = v, *dst = tmp;
	for (unsigned shift = 0; shift < 64; shift += 16) {
		if (!((diff >> shift) & 0xffff))
			continue;
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xffff]++;
		size_t sum = 0;
		for (size_t b = 0; b < 65536; b++) {
			size_t c = count[b];
			count[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(tmp);
	free(count);
}

static int cmp_route(const void *a, const void *b)
{
	const struct ck_route *x = a, *y = b;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	return prefix_cmp(&x->pfx, &y->pfx);
}

static int origins(struct check_world *w)
{
	w->origins = malloc((w->nroutes ? w->nroutes : 1) * sizeof *w->origins);
	if (!w->origins)
		return -1;
	for (size_t i = 0; i < w->nroutes; i++)
		if (!w->norigins || w->origins[w->norigins - 1] != w->routes[i].origin)
			w->origins[w->norigins++] = w->routes[i].origin;
	return 0;
}

int ck_routes_finish(struct check_world *w, struct err *e)
{
	adj_compact(w);
	w->routes = malloc((w->route_set.n ? w->route_set.n : 1) * sizeof *w->routes);
	w->adj = malloc((w->nadjv ? w->nadjv : 1) * 2 * sizeof *w->adj);
	if (!w->routes || !w->adj)
		return err_set(e, "out of memory");
	struct fill f = {w->routes, 0};
	ck_hset_each(&w->route_set, take_route, &f);
	w->nroutes = f.n;
	qsort(w->routes, w->nroutes, sizeof *w->routes, cmp_route);
	size_t n = 0;
	for (size_t i = 0; i < w->nadjv; i++) { /* both directions */
		w->adj[n++] = w->adjv[i];
		w->adj[n++] = w->adjv[i] << 32 | w->adjv[i] >> 32;
	}
	free(w->adjv);
	w->adjv = NULL;
	w->nadjv = w->capadjv = 0;
	ck_sort_u64(w->adj, n);
	w->nadj = 0;
	for (size_t i = 0; i < n; i++)
		if (!w->nadj || w->adj[w->nadj - 1] != w->adj[i])
			w->adj[w->nadj++] = w->adj[i];
	ck_hset_free(&w->route_set);
	return origins(w) < 0 ? err_set(e, "out of memory") : 0;
}

const struct ck_route *ck_routes_of(const struct check_world *w, uint32_t asn, size_t *n)
{
	size_t lo = 0, hi = w->nroutes;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->routes[mid].origin < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < w->nroutes && w->routes[end].origin == asn)
		end++;
	*n = end - lo;
	return &w->routes[lo];
}

const uint32_t *check_world_origins(const struct check_world *w, size_t *n)
{
	*n = w->norigins;
	return w->origins;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int ck_neighbours(const struct check_world *w, uint32_t asn, uint32_t **out, size_t *n)
{
	uint64_t key = (uint64_t)asn << 32;
	size_t lo = 0, hi = w->nadj;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->adj[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t cap = 0, cnt = 0;
	uint32_t *v = NULL;
	for (size_t i = lo; i < w->nadj && w->adj[i] >> 32 == asn; i++) {
		if (bogon_check_asn((uint32_t)w->adj[i]))
			continue; /* a reserved ASN is M4's finding, not a peer to document */
		uint32_t *g = GROW(v, cap, cnt + 1);
		if (!g) {
			free(v);
			return -1;
		}
		v = g;
		v[cnt++] = (uint32_t)w->adj[i];
	}
	if (cnt)
		qsort(v, cnt, sizeof *v, cmp_u32);
	*out = v;
	*n = cnt;
	return 0;
}

/* The slice of sorted v whose high 32 bits are key. */
static const uint64_t *slice(const uint64_t *v, size_t nv, uint32_t key, size_t *n)
{
	uint64_t k = (uint64_t)key << 32;
	size_t lo = 0, hi = nv;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < nv && v[end] >> 32 == key)
		end++;
	*n = end - lo;
	return v + lo;
}

int ck_customers(const struct check_world *w, uint32_t asn, uint32_t **out, size_t *n)
{
	size_t cnt;
	const uint64_t *s = slice(w->p2c, w->np2c, asn, &cnt);
	*out = malloc((cnt ? cnt : 1) * sizeof **out);
	if (!*out)
		return -1;
	for (size_t i = 0; i < cnt; i++)
		(*out)[i] = (uint32_t)s[i];
	*n = cnt;
	return 0;
}

const uint64_t *ck_alerts_of(const struct check_world *w, uint32_t offender, size_t *n)
{
	return slice(w->alert_by_off, w->nalert_by_off, offender, n);
}

static void take_p2c(uint32_t provider, uint32_t customer, void *ctx)
{
	struct check_world *w = ctx;
	if (w->failed)
		return;
	uint64_t *v = GROW(w->p2c, w->capp2c, w->np2c + 1);
	if (!v) {
		w->failed = true;
		return;
	}
	w->p2c = v;
	w->p2c[w->np2c++] = (uint64_t)provider << 32 | customer;
}

int ck_index(struct check_world *w, struct err *e)
{
	w->alert_by_off = malloc((w->nalerts ? w->nalerts : 1) * sizeof *w->alert_by_off);
	if (!w->alert_by_off)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < w->nalerts; i++)
		if (w->alerts[i].id)
			w->alert_by_off[w->nalert_by_off++] =
			    (uint64_t)w->alerts[i].offender << 32 | i;
	ck_sort_u64(w->alert_by_off, w->nalert_by_off);
	if (w->asrel)
		as_rel_each_p2c(w->asrel, take_p2c, w);
	if (w->failed)
		return err_set(e, "out of memory");
	ck_sort_u64(w->p2c, w->np2c);
	return 0;
}
