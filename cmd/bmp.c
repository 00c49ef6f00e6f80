/* SPDX-License-Identifier: ISC */
/* bmp.c - 'manrs bmp': the BMP collector (serve) and decoder (decode). */
#include <stdio.h>
#include <string.h>

#include "bmp_cmds.h"
#include "cmd.h"

static const struct command bmp_commands[] = {
    {"serve", bmp_serve_main, "collect BMP from routers: route tables, JSON, MRT archives"},
    {"decode", bmp_decode_main, "decode BMP messages from a pcap or raw BMP stream file"},
};
#define NBMP (sizeof bmp_commands / sizeof bmp_commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs bmp COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < NBMP; i++)
		fprintf(f, "  %-7s %s\n", bmp_commands[i].name, bmp_commands[i].summary);
	fprintf(f, "\n'manrs bmp COMMAND --help' for options; man manrs-bmp(1).\n");
}

int cmd_bmp(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < NBMP; i++)
		if (!strcmp(argv[1], bmp_commands[i].name))
			return bmp_commands[i].run(argc - 1, argv + 1);
	return cmd_usage_error("bmp", "unknown command '%s'", argv[1]);
}
