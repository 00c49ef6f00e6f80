/* SPDX-License-Identifier: ISC */
/* sav_cmds.h - the 'manrs sav' subcommands, one file each, and the inputs
 * they share (cmd/sav_inputs.c). */
#ifndef MANRS_SAV_CMDS_H
#define MANRS_SAV_CMDS_H

#include <stdbool.h>

#include "sav/sav.h"

/* 'manrs sav [filter] ...': compute and print filters (cmd/sav_filter.c). */
int sav_filter_main(int argc, char **argv);

/* 'manrs sav compare ...': methods side by side (cmd/sav_compare.c). */
int sav_compare_main(int argc, char **argv);

/* 'manrs sav scan FILE.pcap ...': spoofed sources in captures (cmd/sav_scan.c). */
int sav_scan_main(int argc, char **argv);

/* The input files both filter and compare take. */
struct sav_files {
	const char *config;
	const char *ribs[16];
	int nribs;
	const char *rpki;
	const char *irr_dbs[16];
	int nirr;
	const char *asrel;
	const char *sources;
};

/* Loaded inputs; owns everything in in. */
struct sav_loaded {
	struct sav_inputs in;
	struct sav_conf conf;
	struct sav_rib rib;
	struct rpki_set *rpki;
	struct irr_db *irr;
	struct as_rel *asrel;
	struct sav_derived derived; /* for the RIB, once */
};

/* Handle one of the shared long options (returns 1 when it was one, 0 when
 * not, -1 on a usage error already printed as "manrs sav CMD: ..."). */
int sav_files_option(struct sav_files *f, const char *cmd, int opt, const char *arg);

/* The getopt_long entries for the shared options (ids 1000 and up),
 * terminated by a zero entry; append your own before it. */
#define SAV_FILE_OPTIONS                                                                           \
	{"config", required_argument, NULL, 'c'}, {"rib", required_argument, NULL, 1000},          \
	    {"rpki", required_argument, NULL, 1001}, {"irr-db", required_argument, NULL, 1002},    \
	    {"as-rel", required_argument, NULL, 1003},                                             \
	{                                                                                          \
		"sources", required_argument, NULL, 'S'                                            \
	}

/* Load everything f names. Returns 0, or -1 after printing the error. */
int sav_load(struct sav_loaded *l, const struct sav_files *f, const char *cmd);

/* Free what sav_load loaded. */
void sav_loaded_free(struct sav_loaded *l);

#endif
