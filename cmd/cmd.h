/* SPDX-License-Identifier: ISC */
/* cmd.h - the subcommand table shared by cmd/main.c and each cmd/ file. */
#ifndef MANRS_CMD_H
#define MANRS_CMD_H

#include <stdio.h>

/* Exit codes every subcommand uses. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* A subcommand: argv[0] is the subcommand name. Returns an exit code. */
struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* One entry point per cmd/ file, listed in cmd/main.c's table. */
int cmd_bmp(int argc, char **argv);
int cmd_bogon(int argc, char **argv);
int cmd_lab(int argc, char **argv);
int cmd_mrt(int argc, char **argv);
int cmd_rpki(int argc, char **argv);
int cmd_rtr(int argc, char **argv);
int cmd_irr(int argc, char **argv);
int cmd_ixp(int argc, char **argv);
int cmd_sav(int argc, char **argv);

/* True when argv[1..] asks for help (-h / --help); used by every command. */
int cmd_wants_help(int argc, char **argv);

/* Report a write error on standard output ("manrs NAME: write error on
 * standard output: REASON"), at most once per run: main() checks stdout
 * after every command and stays quiet when this was called. Returns
 * EXIT_FINDINGS. */
int cmd_stdout_failed(const char *name);

/* Print "manrs NAME: msg" to stderr and return EXIT_USAGE. */
int cmd_usage_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
