/* SPDX-License-Identifier: ISC */
/* rtr_delta.c - set differences and their composition for RTR serials. */
#include "rtr/rtr_delta.h"

#include <stdlib.h>
#include <string.h>

/* RTR orders VRPs as the set itself does (vrp_cmp in rpki_set.c). */
int rtr_vrp_key_cmp(const struct vrp *a, const struct vrp *b)
{
	return vrp_cmp(a, b);
}

static int aspa_qsort_cmp(const void *a, const void *b)
{
	const struct aspa *x = a, *y = b;
	return x->customer < y->customer ? -1 : x->customer > y->customer;
}

static int lists_equal(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	return na == nb && (na == 0 || !memcmp(a, b, na * sizeof *a));
}

void rtr_set_normalize(struct rpki_set *s)
{
	int sorted = 1;
	for (size_t i = 1; i < s->nvrps && sorted; i++)
		sorted = rtr_vrp_key_cmp(&s->vrps[i - 1], &s->vrps[i]) <= 0;
	/* rpki_set_finish sorts in this order and keeps the expiry array beside
	 * the VRPs aligned (a plain qsort would not). */
	if (!sorted)
		rpki_set_finish(s);
	/* Same VRP from two trust anchors is one record to a router. */
	size_t w = 0;
	for (size_t i = 0; i < s->nvrps; i++)
		if (!w || rtr_vrp_key_cmp(&s->vrps[w - 1], &s->vrps[i])) {
			if (s->vrp_expires)
				s->vrp_expires[w] = s->vrp_expires[i];
			s->vrps[w++] = s->vrps[i];
		}
	s->nvrps = w;

	sorted = 1;
	for (size_t i = 1; i < s->naspas && sorted; i++)
		sorted = s->aspas[i - 1].customer <= s->aspas[i].customer;
	if (!sorted)
		qsort(s->aspas, s->naspas, sizeof *s->aspas, aspa_qsort_cmp);
	w = 0;
	for (size_t i = 0; i < s->naspas; i++) {
		if (w && s->aspas[w - 1].customer == s->aspas[i].customer) {
			free(s->aspas[i].providers); /* loader should have merged; keep first */
			continue;
		}
		s->aspas[w++] = s->aspas[i];
	}
	s->naspas = w;
}

static struct rtr_delta *delta_new(size_t nvrps, size_t naspas)
{
	struct rtr_delta *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->refs = 1;
	if (nvrps && !(d->vrps = malloc(nvrps * sizeof *d->vrps)))
		goto fail;
	if (naspas && !(d->aspas = calloc(naspas, sizeof *d->aspas)))
		goto fail;
	return d;
fail:
	free(d->vrps);
	free(d);
	return NULL;
}

static uint32_t *dup_list(const uint32_t *p, uint32_t n)
{
	uint32_t *r = malloc((n ? n : 1) * sizeof *r);
	if (r && n)
		memcpy(r, p, n * sizeof *r);
	return r;
}

/* Append an ASPA change with copies of both lists; -1 on allocation failure. */
static int aspa_push(struct rtr_delta *d, uint32_t customer, const uint32_t *old, uint32_t nold,
                     int has_old, const uint32_t *nw, uint32_t nnew, int has_new)
{
	struct rtr_aspa_change *c = &d->aspas[d->naspas];
	memset(c, 0, sizeof *c);
	c->customer = customer;
	c->has_old = (uint8_t)has_old;
	c->has_new = (uint8_t)has_new;
	if (has_old && !(c->old = dup_list(old, nold)))
		return -1;
	c->nold = has_old ? nold : 0;
	if (has_new && !(c->new_ = dup_list(nw, nnew))) {
		free(c->old);
		return -1;
	}
	c->nnew = has_new ? nnew : 0;
	d->naspas++;
	return 0;
}

/* twin of rtr_delta_compose: the same sorted merge, over two sets */
struct rtr_delta *rtr_delta_diff(const struct rpki_set *a, const struct rpki_set *b)
{
	/* Upper bound sizes first, so the merge below never reallocates. */
	struct rtr_delta *d = delta_new(a->nvrps + b->nvrps, a->naspas + b->naspas);
	if (!d)
		return NULL;
	size_t i = 0, j = 0;
	while (i < a->nvrps || j < b->nvrps) {
		int c = i == a->nvrps   ? 1
		        : j == b->nvrps ? -1
		                        : rtr_vrp_key_cmp(&a->vrps[i], &b->vrps[j]);
		if (c == 0) {
			i++, j++;
		} else if (c < 0) {
			d->vrps[d->nvrps++] = (struct rtr_vrp_change){a->vrps[i++], 0};
		} else {
			d->vrps[d->nvrps++] = (struct rtr_vrp_change){b->vrps[j++], 1};
		}
	}
	i = j = 0;
	while (i < a->naspas || j < b->naspas) {
		const struct aspa *x = i < a->naspas ? &a->aspas[i] : NULL;
		const struct aspa *y = j < b->naspas ? &b->aspas[j] : NULL;
		int r = 0;
		if (x && y && x->customer == y->customer) {
			if (!lists_equal(x->providers, x->nproviders, y->providers, y->nproviders))
				r = aspa_push(d, x->customer, x->providers, x->nproviders, 1,
				              y->providers, y->nproviders, 1);
			i++, j++;
		} else if (x && (!y || x->customer < y->customer)) {
			r = aspa_push(d, x->customer, x->providers, x->nproviders, 1, NULL, 0, 0);
			i++;
		} else {
			r = aspa_push(d, y->customer, NULL, 0, 0, y->providers, y->nproviders, 1);
			j++;
		}
		if (r) {
			rtr_delta_unref(d);
			return NULL;
		}
	}
	return d;
}

/* twin of rtr_delta_diff: the same merge over two deltas, whose changes can cancel */
struct rtr_delta *rtr_delta_compose(const struct rtr_delta *a, const struct rtr_delta *b)
{
	struct rtr_delta *d = delta_new(a->nvrps + b->nvrps, a->naspas + b->naspas);
	if (!d)
		return NULL;
	size_t i = 0, j = 0;
	while (i < a->nvrps || j < b->nvrps) {
		int c = i == a->nvrps   ? 1
		        : j == b->nvrps ? -1
		                        : rtr_vrp_key_cmp(&a->vrps[i].vrp, &b->vrps[j].vrp);
		if (c == 0) {
			/* Announce then withdraw (or back) leaves the router as it was. */
			if (a->vrps[i].announce == b->vrps[j].announce)
				d->vrps[d->nvrps++] = b->vrps[j];
			i++, j++;
		} else if (c < 0) {
			d->vrps[d->nvrps++] = a->vrps[i++];
		} else {
			d->vrps[d->nvrps++] = b->vrps[j++];
		}
	}
	i = j = 0;
	while (i < a->naspas || j < b->naspas) {
		const struct rtr_aspa_change *x = i < a->naspas ? &a->aspas[i] : NULL;
		const struct rtr_aspa_change *y = j < b->naspas ? &b->aspas[j] : NULL;
		int r = 0;
		if (x && y && x->customer == y->customer) {
			int same = x->has_old == y->has_new &&
			           (!x->has_old || lists_equal(x->old, x->nold, y->new_, y->nnew));
			if (!same)
				r = aspa_push(d, x->customer, x->old, x->nold, x->has_old, y->new_,
				              y->nnew, y->has_new);
			i++, j++;
		} else if (x && (!y || x->customer < y->customer)) {
			r = aspa_push(d, x->customer, x->old, x->nold, x->has_old, x->new_, x->nnew,
			              x->has_new);
			i++;
		} else {
			r = aspa_push(d, y->customer, y->old, y->nold, y->has_old, y->new_, y->nnew,
			              y->has_new);
			j++;
		}
		if (r) {
			rtr_delta_unref(d);
			return NULL;
		}
	}
	return d;
}

int rtr_delta_empty(const struct rtr_delta *d)
{
	return d->nvrps == 0 && d->naspas == 0;
}

struct rtr_delta *rtr_delta_ref(struct rtr_delta *d)
{
	if (d)
		d->refs++;
	return d;
}

void rtr_delta_unref(struct rtr_delta *d)
{
	if (!d || --d->refs)
		return;
	for (size_t i = 0; i < d->naspas; i++) {
		free(d->aspas[i].old);
		free(d->aspas[i].new_);
	}
	free(d->aspas);
	free(d->vrps);
	free(d);
}
