/* SPDX-License-Identifier: ISC */
/* lab_topo.c - ASes in three tiers and the links between them.
 *
 * AS indices are ordered tier 1, then transit, then stubs, and a provider
 * always has a lower index than its customer: the provider graph is acyclic
 * by construction, as it is (almost always) in the real internet. */
#include <stdlib.h>

#include "core/grow.h"
#include "lab/lab.h"

int lab_ivec_push(struct lab_ivec *v, int x)
{
	int *p = GROW(v->v, v->cap, v->n + 1);
	if (!p)
		return -1;
	v->v = p;
	v->v[v->n++] = x;
	return 0;
}

bool lab_ivec_has(const struct lab_ivec *v, int x)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i] == x)
			return true;
	return false;
}

int lab_find_as(const struct lab *lab, uint32_t asn)
{
	/* Invert the numbering of asn_for (below) instead of searching: the
	 * truth checks call this for every hop of every path. */
	size_t i;
	if (asn >= 200000)
		i = lab->ntier1 + lab->ntransit + (asn - 200000);
	else if (asn >= 2000)
		i = lab->ntier1 + (asn - 2000);
	else if (asn >= 1000 && (asn - 1000) % 10 == 0)
		i = (asn - 1000) / 10;
	else
		return -1;
	return i < lab->nas && lab->as[i].asn == asn ? (int)i : -1;
}

/* Numbering that reads well in a demo: AS1000.. tier 1, AS2000.. transit
 * (2-byte), AS200000.. stubs (4-byte, so AS4 encoding gets exercised). None
 * of them is private, reserved or documentation space. */
static uint32_t asn_for(const struct lab *lab, size_t i)
{
	if (i < lab->ntier1)
		return 1000 + 10 * (uint32_t)i;
	if (i < lab->ntier1 + lab->ntransit)
		return 2000 + (uint32_t)(i - lab->ntier1);
	return 200000 + (uint32_t)(i - lab->ntier1 - lab->ntransit);
}

static bool related(const struct lab_as *a, int b)
{
	return lab_ivec_has(&a->prov, b) || lab_ivec_has(&a->cust, b) || lab_ivec_has(&a->peer, b);
}

static int add_link(struct lab *lab, int a, int b, int rel, struct err *e)
{
	struct lab_link *p = GROW(lab->links, lab->caplinks, lab->nlinks + 1);
	if (!p)
		return err_set(e, "lab: out of memory");
	lab->links = p;
	lab->links[lab->nlinks++] = (struct lab_link){a, b, rel};
	int rc;
	if (rel < 0)
		rc = lab_ivec_push(&lab->as[a].cust, b) | lab_ivec_push(&lab->as[b].prov, a);
	else
		rc = lab_ivec_push(&lab->as[a].peer, b) | lab_ivec_push(&lab->as[b].peer, a);
	return rc ? err_set(e, "lab: out of memory") : 0;
}

/* Give AS i between lo and hi providers drawn from indices [from, to),
 * preferring tier 1 with probability t1pct. */
static int pick_providers(struct lab *lab, int i, unsigned lo, unsigned hi, size_t from, size_t to,
                          unsigned t1pct, struct err *e)
{
	unsigned want = lab_rand_range(&lab->rng, lo, hi);
	for (unsigned tries = 0; lab->as[i].prov.n < want && tries < 50; tries++) {
		size_t p;
		if (lab_rand_pct(&lab->rng, t1pct) || to <= from)
			p = lab_rand_below(&lab->rng, (uint32_t)lab->ntier1);
		else
			p = from + lab_rand_below(&lab->rng, (uint32_t)(to - from));
		if ((int)p == i || related(&lab->as[i], (int)p))
			continue;
		if (add_link(lab, (int)p, i, -1, e))
			return -1;
	}
	return 0;
}

int lab_topo_build(struct lab *lab, struct err *e)
{
	size_t n = lab->opts.nases;
	lab->as = calloc(n, sizeof *lab->as);
	if (!lab->as)
		return err_set(e, "lab: out of memory");
	lab->nas = n;
	lab->ntier1 = n / 40 < 3 ? 3 : n / 40 > 12 ? 12 : n / 40;
	lab->ntransit = n * 22 / 100;
	size_t t1 = lab->ntier1, tr_end = t1 + lab->ntransit;
	for (size_t i = 0; i < n; i++) {
		lab->as[i].asn = asn_for(lab, i);
		lab->as[i].tier = i < t1 ? LAB_TIER1 : i < tr_end ? LAB_TRANSIT : LAB_STUB;
	}
	/* The tier-1 clique: everybody peers with everybody, nobody pays. */
	for (size_t a = 0; a < t1; a++)
		for (size_t b = a + 1; b < t1; b++)
			if (add_link(lab, (int)a, (int)b, 0, e))
				return -1;
	/* Transit: 1-3 upstreams among tier 1 and the transit ASes before it. */
	for (size_t i = t1; i < tr_end; i++)
		if (pick_providers(lab, (int)i, 1, 3, t1, i, i < t1 + lab->ntransit / 4 ? 80 : 35,
		                   e))
			return -1;
	/* Settlement-free peering between transit networks (IXP style). */
	size_t want = lab->ntransit * 3 / 2;
	for (size_t k = 0; k < want && lab->ntransit > 1; k++) {
		int a = (int)(t1 + lab_rand_below(&lab->rng, (uint32_t)lab->ntransit));
		int b = (int)(t1 + lab_rand_below(&lab->rng, (uint32_t)lab->ntransit));
		if (a == b || related(&lab->as[a], b))
			continue;
		if (add_link(lab, a < b ? a : b, a < b ? b : a, 0, e))
			return -1;
	}
	/* Stubs: single-homed or multihomed, mostly to transit networks. */
	for (size_t i = tr_end; i < n; i++) {
		unsigned r = lab_rand_below(&lab->rng, 100), hi = r < 55 ? 1 : r < 90 ? 2 : 3;
		if (pick_providers(lab, (int)i, hi, hi, t1, tr_end, 12, e))
			return -1;
	}
	/* A few networks pad their paths (AS-path prepending), which paths,
	 * parsers and ASPA verification all have to cope with. */
	for (size_t i = t1; i < n; i++) {
		struct lab_as *a = &lab->as[i];
		if (lab_rand_pct(&lab->rng, a->tier == LAB_STUB ? 6 : 3))
			a->prepend = (uint8_t)lab_rand_range(&lab->rng, 1, LAB_MAX_PREPEND);
		for (unsigned k = 0; k < a->prepend; k++)
			a->prepend_path[k] = a->asn;
	}
	return 0;
}
