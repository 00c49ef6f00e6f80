/* SPDX-License-Identifier: ISC */
/* rpki_diff.c - differences between two finished sets by merging them. */
#include "rpki/rpki_diff.h"

#include <string.h>

static int same_providers(const struct aspa *a, const struct aspa *b)
{
	return a->nproviders == b->nproviders &&
	       (a->nproviders == 0 ||
	        memcmp(a->providers, b->providers, a->nproviders * sizeof *a->providers) == 0);
}

void rpki_diff(const struct rpki_set *old, const struct rpki_set *cur, rpki_diff_vrp_fn vfn,
               rpki_diff_aspa_fn afn, void *ctx, struct rpki_diff_counts *counts)
{
	struct rpki_diff_counts c;
	memset(&c, 0, sizeof c);
	size_t i = 0, j = 0;
	while (i < old->nvrps || j < cur->nvrps) {
		int d = i == old->nvrps   ? 1
		        : j == cur->nvrps ? -1
		                          : vrp_cmp(&old->vrps[i], &cur->vrps[j]);
		if (d == 0) {
			i++;
			j++;
		} else if (d < 0) {
			c.vrps_removed++;
			if (vfn)
				vfn(&old->vrps[i], 0, ctx);
			i++;
		} else {
			c.vrps_added++;
			if (vfn)
				vfn(&cur->vrps[j], 1, ctx);
			j++;
		}
	}
	i = j = 0;
	while (i < old->naspas || j < cur->naspas) {
		const struct aspa *a = i < old->naspas ? &old->aspas[i] : NULL;
		const struct aspa *b = j < cur->naspas ? &cur->aspas[j] : NULL;
		if (a && b && a->customer == b->customer) {
			if (!same_providers(a, b)) {
				c.aspas_changed++;
				if (afn)
					afn(a, b, ctx);
			}
			i++;
			j++;
		} else if (a && (!b || a->customer < b->customer)) {
			c.aspas_removed++;
			if (afn)
				afn(a, NULL, ctx);
			i++;
		} else {
			c.aspas_added++;
			if (afn)
				afn(NULL, b, ctx);
			j++;
		}
	}
	if (counts)
		*counts = c;
}
