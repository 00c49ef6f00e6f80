/* SPDX-License-Identifier: ISC */
/* sav_filter.c - 'manrs sav [filter]': each customer's allowed source
 * prefixes under one method, printed in a router's or host's format. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out/sav_out.h"
#include "sav_cmds.h"

struct opts {
	struct sav_files files;
	enum sav_method method;
	const struct sav_writer *writer;
	const char *customer;
	bool widen;
};

static void usage(FILE *f)
{
	const struct sav_writer *const *w;
	size_t n = sav_writers(&w);
	fprintf(f, "usage: manrs sav [filter] --config sav.yml [--method M] [--rib FILE.mrt]...\n"
	           "         [--rpki VRPS] [--irr-db FILE.db]... [-S SOURCES] [--as-rel FILE]\n"
	           "         [--customer NAME|ASN] [--aggregate-widen] [--format F | --json]\n"
	           "       manrs sav compare ...;  manrs sav scan FILE.pcap ...\n\n"
	           "methods: irr, rpki, strict, feasible, efp-a (default), efp-b, bar-sav\n"
	           "formats:\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-12s %s\n", w[i]->name, w[i]->summary);
	fprintf(f, "See manrs-sav(1).\n");
}

static int parse(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    SAV_FILE_OPTIONS,
	    {"method", required_argument, NULL, 'm'},
	    {"format", required_argument, NULL, 'f'},
	    {"json", no_argument, NULL, 'j'},
	    {"customer", required_argument, NULL, 1100},
	    {"aggregate-widen", no_argument, NULL, 1101},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c, m;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:m:f:jS:h", longopts, NULL)) != -1) {
		int r = sav_files_option(&o->files, "sav", c, optarg);
		if (r != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		switch (c) {
		case 'm':
			if ((m = sav_method_parse(optarg)) < 0)
				return cmd_usage_error("sav", "unknown method '%s'", optarg), -1;
			o->method = (enum sav_method)m;
			break;
		case 'f':
		case 'j':
			o->writer = sav_writer_find(c == 'j' ? "json" : optarg);
			if (!o->writer)
				return cmd_usage_error("sav", "unknown format '%s'", optarg), -1;
			break;
		case 1100:
			o->customer = optarg;
			break;
		case 1101:
			o->widen = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc)
		return cmd_usage_error("sav", "unexpected argument '%s'", argv[optind]), -1;
	return 0;
}

/* Strict uRPF suffices when it allows all the method allows. */
static int check_strict(const struct sav_loaded *l, size_t i, struct sav_out_filter *x)
{
	struct sav_plist strict = {0};
	struct err e;
	if (!l->in.rib)
		return 0;
	if (sav_compute(&l->in, SAV_STRICT, i, false, &strict, &e) < 0)
		return fprintf(stderr, "manrs sav: %s\n", e.msg), -1;
	x->strict_known = true;
	x->strict_ok = sav_plist_space_minus(&x->allowed, &strict, 4) == 0 &&
	               sav_plist_space_minus(&x->allowed, &strict, 6) == 0;
	sav_plist_free(&strict);
	return 0;
}

static int compute_one(const struct opts *o, const struct sav_loaded *l, size_t i,
                       struct sav_out_filter *x, int *empty)
{
	struct err e;
	const struct sav_neighbor *nb = &l->conf.nb[i];
	x->nb = nb;
	if (nb->rel != SAV_REL_CUSTOMER)
		return 0;
	if (o->writer->needs_interface && !nb->interface) {
		fprintf(stderr,
		        "manrs sav: %s:%lu: customer %s has no interface (format %s needs one)\n",
		        l->conf.file, nb->line, nb->name, o->writer->name);
		return -1;
	}
	if (sav_compute(&l->in, o->method, i, o->widen, &x->allowed, &e) < 0) {
		fprintf(stderr, "manrs sav: customer %s: %s\n", nb->name, e.msg);
		return -1;
	}
	if (x->allowed.n == 0) {
		fprintf(stderr,
		        "manrs sav: customer %s (AS%u): method %s allows no source; "
		        "all its traffic would be dropped\n",
		        nb->name, nb->asn, sav_method_name(o->method));
		(*empty)++;
	}
	return check_strict(l, i, x);
}

static int run(const struct opts *o, const struct sav_loaded *l)
{
	size_t n = l->conf.n;
	long only = o->customer ? sav_conf_find(&l->conf, o->customer) : -1;
	if (o->customer && only < 0)
		return cmd_usage_error("sav", "no customer '%s' in %s", o->customer, l->conf.file);
	struct sav_out_filter *f = calloc(n ? n : 1, sizeof *f);
	if (!f)
		return fprintf(stderr, "manrs sav: out of memory\n"), EXIT_FINDINGS;
	size_t k = 0;
	int empty = 0, rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (only < 0 || (size_t)only == i)
			rc = compute_one(o, l, i, &f[k++], &empty);
	if (rc == 0) {
		struct sav_out_doc d = {.conf = &l->conf, .method = o->method, .f = f, .n = k};
		rc = o->writer->write(stdout, &d);
	}
	for (size_t i = 0; i < k; i++)
		sav_plist_free(&f[i].allowed);
	free(f);
	return rc < 0 || empty ? EXIT_FINDINGS : EXIT_OK;
}

int sav_filter_main(int argc, char **argv)
{
	struct opts o = {.method = SAV_EFP_A, .writer = sav_writer_find("nftables")};
	int p = parse(&o, argc, argv);
	if (p != 0)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	const char *missing;
	struct sav_loaded l;
	int rc = sav_load(&l, &o.files, "sav");
	if (rc == 0 && (missing = sav_method_missing(o.method, &l.in))) {
		cmd_usage_error("sav", "method %s needs %s", sav_method_name(o.method), missing);
		rc = -2;
	}
	if (rc == 0)
		rc = run(&o, &l);
	else
		rc = rc == -2 ? EXIT_USAGE : EXIT_FINDINGS;
	sav_loaded_free(&l);
	return rc;
}
