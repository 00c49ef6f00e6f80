/* SPDX-License-Identifier: ISC */
/* sav.c - 'manrs sav': anti-spoofing filters (the default, also 'filter'),
 * 'compare' and 'scan', each in its own file. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "sav_cmds.h"

static const struct command sav_commands[] = {
    {"filter", sav_filter_main, "allowed source prefixes per customer, as router filters"},
    {"compare", sav_compare_main, "each method's false positives and spoofable space"},
    {"scan", sav_scan_main, "count spoofed sources in a pcap by ingress"},
};

int cmd_sav(int argc, char **argv)
{
	if (argc >= 2)
		for (size_t i = 0; i < sizeof sav_commands / sizeof sav_commands[0]; i++)
			if (!strcmp(argv[1], sav_commands[i].name))
				return sav_commands[i].run(argc - 1, argv + 1);
	/* 'manrs sav --config ...' is 'manrs sav filter --config ...' */
	return sav_filter_main(argc, argv);
}
