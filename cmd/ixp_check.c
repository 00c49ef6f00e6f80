/* SPDX-License-Identifier: ISC */
/* ixp_check.c - 'manrs ixp check': a route server's RIB (MRT, e.g. BIRD's
 * `mrt dump` that `manrs ixp generate --rib-dump` configures) against the
 * IXP policy; per member what was accepted that should not have been, and
 * (with --announced) what was dropped that should not have been. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ixp/ixp_check.h"
#include "ixp_cmds.h"

struct out_ctx {
	const struct ixp *x;
	bool json;
};

static void print_finding(const struct ixp_finding *f, void *arg)
{
	struct out_ctx *o = arg;
	char pfx[PREFIX_STRLEN], why[300];
	const struct ixp_member *m = &o->x->members[f->member];
	prefix_format(&f->pfx, pfx, sizeof pfx);
	ixp_reason_list(f->reasons, why, sizeof why);
	if (o->json) {
		printf("{\"finding\": \"%s\", \"member\": %u, \"prefix\": \"%s\", \"as_path\": [",
		       ixp_finding_name(f->kind), m->asn, pfx);
		for (size_t i = 0; i < f->npath; i++)
			printf("%s%u", i ? ", " : "", f->path[i]);
		printf("], \"reasons\": \"%s\"}\n", why);
		return;
	}
	printf("AS%u %s %s path", m->asn, ixp_finding_name(f->kind), pfx);
	for (size_t i = 0; i < f->npath; i++)
		printf(" %u", f->path[i]);
	printf("%s%s\n", *why ? " reasons " : "", why);
}

static void check_usage(FILE *f)
{
	fputs(
	    "usage: manrs ixp check IXP.yml --rib RS-RIB.mrt [--announced MRT]...\n"
	    "                       [--irr FILE]... [--vrps FILE]... [--bogons FILE]... [--json]\n"
	    "One line per finding: accepted-but-should-not (with the reasons the policy\n"
	    "drops it), untagged (a tag-mode reason community missing), dropped-but-should-not\n"
	    "(announced per --announced, accepted by the policy, absent from the RIB).\n"
	    "Exit 1 when there is any finding. See manrs-ixp(1).\n",
	    f);
}

struct check_opts {
	const char *rib;
	const char *announced[IXP_MAX_FILES];
	int nannounced;
	bool json;
};

static int parse_check(int argc, char **argv, struct check_opts *co, struct ixp_inputs *in)
{
	enum { O_RIB = 1000, O_ANN, O_JSON };
	static const struct option lo[] = {
	    IXP_INPUT_LONG_OPTIONS,
	    {"rib", required_argument, NULL, O_RIB},
	    {"announced", required_argument, NULL, O_ANN},
	    {"json", no_argument, NULL, O_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c, r;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		if ((r = ixp_input_opt(in, c, optarg)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (c == O_RIB)
			co->rib = optarg;
		else if (c == O_ANN && co->nannounced < IXP_MAX_FILES)
			co->announced[co->nannounced++] = optarg;
		else if (c == O_JSON)
			co->json = true;
		else if (c == 'h') {
			check_usage(stdout);
			exit(EXIT_OK);
		} else
			return cmd_usage_error("ixp", "check: bad option (see --help)"), -1;
	}
	if (optind + 1 != argc || !co->rib)
		return cmd_usage_error("ixp", "check: give IXP.yml and --rib FILE"), -1;
	return optind;
}

static int run_check(struct ixp_inputs *in, const struct check_opts *co, struct rov_index *rov)
{
	struct ixp_checker ck = {&in->x, &in->data, in->have_rpki ? rov : NULL,
	                         in->have_rpki ? &in->rpki : NULL, in->bogons};
	struct out_ctx oc = {&in->x, co->json};
	struct ixp_check_stats st;
	struct err e = {0};
	if (ixp_check_run(&ck, co->rib, co->announced, (size_t)co->nannounced, print_finding, &oc,
	                  &st, &e) < 0) {
		fprintf(stderr, "manrs ixp: check: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	if (!in->quiet)
		fprintf(stderr,
		        "manrs ixp: check: %lu RIB routes, %lu announced; %lu accepted but should "
		        "not, %lu untagged, %lu dropped but should not; %lu from non-members, %lu "
		        "MRT warnings\n",
		        st.rib_routes, st.announced_routes, st.accepted_bad, st.untagged,
		        st.dropped_good, st.unknown_peer, st.mrt_warnings);
	if (st.rib_routes == 0 && st.announced_routes == 0) {
		fprintf(stderr, "manrs ixp: check: no member routes in %s\n", co->rib);
		return EXIT_FINDINGS;
	}
	/* MRT warnings are reported, not findings: BIRD 2.0.12's dumps carry
	 * NEXT_HOP with flags 0x00, which RFC 7606 flags but which still
	 * decodes (see manrs-ixp(1)) */
	return st.accepted_bad || st.untagged || st.dropped_good ? EXIT_FINDINGS : EXIT_OK;
}

int ixp_check_main(int argc, char **argv)
{
	struct check_opts co = {0};
	struct ixp_inputs in = {0};
	int ai = parse_check(argc, argv, &co, &in);
	if (ai < 0)
		return EXIT_USAGE;
	if (ixp_inputs_load(&in, argv[ai]) < 0) {
		ixp_inputs_free(&in);
		return EXIT_FINDINGS;
	}
	struct rov_index rov;
	struct err e = {0};
	memset(&rov, 0, sizeof rov);
	int rc;
	if (in.have_rpki && rov_index_build(&rov, &in.rpki, &e) < 0) {
		fprintf(stderr, "manrs ixp: check: %s\n", e.msg);
		rc = EXIT_FINDINGS;
	} else {
		rc = run_check(&in, &co, &rov);
	}
	if (in.have_rpki)
		rov_index_free(&rov);
	ixp_inputs_free(&in);
	return rc;
}
