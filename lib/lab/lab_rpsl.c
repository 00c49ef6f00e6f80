/* SPDX-License-Identifier: ISC */
/* lab_rpsl.c - irr.db: the lab's IRR in RPSL (RFC 2622), source LAB.
 *
 * One maintainer per AS, an aut-num with import/export policy per
 * neighbour, a customer-cone as-set AS<N>:AS-CUSTOMERS for every AS with
 * customers (nesting the customers' own sets, as operators do), and route /
 * route6 objects for most announced prefixes. */
#include "lab/lab_write.h"

#define COL "%-16s" /* attribute column width, as in RIPE dumps */

static const char *tier_name(uint8_t tier)
{
	static const char *names[] = {"", "TIER1", "TRANSIT", "STUB"};
	return tier <= LAB_STUB ? names[tier] : "";
}

/* What AS i announces to its providers and peers: its cone set, or just
 * itself when it has no customers. */
static char *cone(const struct lab *lab, int i, char *buf, size_t n)
{
	if (lab->as[i].cust.n)
		snprintf(buf, n, "AS%u:AS-CUSTOMERS", lab->as[i].asn);
	else
		snprintf(buf, n, "AS%u", lab->as[i].asn);
	return buf;
}

static void mntner(const struct lab_as *a, FILE *f)
{
	fprintf(f,
	        COL "MAINT-AS%u\n" COL "Maintainer of AS%u (manrs lab)\n" COL
	            "noc@as%u.lab.example\n" COL "MD5-PW # Filtered\n" COL "MAINT-AS%u\n" COL
	            "LAB\n\n",
	        "mntner:", a->asn, "descr:", a->asn, "upd-to:", a->asn, "auth:", "mnt-by:", a->asn,
	        "source:");
}

static void autnum(const struct lab *lab, int i, FILE *f)
{
	const struct lab_as *a = &lab->as[i];
	char mine[48], theirs[48];
	cone(lab, i, mine, sizeof mine);
	fprintf(f, COL "AS%u\n" COL "LAB-%s-%u\n" COL "Synthetic %s network\n", "aut-num:", a->asn,
	        "as-name:", tier_name(a->tier), a->asn, "descr:", tier_name(a->tier));
	for (size_t k = 0; k < a->prov.n; k++) {
		uint32_t p = lab->as[a->prov.v[k]].asn;
		fprintf(f, COL "from AS%u accept ANY\n" COL "to AS%u announce %s\n", "import:", p,
		        "export:", p, mine);
	}
	for (size_t k = 0; k < a->peer.n; k++) {
		int p = a->peer.v[k];
		fprintf(f, COL "from AS%u accept %s\n" COL "to AS%u announce %s\n",
		        "import:", lab->as[p].asn, cone(lab, p, theirs, sizeof theirs),
		        "export:", lab->as[p].asn, mine);
	}
	for (size_t k = 0; k < a->cust.n; k++) {
		int c = a->cust.v[k];
		fprintf(f, COL "from AS%u accept %s\n" COL "to AS%u announce ANY\n",
		        "import:", lab->as[c].asn, cone(lab, c, theirs, sizeof theirs),
		        "export:", lab->as[c].asn);
	}
	fprintf(f, COL "MAINT-AS%u\n" COL "LAB\n\n", "mnt-by:", a->asn, "source:");
}

static void asset(const struct lab *lab, int i, FILE *f)
{
	const struct lab_as *a = &lab->as[i];
	char name[48];
	fprintf(f, COL "AS%u:AS-CUSTOMERS\n" COL "AS%u and its customer cone\n" COL "AS%u\n",
	        "as-set:", a->asn, "descr:", a->asn, "members:", a->asn);
	/* Several members per line, the way people write big sets. */
	for (size_t k = 0; k < a->cust.n; k++) {
		if (k % 6 == 0)
			fprintf(f, COL, "members:");
		fprintf(f, "%s%s", cone(lab, a->cust.v[k], name, sizeof name),
		        k % 6 == 5 || k + 1 == a->cust.n ? "\n" : ", ");
	}
	fprintf(f, COL "MAINT-AS%u\n" COL "LAB\n\n", "mnt-by:", a->asn, "source:");
}

static void route(const struct lab *lab, const struct lab_route *r, FILE *f)
{
	char buf[PREFIX_STRLEN];
	uint32_t asn = lab->as[r->origin].asn;
	fprintf(f,
	        COL "%s\n" COL "Lab route of AS%u\n" COL "AS%u\n" COL "MAINT-AS%u\n" COL "LAB\n\n",
	        r->pfx.family == 4 ? "route:" : "route6:", prefix_format(&r->pfx, buf, sizeof buf),
	        "descr:", asn, "origin:", asn, "mnt-by:", asn, "source:");
}

int lab_write_rpsl(const struct lab *lab, FILE *f, struct err *e)
{
	fprintf(f, "%% manrs lab IRR database (seed %llu): synthetic, source LAB\n\n",
	        (unsigned long long)lab->opts.seed);
	for (size_t i = 0; i < lab->nas; i++)
		mntner(&lab->as[i], f);
	for (size_t i = 0; i < lab->nas; i++)
		autnum(lab, (int)i, f);
	for (size_t i = 0; i < lab->nas; i++)
		if (lab->as[i].cust.n)
			asset(lab, (int)i, f);
	for (size_t r = 0; r < lab->nroutes; r++)
		if (lab->routes[r].irr)
			route(lab, &lab->routes[r], f);
	return 0;
}
