/* irr_serve.c - placeholder until the module lands. */
#include <stdio.h>

#include "cmd.h"
#include "irr_cmds.h"

int irr_serve_main(int argc, char **argv)
{
	fprintf(stderr, "manrs irr serve: not implemented yet\n");
	return EXIT_FINDINGS;
}

int irr_load_main(int argc, char **argv)
{
	fprintf(stderr, "manrs irr load: not implemented yet\n");
	return EXIT_FINDINGS;
}
