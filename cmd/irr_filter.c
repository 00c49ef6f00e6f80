/* irr_filter.c - placeholder until the module lands. */
#include <stdio.h>

#include "cmd.h"
#include "irr_cmds.h"

int irr_filter_main(int argc, char **argv)
{
	fprintf(stderr, "manrs irr filter: not implemented yet\n");
	return EXIT_FINDINGS;
}
