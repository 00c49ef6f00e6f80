/* SPDX-License-Identifier: ISC */
/* lab_ground.c - the ground truth: incidents.json for programs, README for
 * people. Both list every planted incident with the verdicts a correct
 * validator must reach and the exact path each collector peer showed. */
#include <errno.h>
#include <string.h>

#include "core/json_writer.h"
#include "lab/lab_truth.h"
#include "lab/lab_write.h"

/* "key": value pairs on one line separate with ", ". */
static void key_sep(struct json_writer *w, const char *ws, const char *key)
{
	json_sep(w, ws);
	json_key(w, key);
}

static void path_json(struct json_writer *w, const struct lab_path *p)
{
	json_begin_array(w);
	for (size_t i = 0; i < p->len; i++) {
		json_sep(w, i ? " " : "");
		json_u32(w, p->as[i]);
	}
	json_end_array(w);
}

static void peer_json(struct json_writer *w, const struct lab *lab, const struct lab_peer *p)
{
	char b4[PREFIX_STRLEN], b6[PREFIX_STRLEN];
	json_begin_object(w);
	key_sep(w, "", "asn");
	json_u32(w, lab->as[p->as].asn);
	key_sep(w, " ", "ip");
	json_string_plain(w, addr_format(&p->ip4, b4, sizeof b4));
	key_sep(w, " ", "ip6");
	json_string_plain(w, addr_format(&p->ip6, b6, sizeof b6));
	json_end_object(w);
}

/* An ASN, or null when there is none. */
static void opt_asn(struct json_writer *w, uint32_t asn)
{
	if (asn)
		json_u32(w, asn);
	else
		json_null_value(w);
}

static void collector_json(struct json_writer *w, const struct lab *lab)
{
	char buf[PREFIX_STRLEN];
	key_sep(w, "\n  ", "collector");
	json_begin_object(w);
	key_sep(w, "", "asn");
	json_u32(w, lab->collector_asn);
	key_sep(w, " ", "ip");
	json_string_plain(w, addr_format(&lab->collector_ip4, buf, sizeof buf));
	key_sep(w, " ", "peers");
	json_begin_array(w);
	for (size_t k = 0; k < lab->npeers; k++) {
		json_sep(w, "\n    ");
		peer_json(w, lab, &lab->peers[k]);
	}
	json_end_array(w);
	json_end_object(w);
}

static void expected_json(struct json_writer *w, const struct lab_incident *in)
{
	key_sep(w, "\n     ", "expected");
	json_begin_object(w);
	key_sep(w, "", "rov");
	json_string_plain(w, lab_rov_name(in->rov));
	key_sep(w, " ", "aspa");
	json_string_plain(w, lab_aspa_name(in->aspa));
	key_sep(w, " ", "bogon");
	json_bool(w, in->bogon);
	key_sep(w, " ", "irr");
	json_bool(w, in->irr);
	json_end_object(w);
}

static void seen_json(struct json_writer *w, const struct lab *lab, const struct lab_incident *in)
{
	char buf[PREFIX_STRLEN];
	key_sep(w, "\n     ", "seen");
	json_begin_array(w);
	for (size_t k = 0; k < in->nseen; k++) {
		const struct lab_sighting *s = &in->seen[k];
		const struct lab_peer *p = &lab->peers[s->peer];
		json_sep(w, "\n       ");
		json_begin_object(w);
		key_sep(w, "", "peer_asn");
		json_u32(w, lab->as[p->as].asn);
		key_sep(w, " ", "peer_ip");
		json_string_plain(w, addr_format(&p->ip4, buf, sizeof buf));
		key_sep(w, " ", "as_path");
		path_json(w, &s->path);
		key_sep(w, " ", "aspa");
		json_string_plain(w, lab_aspa_name(s->aspa));
		json_end_object(w);
	}
	json_end_array(w);
}

static void incident_json(struct json_writer *w, const struct lab *lab, size_t i)
{
	const struct lab_incident *in = &lab->inc[i];
	char buf[PREFIX_STRLEN];
	json_sep(w, "\n    ");
	json_begin_object(w);
	key_sep(w, "", "id");
	json_u64(w, i + 1);
	key_sep(w, " ", "type");
	json_string_plain(w, lab_kind_name(in->kind));
	key_sep(w, " ", "prefix");
	json_string_plain(w, prefix_format(&in->pfx, buf, sizeof buf));
	key_sep(w, " ", "origin");
	json_u32(w, in->origin);
	key_sep(w, " ", "victim");
	opt_asn(w, in->victim);
	key_sep(w, " ", "actor");
	json_u32(w, in->actor);
	key_sep(w, "\n     ", "file");
	json_string_plain(w, in->start < lab->opts.time ? "rib.mrt" : "updates.mrt");
	key_sep(w, " ", "start");
	json_u32(w, in->start);
	key_sep(w, " ", "end");
	opt_asn(w, in->end);
	expected_json(w, in);
	key_sep(w, "\n     ", "note");
	json_str(w, in->note);
	seen_json(w, lab, in);
	json_end_object(w);
}

int lab_write_incidents(const struct lab *lab, FILE *f, struct err *e)
{
	char when[32];
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_spaced_colon(&w, true);
	json_begin_object(&w);
	key_sep(&w, "\n  ", "generator");
	json_string_plain(&w, "manrs lab generate");
	key_sep(&w, "\n  ", "seed");
	json_u64(&w, lab->opts.seed);
	key_sep(&w, "\n  ", "ases");
	json_u64(&w, lab->nas);
	key_sep(&w, "\n  ", "rib_time");
	json_u32(&w, lab->opts.time);
	key_sep(&w, "\n  ", "rib_time_iso");
	json_string_plain(&w, lab_iso_time(lab->opts.time, when, sizeof when));
	collector_json(&w, lab);
	key_sep(&w, "\n  ", "incidents");
	json_begin_array(&w);
	for (size_t i = 0; i < lab->ninc; i++)
		incident_json(&w, lab, i);
	json_ws(&w, "\n  ");
	json_end_array(&w);
	json_ws(&w, "\n");
	json_end_object(&w);
	json_ws(&w, "\n");
	if (json_writer_finish(&w) < 0)
		return err_set(e, "lab: writing incidents.json: %s", strerror(errno));
	return 0;
}

int lab_write_readme(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_stats s;
	char buf[PREFIX_STRLEN], when[32];
	lab_stats(lab, &s);
	fprintf(
	    f,
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
		        lab_kind_name(in->kind), prefix_format(&in->pfx, buf, sizeof buf),
		        in->origin, at, lab_rov_name(in->rov), lab_aspa_name(in->aspa),
		        in->bogon ? ", bogon" : "", in->irr ? ", in IRR" : ", not in IRR",
		        in->note);
	}
	fputs("\nincidents.json holds the same with every collector peer's AS path.\n"
	      "stream.bmp holds rib.mrt and updates.mrt as the collector router would export\n"
	      "them over BMP (RFC 7854): Initiation, a Peer Up per peer, the RIB as pre-policy\n"
	      "Route Monitoring, the updates in order (the session reset as Peer Down and Peer\n"
	      "Up), Termination.\n",
	      f);
	/* Commands to start exploring with, using this lab's own incidents. */
	fputs("\nTry (in this directory):\n"
	      "  manrs mrt dump -m updates.mrt | less          # what the collector saw\n"
	      "  manrs bmp decode stream.bmp | less            # the same, as a BMP feed\n"
	      "  bgpdump -m rib.mrt | head                     # the same with bgpdump\n"
	      "  manrs rpki validate --vrps vrps.json --mrt rib.mrt --mrt updates.mrt\n"
	      "  manrs monitor --prefixes prefixes.yml --config config.yml --vrps vrps.json \\\n"
	      "      --asrel as-rel.txt --bogons --irr irr.db --mrt-rib rib.mrt updates.mrt\n"
	      "                                                # the incidents, found\n",
	      f);
	for (size_t i = 0; i < lab->ninc; i++) {
		const struct lab_incident *in = &lab->inc[i];
		prefix_format(&in->pfx, buf, sizeof buf);
		if (in->kind == LAB_ORIGIN_HIJACK || in->kind == LAB_SUBPREFIX_HIJACK)
			fprintf(f, "  manrs rpki validate --vrps vrps.json %s AS%u\n", buf,
			        in->origin);
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
