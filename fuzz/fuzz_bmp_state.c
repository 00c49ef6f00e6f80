/* SPDX-License-Identifier: ISC */
/* fuzz_bmp_state.c - libFuzzer target: a router's BMP stream through the
 * collector's feed into the route tables (interning, replace, withdraw,
 * peer down), with the router going away and coming back every 32
 * messages (stale marks, grace sweeps), then the /rib dump and totals. The
 * tables are checked against their own counts. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	struct bmp_state *st = bmp_state_new();
	if (!st)
		return 0;
	struct bmp_router *r = bmp_state_router_up(st, "192.0.2.1");
	struct bmp_feed f;
	bmp_feed_init(&f, st, r, NULL, NULL, NULL);
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
			bmp_state_expire(st, now, 300);
			r = bmp_state_router_up(st, "192.0.2.1");
			f.router = r;
		}
	}
	struct bmp_state_totals t;
	bmp_state_totals(st, &t);
	size_t seen = 0;
	for (size_t i = 0; i < st->nrouters; i++)
		for (size_t j = 0; j < st->routers[i]->npeers; j++)
			for (int v = 0; v < BMP_VIEW_COUNT; v++)
				bmp_table_foreach(&st->routers[i]->peers[j]->view[v], count_cb,
				                  &seen);
	if (seen != t.routes)
		abort();
	struct mrt_buf b = {0};
	long dumped = bmp_state_dump_json(st, -1, &b);
	if (dumped >= 0 && (size_t)dumped != t.routes)
		abort();
	mrt_buf_free(&b);
	bmp_state_free(st);
	return 0;
}
