/* mrt.c - 'manrs mrt' (placeholder until the module lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_mrt(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		printf("usage: manrs mrt ... (not yet implemented)\n");
		return EXIT_OK;
	}
	fprintf(stderr, "manrs mrt: not implemented yet\n");
	return EXIT_FINDINGS;
}
