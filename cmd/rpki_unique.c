/* SPDX-License-Identifier: ISC */
/* rpki_unique.c - 'rpki validate --unique': bulk routes grouped by (prefix,
 * origin), counting distinct peers, keeping the first AS path seen. A RIB
 * holds each route once per peer; one line per route is what a report wants. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "rpki_cmds.h"

/* Fixed-size byte keys in insertion order with an open-addressing index. */
struct keyset {
	uint8_t *keys;
	size_t klen, n, cap;
	uint32_t *slots; /* key index + 1, 0 = empty */
	size_t nslots;   /* power of two */
};

struct rpki_unique {
	struct keyset groups, peers, pairs;
	struct unique_group *g;
	size_t gcap;
};

static uint64_t hash_bytes(const uint8_t *k, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ k[i]) * 1099511628211ull;
	return h;
}

static int keyset_rehash(struct keyset *ks)
{
	size_t ns = ks->nslots ? ks->nslots * 2 : 1024;
	uint32_t *sl = calloc(ns, sizeof *sl);
	if (!sl)
		return -1;
	for (size_t i = 0; i < ks->n; i++) {
		size_t h = (size_t)hash_bytes(ks->keys + i * ks->klen, ks->klen) & (ns - 1);
		while (sl[h])
			h = (h + 1) & (ns - 1);
		sl[h] = (uint32_t)(i + 1);
	}
	free(ks->slots);
	ks->slots = sl;
	ks->nslots = ns;
	return 0;
}

/* Index of key, added when new (*added set). -1 on allocation failure. */
static long keyset_put(struct keyset *ks, const uint8_t *key, int *added)
{
	*added = 0;
	if ((ks->n + 1) * 2 > ks->nslots && keyset_rehash(ks) < 0)
		return -1;
	size_t h = (size_t)hash_bytes(key, ks->klen) & (ks->nslots - 1);
	for (; ks->slots[h]; h = (h + 1) & (ks->nslots - 1))
		if (memcmp(ks->keys + (ks->slots[h] - 1) * ks->klen, key, ks->klen) == 0)
			return (long)ks->slots[h] - 1;
	uint8_t *keys =
	    ks->n < UINT32_MAX - 1 ? grow(ks->keys, &ks->cap, ks->n + 1, ks->klen) : NULL;
	if (!keys)
		return -1;
	ks->keys = keys;
	memcpy(ks->keys + ks->n * ks->klen, key, ks->klen);
	ks->slots[h] = (uint32_t)(ks->n + 1);
	*added = 1;
	return (long)ks->n++;
}

static void keyset_free(struct keyset *ks)
{
	free(ks->keys);
	free(ks->slots);
}

struct rpki_unique *rpki_unique_new(void)
{
	struct rpki_unique *u = calloc(1, sizeof *u);
	if (!u)
		return NULL;
	u->groups.klen = 16 + 2 + 4;
	u->peers.klen = 16 + 1 + 4;
	u->pairs.klen = 8;
	return u;
}

static long peer_id(struct rpki_unique *u, const struct route_peer *peer)
{
	uint8_t k[21] = {0};
	if (peer) {
		memcpy(k, peer->addr, 16);
		k[16] = peer->family;
		memcpy(k + 17, &peer->asn, 4);
	}
	int added;
	return keyset_put(&u->peers, k, &added);
}

int rpki_unique_add(struct rpki_unique *u, const struct prefix *p, uint32_t origin,
                    const struct route_peer *peer, const uint32_t *path, int npath,
                    int aspa_checked, enum aspa_state aspa)
{
	uint8_t k[22];
	memcpy(k, p->addr, 16);
	k[16] = p->family;
	k[17] = p->len;
	memcpy(k + 18, &origin, 4);
	int added;
	long gi = keyset_put(&u->groups, k, &added);
	if (gi < 0)
		return -1;
	if (added) {
		struct unique_group *ng = GROW(u->g, u->gcap, (size_t)gi + 1);
		if (!ng)
			return -1;
		u->g = ng;
		struct unique_group *g = &u->g[gi];
		memset(g, 0, sizeof *g);
		g->prefix = *p;
		g->origin = origin;
		g->aspa_checked = aspa_checked;
		g->aspa = aspa;
		g->npath = -1;
		if (path && npath > 0) {
			g->path = malloc((size_t)npath * sizeof *path);
			if (!g->path)
				return -1;
			memcpy(g->path, path, (size_t)npath * sizeof *path);
			g->npath = npath;
		} else if (path) {
			g->npath = 0;
		}
	}
	struct unique_group *g = &u->g[gi];
	g->routes++;
	long pid = peer_id(u, peer);
	if (pid < 0)
		return -1;
	uint8_t pk[8];
	uint32_t a = (uint32_t)gi, b = (uint32_t)pid;
	memcpy(pk, &a, 4);
	memcpy(pk + 4, &b, 4);
	if (keyset_put(&u->pairs, pk, &added) < 0)
		return -1;
	g->peers += (unsigned long)added;
	return 0;
}

size_t rpki_unique_groups(const struct rpki_unique *u, const struct unique_group **out)
{
	*out = u->g;
	return u->groups.n;
}

void rpki_unique_free(struct rpki_unique *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->groups.n; i++)
		free(u->g[i].path);
	free(u->g);
	keyset_free(&u->groups);
	keyset_free(&u->peers);
	keyset_free(&u->pairs);
	free(u);
}
