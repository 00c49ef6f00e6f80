/* SPDX-License-Identifier: ISC */
/* sav_compare.c - 'manrs sav compare': RFC 8704's comparison on the
 * operator's own data. Per customer and method: how many prefixes the
 * filter has, how much legitimate space (what the RIB says the customer's
 * cone routes, see sav_legitimate) it would drop - false positives - and
 * how much other space it lets through - spoofable. Methods whose inputs
 * were not given are left out and named on stderr. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "core/json_writer.h"
#include "sav_cmds.h"

struct row {
	size_t prefixes;
	double fp[2], spoof[2]; /* [0] IPv4 addresses, [1] IPv6 /64s */
	size_t fp_prefixes;     /* legitimate prefixes not wholly allowed */
};

static void usage(FILE *f)
{
	fprintf(
	    f, "usage: manrs sav compare --config sav.yml [--rib FILE.mrt]... [--rpki VRPS]\n"
	       "         [--irr-db FILE.db]... [-S SOURCES] [--as-rel FILE] [--customer NAME|ASN]\n"
	       "         [--json]\n"
	       "Legitimate space is what the RIB routes with an origin in the customer's\n"
	       "cone (its AS paths and ASPAs); a RIB is required. See manrs-sav(1).\n");
}

static int measure(const struct sav_inputs *in, size_t nb, enum sav_method m,
                   const struct sav_plist *legit, struct row *r)
{
	struct sav_plist allowed = {0}, missed = {0};
	struct err e;
	if (sav_compute(in, m, nb, false, &allowed, &e) < 0) {
		fprintf(stderr, "manrs sav compare: %s: %s\n", in->conf->nb[nb].name, e.msg);
		return -1;
	}
	r->prefixes = allowed.n;
	for (int f = 0; f < 2; f++) {
		r->fp[f] = sav_plist_space_minus(legit, &allowed, f ? 6 : 4);
		r->spoof[f] = sav_plist_space_minus(&allowed, legit, f ? 6 : 4);
	}
	int rc = sav_plist_not_covered(legit, &allowed, &missed);
	r->fp_prefixes = missed.n;
	sav_plist_free(&allowed);
	sav_plist_free(&missed);
	return rc;
}

static void text_row(const struct sav_neighbor *nb, enum sav_method m, const struct row *r)
{
	printf("%-16s %-10u %-9s %8zu %12.0f %12.0f %8zu %14.0f %14.0f\n", nb->name, nb->asn,
	       sav_method_name(m), r->prefixes, r->fp[0], r->fp[1], r->fp_prefixes, r->spoof[0],
	       r->spoof[1]);
}

static void json_row(struct json_writer *w, const struct sav_neighbor *nb, enum sav_method m,
                     const struct row *r)
{
	json_begin_object(w);
	json_key(w, "customer");
	json_str(w, nb->name);
	json_key(w, "asn");
	json_u32(w, nb->asn);
	json_key(w, "method");
	json_string_plain(w, sav_method_name(m));
	json_key(w, "prefixes");
	json_u64(w, r->prefixes);
	json_key(w, "false_positive_prefixes");
	json_u64(w, r->fp_prefixes);
	json_key(w, "false_positive_ipv4_addresses");
	json_fixed(w, r->fp[0], 0);
	json_key(w, "false_positive_ipv6_64s");
	json_fixed(w, r->fp[1], 0);
	json_key(w, "spoofable_ipv4_addresses");
	json_fixed(w, r->spoof[0], 0);
	json_key(w, "spoofable_ipv6_64s");
	json_fixed(w, r->spoof[1], 0);
	json_end_object(w);
}

static int compare_customer(const struct sav_inputs *in, size_t nb, struct json_writer *w)
{
	struct sav_plist legit = {0};
	struct err e;
	if (sav_legitimate(in, nb, &legit, &e) < 0)
		return fprintf(stderr, "manrs sav compare: %s\n", e.msg), -1;
	int rc = 0;
	for (int m = 0; m < SAV_METHOD_COUNT && rc == 0; m++) {
		struct row r = {0};
		if (sav_method_missing((enum sav_method)m, in))
			continue;
		rc = measure(in, nb, (enum sav_method)m, &legit, &r);
		if (rc == 0 && w)
			json_row(w, &in->conf->nb[nb], (enum sav_method)m, &r);
		else if (rc == 0)
			text_row(&in->conf->nb[nb], (enum sav_method)m, &r);
	}
	sav_plist_free(&legit);
	return rc;
}

static void note_skipped(const struct sav_inputs *in)
{
	for (int m = 0; m < SAV_METHOD_COUNT; m++) {
		const char *missing = sav_method_missing((enum sav_method)m, in);
		if (missing)
			fprintf(stderr, "manrs sav compare: method %s left out: needs %s\n",
			        sav_method_name((enum sav_method)m), missing);
	}
}

static int run(const struct sav_inputs *in, bool json, long only)
{
	struct json_writer w;
	note_skipped(in);
	if (json) {
		json_writer_init_file(&w, stdout);
		json_begin_object(&w);
		json_key(&w, "asn");
		json_u32(&w, in->conf->asn);
		json_key(&w, "rows");
		json_begin_array(&w);
	} else {
		printf("%-16s %-10s %-9s %8s %12s %12s %8s %14s %14s\n", "customer", "asn",
		       "method", "prefixes", "fp-v4-addr", "fp-v6-/64", "fp-pfx", "spoof-v4-addr",
		       "spoof-v6-/64");
	}
	int rc = 0;
	for (size_t i = 0; i < in->conf->n && rc == 0; i++)
		if (in->conf->nb[i].rel == SAV_REL_CUSTOMER && (only < 0 || (size_t)only == i))
			rc = compare_customer(in, i, json ? &w : NULL);
	if (json) {
		json_end_array(&w);
		json_end_object(&w);
		json_ws(&w, "\n");
		if (json_writer_finish(&w) < 0)
			rc = -1;
	}
	return rc < 0 ? EXIT_FINDINGS : EXIT_OK;
}

int sav_compare_main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    SAV_FILE_OPTIONS,
	    {"json", no_argument, NULL, 'j'},
	    {"customer", required_argument, NULL, 1100},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct sav_files files = {0};
	bool json = false;
	const char *customer = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:jS:h", longopts, NULL)) != -1) {
		int r = sav_files_option(&files, "sav compare", c, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		if (c == 'j')
			json = true;
		else if (c == 1100)
			customer = optarg;
		else if (c == 'h')
			return usage(stdout), EXIT_OK;
		else
			return usage(stderr), EXIT_USAGE;
	}
	if (optind < argc)
		return cmd_usage_error("sav compare", "unexpected argument '%s'", argv[optind]);
	if (files.nribs == 0)
		return cmd_usage_error("sav compare",
		                       "--rib is required (legitimate space comes from it)");
	struct sav_loaded l;
	int rc = sav_load(&l, &files, "sav compare");
	long only = rc == 0 && customer ? sav_conf_find(&l.conf, customer) : -1;
	if (rc == 0 && customer && only < 0)
		rc =
		    cmd_usage_error("sav compare", "no customer '%s' in %s", customer, l.conf.file);
	else
		rc = rc == 0 ? run(&l.in, json, only) : rc == -2 ? EXIT_USAGE : EXIT_FINDINGS;
	sav_loaded_free(&l);
	return rc;
}
