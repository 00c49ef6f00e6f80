/* SPDX-License-Identifier: ISC */
/* monitor.c - 'manrs monitor': BGPalerter-compatible route monitoring over
 * MRT update files and RIS Live JSON; dispatches 'generate' and 'alerts'. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "monitor_cmds.h"

/* Until the config and sinks branches are merged their entry points are
 * weak stubs here; the real (strong) definitions replace them at link time. */
__attribute__((weak)) int monitor_generate_main(int argc, char **argv)
{
	return cmd_usage_error("monitor generate", "not built into this manrs");
}

__attribute__((weak)) int monitor_alerts_main(int argc, char **argv)
{
	return cmd_usage_error("monitor alerts", "not built into this manrs");
}

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs monitor [OPTIONS] [INPUT...]\n"
	           "       manrs monitor generate [ARGS]   write a prefixes.yml\n"
	           "       manrs monitor alerts [ARGS]     list stored alerts\n");
}

int monitor_main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "generate"))
		return monitor_generate_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "alerts"))
		return monitor_alerts_main(argc - 1, argv + 1);
	if (cmd_wants_help(argc, argv)) {
		usage(stdout);
		return EXIT_OK;
	}
	usage(stderr);
	return EXIT_USAGE;
}
