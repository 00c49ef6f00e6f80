/* SPDX-License-Identifier: ISC */
/* monitor_generate.c - 'manrs monitor generate': a BGPalerter prefixes.yml
 * for some ASes from their route objects, ROAs and RIB routes, and what is
 * inconsistent between those (lib/detect/mon_generate.h does the work). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/mrt_elem.h"
#include "cmd.h"
#include "core/atomic_file.h"
#include "core/grow.h"
#include "core/json_writer.h"
#include "detect/mon_generate.h"
#include "irr/irr_db.h"
#include "monitor_cmds.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

#define NAME "monitor generate"
#define MAX_FILES 16
#define MAX_WARNINGS_SHOWN 10

static const char USAGE[] =
    "usage: manrs monitor generate --asn AS[,AS...] [--irr DB]... [--vrps FILE]\n"
    "                              [--rib MRT]... [--out prefixes.yml] [--monitor-asns]\n"
    "                              [--ignore-delegated] [--group NAME] [--json]\n"
    "\n"
    "Write a BGPalerter prefixes.yml for the ASes: every prefix they announce in\n"
    "the RIB (MRT TABLE_DUMP_V2, or updates), have a route object for (RPSL) or a\n"
    "ROA for (VRPs), as BGPalerter's generate writes it. More-specifics other ASes\n"
    "announce inside them get ignoreMorespecifics: true when a ROA or route\n"
    "object allows that origin; an origin nothing allows is left out and reported.\n"
    "Inconsistencies go to stderr (or the --json report): announced-no-roa,\n"
    "announced-rpki-invalid, roa-not-announced, route-object-missing,\n"
    "route-object-not-announced, origin-differs.\n"
    "\n"
    "  --asn AS[,AS...]   the ASes (repeatable); AS64496, 64496 and asdot all work\n"
    "  --irr DB           RPSL route/route6 objects (repeatable)\n"
    "  --vrps FILE        VRPs (rpki-client JSON, CSV, ... as 'manrs rpki' reads)\n"
    "  --rib MRT          what is announced (repeatable; read twice, so not stdin)\n"
    "  --out FILE, -o     write the file here (atomically), default stdout\n"
    "  --monitor-asns, -m add options.monitorASns, with upstreams and downstreams\n"
    "                     seen in the RIB paths (BGPalerter -m -u -n)\n"
    "  --ignore-delegated, -i  delegated more-specifics get ignore: true (BGPalerter -i)\n"
    "  --group NAME, -g   user group of every entry (default: default)\n"
    "  --json             print the report as JSON on stdout (needs --out)\n"
    "\n"
    "Exit: 0 written and consistent, 1 written with inconsistencies (or failed),\n"
    "2 usage. See manrs-monitor-config(5).\n";

struct gen_opts {
	uint32_t *asns;
	size_t nasns, asn_cap;
	const char *irr[MAX_FILES], *rib[MAX_FILES];
	size_t nirr, nrib;
	const char *vrps, *out, *group;
	bool monitor_asns, ignore_delegated, json;
};

static int add_asns(struct gen_opts *o, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	if (!copy)
		return cmd_usage_error(NAME, "out of memory");
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		struct err e;
		uint32_t asn;
		uint32_t *v = GROW(o->asns, o->asn_cap, o->nasns + 1);
		if (asn_parse(tok, &asn, &e) < 0 || !v) {
			free(copy);
			return cmd_usage_error(NAME, "--asn: %s", v ? e.msg : "out of memory");
		}
		o->asns = v;
		o->asns[o->nasns++] = asn;
	}
	free(copy);
	return 0;
}

static int add_file(const char **v, size_t *n, const char *path, const char *opt)
{
	if (*n == MAX_FILES)
		return cmd_usage_error(NAME, "at most %d %s files", MAX_FILES, opt);
	if (!strcmp(path, "-") && !strcmp(opt, "--rib"))
		return cmd_usage_error(NAME, "--rib is read twice: give a file, not stdin");
	v[(*n)++] = path;
	return 0;
}

/* Returns 0, or an exit code (help or usage). */
static int parse_opts(int argc, char **argv, struct gen_opts *o)
{
	static const struct option lopts[] = {
	    {"asn", required_argument, NULL, 'a'},
	    {"irr", required_argument, NULL, 'I'},
	    {"vrps", required_argument, NULL, 'V'},
	    {"rib", required_argument, NULL, 'r'},
	    {"out", required_argument, NULL, 'o'},
	    {"monitor-asns", no_argument, NULL, 'm'},
	    {"ignore-delegated", no_argument, NULL, 'i'},
	    {"group", required_argument, NULL, 'g'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc = 0;
	optind = 1;
	while (rc == 0 && (c = getopt_long(argc, argv, "+ha:o:mig:", lopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			rc = add_asns(o, optarg);
			break;
		case 'I':
			rc = add_file(o->irr, &o->nirr, optarg, "--irr");
			break;
		case 'r':
			rc = add_file(o->rib, &o->nrib, optarg, "--rib");
			break;
		case 'V':
			o->vrps = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'g':
			o->group = optarg;
			break;
		case 'm':
			o->monitor_asns = true;
			break;
		case 'i':
			o->ignore_delegated = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			fputs(USAGE, stdout);
			return -1;
		default:
			return cmd_usage_error(NAME, "bad option (see --help)");
		}
	}
	if (rc)
		return rc;
	if (optind < argc)
		return cmd_usage_error(NAME, "unexpected argument '%s'", argv[optind]);
	if (o->nasns == 0)
		return cmd_usage_error(NAME, "give --asn AS[,AS...]");
	if (o->nirr + o->nrib == 0 && !o->vrps)
		return cmd_usage_error(NAME, "give at least one of --irr, --vrps, --rib");
	if (o->json && (!o->out || !strcmp(o->out, "-")))
		return cmd_usage_error(NAME, "--json prints the report on stdout: give --out FILE");
	return 0;
}

/* ---- sources ---- */

struct sources {
	struct irr_db *irr;
	struct rpki_set vrps;
	struct rov_index rov;
	bool have_vrps, have_rov;
};

static void on_irr_warn(const struct err *w, void *ctx)
{
	unsigned long *n = ctx;
	if ((*n)++ < MAX_WARNINGS_SHOWN)
		fprintf(stderr, "manrs %s: warning: %s\n", NAME, w->msg);
}

static int load_irr(const struct gen_opts *o, struct sources *s)
{
	static unsigned long warnings;
	struct err e;
	if (o->nirr == 0)
		return 0;
	if (!(s->irr = irr_db_new()))
		return fprintf(stderr, "manrs %s: out of memory\n", NAME), -1;
	irr_db_set_warn(s->irr, on_irr_warn, &warnings);
	for (size_t i = 0; i < o->nirr; i++)
		if (irr_db_load_file(s->irr, o->irr[i], NULL, &e) < 0)
			return fprintf(stderr, "manrs %s: %s\n", NAME, e.msg), -1;
	if (irr_db_finish(s->irr, &e) < 0)
		return fprintf(stderr, "manrs %s: %s\n", NAME, e.msg), -1;
	return 0;
}

static int load_vrps(const struct gen_opts *o, struct sources *s)
{
	struct err e;
	if (!o->vrps)
		return 0;
	rpki_set_init(&s->vrps);
	s->have_vrps = true;
	if (rpki_set_load_file(&s->vrps, o->vrps, &e) < 0)
		return fprintf(stderr, "manrs %s: %s\n", NAME, e.msg), -1;
	rpki_set_finish(&s->vrps);
	if (rov_index_build(&s->rov, &s->vrps, &e) < 0)
		return fprintf(stderr, "manrs %s: %s\n", NAME, e.msg), -1;
	s->have_rov = true;
	return 0;
}

static void free_sources(struct sources *s)
{
	irr_db_free(s->irr);
	if (s->have_rov)
		rov_index_free(&s->rov);
	if (s->have_vrps)
		rpki_set_free(&s->vrps);
}

/* ---- the RIB, twice ---- */

static void on_mrt_warn(void *ctx, const struct err *w)
{
	unsigned long *n = ctx;
	if ((*n)++ < MAX_WARNINGS_SHOWN)
		fprintf(stderr, "manrs %s: warning: %s\n", NAME, w->msg);
}

/* One pass over an MRT file: pass 1 feeds routes and paths, pass 2 the
 * other origins. Returns 0, or -1 after a message. */
static int rib_pass(struct mon_gen *g, const char *path, int pass)
{
	static unsigned long warnings;
	struct err e;
	struct mrt_reader *rd = mrt_reader_open(path, &e);
	struct mrt_elems *it = rd ? mrt_elems_new(rd, &e) : NULL;
	if (!it) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		if (rd)
			mrt_reader_close(rd);
		return -1;
	}
	mrt_reader_set_warn(rd, on_mrt_warn, &warnings);
	const struct mrt_elem *el;
	uint32_t aspath[256];
	int rc, status = 0;
	while (status == 0 && (rc = mrt_elems_next(it, &el, &e)) > 0) {
		if (el->type != MRT_ELEM_RIB && el->type != MRT_ELEM_ANNOUNCE)
			continue;
		struct prefix p;
		mrt_elem_prefix(el, &p);
		uint32_t origin = mrt_elem_origin_as(el);
		if (pass == 2) {
			status = mon_gen_rib_other(g, &p, origin, &e);
			continue;
		}
		int n = bgp_attrs_path(el->attrs, aspath, sizeof aspath / sizeof aspath[0]);
		size_t len = n < 0 ? 0 : (size_t)n > 256 ? 256 : (size_t)n;
		status = mon_gen_rib_route(g, &p, aspath, len, origin, &e);
	}
	if (status < 0 || rc < 0)
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
	mrt_elems_free(it);
	mrt_reader_close(rd);
	return status < 0 || rc < 0 ? -1 : 0;
}

static int read_ribs(const struct gen_opts *o, struct mon_gen *g)
{
	struct err e;
	for (size_t i = 0; i < o->nrib; i++)
		if (rib_pass(g, o->rib[i], 1) < 0)
			return -1;
	if (mon_gen_rib_prepare(g, &e) < 0)
		return fprintf(stderr, "manrs %s: %s\n", NAME, e.msg), -1;
	for (size_t i = 0; i < o->nrib; i++)
		if (rib_pass(g, o->rib[i], 2) < 0)
			return -1;
	return 0;
}

/* ---- output ---- */

static int write_yaml(const struct gen_opts *o, const struct mon_gen *g)
{
	struct mon_gen_yaml_opts yo = {o->monitor_asns, o->ignore_delegated, o->group};
	struct atomic_file af;
	struct err e = {0};
	if (atomic_file_open(&af, o->out ? o->out : "-", &e) < 0) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		return -1;
	}
	bool to_stdout = af.is_stdout;
	int rc = mon_gen_write_yaml(g, af.f, &yo);
	if (rc < 0) {
		err_set(&e, "%s: write failed: %s", af.path, strerror(errno ? errno : EIO));
		atomic_file_abort(&af);
	} else {
		rc = atomic_file_commit(&af, &e);
	}
	if (rc < 0 && to_stdout)
		cmd_stdout_failed(NAME);
	else if (rc < 0)
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg[0] ? e.msg : "write failed");
	return rc;
}

static void print_issues(const struct mon_gen *g)
{
	for (size_t i = 0; i < g->nissues; i++) {
		const struct mon_gen_issue *is = &g->issues[i];
		char pfx[PREFIX_STRLEN];
		prefix_format(&is->pfx, pfx, sizeof pfx);
		fprintf(stderr, "manrs %s: %s AS%u: %s: %s\n", NAME, pfx, is->asn,
		        mon_gen_issue_name(is->kind), is->detail);
	}
}

static void count_entries(const struct mon_gen *g, size_t *announced, size_t *delegated)
{
	*announced = *delegated = 0;
	for (size_t i = 0; i < g->nentries; i++) {
		*announced += g->entries[i].announced;
		*delegated += g->entries[i].delegated;
	}
}

static void print_summary(const struct gen_opts *o, const struct mon_gen *g)
{
	size_t announced, delegated;
	count_entries(g, &announced, &delegated);
	fprintf(stderr,
	        "manrs %s: %zu prefixes written to %s (%zu announced, %zu only registered, "
	        "%zu delegated more-specifics) for %zu ASes; %zu inconsistencies\n",
	        NAME, g->nentries, o->out ? o->out : "stdout", announced,
	        g->nentries - announced - delegated, delegated, g->nasns, g->nissues);
}

static void json_issue(struct json_writer *w, const struct mon_gen_issue *is)
{
	char pfx[PREFIX_STRLEN];
	json_begin_object(w);
	json_key(w, "kind");
	json_str(w, mon_gen_issue_name(is->kind));
	json_key(w, "prefix");
	json_str(w, prefix_format(&is->pfx, pfx, sizeof pfx));
	json_key(w, "asn");
	json_u32(w, is->asn);
	json_key(w, "other_asn");
	if (is->other_asn)
		json_u32(w, is->other_asn);
	else
		json_null_value(w);
	json_key(w, "detail");
	json_str(w, is->detail);
	json_end_object(w);
}

static int print_json(const struct gen_opts *o, const struct mon_gen *g)
{
	struct json_writer w;
	size_t announced, delegated, kinds[MGEN_ISSUE_KINDS] = {0};
	count_entries(g, &announced, &delegated);
	json_writer_init_file(&w, stdout);
	json_begin_object(&w);
	json_key(&w, "out");
	json_str(&w, o->out);
	json_key(&w, "asns");
	json_begin_array(&w);
	for (size_t i = 0; i < g->nasns; i++)
		json_u32(&w, g->asns[i]);
	json_end_array(&w);
	json_key(&w, "sources");
	json_begin_object(&w);
	json_key(&w, "irr");
	json_bool(&w, o->nirr > 0);
	json_key(&w, "vrps");
	json_bool(&w, o->vrps != NULL);
	json_key(&w, "rib");
	json_bool(&w, o->nrib > 0);
	json_end_object(&w);
	json_key(&w, "prefixes");
	json_u64(&w, g->nentries);
	json_key(&w, "announced");
	json_u64(&w, announced);
	json_key(&w, "delegated");
	json_u64(&w, delegated);
	json_key(&w, "rib_routes");
	json_u64(&w, g->rib_routes);
	json_key(&w, "inconsistencies");
	json_begin_array(&w);
	for (size_t i = 0; i < g->nissues; i++) {
		json_issue(&w, &g->issues[i]);
		kinds[g->issues[i].kind]++;
	}
	json_end_array(&w);
	json_key(&w, "counts");
	json_begin_object(&w);
	for (int k = 0; k < MGEN_ISSUE_KINDS; k++) {
		json_key(&w, mon_gen_issue_name(k));
		json_u64(&w, kinds[k]);
	}
	json_end_object(&w);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w) < 0 ? cmd_stdout_failed(NAME) : 0;
}

static int generate(const struct gen_opts *o, struct mon_gen *g, struct sources *s)
{
	struct err e;
	if (load_irr(o, s) < 0 || load_vrps(o, s) < 0)
		return EXIT_FINDINGS;
	mon_gen_set_irr(g, s->irr);
	if (s->have_rov)
		mon_gen_set_rpki(g, &s->vrps, &s->rov);
	if (read_ribs(o, g) < 0)
		return EXIT_FINDINGS;
	if (mon_gen_finish(g, &e) < 0) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		return EXIT_FINDINGS;
	}
	if (g->nentries == 0) {
		fprintf(stderr,
		        "manrs %s: nothing found for these ASes in the sources given; "
		        "no file written\n",
		        NAME);
		return EXIT_FINDINGS;
	}
	if (write_yaml(o, g) < 0)
		return EXIT_FINDINGS;
	if (!o->json)
		print_issues(g);
	print_summary(o, g);
	if (o->json && print_json(o, g) != 0)
		return EXIT_FINDINGS;
	return g->nissues ? EXIT_FINDINGS : EXIT_OK;
}

int monitor_generate_main(int argc, char **argv)
{
	struct gen_opts o = {0};
	int rc = parse_opts(argc, argv, &o);
	if (rc != 0) {
		free(o.asns);
		return rc < 0 ? EXIT_OK : rc;
	}
	struct mon_gen g;
	struct sources s = {0};
	struct err e;
	if (mon_gen_init(&g, o.asns, o.nasns, &e) < 0) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		rc = EXIT_FINDINGS;
	} else {
		rc = generate(&o, &g, &s);
	}
	mon_gen_free(&g);
	free_sources(&s);
	free(o.asns);
	return rc;
}
