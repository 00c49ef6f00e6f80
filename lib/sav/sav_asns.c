/* SPDX-License-Identifier: ISC */
/* sav_asns.c - AS number sets, neighbour relations, and the prefix
 * collectors the methods share. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "detect/as_rel.h"
#include "rpki/rpki_set.h"
#include "sav/sav_internal.h"

int sav_asns_add(struct sav_asns *s, uint32_t asn)
{
	uint32_t *v = GROW(s->v, s->cap, s->n + 1);
	if (!v)
		return -1;
	s->v = v;
	s->v[s->n++] = asn;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

void sav_asns_sort(struct sav_asns *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (k == 0 || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

bool sav_asns_has(const struct sav_asns *s, uint32_t asn)
{
	return s->n && bsearch(&asn, s->v, s->n, sizeof *s->v, cmp_u32) != NULL;
}

void sav_asns_free(struct sav_asns *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

enum sav_relation sav_relation_of(const struct sav_inputs *in, uint32_t asn)
{
	for (size_t i = 0; i < in->conf->n; i++)
		if (in->conf->nb[i].asn == asn)
			return in->conf->nb[i].rel;
	if (in->asrel) {
		enum as_rel_kind k = as_rel_get(in->asrel, in->conf->asn, asn);
		if (k == AS_REL_P2C)
			return SAV_REL_CUSTOMER;
		if (k == AS_REL_P2P)
			return SAV_REL_PEER;
	}
	return SAV_REL_PROVIDER;
}

int sav_add_routed_by_origin(const struct sav_rib *rib, const struct sav_asns *origins,
                             struct sav_plist *out)
{
	for (size_t i = 0; rib && i < rib->n; i++)
		if (sav_asns_has(origins, rib->r[i].origin) && sav_plist_add(out, &rib->r[i].p) < 0)
			return -1;
	return 0;
}

int sav_add_roas_by_asn(const struct rpki_set *rpki, const struct sav_asns *asns,
                        struct sav_plist *out)
{
	for (size_t i = 0; rpki && i < rpki->nvrps; i++) {
		const struct vrp *v = &rpki->vrps[i];
		if (!sav_asns_has(asns, v->asn))
			continue;
		struct prefix p = {.family = v->family, .len = v->len};
		memcpy(p.addr, v->addr, sizeof p.addr);
		if (sav_plist_add(out, &p) < 0)
			return -1;
	}
	return 0;
}
