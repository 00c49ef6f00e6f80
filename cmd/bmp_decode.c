/* SPDX-License-Identifier: ISC */
/* bmp_decode.c - 'manrs bmp decode' (placeholder, filled next). */
#include <stdio.h>

#include "bmp_cmds.h"
#include "cmd.h"

int bmp_decode_main(int argc, char **argv)
{
	fprintf(stderr, "manrs bmp decode: not implemented yet\n");
	return EXIT_USAGE;
}
