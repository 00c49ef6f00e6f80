/* SPDX-License-Identifier: ISC */
/* rpki_cmds.h - shared parts of the 'manrs rpki' subcommands (cmd/rpki*.c). */
#ifndef MANRS_RPKI_CMDS_H
#define MANRS_RPKI_CMDS_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "core/json_writer.h"
#include "core/prefix.h"
#include "rpki/aspa.h"
#include "rpki/rpki_set.h"

#define RPKI_MAX_SOURCES 64
#define RPKI_MAX_PATH 1024

/* Options every rpki subcommand shares. */
struct rpki_opts {
	const char *vrps[RPKI_MAX_SOURCES];
	int nvrps;
	const char *slurm[RPKI_MAX_SOURCES];
	int nslurm;
	int json, verbose, quiet;
	int ignore_expires;              /* --ignore-expires or MANRS_IGNORE_EXPIRES=1 */
	struct slurm_stats *slurm_stats; /* record the SLURM rules here, NULL none */
};

/* getopt_long values of the shared long options. */
enum { OPT_VRPS = 1000, OPT_SLURM, OPT_JSON, OPT_IGNORE_EXPIRES };

/* getopt_long entries of the options every subcommand takes (--vrps, which
 * 'diff' does not take, is separate). */
#define RPKI_VRPS_LONG_OPTION                                                                      \
	{                                                                                          \
		"vrps", required_argument, NULL, OPT_VRPS                                          \
	}
#define RPKI_COMMON_LONG_OPTIONS                                                                   \
	{"slurm", required_argument, NULL, OPT_SLURM}, {"json", no_argument, NULL, OPT_JSON},      \
	    {"ignore-expires", no_argument, NULL, OPT_IGNORE_EXPIRES},                             \
	    {"verbose", no_argument, NULL, 'v'}, {"quiet", no_argument, NULL, 'q'},                \
	{                                                                                          \
		"help", no_argument, NULL, 'h'                                                     \
	}

/* rpki_next_opt's value after a bad shared option. */
#define RPKI_OPT_FAILED (-2)

/* Clear o and restart getopt for a subcommand's argv. */
void rpki_opts_start(struct rpki_opts *o);

/* getopt_long over argv that takes the shared options (and 'v', 'q') into
 * o itself. Returns the next option that is the subcommand's own, -1 at
 * the end, or RPKI_OPT_FAILED after a usage error (reported; *exit_code
 * holds the exit code). */
int rpki_next_opt(struct rpki_opts *o, int argc, char **argv, const char *shortopts,
                  const struct option *longopts, const char *sub, int *exit_code);

/* Load every --vrps source (or the default one), apply --slurm files and
 * finish the set. VRPs/ASPAs past their "expires" are dropped (noted on
 * stderr) unless --ignore-expires or MANRS_IGNORE_EXPIRES=1. Prints why and
 * returns -1 on failure. */
int rpki_load_set(const struct rpki_opts *o, struct rpki_set *s);

/* True when MANRS_IGNORE_EXPIRES is set (not empty, not "0"). */
int rpki_env_ignore_expires(void);

/* A VRP as {"prefix":..,"maxLength":..,"asn":..,"ta":..} (ta from s). */
void rpki_vrp_json(struct json_writer *w, const struct rpki_set *s, const struct vrp *v);

/* Monotonic seconds, for -v timings. */
double rpki_now(void);

/* Parse "64496 AS64497 {64498,64499}" (neighbor first) into path. Returns
 * the count or -1; an AS_SET sets *has_set (its members are kept). */
int rpki_parse_path(const char *str, uint32_t *path, size_t max, int *has_set);

/* Origin of a parsed path: its last AS, 0 ("NONE") when it ends in a set. */
uint32_t rpki_path_origin(const char *str, const uint32_t *path, int n);

/* A route's prefix as tools print it; host bits are cleared, not refused. */
int rpki_route_prefix(const char *s, struct prefix *p);

/* The BGP peer a bulk route came from (bgpdump -m fields 4-5, MRT). */
struct route_peer {
	uint8_t family; /* 4 or 6 */
	uint8_t addr[16];
	uint32_t asn;
};

/* Routes grouped by (prefix, origin) for 'rpki validate --unique'
 * (cmd/rpki_unique.c). */
struct unique_group {
	struct prefix prefix;
	uint32_t origin;
	unsigned long routes, peers; /* routes seen, distinct peers among them */
	uint32_t *path;              /* first AS path seen, NULL when none */
	int npath;                   /* -1 when no path was given */
	int aspa_checked;            /* ASPA was verified: aspa holds the state */
	enum aspa_state aspa;        /* ASPA state of the first path */
};

struct rpki_unique;

/* An empty grouping, or NULL when out of memory. */
struct rpki_unique *rpki_unique_new(void);

/* Count one route (peer may be NULL, path NULL when not known; aspa is its
 * state when aspa_checked). Returns 0, or -1 when out of memory. */
int rpki_unique_add(struct rpki_unique *u, const struct prefix *p, uint32_t origin,
                    const struct route_peer *peer, const uint32_t *path, int npath,
                    int aspa_checked, enum aspa_state aspa);

/* The groups in the order first seen; returns how many. */
size_t rpki_unique_groups(const struct rpki_unique *u, const struct unique_group **out);

/* Free u and its groups; NULL is allowed. */
void rpki_unique_free(struct rpki_unique *u);

/* 'manrs rpki validate' (cmd/rpki_validate.c); argv[0] is "validate". */
int rpki_validate_main(int argc, char **argv);

/* 'manrs rpki export' (cmd/rpki_export.c); argv[0] is "export". */
int rpki_export_main(int argc, char **argv);

/* 'manrs rpki diff' (cmd/rpki_diff.c); argv[0] is "diff". */
int rpki_diff_main(int argc, char **argv);

#endif
