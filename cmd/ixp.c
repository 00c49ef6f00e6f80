/* SPDX-License-Identifier: ISC */
/* ixp.c - 'manrs ixp': route-server configurations for an IXP (generate),
 * the check of a route server's RIB (check), PeeringDB import (import),
 * and the reason table (reasons). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "core/atomic_file.h"
#include "ixp/ixp_reason.h"
#include "ixp_cmds.h"
#include "out/rs_out.h"

static void usage(FILE *f)
{
	fputs(
	    "usage: manrs ixp generate IXP.yml [--format bird|openbgpd] [--rs NAME]\n"
	    "                          [--irr FILE]... [--vrps FILE]... [--bogons FILE]...\n"
	    "                          [--log FILE] [--control SOCKET] [--rib-dump FILE]\n"
	    "                          [--rib-dump-period S] [-o FILE]\n"
	    "       manrs ixp check IXP.yml --rib RS-RIB.mrt [--announced MRT]... [--irr FILE]...\n"
	    "                       [--vrps FILE]... [--json]\n"
	    "       manrs ixp import --peeringdb DIR|FILE... --ixlan ID [--rs-asn ASN]\n"
	    "                        [--rs-address ADDR]... [-o IXP.yml]\n"
	    "       manrs ixp reasons [--json]\n\n"
	    "generate  a complete route-server configuration for the IXP described in\n"
	    "          IXP.yml: sessions with every member, import filters with the\n"
	    "          policy (next hop, first AS, bogons, lengths, path length,\n"
	    "          transit-free ASNs, IRR prefix and origin from each member's AS-SET,\n"
	    "          RPKI ROV through RTR or ROA tables, ASPA, blackholes, graceful\n"
	    "          shutdown, RFC 9234 roles and OTC), max-prefix limits\n"
	    "check     routes in the route server's RIB (MRT) that the policy rejects, and\n"
	    "          routes members announced (--announced) that should be there and\n"
	    "          are not; exit 1 when there is any\n"
	    "import    an IXP description from PeeringDB ix/ixlan/ixpfx/netixlan/net JSON\n"
	    "reasons   the large-community reason codes of tagged routes\n\n"
	    "  --irr FILE     RPSL dump(s) the AS-SETs expand against (as manrs irr filter)\n"
	    "  --vrps FILE    VRPs and ASPAs (rpki-client JSON...): ASPA records for the\n"
	    "                 filter; ROA tables when IXP.yml has no rtr: cache\n"
	    "  --bogons FILE  extra bogon list (Team Cymru style), besides the IANA tables\n"
	    "  --rs NAME      which route server of IXP.yml (default: the first)\n"
	    "  --log FILE     BIRD: log to FILE (default syslog)\n"
	    "  --control S    OpenBGPD: control socket path\n"
	    "  --rib-dump F   BIRD: dump the RIB as MRT to F every --rib-dump-period s (60);\n"
	    "                 %N in F is the table name\n"
	    "  -o FILE        write atomically to FILE (default stdout)\n"
	    "See manrs-ixp(1).\n",
	    f);
}

static int reasons_main(int argc, char **argv)
{
	bool json = argc > 1 && !strcmp(argv[1], "--json");
	const struct ixp_reason_info *tab;
	size_t n = ixp_reasons(&tab);
	if (json)
		fputs("[", stdout);
	for (size_t i = 0; i < n; i++) {
		if (json)
			printf("%s\n {\"code\": %d, \"name\": \"%s\", \"text\": \"%s\"}",
			       i ? "," : "", tab[i].code, tab[i].name, tab[i].text);
		else
			printf("(RS-ASN, %u, %2d)  %-14s %s\n", IXP_REASON_LC, tab[i].code,
			       tab[i].name, tab[i].text);
	}
	if (json)
		fputs("\n]\n", stdout);
	return EXIT_OK;
}

static int64_t generation_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s && *s)
		return strtoll(s, NULL, 10);
	return (int64_t)time(NULL);
}

struct gen_opts {
	const char *format, *rs, *out;
	struct rs_out ro;
};

static int parse_period(const char *s, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || v < 1 || v > 86400)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_generate(int argc, char **argv, struct gen_opts *g, struct ixp_inputs *in)
{
	enum { O_FORMAT = 1000, O_RS, O_LOG, O_CONTROL, O_DUMP, O_PERIOD };
	static const struct option lo[] = {
	    IXP_INPUT_LONG_OPTIONS,
	    {"format", required_argument, NULL, O_FORMAT},
	    {"rs", required_argument, NULL, O_RS},
	    {"log", required_argument, NULL, O_LOG},
	    {"control", required_argument, NULL, O_CONTROL},
	    {"rib-dump", required_argument, NULL, O_DUMP},
	    {"rib-dump-period", required_argument, NULL, O_PERIOD},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c, r;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", lo, NULL)) != -1) {
		if ((r = ixp_input_opt(in, c, optarg)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		switch (c) {
		case O_FORMAT:
			g->format = optarg;
			break;
		case O_RS:
			g->rs = optarg;
			break;
		case O_LOG:
			g->ro.log = optarg;
			break;
		case O_CONTROL:
			g->ro.control = optarg;
			break;
		case O_DUMP:
			g->ro.rib_dump = optarg;
			break;
		case O_PERIOD:
			if (parse_period(optarg, &g->ro.rib_dump_period) < 0)
				return cmd_usage_error("ixp",
				                       "--rib-dump-period: 1 to 86400 seconds"),
				       -1;
			break;
		case 'o':
			g->out = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		default:
			return cmd_usage_error("ixp", "generate: bad option (see --help)"), -1;
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_error("ixp", "generate: give one IXP description (YAML)"), -1;
	return optind;
}

static const struct ixp_rs *pick_rs(const struct ixp *x, const char *name)
{
	for (size_t i = 0; i < x->nrs; i++)
		if (!name || !strcmp(x->rs[i].name, name))
			return &x->rs[i];
	return NULL;
}

static int write_config(const struct rs_writer *w, struct gen_opts *g)
{
	struct atomic_file af;
	struct err e = {0};
	if (atomic_file_open(&af, g->out ? g->out : "-", &e) < 0) {
		fprintf(stderr, "manrs ixp: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	bool to_stdout = af.is_stdout;
	int rc = w->write(af.f, &g->ro, &e);
	if (rc < 0)
		atomic_file_abort(&af);
	else
		rc = atomic_file_commit(&af, &e);
	if (rc < 0 && to_stdout && !e.msg[0])
		return cmd_stdout_failed("ixp");
	if (rc < 0)
		fprintf(stderr, "manrs ixp: %s\n", e.msg);
	return rc < 0 ? EXIT_FINDINGS : EXIT_OK;
}

static unsigned incomplete_members(const struct ixp_data *d)
{
	unsigned n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->m[i].incomplete > 0;
	return n;
}

int ixp_generate_main(int argc, char **argv)
{
	struct gen_opts g = {.format = "bird"};
	struct ixp_inputs in = {0};
	int ai = parse_generate(argc, argv, &g, &in);
	if (ai < 0)
		return EXIT_USAGE;
	const struct rs_writer *w = rs_writer_find(g.format);
	if (!w)
		return cmd_usage_error("ixp", "generate: unknown format '%s' (bird, openbgpd)",
		                       g.format);
	if (ixp_inputs_load(&in, argv[ai]) < 0) {
		ixp_inputs_free(&in);
		return EXIT_FINDINGS;
	}
	g.ro = (struct rs_out){.x = &in.x,
	                       .d = &in.data,
	                       .rs = pick_rs(&in.x, g.rs),
	                       .rpki = in.have_rpki ? &in.rpki : NULL,
	                       .bogons = in.bogons,
	                       .log = g.ro.log,
	                       .control = g.ro.control,
	                       .rib_dump = g.ro.rib_dump,
	                       .rib_dump_period = g.ro.rib_dump_period,
	                       .now = generation_time()};
	int rc;
	if (!g.ro.rs)
		rc = cmd_usage_error("ixp", "generate: no route server '%s' in %s", g.rs, argv[ai]);
	else
		rc = write_config(w, &g);
	unsigned cut = incomplete_members(&in.data);
	if (rc == EXIT_OK && cut) {
		fprintf(stderr,
		        "manrs ixp: %u members' AS-SET expansions were cut short: "
		        "their filters miss prefixes\n",
		        cut);
		rc = EXIT_FINDINGS;
	}
	if (rc == EXIT_OK && !in.quiet)
		fprintf(stderr,
		        "manrs ixp: %s for %s: %zu members, %zu+%zu prefixes, %lu warnings\n",
		        w->name, g.ro.rs->name, in.x.nmembers, in.data.prefixes4, in.data.prefixes6,
		        in.warnings);
	ixp_inputs_free(&in);
	return rc;
}

static const struct command subs[] = {
    {"generate", ixp_generate_main, "route-server configuration"},
    {"check", ixp_check_main, "check a route server's RIB"},
    {"import", ixp_import_main, "IXP description from PeeringDB"},
    {"reasons", reasons_main, "the reason codes"},
};

int cmd_ixp(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	return cmd_usage_error("ixp", "unknown subcommand '%s' (generate, check, import, reasons)",
	                       argv[1]);
}
