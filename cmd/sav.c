/* SPDX-License-Identifier: ISC */
/* sav.c - TEMPORARY (h/scan): dispatches only 'scan'; replaced by h/sav's
 * cmd/sav.c at merge. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "sav_cmds.h"

int cmd_sav(int argc, char **argv);

int cmd_sav(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "scan"))
		return sav_scan_main(argc - 1, argv + 1);
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout, "usage: manrs sav scan [ARGS]\n");
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	return cmd_usage_error("sav", "unknown command '%s'", argv[1]);
}
