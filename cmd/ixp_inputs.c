/* SPDX-License-Identifier: ISC */
/* ixp_inputs.c - what 'manrs ixp generate' and 'manrs ixp check' both load:
 * the IXP description, RPSL dumps, VRPs/ASPAs and bogon lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ixp_cmds.h"

static int push(const char **v, int *n, const char *arg, const char *opt)
{
	if (*n == IXP_MAX_FILES)
		return cmd_usage_error("ixp", "at most %d %s files", IXP_MAX_FILES, opt), -1;
	v[(*n)++] = arg;
	return 1;
}

int ixp_input_opt(struct ixp_inputs *in, int c, const char *arg)
{
	switch (c) {
	case IXP_OPT_IRR:
		return push(in->irr, &in->nirr, arg, "--irr");
	case IXP_OPT_VRPS:
		return push(in->vrps, &in->nvrps, arg, "--vrps");
	case IXP_OPT_BOGONS:
		return push(in->bogon_files, &in->nbogon_files, arg, "--bogons");
	case IXP_OPT_IGNORE_EXPIRES:
		in->ignore_expires = true;
		return 1;
	case 'q':
		in->quiet = true;
		return 1;
	default:
		return 0;
	}
}

static void data_warn(const char *msg, void *ctx)
{
	struct ixp_inputs *in = ctx;
	in->warnings++;
	if (!in->quiet)
		fprintf(stderr, "manrs ixp: warning: %s\n", msg);
}

static void db_warn(const struct err *w, void *ctx)
{
	data_warn(w->msg, ctx);
}

static int load_irr(struct ixp_inputs *in, struct err *e)
{
	if (!(in->db = irr_db_new()))
		return err_set(e, "out of memory");
	irr_db_set_warn(in->db, db_warn, in);
	for (int i = 0; i < in->nirr; i++)
		if (irr_db_load_file(in->db, in->irr[i], NULL, e) < 0)
			return -1;
	return irr_db_finish(in->db, e);
}

static int load_rpki(struct ixp_inputs *in, struct err *e)
{
	rpki_set_init(&in->rpki);
	in->rpki.ignore_expires = in->ignore_expires;
	in->have_rpki = in->nvrps > 0;
	for (int i = 0; i < in->nvrps; i++)
		if (rpki_set_load_file(&in->rpki, in->vrps[i], e) < 0)
			return -1;
	rpki_set_finish(&in->rpki);
	return 0;
}

static int load_bogons(struct ixp_inputs *in, struct err *e)
{
	if (!(in->bogons = bogon_set_new(true, e)))
		return -1;
	for (int i = 0; i < in->nbogon_files; i++)
		if (bogon_set_load(in->bogons, in->bogon_files[i], e) < 0)
			return -1;
	return 0;
}

int ixp_inputs_load(struct ixp_inputs *in, const char *yaml)
{
	struct err e = {0};
	if (ixp_init(&in->x, &e) < 0 || ixp_load_yaml(&in->x, yaml, &e) < 0 ||
	    load_irr(in, &e) < 0 || load_rpki(in, &e) < 0 || load_bogons(in, &e) < 0 ||
	    ixp_data_build(&in->data, &in->x, in->db, in->have_rpki ? &in->rpki : NULL, data_warn,
	                   in, &e) < 0) {
		fprintf(stderr, "manrs ixp: %s\n", e.msg);
		return -1;
	}
	if (in->nirr == 0 && in->x.policy.irr != IXP_OFF && !in->quiet)
		fprintf(stderr, "manrs ixp: warning: no --irr database: members' sets hold only "
		                "their own ASN and no route objects\n");
	return 0;
}

void ixp_inputs_free(struct ixp_inputs *in)
{
	ixp_data_free(&in->data);
	irr_db_free(in->db);
	rpki_set_free(&in->rpki);
	bogon_set_free(in->bogons);
	ixp_free(&in->x);
}
