/* SPDX-License-Identifier: ISC */
/* bmp_serve.c - 'manrs bmp serve' (placeholder: the collector is built on
 * branch h/bmpserve, which replaces this file). */
#include <stdio.h>

#include "bmp_cmds.h"
#include "cmd.h"

int bmp_serve_main(int argc, char **argv)
{
	fprintf(stderr, "manrs bmp serve: not implemented\n");
	return EXIT_USAGE;
}
