/* SPDX-License-Identifier: ISC */
/* bmp_state_dump.c - the route tables as JSON lines, through the MRT JSON
 * writer: each route becomes the RIB element a snapshot would give. */
#include "bmp/bmp_state_dump.h"

#include <stdio.h>
#include <string.h>

#include "bgp/mrt_json.h"
#include "bmp/bmp_state_walk.h"

struct dump {
	struct mrt_buf *out;
	long n;
};

/* The line's head: router, view, stale, then the element's own fields. */
static int put_head(struct mrt_buf *out, const struct bmp_walk_route *w, size_t start)
{
	char head[200];
	int k =
	    snprintf(head, sizeof head, "{\"router\":\"%s\",\"view\":\"%s\",\"stale\":%s,",
	             w->router->name, bmp_view_name(w->view), w->route->stale ? "true" : "false");
	if (k < 0 || (size_t)k >= sizeof head || mrt_buf_reserve(out, (size_t)k) < 0)
		return -1;
	char *p = out->p + start;
	memmove(p + k, p + 1, out->len - start - 1);
	memcpy(p, head, (size_t)k);
	out->len += (size_t)k - 1;
	return 0;
}

static int dump_route(void *arg, const struct bmp_walk_route *w)
{
	struct dump *d = arg;
	size_t start = d->out->len;
	if (mrt_json_format(w->el, d->out) < 0 || put_head(d->out, w, start) < 0)
		return -1;
	d->n++;
	return 0;
}

long bmp_state_dump_json(const struct bmp_state *st, int view, struct mrt_buf *out)
{
	struct dump d = {.out = out};
	return bmp_state_walk(st, view, dump_route, &d) ? -1 : d.n;
}
