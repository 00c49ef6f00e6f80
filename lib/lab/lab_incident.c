/* SPDX-License-Identifier: ISC */
/* lab_incident.c - plant the incidents the demo and the detectors look for.
 *
 * Each incident is chosen at random but kept only when the collector would
 * really see it (propagation is computed, not assumed), so incidents.json
 * lists the exact paths each collector peer shows and every one of them is
 * in updates.mrt (or, for the ROA misconfiguration, in rib.mrt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "lab/lab_incident.h"
#include "lab/lab_route.h"
#include "lab/lab_truth.h"

#define TRIES 400

/* Offsets from the RIB time at which incidents start and end. */
enum {
	T_ORIGIN = 180,
	T_ORIGIN_END = 480,
	T_SUB = 300,
	T_SUB_END = 540,
	T_LEAK = 420,
	T_LEAK_END = 600,
	T_BOGON = 540,
	T_BOGON_END = 660,
	T_BOGON_ASN = 630,
};

struct plan {
	struct lab *lab;
	struct lab_rt *rt;
	struct lab_rt *base; /* the legitimate state, for restoring routes */
};

static int random_as(struct lab *lab, uint8_t tier)
{
	size_t lo = tier == LAB_STUB ? lab->ntier1 + lab->ntransit : lab->ntier1;
	size_t hi = tier == LAB_STUB ? lab->nas : lab->ntier1 + lab->ntransit;
	return (int)(lo + lab_rand_below(&lab->rng, (uint32_t)(hi - lo)));
}

/* A random legitimate IPv4 route of AS i, or -1. */
static long random_route4(struct lab *lab, int i)
{
	long found[8];
	size_t n = 0;
	for (size_t r = 0; r < lab->nroutes && n < 8; r++)
		if (lab->routes[r].origin == i && lab->routes[r].pfx.family == 4)
			found[n++] = (long)r;
	return n ? found[lab_rand_below(&lab->rng, (uint32_t)n)] : -1;
}

static bool is_routed(const struct lab *lab, const struct prefix *p)
{
	for (size_t r = 0; r < lab->nroutes; r++)
		if (prefix_equal(&lab->routes[r].pfx, p))
			return true;
	return false;
}

static struct lab_incident *new_incident(struct lab *lab, enum lab_kind kind,
                                         const struct prefix *p, uint32_t origin)
{
	struct lab_incident *inc = &lab->inc[lab->ninc++];
	memset(inc, 0, sizeof *inc);
	inc->kind = kind;
	inc->pfx = *p;
	inc->origin = origin;
	inc->actor = origin;
	return inc;
}

/* Record the peers whose best path satisfies keep() as sightings. */
static size_t collect(struct lab *lab, struct lab_incident *inc, const struct lab_rt *rt,
                      const struct lab_seed *seeds,
                      bool (*keep)(const struct lab_path *, const void *), const void *arg)
{
	inc->nseen = 0;
	for (size_t k = 0; k < lab->npeers; k++) {
		struct lab_sighting *s = &inc->seen[inc->nseen];
		if (!lab_route_path(lab, rt, seeds, lab->peers[k].as, &s->path))
			continue;
		if (keep && !keep(&s->path, arg))
			continue;
		s->peer = (int)k;
		inc->nseen++;
	}
	return inc->nseen;
}

static bool ends_with(const struct lab_path *p, const void *arg)
{
	return p->len && p->as[p->len - 1] == *(const uint32_t *)arg;
}

/* Does the path go ... C, P1 ... (the leaked segment)? */
static bool through(const struct lab_path *p, const void *arg)
{
	const uint32_t *pair = arg;
	for (size_t i = 0; i + 1 < p->len; i++)
		if (p->as[i] == pair[0] && p->as[i + 1] == pair[1])
			return true;
	return false;
}

/* Queue the announcement of every sighting at start, spread over a few
 * seconds per peer as propagation would, and what happens at the end:
 * a withdrawal, or the legitimate route coming back (rib_route >= 0). */
static int queue(struct lab *lab, const struct lab_incident *inc, int idx, long rib_route,
                 const struct lab_rt *rt, struct err *e)
{
	for (size_t k = 0; k < inc->nseen; k++) {
		const struct lab_sighting *s = &inc->seen[k];
		struct lab_event ev = {.time = inc->start + lab_rand_below(&lab->rng, 20),
		                       .peer = s->peer,
		                       .type = LAB_EV_ANNOUNCE,
		                       .cls = rt[lab->peers[s->peer].as].cls,
		                       .incident = idx,
		                       .pfx = inc->pfx,
		                       .path = s->path};
		if (lab_event_add(lab, &ev, e))
			return -1;
		if (!inc->end)
			continue;
		ev.time = inc->end + lab_rand_below(&lab->rng, 20);
		if (rib_route >= 0) {
			size_t slot = (size_t)rib_route * lab->npeers + (size_t)s->peer;
			ev.path = lab->rib[slot];
			ev.cls = lab->rib_cls[slot];
		} else {
			ev.type = LAB_EV_WITHDRAW;
			ev.path.len = 0;
		}
		if (lab_event_add(lab, &ev, e))
			return -1;
	}
	return 0;
}

static int plant_misconfig(struct lab *lab)
{
	for (size_t r = 0; r < lab->nroutes; r++) {
		struct lab_route *rt = &lab->routes[r];
		uint32_t asn = lab->as[rt->origin].asn;
		if (lab_truth_rov(lab, &rt->pfx, asn) != LAB_ROV_INVALID)
			continue;
		struct lab_incident *inc = new_incident(lab, LAB_ROA_MISCONFIG, &rt->pfx, asn);
		inc->victim = asn;
		rt->irr = true; /* a careful operator: IRR right, only the ROA wrong */
		inc->start = lab->opts.time - 86400;
		for (size_t k = 0; k < lab->npeers; k++) {
			const struct lab_path *p = &lab->rib[r * lab->npeers + k];
			if (p->len)
				inc->seen[inc->nseen++] =
				    (struct lab_sighting){.peer = (int)k, .path = *p};
		}
		char buf[PREFIX_STRLEN];
		snprintf(inc->note, sizeof inc->note,
		         "AS%u announces its own %s but its ROA does not allow that length "
		         "(a maxLength mistake: legitimate but RPKI-invalid)",
		         asn, prefix_format(&rt->pfx, buf, sizeof buf));
		return 0;
	}
	return 0; /* none in a very small lab: nothing to plant */
}

static int plant_origin_hijack(struct plan *pl, struct err *e)
{
	struct lab *lab = pl->lab;
	for (int t = 0; t < TRIES; t++) {
		int v = random_as(lab, lab_rand_pct(&lab->rng, 60) ? LAB_STUB : LAB_TRANSIT);
		int s = random_as(lab, LAB_STUB);
		long r = random_route4(lab, v);
		if (v == s || r < 0 || !lab->as[v].roa ||
		    lab_truth_rov(lab, &lab->routes[r].pfx, lab->as[v].asn) != LAB_ROV_VALID)
			continue;
		struct lab_seed seeds[2] = {lab_seed_origin(lab, v),
		                            {.as = s, .cls = LAB_CLS_ORIGIN}};
		lab_route_compute(lab, seeds, 2, -1, -1, pl->rt);
		struct lab_incident inc = {0};
		uint32_t sasn = lab->as[s].asn;
		if (!collect(lab, &inc, pl->rt, seeds, ends_with, &sasn))
			continue;
		struct lab_incident *in =
		    new_incident(lab, LAB_ORIGIN_HIJACK, &lab->routes[r].pfx, sasn);
		memcpy(in->seen, inc.seen, sizeof inc.seen);
		in->nseen = inc.nseen;
		in->victim = lab->as[v].asn;
		in->start = lab->opts.time + T_ORIGIN;
		in->end = lab->opts.time + T_ORIGIN_END;
		char buf[PREFIX_STRLEN];
		snprintf(in->note, sizeof in->note,
		         "AS%u announces %s, which belongs to AS%u (origin hijack; "
		         "%zu of %zu collector peers prefer it)",
		         sasn, prefix_format(&in->pfx, buf, sizeof buf), in->victim, in->nseen,
		         lab->npeers);
		return queue(lab, in, (int)(lab->ninc - 1), r, pl->rt, e);
	}
	return err_set(e, "lab: could not plant an origin hijack the collector sees; "
	                  "try another --seed or more --ases");
}

static int plant_subprefix_hijack(struct plan *pl, struct err *e)
{
	struct lab *lab = pl->lab;
	for (int t = 0; t < TRIES; t++) {
		int v = random_as(lab, lab_rand_pct(&lab->rng, 50) ? LAB_STUB : LAB_TRANSIT);
		int s = random_as(lab, LAB_STUB);
		long r = random_route4(lab, v);
		if (v == s || r < 0 || lab->routes[r].pfx.len > 22 ||
		    lab_truth_rov(lab, &lab->routes[r].pfx, lab->as[v].asn) != LAB_ROV_VALID)
			continue;
		struct prefix sub = lab->routes[r].pfx;
		sub.len = 24;
		sub.addr[2] = (uint8_t)(sub.addr[2] + 2);
		if (is_routed(lab, &sub) ||
		    lab_truth_rov(lab, &sub, lab->as[s].asn) != LAB_ROV_INVALID)
			continue;
		struct lab_seed seed = {.as = s, .cls = LAB_CLS_ORIGIN};
		lab_route_compute(lab, &seed, 1, -1, -1, pl->rt);
		struct lab_incident inc = {0};
		if (!collect(lab, &inc, pl->rt, &seed, NULL, NULL))
			continue;
		struct lab_incident *in =
		    new_incident(lab, LAB_SUBPREFIX_HIJACK, &sub, lab->as[s].asn);
		memcpy(in->seen, inc.seen, sizeof inc.seen);
		in->nseen = inc.nseen;
		in->victim = lab->as[v].asn;
		in->start = lab->opts.time + T_SUB;
		in->end = lab->opts.time + T_SUB_END;
		char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];
		snprintf(in->note, sizeof in->note,
		         "AS%u announces %s, a more-specific of AS%u's ROA-covered %s "
		         "(sub-prefix hijack: wins everywhere by longest match)",
		         in->origin, prefix_format(&sub, b1, sizeof b1), in->victim,
		         prefix_format(&lab->routes[r].pfx, b2, sizeof b2));
		return queue(lab, in, (int)(lab->ninc - 1), -1, pl->rt, e);
	}
	return err_set(e, "lab: could not plant a sub-prefix hijack; try another --seed");
}

/* A multihomed customer C takes a route from provider P1 and re-announces it
 * to provider P2, which prefers it (customer route) and passes it on. */
static int plant_leak(struct plan *pl, struct err *e)
{
	struct lab *lab = pl->lab;
	for (int t = 0; t < TRIES; t++) {
		int c = random_as(lab, lab_rand_pct(&lab->rng, 80) ? LAB_STUB : LAB_TRANSIT);
		const struct lab_ivec *prov = &lab->as[c].prov;
		if (prov->n < 2)
			continue;
		int p2 = prov->v[lab_rand_below(&lab->rng, (uint32_t)prov->n)];
		long r = (long)lab_rand_below(&lab->rng, (uint32_t)lab->nroutes);
		int o = lab->routes[r].origin;
		if (o == c || o == p2)
			continue;
		struct lab_seed origin = lab_seed_origin(lab, o);
		lab_route_compute(lab, &origin, 1, -1, -1, pl->base);
		int p1 = pl->base[c].nh;
		if (pl->base[c].cls != LAB_CLS_PROVIDER || p1 == p2 ||
		    pl->base[p2].cls >= LAB_CLS_CUSTOMER)
			continue;
		struct lab_path leaked;
		if (!lab_route_path(lab, pl->base, &origin, c, &leaked))
			continue;
		struct lab_seed seeds[2] = {
		    origin,
		    {.as = p2, .cls = LAB_CLS_CUSTOMER, .tail = leaked.as, .ntail = leaked.len}};
		lab_route_compute(lab, seeds, 2, -1, -1, pl->rt);
		uint32_t pair[2] = {lab->as[c].asn, lab->as[p1].asn};
		struct lab_incident inc = {0};
		if (!collect(lab, &inc, pl->rt, seeds, through, pair))
			continue;
		/* The leak is caught by ASPA only when both providers attest that
		 * C is not their provider: make sure they publish ASPAs. */
		lab->as[p1].aspa = lab->as[p2].aspa = lab->as[c].aspa = true;
		if (lab_truth_aspa(lab, &inc.seen[0].path) != LAB_ASPA_INVALID)
			continue;
		struct lab_incident *in =
		    new_incident(lab, LAB_ROUTE_LEAK, &lab->routes[r].pfx, lab->as[o].asn);
		memcpy(in->seen, inc.seen, sizeof inc.seen);
		in->nseen = inc.nseen;
		in->actor = lab->as[c].asn;
		in->start = lab->opts.time + T_LEAK;
		in->end = lab->opts.time + T_LEAK_END;
		char buf[PREFIX_STRLEN];
		snprintf(in->note, sizeof in->note,
		         "AS%u leaks %s (origin AS%u), learned from its provider AS%u, to its "
		         "other provider AS%u: a valley, ASPA-invalid",
		         in->actor, prefix_format(&in->pfx, buf, sizeof buf), in->origin,
		         lab->as[p1].asn, lab->as[p2].asn);
		return queue(lab, in, (int)(lab->ninc - 1), r, pl->rt, e);
	}
	return err_set(e, "lab: could not plant a route leak (needs multihomed customers); "
	                  "try another --seed or more --ases");
}

static int plant_bogon_prefix(struct plan *pl, struct err *e)
{
	static const char *bogons[] = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
	                               "100.64.0.0/10"};
	struct lab *lab = pl->lab;
	struct prefix p;
	if (prefix_parse(bogons[lab_rand_below(&lab->rng, 4)], &p, e))
		return -1;
	int b = random_as(lab, LAB_STUB);
	struct lab_seed seed = {.as = b, .cls = LAB_CLS_ORIGIN};
	lab_route_compute(lab, &seed, 1, -1, -1, pl->rt);
	struct lab_incident *in = new_incident(lab, LAB_BOGON_PREFIX, &p, lab->as[b].asn);
	collect(lab, in, pl->rt, &seed, NULL, NULL);
	in->bogon = true;
	in->start = lab->opts.time + T_BOGON;
	in->end = lab->opts.time + T_BOGON_END;
	char buf[PREFIX_STRLEN];
	snprintf(in->note, sizeof in->note,
	         "AS%u leaks private space %s to the internet (bogon prefix, RFC 1918/6598)",
	         in->origin, prefix_format(&p, buf, sizeof buf));
	return queue(lab, in, (int)(lab->ninc - 1), -1, pl->rt, e);
}

static int plant_bogon_asn(struct plan *pl, struct err *e)
{
	struct lab *lab = pl->lab;
	/* Another stub than the one that leaked the bogon prefix, if any. */
	int b = random_as(lab, LAB_STUB);
	for (int t = 0; t < TRIES && lab->ninc && lab->as[b].asn == lab->inc[lab->ninc - 1].origin;
	     t++)
		b = random_as(lab, LAB_STUB);
	/* A customer on a private ASN whose AS the provider forgot to strip. */
	uint32_t priv = 64512 + lab_rand_below(&lab->rng, 1000);
	struct prefix p;
	lab_block4((size_t)b, &p);
	p.len = 24;
	p.addr[2] = 8;
	struct lab_seed seed = {.as = b, .cls = LAB_CLS_CUSTOMER, .tail = &priv, .ntail = 1};
	lab_route_compute(lab, &seed, 1, -1, -1, pl->rt);
	struct lab_incident *in = new_incident(lab, LAB_BOGON_ASN, &p, priv);
	collect(lab, in, pl->rt, &seed, NULL, NULL);
	in->actor = lab->as[b].asn;
	in->bogon = true;
	in->start = lab->opts.time + T_BOGON_ASN;
	char buf[PREFIX_STRLEN];
	snprintf(in->note, sizeof in->note,
	         "AS%u passes on %s from a customer on private AS%u without stripping it "
	         "(bogon ASN in the path, RFC 6996)",
	         in->actor, prefix_format(&p, buf, sizeof buf), priv);
	return queue(lab, in, (int)(lab->ninc - 1), -1, pl->rt, e);
}

/* Fill in the verdicts once every ROA and ASPA is settled. */
void lab_incident_judge(struct lab *lab)
{
	static const uint8_t worse[] = {1, 0, 2}; /* rank: valid < unknown < invalid */
	for (size_t i = 0; i < lab->ninc; i++) {
		struct lab_incident *in = &lab->inc[i];
		in->rov = lab_truth_rov(lab, &in->pfx, in->origin);
		in->irr = lab_truth_irr(lab, &in->pfx, in->origin);
		in->aspa = LAB_ASPA_VALID;
		for (size_t k = 0; k < in->nseen; k++) {
			in->seen[k].aspa = lab_truth_aspa(lab, &in->seen[k].path);
			if (worse[in->seen[k].aspa] > worse[in->aspa])
				in->aspa = in->seen[k].aspa;
		}
	}
}

int lab_incident_build(struct lab *lab, struct err *e)
{
	struct plan pl = {lab, malloc(lab->nas * sizeof *pl.rt),
	                  malloc(lab->nas * sizeof *pl.base)};
	int rc = -1;
	if (!pl.rt || !pl.base) {
		err_set(e, "lab: out of memory");
		goto out;
	}
	if (plant_misconfig(lab) || plant_origin_hijack(&pl, e) || plant_subprefix_hijack(&pl, e) ||
	    plant_leak(&pl, e) || plant_bogon_prefix(&pl, e) || plant_bogon_asn(&pl, e))
		goto out;
	lab_incident_judge(lab);
	rc = 0;
out:
	free(pl.rt);
	free(pl.base);
	return rc;
}

/* --- shared with lab_incident_more.c (lab_incident.h) --- */

int lab_inc_random_as(struct lab *lab, uint8_t tier)
{
	return random_as(lab, tier);
}

struct lab_incident *lab_inc_new(struct lab *lab, enum lab_kind kind, const struct prefix *p,
                                 uint32_t origin)
{
	return new_incident(lab, kind, p, origin);
}

size_t lab_inc_collect_through(struct lab *lab, struct lab_incident *inc, const struct lab_rt *rt,
                               const struct lab_seed *seeds, const uint32_t pair[2])
{
	return collect(lab, inc, rt, seeds, pair ? through : NULL, pair);
}

int lab_inc_queue(struct lab *lab, const struct lab_incident *inc, int idx, long rib_route,
                  const struct lab_rt *rt, struct err *e)
{
	return queue(lab, inc, idx, rib_route, rt, e);
}
