/* rpki_validate.c - 'manrs rpki validate': one route (ROV and/or ASPA) or
 * bulk routes from text lines, bgpdump -m output or MRT files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/mrt.h"
#include "bgp/mrt_elem.h"
#include "bgp/mrt_filter.h"
#include "cmd.h"
#include "core/reader.h"
#include "out/json.h"
#include "out/rpki_out.h"
#include "rpki/aspa.h"
#include "rpki/rov.h"
#include "rpki_cmds.h"

static void print_vrp_json(FILE *f, const struct rpki_set *s, const struct vrp *v)
{
	char buf[PREFIX_STRLEN];
	fprintf(f, "{\"prefix\":\"%s\",\"maxLength\":%u,\"asn\":%u,\"ta\":",
		rpki_out_prefix(v, buf, sizeof buf), v->maxlen, v->asn);
	json_write_string(f, rpki_out_ta(s, v));
	fputc('}', f);
}

struct single {
	int have_prefix;
	struct prefix prefix;
	uint32_t origin;
	int have_path;
	uint32_t path[RPKI_MAX_PATH];
	int npath, has_set;
	enum aspa_dir dir;
	struct aspa_neighbor nb; /* --neighbor, --route-server */
};

static int validate_single(const struct rpki_opts *o, const struct rpki_set *s,
			   const struct single *q)
{
	int rc = EXIT_OK;
	char buf[PREFIX_STRLEN], as[ASN_STRLEN];
	const struct vrp *m[64];
	size_t nm = 0;
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = ROV_NOT_FOUND;
	if (q->have_prefix) {
		struct rov_index ix;
		struct err e;
		if (rov_index_build(&ix, s, &e) < 0) {
			fprintf(stderr, "manrs rpki: %s\n", e.msg);
			return EXIT_FINDINGS;
		}
		st = rov_validate_detail(&ix, &q->prefix, q->origin, m, 64, &nm, &why);
		rov_index_free(&ix);
		if (st == ROV_INVALID)
			rc = EXIT_FINDINGS;
	}
	struct aspa_result ar;
	if (q->have_path) {
		aspa_verify_neighbor(s, q->path, (size_t)q->npath, q->has_set, q->dir, &q->nb, &ar);
		if (ar.state == ASPA_INVALID)
			rc = EXIT_FINDINGS;
	}
	if (o->json) {
		fputc('{', stdout);
		const char *sep = "";
		if (q->have_prefix) {
			printf("\"prefix\":\"%s\",\"origin\":%u,\"rov\":{\"state\":\"%s\"",
			       prefix_format(&q->prefix, buf, sizeof buf), q->origin,
			       rov_state_name(st));
			if (st == ROV_INVALID)
				printf(",\"reason\":\"%s\"", rov_reason_name(why));
			printf(",\"vrps\":[");
			for (size_t i = 0; i < nm && i < 64; i++) {
				if (i)
					fputc(',', stdout);
				print_vrp_json(stdout, s, m[i]);
			}
			printf("]}");
			sep = ",";
		}
		if (q->have_path) {
			printf("%s\"aspa\":{\"direction\":\"%s\",\"state\":\"%s\",\"path\":[", sep,
			       q->dir == ASPA_UPSTREAM ? "upstream" : "downstream",
			       aspa_state_name(ar.state));
			for (int i = 0; i < q->npath; i++)
				printf("%s%u", i ? "," : "", q->path[i]);
			printf("]");
			if (q->nb.asn)
				printf(",\"neighbor\":%u,\"route_server\":%s", q->nb.asn,
				       q->nb.route_server ? "true" : "false");
			printf(",\"unique_ases\":%zu,\"max_up_ramp\":%zu,\"min_up_ramp\":%zu,"
			       "\"max_down_ramp\":%zu,\"min_down_ramp\":%zu,\"reason\":",
			       ar.n, ar.max_up, ar.min_up, ar.max_down, ar.min_down);
			json_write_string(stdout, ar.why);
			if (ar.bad_customer || ar.bad_provider)
				printf(",\"customer\":%u,\"not_provider\":%u", ar.bad_customer,
				       ar.bad_provider);
			fputc('}', stdout);
		}
		printf("}\n");
		return rc;
	}
	if (q->have_prefix) {
		printf("%s %s: %s", prefix_format(&q->prefix, buf, sizeof buf),
		       q->origin ? asn_format(q->origin, as, sizeof as) : "NONE", rov_state_name(st));
		if (st == ROV_INVALID)
			printf(" (%s)", why == ROV_WHY_MAXLEN ? "longer than maxLength"
							      : "origin AS not authorised");
		putchar('\n');
		for (size_t i = 0; i < nm && i < 64; i++) {
			const char *ta = rpki_out_ta(s, m[i]);
			printf("  VRP %s max %u %s%s%s%s\n", rpki_out_prefix(m[i], buf, sizeof buf),
			       m[i]->maxlen, asn_format(m[i]->asn, as, sizeof as), *ta ? " (" : "",
			       ta, *ta ? ")" : "");
		}
		if (nm > 64)
			printf("  ... and %zu more VRPs\n", nm - 64);
	}
	if (q->have_path) {
		printf("path");
		for (int i = 0; i < q->npath; i++)
			printf(" %u", q->path[i]);
		printf(" (%s): ASPA %s: %s\n", q->dir == ASPA_UPSTREAM ? "upstream" : "downstream",
		       aspa_state_name(ar.state), ar.why);
		if (ar.bad_customer || ar.bad_provider)
			printf("  AS%u does not list AS%u as a provider\n", ar.bad_customer,
			       ar.bad_provider);
	}
	return rc;
}

/* ---- bulk validation --------------------------------------------------- */

struct bulk {
	const struct rpki_opts *o;
	const struct rpki_set *s;
	struct rov_index ix;
	int aspa;
	enum aspa_dir dir;
	unsigned print; /* bit per rov_state to print */
	unsigned long routes, rov[3], why[3], fam[2], aspa_st[3], skipped;
	unsigned long printed;
	unsigned long bad_lines_shown;
};

static void bulk_route(struct bulk *b, const struct prefix *p, uint32_t origin,
		       const uint32_t *path, int npath, int has_set)
{
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = rov_validate(&b->ix, p, origin);
	/* Only invalid routes need the slower walk that finds the reason. */
	if (st == ROV_INVALID) {
		rov_validate_detail(&b->ix, p, origin, NULL, 0, NULL, &why);
		b->why[why]++;
	}
	b->routes++;
	b->rov[st]++;
	b->fam[p->family == 6]++;
	enum aspa_state as = ASPA_UNKNOWN;
	if (b->aspa && path) {
		as = aspa_verify(b->s, path, (size_t)npath, has_set, b->dir, NULL);
		b->aspa_st[as]++;
	}
	if (!(b->print >> st & 1))
		return;
	char buf[PREFIX_STRLEN];
	prefix_format(p, buf, sizeof buf);
	if (b->o->json) {
		printf("%s\n    {\"prefix\":\"%s\",\"origin\":%u,\"rov\":\"%s\"", b->printed ? "," : "",
		       buf, origin, rov_state_name(st));
		if (st == ROV_INVALID)
			printf(",\"reason\":\"%s\"", rov_reason_name(why));
		if (b->aspa && path)
			printf(",\"aspa\":\"%s\"", aspa_state_name(as));
		putchar('}');
	} else {
		printf("%s AS%u %s", buf, origin, rov_state_name(st));
		if (st == ROV_INVALID)
			printf(" %s", rov_reason_name(why));
		if (b->aspa && path)
			printf(" aspa-%s", aspa_state_name(as));
		putchar('\n');
	}
	b->printed++;
}

static void bad_line(struct bulk *b, const char *name, unsigned long line, const char *what)
{
	b->skipped++;
	if (b->bad_lines_shown++ < 5 && !b->o->quiet)
		fprintf(stderr, "manrs rpki: %s:%lu: %s (line skipped)\n", name, line, what);
}

/* One text line: "PREFIX ASN", "PREFIX A B C", pyasn "PREFIX\tASN", or a
 * bgpdump -m line ("TABLE_DUMP2|t|B|peer|peeras|PREFIX|PATH|..."). */
static void bulk_line(struct bulk *b, char *line, const char *name, unsigned long lineno)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#' || *line == ';')
		return;
	char *pfx, *rest;
	int bgpdump = 0;
	if (strchr(line, '|')) {
		bgpdump = 1;
		char *f[9];
		int n = 0;
		for (char *p = line; n < 9;) {
			f[n++] = p;
			char *bar = strchr(p, '|');
			if (!bar)
				break;
			*bar = 0;
			p = bar + 1;
		}
		/* ADD-PATH types ("TABLE_DUMP2_AP", "BGP4MP_AP") carry a path id first. */
		size_t l0 = strlen(f[0]);
		int ap = l0 > 3 && strcmp(f[0] + l0 - 3, "_AP") == 0;
		if (n < 7 + ap || (strcmp(f[2], "A") && strcmp(f[2], "B")))
			return; /* withdrawals, state changes: no origin to validate */
		pfx = f[5];
		rest = f[6 + ap];
	} else {
		pfx = line;
		rest = line + strcspn(line, " \t,");
		if (*rest)
			*rest++ = 0;
	}
	struct prefix p;
	if (rpki_route_prefix(pfx, &p) < 0)
		return bad_line(b, name, lineno, "bad prefix");
	uint32_t path[RPKI_MAX_PATH];
	int has_set = 0;
	int n = rpki_parse_path(rest, path, RPKI_MAX_PATH, &has_set);
	/* An empty AS_PATH (locally originated, as in MRT) is fine from bgpdump. */
	if (n < 0 || (n == 0 && !bgpdump))
		return bad_line(b, name, lineno, n == 0 ? "no origin AS" : "bad AS path");
	bulk_route(b, &p, rpki_path_origin(rest, path, n), path, n, has_set);
}

static int bulk_text(struct bulk *b, const char *path)
{
	struct err e;
	struct reader *r = reader_open(path, &e);
	if (!r) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		return -1;
	}
	char *line;
	size_t len;
	int rc;
	while ((rc = reader_getline(r, &line, &len, &e)) == 1)
		bulk_line(b, line, reader_name(r), reader_lineno(r));
	if (rc < 0)
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
	reader_close(r);
	return rc < 0 ? -1 : 0;
}

/* True when a raw AS_PATH (segments of type, count, ASNs) holds an AS_SET. */
static int raw_has_set(const uint8_t *p, size_t len, int asn_len)
{
	size_t off = 0;
	while (off + 2 <= len) {
		if (p[off] == 1 || p[off] == 4) /* AS_SET, AS_CONFED_SET */
			return 1;
		off += 2 + (size_t)p[off + 1] * (size_t)asn_len;
	}
	return 0;
}

/* The filters of --mrt input (mrt_filter.h), as in `manrs mrt dump`. */
static struct mrt_filter mrt_filt;

static int bulk_mrt(struct bulk *b, const char *path)
{
	struct err e;
	struct mrt_reader *r = mrt_reader_open(path, &e);
	if (!r) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		return -1;
	}
	struct mrt_elems *it = mrt_elems_new(r, &e);
	if (!it) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		mrt_reader_close(r);
		return -1;
	}
	const struct mrt_elem *el;
	int rc;
	static uint32_t asp[RPKI_MAX_PATH];
	bool filtering = mrt_filter_active(&mrt_filt);
	while ((rc = mrt_elems_next(it, &el, &e)) == 1) {
		if ((el->type != MRT_ELEM_RIB && el->type != MRT_ELEM_ANNOUNCE) || !el->attrs)
			continue;
		if (filtering && !mrt_filter_match(&mrt_filt, el))
			continue;
		struct prefix p;
		mrt_elem_prefix(el, &p);
		uint32_t origin = bgp_attrs_origin_as(el->attrs);
		int n = 0, has_set = 0;
		if (b->aspa) {
			n = bgp_attrs_path(el->attrs, asp, RPKI_MAX_PATH);
			if (n < 0 || n > RPKI_MAX_PATH) {
				b->skipped++;
				continue;
			}
			has_set = raw_has_set(el->attrs->as_path, el->attrs->as_path_len,
					      el->attrs->asn_len) ||
				  raw_has_set(el->attrs->as4_path, el->attrs->as4_path_len, 4);
		}
		bulk_route(b, &p, origin, b->aspa ? asp : NULL, n, has_set);
	}
	if (rc < 0)
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
	mrt_elems_free(it);
	mrt_reader_close(r);
	return rc < 0 ? -1 : 0;
}

static void bulk_summary(const struct bulk *b, double secs)
{
	if (b->o->json) {
		printf("%s{\"routes\":%lu,\"valid\":%lu,\"invalid\":%lu,\"not_found\":%lu,"
		       "\"invalid_origin\":%lu,\"invalid_maxlength\":%lu,"
		       "\"ipv4\":%lu,\"ipv6\":%lu,\"skipped_lines\":%lu",
		       b->print ? "\n  ],\n  \"summary\": " : "", b->routes, b->rov[ROV_VALID],
		       b->rov[ROV_INVALID], b->rov[ROV_NOT_FOUND], b->why[ROV_WHY_ORIGIN],
		       b->why[ROV_WHY_MAXLEN], b->fam[0], b->fam[1], b->skipped);
		if (b->aspa)
			printf(",\"aspa\":{\"direction\":\"%s\",\"valid\":%lu,\"invalid\":%lu,"
			       "\"unknown\":%lu}",
			       b->dir == ASPA_UPSTREAM ? "upstream" : "downstream",
			       b->aspa_st[ASPA_VALID], b->aspa_st[ASPA_INVALID],
			       b->aspa_st[ASPA_UNKNOWN]);
		printf("}%s\n", b->print ? "\n}" : "");
	} else {
		double r = b->routes ? 100.0 / (double)b->routes : 0;
		printf("routes     %lu (IPv4 %lu, IPv6 %lu)\n", b->routes, b->fam[0], b->fam[1]);
		printf("valid      %lu (%.1f%%)\n", b->rov[ROV_VALID], r * (double)b->rov[ROV_VALID]);
		printf("invalid    %lu (%.1f%%: origin %lu, longer than maxLength %lu)\n",
		       b->rov[ROV_INVALID], r * (double)b->rov[ROV_INVALID], b->why[ROV_WHY_ORIGIN],
		       b->why[ROV_WHY_MAXLEN]);
		printf("not-found  %lu (%.1f%%)\n", b->rov[ROV_NOT_FOUND],
		       r * (double)b->rov[ROV_NOT_FOUND]);
		if (b->aspa)
			printf("aspa %s: valid %lu, invalid %lu, unknown %lu\n",
			       b->dir == ASPA_UPSTREAM ? "upstream" : "downstream",
			       b->aspa_st[ASPA_VALID], b->aspa_st[ASPA_INVALID],
			       b->aspa_st[ASPA_UNKNOWN]);
		if (b->skipped)
			printf("skipped    %lu malformed lines\n", b->skipped);
	}
	if (b->o->verbose)
		fprintf(stderr, "manrs rpki: validated %lu routes in %.3f s (%.0f routes/s)\n",
			b->routes, secs, secs > 0 ? (double)b->routes / secs : 0.0);
}

/* --bench: read all routes first, then time only the validation loop, so the
 * figure compares with other validators' lookup speed (bench/rov.sh). */
static int bulk_bench(struct bulk *b, const char *path, int rounds)
{
	struct err e;
	struct reader *r = reader_open(path, &e);
	if (!r) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		return -1;
	}
	size_t n = 0, cap = 1 << 20;
	struct prefix *ps = malloc(cap * sizeof *ps);
	uint32_t *os = malloc(cap * sizeof *os);
	char *line;
	size_t len;
	int rc = 0;
	while (ps && os && (rc = reader_getline(r, &line, &len, &e)) == 1) {
		char *sp = line + strcspn(line, " \t,");
		if (!*sp || *line == '#' || *line == ';')
			continue;
		*sp++ = 0;
		uint32_t path1[RPKI_MAX_PATH];
		int has_set, k = rpki_parse_path(sp, path1, RPKI_MAX_PATH, &has_set);
		if (n == cap) {
			cap *= 2;
			struct prefix *p2 = realloc(ps, cap * sizeof *ps);
			uint32_t *o2 = p2 ? realloc(os, cap * sizeof *os) : NULL;
			if (p2)
				ps = p2;
			if (!o2) {
				rc = -1;
				break;
			}
			os = o2;
		}
		if (k <= 0 || rpki_route_prefix(line, &ps[n]) < 0)
			continue;
		os[n++] = rpki_path_origin(sp, path1, k);
	}
	reader_close(r);
	if (!ps || !os || rc < 0) {
		free(ps);
		free(os);
		fprintf(stderr, "manrs rpki: %s\n", rc < 0 ? e.msg : "out of memory");
		return -1;
	}
	double t0 = rpki_now();
	unsigned long cnt[3] = { 0, 0, 0 };
	for (int k = 0; k < rounds; k++)
		for (size_t i = 0; i < n; i++)
			cnt[rov_validate(&b->ix, &ps[i], os[i])]++;
	double dt = rpki_now() - t0;
	printf("routes %zu rounds %d valid %lu invalid %lu not-found %lu seconds %.6f "
	       "routes_per_s %.0f\n",
	       n, rounds, cnt[ROV_VALID] / (unsigned long)rounds,
	       cnt[ROV_INVALID] / (unsigned long)rounds, cnt[ROV_NOT_FOUND] / (unsigned long)rounds,
	       dt, dt > 0 ? (double)n * rounds / dt : 0.0);
	free(ps);
	free(os);
	return 0;
}

static void validate_usage(FILE *f)
{
	fputs("usage: manrs rpki validate [--vrps FILE]... [--slurm FILE]... [--json] PREFIX ASN\n"
	      "       manrs rpki validate [...] --path \"NEIGHBOR ... ORIGIN\" "
	      "[--upstream|--downstream]\n"
	      "                           [--neighbor ASN [--route-server]] [PREFIX]\n"
	      "       manrs rpki validate [...] [--print STATES] [--upstream|--downstream]\n"
	      "                           (--input FILE|- | --mrt FILE)...\n"
	      "  --vrps FILE      VRP/ASPA source (rpki-client, Routinator, StayRTR JSON, CSV,\n"
	      "                   SLURM); repeatable; default $MANRS_VRPS, ./vrps.json,\n"
	      "                   /var/lib/rpki-client/json\n"
	      "  --slurm FILE     RFC 8416 SLURM applied on top; repeatable\n"
	      "  --ignore-expires keep VRPs/ASPAs past their \"expires\" (default: drop them)\n"
	      "  --path PATH      AS path, neighbor first: ASPA verification (with PREFIX also ROV\n"
	      "                   of the path's origin)\n"
	      "  --neighbor ASN   with --path: the AS the route came from; a path not starting\n"
	      "                   with it is ASPA invalid (the draft's neighbor check)\n"
	      "  --route-server   the neighbor is a transparent route server: no neighbor check\n"
	      "  --upstream       route from a customer or peer (default); --downstream: from a\n"
	      "                   provider. In bulk mode either enables ASPA for every route\n"
	      "  --input FILE     lines \"PREFIX ASN\", \"PREFIX AS_PATH\" or bgpdump -m ('-' stdin)\n"
	      "  --mrt FILE       every RIB entry and announcement of an MRT file, or only\n"
	      "                   those passing the filters of 'manrs mrt dump': --start,\n"
	      "                   --end, --aspath, --community, --peer, --origin, --prefix\n"
	      "                   [--more|--less], --type (see manrs-mrt(1))\n"
	      "  --print STATES   bulk: also list routes in these states (valid,invalid,\n"
	      "                   not-found,all)\n"
	      "  --json           JSON output;  -v timing to stderr;  -q no warnings\n"
	      "Exit: 0 no invalid, 1 an invalid route (or failure), 2 usage.\n",
	      f);
}

static int parse_print(const char *s, unsigned *mask)
{
	static const struct {
		const char *name;
		unsigned bits;
	} names[] = {
		{ "valid", 1u << ROV_VALID },
		{ "invalid", 1u << ROV_INVALID },
		{ "not-found", 1u << ROV_NOT_FOUND },
		{ "notfound", 1u << ROV_NOT_FOUND },
		{ "all", 7u },
	};
	char buf[128];
	snprintf(buf, sizeof buf, "%s", s);
	*mask = 0;
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(t, names[i].name) == 0)
				break;
		if (i == sizeof names / sizeof names[0])
			return -1;
		*mask |= names[i].bits;
	}
	return *mask ? 0 : -1;
}

int rpki_validate_main(int argc, char **argv)
{
	enum {
		OPT_PATH = 2000,
		OPT_UP,
		OPT_DOWN,
		OPT_INPUT,
		OPT_MRT,
		OPT_PRINT,
		OPT_BENCH,
		OPT_NEIGHBOR,
		OPT_RS
	};
	static const struct option lo[] = {
		{ "vrps", required_argument, NULL, OPT_VRPS },
		{ "slurm", required_argument, NULL, OPT_SLURM },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "ignore-expires", no_argument, NULL, OPT_IGNORE_EXPIRES },
		{ "path", required_argument, NULL, OPT_PATH },
		{ "upstream", no_argument, NULL, OPT_UP },
		{ "downstream", no_argument, NULL, OPT_DOWN },
		{ "neighbor", required_argument, NULL, OPT_NEIGHBOR },
		{ "neighbour", required_argument, NULL, OPT_NEIGHBOR },
		{ "route-server", no_argument, NULL, OPT_RS },
		{ "input", required_argument, NULL, OPT_INPUT },
		{ "mrt", required_argument, NULL, OPT_MRT },
		{ "print", required_argument, NULL, OPT_PRINT },
		{ "bench", required_argument, NULL, OPT_BENCH },
		MRT_FILTER_LONG_OPTIONS,
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rpki_opts o;
	memset(&o, 0, sizeof o);
	static struct single q;
	memset(&q, 0, sizeof q);
	const char *inputs[RPKI_MAX_SOURCES], *mrts[RPKI_MAX_SOURCES], *path_str = NULL;
	int ninputs = 0, nmrts = 0, dir_given = 0, bench = 0;
	unsigned print = 0;
	int c;
	mrt_filter_free(&mrt_filt);
	mrt_filter_init(&mrt_filt);
	optind = 0;
	while ((c = getopt_long(argc, argv, "vqh", lo, NULL)) != -1) {
		int r = rpki_common_opt(&o, c, optarg, "validate");
		if (r > 0)
			return r;
		if (r == 0)
			continue;
		switch (c) {
		case OPT_PATH:
			path_str = optarg;
			break;
		case OPT_NEIGHBOR: {
			struct err e;
			if (asn_parse(optarg, &q.nb.asn, &e) < 0 || q.nb.asn == 0)
				return cmd_usage_error("rpki", "validate: bad --neighbor '%s'", optarg);
			break;
		}
		case OPT_RS:
			q.nb.route_server = 1;
			break;
		case OPT_UP:
		case OPT_DOWN:
			q.dir = c == OPT_UP ? ASPA_UPSTREAM : ASPA_DOWNSTREAM;
			dir_given = 1;
			break;
		case OPT_INPUT:
		case OPT_MRT:
			if ((c == OPT_INPUT ? ninputs : nmrts) == RPKI_MAX_SOURCES)
				return cmd_usage_error("rpki", "validate: too many inputs");
			if (c == OPT_INPUT)
				inputs[ninputs++] = optarg;
			else
				mrts[nmrts++] = optarg;
			break;
		case OPT_PRINT:
			if (parse_print(optarg, &print) < 0)
				return cmd_usage_error("rpki", "validate: bad --print '%s'", optarg);
			break;
		case OPT_BENCH:
			bench = atoi(optarg);
			if (bench < 1 || bench > 1000)
				return cmd_usage_error("rpki", "validate: --bench ROUNDS (1..1000)");
			break;
		case 'h':
			validate_usage(stdout);
			return EXIT_OK;
		default: {
			struct err e;
			int f = mrt_filter_option(&mrt_filt, c, optarg, &e);
			if (f < 0)
				return cmd_usage_error("rpki", "validate: %s", e.msg);
			if (f > 0)
				break;
			validate_usage(stderr);
			return EXIT_USAGE;
		}
		}
	}
	{
		struct err e;
		if (mrt_filter_ready(&mrt_filt, &e) < 0)
			return cmd_usage_error("rpki", "validate: %s", e.msg);
		if (mrt_filter_active(&mrt_filt) && !nmrts)
			return cmd_usage_error("rpki", "validate: the route filters apply to --mrt input");
	}
	int npos = argc - optind;
	int bulk = ninputs || nmrts;
	if (bulk && (npos || path_str))
		return cmd_usage_error("rpki", "validate: bulk input takes no PREFIX/ASN/--path");
	if ((q.nb.asn || q.nb.route_server) && !path_str)
		return cmd_usage_error("rpki", "validate: --neighbor/--route-server need --path");
	if (bench && ninputs != 1)
		return cmd_usage_error("rpki", "validate: --bench needs one --input");
	if (!bulk) {
		if (path_str) {
			q.have_path = 1;
			q.npath = rpki_parse_path(path_str, q.path, RPKI_MAX_PATH, &q.has_set);
			if (q.npath < 0)
				return cmd_usage_error("rpki", "validate: bad AS path '%s'", path_str);
			if (npos > 1)
				return cmd_usage_error("rpki", "validate: with --path give at most PREFIX");
		} else if (npos != 2) {
			return cmd_usage_error("rpki", "validate: need PREFIX ASN, --path or --input");
		}
		if (npos >= 1) {
			struct err e;
			if (prefix_parse(argv[optind], &q.prefix, &e) < 0)
				return cmd_usage_error("rpki", "validate: %s", e.msg);
			q.have_prefix = 1;
			if (npos == 2 && asn_parse(argv[optind + 1], &q.origin, &e) < 0)
				return cmd_usage_error("rpki", "validate: %s", e.msg);
			if (npos == 1)
				q.origin = rpki_path_origin(path_str, q.path, q.npath);
		}
	}
	struct rpki_set s;
	if (rpki_load_set(&o, &s) < 0)
		return EXIT_FINDINGS;
	int rc;
	if (!bulk) {
		rc = validate_single(&o, &s, &q);
		rpki_set_free(&s);
		return rc;
	}
	static struct bulk b;
	memset(&b, 0, sizeof b);
	b.o = &o;
	b.s = &s;
	b.aspa = dir_given;
	b.dir = q.dir;
	b.print = print;
	struct err e;
	if (rov_index_build(&b.ix, &s, &e) < 0) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		rpki_set_free(&s);
		return EXIT_FINDINGS;
	}
	if (bench) {
		rc = bulk_bench(&b, inputs[0], bench) < 0 ? EXIT_FINDINGS : EXIT_OK;
		rov_index_free(&b.ix);
		rpki_set_free(&s);
		return rc;
	}
	if (o.json && print)
		printf("{\n  \"routes\": [");
	double t0 = rpki_now();
	int fail = 0;
	for (int i = 0; i < ninputs && !fail; i++)
		fail = bulk_text(&b, inputs[i]) < 0;
	for (int i = 0; i < nmrts && !fail; i++)
		fail = bulk_mrt(&b, mrts[i]) < 0;
	bulk_summary(&b, rpki_now() - t0);
	rov_index_free(&b.ix);
	rpki_set_free(&s);
	if (fflush(stdout) != 0)
		return EXIT_FINDINGS;
	return fail || b.rov[ROV_INVALID] || b.aspa_st[ASPA_INVALID] ? EXIT_FINDINGS : EXIT_OK;
}
