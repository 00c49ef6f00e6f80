/* SPDX-License-Identifier: ISC */
/* sav_inputs.c - load sav.yml, MRT RIBs, VRPs/ASPAs, RPSL and as-rel files
 * for 'manrs sav' and 'manrs sav compare'. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "detect/as_rel.h"
#include "irr/irr_db.h"
#include "rpki/rpki_set.h"
#include "sav_cmds.h"

int sav_files_option(struct sav_files *f, const char *cmd, int opt, const char *arg)
{
	switch (opt) {
	case 'c':
		f->config = arg;
		return 1;
	case 1000:
		if (f->nribs == 16) {
			cmd_usage_error(cmd, "at most 16 --rib files");
			return -1;
		}
		f->ribs[f->nribs++] = arg;
		return 1;
	case 1001:
		f->rpki = arg;
		return 1;
	case 1002:
		if (f->nirr == 16) {
			cmd_usage_error(cmd, "at most 16 --irr-db files");
			return -1;
		}
		f->irr_dbs[f->nirr++] = arg;
		return 1;
	case 1003:
		f->asrel = arg;
		return 1;
	case 'S':
		f->sources = arg;
		return 1;
	}
	return 0;
}

static int fail(const char *cmd, const struct err *e)
{
	fprintf(stderr, "manrs %s: %s\n", cmd, e->msg);
	return -1;
}

static void irr_warn(const struct err *w, void *ctx)
{
	(void)ctx;
	(void)w; /* counted by the db; malformed objects do not stop a filter */
}

static int load_irr(struct sav_loaded *l, const struct sav_files *f, const char *cmd)
{
	struct err e;
	if (!(l->irr = irr_db_new()))
		return err_set(&e, "out of memory"), fail(cmd, &e);
	irr_db_set_warn(l->irr, irr_warn, NULL);
	for (int i = 0; i < f->nirr; i++)
		if (irr_db_load_file(l->irr, f->irr_dbs[i], NULL, &e) < 0)
			return fail(cmd, &e);
	if (irr_db_finish(l->irr, &e) < 0)
		return fail(cmd, &e);
	l->in.irr = l->irr;
	return 0;
}

/* Neighbours whose relation the config left out take CAIDA's, when it
 * knows the link (RFC 8704 needs customer, lateral peer or provider). */
static void relations_from_asrel(struct sav_loaded *l)
{
	for (size_t i = 0; i < l->conf.n; i++) {
		struct sav_neighbor *nb = &l->conf.nb[i];
		if (nb->rel_given)
			continue;
		switch (as_rel_get(l->asrel, l->conf.asn, nb->asn)) {
		case AS_REL_P2C:
			nb->rel = SAV_REL_CUSTOMER;
			break;
		case AS_REL_P2P:
			nb->rel = SAV_REL_PEER;
			break;
		case AS_REL_C2P:
			nb->rel = SAV_REL_PROVIDER;
			break;
		default:
			break;
		}
	}
}

static int load_rest(struct sav_loaded *l, const struct sav_files *f, const char *cmd)
{
	struct err e;
	for (int i = 0; i < f->nribs; i++) {
		unsigned long skipped = l->rib.skipped;
		long n = sav_rib_load_mrt(&l->rib, f->ribs[i], &e);
		if (n < 0)
			return fail(cmd, &e);
		if (l->rib.skipped > skipped)
			fprintf(
			    stderr,
			    "manrs %s: %s: %lu elements that are no RIB entries (updates, state "
			    "changes) ignored: --rib wants TABLE_DUMP_V2 / TABLE_DUMP dumps\n",
			    cmd, f->ribs[i], l->rib.skipped - skipped);
		if (n == 0) {
			err_set(&e, "%s: no RIB entries", f->ribs[i]);
			return fail(cmd, &e);
		}
		l->in.rib = &l->rib;
	}
	if (f->rpki) {
		if (!(l->rpki = malloc(sizeof *l->rpki)))
			return err_set(&e, "out of memory"), fail(cmd, &e);
		rpki_set_init(l->rpki);
		if (rpki_set_load_file(l->rpki, f->rpki, &e) < 0)
			return fail(cmd, &e);
		rpki_set_finish(l->rpki);
		l->in.rpki = l->rpki;
	}
	if (f->nirr && load_irr(l, f, cmd) < 0)
		return -1;
	if (f->asrel) {
		if (!(l->asrel = as_rel_new(&e)) || as_rel_load(l->asrel, f->asrel, &e) < 0)
			return fail(cmd, &e);
		l->in.asrel = l->asrel;
		relations_from_asrel(l);
	}
	if (l->in.rib) {
		if (sav_derive(&l->in, &l->derived, &e) < 0)
			return fail(cmd, &e);
		l->in.derived = &l->derived;
	}
	return 0;
}

int sav_load(struct sav_loaded *l, const struct sav_files *f, const char *cmd)
{
	struct err e;
	memset(l, 0, sizeof *l);
	if (!f->config) {
		cmd_usage_error(cmd, "--config sav.yml is required");
		return -2;
	}
	if (sav_conf_load(&l->conf, f->config, &e) < 0)
		return fail(cmd, &e);
	l->in.conf = &l->conf;
	l->in.irr_sources = f->sources;
	return load_rest(l, f, cmd);
}

void sav_loaded_free(struct sav_loaded *l)
{
	sav_conf_free(&l->conf);
	sav_rib_free(&l->rib);
	if (l->rpki) {
		rpki_set_free(l->rpki);
		free(l->rpki);
	}
	irr_db_free(l->irr);
	as_rel_free(l->asrel);
	sav_derived_free(&l->derived);
	memset(l, 0, sizeof *l);
}
