/* SPDX-License-Identifier: ISC */
/* bmp_state.c - routers, peers and views around the route tables. */
#include "bmp/bmp_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

int bmp_state_view_parse(const char *s)
{
	for (int v = 0; v < BMP_VIEW_COUNT; v++)
		if (!strcmp(s, bmp_view_name((enum bmp_rib_view)v)))
			return v;
	return -1;
}

struct bmp_state *bmp_state_new(void)
{
	struct bmp_state *st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	if (bmp_attr_pool_init(&st->attrs) < 0) {
		free(st);
		return NULL;
	}
	return st;
}

static void peer_free(struct bmp_state *st, struct bmp_peer *p)
{
	for (int v = 0; v < BMP_VIEW_COUNT; v++)
		bmp_table_clear(&p->view[v], &st->attrs);
	free(p);
}

static void router_free(struct bmp_state *st, struct bmp_router *r)
{
	for (size_t i = 0; i < r->npeers; i++)
		peer_free(st, r->peers[i]);
	free(r->peers);
	free(r);
}

void bmp_state_free(struct bmp_state *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nrouters; i++)
		router_free(st, st->routers[i]);
	free(st->routers);
	bmp_attr_pool_free(&st->attrs);
	free(st);
}

struct bmp_router *bmp_state_find_router(struct bmp_state *st, const char *name)
{
	for (size_t i = 0; i < st->nrouters; i++)
		if (!strcmp(st->routers[i]->name, name))
			return st->routers[i];
	return NULL;
}

struct bmp_router *bmp_state_router_up(struct bmp_state *st, const char *name)
{
	struct bmp_router *r = bmp_state_find_router(st, name);
	if (!r) {
		struct bmp_router **v = GROW(st->routers, st->cap, st->nrouters + 1);
		if (!v)
			return NULL;
		st->routers = v;
		r = calloc(1, sizeof *r);
		if (!r)
			return NULL;
		snprintf(r->name, sizeof r->name, "%s", name);
		st->routers[st->nrouters++] = r;
	}
	r->connected = true;
	r->sessions++;
	return r;
}

void bmp_state_router_down(struct bmp_state *st, struct bmp_router *r, uint32_t now)
{
	(void)st;
	r->connected = false;
	r->stale_since = now ? now : 1;
	for (size_t i = 0; i < r->npeers; i++)
		for (int v = 0; v < BMP_VIEW_COUNT; v++)
			bmp_table_mark_stale(&r->peers[i]->view[v]);
}

static size_t router_sweep(struct bmp_state *st, struct bmp_router *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->npeers; i++)
		for (int v = 0; v < BMP_VIEW_COUNT; v++)
			n += bmp_table_sweep_stale(&r->peers[i]->view[v], &st->attrs);
	return n;
}

size_t bmp_state_expire(struct bmp_state *st, uint32_t now, uint32_t grace)
{
	size_t dropped = 0, keep = 0;
	for (size_t i = 0; i < st->nrouters; i++) {
		struct bmp_router *r = st->routers[i];
		if (r->stale_since && now - r->stale_since >= grace) {
			dropped += router_sweep(st, r);
			r->stale_since = 0;
			if (!r->connected) {
				router_free(st, r);
				continue;
			}
		}
		st->routers[keep++] = r;
	}
	st->nrouters = keep;
	st->stale_dropped += dropped;
	return dropped;
}

static bool key_equal(const struct bmp_peer_key *a, const struct bmp_peer_key *b)
{
	return a->type == b->type && a->family == b->family && a->rd == b->rd &&
	       !memcmp(a->addr, b->addr, 16);
}

struct bmp_peer *bmp_router_peer(struct bmp_router *r, const struct bmp_peer_key *k, bool create)
{
	if (r->last && key_equal(&r->last->key, k))
		return r->last;
	for (size_t i = 0; i < r->npeers; i++)
		if (key_equal(&r->peers[i]->key, k))
			return r->last = r->peers[i];
	if (!create)
		return NULL;
	struct bmp_peer **v = GROW(r->peers, r->cap, r->npeers + 1);
	if (!v)
		return NULL;
	r->peers = v;
	struct bmp_peer *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->key = *k;
	p->asn_len = 4;
	r->peers[r->npeers++] = p;
	return r->last = p;
}

static void history_add(struct bmp_peer *p, uint32_t time, uint8_t kind, uint8_t reason)
{
	if (p->hist_n == BMP_HISTORY) {
		memmove(p->history, p->history + 1, (BMP_HISTORY - 1) * sizeof p->history[0]);
		p->hist_n--;
	}
	p->history[p->hist_n++] = (struct bmp_peer_event){time, kind, reason};
}

void bmp_peer_up(struct bmp_peer *p, uint32_t time, uint32_t asn, uint32_t bgp_id, int asn_len,
                 uint8_t addpath_views)
{
	p->up = true;
	p->implicit = false;
	p->asn = asn;
	p->bgp_id = bgp_id;
	p->asn_len = (uint8_t)(asn_len == 2 ? 2 : 4);
	p->addpath = addpath_views;
	p->ups++;
	history_add(p, time, BMP_EV_UP, 0);
}

void bmp_peer_down(struct bmp_state *st, struct bmp_peer *p, uint32_t time, uint8_t reason)
{
	p->up = false;
	p->downs++;
	for (int v = 0; v < BMP_VIEW_COUNT; v++)
		bmp_table_clear(&p->view[v], &st->attrs);
	history_add(p, time, BMP_EV_DOWN, reason);
}

uint32_t bmp_state_intern(struct bmp_state *st, int asn_len, const uint8_t *attrs, size_t len)
{
	uint8_t buf[65536];
	long n = bmp_attrs_normalise(attrs, len, buf, sizeof buf);
	if (n == -1)
		return 0;
	if (n >= 0)
		return bmp_attr_intern(&st->attrs, buf, (size_t)n, asn_len);
	return bmp_attr_intern(&st->attrs, attrs, len, asn_len);
}

int bmp_peer_announce(struct bmp_state *st, struct bmp_peer *p, enum bmp_rib_view v,
                      const struct prefix *pfx, uint32_t path_id, uint32_t attr, uint32_t time)
{
	p->updates++;
	return bmp_table_put(&p->view[v], &st->attrs, pfx, path_id, attr, time);
}

int bmp_peer_withdraw(struct bmp_state *st, struct bmp_peer *p, enum bmp_rib_view v,
                      const struct prefix *pfx, uint32_t path_id)
{
	p->withdrawals++;
	return bmp_table_del(&p->view[v], &st->attrs, pfx, path_id);
}

size_t bmp_peer_routes(const struct bmp_peer *p)
{
	size_t n = 0;
	for (int v = 0; v < BMP_VIEW_COUNT; v++)
		n += bmp_table_routes(&p->view[v]);
	return n;
}

void bmp_state_totals(const struct bmp_state *st, struct bmp_state_totals *t)
{
	memset(t, 0, sizeof *t);
	t->routers = st->nrouters;
	for (size_t i = 0; i < st->nrouters; i++) {
		const struct bmp_router *r = st->routers[i];
		t->connected += r->connected;
		t->peers += r->npeers;
		for (size_t j = 0; j < r->npeers; j++) {
			const struct bmp_peer *p = r->peers[j];
			t->peers_up += p->up || p->implicit;
			for (int v = 0; v < BMP_VIEW_COUNT; v++) {
				size_t n = bmp_table_routes(&p->view[v]);
				t->routes_by_view[v] += n;
				t->routes += n;
				t->stale += p->view[v].stale;
				t->table_bytes += bmp_table_bytes(&p->view[v]);
			}
		}
	}
	t->attr_sets = st->attrs.live;
	t->attr_bytes = bmp_attr_pool_bytes(&st->attrs);
}
