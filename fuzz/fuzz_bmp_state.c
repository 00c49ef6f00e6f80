/* SPDX-License-Identifier: ISC */
/* fuzz_bmp_state.c - libFuzzer target: a router's BMP stream through the
 * collector's feed into the route tables (interning, replace, withdraw,
 * peer down), with the router going away and coming back every 32
 * messages (stale marks, End-of-RIB and grace sweeps handing the swept
 * routes on as withdrawals), then the /rib dump and totals. The tables are
 * checked against their own counts (routes and stale routes). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bmp/bmp.h"
#include "bmp/bmp_state.h"
#include "bmp/bmp_state_dump.h"
#include "bmp/bmp_state_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_cb(void *arg, const struct bmp_route *r)
{
	(void)r;
	++*(size_t *)arg;
	return 0;
}

static int stale_cb(void *arg, const struct bmp_route *r)
{
	*(size_t *)arg += r->stale;
	return 0;
}

/* Elements and End-of-RIB markers handed on: each must be whole. */
static void on_element(void *arg, const struct bmp_route_event *ev)
{
	if (!ev->el || !ev->router)
		abort();
	++*(size_t *)arg;
}

static void on_eor(void *arg, const struct bmp_eor_event *ev)
{
	if (!ev->router || (ev->afi != 1 && ev->afi != 2))
		abort();
	++*(size_t *)arg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	struct bmp_state *st = bmp_state_new();
	if (!st)
		return 0;
	struct bmp_router *r = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_feed f;
	size_t handed = 0;
	bmp_feed_init(&f, st, r, on_element, &handed, NULL);
	f.on_eor = on_eor;
	size_t off = 0, mlen;
	uint32_t now = 1000;
	for (unsigned n = 1; off < size; n++) {
		if (bmp_frame(data + off, size - off, 65536, &mlen, &e) != 1)
			break;
		if (bmp_feed_message(&f, data + off, mlen, &e) < 0)
			break;
		off += mlen;
		if (n % 32 == 0) {
			bmp_state_router_down(st, r, now);
			now += (n % 64) ? 10 : 400;
			bmp_feed_expire(st, now, 300, on_element, &handed);
			r = bmp_state_router_up(st, "192.0.2.1");
			f.router = r;
		}
	}
	struct bmp_state_totals t;
	bmp_state_totals(st, &t);
	size_t seen = 0, stale = 0;
	for (size_t i = 0; i < st->nrouters; i++)
		for (size_t j = 0; j < st->routers[i]->npeers; j++)
			for (int v = 0; v < BMP_VIEW_COUNT; v++) {
				const struct bmp_table *tb = &st->routers[i]->peers[j]->view[v];
				size_t marked = 0;
				bmp_table_foreach(tb, count_cb, &seen);
				bmp_table_foreach(tb, stale_cb, &marked);
				if (marked != tb->stale)
					abort();
				stale += marked;
			}
	if (seen != t.routes || stale != t.stale)
		abort();
	struct mrt_buf b = {0};
	long dumped = bmp_state_dump_json(st, -1, &b);
	if (dumped >= 0 && (size_t)dumped != t.routes)
		abort();
	mrt_buf_free(&b);
	bmp_state_free(st);
	return 0;
}
