/* SPDX-License-Identifier: ISC */
/* lab_rib.c - the route collector, its peers, and what each peer sends it:
 * the best valley-free path to every announced prefix (a full table). */
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "lab/lab_route.h"
#include "core/wire.h"

#define COLLECTOR_ASN 1999u

static void host4(size_t i, struct prefix *p)
{
	lab_block4(i, p);
	p->addr[2] = 255;
	p->addr[3] = 1;
	p->len = 32;
}

static void host6(size_t i, struct prefix *p)
{
	lab_block6(i, p);
	p->addr[15] = 1;
	p->len = 128;
}

/* True when transit AS i has a multihomed customer: a possible route leak
 * path through it, which the collector should be able to see. */
static bool has_multihomed_customer(const struct lab *lab, int i)
{
	const struct lab_ivec *c = &lab->as[i].cust;
	for (size_t k = 0; k < c->n; k++)
		if (lab->as[c->v[k]].prov.n >= 2)
			return true;
	return false;
}

static bool is_peer(const struct lab *lab, int i)
{
	for (size_t k = 0; k < lab->npeers; k++)
		if (lab->peers[k].as == i)
			return true;
	return false;
}

static void add_peer(struct lab *lab, int i)
{
	struct lab_peer *p = &lab->peers[lab->npeers++];
	p->as = i;
	host4((size_t)i, &p->ip4);
	host6((size_t)i, &p->ip6);
	p->bgp_id = wire_load_u32(p->ip4.addr);
}

/* Two tier-1 networks and three transit networks feed the collector, like a
 * RIS or RouteViews collector with a handful of full-table peers. */
static void pick_peers(struct lab *lab)
{
	for (int tries = 0; lab->npeers < 2 && tries < 100; tries++) {
		int i = (int)lab_rand_below(&lab->rng, (uint32_t)lab->ntier1);
		if (!is_peer(lab, i))
			add_peer(lab, i);
	}
	size_t want = lab->npeers + 3;
	for (int tries = 0; lab->npeers < want && tries < 400; tries++) {
		int i = (int)(lab->ntier1 + lab_rand_below(&lab->rng, (uint32_t)lab->ntransit));
		if (!is_peer(lab, i) && (tries > 200 || has_multihomed_customer(lab, i)))
			add_peer(lab, i);
	}
}

int lab_rib_build(struct lab *lab, struct err *e)
{
	lab->collector_asn = COLLECTOR_ASN;
	memset(&lab->collector_ip4, 0, sizeof lab->collector_ip4);
	lab->collector_ip4.family = 4;
	lab->collector_ip4.len = 32;
	memcpy(lab->collector_ip4.addr, (uint8_t[]){27, 255, 255, 254}, 4);
	lab->collector_id = 0x1bfffffeu;
	pick_peers(lab);

	struct lab_rt *rt = malloc(lab->nas * sizeof *rt);
	lab->rib = calloc(lab->nroutes * lab->npeers + 1, sizeof *lab->rib);
	lab->rib_cls = calloc(lab->nroutes * lab->npeers + 1, 1);
	if (!rt || !lab->rib || !lab->rib_cls) {
		free(rt);
		return err_set(e, "lab: out of memory");
	}
	int computed = -1;
	for (size_t r = 0; r < lab->nroutes; r++) {
		int o = lab->routes[r].origin;
		struct lab_seed seed = lab_seed_origin(lab, o);
		if (o != computed) { /* routes are grouped by origin: one run each */
			lab_route_compute(lab, &seed, 1, -1, -1, rt);
			computed = o;
		}
		for (size_t k = 0; k < lab->npeers; k++) {
			lab_route_path(lab, rt, &seed, lab->peers[k].as,
			               &lab->rib[r * lab->npeers + k]);
			lab->rib_cls[r * lab->npeers + k] = rt[lab->peers[k].as].cls;
		}
	}
	free(rt);
	return 0;
}
