/* SPDX-License-Identifier: ISC */
/* lab_truth.c - brute-force ROV and ASPA verification for the ground truth. */
#include "lab/lab_truth.h"

uint8_t lab_truth_rov(const struct lab *lab, const struct prefix *p, uint32_t origin)
{
	uint8_t state = LAB_ROV_NOTFOUND;
	for (size_t i = 0; i < lab->nroas; i++) {
		const struct lab_roa *r = &lab->roas[i];
		if (!prefix_contains(&r->pfx, p))
			continue;
		if (r->asn != 0 && r->asn == origin && p->len <= r->maxlen)
			return LAB_ROV_VALID;
		state = LAB_ROV_INVALID;
	}
	return state;
}

enum hop { HOP_NOATT, HOP_PROVIDER, HOP_NOT_PROVIDER };

/* Is b a provider of a, according to a's ASPA? */
static enum hop hop(const struct lab *lab, uint32_t a, uint32_t b)
{
	int i = lab_find_as(lab, a);
	if (i < 0 || !lab->as[i].aspa)
		return HOP_NOATT;
	/* A tier 1 publishes providers [0]: it has none. */
	const struct lab_ivec *p = &lab->as[i].prov;
	for (size_t k = 0; k < p->n; k++)
		if (lab->as[p->v[k]].asn == b)
			return HOP_PROVIDER;
	return HOP_NOT_PROVIDER;
}

uint8_t lab_truth_aspa(const struct lab *lab, const struct lab_path *path)
{
	/* A[1] is the origin, A[n] the neighbour; prepends collapsed. */
	uint32_t A[LAB_MAXPATH + 1];
	size_t n = 0;
	for (size_t k = path->len; k-- > 0;)
		if (n == 0 || A[n] != path->as[k])
			A[++n] = path->as[k];
	if (n == 0)
		return LAB_ASPA_INVALID;
	if (n <= 2)
		return LAB_ASPA_VALID;
	size_t max_up = 1, min_up = 1, max_down = 1, min_down = 1;
	bool max_on = true, min_on = true;
	for (size_t i = 1; i < n; i++) {
		enum hop h = hop(lab, A[i], A[i + 1]);
		max_on = max_on && h != HOP_NOT_PROVIDER;
		min_on = min_on && h == HOP_PROVIDER;
		max_up += max_on;
		min_up += min_on;
	}
	max_on = min_on = true;
	for (size_t j = n; j > 1; j--) {
		enum hop h = hop(lab, A[j], A[j - 1]);
		max_on = max_on && h != HOP_NOT_PROVIDER;
		min_on = min_on && h == HOP_PROVIDER;
		max_down += max_on;
		min_down += min_on;
	}
	if (max_up + max_down < n)
		return LAB_ASPA_INVALID;
	if (min_up + min_down < n)
		return LAB_ASPA_UNKNOWN;
	return LAB_ASPA_VALID;
}

bool lab_truth_irr(const struct lab *lab, const struct prefix *p, uint32_t origin)
{
	for (size_t i = 0; i < lab->nroutes; i++) {
		const struct lab_route *r = &lab->routes[i];
		if (r->irr && lab->as[r->origin].asn == origin && prefix_equal(&r->pfx, p))
			return true;
	}
	return false;
}

const char *lab_rov_name(uint8_t rov)
{
	static const char *names[] = {"not-found", "valid", "invalid"};
	return rov < 3 ? names[rov] : "?";
}

const char *lab_aspa_name(uint8_t aspa)
{
	static const char *names[] = {"unknown", "valid", "invalid"};
	return aspa < 3 ? names[aspa] : "?";
}
