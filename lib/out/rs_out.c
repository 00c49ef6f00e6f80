/* SPDX-License-Identifier: ISC */
/* rs_out.c - the route-server writer table and helpers they share. */
#include "out/rs_out.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out/bogon_out.h"
#include "out/dialect.h"

static const struct rs_writer *const writers[] = {&rs_writer_bird, &rs_writer_openbgpd};

const struct rs_writer *rs_writer_find(const char *name)
{
	const char *canon = out_dialect_canonical(name);
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (!strcasecmp(writers[i]->name, canon))
			return writers[i];
	return NULL;
}

size_t rs_writers(const struct rs_writer *const **tab)
{
	*tab = writers;
	return sizeof writers / sizeof writers[0];
}

int rs_out_bogons(FILE *f, const struct bogon_writer *w, const struct bogon_set *s, struct err *e)
{
	struct bogon_out o;
	memset(&o, 0, sizeof o);
	o.f = f;
	if (w->begin)
		w->begin(&o);
	for (int fam = 4; fam <= 6; fam += 2) {
		struct bogon_range *r;
		long n = bogon_set_ranges(s, fam, &r, e);
		if (n < 0)
			return -1;
		w->prefixes(&o, fam, r, (size_t)n);
		free(r);
	}
	const struct bogon_asn_range *asns;
	size_t na = bogon_builtin_asns(&asns);
	w->asns(&o, asns, na);
	return 0;
}

const struct ixp_addr *rs_out_rs_addr(const struct ixp_rs *rs, int family)
{
	for (size_t i = 0; i < rs->naddr; i++)
		if (rs->addr[i].ip.family == family)
			return &rs->addr[i];
	return NULL;
}

void rs_out_member_tag(const struct ixp *x, size_t i, char *buf, size_t n)
{
	size_t same = 0;
	for (size_t j = 0; j < i; j++)
		same += x->members[j].asn == x->members[i].asn;
	if (same)
		snprintf(buf, n, "AS%u_%zu", x->members[i].asn, same + 1);
	else
		snprintf(buf, n, "AS%u", x->members[i].asn);
}
