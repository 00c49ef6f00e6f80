/* SPDX-License-Identifier: ISC */
/* rpki.c - 'manrs rpki': dispatch, the options and loading the subcommands
 * share, and 'manrs rpki info'. validate is in rpki_validate.c, export in
 * rpki_export.c, diff in rpki_diff.c.
 *
 *   manrs rpki validate [--vrps F]... PREFIX ASN
 *   manrs rpki validate [--vrps F]... --path "A B C" [--upstream|--downstream] [PREFIX]
 *   manrs rpki validate [--vrps F]... --input FILE|- | --mrt FILE   (bulk, summary)
 *   manrs rpki export --format bird|bird1|openbgpd|csv|json|junos|ios [-o FILE]
 *   manrs rpki info [--json]
 *   manrs rpki diff [--json] OLD NEW
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/json_writer.h"
#include "out/rpki_out.h"
#include "rpki/rpki_slurm.h"
#include "rpki_cmds.h"

/* Expired share of a source from which a warning is printed. */
#define RPKI_EXPIRED_WARN_PERCENT 10

static const char *const default_vrps[] = {"vrps.json", "/var/lib/rpki-client/json",
                                           "/var/db/rpki-client/json"};

/* Handle a shared option c: 0 when handled, -1 when not one of them, or a
 * usage exit code (> 0). */
static int common_opt(struct rpki_opts *o, int c, const char *arg, const char *sub)
{
	switch (c) {
	case OPT_VRPS:
		if (o->nvrps == RPKI_MAX_SOURCES)
			return cmd_usage_error("rpki", "%s: too many --vrps", sub);
		o->vrps[o->nvrps++] = arg;
		return 0;
	case OPT_SLURM:
		if (o->nslurm == RPKI_MAX_SOURCES)
			return cmd_usage_error("rpki", "%s: too many --slurm", sub);
		o->slurm[o->nslurm++] = arg;
		return 0;
	case OPT_JSON:
		o->json = 1;
		return 0;
	case OPT_IGNORE_EXPIRES:
		o->ignore_expires = 1;
		return 0;
	case 'v':
		o->verbose++;
		return 0;
	case 'q':
		o->quiet = 1;
		return 0;
	default:
		return -1;
	}
}

void rpki_opts_start(struct rpki_opts *o)
{
	memset(o, 0, sizeof *o);
	optind = 0;
}

int rpki_next_opt(struct rpki_opts *o, int argc, char **argv, const char *shortopts,
                  const struct option *longopts, const char *sub, int *exit_code)
{
	int c, r;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if ((r = common_opt(o, c, optarg, sub)) < 0)
			return c;
		if (r > 0) {
			*exit_code = r;
			return RPKI_OPT_FAILED;
		}
	}
	return -1;
}

void rpki_vrp_json(struct json_writer *w, const struct rpki_set *s, const struct vrp *v)
{
	char buf[PREFIX_STRLEN];
	json_begin_object(w);
	json_key(w, "prefix");
	json_string_plain(w, rpki_out_prefix(v, buf, sizeof buf));
	json_key(w, "maxLength");
	json_u32(w, v->maxlen);
	json_key(w, "asn");
	json_u32(w, v->asn);
	json_key(w, "ta");
	json_str(w, rpki_out_ta(s, v));
	json_end_object(w);
}

double rpki_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int rpki_env_ignore_expires(void)
{
	const char *v = getenv("MANRS_IGNORE_EXPIRES");
	return v && *v && strcmp(v, "0") != 0;
}

/* Set sizes before a source is loaded, to judge what expiry took from it. */
struct rpki_counts {
	size_t vrps, aspas, expired_vrps, expired_aspas;
};

/* A source that expiry emptied or mostly emptied is stale (an old snapshot, a
 * validator that stopped): answers from it would look fine and be wrong.
 * Returns 0, 1 when it warned, -1 when nothing is left. */
static int check_expiry(const struct rpki_set *s, const char *src, const struct rpki_counts *b,
                        int quiet)
{
	size_t kept = s->nvrps - b->vrps + s->naspas - b->aspas;
	size_t ev = s->nexpired_vrps - b->expired_vrps, ea = s->nexpired_aspas - b->expired_aspas;
	if (ev + ea == 0)
		return 0;
	if (kept == 0) {
		fprintf(stderr,
		        "manrs rpki: %s: all %zu VRPs and %zu ASPAs are past their \"expires\": "
		        "nothing left (stale data? --ignore-expires or MANRS_IGNORE_EXPIRES=1 "
		        "keeps them)\n",
		        src, ev, ea);
		return -1;
	}
	if ((ev + ea) * 100 < (kept + ev + ea) * RPKI_EXPIRED_WARN_PERCENT)
		return 0;
	if (!quiet)
		fprintf(stderr,
		        "manrs rpki: warning: %s: %zu of %zu entries (%.0f%%) are past their "
		        "\"expires\" and were dropped (stale data? --ignore-expires keeps them)\n",
		        src, ev + ea, kept + ev + ea,
		        100.0 * (double)(ev + ea) / (double)(kept + ev + ea));
	return 1;
}

/* Load every source, then the SLURM files, then sort. Prints why on error. */
int rpki_load_set(const struct rpki_opts *o, struct rpki_set *s)
{
	struct err e;
	err_clear(&e);
	rpki_set_init(s);
	s->ignore_expires = o->ignore_expires || rpki_env_ignore_expires();
	s->slurm_stats = o->slurm_stats;
	double t0 = rpki_now();
	int n = o->nvrps;
	const char *const *src = o->vrps;
	const char *fallback[1];
	if (n == 0) {
		const char *env = getenv("MANRS_VRPS");
		for (size_t i = 0; !env && i < sizeof default_vrps / sizeof default_vrps[0]; i++)
			if (access(default_vrps[i], R_OK) == 0)
				env = default_vrps[i];
		if (!env) {
			fprintf(stderr, "manrs rpki: no VRPs: give --vrps FILE (or set MANRS_VRPS; "
			                "./vrps.json and /var/lib/rpki-client/json are tried)\n");
			return -1;
		}
		fallback[0] = env;
		src = fallback;
		n = 1;
	}
	int warned = 0;
	for (int i = 0; i < n; i++) {
		struct rpki_counts before = {s->nvrps, s->naspas, s->nexpired_vrps,
		                             s->nexpired_aspas};
		if (rpki_set_load_file(s, src[i], &e) < 0) {
			fprintf(stderr, "manrs rpki: %s\n", e.msg);
			rpki_set_free(s);
			return -1;
		}
		int ce = check_expiry(s, src[i], &before, o->quiet);
		if (ce < 0) {
			rpki_set_free(s);
			return -1;
		}
		warned |= ce;
	}
	for (int i = 0; i < o->nslurm; i++) {
		if (rpki_set_apply_slurm(s, o->slurm[i], &e) < 0) {
			fprintf(stderr, "manrs rpki: %s\n", e.msg);
			rpki_set_free(s);
			return -1;
		}
	}
	rpki_set_finish(s);
	if (s->nrejected && !o->quiet)
		fprintf(stderr, "manrs rpki: warning: skipped %zu bad entr%s, first: %s\n",
		        s->nrejected, s->nrejected == 1 ? "y" : "ies", s->reject_msg);
	/* An old file silently validating as not-found would mislead: say it. */
	if ((s->nexpired_vrps || s->nexpired_aspas) && !warned && !o->quiet)
		fprintf(stderr,
		        "manrs rpki: note: dropped %zu expired VRPs and %zu expired ASPAs "
		        "(past their \"expires\"; --ignore-expires keeps them)\n",
		        s->nexpired_vrps, s->nexpired_aspas);
	if (o->verbose)
		fprintf(stderr, "manrs rpki: loaded %zu VRPs, %zu ASPAs in %.3f s\n", s->nvrps,
		        s->naspas, rpki_now() - t0);
	return 0;
}

/* AS paths and route prefixes as users and tools write them. */

/* Parse "64496 AS64497 {64498,64499}" (neighbor first). Returns the count,
 * or -1 on a bad token. An AS_SET sets *has_set and its members are kept. */
int rpki_parse_path(const char *str, uint32_t *path, size_t max, int *has_set)
{
	size_t n = 0;
	*has_set = 0;
	int in_set = 0;
	const char *p = str;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == ',') {
			p++;
			continue;
		}
		if (*p == '{' || *p == '[' || *p == '(') {
			in_set = 1;
			*has_set = 1;
			p++;
			continue;
		}
		if (*p == '}' || *p == ']' || *p == ')') {
			if (!in_set)
				return -1;
			in_set = 0;
			p++;
			continue;
		}
		char tok[32];
		size_t k = 0;
		while (*p && !strchr(" \t,{}[]()", *p) && k < sizeof tok - 1)
			tok[k++] = *p++;
		tok[k] = 0;
		uint32_t asn;
		if (asn_parse(tok, &asn, NULL) < 0)
			return -1;
		if (n < max)
			path[n++] = asn;
		else
			return -1;
	}
	return in_set ? -1 : (int)n;
}

/* Origin of a parsed path: its last AS, 0 ("NONE") when it ends in a set. */
uint32_t rpki_path_origin(const char *str, const uint32_t *path, int n)
{
	size_t len = strlen(str);
	while (len && (str[len - 1] == ' ' || str[len - 1] == '\t'))
		len--;
	if (n == 0 || (len && strchr("}])", str[len - 1])))
		return 0;
	return path[n - 1];
}

/* Routes as tools print them: host bits are cleared, not refused (bgpdump
 * 1.6.2 prints NLRI with trailing bits as they came). */
int rpki_route_prefix(const char *s, struct prefix *p)
{
	char addr[64];
	const char *slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof addr)
		return -1;
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = 0;
	if (addr_parse(addr, p, NULL) < 0)
		return -1;
	char *end;
	errno = 0;
	unsigned long len = strtoul(slash + 1, &end, 10);
	if (errno || end == slash + 1 || *end || len > prefix_maxlen(p->family))
		return -1;
	p->len = (uint8_t)len;
	prefix_mask(p);
	return 0;
}

/* ---- info -------------------------------------------------------------- */

static const char *const slurm_kind_names[] = {"prefixFilter", "aspaFilter", "prefixAssertion",
                                               "aspaAssertion"};

/* One SLURM rule and what it did: "SLURM FILE $.path (what): removed N". */
static void info_slurm_rule_text(const struct slurm_rule_count *r)
{
	int filter = r->kind == SLURM_PREFIX_FILTER || r->kind == SLURM_ASPA_FILTER;
	int aspa = r->kind == SLURM_ASPA_FILTER || r->kind == SLURM_ASPA_ASSERTION;
	printf("SLURM %s (%s): %s %zu %s\n", r->where, r->what, filter ? "removed" : "added",
	       r->count, aspa ? "ASPAs" : "VRPs");
}

static void info_slurm_rule_json(struct json_writer *w, const struct slurm_rule_count *r)
{
	int filter = r->kind == SLURM_PREFIX_FILTER || r->kind == SLURM_ASPA_FILTER;
	json_begin_object(w);
	json_key(w, "kind");
	json_string_plain(w, slurm_kind_names[r->kind]);
	json_key(w, "where");
	json_str(w, r->where);
	json_key(w, "rule");
	json_str(w, r->what);
	json_key(w, filter ? "removed" : "added");
	json_u64(w, r->count);
	json_end_object(w);
}

/* "key":n for each of n counters. */
static void info_counts_json(struct json_writer *w, const char *const *keys, const long long *v,
                             size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_key(w, keys[i]);
		json_i64(w, v[i]);
	}
}

static int rpki_info_main(int argc, char **argv)
{
	static const struct option lo[] = {
	    RPKI_VRPS_LONG_OPTION,
	    RPKI_COMMON_LONG_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	struct rpki_opts o;
	int c, usage_rc;
	rpki_opts_start(&o);
	while ((c = rpki_next_opt(&o, argc, argv, "vqh", lo, "info", &usage_rc)) != -1) {
		if (c == RPKI_OPT_FAILED)
			return usage_rc;
		if (c == 'h') {
			printf("usage: manrs rpki info [--vrps FILE]... [--slurm FILE]... "
			       "[--ignore-expires] [--json]\n"
			       "Exit: 0 loaded; 1 a source failed to load or expiry left nothing "
			       "of it; 2 usage.\n");
			return EXIT_OK;
		}
		return cmd_usage_error("rpki", "info: unknown option");
	}
	struct rpki_set s;
	struct slurm_stats slurm;
	memset(&slurm, 0, sizeof slurm);
	o.slurm_stats = o.nslurm ? &slurm : NULL;
	int loaded = rpki_load_set(&o, &s);
	if (loaded < 0) {
		slurm_stats_free(&slurm);
		return EXIT_FINDINGS;
	}
	size_t v4 = 0, as0 = 0, maxlen = 0, per_ta[32] = {0}, providers = 0;
	for (size_t i = 0; i < s.nvrps; i++) {
		v4 += s.vrps[i].family == 4;
		as0 += s.vrps[i].asn == 0;
		maxlen += s.vrps[i].maxlen > s.vrps[i].len;
		per_ta[s.vrps[i].ta & 31]++;
	}
	for (size_t i = 0; i < s.naspas; i++)
		providers += s.aspas[i].nproviders;
	char when[32] = "unknown";
	time_t t = (time_t)s.generated;
	struct tm tm;
	if (s.generated && gmtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (o.json) {
		static const char *const keys[] = {
		    "vrps",          "ipv4",           "ipv6",      "as0",      "maxlength_longer",
		    "aspas",         "aspa_providers", "generated", "rejected", "expired_vrps",
		    "expired_aspas", "next_expiry",
		};
		const long long v[] = {
		    (long long)s.nvrps,          (long long)v4,
		    (long long)(s.nvrps - v4),   (long long)as0,
		    (long long)maxlen,           (long long)s.naspas,
		    (long long)providers,        (long long)s.generated,
		    (long long)s.nrejected,      (long long)s.nexpired_vrps,
		    (long long)s.nexpired_aspas, (long long)s.next_expiry,
		};
		struct json_writer w;
		json_writer_init_file(&w, stdout);
		json_begin_object(&w);
		info_counts_json(&w, keys, v, sizeof v / sizeof v[0]);
		json_key(&w, "trust_anchors");
		json_begin_object(&w);
		for (int i = 0; i < s.nta; i++)
			if (per_ta[i]) {
				json_key_string(&w, i ? s.ta_names[i] : "");
				json_u64(&w, per_ta[i]);
			}
		json_end_object(&w);
		json_key(&w, "slurm");
		json_begin_array(&w);
		for (size_t i = 0; i < slurm.n; i++)
			info_slurm_rule_json(&w, &slurm.rules[i]);
		json_end_array(&w);
		json_end_object(&w);
		json_ws(&w, "\n");
		json_writer_finish(&w); /* a failed write shows in ferror(stdout) */
	} else {
		printf("VRPs       %zu (IPv4 %zu, IPv6 %zu)\n", s.nvrps, v4, s.nvrps - v4);
		printf("AS0 VRPs   %zu\nmaxLength > length: %zu\n", as0, maxlen);
		printf("ASPAs      %zu (%zu providers)\n", s.naspas, providers);
		printf("generated  %s\n", when);
		char nexp[32] = "none";
		t = (time_t)s.next_expiry;
		if (s.next_expiry && gmtime_r(&t, &tm))
			strftime(nexp, sizeof nexp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		printf("expired    %zu VRPs, %zu ASPAs dropped%s\n", s.nexpired_vrps,
		       s.nexpired_aspas, s.ignore_expires ? " (expiry ignored)" : "");
		printf("next expiry %s\n", nexp);
		for (int i = 0; i < s.nta; i++)
			if (per_ta[i]) {
				/* TA names come from the input: never let one start a line. */
				const char *name = i ? s.ta_names[i] : "(unknown)";
				size_t w = strlen(name);
				fputs("TA ", stdout);
				rpki_out_text(stdout, name);
				printf("%*s %zu\n", w < 12 ? (int)(12 - w) : 0, "", per_ta[i]);
			}
		if (s.nrejected)
			printf("rejected   %zu entries (first: %s)\n", s.nrejected, s.reject_msg);
		for (size_t i = 0; i < slurm.n; i++)
			info_slurm_rule_text(&slurm.rules[i]);
	}
	slurm_stats_free(&slurm);
	rpki_set_free(&s);
	return EXIT_OK;
}

/* ---- dispatch ---------------------------------------------------------- */

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} subs[] = {
    {"validate", rpki_validate_main, "route origin (RFC 6811) and ASPA path validation"},
    {"export", rpki_export_main, "write VRPs for BIRD, OpenBGPD, Junos, IOS XR, CSV, JSON"},
    {"info", rpki_info_main, "counts of the loaded VRP/ASPA set"},
    {"diff", rpki_diff_main, "VRPs and ASPAs added/removed/changed between two sources"},
};

static void usage(FILE *f)
{
	fputs("usage: manrs rpki COMMAND [options]   (manrs rpki COMMAND -h for more)\n", f);
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		fprintf(f, "  %-9s %s\n", subs[i].name, subs[i].summary);
}

int cmd_rpki(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	usage(stderr);
	return cmd_usage_error("rpki", "unknown command '%s'", argv[1]);
}
