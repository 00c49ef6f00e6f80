/* rpki_cmds.h - shared parts of the 'manrs rpki' subcommands (cmd/rpki*.c). */
#ifndef MANRS_RPKI_CMDS_H
#define MANRS_RPKI_CMDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/prefix.h"
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
	int ignore_expires; /* --ignore-expires or MANRS_IGNORE_EXPIRES=1 */
};

/* getopt_long values of the shared long options. */
enum { OPT_VRPS = 1000, OPT_SLURM, OPT_JSON, OPT_IGNORE_EXPIRES };

/* Handle a shared option c: 0 when handled, -1 when not one of them, or a
 * usage exit code (> 0). Also takes 'v' and 'q'. */
int rpki_common_opt(struct rpki_opts *o, int c, const char *arg, const char *sub);

/* Load every --vrps source (or the default one), apply --slurm files and
 * finish the set. VRPs/ASPAs past their "expires" are dropped (noted on
 * stderr) unless --ignore-expires or MANRS_IGNORE_EXPIRES=1. Prints why and
 * returns -1 on failure. */
int rpki_load_set(const struct rpki_opts *o, struct rpki_set *s);

/* True when MANRS_IGNORE_EXPIRES is set (not empty, not "0"). */
int rpki_env_ignore_expires(void);

/* Monotonic seconds, for -v timings. */
double rpki_now(void);

/* Parse "64496 AS64497 {64498,64499}" (neighbor first) into path. Returns
 * the count or -1; an AS_SET sets *has_set (its members are kept). */
int rpki_parse_path(const char *str, uint32_t *path, size_t max, int *has_set);

/* Origin of a parsed path: its last AS, 0 ("NONE") when it ends in a set. */
uint32_t rpki_path_origin(const char *str, const uint32_t *path, int n);

/* A route's prefix as tools print it; host bits are cleared, not refused. */
int rpki_route_prefix(const char *s, struct prefix *p);

/* 'manrs rpki validate' (cmd/rpki_validate.c); argv[0] is "validate". */
int rpki_validate_main(int argc, char **argv);

/* 'manrs rpki export' (cmd/rpki_export.c); argv[0] is "export". */
int rpki_export_main(int argc, char **argv);

/* 'manrs rpki diff' (cmd/rpki_diff.c); argv[0] is "diff". */
int rpki_diff_main(int argc, char **argv);

#endif
