/* SPDX-License-Identifier: ISC */
/* lab_route.c - Gao-Rexford best paths in three phases (see lab_route.h). */
#include "lab/lab_route.h"

#include <string.h>

struct ctx {
	const struct lab *lab;
	const struct lab_seed *seeds;
	struct lab_rt *rt;
	int cut_a, cut_b;
	/* Path-length buckets (linked through rt[].link), so each phase visits
	 * every AS once, in order of path length, instead of rescanning. */
	int32_t head[LAB_MAXPATH + 2];
};

static void bucket_push(struct ctx *c, int v)
{
	unsigned L = c->rt[v].len;
	c->rt[v].link = c->head[L];
	c->head[L] = v;
}

static void buckets_clear(struct ctx *c)
{
	for (size_t L = 0; L < LAB_MAXPATH + 2; L++)
		c->head[L] = -1;
}

static bool is_cut(const struct ctx *c, int a, int b)
{
	return (a == c->cut_a && b == c->cut_b) || (a == c->cut_b && b == c->cut_a);
}

/* True when AS index u is already on v's path (BGP loop prevention). */
static bool on_path(const struct ctx *c, int v, int u)
{
	uint32_t asn = c->lab->as[u].asn;
	for (int hops = 0; v >= 0 && hops <= LAB_MAXPATH; hops++) {
		if (v == u)
			return true;
		const struct lab_rt *r = &c->rt[v];
		if (r->nh < 0) {
			const struct lab_seed *s = &c->seeds[r->seed];
			for (size_t i = 0; i < s->ntail; i++)
				if (s->tail[i] == asn)
					return true;
			return false;
		}
		v = r->nh;
	}
	return true; /* a path this long is a loop by definition: refuse */
}

/* Offer AS u the route of its neighbour v with class cls. Returns true when
 * u had no route before (it then needs a place in a bucket). */
static bool offer(struct ctx *c, int u, int v, uint8_t cls)
{
	struct lab_rt *cur = &c->rt[u];
	unsigned len = c->rt[v].len + 1u;
	if (len > LAB_MAXPATH || is_cut(c, u, v))
		return false;
	if (cur->cls != LAB_CLS_NONE && cur->nh < 0)
		return false; /* seeds keep what they announce */
	if (cur->cls > cls)
		return false;
	if (cur->cls == cls) {
		if (cur->len < len)
			return false;
		if (cur->len == len && c->lab->as[cur->nh].asn <= c->lab->as[v].asn)
			return false;
	}
	if (on_path(c, v, u))
		return false;
	bool fresh = cur->cls != cls || cur->len != len;
	cur->cls = cls;
	cur->len = (uint8_t)len;
	cur->nh = v;
	return fresh;
}

/* Walk the buckets in length order; from every AS whose class is at least
 * min_cls, offer its route with class cls along the edges picked by `which`
 * (0 providers, 2 customers); newly reached ASes join the next bucket. */
static void sweep(struct ctx *c, uint8_t min_cls, uint8_t cls, int which)
{
	for (unsigned L = 1; L <= LAB_MAXPATH; L++) {
		int v = c->head[L];
		c->head[L] = -1;
		while (v >= 0) {
			int next = c->rt[v].link;
			if (c->rt[v].len == L && c->rt[v].cls >= min_cls) {
				const struct lab_as *a = &c->lab->as[v];
				const struct lab_ivec *e = which == 0 ? &a->prov : &a->cust;
				for (size_t k = 0; k < e->n; k++)
					if (offer(c, e->v[k], v, cls))
						bucket_push(c, e->v[k]);
			}
			v = next;
		}
	}
}

void lab_route_compute(const struct lab *lab, const struct lab_seed *seeds, size_t nseeds,
                       int cut_a, int cut_b, struct lab_rt *rt)
{
	struct ctx c = {lab, seeds, rt, cut_a, cut_b, {0}};
	for (size_t i = 0; i < lab->nas; i++)
		rt[i] = (struct lab_rt){
		    .nh = -1, .seed = -1, .cls = LAB_CLS_NONE, .len = 0, .link = -1};
	buckets_clear(&c);
	for (size_t s = 0; s < nseeds; s++) {
		struct lab_rt *r = &rt[seeds[s].as];
		r->cls = seeds[s].cls;
		r->len = (uint8_t)(1 + seeds[s].ntail);
		r->nh = -1;
		r->seed = (int16_t)s;
		bucket_push(&c, seeds[s].as);
	}
	/* Phase 1: customer routes climb provider edges, shortest first. */
	sweep(&c, LAB_CLS_CUSTOMER, LAB_CLS_CUSTOMER, 0);
	/* Phase 2: one peer hop from every AS that holds a customer route. */
	for (size_t v = 0; v < lab->nas; v++) {
		if (rt[v].cls < LAB_CLS_CUSTOMER)
			continue;
		const struct lab_ivec *p = &lab->as[v].peer;
		for (size_t k = 0; k < p->n; k++)
			offer(&c, p->v[k], (int)v, LAB_CLS_PEER);
	}
	/* Phase 3: everything flows down to customers, shortest first. */
	buckets_clear(&c);
	for (size_t v = lab->nas; v-- > 0;)
		if (rt[v].cls != LAB_CLS_NONE)
			bucket_push(&c, (int)v);
	sweep(&c, LAB_CLS_PROVIDER, LAB_CLS_PROVIDER, 2);
}

struct lab_seed lab_seed_origin(const struct lab *lab, int as)
{
	const struct lab_as *a = &lab->as[as];
	return (struct lab_seed){
	    .as = as, .cls = LAB_CLS_ORIGIN, .tail = a->prepend_path, .ntail = a->prepend};
}

bool lab_route_path(const struct lab *lab, const struct lab_rt *rt, const struct lab_seed *seeds,
                    int from, struct lab_path *out)
{
	out->len = 0;
	if (rt[from].cls == LAB_CLS_NONE)
		return false;
	int v = from;
	while (out->len < LAB_MAXPATH) {
		out->as[out->len++] = lab->as[v].asn;
		if (rt[v].nh < 0) {
			const struct lab_seed *s = &seeds[rt[v].seed];
			for (size_t i = 0; i < s->ntail; i++) {
				if (out->len >= LAB_MAXPATH)
					return false;
				out->as[out->len++] = s->tail[i];
			}
			return true;
		}
		v = rt[v].nh;
	}
	return false;
}
