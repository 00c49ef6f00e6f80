/* SPDX-License-Identifier: ISC */
/* check_as.c - every metric of one AS, family by family. */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

int check_as_compute(const struct check_world *w, uint32_t asn, const struct check_cutoffs *c,
                     struct check_as *a, struct err *e)
{
	memset(a, 0, sizeof *a);
	a->asn = asn;
	if (ck_neighbours(w, asn, &a->neighbours, &a->nneighbours) < 0 ||
	    ck_customers(w, asn, &a->customers, &a->ncustomers) < 0)
		return err_set(e, "out of memory");
	if (ck_filtering(w, a, e) < 0 || ck_global(w, a, e) < 0)
		return -1;
	ck_spoofing(w, a);
	if (ck_coordination(w, a, e) < 0)
		return -1;
	struct check_have h;
	check_world_have(w, &h);
	ck_scores(a, &h, c);
	return 0;
}

void check_as_free(struct check_as *a)
{
	for (int m = 0; m < CK_NFILTER; m++)
		free(a->filt[m].inc);
	free(a->routes);
	free(a->neighbours);
	free(a->customers);
	free(a->undocumented);
	memset(a, 0, sizeof *a);
}
