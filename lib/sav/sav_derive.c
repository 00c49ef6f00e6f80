/* SPDX-License-Identifier: ISC */
/* sav_derive.c - per-route relation and best-route flags, computed once
 * per RIB so that a run over many customers sorts the RIB once. */
#include <stdlib.h>
#include <string.h>

#include "sav/sav_internal.h"

void sav_derived_free(struct sav_derived *d)
{
	free(d->rel);
	free(d->best);
	memset(d, 0, sizeof *d);
}

/* Route preference, as a router with the usual LOCAL_PREF policy picks
 * its best path: customer over peer over provider, then the shorter AS
 * path, then the lower neighbour AS. Negative when a wins. */
static int better(const struct sav_route *a, uint8_t ra, const struct sav_route *b, uint8_t rb)
{
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->path_len != b->path_len)
		return a->path_len < b->path_len ? -1 : 1;
	return a->neighbor < b->neighbor ? -1 : a->neighbor > b->neighbor;
}

static int cmp_route_prefix(const void *x, const void *y)
{
	const struct sav_route *a = *(const struct sav_route *const *)x;
	const struct sav_route *b = *(const struct sav_route *const *)y;
	return prefix_cmp(&a->p, &b->p);
}

/* Flag the best route of every prefix (routes sorted by prefix via idx). */
static void mark_best(const struct sav_rib *rib, const struct sav_route **idx,
                      struct sav_derived *d)
{
	for (size_t i = 0; i < rib->n;) {
		size_t best = (size_t)(idx[i] - rib->r);
		size_t j = i + 1;
		for (; j < rib->n && prefix_equal(&idx[j]->p, &idx[i]->p); j++) {
			size_t k = (size_t)(idx[j] - rib->r);
			if (better(&rib->r[k], d->rel[k], &rib->r[best], d->rel[best]) < 0)
				best = k;
		}
		d->best[best] = 1;
		i = j;
	}
}

/* The relation of each route's neighbour; consecutive routes from the same
 * neighbour (the common MRT order within a prefix is not, but BMP tables
 * and tests are) reuse the last answer. */
static void relations(const struct sav_inputs *in, struct sav_derived *d)
{
	uint32_t last = 0;
	uint8_t last_rel = 0;
	bool have = false;
	for (size_t i = 0; i < in->rib->n; i++) {
		uint32_t n = in->rib->r[i].neighbor;
		if (!have || n != last) {
			last = n;
			last_rel = (uint8_t)sav_relation_of(in, n);
			have = true;
		}
		d->rel[i] = last_rel;
	}
}

int sav_derive(const struct sav_inputs *in, struct sav_derived *d, struct err *e)
{
	const struct sav_rib *rib = in->rib;
	size_t n = rib ? rib->n : 0;
	memset(d, 0, sizeof *d);
	d->rel = malloc(n + 1);
	d->best = calloc(n + 1, 1);
	const struct sav_route **idx = malloc((n + 1) * sizeof *idx);
	if (!d->rel || !d->best || !idx) {
		free(idx);
		sav_derived_free(d);
		return err_set(e, "out of memory");
	}
	d->n = n;
	if (n) {
		relations(in, d);
		for (size_t i = 0; i < n; i++)
			idx[i] = &rib->r[i];
		qsort(idx, n, sizeof *idx, cmp_route_prefix);
		mark_best(rib, idx, d);
	}
	free(idx);
	return 0;
}
