/* SPDX-License-Identifier: ISC */
/* bogon.c - 'manrs bogon': check prefixes, ASNs and AS paths against the
 * bogon tables, export router filters, list the built-in tables. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/json_writer.h"
#include "core/reader.h"
#include "out/bogon_out.h"
#include "policy/bogon.h"
#include "policy/bogon_scan.h"

struct opts {
	int json, no_builtin, family, asn_only, default_is_bogon;
	const char *format;
	const char *files[16];
	int nfiles;
	const char *paths[16];
	int npaths;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs bogon check [--json] [--file LIST]... [--no-builtin] "
	           "[--default-is-bogon]\n"
	           "                         [--path 'ASN ASN...']... [PREFIX|ADDRESS|ASN|-]...\n"
	           "       manrs bogon export [--format FORMAT] [--family 4|6] [--asn]\n"
	           "                          [--file LIST]... [--no-builtin]\n"
	           "       manrs bogon list [--json]\n\n"
	           "check   say for each argument whether it is a bogon and why; '-' or no\n"
	           "        argument reads one item per line from stdin, or whole 'bgpdump -m'\n"
	           "        lines: then every bogon prefix and bogon ASN in the paths is\n"
	           "        reported, with a summary on stderr. Exit 1 if any bogon.\n"
	           "export  print a filter for routers (default: both families and ASNs;\n"
	           "        --family and --asn select parts). Formats:\n");
	const struct bogon_writer *const *w;
	size_t n = bogon_writers(&w);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "          %-9s %s\n", w[i]->name, w[i]->summary);
	fprintf(f, "list    print the built-in IANA special-purpose and reserved ASN tables.\n\n"
	           "  --file LIST    also use a Team Cymru style list (one prefix a line, '#'\n"
	           "                 comments; gzip/bzip2/xz/zstd fine); may be repeated\n"
	           "  --no-builtin   use only the --file lists for prefixes\n"
	           "  --default-is-bogon  0.0.0.0/0 and ::/0 are bogons (default: neither)\n"
	           "  --json         JSON output\n"
	           "See manrs-bogon(1).\n");
}

/* Options shared by the three subcommands; returns optind or -1 (usage). */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"file", required_argument, NULL, 'f'},
	    {"no-builtin", no_argument, NULL, 'B'},
	    {"format", required_argument, NULL, 'F'},
	    {"family", required_argument, NULL, '4'},
	    {"asn", no_argument, NULL, 'a'},
	    {"path", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {"default-is-bogon", no_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+hjf:F:", lopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = 1;
			break;
		case 'B':
			o->no_builtin = 1;
			break;
		case 'D':
			o->default_is_bogon = 1;
			break;
		case 'a':
			o->asn_only = 1;
			break;
		case 'F':
			o->format = optarg;
			break;
		case 'f':
			if (o->nfiles == 16)
				return cmd_usage_error("bogon", "at most 16 --file lists"), -1;
			o->files[o->nfiles++] = optarg;
			break;
		case 'p':
			if (o->npaths == 16)
				return cmd_usage_error("bogon", "at most 16 --path options"), -1;
			o->paths[o->npaths++] = optarg;
			break;
		case '4':
			if (strcmp(optarg, "4") && strcmp(optarg, "6"))
				return cmd_usage_error("bogon", "--family takes 4 or 6"), -1;
			o->family = optarg[0] - '0';
			break;
		default:
			return cmd_usage_error("bogon", "bad option"), -1;
		}
	}
	return optind;
}

static struct bogon_set *load_set(const struct opts *o)
{
	struct err e;
	struct bogon_set *s = bogon_set_new(!o->no_builtin, &e);
	if (!s) {
		fprintf(stderr, "manrs bogon: %s\n", e.msg);
		return NULL;
	}
	bogon_set_default_is_bogon(s, o->default_is_bogon);
	for (int i = 0; i < o->nfiles; i++)
		if (bogon_set_load(s, o->files[i], &e) < 0) {
			fprintf(stderr, "manrs bogon: %s\n", e.msg);
			bogon_set_free(s);
			return NULL;
		}
	return s;
}

/* ---- check ---- */

/* Counts of a bulk scan of `bgpdump -m` lines (summary on stderr). */
struct scan_counts {
	unsigned long lines, routes, withdrawals, other;
	unsigned long bogon_prefixes, bogon_asns, paths_with_bogon_asn;
};

struct checker {
	const struct opts *o;
	const struct bogon_set *s;
	int items, bogons, bad;
	struct scan_counts scan;
	struct json_writer w; /* with --json: the array of results */
};

static void entry_ref(const struct bogon_entry *x, char *buf, size_t n)
{
	if (x->from_file && x->line)
		snprintf(buf, n, "%s:%lu", x->ref, x->line);
	else
		snprintf(buf, n, "%s", x->ref);
}

static void json_entry(struct json_writer *w, const char *key, const struct bogon_entry *x)
{
	char p[PREFIX_STRLEN], ref[600];
	entry_ref(x, ref, sizeof ref);
	json_key(w, key);
	json_begin_object(w);
	json_key(w, "prefix");
	json_string_plain(w, prefix_format(&x->prefix, p, sizeof p));
	json_key(w, "name");
	json_str(w, x->name);
	json_key(w, "ref");
	json_str(w, ref);
	json_key(w, "source");
	json_string_plain(w, x->from_file ? "list" : "iana");
	json_end_object(w);
}

/* "reason":{"first":..,"last":..,"name":..,"ref":..} of a bogon ASN. */
static void json_asn_reason(struct json_writer *w, const struct bogon_asn_range *r)
{
	json_key(w, "reason");
	json_begin_object(w);
	json_key(w, "first");
	json_u32(w, r->lo);
	json_key(w, "last");
	json_u32(w, r->hi);
	json_key(w, "name");
	json_str(w, r->name);
	json_key(w, "ref");
	json_str(w, r->ref);
	json_end_object(w);
}

/* Open one result object of the array; the caller closes it. */
static struct json_writer *json_open(struct checker *c, const char *query, const char *type,
                                     int bogon)
{
	struct json_writer *w = &c->w;
	json_sep(w, "\n");
	json_begin_object(w);
	json_key(w, "query");
	json_str(w, query);
	json_key(w, "type");
	json_string_plain(w, type);
	json_key(w, "bogon");
	json_bool(w, bogon);
	return w;
}

/* "key":true */
static void json_flag(struct json_writer *w, const char *key)
{
	json_key(w, key);
	json_bool(w, true);
}

static void check_prefix(struct checker *c, const char *arg, const struct prefix *p)
{
	struct bogon_verdict v;
	char buf[PREFIX_STRLEN], ref[600];
	bogon_check_prefix(c->s, p, &v);
	prefix_format(p, buf, sizeof buf);
	if (c->o->json) {
		struct json_writer *w = json_open(c, arg, "prefix", v.bogon);
		json_key(w, "prefix");
		json_string_plain(w, buf);
		if (v.entry)
			json_entry(w, v.bogon ? "reason" : "special", v.entry);
		if (v.composite)
			json_flag(w, "composite");
		if (v.default_route)
			json_flag(w, "default_route");
		if (v.covers) {
			json_key(w, "covers");
			json_u64(w, v.covers);
			json_entry(w, "first_covered", v.first_covered);
		}
		json_end_object(w);
	} else if (v.default_route) {
		printf("%s: %s: default route%s", buf, v.bogon ? "bogon" : "not a bogon",
		       v.bogon ? " (--default-is-bogon)" : "");
		if (v.covers)
			printf("; covers %zu bogon range%s", v.covers, v.covers > 1 ? "s" : "");
		printf("\n");
	} else if (v.composite) {
		entry_ref(v.entry, ref, sizeof ref);
		char inner[PREFIX_STRLEN];
		printf("%s: bogon: made up entirely of %zu bogon ranges such as %s %s (%s)\n", buf,
		       v.covers, prefix_format(&v.entry->prefix, inner, sizeof inner),
		       v.entry->name, ref);
	} else if (v.bogon) {
		entry_ref(v.entry, ref, sizeof ref);
		printf("%s: bogon: %s (%s)", buf, v.entry->name, ref);
		if (!prefix_equal(&v.entry->prefix, p))
			printf(", inside %s", prefix_format(&v.entry->prefix, buf, sizeof buf));
		printf("\n");
	} else {
		printf("%s: not a bogon", buf);
		if (v.entry)
			printf("; special-purpose but globally reachable: %s (%s, %s)",
			       v.entry->name, v.entry->ref,
			       prefix_format(&v.entry->prefix, buf, sizeof buf));
		if (v.covers)
			printf("; covers %zu bogon range%s such as %s %s", v.covers,
			       v.covers > 1 ? "s" : "",
			       prefix_format(&v.first_covered->prefix, buf, sizeof buf),
			       v.first_covered->name);
		printf("\n");
	}
	c->items++;
	c->bogons += v.bogon;
}

static void check_asn(struct checker *c, const char *arg, uint32_t asn)
{
	const struct bogon_asn_range *r = bogon_check_asn(asn);
	if (c->o->json) {
		struct json_writer *w = json_open(c, arg, "asn", r != NULL);
		json_key(w, "asn");
		json_u32(w, asn);
		if (r)
			json_asn_reason(w, r);
		json_end_object(w);
	} else if (r) {
		printf("AS%u: bogon: %s (%s)", asn, r->name, r->ref);
		if (r->lo != r->hi)
			printf(", range AS%u-AS%u", r->lo, r->hi);
		printf("\n");
	} else {
		printf("AS%u: not a bogon\n", asn);
	}
	c->items++;
	c->bogons += r != NULL;
}

static void check_path(struct checker *c, const char *arg)
{
	uint32_t path[256];
	size_t n = 0;
	char *copy = strdup(arg), *save = NULL;
	if (!copy) {
		fprintf(stderr, "manrs bogon: out of memory\n");
		c->bad++;
		return;
	}
	for (char *t = strtok_r(copy, " \t,", &save); t; t = strtok_r(NULL, " \t,", &save)) {
		struct err e;
		/* AS_SET members as bgpdump prints them: {64512,64513} */
		t += strspn(t, "{}");
		t[strcspn(t, "{}")] = 0;
		if (!*t)
			continue;
		if (n == 256 || asn_parse(t, &path[n], &e) < 0) {
			fprintf(stderr, "manrs bogon: path '%s': %s\n", arg,
			        n == 256 ? "longer than 256 ASNs" : e.msg);
			c->bad++;
			free(copy);
			return;
		}
		n++;
	}
	free(copy);
	long at = bogon_check_path(path, n);
	const struct bogon_asn_range *r = at >= 0 ? bogon_check_asn(path[at]) : NULL;
	if (c->o->json) {
		struct json_writer *w = json_open(c, arg, "path", at >= 0);
		if (r) {
			json_key(w, "asn");
			json_u32(w, path[at]);
			json_key(w, "position");
			json_i64(w, at + 1);
			json_asn_reason(w, r);
		}
		json_end_object(w);
	} else if (r) {
		printf("path %s: bogon: AS%u at position %ld: %s (%s)\n", arg, path[at], at + 1,
		       r->name, r->ref);
	} else {
		printf("path %s: no bogon ASN\n", arg);
	}
	c->items++;
	c->bogons += r != NULL;
}

/* An argument is a prefix, a bare address (a host route) or an ASN. */
static void check_item(struct checker *c, const char *arg)
{
	struct prefix p;
	uint32_t asn;
	struct err pe, ae;
	if (prefix_parse_host(arg, &p, &pe) == 0)
		check_prefix(c, arg, &p);
	else if (asn_parse(arg, &asn, &ae) == 0)
		check_asn(c, arg, asn);
	else {
		/* The prefix message is the useful one when it looks like a prefix. */
		fprintf(stderr, "manrs bogon: %s\n",
		        strpbrk(arg, ":/") || strchr(arg, '.') ? pe.msg : ae.msg);
		c->bad++;
	}
}

/* ---- bulk scan of `bgpdump -m` lines ---- */

static void scan_prefix(struct checker *c, unsigned long lineno, const struct bogon_route_line *rl)
{
	struct bogon_verdict v;
	char buf[PREFIX_STRLEN], ref[600];
	if (!bogon_check_prefix(c->s, &rl->prefix, &v))
		return;
	c->scan.bogon_prefixes++;
	c->bogons++;
	prefix_format(&rl->prefix, buf, sizeof buf);
	if (c->o->json) {
		struct json_writer *w = json_open(c, buf, "prefix", 1);
		json_key(w, "prefix");
		json_string_plain(w, buf);
		json_key(w, "line");
		json_u64(w, lineno);
		json_key(w, "peer_as");
		json_str(w, rl->peer_as);
		if (v.entry)
			json_entry(w, "reason", v.entry);
		if (v.default_route)
			json_flag(w, "default_route");
		json_end_object(w);
	} else if (v.default_route) {
		printf(
		    "-:%lu: %s from peer AS%s: bogon prefix: default route (--default-is-bogon)\n",
		    lineno, buf, rl->peer_as);
	} else {
		entry_ref(v.entry, ref, sizeof ref);
		printf("-:%lu: %s from peer AS%s: bogon prefix: %s (%s)\n", lineno, buf,
		       rl->peer_as, v.entry->name, ref);
	}
	c->items++;
}

struct path_report {
	struct checker *c;
	unsigned long lineno;
	const char *prefix, *path;
};

static int report_path_asn(uint32_t asn, unsigned pos, const struct bogon_asn_range *r, void *ctx)
{
	struct path_report *p = ctx;
	struct checker *c = p->c;
	c->scan.bogon_asns++;
	c->bogons++;
	if (c->o->json) {
		struct json_writer *w = json_open(c, p->path, "path", 1);
		json_key(w, "prefix");
		json_string_plain(w, p->prefix);
		json_key(w, "line");
		json_u64(w, p->lineno);
		json_key(w, "asn");
		json_u32(w, asn);
		json_key(w, "position");
		json_u32(w, pos);
		json_asn_reason(w, r);
		json_end_object(w);
	} else {
		printf("-:%lu: %s path %s: bogon ASN AS%u at position %u: %s (%s)\n", p->lineno,
		       p->prefix, p->path, asn, pos, r->name, r->ref);
	}
	c->items++;
	return 0;
}

/* One `bgpdump -m` line: every bogon prefix announced (B and A lines) and
 * every distinct bogon ASN of its path; withdrawals and STATE lines are
 * only counted (withdrawing a bogon propagates nothing). */
static void scan_route_line(struct checker *c, char *line, unsigned long lineno)
{
	struct bogon_route_line rl;
	struct err e;
	char pfx[PREFIX_STRLEN];
	c->scan.lines++;
	int kind = bogon_parse_bgpdump_line(line, &rl, &e);
	if (kind < 0) {
		fprintf(stderr, "manrs bogon: -:%lu: %s\n", lineno, e.msg);
		c->bad++;
		return;
	}
	if (kind == BOGON_LINE_OTHER) {
		c->scan.other++;
		return;
	}
	if (kind == BOGON_LINE_WITHDRAW) {
		c->scan.withdrawals++;
		return;
	}
	c->scan.routes++;
	scan_prefix(c, lineno, &rl);
	struct path_report pr = {c, lineno, prefix_format(&rl.prefix, pfx, sizeof pfx), rl.path};
	long n = bogon_path_each(rl.path, report_path_asn, &pr, &e);
	if (n < 0) {
		fprintf(stderr, "manrs bogon: -:%lu: %s\n", lineno, e.msg);
		c->bad++;
	}
	c->scan.paths_with_bogon_asn += n > 0;
}

static void scan_summary(const struct checker *c)
{
	const struct scan_counts *k = &c->scan;
	fprintf(stderr,
	        "manrs bogon: -: %lu bgpdump lines: %lu routes, %lu withdrawals, %lu other; "
	        "%lu bogon prefixes, %lu bogon ASNs in %lu paths\n",
	        k->lines, k->routes, k->withdrawals, k->other, k->bogon_prefixes, k->bogon_asns,
	        k->paths_with_bogon_asn);
}

static int check_stdin(struct checker *c)
{
	struct err e;
	struct reader *r = reader_open("-", &e);
	if (!r) {
		fprintf(stderr, "manrs bogon: %s\n", e.msg);
		return -1;
	}
	char *line;
	size_t len;
	int rc;
	while ((rc = reader_getline(r, &line, &len, &e)) == 1) {
		if (strchr(line, '|')) {
			scan_route_line(c, line, reader_lineno(r));
			continue;
		}
		line[strcspn(line, "#")] = 0;
		char *s = line + strspn(line, " \t");
		s[strcspn(s, " \t")] = 0;
		if (*s)
			check_item(c, s);
	}
	if (rc < 0)
		fprintf(stderr, "manrs bogon: %s\n", e.msg);
	if (c->scan.lines)
		scan_summary(c);
	reader_close(r);
	return rc;
}

static int bogon_check(int argc, char **argv)
{
	struct opts o = {0};
	int first = parse_opts(argc, argv, &o);
	if (first < 0)
		return EXIT_USAGE;
	if (o.format || o.family || o.asn_only)
		return cmd_usage_error("bogon", "--format, --family and --asn are for export");
	struct bogon_set *s = load_set(&o);
	if (!s)
		return EXIT_FINDINGS;
	struct checker c = {.o = &o, .s = s};
	if (o.json) {
		json_writer_init_file(&c.w, stdout);
		json_begin_array(&c.w);
	}
	int rc = 0;
	for (int i = 0; i < o.npaths; i++)
		check_path(&c, o.paths[i]);
	if (first == argc && o.npaths == 0)
		rc = check_stdin(&c);
	for (int i = first; i < argc; i++) {
		if (!strcmp(argv[i], "-"))
			rc |= check_stdin(&c);
		else
			check_item(&c, argv[i]);
	}
	if (o.json) {
		json_ws(&c.w, c.items ? "\n" : "");
		json_end_array(&c.w);
		json_ws(&c.w, "\n");
		json_writer_finish(&c.w); /* a failed write shows in ferror(stdout) */
	}
	bogon_set_free(s);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cmd_stdout_failed("bogon");
	if (c.bad && !c.items)
		return EXIT_USAGE;
	return c.bogons || c.bad || rc ? EXIT_FINDINGS : EXIT_OK;
}

/* ---- export ---- */

static int bogon_export(int argc, char **argv)
{
	struct opts o = {0};
	int first = parse_opts(argc, argv, &o);
	if (first < 0)
		return EXIT_USAGE;
	if (first < argc)
		return cmd_usage_error("bogon", "export takes no arguments ('%s')", argv[first]);
	if (o.json && !o.format)
		o.format = "json";
	const struct bogon_writer *w = bogon_writer_find(o.format ? o.format : "bird");
	if (!w)
		return cmd_usage_error("bogon", "unknown format '%s'", o.format);
	struct bogon_set *s = load_set(&o);
	if (!s)
		return EXIT_FINDINGS;
	/* No selection means everything; --family and --asn pick parts. */
	int want4 = o.family == 4 || (!o.family && !o.asn_only);
	int want6 = o.family == 6 || (!o.family && !o.asn_only);
	int want_asn = o.asn_only || !o.family;
	struct bogon_out out = {.f = stdout};
	int rc = EXIT_OK;
	if (w->begin)
		w->begin(&out);
	for (int fam = 4; fam <= 6; fam += 2) {
		if (!(fam == 4 ? want4 : want6))
			continue;
		struct bogon_range *r;
		struct err e;
		long n = bogon_set_ranges(s, fam, &r, &e);
		if (n < 0) {
			fprintf(stderr, "manrs bogon: %s\n", e.msg);
			rc = EXIT_FINDINGS;
			break;
		}
		w->prefixes(&out, fam, r, (size_t)n);
		free(r);
	}
	if (want_asn && rc == EXIT_OK) {
		const struct bogon_asn_range *a;
		size_t n = bogon_builtin_asns(&a);
		w->asns(&out, a, n);
	}
	if (w->end)
		w->end(&out);
	bogon_set_free(s);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cmd_stdout_failed("bogon");
	return rc;
}

/* ---- list ---- */

/* A table row's "name" and "ref", closing its object. */
static void json_name_ref(struct json_writer *w, const char *name, const char *ref)
{
	json_key(w, "name");
	json_str(w, name);
	json_key(w, "ref");
	json_str(w, ref);
	json_end_object(w);
}

static void list_json(const struct bogon_builtin *t, size_t n, const struct bogon_asn_range *a,
                      size_t na)
{
	struct json_writer w;
	json_writer_init_file(&w, stdout);
	json_begin_object(&w);
	json_key(&w, "prefixes");
	json_begin_array(&w);
	for (size_t i = 0; i < n; i++) {
		json_sep(&w, "\n");
		json_begin_object(&w);
		json_key(&w, "prefix");
		json_string_plain(&w, t[i].prefix);
		json_key(&w, "bogon");
		json_bool(&w, t[i].bogon);
		json_name_ref(&w, t[i].name, t[i].ref);
	}
	json_end_array(&w);
	json_sep(&w, "\n");
	json_key(&w, "asns");
	json_begin_array(&w);
	for (size_t i = 0; i < na; i++) {
		json_sep(&w, "\n");
		json_begin_object(&w);
		json_key(&w, "first");
		json_u32(&w, a[i].lo);
		json_key(&w, "last");
		json_u32(&w, a[i].hi);
		json_name_ref(&w, a[i].name, a[i].ref);
	}
	json_end_array(&w);
	json_end_object(&w);
	json_ws(&w, "\n");
	json_writer_finish(&w); /* a failed write shows in ferror(stdout) */
}

static int bogon_list(int argc, char **argv)
{
	struct opts o = {0};
	int first = parse_opts(argc, argv, &o);
	if (first < 0)
		return EXIT_USAGE;
	if (first < argc)
		return cmd_usage_error("bogon", "list takes no arguments ('%s')", argv[first]);
	const struct bogon_builtin *t;
	size_t n = bogon_builtin_prefixes(&t);
	const struct bogon_asn_range *a;
	size_t na = bogon_builtin_asns(&a);
	if (o.json) {
		list_json(t, n, a, na);
	} else {
		printf("%-20s %-7s %-20s %s\n", "PREFIX", "BOGON", "REFERENCE", "NAME");
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-7s %-20s %s\n", t[i].prefix, t[i].bogon ? "yes" : "no",
			       t[i].ref, t[i].name);
		printf("\n%-24s %-20s %s\n", "ASN RANGE", "REFERENCE", "NAME");
		for (size_t i = 0; i < na; i++) {
			char r[32];
			snprintf(r, sizeof r, "AS%u-AS%u", a[i].lo, a[i].hi);
			printf("%-24s %-20s %s\n", r, a[i].ref, a[i].name);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return cmd_stdout_failed("bogon");
	return EXIT_OK;
}

static const struct command bogon_commands[] = {
    {"check", bogon_check, "is a prefix, address, ASN or AS path a bogon, and why"},
    {"export", bogon_export, "print bogon filters for BIRD, OpenBGPD, Junos, IOS"},
    {"list", bogon_list, "print the built-in tables"},
};

int cmd_bogon(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof bogon_commands / sizeof bogon_commands[0]; i++) {
		if (strcmp(argv[1], bogon_commands[i].name))
			continue;
		if (cmd_wants_help(argc - 1, argv + 1)) {
			usage(stdout);
			return EXIT_OK;
		}
		return bogon_commands[i].run(argc - 1, argv + 1);
	}
	return cmd_usage_error("bogon", "unknown command '%s'", argv[1]);
}
