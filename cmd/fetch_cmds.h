/* SPDX-License-Identifier: ISC */
/* fetch_cmds.h - 'manrs fetch' and its nrtm subcommand. */
#ifndef MANRS_FETCH_CMDS_H
#define MANRS_FETCH_CMDS_H

/* manrs fetch [--config F | --url URL --out FILE --kind K] ... */
int cmd_fetch(int argc, char **argv);

/* manrs fetch nrtm HOST:PORT SOURCE --db FILE ... */
int fetch_nrtm_main(int argc, char **argv);

#endif
