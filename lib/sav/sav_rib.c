/* SPDX-License-Identifier: ISC */
/* sav_rib.c - per-neighbour Adj-RIB-In, filled from MRT RIB dumps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/mrt.h"
#include "bgp/mrt_elem.h"
#include "core/grow.h"
#include "sav/sav_rib.h"

void sav_rib_free(struct sav_rib *rib)
{
	free(rib->r);
	free(rib->asns);
	memset(rib, 0, sizeof *rib);
}

int sav_rib_add(struct sav_rib *rib, uint32_t neighbor, const struct prefix *p,
                const uint32_t *path, size_t n)
{
	if (n > SAV_MAX_PATH)
		n = SAV_MAX_PATH;
	struct sav_route *routes = GROW(rib->r, rib->cap, rib->n + 1);
	if (!routes)
		return -1;
	rib->r = routes;
	uint32_t *asns = GROW(rib->asns, rib->asncap, rib->nasns + n);
	if (!asns)
		return -1;
	rib->asns = asns;
	struct sav_route *r = &rib->r[rib->n++];
	r->p = *p;
	r->neighbor = neighbor;
	r->origin = n ? path[n - 1] : neighbor;
	r->path_off = (uint32_t)rib->nasns;
	r->path_len = (uint16_t)n;
	if (n)
		memcpy(rib->asns + rib->nasns, path, n * sizeof *path);
	rib->nasns += n;
	return 0;
}

static void warn_stderr(void *ctx, const struct err *e)
{
	(void)ctx;
	fprintf(stderr, "manrs sav: %s\n", e->msg);
}

/* One RIB element: the path as the peer sent it (the peer first). A path
 * longer than SAV_MAX_PATH keeps its head and its origin. */
static int add_elem(struct sav_rib *rib, const struct mrt_elem *el)
{
	uint32_t path[SAV_MAX_PATH];
	int n = el->attrs ? bgp_attrs_path(el->attrs, path, SAV_MAX_PATH) : 0;
	if (n < 0)
		return 1; /* malformed path: skipped, as bgpdump shows none */
	if (n > SAV_MAX_PATH) {
		path[SAV_MAX_PATH - 1] = bgp_attrs_origin_as(el->attrs);
		n = SAV_MAX_PATH;
	}
	struct prefix p;
	mrt_elem_prefix(el, &p);
	return sav_rib_add(rib, el->peer_as, &p, path, (size_t)n);
}

long sav_rib_load_mrt(struct sav_rib *rib, const char *path, struct err *e)
{
	struct mrt_reader *r = mrt_reader_open(path, e);
	if (!r)
		return -1;
	mrt_reader_set_warn(r, warn_stderr, NULL);
	struct mrt_elems *it = mrt_elems_new(r, e);
	if (!it) {
		mrt_reader_close(r);
		return -1;
	}
	const struct mrt_elem *el;
	long added = 0;
	int rc;
	while ((rc = mrt_elems_next(it, &el, e)) == 1) {
		if (el->type != MRT_ELEM_RIB) {
			rib->skipped++;
			continue;
		}
		int a = add_elem(rib, el);
		if (a < 0) {
			rc = err_set(e, "out of memory");
			break;
		}
		added += a == 0;
	}
	mrt_elems_free(it);
	mrt_reader_close(r);
	return rc < 0 ? -1 : added;
}
