/* SPDX-License-Identifier: ISC */
/* sav_urpf.c - the RIB-driven methods: RFC 3704 strict and feasible-path
 * uRPF, and RFC 8704's enhanced feasible-path uRPF, algorithms A and B. */
#include <stdlib.h>

#include "sav/sav_internal.h"

/* Route preference for the strict method's best path, as a router with the
 * usual LOCAL_PREF policy picks it: customer over peer over provider, then
 * the shorter AS path, then the lower neighbour AS. Negative when a wins. */
static int better(const struct sav_inputs *in, const struct sav_route *a, const struct sav_route *b)
{
	enum sav_relation ra = sav_relation_of(in, a->neighbor);
	enum sav_relation rb = sav_relation_of(in, b->neighbor);
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

/* RFC 3704 section 2.2: a source passes on an interface only when the FIB's
 * best route back to it points out of that interface. */
int sav_method_strict(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	const struct sav_rib *rib = in->rib;
	const struct sav_route **idx = malloc((rib->n ? rib->n : 1) * sizeof *idx);
	if (!idx)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < rib->n; i++)
		idx[i] = &rib->r[i];
	qsort(idx, rib->n, sizeof *idx, cmp_route_prefix);
	uint32_t me = in->conf->nb[nb].asn;
	int rc = 0;
	for (size_t i = 0; i < rib->n && rc == 0;) {
		const struct sav_route *best = idx[i];
		size_t j = i + 1;
		for (; j < rib->n && prefix_equal(&idx[j]->p, &best->p); j++)
			if (better(in, idx[j], best) < 0)
				best = idx[j];
		if (best->neighbor == me)
			rc = sav_plist_add(out, &best->p);
		i = j;
	}
	free(idx);
	return rc < 0 ? err_set(e, "out of memory") : 0;
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

/* The origin ASes of the routes received from neighbours selected by want
 * (one AS, or every customer when asn is 0). */
static int origins_from(const struct sav_inputs *in, uint32_t asn, struct sav_asns *out)
{
	for (size_t i = 0; i < in->rib->n; i++) {
		const struct sav_route *r = &in->rib->r[i];
		bool pick =
		    asn ? r->neighbor == asn : sav_relation_of(in, r->neighbor) == SAV_REL_CUSTOMER;
		if (pick && r->origin && sav_asns_add(out, r->origin) < 0)
			return -1;
	}
	sav_asns_sort(out);
	return 0;
}

/* RFC 8704 section 3.3, algorithm A: the origin ASes seen on this customer
 * interface (its Set A), then every prefix any neighbour - customer, lateral
 * peer or provider - announced with one of those origins. */
int sav_method_efp_a(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	struct sav_asns origins = {0};
	int rc = origins_from(in, in->conf->nb[nb].asn, &origins);
	if (rc == 0)
		rc = sav_add_routed_by_origin(in->rib, &origins, out);
	sav_asns_free(&origins);
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
		bool customer = sav_relation_of(in, r->neighbor) == SAV_REL_CUSTOMER;
		if (customer || sav_asns_has(&origins, r->origin))
			rc = sav_plist_add(out, &r->p);
	}
	sav_asns_free(&origins);
	return rc < 0 ? err_set(e, "out of memory") : 0;
}
