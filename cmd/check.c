/* SPDX-License-Identifier: ISC */
/* check.c - 'manrs check': MANRS readiness per AS from local data (lib/check). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cmd.h"
#include "core/atomic_file.h"

#define MAXF 64

struct check_opts {
	struct check_inputs in;
	const char *updates[MAXF], *irr[MAXF], *pdb[MAXF];
	char lab_paths[8][4096];
	struct check_cutoffs cut;
	bool json, markdown, all;
	const char *html, *rs_mrt;
	uint32_t ixp;
	bool have_ixp;
	size_t top;
	uint32_t asns[MAXF];
	size_t nasns;
};

static void usage(FILE *f)
{
	fprintf(
	    f, "usage: manrs check [OPTIONS] AS... | --all | --ixp ID\n\n"
	       "MANRS readiness of an AS from local data: the Observatory's metrics (M1-M8),\n"
	       "a status per action (ready / aspiring / lagging) and the fix list.\n\n"
	       "inputs (each optional; the report says which metric lacked which):\n"
	       "  --rib F           MRT RIB dump (TABLE_DUMP_V2)\n"
	       "  --updates F       MRT update files (repeatable), replayed through the\n"
	       "                    monitor's leak, moas and bogon detectors\n"
	       "  --vrps F          VRPs (rpki-client JSON, CSV, ...)\n"
	       "  --irr F           RPSL dump (repeatable): route objects, aut-num, role, person\n"
	       "  --asrel F         CAIDA AS relationships (customers, leaks)\n"
	       "  --peeringdb F     PeeringDB API JSON (repeatable): net, poc, ix, netixlan\n"
	       "  --spoofer F       CAIDA Spoofer results as CSV (M5, M5C)\n"
	       "  --no-bogons       do not use the built-in bogon lists (M3, M4)\n"
	       "  --lab DIR         all of the above from 'manrs lab generate DIR'\n"
	       "output:\n"
	       "  --json            the report as JSON on stdout\n"
	       "  --markdown        the report as Markdown on stdout (tickets)\n"
	       "  --html F          also write a self-contained HTML report to F\n"
	       "  --all             rank every AS that originates a route (progress on stderr)\n"
	       "  --top N           with --all: print only the first N\n"
	       "  --cutoff A=R,S    status cut-offs of action A (filtering, anti-spoofing,\n"
	       "                    coordination, global-validation, all): ready at score >= R,\n"
	       "                    aspiring >= S (default 90,50; ours, see manrs-check(1))\n"
	       "Exit: 0 when no action is lagging, 1 when one is (or an input failed), 2 usage.\n");
}

static int add_lab(struct check_opts *o, const char *dir)
{
	static const char *names[] = {"rib.mrt",        "updates.mrt",     "vrps.json",
	                              "irr.db",         "irr-contacts.db", "as-rel.txt",
	                              "peeringdb.json", "spoofer.csv"};
	for (int i = 0; i < 8; i++)
		if ((size_t)snprintf(o->lab_paths[i], sizeof o->lab_paths[i], "%s/%s", dir,
		                     names[i]) >= sizeof o->lab_paths[i])
			return -1;
	o->in.rib = o->lab_paths[0];
	o->updates[o->in.nupdates++] = o->lab_paths[1];
	o->in.vrps = o->lab_paths[2];
	o->irr[o->in.nirr++] = o->lab_paths[3];
	o->irr[o->in.nirr++] = o->lab_paths[4];
	o->in.asrel = o->lab_paths[5];
	o->pdb[o->in.npdb++] = o->lab_paths[6];
	o->in.spoofer = o->lab_paths[7];
	return 0;
}

static int push(const char **v, size_t *n, const char *s)
{
	if (*n >= MAXF - 2)
		return -1;
	v[(*n)++] = s;
	return 0;
}

static int parse_args(struct check_opts *o, int argc, char **argv)
{
	enum {
		O_RIB = 256,
		O_UPD,
		O_VRPS,
		O_IRR,
		O_ASREL,
		O_PDB,
		O_SPOOF,
		O_NOBOG,
		O_LAB,
		O_JSON,
		O_MD,
		O_HTML,
		O_ALL,
		O_TOP,
		O_CUT,
		O_IXP,
		O_RS
	};
	static const struct option lopts[] = {{"rib", 1, 0, O_RIB},
	                                      {"updates", 1, 0, O_UPD},
	                                      {"vrps", 1, 0, O_VRPS},
	                                      {"irr", 1, 0, O_IRR},
	                                      {"asrel", 1, 0, O_ASREL},
	                                      {"peeringdb", 1, 0, O_PDB},
	                                      {"spoofer", 1, 0, O_SPOOF},
	                                      {"no-bogons", 0, 0, O_NOBOG},
	                                      {"lab", 1, 0, O_LAB},
	                                      {"json", 0, 0, O_JSON},
	                                      {"markdown", 0, 0, O_MD},
	                                      {"html", 1, 0, O_HTML},
	                                      {"all", 0, 0, O_ALL},
	                                      {"top", 1, 0, O_TOP},
	                                      {"cutoff", 1, 0, O_CUT},
	                                      {"ixp", 1, 0, O_IXP},
	                                      {"rs-mrt", 1, 0, O_RS},
	                                      {"help", 0, 0, 'h'},
	                                      {0, 0, 0, 0}};
	int c;
	char *end;
	struct err e;
	o->in.bogons = true;
	check_cutoffs_default(&o->cut);
	while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		int bad = 0;
		switch (c) {
		case O_RIB:
			o->in.rib = optarg;
			break;
		case O_UPD:
			bad = push(o->updates, &o->in.nupdates, optarg);
			break;
		case O_VRPS:
			o->in.vrps = optarg;
			break;
		case O_IRR:
			bad = push(o->irr, &o->in.nirr, optarg);
			break;
		case O_ASREL:
			o->in.asrel = optarg;
			break;
		case O_PDB:
			bad = push(o->pdb, &o->in.npdb, optarg);
			break;
		case O_SPOOF:
			o->in.spoofer = optarg;
			break;
		case O_NOBOG:
			o->in.bogons = false;
			break;
		case O_LAB:
			bad = add_lab(o, optarg);
			break;
		case O_JSON:
			o->json = true;
			break;
		case O_MD:
			o->markdown = true;
			break;
		case O_HTML:
			o->html = optarg;
			break;
		case O_ALL:
			o->all = true;
			break;
		case O_TOP:
			o->top = strtoul(optarg, NULL, 10);
			break;
		case O_IXP:
			o->ixp = (uint32_t)strtoul(optarg, &end, 10);
			if (*end || !*optarg)
				return cmd_usage_error("check", "--ixp %s: not a PeeringDB ix id",
				                       optarg);
			o->have_ixp = true;
			break;
		case O_RS:
			o->rs_mrt = optarg;
			break;
		case O_CUT:
			if (check_cutoffs_parse(&o->cut, optarg, &e) < 0)
				return cmd_usage_error("check", "%s", e.msg);
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
		if (bad)
			return cmd_usage_error("check", "too many files for --%s",
			                       lopts[c - 256].name);
	}
	for (int i = optind; i < argc; i++) {
		if (o->nasns == MAXF)
			return cmd_usage_error("check", "at most %d ASes at once (use --all)",
			                       MAXF);
		if (asn_parse(argv[i], &o->asns[o->nasns++], &e) < 0)
			return cmd_usage_error("check", "%s", e.msg);
	}
	if (!o->nasns && !o->all && !o->have_ixp)
		return cmd_usage_error("check",
		                       "name an AS (manrs check AS64500), or give --all or --ixp");
	if (!o->in.rib && !o->in.nupdates && !o->in.vrps && !o->in.nirr && !o->in.asrel &&
	    !o->in.npdb && !o->in.spoofer)
		return cmd_usage_error("check",
		                       "no input: give MRT, VRP, IRR, as-rel, PeeringDB or "
		                       "Spoofer files (or --lab DIR)");
	if ((o->all || o->have_ixp) && (o->html || o->markdown))
		return cmd_usage_error("check", "--html and --markdown report on named ASes, not "
		                                "with --all or --ixp");
	if (o->all && o->have_ixp)
		return cmd_usage_error("check", "--all and --ixp exclude each other");
	if (o->rs_mrt && !o->have_ixp)
		return cmd_usage_error("check", "--rs-mrt goes with --ixp");
	if (o->have_ixp && !o->in.npdb)
		return cmd_usage_error("check",
		                       "--ixp needs PeeringDB data (--peeringdb or --lab)");
	if (o->json && o->markdown)
		return cmd_usage_error("check", "--json and --markdown exclude each other");
	o->in.updates = o->updates;
	o->in.irr = o->irr;
	o->in.pdb = o->pdb;
	return 0;
}

static int write_html(const char *path, const struct check_report *r)
{
	struct atomic_file af;
	struct err e;
	if (atomic_file_open(&af, path, &e) < 0) {
		fprintf(stderr, "manrs check: %s\n", e.msg);
		return -1;
	}
	if (check_out_html(af.f, r) < 0) {
		atomic_file_abort(&af);
		fprintf(stderr, "manrs check: %s: write failed\n", path);
		return -1;
	}
	if (atomic_file_commit(&af, &e) < 0) {
		fprintf(stderr, "manrs check: %s\n", e.msg);
		return -1;
	}
	fprintf(stderr, "manrs check: HTML report written to %s\n", path);
	return 0;
}

static void warn_inputs(const struct check_have *h)
{
	if (h->vrps_rejected)
		fprintf(stderr, "manrs check: warning: skipped %zu bad VRP entries, first: %s\n",
		        h->vrps_rejected, h->vrps_reject_msg);
	if (h->irr_warnings)
		fprintf(stderr,
		        "manrs check: warning: %lu RPSL warnings (objects skipped), first: %s\n",
		        h->irr_warnings, h->irr_first_warning);
	if (h->mrt_problems)
		fprintf(stderr,
		        "manrs check: warning: %lu malformed MRT records or unreadable "
		        "files were skipped (see above); the metrics miss what they held\n",
		        h->mrt_problems);
}

static int report(const struct check_opts *o, struct check_world *w)
{
	struct check_as *as = calloc(o->nasns, sizeof *as);
	struct check_fixes *fx = calloc(o->nasns, sizeof *fx);
	struct check_have h;
	struct err e;
	int rc = EXIT_OK;
	bool failed = false;
	check_world_have(w, &h);
	for (size_t i = 0; as && fx && i < o->nasns && !failed; i++) {
		if (check_as_compute(w, o->asns[i], &o->cut, &as[i], &e) < 0 ||
		    check_fixes_build(w, &as[i], &fx[i], &e) < 0) {
			fprintf(stderr, "manrs check: %s\n", e.msg);
			failed = true;
		}
		if (h.mrt && !as[i].nroutes)
			fprintf(stderr,
			        "manrs check: note: AS%u originates no route in the MRT data\n",
			        o->asns[i]);
		for (int k = 0; k < CK_NACTIONS; k++)
			if (as[i].status[k] == CK_LAGGING)
				rc = EXIT_FINDINGS;
	}
	if (!as || !fx || failed) {
		if (!failed)
			fprintf(stderr, "manrs check: out of memory\n");
		rc = EXIT_FINDINGS;
	} else {
		struct check_report r = {w, &h, &o->cut, as, fx, o->nasns};
		int wr = o->json       ? check_out_json(stdout, &r)
		         : o->markdown ? check_out_markdown(stdout, &r)
		                       : check_out_text(stdout, &r);
		if (wr < 0)
			rc = cmd_stdout_failed("check");
		if (o->html && write_html(o->html, &r) < 0)
			rc = EXIT_FINDINGS;
	}
	for (size_t i = 0; as && fx && i < o->nasns; i++) {
		check_as_free(&as[i]);
		check_fixes_free(&fx[i]);
	}
	free(as);
	free(fx);
	return rc;
}

static int report_ixp(const struct check_opts *o, const struct check_world *w)
{
	struct check_ixp x;
	struct err e;
	if (check_ixp_compute(w, o->ixp, o->rs_mrt, &o->cut, &x, &e) < 0) {
		fprintf(stderr, "manrs check: %s\n", e.msg);
		check_ixp_free(&x);
		return EXIT_FINDINGS;
	}
	int rc = (o->json ? check_out_ixp_json(stdout, &x) : check_out_ixp_text(stdout, &x)) < 0
	             ? cmd_stdout_failed("check")
	             : EXIT_OK;
	if (rc == EXIT_OK && (x.status[0] == CK_LAGGING || x.status[1] == CK_LAGGING))
		rc = EXIT_FINDINGS;
	if (x.rs_problems) {
		fprintf(stderr, "manrs check: warning: %s: %lu malformed MRT records skipped\n",
		        o->rs_mrt, x.rs_problems);
		rc = EXIT_FINDINGS;
	}
	check_ixp_free(&x);
	return rc;
}

int check_rank_all(const struct check_world *w, const struct check_cutoffs *c, size_t top,
                   bool json);

int cmd_check(int argc, char **argv)
{
	struct check_opts *o = calloc(1, sizeof *o);
	if (!o) {
		fprintf(stderr, "manrs check: out of memory\n");
		return EXIT_FINDINGS;
	}
	int rc = parse_args(o, argc, argv);
	if (rc) {
		free(o);
		return rc < 0 ? EXIT_OK : rc;
	}
	struct err e;
	o->in.progress = o->all;
	struct check_world *w = check_world_load(&o->in, &e);
	if (!w) {
		fprintf(stderr, "manrs check: %s\n", e.msg);
		free(o);
		return EXIT_FINDINGS;
	}
	struct check_have h;
	check_world_have(w, &h);
	warn_inputs(&h);
	rc = o->have_ixp ? report_ixp(o, w)
	     : o->all    ? check_rank_all(w, &o->cut, o->top, o->json)
	                 : report(o, w);
	if (h.mrt_problems && rc == EXIT_OK)
		rc = EXIT_FINDINGS;
	check_world_free(w);
	free(o);
	return rc;
}
