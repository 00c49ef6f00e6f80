/* SPDX-License-Identifier: ISC */
/* lab.c - build a lab world: run the stages in order on one random stream. */
#include "lab/lab.h"

#include "core/grow.h"

#include <stdlib.h>
#include <string.h>

void lab_opts_default(struct lab_opts *o)
{
	o->seed = LAB_DEFAULT_SEED;
	o->nases = LAB_DEFAULT_ASES;
	o->time = LAB_DEFAULT_TIME;
}

const char *lab_kind_name(enum lab_kind k)
{
	static const char *names[LAB_KIND_COUNT] = {
	    [LAB_ORIGIN_HIJACK] = "origin-hijack",
	    [LAB_SUBPREFIX_HIJACK] = "subprefix-hijack",
	    [LAB_ROUTE_LEAK] = "route-leak",
	    [LAB_BOGON_PREFIX] = "bogon-prefix",
	    [LAB_BOGON_ASN] = "bogon-asn",
	    [LAB_ROA_MISCONFIG] = "roa-misconfig",
	    [LAB_SQUAT] = "squat",
	    [LAB_PATH_ANOMALY] = "path-anomaly",
	    [LAB_OTC_LEAK] = "otc-leak",
	    [LAB_ASPA_LEAK] = "aspa-leak",
	    [LAB_VISIBILITY_LOSS] = "visibility-loss",
	};
	return (unsigned)k < LAB_KIND_COUNT ? names[k] : "?";
}

int lab_event_add(struct lab *lab, const struct lab_event *ev, struct err *e)
{
	struct lab_event *p = GROW(lab->ev, lab->capev, lab->nev + 1);
	if (!p)
		return err_set(e, "lab: out of memory");
	lab->ev = p;
	lab->ev[lab->nev] = *ev;
	lab->ev[lab->nev].seq = (uint32_t)lab->nev;
	lab->nev++;
	return 0;
}

int lab_build(struct lab *lab, const struct lab_opts *opts, struct err *e)
{
	memset(lab, 0, sizeof *lab);
	lab->opts = *opts;
	if (opts->nases < LAB_MIN_ASES || opts->nases > LAB_MAX_ASES)
		return err_set(e, "lab: --ases must be between %d and %d, not %u", LAB_MIN_ASES,
		               LAB_MAX_ASES, opts->nases);
	if (opts->time < LAB_MIN_TIME || opts->time > LAB_MAX_TIME)
		return err_set(e, "lab: time %u is outside %u..%u", opts->time, LAB_MIN_TIME,
		               LAB_MAX_TIME);
	lab_rand_seed(&lab->rng, opts->seed);
	static int (*const stages[])(struct lab *, struct err *) = {
	    lab_topo_build,     lab_addr_build,  lab_rpki_build,          lab_rib_build,
	    lab_incident_build, lab_churn_build, lab_incident_more_build,
	};
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
		if (stages[i](lab, e))
			return -1;
	return 0;
}

void lab_free(struct lab *lab)
{
	for (size_t i = 0; lab->as && i < lab->nas; i++) {
		free(lab->as[i].prov.v);
		free(lab->as[i].cust.v);
		free(lab->as[i].peer.v);
	}
	free(lab->as);
	free(lab->links);
	free(lab->routes);
	free(lab->roas);
	free(lab->rib);
	free(lab->rib_cls);
	free(lab->ev);
	memset(lab, 0, sizeof *lab);
}
