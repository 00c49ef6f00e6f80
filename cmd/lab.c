/* lab.c - 'manrs lab' (placeholder until the module lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_lab(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		printf("usage: manrs lab ... (not yet implemented)\n");
		return EXIT_OK;
	}
	fprintf(stderr, "manrs lab: not implemented yet\n");
	return EXIT_FINDINGS;
}
