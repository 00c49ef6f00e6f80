/* SPDX-License-Identifier: ISC */
/* sav_irr.c - method irr: the customer's AS-SET (or AS number) expanded
 * against the local RPSL database with bgpq4's rules (lib/irr), so the list
 * is what `bgpq4 -4 AS-SET` and `-6` would print, before aggregation. */
#include <stdio.h>

#include "core/prefix.h"
#include "irr/filter_expand.h"
#include "sav/sav_internal.h"

static void warn_stderr(const char *msg, void *ctx)
{
	fprintf(stderr, "manrs sav: irr %s: %s\n", (const char *)ctx, msg);
}

struct collect {
	struct sav_plist *out;
	int failed;
};

static void collect_entry(const struct agg_entry *en, void *ctx)
{
	struct collect *c = ctx;
	if (sav_plist_add(c->out, en->p) < 0)
		c->failed = 1;
}

static int expand_family(const struct sav_inputs *in, const char *object, int family,
                         struct sav_plist *out, struct err *e)
{
	struct filter_req req = {.family = family,
	                         .maxlen = family == 4 ? 32 : 128,
	                         .prefixes = true,
	                         .pipelining = true,
	                         .sources = in->irr_sources};
	struct filter_job j;
	if (filter_job_init(&j, &req, warn_stderr, (void *)object) < 0)
		return err_set(e, "out of memory");
	int rc = filter_job_add(&j, object, e);
	if (rc == 0)
		rc = filter_run_local(&j, in->irr, e);
	if (rc == 0 && j.incomplete)
		rc = err_set(e,
		             "irr: the expansion of %s was cut short (%u sets); "
		             "the filter would miss members",
		             object, j.incomplete);
	struct collect c = {.out = out};
	if (rc == 0) {
		agg_foreach(&j.tree, true, collect_entry, &c);
		if (c.failed)
			rc = err_set(e, "out of memory");
	}
	filter_job_free(&j);
	return rc;
}

int sav_method_irr(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e)
{
	const struct sav_neighbor *n = &in->conf->nb[nb];
	char asn[ASN_STRLEN];
	const char *object = n->as_set ? n->as_set : asn_format(n->asn, asn, sizeof asn);
	if (expand_family(in, object, 4, out, e) < 0)
		return -1;
	return expand_family(in, object, 6, out, e);
}
