/* SPDX-License-Identifier: ISC */
/* ixp_cmds.h - 'manrs ixp' subcommands (cmd/ixp*.c) and what they share. */
#ifndef MANRS_IXP_CMDS_H
#define MANRS_IXP_CMDS_H

#include <stdbool.h>

#include "irr/irr_db.h"
#include "ixp/ixp.h"
#include "ixp/ixp_data.h"
#include "policy/bogon.h"
#include "rpki/rpki_set.h"

#define IXP_MAX_FILES 32

/* Inputs every subcommand that evaluates the policy loads. */
struct ixp_inputs {
	const char *irr[IXP_MAX_FILES];
	int nirr;
	const char *vrps[IXP_MAX_FILES];
	int nvrps;
	const char *bogon_files[IXP_MAX_FILES];
	int nbogon_files;
	bool ignore_expires;
	bool quiet;
	/* loaded */
	struct ixp x;
	struct irr_db *db;
	struct rpki_set rpki;
	bool have_rpki;
	struct bogon_set *bogons;
	struct ixp_data data;
	unsigned long warnings;
};

/* Take one input option (--irr, --vrps, --bogons, --ignore-expires, -q);
 * returns 1 when c was one, 0 when not, -1 on a usage error (printed). */
int ixp_input_opt(struct ixp_inputs *in, int c, const char *arg);

/* The getopt_long entries for ixp_input_opt. */
#define IXP_OPT_IRR 3000
#define IXP_OPT_VRPS 3001
#define IXP_OPT_BOGONS 3002
#define IXP_OPT_IGNORE_EXPIRES 3003
#define IXP_INPUT_LONG_OPTIONS                                                                     \
	{"irr", required_argument, NULL, IXP_OPT_IRR},                                             \
	    {"vrps", required_argument, NULL, IXP_OPT_VRPS},                                       \
	    {"bogons", required_argument, NULL, IXP_OPT_BOGONS},                                   \
	    {"ignore-expires", no_argument, NULL, IXP_OPT_IGNORE_EXPIRES},                         \
	{                                                                                          \
		"quiet", no_argument, NULL, 'q'                                                    \
	}

/* Load the IXP description and every input, expand the members' AS-SETs.
 * Messages go to stderr. Returns 0 or -1. */
int ixp_inputs_load(struct ixp_inputs *in, const char *yaml);

/* Free everything loaded. */
void ixp_inputs_free(struct ixp_inputs *in);

int ixp_generate_main(int argc, char **argv);
int ixp_check_main(int argc, char **argv);
int ixp_import_main(int argc, char **argv);

#endif
