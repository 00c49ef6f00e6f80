/* SPDX-License-Identifier: ISC */
/* lab_sav.c - sav.yml and sav-rib.mrt: the lab seen from one transit
 * operator that filters its customers' source addresses. A neighbour sends
 * the operator its best route to a prefix when valley-free export allows
 * it (providers send everything, peers and customers only their customer
 * routes) and the path does not already hold the operator. */
#include <stdlib.h>
#include <string.h>

#include "bgp/mrt_write.h"
#include "lab/lab_route.h"
#include "lab/lab_sav.h"
#include "lab/lab_write.h"

static bool multihomed_customer(const struct lab *lab, int i)
{
	const struct lab_ivec *c = &lab->as[i].cust;
	for (size_t k = 0; k < c->n; k++)
		if (lab->as[c->v[k]].prov.n >= 2)
			return true;
	return false;
}

/* Rank: a transit AS with a multihomed customer beats any other AS with
 * customers; then more customers; then the lower index. */
static int rank(const struct lab *lab, int i)
{
	if (!lab->as[i].cust.n)
		return -1;
	return lab->as[i].tier == LAB_TRANSIT && multihomed_customer(lab, i) ? 1 : 0;
}

int lab_sav_operator(const struct lab *lab)
{
	int best = -1;
	for (int i = 0; i < (int)lab->nas; i++) {
		int r = rank(lab, i);
		if (r < 0)
			continue;
		if (best < 0 || r > rank(lab, best) ||
		    (r == rank(lab, best) && lab->as[i].cust.n > lab->as[best].cust.n))
			best = i;
	}
	return best;
}

/* The operator's neighbours in sav.yml order: customers, peers, providers. */
struct nbrs {
	int as[512];
	uint8_t rel[512]; /* 0 customer, 1 peer, 2 provider */
	size_t n;
};

static void neighbours(const struct lab *lab, int op, struct nbrs *nb)
{
	const struct lab_ivec *lists[3] = {&lab->as[op].cust, &lab->as[op].peer, &lab->as[op].prov};
	nb->n = 0;
	for (int r = 0; r < 3; r++)
		for (size_t k = 0; k < lists[r]->n && nb->n < 512; k++) {
			nb->as[nb->n] = lists[r]->v[k];
			nb->rel[nb->n++] = (uint8_t)r;
		}
}

int lab_write_sav_yml(const struct lab *lab, FILE *f, struct err *e)
{
	static const char *const rel[] = {"customer", "peer", "provider"};
	int op = lab_sav_operator(lab);
	if (op < 0)
		return err_set(e, "lab: no AS with customers for sav.yml");
	struct nbrs *nb = malloc(sizeof *nb);
	if (!nb)
		return err_set(e, "lab: out of memory");
	neighbours(lab, op, nb);
	fprintf(f,
	        "# manrs sav: AS%u filters the source addresses its customers send.\n"
	        "# Adj-RIBs-In: sav-rib.mrt; try: manrs sav --config sav.yml --rib sav-rib.mrt\n"
	        "asn: %u\nneighbors:\n",
	        lab->as[op].asn, lab->as[op].asn);
	for (size_t i = 0; i < nb->n; i++) {
		const struct lab_as *a = &lab->as[nb->as[i]];
		fprintf(f, "  - name: as%u\n    asn: %u\n    relation: %s\n    interface: eth%zu\n",
		        a->asn, a->asn, rel[nb->rel[i]], i + 1);
		if (a->cust.n)
			fprintf(f, "    as_set: AS%u:AS-CUSTOMERS\n", a->asn);
		if (a->prov.n >= 2 && nb->rel[i] == 0)
			fprintf(f, "    # multihomed: %zu providers\n", a->prov.n);
	}
	free(nb);
	return 0;
}

/* Does neighbour n (relation rel to the operator) send its route rt? */
static bool exports(const struct lab_rt *rt, int n, uint8_t rel)
{
	if (rt[n].cls == LAB_CLS_NONE)
		return false;
	return rel == 2 || rt[n].cls >= LAB_CLS_CUSTOMER; /* providers send all */
}

static bool path_has(const struct lab_path *p, uint32_t asn)
{
	for (size_t i = 0; i < p->len; i++)
		if (p->as[i] == asn)
			return true;
	return false;
}

/* paths[r * nb->n + k]: neighbour k's route to lab->routes[r] (len 0: none). */
static struct lab_path *adj_ribs(const struct lab *lab, int op, const struct nbrs *nb,
                                 struct err *e)
{
	struct lab_path *paths = calloc(lab->nroutes * nb->n + 1, sizeof *paths);
	struct lab_rt *rt = malloc(lab->nas * sizeof *rt);
	if (!paths || !rt) {
		free(paths);
		free(rt);
		err_set(e, "lab: out of memory");
		return NULL;
	}
	int computed = -1;
	for (size_t r = 0; r < lab->nroutes; r++) {
		int o = lab->routes[r].origin;
		struct lab_seed seed = lab_seed_origin(lab, o);
		if (o != computed) {
			lab_route_compute(lab, &seed, 1, -1, -1, rt);
			computed = o;
		}
		for (size_t k = 0; k < nb->n; k++) {
			struct lab_path *p = &paths[r * nb->n + k];
			if (!exports(rt, nb->as[k], nb->rel[k]) ||
			    !lab_route_path(lab, rt, &seed, nb->as[k], p) ||
			    path_has(p, lab->as[op].asn))
				p->len = 0;
		}
	}
	free(rt);
	return paths;
}

static void nexthop(int as, int family, struct prefix *p)
{
	if (family == 4) {
		lab_block4((size_t)as, p);
		p->addr[2] = 255;
		p->addr[3] = 2;
		p->len = 32;
	} else {
		lab_block6((size_t)as, p);
		p->addr[15] = 2;
		p->len = 128;
	}
}

static int write_routes(const struct lab *lab, struct mrt_writer *w, const struct nbrs *nb,
                        const struct lab_path *paths, const size_t *order, struct err *e)
{
	struct mrt_rib_entry *ent = malloc((nb->n + 1) * sizeof *ent);
	struct mrt_attrs *attrs = malloc((nb->n + 1) * sizeof *attrs);
	int rc = ent && attrs ? 0 : err_set(e, "lab: out of memory");
	uint32_t t = lab->opts.time;
	for (size_t i = 0, seq = 0; rc == 0 && i < lab->nroutes; i++) {
		size_t r = order[i], n = 0;
		const struct prefix *pfx = &lab->routes[r].pfx;
		for (size_t k = 0; k < nb->n; k++) {
			const struct lab_path *p = &paths[r * nb->n + k];
			if (!p->len)
				continue;
			attrs[n] = (struct mrt_attrs){
			    .origin = MRT_ORIGIN_IGP, .as_path = p->as, .as_path_len = p->len};
			nexthop(nb->as[k], pfx->family, &attrs[n].next_hop);
			ent[n] = (struct mrt_rib_entry){
			    .peer_index = (uint16_t)k, .originated = t - 3600u, .attrs = &attrs[n]};
			n++;
		}
		if (n)
			rc = mrt_write_rib(w, t, (uint32_t)seq++, pfx, ent, n, e);
	}
	free(ent);
	free(attrs);
	return rc;
}

static int write_peers(const struct lab *lab, struct mrt_writer *w, const struct nbrs *nb,
                       uint32_t id, struct err *e)
{
	struct mrt_peer *peers = malloc((nb->n + 1) * sizeof *peers);
	if (!peers)
		return err_set(e, "lab: out of memory");
	for (size_t k = 0; k < nb->n; k++) {
		peers[k] = (struct mrt_peer){.asn = lab->as[nb->as[k]].asn};
		nexthop(nb->as[k], 4, &peers[k].addr);
		peers[k].bgp_id = (uint32_t)peers[k].addr.addr[0] << 24 |
		                  (uint32_t)peers[k].addr.addr[1] << 16 | 0xff02u;
	}
	int rc = mrt_write_peer_index(w, lab->opts.time, id, "sav", peers, nb->n, e);
	free(peers);
	return rc;
}

int lab_write_sav_rib_mrt(const struct lab *lab, const char *path, struct err *e)
{
	int op = lab_sav_operator(lab);
	if (op < 0)
		return err_set(e, "lab: no AS with customers for sav-rib.mrt");
	struct nbrs *nb = malloc(sizeof *nb);
	if (!nb)
		return err_set(e, "lab: out of memory");
	neighbours(lab, op, nb);
	struct lab_path *paths = adj_ribs(lab, op, nb, e);
	size_t *order = paths ? lab_rib_order(lab, e) : NULL;
	struct mrt_writer *w = order ? mrt_writer_open(path, e) : NULL;
	int rc = w ? 0 : -1;
	struct prefix me;
	nexthop(op, 4, &me);
	uint32_t id = (uint32_t)me.addr[0] << 24 | (uint32_t)me.addr[1] << 16 | 0xff02u;
	if (rc == 0)
		rc = write_peers(lab, w, nb, id, e);
	if (rc == 0)
		rc = write_routes(lab, w, nb, paths, order, e);
	if (w && mrt_writer_close(w, rc ? NULL : e))
		rc = -1;
	free(order);
	free(paths);
	free(nb);
	return rc;
}
