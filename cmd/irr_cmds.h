/* SPDX-License-Identifier: ISC */
/* irr_cmds.h - entry points of the 'manrs irr' subcommands. */
#ifndef MANRS_IRR_CMDS_H
#define MANRS_IRR_CMDS_H

/* 'manrs irr filter' (cmd/irr_filter.c): argv[0] is "filter". */
int irr_filter_main(int argc, char **argv);

/* 'manrs irr serve' (cmd/irr_serve.c): argv[0] is "serve". */
int irr_serve_main(int argc, char **argv);

/* 'manrs irr load' (cmd/irr_serve.c): load and summarise RPSL files. */
int irr_load_main(int argc, char **argv);

#endif
