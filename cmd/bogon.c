/* bogon.c - 'manrs bogon' (placeholder until the module lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_bogon(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		printf("usage: manrs bogon ... (not yet implemented)\n");
		return EXIT_OK;
	}
	fprintf(stderr, "manrs bogon: not implemented yet\n");
	return EXIT_FINDINGS;
}
