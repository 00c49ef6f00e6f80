/* SPDX-License-Identifier: ISC */
/* sav_cone.c - customer cones, and the methods built on them: rpki (ROA
 * prefixes of the cone), bar-sav (draft-ietf-sidrops-bar-sav) and the
 * legitimate sources sav compare measures the others against. */
#include <stdlib.h>

#include "rpki/rpki_set.h"
#include "sav/sav_internal.h"

/* ASes whose ASPA names a member of cone as a provider join it. */
static int grow_by_aspa(const struct rpki_set *rpki, struct sav_asns *cone, bool *grew)
{
	for (size_t i = 0; rpki && i < rpki->naspas; i++) {
		const struct aspa *a = &rpki->aspas[i];
		if (sav_asns_has(cone, a->customer))
			continue;
		for (uint32_t k = 0; k < a->nproviders; k++)
			if (sav_asns_has(cone, a->providers[k])) {
				if (sav_asns_add(cone, a->customer) < 0)
					return -1;
				*grew = true;
				break;
			}
	}
	return 0;
}

/* Every AS on a path the customer sends us: the customer exported those
 * routes to its provider, so (valley-free) they come from its cone. */
static int add_path_ases(const struct sav_rib *rib, uint32_t customer, struct sav_asns *cone)
{
	for (size_t i = 0; rib && i < rib->n; i++) {
		const struct sav_route *r = &rib->r[i];
		if (r->neighbor != customer)
			continue;
		const uint32_t *path = sav_route_path(rib, r);
		for (uint16_t k = 0; k < r->path_len; k++)
			if (sav_asns_add(cone, path[k]) < 0)
				return -1;
	}
	return 0;
}

long sav_cone(const struct sav_inputs *in, size_t nb, bool use_aspa, bool use_paths, uint32_t **out)
{
	struct sav_asns cone = {0};
	int rc = sav_asns_add(&cone, in->conf->nb[nb].asn);
	if (rc == 0 && use_paths)
		rc = add_path_ases(in->rib, in->conf->nb[nb].asn, &cone);
	sav_asns_sort(&cone);
	for (bool grew = use_aspa; rc == 0 && grew;) {
		grew = false;
		rc = grow_by_aspa(in->rpki, &cone, &grew);
		sav_asns_sort(&cone);
	}
	if (rc < 0) {
		sav_asns_free(&cone);
		return -1;
	}
	*out = cone.v;
	return (long)cone.n;
}

static int cone_set(const struct sav_inputs *in, size_t nb, bool aspa, bool paths,
                    struct sav_asns *s)
{
	long n = sav_cone(in, nb, aspa, paths, &s->v);
	if (n < 0)
		return -1;
	s->n = s->cap = (size_t)n;
	return 0;
}

/* ROA prefixes of the customer and of the ASes that name it (or its
 * customers) as provider in their ASPAs. */
int sav_method_rpki(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	struct sav_asns cone = {0};
	int rc = cone_set(in, nb, true, false, &cone);
	if (rc == 0)
		rc = sav_add_roas_by_asn(in->rpki, &cone, out);
	sav_asns_free(&cone);
	return rc < 0 ? err_set(e, "out of memory") : 0;
}

/* draft-ietf-sidrops-bar-sav section 4: the customer cone from ASPAs
 * (recursively) and from the AS paths received from the customer, then
 * the ROA prefixes of the cone's ASes and every prefix any neighbour
 * announced with an origin in the cone. */
int sav_method_bar_sav(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	struct sav_asns cone = {0};
	int rc = cone_set(in, nb, true, true, &cone);
	if (rc == 0)
		rc = sav_add_roas_by_asn(in->rpki, &cone, out);
	if (rc == 0)
		rc = sav_add_routed_by_origin(in->rib, &cone, out);
	sav_asns_free(&cone);
	return rc < 0 ? err_set(e, "out of memory") : 0;
}

/* What the routing data says the customer may send: the prefixes routed
 * (by any neighbour) with an origin in its cone from ASPAs and its paths.
 * Unrouted ROA space is not counted: no traffic is expected from it. */
int sav_legitimate(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	struct sav_asns cone = {0};
	sav_plist_clear(out);
	int rc = cone_set(in, nb, true, true, &cone);
	if (rc == 0)
		rc = sav_add_routed_by_origin(in->rib, &cone, out);
	sav_asns_free(&cone);
	if (rc < 0)
		return err_set(e, "out of memory");
	sav_plist_aggregate(out, false);
	return 0;
}
