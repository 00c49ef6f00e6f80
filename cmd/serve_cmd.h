/* SPDX-License-Identifier: ISC */
/* serve_cmd.h - 'manrs serve' (cmd/serve.c). */
#ifndef MANRS_SERVE_CMD_H
#define MANRS_SERVE_CMD_H

int cmd_serve(int argc, char **argv);

#endif
