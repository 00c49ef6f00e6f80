/* SPDX-License-Identifier: ISC */
/* lab_yml.c - prefixes.yml in BGPalerter's format for the ASes the planted
 * incidents touch, so `manrs monitor` (or BGPalerter) can watch the lab.
 *
 * Monitored: the victim of each hijack, squat and ROA mistake, the origin
 * of each leaked, prepended or withdrawn prefix. Every route of those ASes
 * is listed (so their own announcements raise nothing), plus the squatted
 * space under its holder, with the path rule the path anomaly breaks; the
 * same ASes go in options.monitorASns. */
#include <stdlib.h>

#include "lab/lab_write.h"

/* The AS index an incident puts under watch, or -1. */
static int watched_as(const struct lab *lab, const struct lab_incident *in)
{
	switch (in->kind) {
	case LAB_ORIGIN_HIJACK:
	case LAB_SUBPREFIX_HIJACK:
	case LAB_ROA_MISCONFIG:
	case LAB_SQUAT:
		return lab_find_as(lab, in->victim);
	case LAB_ROUTE_LEAK:
	case LAB_OTC_LEAK:
	case LAB_ASPA_LEAK:
	case LAB_PATH_ANOMALY:
	case LAB_VISIBILITY_LOSS:
		return lab_find_as(lab, in->origin);
	default:
		return -1; /* bogons: watched everywhere anyway */
	}
}

static void entry(FILE *f, const struct prefix *p, uint32_t asn, const char *what)
{
	char buf[PREFIX_STRLEN];
	fprintf(f,
	        "%s:\n"
	        "  description: AS%u %s\n"
	        "  asn:\n"
	        "    - %u\n"
	        "  ignoreMorespecifics: false\n"
	        "  ignore: false\n"
	        "  group: lab\n",
	        prefix_format(p, buf, sizeof buf), asn, what, asn);
}

static const struct lab_incident *incident_on(const struct lab *lab, enum lab_kind k,
                                              const struct prefix *p)
{
	for (size_t i = 0; i < lab->ninc; i++)
		if (lab->inc[i].kind == k && prefix_equal(&lab->inc[i].pfx, p))
			return &lab->inc[i];
	return NULL;
}

int lab_write_prefixes_yml(const struct lab *lab, FILE *f, struct err *e)
{
	bool *watch = calloc(lab->nas ? lab->nas : 1, sizeof *watch);
	if (!watch)
		return err_set(e, "lab: out of memory");
	for (size_t i = 0; i < lab->ninc; i++) {
		int a = watched_as(lab, &lab->inc[i]);
		if (a >= 0)
			watch[a] = true;
	}
	fprintf(f,
	        "# manrs lab: BGPalerter prefixes.yml for the ASes the planted incidents touch\n"
	        "# (seed %llu). Their every route is listed; see incidents.json.\n",
	        (unsigned long long)lab->opts.seed);
	for (size_t r = 0; r < lab->nroutes; r++) {
		const struct lab_route *rt = &lab->routes[r];
		if (!watch[rt->origin])
			continue;
		uint32_t asn = lab->as[rt->origin].asn;
		entry(f, &rt->pfx, asn, "route");
		const struct lab_incident *pa = incident_on(lab, LAB_PATH_ANOMALY, &rt->pfx);
		if (pa)
			fprintf(f,
			        "  path:\n"
			        "    - maxLength: %u\n"
			        "      matchDescription: longer than the lab ever routes it\n",
			        pa->rule_maxlen);
	}
	for (size_t i = 0; i < lab->ninc; i++)
		if (lab->inc[i].kind == LAB_SQUAT)
			entry(f, &lab->inc[i].pfx, lab->inc[i].victim, "space, not announced");
	fputs("options:\n  monitorASns:\n", f);
	for (size_t a = 0; a < lab->nas; a++)
		if (watch[a])
			fprintf(f, "    '%u':\n      group: lab\n", lab->as[a].asn);
	free(watch);
	return 0;
}

/* BGPalerter's defaults are for RIS's hundreds of peers: here one peer is
 * evidence enough of a hijack, and a prefix is lost when every collector
 * peer withdrew it. The list is what runs (BGPalerter's rule); leak, bogon
 * and moas are manrs's own and run whenever their data is given. */
int lab_write_config_yml(const struct lab *lab, FILE *f, struct err *e)
{
	fprintf(f,
	        "# manrs lab: BGPalerter config.yml (its monitors: section) for a collector\n"
	        "# of %zu peers (seed %llu).\n"
	        "monitors:\n"
	        "  - file: monitorHijack\n"
	        "    channel: hijack\n"
	        "    name: basic-hijack-detection\n"
	        "    params:\n"
	        "      thresholdMinPeers: 1\n"
	        "  - file: monitorVisibility\n"
	        "    channel: visibility\n"
	        "    name: withdrawal-detection\n"
	        "    params:\n"
	        "      thresholdMinPeers: %zu\n"
	        "  - file: monitorPath\n"
	        "    channel: path\n"
	        "    name: path-matching\n"
	        "  - file: monitorRPKI\n"
	        "    channel: rpki\n"
	        "    name: rpki-monitor\n"
	        "  - file: monitorPathNeighbors\n"
	        "    channel: path-neighbors\n"
	        "    name: path-neighbors\n"
	        "  - file: monitorROAS\n"
	        "    channel: roa\n"
	        "    name: rpki-diff\n",
	        lab->npeers, (unsigned long long)lab->opts.seed, lab->npeers ? lab->npeers : 1);
	return 0;
}
