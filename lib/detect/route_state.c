/* SPDX-License-Identifier: ISC */
/* route_state.c - per-peer routes, grouped by prefix.
 *
 * Two open-addressing hash tables of 32-bit ids: peers (source, address,
 * AS) and prefixes. Each prefix record holds the routes to it in one small
 * array of uint32 fields (peer, origin, first_seen, and the path id when
 * paths are kept), in the order the routes appeared, so "who holds
 * 192.0.2.0/24" reads one contiguous block and a lookup costs the prefix's
 * hash slot, its record and that block. The arrays double when full
 * (realloc: a slab by size would keep the smaller slots every prefix grew
 * out of); records come from arrays with free lists. A route costs 12 bytes (16 with paths) plus
 * its share of the prefix record. With ROUTE_KEEP_PATHS, paths are interned with a reference count.
 *
 * An input reading ahead calls route_state_prefetch so that the slot, the
 * record and the array of the next events are in cache when they come. The
 * lengths held per family (and, once route_state_covering is asked, a bitmap
 * of the IPv4 prefixes /0-/24 held) answer "is a less specific held" without
 * a hash probe per length.
 *
 * Finding a peer's route scans the prefix's array: linear in the peers
 * holding that prefix, which a collector with thousands of full-table peers
 * would feel; the array order is what route_state_foreach reports (oldest
 * route last), which the detectors' tie-breaks depend on. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/grow.h"
#include "detect/asn_slab.h"
#include "detect/idtab.h"
#include "detect/route_state.h"

#define NONE IDTAB_NONE
#define V4_BITS_MAX 24
#define PEER_CACHE 256

/* The fields of one route in its prefix's array. */
enum { R_PEER, R_ORIGIN, R_FIRST, R_PATH };

struct peer_rec {
	char *source;
	struct prefix addr;
	uint32_t as;
};

struct pfx_rec {
	struct prefix p;
	uint32_t n;   /* routes held; 0 = free record */
	uint32_t cap; /* room in r, in routes; next free record when free */
	uint32_t *r;  /* n routes of stride fields, oldest first */
};

struct path_rec {
	uint32_t hash;
	uint32_t refs; /* 0 = free record */
	uint32_t len;
	uint32_t origin;
	uint32_t *asns; /* NULL when len is 0; next free id in origin when free */
};

struct route_state {
	unsigned keep;   /* ROUTE_KEEP_* */
	unsigned stride; /* fields per route: 3, or 4 with paths */
	struct peer_rec *peers;
	size_t npeers, peers_cap;
	struct idtab peer_tab;
	/* Recent peers by a cheap hash of AS and address, before the full
	 * lookup (which hashes the source name): most events hit. */
	uint32_t peer_cache[PEER_CACHE];

	struct pfx_rec *pfx;
	size_t npfx, pfx_cap;
	uint32_t pfx_free;
	struct idtab pfx_tab;
	size_t live_routes, array_bytes; /* array_bytes: the prefixes' route arrays */
	/* Prefixes held per family (IPv4, IPv6) and length: route_state_covering
	 * probes only the lengths present. */
	uint32_t len_count[2][129];
	/* From the first route_state_covering on: a bit per IPv4 prefix of
	 * length 0..V4_BITS_MAX held (4 MiB, v4_bit), so that probing the
	 * shorter lengths of a prefix reads a bitmap instead of the hash table. */
	uint64_t *v4_bits;

	struct path_rec *paths;
	size_t npaths, paths_cap;
	struct asn_slab asns; /* the paths' ASNs */
	uint32_t path_free;
	struct idtab path_tab;
	uint32_t path_release; /* dropped by the last apply, freed on the next */
	uint32_t last_peer;    /* of the last apply */
};

/* prefix_equal for the tables here, which hash all of a prefix's bytes
 * (host bits and an IPv4 address's unused bytes are zero in every prefix
 * given): one fixed-size compare the compiler inlines. */
static inline bool same_prefix(const struct prefix *a, const struct prefix *b)
{
	return !memcmp(a, b, sizeof *a);
}

static uint64_t hash_bytes(const void *p, size_t n, uint64_t h)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t hash_prefix(const struct prefix *p)
{
	uint64_t a, b;
	memcpy(&a, p->addr, 8);
	memcpy(&b, p->addr + 8, 8);
	return idtab_mix(a ^ idtab_mix(b ^ ((uint64_t)p->family << 8 | p->len)));
}

static uint64_t peer_key_hash(const char *source, const struct prefix *addr, uint32_t as)
{
	uint64_t h =
	    hash_bytes(source ? source : "", source ? strlen(source) : 0, 0xcbf29ce484222325ULL);
	return idtab_mix(h ^ hash_prefix(addr) ^ as);
}

static uint64_t peer_hash(const void *ctx, uint32_t id)
{
	const struct route_state *rs = ctx;
	const struct peer_rec *p = &rs->peers[id];
	return peer_key_hash(p->source, &p->addr, p->as);
}

static uint64_t pfx_hash(const void *ctx, uint32_t id)
{
	const struct route_state *rs = ctx;
	return hash_prefix(&rs->pfx[id].p);
}

static uint64_t path_key_hash(const uint32_t *asns, size_t len, uint32_t origin)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
	for (size_t i = 0; i < len; i++)
		h = (h ^ asns[i]) * 0xff51afd7ed558ccdULL;
	return idtab_mix(h ^ origin);
}

static uint64_t path_hash(const void *ctx, uint32_t id)
{
	const struct route_state *rs = ctx;
	return rs->paths[id].hash;
}

struct route_state *route_state_new(unsigned keep)
{
	struct route_state *rs = calloc(1, sizeof *rs);
	if (!rs)
		return NULL;
	rs->keep = keep;
	rs->stride = keep & ROUTE_KEEP_PATHS ? 4 : 3;
	rs->pfx_free = rs->path_free = NONE;
	memset(rs->peer_cache, 0xff, sizeof rs->peer_cache);
	rs->path_release = rs->last_peer = NONE;
	return rs;
}

void route_state_free(struct route_state *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->npeers; i++)
		free(rs->peers[i].source);
	/* Only long arrays have their own block; the chunks go all at once. A
	 * path waiting for release has refs 0 but still holds its ASNs. */
	for (size_t i = 0; i < rs->npaths; i++)
		if ((rs->paths[i].refs || i == rs->path_release) &&
		    rs->paths[i].len > ASN_SLAB_CLASSES)
			asn_slab_free(&rs->asns, rs->paths[i].asns, rs->paths[i].len);
	for (size_t i = 0; i < rs->npfx; i++)
		if (rs->pfx[i].n)
			free(rs->pfx[i].r);
	asn_slab_destroy(&rs->asns);
	free(rs->peers);
	free(rs->pfx);
	free(rs->paths);
	free(rs->peer_tab.slot);
	free(rs->pfx_tab.slot);
	free(rs->path_tab.slot);
	free(rs->v4_bits);
	free(rs);
}

static bool same_source(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static uint32_t peer_find(const struct route_state *rs, const struct route_event *ev, uint64_t h)
{
	if (!rs->peer_tab.mask)
		return NONE;
	for (size_t j = h & rs->peer_tab.mask;; j = (j + 1) & rs->peer_tab.mask) {
		uint32_t id = rs->peer_tab.slot[j].id;
		if (id == NONE)
			return NONE;
		if (!idtab_maybe(&rs->peer_tab.slot[j], h))
			continue;
		const struct peer_rec *p = &rs->peers[id];
		if (p->as == ev->peer_as && same_prefix(&p->addr, &ev->peer_addr) &&
		    same_source(p->source, ev->source))
			return id;
	}
}

/* The peer's id, creating it; NONE when out of memory. */
static uint32_t peer_get(struct route_state *rs, const struct route_event *ev)
{
	uint32_t w;
	memcpy(&w, ev->peer_addr.addr + (ev->peer_addr.family == 6 ? 12 : 0), sizeof w);
	uint32_t *slot = &rs->peer_cache[(uint32_t)((ev->peer_as ^ w) * 0x9e3779b1u) >> 24];
	if (*slot != NONE) {
		const struct peer_rec *p = &rs->peers[*slot];
		if (p->as == ev->peer_as && same_prefix(&p->addr, &ev->peer_addr) &&
		    same_source(p->source, ev->source))
			return *slot;
	}
	uint64_t h = peer_key_hash(ev->source, &ev->peer_addr, ev->peer_as);
	uint32_t id = peer_find(rs, ev, h);
	if (id != NONE)
		return *slot = id;
	if (rs->npeers >= NONE - 1 || idtab_reserve(&rs->peer_tab, rs, peer_hash))
		return NONE;
	struct peer_rec *v = GROW(rs->peers, rs->peers_cap, rs->npeers + 1);
	if (!v)
		return NONE;
	rs->peers = v;
	char *src = NULL;
	if (ev->source && !(src = strdup(ev->source)))
		return NONE;
	id = (uint32_t)rs->npeers++;
	rs->peers[id] = (struct peer_rec){.source = src, .addr = ev->peer_addr, .as = ev->peer_as};
	idtab_put(&rs->peer_tab, h, id);
	return *slot = id;
}

unsigned route_state_last_peer(const struct route_state *rs)
{
	return rs->last_peer;
}

unsigned route_state_peer(struct route_state *rs, const struct route_event *ev)
{
	return peer_get(rs, ev);
}

static uint32_t pfx_find(const struct route_state *rs, const struct prefix *p, uint64_t h)
{
	if (!rs->pfx_tab.mask)
		return NONE;
	for (size_t j = h & rs->pfx_tab.mask;; j = (j + 1) & rs->pfx_tab.mask) {
		uint32_t id = rs->pfx_tab.slot[j].id;
		if (id == NONE ||
		    (idtab_maybe(&rs->pfx_tab.slot[j], h) && same_prefix(&rs->pfx[id].p, p)))
			return id;
	}
}

/* The IPv4 bitmap is laid out in 64-byte blocks so that the shorter
 * lengths a covering probe reads share a cache line: one block for /0-/8,
 * one per /8 for /9-/16, one per /16 for /17-/24. Within a block, length L
 * takes 2^(L-base) bits after the shorter ones (at most 510 of 512). */
#define V4_BLOCK_BITS 512
#define V4_BLOCKS (1 + 256 + 65536)
#define V4_WORDS ((size_t)V4_BLOCKS * V4_BLOCK_BITS / 64)

static size_t v4_bit(const struct prefix *p)
{
	uint32_t a = (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 |
	             (uint32_t)p->addr[2] << 8 | p->addr[3];
	unsigned len = p->len;
	if (len <= 8)
		return ((size_t)1 << len) - 1 + (len ? a >> (32 - len) : 0);
	unsigned base = len <= 16 ? 8 : 16;
	size_t block = len <= 16 ? 1 + (a >> 24) : 1 + 256 + (a >> 16);
	size_t in =
	    ((size_t)1 << (len - base)) - 2 + ((a >> (32 - len)) & ((1u << (len - base)) - 1));
	return block * V4_BLOCK_BITS + in;
}

static bool v4_tracked(const struct route_state *rs, const struct prefix *p)
{
	return rs->v4_bits && p->family == 4 && p->len <= V4_BITS_MAX;
}

static void v4_mark(struct route_state *rs, const struct prefix *p, bool held)
{
	if (!v4_tracked(rs, p))
		return;
	size_t b = v4_bit(p);
	if (held)
		rs->v4_bits[b / 64] |= 1ull << (b % 64);
	else
		rs->v4_bits[b / 64] &= ~(1ull << (b % 64));
}

/* Ask for huge pages under a big table that was just (re)allocated: every
 * event looks at a random place in it, and with 4 KiB pages most of those
 * looks also miss the TLB (and a prefetch that misses it may be dropped). */
static void want_huge_pages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = 2u << 20;
	uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t end = ((uintptr_t)p + bytes) & ~(huge - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}

/* A new record for p (not present, hash h); NONE when out of memory. */
static uint32_t pfx_add(struct route_state *rs, const struct prefix *p, uint64_t h)
{
	size_t slots = rs->pfx_tab.mask;
	if (idtab_reserve(&rs->pfx_tab, rs, pfx_hash))
		return NONE;
	if (rs->pfx_tab.mask != slots)
		want_huge_pages(rs->pfx_tab.slot, idtab_bytes(&rs->pfx_tab));
	uint32_t id;
	if (rs->pfx_free != NONE) {
		id = rs->pfx_free;
		rs->pfx_free = rs->pfx[id].cap;
	} else {
		if (rs->npfx >= NONE - 1)
			return NONE;
		size_t cap = rs->pfx_cap;
		struct pfx_rec *v = GROW(rs->pfx, rs->pfx_cap, rs->npfx + 1);
		if (!v)
			return NONE;
		rs->pfx = v;
		if (rs->pfx_cap != cap)
			want_huge_pages(v, rs->pfx_cap * sizeof *v);
		id = (uint32_t)rs->npfx++;
	}
	rs->pfx[id] = (struct pfx_rec){.p = *p};
	idtab_put(&rs->pfx_tab, h, id);
	rs->len_count[p->family == 6][p->len]++;
	v4_mark(rs, p, true);
	return id;
}

/* Free the record of a prefix no route is left to. */
static void pfx_release(struct route_state *rs, uint32_t id)
{
	struct pfx_rec *x = &rs->pfx[id];
	idtab_del(&rs->pfx_tab, rs, pfx_hash, hash_prefix(&x->p), id);
	rs->len_count[x->p.family == 6][x->p.len]--;
	v4_mark(rs, &x->p, false);
	free(x->r);
	rs->array_bytes -= (size_t)x->cap * rs->stride * sizeof *x->r;
	*x = (struct pfx_rec){.cap = rs->pfx_free};
	rs->pfx_free = id;
}

static uint32_t path_find(const struct route_state *rs, const struct route_event *ev, uint64_t h)
{
	if (!rs->path_tab.mask)
		return NONE;
	for (size_t j = h & rs->path_tab.mask;; j = (j + 1) & rs->path_tab.mask) {
		uint32_t id = rs->path_tab.slot[j].id;
		if (id == NONE)
			return NONE; /* path hashes are 32 bits: every tag is 0 */
		const struct path_rec *r = &rs->paths[id];
		if (r->hash == (uint32_t)h && r->len == ev->path_len && r->origin == ev->origin &&
		    (!r->len || !memcmp(r->asns, ev->path, r->len * sizeof *r->asns)))
			return id;
	}
}

/* Intern ev's path (+1 reference); NONE when out of memory. */
static uint32_t path_ref(struct route_state *rs, const struct route_event *ev)
{
	uint64_t h = (uint32_t)path_key_hash(ev->path, ev->path_len, ev->origin);
	uint32_t id = path_find(rs, ev, h);
	if (id != NONE) {
		rs->paths[id].refs++;
		return id;
	}
	if (ev->path_len > UINT32_MAX / sizeof(uint32_t) ||
	    idtab_reserve(&rs->path_tab, rs, path_hash))
		return NONE;
	uint32_t *asns = NULL;
	if (ev->path_len) {
		asns = asn_slab_alloc(&rs->asns, ev->path_len);
		if (!asns)
			return NONE;
		memcpy(asns, ev->path, ev->path_len * sizeof *asns);
	}
	if (rs->path_free != NONE) {
		id = rs->path_free;
		rs->path_free = rs->paths[id].origin;
	} else {
		struct path_rec *v =
		    rs->npaths < NONE - 1 ? GROW(rs->paths, rs->paths_cap, rs->npaths + 1) : NULL;
		if (!v) {
			asn_slab_free(&rs->asns, asns, ev->path_len);
			return NONE;
		}
		rs->paths = v;
		id = (uint32_t)rs->npaths++;
	}
	rs->paths[id] = (struct path_rec){.hash = (uint32_t)h,
	                                  .refs = 1,
	                                  .len = (uint32_t)ev->path_len,
	                                  .origin = ev->origin,
	                                  .asns = asns};
	idtab_put(&rs->path_tab, h, id);
	return id;
}

static void path_free_now(struct route_state *rs, uint32_t id)
{
	struct path_rec *r = &rs->paths[id];
	idtab_del(&rs->path_tab, rs, path_hash, r->hash, id);
	asn_slab_free(&rs->asns, r->asns, r->len);
	r->asns = NULL;
	r->refs = 0;
	r->origin = rs->path_free;
	rs->path_free = id;
}

/* Drop one reference; the last one frees the path on the next apply, so a
 * route_view of the replaced route stays valid until then. */
static void path_unref(struct route_state *rs, uint32_t id)
{
	if (--rs->paths[id].refs)
		return;
	if (rs->path_release != NONE)
		path_free_now(rs, rs->path_release);
	rs->path_release = id;
	rs->paths[id].refs = 0;
}

static void release_pending_path(struct route_state *rs)
{
	uint32_t id = rs->path_release;
	if (id == NONE)
		return;
	rs->path_release = NONE;
	if (!rs->paths[id].refs)
		path_free_now(rs, id);
}

/* The index of peer's route in x, or NONE. */
static uint32_t route_find(const struct route_state *rs, const struct pfx_rec *x, uint32_t peer)
{
	const uint32_t *r = x->r;
	for (uint32_t i = 0; i < x->n; i++, r += rs->stride)
		if (r[R_PEER] == peer)
			return i;
	return NONE;
}

static void view_of(const struct route_state *rs, const uint32_t *r, struct route_view *v)
{
	*v = (struct route_view){.peer = r[R_PEER],
	                         .peer_as = rs->peers[r[R_PEER]].as,
	                         .origin = r[R_ORIGIN],
	                         .first_seen = r[R_FIRST]};
	if (rs->keep & ROUTE_KEEP_PATHS) {
		const struct path_rec *p = &rs->paths[r[R_PATH]];
		v->path = p->asns;
		v->path_len = p->len;
	}
}

/* Remove route i of prefix id, keeping the others in order. */
static void route_remove(struct route_state *rs, uint32_t id, uint32_t i)
{
	struct pfx_rec *x = &rs->pfx[id];
	uint32_t *r = x->r + (size_t)i * rs->stride;
	if (rs->keep & ROUTE_KEEP_PATHS)
		path_unref(rs, r[R_PATH]);
	memmove(r, r + rs->stride, (size_t)(x->n - i - 1) * rs->stride * sizeof *r);
	rs->live_routes--;
	if (--x->n == 0)
		pfx_release(rs, id);
}

/* Append a route for peer to prefix id; its fields, or NULL when out of
 * memory. The array doubles when full. */
static uint32_t *route_append(struct route_state *rs, uint32_t id, uint32_t peer)
{
	struct pfx_rec *x = &rs->pfx[id];
	if (x->n == x->cap) {
		if (x->cap > UINT32_MAX / 2 / rs->stride)
			return NULL;
		/* The first array fills malloc's smallest block (24 usable bytes on
		 * glibc): two routes for what one costs, one realloc fewer. */
		uint32_t first = (uint32_t)(24 / (rs->stride * sizeof *x->r));
		uint32_t cap = x->cap ? x->cap * 2 : first ? first : 1;
		uint32_t *r = resize(x->r, (size_t)cap * rs->stride, sizeof *r);
		if (!r)
			return NULL;
		rs->array_bytes += (size_t)(cap - x->cap) * rs->stride * sizeof *r;
		x->r = r;
		x->cap = cap;
	}
	uint32_t *r = x->r + (size_t)x->n++ * rs->stride;
	r[R_PEER] = peer;
	rs->live_routes++;
	return r;
}

static int apply_announce(struct route_state *rs, const struct route_event *ev, uint32_t peer,
                          uint32_t id, uint64_t h, uint32_t i)
{
	uint32_t path = NONE;
	if ((rs->keep & ROUTE_KEEP_PATHS) && (path = path_ref(rs, ev)) == NONE)
		return -1;
	uint32_t *r;
	uint32_t first = ev->time;
	if (i != NONE) {
		r = rs->pfx[id].r + (size_t)i * rs->stride;
		if (r[R_ORIGIN] == ev->origin)
			first = r[R_FIRST];
		if (path != NONE)
			path_unref(rs, r[R_PATH]);
	} else {
		bool new_pfx = id == NONE;
		if (new_pfx)
			id = pfx_add(rs, &ev->pfx, h);
		r = id != NONE ? route_append(rs, id, peer) : NULL;
		if (!r) {
			if (new_pfx && id != NONE)
				pfx_release(rs, id);
			if (path != NONE && !--rs->paths[path].refs)
				path_free_now(rs, path);
			return -1;
		}
	}
	r[R_ORIGIN] = ev->origin;
	r[R_FIRST] = first;
	if (path != NONE)
		r[R_PATH] = path;
	return 0;
}

static int remove_peer(struct route_state *rs, uint32_t peer)
{
	for (size_t id = 0; id < rs->npfx; id++) {
		if (!rs->pfx[id].n)
			continue;
		uint32_t i = route_find(rs, &rs->pfx[id], peer);
		if (i != NONE)
			route_remove(rs, (uint32_t)id, i);
	}
	return 0;
}

int route_state_apply(struct route_state *rs, const struct route_event *ev, struct route_view *prev,
                      bool *had_prev)
{
	release_pending_path(rs);
	if (had_prev)
		*had_prev = false;
	uint32_t peer = rs->last_peer = peer_get(rs, ev);
	if (peer == NONE)
		return -1;
	if (ev->type == ROUTE_EV_PEER_DOWN)
		return remove_peer(rs, peer);
	uint64_t h = hash_prefix(&ev->pfx);
	uint32_t id = pfx_find(rs, &ev->pfx, h);
	uint32_t i = id != NONE ? route_find(rs, &rs->pfx[id], peer) : NONE;
	if (i != NONE && prev) {
		view_of(rs, rs->pfx[id].r + (size_t)i * rs->stride, prev);
		if (had_prev)
			*had_prev = true;
	}
	if (ev->type == ROUTE_EV_WITHDRAW) {
		if (i != NONE)
			route_remove(rs, id, i);
		return 0;
	}
	return apply_announce(rs, ev, peer, id, h, i);
}

void route_state_prefetch(const struct route_state *rs, const struct prefix *p, int step)
{
	if (!rs->pfx_tab.mask)
		return;
	uint64_t h = hash_prefix(p);
	size_t j = h & rs->pfx_tab.mask;
	if (step == 0) {
		__builtin_prefetch(&rs->pfx_tab.slot[j]);
		if (rs->v4_bits && p->family == 4 && p->len > 8) {
			/* the block a change marks and a covering probe reads first */
			struct prefix q = *p;
			q.len = q.len > V4_BITS_MAX ? V4_BITS_MAX : q.len;
			__builtin_prefetch(&rs->v4_bits[v4_bit(&q) / 64]);
		}
		return;
	}
	/* Later steps: the slot is (most likely) in cache by now. */
	for (;; j = (j + 1) & rs->pfx_tab.mask) {
		uint32_t id = rs->pfx_tab.slot[j].id;
		if (id == NONE)
			return;
		if (!idtab_maybe(&rs->pfx_tab.slot[j], h))
			continue;
		const struct pfx_rec *x = &rs->pfx[id];
		if (step == 1) {
			__builtin_prefetch(x);
			return;
		}
		if (same_prefix(&x->p, p)) {
			__builtin_prefetch(x->r);
			return;
		}
	}
}

unsigned route_state_peers(const struct route_state *rs, const struct prefix *pfx)
{
	uint32_t id = pfx_find(rs, pfx, hash_prefix(pfx));
	return id == NONE ? 0 : rs->pfx[id].n;
}

/* Start the IPv4 bitmap from the records held; false when out of memory
 * (the hash table answers then). */
static bool v4_bits_start(struct route_state *rs)
{
	if (!(rs->v4_bits = aligned_alloc(64, V4_WORDS * sizeof *rs->v4_bits)))
		return false;
	want_huge_pages(rs->v4_bits, V4_WORDS * sizeof *rs->v4_bits);
	memset(rs->v4_bits, 0, V4_WORDS * sizeof *rs->v4_bits);
	for (size_t id = 0; id < rs->npfx; id++)
		if (rs->pfx[id].n)
			v4_mark(rs, &rs->pfx[id].p, true);
	return true;
}

bool route_state_covering(const struct route_state *crs, const struct prefix *p, unsigned min_len,
                          struct prefix *cover)
{
	/* The bitmap is a cache of what the table holds: made on first use. */
	struct route_state *rs = (struct route_state *)crs;
	if (p->family == 4 && !rs->v4_bits)
		v4_bits_start(rs);
	const uint32_t *count = rs->len_count[p->family == 6];
	for (unsigned len = p->len; len-- > min_len;) {
		if (!count[len])
			continue;
		*cover = *p;
		cover->len = (uint8_t)len;
		prefix_mask(cover);
		if (v4_tracked(rs, cover)) {
			size_t b = v4_bit(cover);
			if (rs->v4_bits[b / 64] >> (b % 64) & 1)
				return true;
		} else if (pfx_find(rs, cover, hash_prefix(cover)) != NONE) {
			return true;
		}
	}
	return false;
}

/* Newest route first, as the detectors have always seen them. */
int route_state_foreach(const struct route_state *rs, const struct prefix *pfx,
                        int (*fn)(void *arg, const struct route_view *r), void *arg)
{
	uint32_t id = pfx_find(rs, pfx, hash_prefix(pfx));
	if (id == NONE)
		return 0;
	const struct pfx_rec *x = &rs->pfx[id];
	for (uint32_t i = x->n; i-- > 0;) {
		struct route_view v;
		view_of(rs, x->r + (size_t)i * rs->stride, &v);
		int rc = fn(arg, &v);
		if (rc)
			return rc;
	}
	return 0;
}

int route_state_foreach_peer(const struct route_state *rs, unsigned peer,
                             int (*fn)(void *arg, const struct prefix *pfx,
                                       const struct route_view *r),
                             void *arg)
{
	for (size_t id = 0; id < rs->npfx; id++) {
		const struct pfx_rec *x = &rs->pfx[id];
		uint32_t i = x->n ? route_find(rs, x, peer) : NONE;
		if (i == NONE)
			continue;
		struct route_view v;
		view_of(rs, x->r + (size_t)i * rs->stride, &v);
		int rc = fn(arg, &x->p, &v);
		if (rc)
			return rc;
	}
	return 0;
}

size_t route_state_routes(const struct route_state *rs)
{
	return rs->live_routes;
}

size_t route_state_npeers(const struct route_state *rs)
{
	return rs->npeers;
}

size_t route_state_memory(const struct route_state *rs)
{
	size_t n = sizeof *rs;
	n += rs->peers_cap * sizeof *rs->peers + rs->pfx_cap * sizeof *rs->pfx;
	/* malloc's own header, about 8 bytes a block, is not counted */
	n += rs->array_bytes;
	n += rs->paths_cap * sizeof *rs->paths + asn_slab_bytes(&rs->asns);
	n += idtab_bytes(&rs->peer_tab) + idtab_bytes(&rs->pfx_tab) + idtab_bytes(&rs->path_tab);
	if (rs->v4_bits)
		n += V4_WORDS * sizeof *rs->v4_bits;
	for (size_t i = 0; i < rs->npeers; i++)
		n += rs->peers[i].source ? strlen(rs->peers[i].source) + 1 : 0;
	return n;
}
