/* SPDX-License-Identifier: ISC */
/* lab_contacts.c - irr-contacts.db and peeringdb.json (see lab_contacts.h). */
#include <string.h>

#include "lab/lab_contacts.h"

/* splitmix64 of seed and ASN: the plan does not touch lab->rng. */
static uint64_t mix(uint64_t seed, uint32_t asn)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ull + asn + 0x632be59bd9b4e019ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void lab_contacts_plan(const struct lab *lab, size_t i, struct lab_contacts *c)
{
	uint64_t h = mix(lab->opts.seed, lab->as[i].asn);
	static const enum lab_irr_contact irr[10] = {
	    LAB_IRRC_NONE, LAB_IRRC_BAD_EMAIL, LAB_IRRC_DANGLING, LAB_IRRC_OK, LAB_IRRC_OK,
	    LAB_IRRC_OK,   LAB_IRRC_OK,        LAB_IRRC_OK,       LAB_IRRC_OK, LAB_IRRC_OK};
	static const enum lab_pdb_contact pdb[10] = {
	    LAB_PDBC_NO_NET,   LAB_PDBC_NO_POC, LAB_PDBC_BAD_EMAIL, LAB_PDBC_PRIVATE,
	    LAB_PDBC_NO_PHONE, LAB_PDBC_OK,     LAB_PDBC_OK,        LAB_PDBC_OK,
	    LAB_PDBC_OK,       LAB_PDBC_OK};
	c->irr = irr[h % 10];
	c->pdb = pdb[(h >> 16) % 10];
}

static void rpsl_one(const struct lab *lab, size_t i, FILE *f)
{
	struct lab_contacts c;
	uint32_t asn = lab->as[i].asn;
	lab_contacts_plan(lab, i, &c);
	if (c.irr == LAB_IRRC_NONE)
		return;
	const char *tag = c.irr == LAB_IRRC_DANGLING ? "GONE" : "LAB";
	fprintf(f,
	        "aut-num:        AS%u\nas-name:        LAB-AS%u\nadmin-c:        NOC%u-%s\n"
	        "tech-c:         NOC%u-%s\nabuse-c:        NOC%u-%s\nmnt-by:         MAINT-AS%u\n"
	        "source:         LAB-RIR\n\n",
	        asn, asn, asn, tag, asn, tag, asn, tag, asn);
	if (c.irr == LAB_IRRC_DANGLING)
		return;
	fprintf(f,
	        "role:           NOC of AS%u\naddress:        Lab Street 1\n"
	        "e-mail:         %s%u%s\nabuse-mailbox:  %s%u%s\nnic-hdl:        NOC%u-LAB\n"
	        "mnt-by:         MAINT-AS%u\nsource:         LAB-RIR\n\n",
	        asn, c.irr == LAB_IRRC_BAD_EMAIL ? "noc at as" : "noc@as", asn,
	        c.irr == LAB_IRRC_BAD_EMAIL ? " lab example" : ".lab.example",
	        c.irr == LAB_IRRC_BAD_EMAIL ? "abuse at as" : "abuse@as", asn,
	        c.irr == LAB_IRRC_BAD_EMAIL ? " lab example" : ".lab.example", asn, asn);
}

int lab_write_irr_contacts(const struct lab *lab, FILE *f, struct err *e)
{
	fprintf(f,
	        "%% manrs lab contacts (seed %llu): aut-num contact attributes and role objects,"
	        " source LAB-RIR\n\n",
	        (unsigned long long)lab->opts.seed);
	for (size_t i = 0; i < lab->nas; i++)
		rpsl_one(lab, i, f);
	return 0;
}

static void pdb_nets(const struct lab *lab, FILE *f)
{
	bool first = true;
	fputs("{\n\"net\": {\"data\": [\n", f);
	for (size_t i = 0; i < lab->nas; i++) {
		struct lab_contacts c;
		lab_contacts_plan(lab, i, &c);
		if (c.pdb == LAB_PDBC_NO_NET)
			continue;
		fprintf(f,
		        "%s  {\"id\": %zu, \"asn\": %u, \"name\": \"Lab network AS%u\", "
		        "\"info_type\": \"%s\", \"irr_as_set\": \"AS%u:AS-CUSTOMERS\", "
		        "\"updated\": \"2025-12-01T00:00:00Z\", \"poc_updated\": "
		        "\"2025-12-01T00:00:00Z\", \"status\": \"ok\"}",
		        first ? "" : ",\n", i + 1, lab->as[i].asn, lab->as[i].asn,
		        lab->as[i].tier == LAB_STUB ? "Enterprise" : "NSP", lab->as[i].asn);
		first = false;
	}
	fputs("\n]},\n", f);
}

static void pdb_pocs(const struct lab *lab, FILE *f)
{
	bool first = true;
	fputs("\"poc\": {\"data\": [\n", f);
	for (size_t i = 0; i < lab->nas; i++) {
		struct lab_contacts c;
		lab_contacts_plan(lab, i, &c);
		if (c.pdb == LAB_PDBC_NO_NET || c.pdb == LAB_PDBC_NO_POC)
			continue;
		uint32_t asn = lab->as[i].asn;
		char email[64];
		snprintf(email, sizeof email,
		         c.pdb == LAB_PDBC_BAD_EMAIL ? "noc@as%u" : "noc@as%u.lab.example", asn);
		fprintf(
		    f,
		    "%s  {\"id\": %zu, \"net_id\": %zu, \"role\": \"NOC\", \"visible\": \"%s\", "
		    "\"name\": \"NOC\", \"phone\": \"%s\", \"email\": \"%s\", \"url\": \"\", "
		    "\"created\": \"2024-01-01T00:00:00Z\", \"updated\": \"2025-12-01T00:00:00Z\", "
		    "\"status\": \"ok\"}",
		    first ? "" : ",\n", i + 1, i + 1,
		    c.pdb == LAB_PDBC_PRIVATE ? "Private" : "Public",
		    c.pdb == LAB_PDBC_NO_PHONE ? "" : "+1 555 0100", email);
		first = false;
	}
	fputs("\n]},\n", f);
}

static bool ix_member(const struct lab *lab, size_t i)
{
	if (lab->as[i].tier == LAB_TIER1)
		return true;
	for (size_t p = 0; p < lab->npeers; p++)
		if ((size_t)lab->peers[p].as == i)
			return true;
	return false;
}

static void pdb_ix(const struct lab *lab, FILE *f)
{
	fprintf(f,
	        "\"ix\": {\"data\": [\n  {\"id\": %d, \"name\": \"LAB-IX\", \"city\": \"Lab\", "
	        "\"country\": \"ZZ\", \"tech_email\": \"noc@ix.lab.example\", \"tech_phone\": "
	        "\"+1 555 0199\", \"policy_email\": \"peering@ix.lab.example\", \"policy_phone\": "
	        "\"\", \"status\": \"ok\"}\n]},\n",
	        LAB_IX_ID);
	fprintf(f,
	        "\"ixlan\": {\"data\": [\n  {\"id\": %d, \"ix_id\": %d, \"name\": \"\", \"mtu\": "
	        "1500, \"rs_asn\": %u, \"status\": \"ok\"}\n]},\n",
	        LAB_IX_ID, LAB_IX_ID, lab->collector_asn);
	fputs("\"netixlan\": {\"data\": [\n", f);
	bool first = true;
	size_t id = 1;
	for (size_t i = 0; i < lab->nas; i++) {
		if (!ix_member(lab, i))
			continue;
		fprintf(
		    f,
		    "%s  {\"id\": %zu, \"net_id\": %zu, \"ix_id\": %d, \"ixlan_id\": %d, \"asn\": "
		    "%u, \"ipaddr4\": \"198.51.100.%zu\", \"ipaddr6\": null, \"is_rs_peer\": true, "
		    "\"speed\": 100000, \"status\": \"ok\"}",
		    first ? "" : ",\n", id, i + 1, LAB_IX_ID, LAB_IX_ID, lab->as[i].asn,
		    id % 250 + 1);
		first = false;
		id++;
	}
	fputs("\n]}\n}\n", f);
}

int lab_write_peeringdb(const struct lab *lab, FILE *f, struct err *e)
{
	pdb_nets(lab, f);
	pdb_pocs(lab, f);
	pdb_ix(lab, f);
	return 0;
}

void lab_spoofer_plan(const struct lab *lab, size_t i, unsigned *tests, unsigned *spoofable)
{
	uint64_t h = mix(lab->opts.seed ^ 0x5370, lab->as[i].asn);
	*tests = *spoofable = 0;
	if (h % 4)
		return;
	*tests = 1 + (unsigned)((h >> 8) % 3);
	*spoofable = (unsigned)((h >> 16) % (*tests + 1));
}

int lab_write_spoofer(const struct lab *lab, FILE *f, struct err *e)
{
	fputs("session,timestamp,asn4,client4,routable4,privaddr4\n", f);
	unsigned long session = 1;
	for (size_t i = 0; i < lab->nas; i++) {
		unsigned tests, spoofable;
		lab_spoofer_plan(lab, i, &tests, &spoofable);
		struct prefix b;
		lab_block4(i, &b);
		for (unsigned k = 0; k < tests; k++) {
			const char *out = k < spoofable ? "received" : "blocked";
			fprintf(f, "%lu,2025-12-%02u,%u,%u.%u.%u.0/24,%s,%s\n", session++, k + 1,
			        lab->as[i].asn, b.addr[0], b.addr[1], 200 + k, out, out);
		}
	}
	return 0;
}
