/* lab_ground.c - the ground truth: incidents.json for programs, README for
 * people. Both list every planted incident with the verdicts a correct
 * validator must reach and the exact path each collector peer showed. */
#include "lab/lab_truth.h"
#include "lab/lab_write.h"
#include "out/json.h"

static void path_json(const struct lab_path *p, FILE *f)
{
	fputc('[', f);
	for (size_t i = 0; i < p->len; i++)
		fprintf(f, "%s%u", i ? ", " : "", p->as[i]);
	fputc(']', f);
}

static void peer_json(const struct lab *lab, const struct lab_peer *p, FILE *f)
{
	char b4[PREFIX_STRLEN], b6[PREFIX_STRLEN];
	fprintf(f, "{\"asn\": %u, \"ip\": \"%s\", \"ip6\": \"%s\"}", lab->as[p->as].asn,
		addr_format(&p->ip4, b4, sizeof b4), addr_format(&p->ip6, b6, sizeof b6));
}

static void opt_asn(FILE *f, uint32_t asn)
{
	if (asn)
		fprintf(f, "%u", asn);
	else
		fputs("null", f);
}

int lab_write_incidents(const struct lab *lab, FILE *f, struct err *e)
{
	char buf[PREFIX_STRLEN], when[32];
	fprintf(f, "{\n  \"generator\": \"manrs lab generate\",\n  \"seed\": %llu,\n"
		   "  \"ases\": %zu,\n  \"rib_time\": %u,\n  \"rib_time_iso\": \"%s\",\n"
		   "  \"collector\": {\"asn\": %u, \"ip\": \"%s\", \"peers\": [",
		(unsigned long long)lab->opts.seed, lab->nas, lab->opts.time,
		lab_iso_time(lab->opts.time, when, sizeof when), lab->collector_asn,
		addr_format(&lab->collector_ip4, buf, sizeof buf));
	for (size_t k = 0; k < lab->npeers; k++) {
		fputs(k ? ",\n    " : "\n    ", f);
		peer_json(lab, &lab->peers[k], f);
	}
	fputs("]},\n  \"incidents\": [", f);
	for (size_t i = 0; i < lab->ninc; i++) {
		const struct lab_incident *in = &lab->inc[i];
		fprintf(f, "%s\n    {\"id\": %zu, \"type\": \"%s\", \"prefix\": \"%s\", \"origin\": %u, "
			   "\"victim\": ",
			i ? "," : "", i + 1, lab_kind_name(in->kind),
			prefix_format(&in->pfx, buf, sizeof buf), in->origin);
		opt_asn(f, in->victim);
		fprintf(f, ", \"actor\": %u,\n     \"file\": \"%s\", \"start\": %u, \"end\": ", in->actor,
			in->start < lab->opts.time ? "rib.mrt" : "updates.mrt", in->start);
		opt_asn(f, in->end);
		fprintf(f, ",\n     \"expected\": {\"rov\": \"%s\", \"aspa\": \"%s\", \"bogon\": %s, "
			   "\"irr\": %s},\n     \"note\": ",
			lab_rov_name(in->rov), lab_aspa_name(in->aspa), in->bogon ? "true" : "false",
			in->irr ? "true" : "false");
		json_write_string(f, in->note);
		fputs(",\n     \"seen\": [", f);
		for (size_t k = 0; k < in->nseen; k++) {
			const struct lab_sighting *s = &in->seen[k];
			const struct lab_peer *p = &lab->peers[s->peer];
			fprintf(f, "%s\n       {\"peer_asn\": %u, \"peer_ip\": \"%s\", \"as_path\": ",
				k ? "," : "", lab->as[p->as].asn, addr_format(&p->ip4, buf, sizeof buf));
			path_json(&s->path, f);
			fprintf(f, ", \"aspa\": \"%s\"}", lab_aspa_name(s->aspa));
		}
		fputs("]}", f);
	}
	fputs("\n  ]\n}\n", f);
	return 0;
}

int lab_write_readme(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_stats s;
	char buf[PREFIX_STRLEN], when[32];
	lab_stats(lab, &s);
	fprintf(f,
		"manrs lab - a synthetic internet (seed %llu)\n"
		"============================================\n\n"
		"Everything here is made up and deterministic: `manrs lab generate DIR --seed %llu\n"
		"--ases %zu` writes byte-identical files again. AS numbers and address space look\n"
		"like ordinary public ones on purpose (AS1000.. tier 1, AS2000.. transit,\n"
		"AS200000.. stubs; 20.0.0.0/6 and 2a10::/12), so that only the planted bogons\n"
		"are bogons. Do not announce any of it.\n\n",
		(unsigned long long)lab->opts.seed, (unsigned long long)lab->opts.seed, lab->nas);
	fprintf(f,
		"Topology: %zu ASes (%zu tier 1 in a full peering mesh, %zu transit, %zu stubs),\n"
		"%zu provider-customer and %zu peer links (as-rel.txt).\n"
		"Routes: %zu IPv4 and %zu IPv6 prefixes; %zu route objects in irr.db.\n"
		"RPKI: %zu ROAs and %zu ASPAs in vrps.json (partial coverage, like the real one).\n"
		"Collector AS%u (%s) at %s with %zu full-table peers:\n",
		lab->nas, s.tier[LAB_TIER1], s.tier[LAB_TRANSIT], s.tier[LAB_STUB], s.p2c, s.p2p,
		s.routes4, s.routes6, s.irr_routes, s.roas, s.aspas, lab->collector_asn,
		addr_format(&lab->collector_ip4, buf, sizeof buf),
		lab_iso_time(lab->opts.time, when, sizeof when), lab->npeers);
	for (size_t k = 0; k < lab->npeers; k++)
		fprintf(f, "  AS%u %s\n", lab->as[lab->peers[k].as].asn,
			addr_format(&lab->peers[k].ip4, buf, sizeof buf));
	fprintf(f,
		"rib.mrt: %zu RIB entries (ROV: %zu valid, %zu invalid, %zu not found).\n"
		"updates.mrt: %zu announcements, %zu withdrawals, %zu session state changes over\n"
		"15 minutes: a session reset, flaps, link failures, and these incidents:\n\n",
		s.rib_entries, s.rib_rov[LAB_ROV_VALID], s.rib_rov[LAB_ROV_INVALID],
		s.rib_rov[LAB_ROV_NOTFOUND], s.updates, s.withdrawals, s.states);
	for (size_t i = 0; i < lab->ninc; i++) {
		const struct lab_incident *in = &lab->inc[i];
		char at[32];
		if (in->start < lab->opts.time)
			snprintf(at, sizeof at, "in rib.mrt");
		else
			snprintf(at, sizeof at, "at +%us", in->start - lab->opts.time);
		fprintf(f, "%zu. %s %s origin AS%u %s: ROV %s, ASPA %s%s%s\n   %s\n", i + 1,
			lab_kind_name(in->kind), prefix_format(&in->pfx, buf, sizeof buf), in->origin,
			at, lab_rov_name(in->rov),
			lab_aspa_name(in->aspa), in->bogon ? ", bogon" : "",
			in->irr ? ", in IRR" : ", not in IRR", in->note);
	}
	fputs("\nincidents.json holds the same with every collector peer's AS path.\n", f);
	/* Commands to start exploring with, using this lab's own incidents. */
	fputs("\nTry (in this directory):\n"
	      "  manrs mrt dump -m updates.mrt | less          # what the collector saw\n"
	      "  bgpdump -m rib.mrt | head                     # the same with bgpdump\n"
	      "  manrs rpki validate --vrps vrps.json --mrt rib.mrt --mrt updates.mrt\n", f);
	for (size_t i = 0; i < lab->ninc; i++) {
		const struct lab_incident *in = &lab->inc[i];
		prefix_format(&in->pfx, buf, sizeof buf);
		if (in->kind == LAB_ORIGIN_HIJACK || in->kind == LAB_SUBPREFIX_HIJACK)
			fprintf(f, "  manrs rpki validate --vrps vrps.json %s AS%u\n", buf, in->origin);
		if (in->kind == LAB_ROUTE_LEAK && in->nseen) {
			fputs("  manrs rpki validate --vrps vrps.json --downstream --path '", f);
			for (size_t k = 0; k < in->seen[0].path.len; k++)
				fprintf(f, "%s%u", k ? " " : "", in->seen[0].path.as[k]);
			fprintf(f, "' %s\n", buf);
		}
		if (in->kind == LAB_BOGON_PREFIX)
			fprintf(f, "  manrs bogon check %s\n", buf);
	}
	for (size_t i = 0; i < lab->nas; i++)
		if (lab->as[i].cust.n) {
			fprintf(f, "  manrs irr filter --db irr.db -4 AS%u:AS-CUSTOMERS\n",
				lab->as[i].asn);
			break;
		}
	return 0;
}
