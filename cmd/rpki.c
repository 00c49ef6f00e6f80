/* rpki.c - 'manrs rpki' (placeholder until the module lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_rpki(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		printf("usage: manrs rpki ... (not yet implemented)\n");
		return EXIT_OK;
	}
	fprintf(stderr, "manrs rpki: not implemented yet\n");
	return EXIT_FINDINGS;
}
