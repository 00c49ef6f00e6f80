/* SPDX-License-Identifier: ISC */
/* lab_asrel.c - as-rel.txt in CAIDA's serial-1 format. */
#include <stdlib.h>

#include "lab/lab_write.h"

struct row {
	uint32_t a, b;
	int rel;
};

static int by_as(const void *x, const void *y)
{
	const struct row *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

int lab_write_asrel(const struct lab *lab, FILE *f, struct err *e)
{
	struct row *rows = malloc((lab->nlinks + 1) * sizeof *rows);
	if (!rows)
		return err_set(e, "lab: out of memory");
	for (size_t i = 0; i < lab->nlinks; i++) {
		const struct lab_link *l = &lab->links[i];
		rows[i] = (struct row){lab->as[l->a].asn, lab->as[l->b].asn, l->rel};
	}
	/* CAIDA files are sorted by the first AS; it also makes diffs readable. */
	qsort(rows, lab->nlinks, sizeof *rows, by_as);
	fprintf(f,
	        "# manrs lab: synthetic AS relationships (seed %llu, %zu ASes)\n"
	        "# format: <provider-as>|<customer-as>|-1\n"
	        "# format: <peer-as>|<peer-as>|0\n",
	        (unsigned long long)lab->opts.seed, lab->nas);
	for (size_t i = 0; i < lab->nlinks; i++)
		fprintf(f, "%u|%u|%d\n", rows[i].a, rows[i].b, rows[i].rel);
	free(rows);
	return 0;
}
