/* SPDX-License-Identifier: ISC */
/* irr_filter.c - 'manrs irr filter': bgpq4-compatible filter generation.
 * Takes bgpq4 1.9's flags and prints the same text; the data comes from
 * local RPSL dumps (--db FILE, repeatable, or MANRS_IRR_DB=FILE:FILE) or
 * from an IRRd (-h host[:port]). All the work is in lib/irr and lib/out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "irr/filter_expand.h"
#include "irr/irr_db.h"
#include "irr_cmds.h"
#include "out/bgpq_out.h"
#include "out/dialect.h"
#include "whois_connect.h"

#define MAX_DBS 64

struct opts {
	struct filter_req req;
	enum bgpq_vendor vendor;
	bool vendor_set;
	enum bgpq_gen gen;
	bool gen_set;
	const char *name, *format, *host;
	char *match;
	bool sequence, aggregate, debug;
	unsigned refine, refine_low;
	unsigned long maxlen_arg;
	int aswidth;
	bool width_set;
	uint32_t asnumber;
	bool asnumber_a; /* -a given */
	const char *dbs[MAX_DBS];
	size_t ndbs;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs irr filter [--db FILE]... [-h host[:port]] [-S sources]\n"
	           "         [-E|-f ASN|-G ASN|-H ASN|-t|-z] [-46AbBdeJjKNnpsTUuwX] [-F fmt]\n"
	           "         [-l name] [-L depth] [-m len] [-M match] [-R len] [-r len] [-W len]\n"
	           "         OBJECTS... [EXCEPT OBJECTS...]\n\n"
	           "Data: local RPSL dumps (--db, repeatable; or MANRS_IRR_DB=FILE[:FILE]),\n"
	           "or an IRRd server with -h (same queries as bgpq4).\n\n"
	           "Formats: (none) Cisco IOS, -X IOS XR, -J Junos, -b BIRD, -B OpenBGPD,\n"
	           "  -N Nokia SR OS classic, -n Nokia MD-CLI, -n2 Nokia SR Linux, -e Arista,\n"
	           "  -U Huawei,"
	           " -u Huawei XPL, -K / -K7 MikroTik v6 / v7, -j or --json JSON,\n"
	           "  -F user format; or --format ios|iosxr|junos|bird|openbgpd|json|arista|\n"
	           "  huawei|huawei-xpl|mikrotik|mikrotik7|nokia|nokia-md|nokia-srl\n"
	           "Generators: prefix-list (default), -E extended ACL / route-filter /\n"
	           "  prefix-set, -z Junos route-filter-list, -f ASN input as-path list,\n"
	           "  -G ASN output as-path list, -H ASN Junos as-list, -t as-set\n"
	           "Modifiers: -4/-6 family, -A aggregate, -m len max length, -R len allow\n"
	           "  more-specifics up to len, -r len from len, -l name, -s sequence numbers,\n"
	           "  -L depth, -S sources, -p keep private/special ASNs, -W len ASNs per line,\n"
	           "  -M match (Junos -E), -a ASN (OpenBGPD), -T no pipelining, -w validate\n"
	           "  ASNs (-f/-G/-H), -3 accepted (32-bit ASNs are always assumed)\n"
	           "See manrs-irr-filter(1).\n");
}

static int fatal(const char *fmt, const char *arg)
{
	fprintf(stderr, "manrs irr filter: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* bgpq4's AS number syntax for -f/-G/-H/-a: plain or asdot "1.10". */
static int parse_asnumber(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (v < 1 || v > 65535ull * 65535ull)
		return -1;
	if (*end == '.') {
		unsigned long long lo = strtoull(end + 1, &end, 10);
		if (v > 65535 || lo < 1 || lo > 65535 || *end)
			return -1;
		v = (v << 16) + lo;
	} else if (*end) {
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* -M escapes: \n \r \t \\ (bgpq4 rejects any other). */
static char *unescape_match(const char *s)
{
	char *out = malloc(strlen(s) + 1), *w = out;
	if (!out)
		return NULL;
	for (; *s; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		char n = s[1];
		if (n == 'n' || n == 'r' || n == 't' || n == '\\') {
			*w++ = n == 'n' ? '\n' : n == 'r' ? '\r' : n == 't' ? '\t' : '\\';
			s++;
		} else {
			free(out);
			return NULL;
		}
	}
	*w = 0;
	return out;
}

static int set_vendor(struct opts *o, enum bgpq_vendor v)
{
	if (o->vendor_set)
		return -1;
	o->vendor = v;
	o->vendor_set = true;
	return 0;
}

static int set_gen(struct opts *o, enum bgpq_gen g)
{
	if (o->gen_set)
		return -1;
	o->gen = g;
	o->gen_set = true;
	return 0;
}

static const char vendor_excl[] =
    "-b (BIRD), -B (OpenBGPD), -F (formatted), -J (Junos), -j (JSON), -K[7] "
    "(Microtik ROS), -N (Nokia SR OS Classic), -n (Nokia SR OS MD-CLI), -U (Huawei), "
    "-u (Huawei XPL),-e (Arista) and -X (IOS XR) options are mutually exclusive%s";
static const char gen_excl[] =
    "-E, -F, -K , -f <asnum>, -G <asnum>, and -t are mutually exclusive%s";

/* Options that do nothing but pick the vendor or the generation, with the
 * message bgpq4 gives when one was already picked (its -U and -u say the
 * generation one). Options with more to do stay in parse_args' switch. */
static const struct pick_opt {
	int opt;
	bool gen;  /* picks o->gen, else o->vendor */
	int value; /* enum bgpq_gen or enum bgpq_vendor */
	const char *excl;
} pick_opts[] = {
    {'b', false, BGPQ_V_BIRD, vendor_excl},      {'B', false, BGPQ_V_OPENBGPD, vendor_excl},
    {'J', false, BGPQ_V_JUNIPER, vendor_excl},   {'j', false, BGPQ_V_JSON, vendor_excl},
    {'K', false, BGPQ_V_MIKROTIK6, vendor_excl}, {'N', false, BGPQ_V_NOKIA, vendor_excl},
    {'n', false, BGPQ_V_NOKIA_MD, vendor_excl},  {'U', false, BGPQ_V_HUAWEI, gen_excl},
    {'u', false, BGPQ_V_HUAWEI_XPL, gen_excl},   {'X', false, BGPQ_V_CISCO_XR, vendor_excl},
    {'E', true, BGPQ_G_EACL, gen_excl},          {'t', true, BGPQ_G_ASSET, gen_excl},
    {'z', true, BGPQ_G_ROUTE_FILTER, gen_excl},
};

/* --format NAME: the dialect names every manrs export uses (see
 * out/dialect.h), as an alternative to bgpq4's one-letter vendor flags. */
static const struct {
	const char *name;
	enum bgpq_vendor vendor;
} format_names[] = {
    {"ios", BGPQ_V_CISCO},
    {"iosxr", BGPQ_V_CISCO_XR},
    {"junos", BGPQ_V_JUNIPER},
    {"bird", BGPQ_V_BIRD},
    {"openbgpd", BGPQ_V_OPENBGPD},
    {"json", BGPQ_V_JSON},
    {"arista", BGPQ_V_ARISTA},
    {"huawei", BGPQ_V_HUAWEI},
    {"huawei-xpl", BGPQ_V_HUAWEI_XPL},
    {"mikrotik", BGPQ_V_MIKROTIK6},
    {"mikrotik7", BGPQ_V_MIKROTIK7},
    {"nokia", BGPQ_V_NOKIA},
    {"nokia-md", BGPQ_V_NOKIA_MD},
    {"nokia-srl", BGPQ_V_NOKIA_SRL},
};

static int set_format_name(struct opts *o, const char *arg)
{
	const char *name = out_dialect_canonical(arg);
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if (strcmp(format_names[i].name, name))
			continue;
		if (set_vendor(o, format_names[i].vendor) < 0)
			return fatal(vendor_excl, "");
		if (format_names[i].vendor == BGPQ_V_ARISTA)
			o->sequence = true; /* as -e */
		return 0;
	}
	return fatal("unknown --format '%s' (ios, iosxr, junos, bird, openbgpd, json, arista, "
	             "huawei, huawei-xpl, mikrotik, mikrotik7, nokia, nokia-md, nokia-srl)",
	             arg);
}

/* The pick_opts entry for getopt's c, or NULL. */
static const struct pick_opt *find_pick(int c)
{
	for (size_t i = 0; i < sizeof pick_opts / sizeof pick_opts[0]; i++)
		if (pick_opts[i].opt == c)
			return &pick_opts[i];
	return NULL;
}

/* Default ASNs per line, as bgpq4 picks them when -W is not given. */
static int default_width(enum bgpq_gen g, enum bgpq_vendor v)
{
	if (g == BGPQ_G_ASPATH) {
		switch (v) {
		case BGPQ_V_ARISTA:
		case BGPQ_V_CISCO:
		case BGPQ_V_MIKROTIK6:
		case BGPQ_V_MIKROTIK7:
			return 4;
		case BGPQ_V_CISCO_XR:
			return 6;
		case BGPQ_V_BIRD:
			return 10;
		default:
			return 8;
		}
	}
	if (g == BGPQ_G_OASPATH) {
		switch (v) {
		case BGPQ_V_ARISTA:
		case BGPQ_V_CISCO:
			return 5;
		case BGPQ_V_CISCO_XR:
			return 7;
		default:
			return 8;
		}
	}
	return 8;
}

/* The combination checks bgpq4 makes before it connects. */
static int check(struct opts *o)
{
	enum bgpq_vendor v = o->vendor;
	enum bgpq_gen g = o->gen;
	bool nokia = v == BGPQ_V_NOKIA || v == BGPQ_V_NOKIA_MD || v == BGPQ_V_NOKIA_SRL;
	if (v == BGPQ_V_CISCO_XR && g != BGPQ_G_PREFIXLIST && g != BGPQ_G_ASPATH &&
	    g != BGPQ_G_OASPATH)
		return fatal("Sorry, only prefix-sets and as-paths supported for IOS XR%s", "");
	if (v == BGPQ_V_BIRD && g != BGPQ_G_PREFIXLIST && g != BGPQ_G_ASPATH && g != BGPQ_G_ASSET)
		return fatal(
		    "Sorry, only prefix-lists and as-paths/as-sets supported for BIRD output%s",
		    "");
	if (v == BGPQ_V_JSON && g != BGPQ_G_PREFIXLIST && g != BGPQ_G_ASPATH && g != BGPQ_G_ASSET)
		return fatal(
		    "Sorry, only prefix-lists and as-paths/as-sets supported for JSON output%s",
		    "");
	if (v == BGPQ_V_FORMAT && g != BGPQ_G_PREFIXLIST)
		return fatal("Sorry, only prefix-lists supported in formatted output%s", "");
	if (v == BGPQ_V_HUAWEI && g != BGPQ_G_ASPATH && g != BGPQ_G_OASPATH &&
	    g != BGPQ_G_PREFIXLIST)
		return fatal("Sorry, only as-paths and prefix-lists supported for Huawei output%s",
		             "");
	if (g == BGPQ_G_ROUTE_FILTER && v != BGPQ_V_JUNIPER)
		return fatal("Route-filter-lists (-z) supported for Juniper (-J) output only%s",
		             "");
	if (g == BGPQ_G_ASSET && v != BGPQ_V_JSON && v != BGPQ_V_OPENBGPD && v != BGPQ_V_BIRD)
		return fatal("As-Sets (-t) supported for JSON (-j), OpenBGPD (-B) and BIRD (-b) "
		             "output only%s",
		             "");
	if (o->aggregate && v == BGPQ_V_JUNIPER && g == BGPQ_G_PREFIXLIST)
		return fatal(
		    "Sorry, aggregation (-A) does not work in Juniper prefix-lists; try -E or -z%s",
		    "");
	if (o->aggregate && nokia && g != BGPQ_G_PREFIXLIST)
		return fatal("Sorry, aggregation (-A) is not supported with ip-prefix-lists (-E) "
		             "on Nokia.%s",
		             "");
	if ((o->refine || o->refine_low) && nokia && g != BGPQ_G_PREFIXLIST)
		return fatal("Sorry, more-specifics (-R/-r) is not supported with ip-prefix-lists "
		             "(-E) on Nokia.%s",
		             "");
	if (o->aggregate && g < BGPQ_G_PREFIXLIST)
		return fatal("Sorry, aggregation (-A) used only for prefix-lists, extended "
		             "access-lists and route-filters%s",
		             "");
	if (v == BGPQ_V_ARISTA && g == BGPQ_G_EACL && o->req.family == 6)
		return fatal(
		    "Sorry, extended access-lists is not compatible with Arista EOS and IPv6%s",
		    "");
	if (o->sequence && v != BGPQ_V_CISCO && v != BGPQ_V_ARISTA)
		return fatal("Sorry, prefix-lists sequencing (-s) supported only for IOS and EOS%s",
		             "");
	if (o->sequence && g < BGPQ_G_PREFIXLIST)
		return fatal(
		    "Sorry, prefix-lists sequencing (-s) can't be used for non prefix-list%s", "");
	unsigned fmax = o->req.family == 4 ? 32 : 128;
	if (o->refine_low && !o->refine)
		o->refine = fmax;
	if (o->refine_low && o->refine_low > o->refine)
		return fatal("Incompatible values for -r and -R%s", "");
	if (o->refine > fmax || o->refine_low > fmax)
		return fatal("Invalid value for -R/-r (1-32 for IPv4, 1-128 for IPv6)%s", "");
	if ((o->refine || o->refine_low) && v == BGPQ_V_JUNIPER && g == BGPQ_G_PREFIXLIST)
		return fatal("Sorry, more-specific filters (-R/-r) is not supported for Juniper "
		             "prefix-lists; use -E or -z%s",
		             "");
	if ((o->refine || o->refine_low) && g < BGPQ_G_PREFIXLIST)
		return fatal("Sorry, more-specific filter (-R/-r) supported only with prefix-list "
		             "generation%s",
		             "");
	if (o->maxlen_arg) {
		if (o->maxlen_arg > fmax)
			return fatal(
			    "Invalid value for max-prefixlen (1-128 for IPv6, 1-32 for IPv4)%s",
			    "");
		/* bgpq4 keeps no limit when -m equals the family maximum */
		o->req.maxlen = o->maxlen_arg < fmax ? (unsigned)o->maxlen_arg : 0;
	} else {
		o->req.maxlen = fmax;
	}
	if (g == BGPQ_G_EACL && v == BGPQ_V_CISCO && o->req.family == 6)
		return fatal("Sorry, ipv6 access-lists not supported for Cisco yet.%s", "");
	if (o->match && (v != BGPQ_V_JUNIPER || g != BGPQ_G_EACL))
		return fatal("Sorry, extra match conditions (-M) can be used only with Juniper "
		             "route-filters%s",
		             "");
	bool aspaths = g == BGPQ_G_ASPATH || g == BGPQ_G_OASPATH || g == BGPQ_G_ASLIST;
	if (aspaths && o->req.family != 4 && !o->req.validate_asns)
		return fatal(
		    "Sorry, -6 makes no sense with as-path (-f/-G) or as-list (-H) generation%s",
		    "");
	if (o->req.validate_asns && !aspaths)
		return fatal("Sorry, -w makes sense only for as-path (-f/-G) generation%s", "");
	if (o->req.bgpq3 && (v == BGPQ_V_ARISTA || v == BGPQ_V_HUAWEI_XPL ||
	                     v == BGPQ_V_MIKROTIK6 || v == BGPQ_V_MIKROTIK7 || o->asnumber_a))
		return fatal("this option is not available in bgpq3 mode%s", "");
	if (!bgpq_printer_fn(bgpq_printer_get(v), g))
		return fatal("Sorry, this output is not supported for %s",
		             bgpq_printer_get(v)->name);
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void warn_stderr(const char *msg, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "manrs irr filter: %s\n", msg);
}

static void db_warn(const struct err *w, void *ctx)
{
	if (*(bool *)ctx)
		fprintf(stderr, "manrs irr filter: %s\n", w->msg);
}

/* Expand against the IRRd at host[:port] over TCP. */
static int run_remote(struct filter_job *j, const char *host, struct err *e)
{
	struct whois_client c;
	if (whois_connect(&c, host, e) < 0)
		return -1;
	int rc = filter_run_remote(j, &c, e);
	whois_close(&c);
	return rc;
}

static int run_local(struct opts *o, struct filter_job *j, struct err *e)
{
	struct irr_db *db = irr_db_new();
	if (!db)
		return err_set(e, "out of memory");
	irr_db_set_warn(db, db_warn, &o->debug);
	int rc = 0;
	double t0 = now();
	for (size_t i = 0; i < o->ndbs && rc == 0; i++)
		rc = irr_db_load_file(db, o->dbs[i], NULL, e);
	if (rc == 0)
		rc = irr_db_finish(db, e);
	double t1 = now();
	if (rc == 0)
		rc = filter_run_local(j, db, e);
	if (o->debug)
		fprintf(stderr,
		        "manrs irr filter: loaded %zu routes in %.3f s, expanded in %.3f s\n",
		        irr_db_route_count(db), t1 - t0, now() - t1);
	irr_db_free(db);
	return rc;
}

static int parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'D' + 256},
	    {"help", no_argument, NULL, '?' + 256},
	    {"json", no_argument, NULL, 'j'},
	    {"bgpq3", no_argument, NULL, '3' + 256},
	    {"format", required_argument, NULL, 'F' + 256},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 1;
	while (
	    (c = getopt_long(argc, argv, "23467a:AbBdDEeF:S:jJKf:l:L:m:M:NnpPW:r:R:G:H:tTh:UuwXsz",
	                     longopts, NULL)) != -1) {
		const struct pick_opt *pick = find_pick(c);
		if (pick) {
			int rc = pick->gen ? set_gen(o, (enum bgpq_gen)pick->value)
			                   : set_vendor(o, (enum bgpq_vendor)pick->value);
			if (rc < 0)
				return fatal(pick->excl, "");
			continue;
		}
		switch (c) {
		case '3':
			o->req.asn32 = true; /* bgpq4 always is */
			break;
		case '2':
			if (!o->req.bgpq3 && o->vendor_set && o->vendor == BGPQ_V_NOKIA_MD) {
				o->vendor = BGPQ_V_NOKIA_SRL; /* -n2 */
				break;
			}
			/* fall through */
		case 'P':
			if (!o->req.bgpq3)
				return fatal("-%s is a bgpq3 option (use --bgpq3 first)",
				             c == '2' ? "2" : "P");
			if (c == '2')
				o->req.allow_23456 = true;
			break;
		case 'D':
			return fatal("asdot output (bgpq3 -D) is not supported%s", "");
		case '3' + 256:
			o->req.bgpq3 = true;
			break;
		case '4':
			if (o->req.family == 6)
				return fatal("-4 and -6 are mutually exclusive%s", "");
			break;
		case '6':
			o->req.family = 6;
			break;
		case '7':
			if (o->vendor != BGPQ_V_MIKROTIK6 || !o->vendor_set)
				return fatal("'7' can only be used after -K%s", "");
			o->vendor = BGPQ_V_MIKROTIK7;
			break;
		case 'a':
			if (parse_asnumber(optarg, &o->asnumber) < 0)
				return fatal("Invalid AS number: %s", optarg);
			o->asnumber_a = true;
			break;
		case 'A':
			o->aggregate = true;
			break;
		case 'd':
			o->debug = true;
			break;
		case 'e':
			if (set_vendor(o, BGPQ_V_ARISTA) < 0)
				return fatal(vendor_excl, "");
			o->sequence = true;
			break;
		case 'F':
			if (set_vendor(o, BGPQ_V_FORMAT) < 0)
				return fatal(gen_excl, "");
			o->format = optarg;
			break;
		case 'f':
		case 'G':
		case 'H':
			if (c == 'H' && o->req.bgpq3)
				return fatal("bgpq3 hyper-aggregation (-H) is not supported%s", "");
			if (set_gen(o, c == 'f'   ? BGPQ_G_ASPATH
			               : c == 'G' ? BGPQ_G_OASPATH
			                          : BGPQ_G_ASLIST) < 0)
				return fatal(gen_excl, "");
			if (parse_asnumber(optarg, &o->asnumber) < 0)
				return fatal("Invalid AS number: %s", optarg);
			break;
		case 'h':
			o->host = optarg;
			break;
		case 'r':
		case 'R': {
			unsigned long v = strtoul(optarg, NULL, 10);
			if (!v)
				return fatal(c == 'r' ? "Invalid refineLow value: %s"
				                      : "Invalid refine length: %s",
				             optarg);
			*(c == 'r' ? &o->refine_low : &o->refine) = v > 1000 ? 1000 : (unsigned)v;
			break;
		}
		case 'l':
			o->name = optarg;
			break;
		case 'L': {
			long v = strtol(optarg, NULL, 10);
			if (v < 1)
				return fatal("Invalid maximum recursion (-L): %s", optarg);
			o->req.maxdepth = (unsigned)(v > 1000000 ? 1000000 : v);
			break;
		}
		case 'm':
			o->maxlen_arg = strtoul(optarg, NULL, 10);
			if (!o->maxlen_arg)
				return fatal("Invalid maxlen (-m): %s", optarg);
			break;
		case 'M':
			free(o->match);
			if (!(o->match = unescape_match(optarg)))
				return fatal("Unsupported escape in '%s'", optarg);
			break;
		case 'p':
			o->req.special_asns = true;
			break;
		case 'T':
			o->req.pipelining = false;
			break;
		case 's':
			o->sequence = true;
			break;
		case 'S':
			o->req.sources = optarg;
			break;
		case 'W': {
			int v = atoi(optarg);
			if (v < 0)
				return fatal("Invalid as-width: %s", optarg);
			o->aswidth = v;
			o->width_set = true;
			break;
		}
		case 'w':
			o->req.validate_asns = true;
			break;
		case 'F' + 256:
			if (set_format_name(o, optarg))
				return EXIT_USAGE;
			break;
		case 'D' + 256:
			if (o->ndbs == MAX_DBS)
				return fatal("too many --db files (max 64)%s", "");
			o->dbs[o->ndbs++] = optarg;
			break;
		case '?' + 256:
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int load_env_dbs(struct opts *o, char *env)
{
	for (char *s = strtok(env, ":"); s; s = strtok(NULL, ":"))
		if (*s && o->ndbs < MAX_DBS)
			o->dbs[o->ndbs++] = s;
	return 0;
}

int irr_filter_main(int argc, char **argv)
{
	struct opts o;
	memset(&o, 0, sizeof(o));
	o.req.family = 4;
	o.req.pipelining = true;
	o.vendor = BGPQ_V_CISCO;
	o.gen = BGPQ_G_PREFIXLIST;
	o.name = "NN";
	char *env = NULL;
	int rc = parse_args(&o, argc, argv);
	if (rc) {
		free(o.match);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (!o.width_set)
		o.aswidth = default_width(o.gen, o.vendor);
	if ((rc = check(&o)) != 0)
		goto done;
	if (optind >= argc) {
		usage(stderr);
		rc = EXIT_USAGE;
		goto done;
	}
	if (!o.host && !o.ndbs && getenv("MANRS_IRR_DB")) {
		env = strdup(getenv("MANRS_IRR_DB"));
		if (env)
			load_env_dbs(&o, env);
	}
	o.req.prefixes = o.gen >= BGPQ_G_PREFIXLIST;
	if (o.req.bgpq3 && o.vendor == BGPQ_V_OPENBGPD)
		o.req.asn32 = true; /* bgpq3 always writes 32-bit ASNs for OpenBGPD */

	struct filter_job j;
	struct err e = {0};
	filter_job_init(&j, &o.req, warn_stderr, NULL);
	for (int i = optind; i < argc; i++) {
		if (filter_job_add(&j, argv[i], &e) < 0) {
			fprintf(stderr, "manrs irr filter: %s\n", e.msg);
			filter_job_free(&j);
			rc = EXIT_FINDINGS;
			goto done;
		}
	}
	double t0 = now();
	if (o.host)
		rc = run_remote(&j, o.host, &e);
	else if (o.ndbs)
		rc = run_local(&o, &j, &e);
	else if (!filter_job_static(&j))
		rc = fatal("no IRR data: give --db FILE (or MANRS_IRR_DB) or -h host[:port]%s", "");
	else
		rc = 0;
	if (rc == EXIT_USAGE) {
		filter_job_free(&j);
		goto done;
	}
	if (rc < 0) {
		fprintf(stderr, "manrs irr filter: %s\n", e.msg);
		filter_job_free(&j);
		rc = EXIT_FINDINGS;
		goto done;
	}
	double t1 = now();
	if (o.refine)
		agg_refine(&j.tree, o.refine);
	if (o.refine_low)
		agg_refine_low(&j.tree, o.refine_low);
	if (o.aggregate)
		agg_aggregate(&j.tree);
	if (o.debug)
		fprintf(stderr,
		        "manrs irr filter: %zu ASNs, %zu tree nodes, %lu queries; data %.3f s, "
		        "aggregation %.3f s\n",
		        j.nasns, j.tree.nodes, j.queries, t1 - t0, now() - t1);

	struct bgpq_out out = {
	    .vendor = o.vendor,
	    .gen = o.gen,
	    .name = o.name,
	    .family = o.req.family,
	    .format = o.format,
	    .match = o.match,
	    .sequence = o.sequence,
	    .asnumber = o.asnumber,
	    .aswidth = o.aswidth,
	    .bgpq3 = o.req.bgpq3,
	    .tree = &j.tree,
	    .asns = j.asns,
	    .nasns = j.nasns,
	};
	rc = bgpq_print(stdout, &out, &e) < 0 || fflush(stdout) != 0 ? EXIT_FINDINGS : EXIT_OK;
	if (rc && ferror(stdout))
		cmd_stdout_failed("irr filter");
	else if (rc)
		fprintf(stderr, "manrs irr filter: %s\n", e.msg[0] ? e.msg : "write error");
	else if (j.incomplete) {
		fprintf(stderr,
		        "manrs irr filter: %u expansion(s) incomplete (see above): the filter "
		        "misses members\n",
		        j.incomplete);
		rc = EXIT_FINDINGS;
	}
	filter_job_free(&j);
done:
	free(o.match);
	free(env);
	return rc;
}
