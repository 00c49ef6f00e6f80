/* SPDX-License-Identifier: ISC */
/* lab_ixp.c - ixp.yml: an IXP whose members are the lab's ASes, for
 * `manrs ixp generate` (manrs-ixp(1)). Every AS gets an address on the
 * peering LAN 10.99.0.0/16 (and fd00:99::/64 when it holds IPv6), its
 * customer-cone AS-SET from irr.db when it has customers, and max-prefix
 * limits with room above what it announces. */
#include "lab/lab_write.h"

#define LAB_RS_ASN 64999u

/* Routes AS index i announces, per family. */
static void route_counts(const struct lab *lab, size_t i, unsigned *v4, unsigned *v6)
{
	*v4 = *v6 = 0;
	for (size_t r = 0; r < lab->nroutes; r++)
		if ((size_t)lab->routes[r].origin == i) {
			if (lab->routes[r].pfx.family == 4)
				(*v4)++;
			else
				(*v6)++;
		}
}

static void member(const struct lab *lab, size_t i, FILE *f)
{
	const struct lab_as *a = &lab->as[i];
	unsigned n4, n6, host = (unsigned)i + 2;
	route_counts(lab, i, &n4, &n6);
	fprintf(f, "  - asn: %u\n    name: lab AS%u (%s)\n", a->asn, a->asn,
	        a->tier == LAB_TIER1     ? "tier 1"
	        : a->tier == LAB_TRANSIT ? "transit"
	                                 : "stub");
	if (a->cust.n)
		fprintf(f, "    as_set: AS%u:AS-CUSTOMERS\n", a->asn);
	fprintf(f, "    addresses: [10.99.%u.%u", host / 256, host % 256);
	if (a->v6)
		fprintf(f, ", 'fd00:99::%x'", host);
	fprintf(f, "]\n    max_prefix4: %u\n", 2 * n4 + 10);
	if (a->v6)
		fprintf(f, "    max_prefix6: %u\n", 2 * n6 + 10);
}

int lab_write_ixp_yml(const struct lab *lab, FILE *f, struct err *e)
{
	fprintf(f,
	        "# manrs lab: an IXP with every lab AS as a route-server member, for\n"
	        "#   manrs ixp generate ixp.yml --irr irr.db --vrps vrps.json\n"
	        "# ROV through RTR: manrs rtr serve --vrps vrps.json --listen 127.0.0.1:3323\n"
	        "ixp: LAB-IX\nrs_asn: %u\nroute_servers:\n  - name: rs1\n"
	        "    router_id: 10.99.0.1\n    addresses: [10.99.0.1, 'fd00:99::1']\n"
	        "peering_lan: [10.99.0.0/16, 'fd00:99::/64']\nrtr: 127.0.0.1:3323\n"
	        "policy:\n  irr: reject\n  rpki: reject\n  aspa: reject\nmembers:\n",
	        LAB_RS_ASN);
	for (size_t i = 0; i < lab->nas; i++)
		member(lab, i, f);
	if (ferror(f))
		return err_set(e, "lab: writing ixp.yml failed");
	return 0;
}
