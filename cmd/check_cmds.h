/* SPDX-License-Identifier: ISC */
/* check_cmds.h - entry point of 'manrs check' (cmd/check.c). */
#ifndef MANRS_CHECK_CMDS_H
#define MANRS_CHECK_CMDS_H

int cmd_check(int argc, char **argv);

#endif
