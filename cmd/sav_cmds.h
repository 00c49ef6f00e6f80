/* SPDX-License-Identifier: ISC */
/* sav_cmds.h - TEMPORARY (h/scan): replaced by h/sav's at merge. */
#ifndef MANRS_SAV_CMDS_H
#define MANRS_SAV_CMDS_H

/* 'manrs sav scan' (cmd/sav_scan.c); argv[0] is "scan". */
int sav_scan_main(int argc, char **argv);

#endif
