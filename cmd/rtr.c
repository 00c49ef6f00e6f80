/* rtr.c - 'manrs rtr' (placeholder until the module lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_rtr(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		printf("usage: manrs rtr ... (not yet implemented)\n");
		return EXIT_OK;
	}
	fprintf(stderr, "manrs rtr: not implemented yet\n");
	return EXIT_FINDINGS;
}
