/* SPDX-License-Identifier: ISC */
/* sav_urpf.c - the RIB-driven methods: RFC 3704 strict and feasible-path
 * uRPF, and RFC 8704's enhanced feasible-path uRPF, algorithms A and B. */
#include <stdlib.h>

#include "sav/sav_internal.h"

/* RFC 3704 section 2.2: a source passes on an interface only when the FIB's
 * best route back to it points out of that interface (sav_derive picks it). */
int sav_method_strict(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	uint32_t me = in->conf->nb[nb].asn;
	for (size_t i = 0; i < in->rib->n; i++)
		if (in->derived->best[i] && in->rib->r[i].neighbor == me &&
		    sav_plist_add(out, &in->rib->r[i].p) < 0)
			return err_set(e, "out of memory");
	return 0;
}

/* RFC 3704 section 2.3: every prefix the interface's neighbour announced,
 * best or not. */
int sav_method_feasible(const struct sav_inputs *in, size_t nb, struct sav_plist *out,
                        struct err *e)
{
	uint32_t me = in->conf->nb[nb].asn;
	for (size_t i = 0; i < in->rib->n; i++)
		if (in->rib->r[i].neighbor == me && sav_plist_add(out, &in->rib->r[i].p) < 0)
			return err_set(e, "out of memory");
	return 0;
}

/* The origin ASes of the routes received from one neighbour AS, or from
 * every customer when asn is 0. */
static int origins_from(const struct sav_inputs *in, uint32_t asn, struct sav_asns *out)
{
	for (size_t i = 0; i < in->rib->n; i++) {
		const struct sav_route *r = &in->rib->r[i];
		bool pick = asn ? r->neighbor == asn : in->derived->rel[i] == SAV_REL_CUSTOMER;
		if (pick && r->origin && sav_asns_add(out, r->origin) < 0)
			return -1;
	}
	sav_asns_sort(out);
	return 0;
}

static int cmp_prefix(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* The origins Set A names whose Set X shares a prefix with the interface:
 * origins (in customer origins `a`) of every route, from any neighbour, to
 * a prefix the interface itself announced (`mine`, sorted). */
static int origins_sharing(const struct sav_inputs *in, const struct sav_asns *a,
                           const struct sav_plist *mine, struct sav_asns *out)
{
	for (size_t i = 0; i < in->rib->n; i++) {
		const struct sav_route *r = &in->rib->r[i];
		if (!sav_asns_has(a, r->origin) ||
		    !bsearch(&r->p, mine->v, mine->n, sizeof *mine->v, cmp_prefix))
			continue;
		if (sav_asns_add(out, r->origin) < 0)
			return -1;
	}
	sav_asns_sort(out);
	return 0;
}

/* RFC 8704 section 3.3, algorithm A: Set A, the unique origin ASes of the
 * routes on all customer interfaces; for each ASi in it, Set Xi, every
 * prefix any neighbour (customer, lateral peer or provider) announced with
 * origin ASi; Xi joins the RPF list of each customer interface on which one
 * or more of Xi's prefixes were received. */
int sav_method_efp_a(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	struct sav_asns a = {0}, mine_origins = {0};
	struct sav_plist mine = {0};
	int rc = origins_from(in, 0, &a);
	if (rc == 0)
		rc = sav_method_feasible(in, nb, &mine, e);
	if (rc == 0 && mine.n) {
		qsort(mine.v, mine.n, sizeof *mine.v, cmp_prefix);
		rc = origins_sharing(in, &a, &mine, &mine_origins);
	}
	if (rc == 0)
		rc = sav_add_routed_by_origin(in->rib, &mine_origins, out);
	sav_asns_free(&a);
	sav_asns_free(&mine_origins);
	sav_plist_free(&mine);
	return rc < 0 ? err_set(e, "out of memory") : 0;
}

/* RFC 8704 section 3.4, algorithm B: Set P, every prefix received on any
 * customer interface; Set A, their origin ASes; Set Q, the prefixes lateral
 * peers and providers announced with an origin in A. P u Q is the list of
 * every customer interface. */
int sav_method_efp_b(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	(void)nb;
	struct sav_asns origins = {0};
	int rc = origins_from(in, 0, &origins);
	for (size_t i = 0; rc == 0 && i < in->rib->n; i++) {
		const struct sav_route *r = &in->rib->r[i];
		bool customer = in->derived->rel[i] == SAV_REL_CUSTOMER;
		if (customer || sav_asns_has(&origins, r->origin))
			rc = sav_plist_add(out, &r->p);
	}
	sav_asns_free(&origins);
	return rc < 0 ? err_set(e, "out of memory") : 0;
}
