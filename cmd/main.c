/* SPDX-License-Identifier: ISC */
/* main.c - the manrs dispatcher: a table of subcommands, help and version. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "check_cmds.h"
#include "monitor_cmds.h"
#include "fetch_cmds.h"
#include "serve_cmd.h"
#include "core/log.h"

#ifndef MANRS_VERSION
#define MANRS_VERSION "0.1"
#endif

static const struct command commands[] = {
    {"bmp", cmd_bmp, "BMP collector: live routes from routers, MRT archives"},
    {"bogon", cmd_bogon, "check and export bogon prefixes and ASNs"},
    {"check", cmd_check, "MANRS readiness of an AS: metrics, status per action, fix list"},
    {"fetch", cmd_fetch, "keep data fresh: download VRPs, IRR, MRT, PeeringDB, as-rel; NRTM"},
    {"irr", cmd_irr, "IRR: RPSL database, bgpq4-compatible filters, whois server"},
    {"ixp", cmd_ixp, "IXP route servers: configurations, RIB check, PeeringDB import"},
    {"lab", cmd_lab, "generate a small synthetic internet for demos and tests"},
    {"monitor", monitor_main, "watch BGP for hijacks, leaks, RPKI-invalid routes (BGPalerter)"},
    {"mrt", cmd_mrt, "read MRT files: bgpdump-compatible dump, JSON, stats"},
    {"rpki", cmd_rpki, "RPKI: load VRPs/ASPAs, validate routes, export for routers"},
    {"rtr", cmd_rtr, "RTR cache server for routers (RFC 6810, 8210, 8210bis)"},
    {"sav", cmd_sav, "anti-spoofing: source filters per customer (uRPF, EFP-uRPF, BAR-SAV)"},
    {"serve", cmd_serve, "one daemon, one config: RTR, whois, BMP, monitor, API, dashboard"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs [--version] [--help] COMMAND [ARGS]\n\n"
	           "MANRS routing security toolkit: filtering, anti-spoofing, coordination\n"
	           "and global validation.\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'manrs help COMMAND' or 'manrs COMMAND --help' for details; man manrs(1).\n"
	           "Exit codes: 0 ok, 1 findings or failure, 2 usage error.\n");
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int cmd_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

static bool stdout_error_reported;

int cmd_stdout_failed(const char *name)
{
	int saved = errno;

	if (!stdout_error_reported)
		fprintf(stderr, "manrs%s%s: write error on standard output%s%s\n", *name ? " " : "",
		        name, saved ? ": " : "", saved ? strerror(saved) : "");
	stdout_error_reported = true;
	return EXIT_FINDINGS;
}

/* Every run ends here: data that did not reach standard output (a full
 * disk, /dev/full) fails the command with one message, whatever the
 * command returned. */
static int finish(const char *name, int rc)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	return cmd_stdout_failed(name);
}

int cmd_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "manrs %s: ", name);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n(see 'manrs help %s')\n", name);
	va_end(ap);
	return EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		printf("manrs %s\n", MANRS_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(name, "help")) {
		if (argc < 3) {
			usage(stdout);
			return EXIT_OK;
		}
		const struct command *c = find(argv[2]);
		if (!c) {
			fprintf(stderr, "manrs: unknown command '%s'\n", argv[2]);
			return EXIT_USAGE;
		}
		/* 'manrs help rpki diff' is 'manrs rpki diff --help'. */
		char *hargv[4] = {(char *)c->name, argc > 3 ? argv[3] : "--help", "--help", NULL};
		return c->run(argc > 3 ? 3 : 2, hargv);
	}
	const struct command *c = find(name);
	if (!c) {
		fprintf(stderr, "manrs: unknown command '%s'\n\n", name);
		usage(stderr);
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	log_init("manrs", LOG_LEVEL_WARN, 0);
	int rc = run(argc, argv);
	return finish(argc >= 2 && find(argv[1]) ? argv[1] : "", rc);
}
