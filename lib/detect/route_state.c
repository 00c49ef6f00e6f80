/* SPDX-License-Identifier: ISC */
/* route_state.c - per-peer routes in flat arrays indexed by open-addressing
 * hash tables of 32-bit ids.
 *
 * Three tables: peers (source, address, AS), prefixes (each with the list
 * of routes to it, so "who holds 192.0.2.0/24" walks only those), and
 * routes keyed by (peer, prefix id). With ROUTE_KEEP_PATHS, paths are
 * interned with a reference count and a route's path id sits in an array
 * beside the routes. Records live in arrays that only grow; freed records
 * go on a free list, so steady-state churn allocates nothing. A route costs
 * one 20-byte record plus a 4-byte hash slot at load 1/4 to 1/2 (and 4
 * bytes of path id when paths are kept); prefixes and paths are shared. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "detect/asn_slab.h"
#include "detect/idtab.h"
#include "detect/route_state.h"

#define NONE IDTAB_NONE
#define PEER_CACHE 256

struct peer_rec {
	char *source;
	struct prefix addr;
	uint32_t as;
};

struct pfx_rec {
	struct prefix p;
	uint32_t count; /* routes to it; 0 = free record */
	uint32_t head;  /* first route, NONE when count is 0; also the free-list link */
};

struct path_rec {
	uint32_t hash;
	uint32_t refs; /* 0 = free record */
	uint32_t len;
	uint32_t origin;
	uint32_t *asns; /* NULL when len is 0; next free id in origin when free */
};

struct route_rec {
	uint32_t pfx; /* NONE = free record (next free in next) */
	uint32_t peer;
	uint32_t next; /* next route to the same prefix */
	uint32_t origin;
	uint32_t first_seen;
};

struct route_state {
	unsigned keep; /* ROUTE_KEEP_* */
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

	struct path_rec *paths;
	size_t npaths, paths_cap;
	struct asn_slab asns; /* the paths' ASNs */
	uint32_t path_free;
	struct idtab path_tab;
	uint32_t path_release; /* dropped by the last apply, freed on the next */

	struct route_rec *routes;
	uint32_t *route_path; /* routes[i]'s path id (ROUTE_KEEP_PATHS only) */
	size_t nroutes, routes_cap, route_path_cap, live_routes;
	uint32_t route_free;
	struct idtab route_tab;
};

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

static uint64_t route_key_hash(uint32_t peer, uint32_t pfx)
{
	return idtab_mix((uint64_t)peer << 32 | pfx);
}

static uint64_t route_hash(const void *ctx, uint32_t id)
{
	const struct route_state *rs = ctx;
	return route_key_hash(rs->routes[id].peer, rs->routes[id].pfx);
}

struct route_state *route_state_new(unsigned keep)
{
	struct route_state *rs = calloc(1, sizeof *rs);
	if (!rs)
		return NULL;
	rs->keep = keep;
	rs->pfx_free = rs->path_free = rs->route_free = NONE;
	memset(rs->peer_cache, 0xff, sizeof rs->peer_cache);
	rs->path_release = NONE;
	return rs;
}

void route_state_free(struct route_state *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->npeers; i++)
		free(rs->peers[i].source);
	/* Only long paths have their own block; the chunks go all at once. A
	 * path waiting for release has refs 0 but still holds its ASNs. */
	for (size_t i = 0; i < rs->npaths; i++)
		if ((rs->paths[i].refs || i == rs->path_release) &&
		    rs->paths[i].len > ASN_SLAB_CLASSES)
			asn_slab_free(&rs->asns, rs->paths[i].asns, rs->paths[i].len);
	asn_slab_destroy(&rs->asns);
	free(rs->peers);
	free(rs->pfx);
	free(rs->paths);
	free(rs->routes);
	free(rs->route_path);
	free(rs->peer_tab.slot);
	free(rs->pfx_tab.slot);
	free(rs->path_tab.slot);
	free(rs->route_tab.slot);
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
		uint32_t id = rs->peer_tab.slot[j];
		if (id == NONE)
			return NONE;
		const struct peer_rec *p = &rs->peers[id];
		if (p->as == ev->peer_as && prefix_equal(&p->addr, &ev->peer_addr) &&
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
		if (p->as == ev->peer_as && prefix_equal(&p->addr, &ev->peer_addr) &&
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

unsigned route_state_peer(struct route_state *rs, const struct route_event *ev)
{
	return peer_get(rs, ev);
}

static uint32_t pfx_find(const struct route_state *rs, const struct prefix *p, uint64_t h)
{
	if (!rs->pfx_tab.mask)
		return NONE;
	for (size_t j = h & rs->pfx_tab.mask;; j = (j + 1) & rs->pfx_tab.mask) {
		uint32_t id = rs->pfx_tab.slot[j];
		if (id == NONE || prefix_equal(&rs->pfx[id].p, p))
			return id;
	}
}

static uint32_t pfx_get(struct route_state *rs, const struct prefix *p)
{
	uint64_t h = hash_prefix(p);
	uint32_t id = pfx_find(rs, p, h);
	if (id != NONE)
		return id;
	if (idtab_reserve(&rs->pfx_tab, rs, pfx_hash))
		return NONE;
	if (rs->pfx_free != NONE) {
		id = rs->pfx_free;
		rs->pfx_free = rs->pfx[id].head;
	} else {
		if (rs->npfx >= NONE - 1)
			return NONE;
		struct pfx_rec *v = GROW(rs->pfx, rs->pfx_cap, rs->npfx + 1);
		if (!v)
			return NONE;
		rs->pfx = v;
		id = (uint32_t)rs->npfx++;
	}
	rs->pfx[id] = (struct pfx_rec){.p = *p, .count = 0, .head = NONE};
	idtab_put(&rs->pfx_tab, h, id);
	return id;
}

static void pfx_put_back(struct route_state *rs, uint32_t id)
{
	if (rs->pfx[id].count)
		return;
	idtab_del(&rs->pfx_tab, rs, pfx_hash, hash_prefix(&rs->pfx[id].p), id);
	rs->pfx[id].head = rs->pfx_free;
	rs->pfx_free = id;
}

static uint32_t path_find(const struct route_state *rs, const struct route_event *ev, uint64_t h)
{
	if (!rs->path_tab.mask)
		return NONE;
	for (size_t j = h & rs->path_tab.mask;; j = (j + 1) & rs->path_tab.mask) {
		uint32_t id = rs->path_tab.slot[j];
		if (id == NONE)
			return NONE;
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

static uint32_t route_find(const struct route_state *rs, uint32_t peer, uint32_t pfx, uint64_t h)
{
	if (!rs->route_tab.mask)
		return NONE;
	for (size_t j = h & rs->route_tab.mask;; j = (j + 1) & rs->route_tab.mask) {
		uint32_t id = rs->route_tab.slot[j];
		if (id == NONE || (rs->routes[id].peer == peer && rs->routes[id].pfx == pfx))
			return id;
	}
}

static void view_of(const struct route_state *rs, uint32_t id, struct route_view *v)
{
	const struct route_rec *r = &rs->routes[id];
	*v = (struct route_view){.peer = r->peer,
	                         .peer_as = rs->peers[r->peer].as,
	                         .origin = r->origin,
	                         .first_seen = r->first_seen};
	if (rs->route_path) {
		const struct path_rec *p = &rs->paths[rs->route_path[id]];
		v->path = p->asns;
		v->path_len = p->len;
	}
}

static void route_remove(struct route_state *rs, uint32_t id, uint64_t h)
{
	struct route_rec *r = &rs->routes[id];
	struct pfx_rec *p = &rs->pfx[r->pfx];
	uint32_t *link = &p->head;
	while (*link != id)
		link = &rs->routes[*link].next;
	*link = r->next;
	p->count--;
	idtab_del(&rs->route_tab, rs, route_hash, h, id);
	if (rs->route_path)
		path_unref(rs, rs->route_path[id]);
	pfx_put_back(rs, r->pfx);
	r->pfx = NONE;
	r->next = rs->route_free;
	rs->route_free = id;
	rs->live_routes--;
}

/* Room for one more route record (and its path id when paths are kept). */
static int routes_reserve(struct route_state *rs)
{
	if (rs->nroutes >= NONE - 1)
		return -1;
	struct route_rec *v = GROW(rs->routes, rs->routes_cap, rs->nroutes + 1);
	if (!v)
		return -1;
	rs->routes = v;
	if (!(rs->keep & ROUTE_KEEP_PATHS))
		return 0;
	uint32_t *p = GROW(rs->route_path, rs->route_path_cap, rs->nroutes + 1);
	if (!p)
		return -1;
	rs->route_path = p;
	return 0;
}

/* A new route record for (peer, pfx) with path (NONE when paths are not
 * kept); NONE when out of memory. */
static uint32_t route_add(struct route_state *rs, uint32_t peer, uint32_t pfx, uint32_t path,
                          uint64_t h)
{
	if (idtab_reserve(&rs->route_tab, rs, route_hash))
		return NONE;
	uint32_t id;
	if (rs->route_free != NONE) {
		id = rs->route_free;
		rs->route_free = rs->routes[id].next;
	} else {
		if (routes_reserve(rs))
			return NONE;
		id = (uint32_t)rs->nroutes++;
	}
	if (rs->route_path)
		rs->route_path[id] = path;
	rs->routes[id] = (struct route_rec){.pfx = pfx, .peer = peer, .next = rs->pfx[pfx].head};
	rs->pfx[pfx].head = id;
	rs->pfx[pfx].count++;
	idtab_put(&rs->route_tab, h, id);
	rs->live_routes++;
	return id;
}

static int apply_announce(struct route_state *rs, const struct route_event *ev, uint32_t peer,
                          uint32_t rid)
{
	uint32_t path = NONE;
	if ((rs->keep & ROUTE_KEEP_PATHS) && (path = path_ref(rs, ev)) == NONE)
		return -1;
	uint32_t first = ev->time;
	if (rid != NONE) {
		if (rs->routes[rid].origin == ev->origin)
			first = rs->routes[rid].first_seen;
		if (path != NONE) {
			path_unref(rs, rs->route_path[rid]);
			rs->route_path[rid] = path;
		}
	} else {
		uint32_t pfx = pfx_get(rs, &ev->pfx);
		if (pfx != NONE)
			rid = route_add(rs, peer, pfx, path, route_key_hash(peer, pfx));
		if (rid == NONE) {
			if (pfx != NONE)
				pfx_put_back(rs, pfx);
			if (path != NONE && !--rs->paths[path].refs)
				path_free_now(rs, path);
			return -1;
		}
	}
	struct route_rec *r = &rs->routes[rid];
	r->origin = ev->origin;
	r->first_seen = first;
	return 0;
}

static int remove_peer(struct route_state *rs, uint32_t peer)
{
	for (size_t i = 0; i < rs->nroutes; i++)
		if (rs->routes[i].pfx != NONE && rs->routes[i].peer == peer)
			route_remove(rs, (uint32_t)i, route_hash(rs, (uint32_t)i));
	return 0;
}

int route_state_apply(struct route_state *rs, const struct route_event *ev, struct route_view *prev,
                      bool *had_prev)
{
	release_pending_path(rs);
	if (had_prev)
		*had_prev = false;
	uint32_t peer = peer_get(rs, ev);
	if (peer == NONE)
		return -1;
	if (ev->type == ROUTE_EV_PEER_DOWN)
		return remove_peer(rs, peer);
	uint32_t pfx = pfx_find(rs, &ev->pfx, hash_prefix(&ev->pfx));
	uint64_t h = 0;
	uint32_t rid = NONE;
	if (pfx != NONE) {
		h = route_key_hash(peer, pfx);
		rid = route_find(rs, peer, pfx, h);
	}
	if (rid != NONE && prev) {
		view_of(rs, rid, prev);
		if (had_prev)
			*had_prev = true;
	}
	if (ev->type == ROUTE_EV_WITHDRAW) {
		if (rid != NONE)
			route_remove(rs, rid, h);
		return 0;
	}
	return apply_announce(rs, ev, peer, rid);
}

unsigned route_state_peers(const struct route_state *rs, const struct prefix *pfx)
{
	uint32_t id = pfx_find(rs, pfx, hash_prefix(pfx));
	return id == NONE ? 0 : rs->pfx[id].count;
}

int route_state_foreach(const struct route_state *rs, const struct prefix *pfx,
                        int (*fn)(void *arg, const struct route_view *r), void *arg)
{
	uint32_t id = pfx_find(rs, pfx, hash_prefix(pfx));
	if (id == NONE)
		return 0;
	for (uint32_t r = rs->pfx[id].head; r != NONE; r = rs->routes[r].next) {
		struct route_view v;
		view_of(rs, r, &v);
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
	for (size_t i = 0; i < rs->nroutes; i++) {
		const struct route_rec *r = &rs->routes[i];
		if (r->pfx == NONE || r->peer != peer)
			continue;
		struct route_view v;
		view_of(rs, (uint32_t)i, &v);
		int rc = fn(arg, &rs->pfx[r->pfx].p, &v);
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
	n += rs->paths_cap * sizeof *rs->paths + asn_slab_bytes(&rs->asns);
	n += rs->routes_cap * sizeof *rs->routes + rs->route_path_cap * sizeof *rs->route_path;
	n += idtab_bytes(&rs->peer_tab) + idtab_bytes(&rs->pfx_tab) + idtab_bytes(&rs->path_tab) +
	     idtab_bytes(&rs->route_tab);
	for (size_t i = 0; i < rs->npeers; i++)
		n += rs->peers[i].source ? strlen(rs->peers[i].source) + 1 : 0;
	return n;
}
