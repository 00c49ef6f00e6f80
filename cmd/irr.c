/* SPDX-License-Identifier: ISC */
/* irr.c - 'manrs irr': dispatch to the filter (bgpq4-compatible) and serve
 * (IRRd-compatible whois) subcommands, each in its own file. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "irr_cmds.h"

static const struct command irr_commands[] = {
    {"filter", irr_filter_main, "build prefix/AS-path filters from IRR data (bgpq4 flags)"},
    {"serve", irr_serve_main, "serve RPSL dumps with the IRRd whois query language"},
    {"load", irr_load_main, "load RPSL files and print counts (and warnings)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs irr COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof irr_commands / sizeof irr_commands[0]; i++)
		fprintf(f, "  %-7s %s\n", irr_commands[i].name, irr_commands[i].summary);
}

int cmd_irr(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < sizeof irr_commands / sizeof irr_commands[0]; i++)
		if (!strcmp(argv[1], irr_commands[i].name))
			return irr_commands[i].run(argc - 1, argv + 1);
	return cmd_usage_error("irr", "unknown command '%s'", argv[1]);
}
