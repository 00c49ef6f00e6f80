/* SPDX-License-Identifier: ISC */
/* lab.c - 'manrs lab': a small synthetic internet for demos and tests. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/err.h"
#include "core/json_writer.h"
#include "lab/lab.h"
#include "lab/lab_truth.h"
#include "lab/lab_write.h"

static const char usage_text[] =
    "usage: manrs lab generate DIR [--seed N] [--ases N] [--time UNIX] [--json] [-q]\n"
    "\n"
    "Write a small, self-consistent, deterministic synthetic internet into DIR:\n"
    "tiered ASes with provider/customer/peer links (as-rel.txt), ROAs and ASPAs\n"
    "(vrps.json, rpki-client format), IRR objects (irr.db, RPSL), a collector RIB\n"
    "(rib.mrt, TABLE_DUMP_V2) and 15 minutes of updates (updates.mrt, BGP4MP) with\n"
    "planted incidents: origin hijack, sub-prefix hijack, route leak, bogon prefix,\n"
    "bogon ASN, a ROA maxLength mistake, squat, path anomaly, visibility loss, OTC\n"
    "leak and ASPA-invalid peer leak. The same RIB and updates also come as the\n"
    "collector router's BMP feed (stream.bmp, for 'manrs bmp decode' or to send to\n"
    "'manrs bmp serve'). incidents.json and README hold the ground truth;\n"
    "prefixes.yml and config.yml (BGPalerter format) watch the ASes they touch,\n"
    "with thresholds for the lab's few collector peers. The same seed always gives\n"
    "byte-identical files.\n"
    "\n"
    "  --seed N     random seed (default 1)\n"
    "  --ases N     number of ASes, 20..2000 (default 300)\n"
    "  --time UNIX  time of the RIB dump (default 1767225600, 2026-01-01)\n"
    "  --json       print the summary as JSON\n"
    "  -q, --quiet  print nothing on success\n"
    "\n"
    "Exit status: 0 written, 1 generation or write failed, 2 usage error.\n";

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static void summary_text(const struct lab *lab, const char *dir)
{
	struct lab_stats s;
	char buf[PREFIX_STRLEN];
	lab_stats(lab, &s);
	printf("lab written to %s (seed %" PRIu64 ", %zu ASes)\n", dir, lab->opts.seed, lab->nas);
	printf("  as-rel.txt      %zu tier 1, %zu transit, %zu stubs; %zu p2c + %zu peer links\n",
	       s.tier[LAB_TIER1], s.tier[LAB_TRANSIT], s.tier[LAB_STUB], s.p2c, s.p2p);
	printf("  vrps.json       %zu ROAs, %zu ASPAs\n", s.roas, s.aspas);
	printf("  irr.db          %zu route objects for %zu IPv4 + %zu IPv6 prefixes\n",
	       s.irr_routes, s.routes4, s.routes6);
	printf("  rib.mrt         %zu entries from %zu collector peers (ROV: %zu valid, "
	       "%zu invalid, %zu not found)\n",
	       s.rib_entries, lab->npeers, s.rib_rov[LAB_ROV_VALID], s.rib_rov[LAB_ROV_INVALID],
	       s.rib_rov[LAB_ROV_NOTFOUND]);
	printf("  updates.mrt     %zu announcements, %zu withdrawals, %zu state changes\n",
	       s.updates, s.withdrawals, s.states);
	printf("  stream.bmp      the same as a BMP feed: Peer Up, RIB dump, updates\n");
	printf("  incidents.json  %zu planted incidents:\n", lab->ninc);
	for (size_t i = 0; i < lab->ninc; i++) {
		const struct lab_incident *in = &lab->inc[i];
		printf("    %-17s %-18s origin AS%-7u ROV %-9s ASPA %s\n", lab_kind_name(in->kind),
		       prefix_format(&in->pfx, buf, sizeof buf), in->origin, lab_rov_name(in->rov),
		       lab_aspa_name(in->aspa));
	}
}

/* ", "key": n" members on the summary's first line. */
static void lab_count(struct json_writer *w, const char *key, uint64_t n)
{
	json_sep(w, " ");
	json_key(w, key);
	json_u64(w, n);
}

static void incidents_json(struct json_writer *w, const struct lab *lab)
{
	char buf[PREFIX_STRLEN];
	json_begin_array(w);
	for (size_t i = 0; i < lab->ninc; i++) {
		const struct lab_incident *in = &lab->inc[i];
		const char *const keys[] = {"type", "prefix", "rov", "aspa"};
		const char *const vals[] = {lab_kind_name(in->kind),
		                            prefix_format(&in->pfx, buf, sizeof buf),
		                            lab_rov_name(in->rov), lab_aspa_name(in->aspa)};
		json_sep(w, "\n  ");
		json_begin_object(w);
		for (int k = 0; k < 4; k++) {
			if (k == 2)
				lab_count(w, "origin", in->origin);
			json_sep(w, k ? " " : "");
			json_key(w, keys[k]);
			json_string_plain(w, vals[k]);
		}
		json_end_object(w);
	}
	json_end_array(w);
}

static void summary_json(const struct lab *lab, const char *dir)
{
	static const char *const files[] = {"as-rel.txt", "vrps.json",    "irr.db",
	                                    "rib.mrt",    "updates.mrt",  "incidents.json",
	                                    "README",     "prefixes.yml", "updates-addpath.mrt",
	                                    "stream.bmp", "config.yml"};
	struct lab_stats s;
	lab_stats(lab, &s);
	struct json_writer w;
	json_writer_init_file(&w, stdout);
	json_spaced_colon(&w, true);
	json_begin_object(&w);
	json_key(&w, "dir");
	json_str(&w, dir);
	const char *const keys[] = {
	    "seed",        "ases",         "tier1",       "transit",         "stubs",
	    "p2c_links",   "peer_links",   "routes_v4",   "routes_v6",       "roas",
	    "aspas",       "irr_routes",   "rib_entries", "collector_peers", "announcements",
	    "withdrawals", "state_changes"};
	const uint64_t v[] = {
	    lab->opts.seed, lab->nas,     s.tier[LAB_TIER1], s.tier[LAB_TRANSIT], s.tier[LAB_STUB],
	    s.p2c,          s.p2p,        s.routes4,         s.routes6,           s.roas,
	    s.aspas,        s.irr_routes, s.rib_entries,     lab->npeers,         s.updates,
	    s.withdrawals,  s.states};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		lab_count(&w, keys[i], v[i]);
	json_sep(&w, "\n ");
	json_key(&w, "rib_rov");
	json_begin_object(&w);
	json_key(&w, "valid");
	json_u64(&w, s.rib_rov[LAB_ROV_VALID]);
	lab_count(&w, "invalid", s.rib_rov[LAB_ROV_INVALID]);
	lab_count(&w, "not_found", s.rib_rov[LAB_ROV_NOTFOUND]);
	json_end_object(&w);
	json_sep(&w, "\n ");
	json_key(&w, "files");
	json_begin_array(&w);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		json_sep(&w, i ? " " : "");
		json_string_plain(&w, files[i]);
	}
	json_end_array(&w);
	json_sep(&w, "\n ");
	json_key(&w, "incidents");
	incidents_json(&w, lab);
	json_end_object(&w);
	json_ws(&w, "\n");
	json_writer_finish(&w); /* a failed write shows in ferror(stdout) */
}

static int lab_generate(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"seed", required_argument, NULL, 's'},
	    {"ases", required_argument, NULL, 'n'},
	    {"time", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct lab_opts lo;
	lab_opts_default(&lo);
	bool json = false, quiet = false;
	uint64_t v;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:n:t:jqh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &lo.seed))
				return cmd_usage_error("lab", "bad --seed '%s'", optarg);
			break;
		case 'n':
			if (parse_u64(optarg, LAB_MAX_ASES, &v) || v < LAB_MIN_ASES)
				return cmd_usage_error("lab", "--ases must be %d..%d, not '%s'",
				                       LAB_MIN_ASES, LAB_MAX_ASES, optarg);
			lo.nases = (unsigned)v;
			break;
		case 't':
			if (parse_u64(optarg, LAB_MAX_TIME, &v) || v < LAB_MIN_TIME)
				return cmd_usage_error("lab", "--time must be %u..%u, not '%s'",
				                       LAB_MIN_TIME, LAB_MAX_TIME, optarg);
			lo.time = (uint32_t)v;
			break;
		case 'j':
			json = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error("lab", "unknown or incomplete option '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("lab", "generate takes exactly one directory");
	const char *dir = argv[optind];
	struct lab lab;
	struct err e;
	err_clear(&e);
	int rc = lab_build(&lab, &lo, &e);
	if (rc == 0)
		rc = lab_write_dir(&lab, dir, &e);
	if (rc) {
		fprintf(stderr, "manrs lab: %s\n", e.msg);
		lab_free(&lab);
		return EXIT_FINDINGS;
	}
	if (json)
		summary_json(&lab, dir);
	else if (!quiet)
		summary_text(&lab, dir);
	lab_free(&lab);
	return fflush(stdout) ? EXIT_FINDINGS : EXIT_OK;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} actions[] = {
    {"generate", lab_generate},
};

int cmd_lab(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (!strcmp(argv[1], actions[i].name))
			return actions[i].run(argc - 1, argv + 1);
	return cmd_usage_error("lab", "unknown action '%s' (try 'generate')", argv[1]);
}
