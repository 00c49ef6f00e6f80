/* SPDX-License-Identifier: ISC */
/* bmp_cmds.h - the 'manrs bmp' subcommands (cmd/bmp*.c). */
#ifndef MANRS_BMP_CMDS_H
#define MANRS_BMP_CMDS_H

/* 'manrs bmp decode' (cmd/bmp_decode.c); argv[0] is "decode". */
int bmp_decode_main(int argc, char **argv);

/* 'manrs bmp serve' (cmd/bmp_serve.c); argv[0] is "serve". */
int bmp_serve_main(int argc, char **argv);

#endif
