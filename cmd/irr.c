/* irr.c - 'manrs irr' (placeholder until the module lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_irr(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		printf("usage: manrs irr ... (not yet implemented)\n");
		return EXIT_OK;
	}
	fprintf(stderr, "manrs irr: not implemented yet\n");
	return EXIT_FINDINGS;
}
