/* SPDX-License-Identifier: ISC */
/* rpki_export.c - 'manrs rpki export': the loaded set in a router format,
 * written atomically (temporary file, then rename). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/atomic_file.h"
#include "out/rpki_out.h"
#include "rpki_cmds.h"

static void list_formats(FILE *f)
{
	const struct rpki_writer *const *tab;
	size_t n = rpki_writers(&tab);
	fputs("formats:\n", f);
	for (size_t i = 0; i < n; i++) {
		const char *al[8];
		size_t na = rpki_writer_aliases(tab[i], al, 8);
		fprintf(f, "  %-9s %s", tab[i]->name, tab[i]->summary);
		for (size_t k = 0; k < na; k++)
			fprintf(f, "%s%s", k ? ", " : " (also ", al[k]);
		fputs(na ? ")\n" : "\n", f);
	}
}

static void export_usage(FILE *f)
{
	fputs(
	    "usage: manrs rpki export [--vrps FILE]... [--slurm FILE]... --format FMT|--json\n"
	    "                         [-4|-6] [-o FILE] [--name NAME] [--local-as ASN] [--aspa]\n",
	    f);
	list_formats(f);
	fputs("  --json           the same as --format json\n"
	      "  --ignore-expires keep VRPs/ASPAs past their \"expires\" (default: drop them)\n"
	      "  --name NAME      table/set name (bird: NAME4/NAME6, default ROAS): letters,\n"
	      "                   digits and '_', starting with a letter\n"
	      "  --local-as ASN   AS for 'router bgp' (ios)\n"
	      "  --aspa           openbgpd: also an aspa-set (OpenBGPD 8.0 and later)\n",
	      f);
}

/* --name lands in router configuration (BIRD table names): an identifier
 * only, so it cannot break out of its statement. */
static int config_name_ok(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) || strlen(s) > 60)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* The time written into exports: SOURCE_DATE_EPOCH when set (reproducible
 * output, as Debian's builds and our fixtures use it), else now. */
static int64_t export_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (s && *s) {
		long long v = strtoll(s, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return (int64_t)time(NULL);
}

int rpki_export_main(int argc, char **argv)
{
	enum { OPT_FORMAT = 2000, OPT_NAME, OPT_LOCAL_AS, OPT_ASPA };
	/* twin of rpki validate's table: the shared options come from the RPKI_* macros */
	static const struct option lo[] = {
	    RPKI_VRPS_LONG_OPTION,
	    RPKI_COMMON_LONG_OPTIONS,
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"local-as", required_argument, NULL, OPT_LOCAL_AS},
	    {"aspa", no_argument, NULL, OPT_ASPA},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	struct rpki_opts o;
	struct rpki_out_opts oo = {.now = export_time()};
	const char *fmt = NULL, *out = NULL;
	int c, usage_rc;
	rpki_opts_start(&o);
	while ((c = rpki_next_opt(&o, argc, argv, "46o:f:vqh", lo, "export", &usage_rc)) != -1) {
		if (c == RPKI_OPT_FAILED)
			return usage_rc;
		struct err e;
		switch (c) {
		case '4':
		case '6':
			oo.family = c - '0';
			break;
		case 'o':
			out = optarg;
			break;
		case 'f':
		case OPT_FORMAT:
			fmt = optarg;
			break;
		case OPT_NAME:
			if (!config_name_ok(optarg))
				return cmd_usage_error(
				    "rpki",
				    "export: --name '%s': use letters, digits and "
				    "'_' (it becomes a router configuration name)",
				    optarg);
			oo.name = optarg;
			break;
		case OPT_ASPA:
			oo.aspa = 1;
			break;
		case OPT_LOCAL_AS:
			if (asn_parse(optarg, &oo.local_as, &e) < 0)
				return cmd_usage_error("rpki", "export: %s", e.msg);
			break;
		case 'h':
			export_usage(stdout);
			return EXIT_OK;
		default:
			export_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error("rpki", "export: unexpected argument '%s'", argv[optind]);
	if (o.json && !fmt)
		fmt = "json";
	const struct rpki_writer *w = fmt ? rpki_writer_find(fmt) : NULL;
	if (!w || (o.json && w != rpki_writer_find("json"))) {
		/* Guessing a router dialect would hand a router the wrong syntax. */
		if (!fmt)
			fprintf(stderr, "manrs rpki: export: give --format FMT (or --json)\n");
		else if (!w)
			fprintf(stderr, "manrs rpki: export: unknown format '%s'\n", fmt);
		else
			fprintf(stderr, "manrs rpki: export: --json conflicts with --format %s\n",
			        fmt);
		list_formats(stderr);
		return EXIT_USAGE;
	}
	struct rpki_set s;
	if (rpki_load_set(&o, &s) < 0)
		return EXIT_FINDINGS;
	/* Written beside the target and renamed (atomic_file), so a router
	 * never reads half a file; symlinks, FIFOs and devices are kept. */
	struct atomic_file af;
	struct err e = {0};
	if (atomic_file_open(&af, out ? out : "-", &e) < 0) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		rpki_set_free(&s);
		return EXIT_FINDINGS;
	}
	bool to_stdout = af.is_stdout;
	int rc = w->write(af.f, &s, &oo);
	if (rc < 0) {
		err_set(&e, "%s: write failed: %s", af.path, strerror(errno ? errno : EIO));
		atomic_file_abort(&af);
	} else
		rc = atomic_file_commit(&af, &e);
	if (rc < 0 && to_stdout)
		cmd_stdout_failed("rpki");
	else if (rc < 0)
		fprintf(stderr, "manrs rpki: %s\n", e.msg[0] ? e.msg : "write failed");
	rpki_set_free(&s);
	return rc < 0 ? EXIT_FINDINGS : EXIT_OK;
}
