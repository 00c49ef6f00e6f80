/* lab_route.c - Gao-Rexford best paths in three phases (see lab_route.h). */
#include "lab/lab_route.h"

#include <string.h>

struct ctx {
	const struct lab *lab;
	const struct lab_seed *seeds;
	struct lab_rt *rt;
	int cut_a, cut_b;
};

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

/* Offer AS u the route of its neighbour v with class cls. */
static void offer(struct ctx *c, int u, int v, uint8_t cls)
{
	struct lab_rt *cur = &c->rt[u];
	unsigned len = c->rt[v].len + 1u;
	if (len > LAB_MAXPATH || is_cut(c, u, v))
		return;
	if (cur->cls != LAB_CLS_NONE && cur->nh < 0)
		return; /* seeds keep what they announce */
	if (cur->cls > cls)
		return;
	if (cur->cls == cls) {
		if (cur->len < len)
			return;
		if (cur->len == len && c->lab->as[cur->nh].asn <= c->lab->as[v].asn)
			return;
	}
	if (on_path(c, v, u))
		return;
	cur->cls = cls;
	cur->len = (uint8_t)len;
	cur->nh = v;
}

void lab_route_compute(const struct lab *lab, const struct lab_seed *seeds, size_t nseeds,
		       int cut_a, int cut_b, struct lab_rt *rt)
{
	struct ctx c = {lab, seeds, rt, cut_a, cut_b};
	for (size_t i = 0; i < lab->nas; i++)
		rt[i] = (struct lab_rt){.nh = -1, .seed = -1, .cls = LAB_CLS_NONE, .len = 0};
	for (size_t s = 0; s < nseeds; s++) {
		struct lab_rt *r = &rt[seeds[s].as];
		r->cls = seeds[s].cls;
		r->len = (uint8_t)(1 + seeds[s].ntail);
		r->nh = -1;
		r->seed = (int16_t)s;
	}
	/* Phase 1: customer routes climb provider edges, level by level so
	 * that the first offer at a level is already a shortest one. */
	for (unsigned L = 1; L < LAB_MAXPATH; L++)
		for (size_t v = 0; v < lab->nas; v++) {
			if (rt[v].len != L || rt[v].cls < LAB_CLS_CUSTOMER)
				continue;
			const struct lab_ivec *p = &lab->as[v].prov;
			for (size_t k = 0; k < p->n; k++)
				offer(&c, p->v[k], (int)v, LAB_CLS_CUSTOMER);
		}
	/* Phase 2: one peer hop from every AS that holds a customer route. */
	for (size_t v = 0; v < lab->nas; v++) {
		if (rt[v].cls < LAB_CLS_CUSTOMER)
			continue;
		const struct lab_ivec *p = &lab->as[v].peer;
		for (size_t k = 0; k < p->n; k++)
			offer(&c, p->v[k], (int)v, LAB_CLS_PEER);
	}
	/* Phase 3: everything flows down to customers, again by level. */
	for (unsigned L = 1; L < LAB_MAXPATH; L++)
		for (size_t v = 0; v < lab->nas; v++) {
			if (rt[v].len != L || rt[v].cls == LAB_CLS_NONE)
				continue;
			const struct lab_ivec *p = &lab->as[v].cust;
			for (size_t k = 0; k < p->n; k++)
				offer(&c, p->v[k], (int)v, LAB_CLS_PROVIDER);
		}
}

bool lab_route_path(const struct lab *lab, const struct lab_rt *rt,
		    const struct lab_seed *seeds, int from, struct lab_path *out)
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
