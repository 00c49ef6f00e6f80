/* SPDX-License-Identifier: ISC */
/* sav_scan.c - placeholder for 'manrs sav scan' (built in its own branch). */
#include <stdio.h>

#include "sav_cmds.h"

int sav_scan_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "manrs sav scan: not implemented\n");
	return 2;
}
