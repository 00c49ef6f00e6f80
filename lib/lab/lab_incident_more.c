/* SPDX-License-Identifier: ISC */
/* lab_incident_more.c - the incidents only a monitor finds: squat, path
 * anomaly, OTC leak, ASPA-invalid (peer) leak and visibility loss.
 *
 * Planted after the background noise, on prefixes that noise leaves alone
 * (none of its events after the session reset), and from the same random
 * stream after everything else drew from it: the earlier incidents and the
 * noise stay exactly as they were, and these add events and entries. Each
 * is best effort: a world too small for one simply lacks it (the default
 * 300-AS world has them all). Verdicts of every incident are computed again
 * at the end, since the ASPA leak makes three more ASes publish ASPAs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "lab/lab_incident.h"
#include "lab/lab_route.h"
#include "lab/lab_truth.h"

#define TRIES 400
#define QUIET_AFTER 100 /* the session reset's re-sent table ends before this */

enum {
	T_SQUAT = 200, /* and it stays: its end would be a (correct) visibility alert */
	T_PATH = 240,
	T_PATH_END = 520,
	T_VIS = 300,
	T_VIS_END = 850,
	T_OTC = 450,
	T_OTC_END = 620,
	T_ASPA = 480,
	T_ASPA_END = 700,
};

struct more {
	struct lab *lab;
	struct lab_rt *rt, *base;
};

/* No incident on p and no background event on it once the noise starts. */
static bool quiet(const struct lab *lab, const struct prefix *p)
{
	for (size_t i = 0; i < lab->ninc; i++)
		if (prefix_equal(&lab->inc[i].pfx, p))
			return false;
	for (size_t k = 0; k < lab->nev; k++)
		if (lab->ev[k].time >= lab->opts.time + QUIET_AFTER &&
		    prefix_equal(&lab->ev[k].pfx, p))
			return false;
	return true;
}

/* Collector peers with a RIB path for route r. */
static size_t rib_peers(const struct lab *lab, size_t r)
{
	size_t n = 0;
	for (size_t k = 0; k < lab->npeers; k++)
		n += lab->rib[r * lab->npeers + k].len != 0;
	return n;
}

/* A quiet IPv4 route of AS index as that every collector peer sees, or -1. */
static long quiet_route4(const struct lab *lab, int as)
{
	for (size_t r = 0; r < lab->nroutes; r++)
		if (lab->routes[r].origin == as && lab->routes[r].pfx.family == 4 &&
		    rib_peers(lab, r) == lab->npeers && quiet(lab, &lab->routes[r].pfx))
			return (long)r;
	return -1;
}

static int random_any(struct lab *lab)
{
	return lab_inc_random_as(lab, lab_rand_pct(&lab->rng, 70) ? LAB_STUB : LAB_TRANSIT);
}

static int add_event(struct lab *lab, uint32_t t, size_t k, uint8_t type, uint8_t cls, int idx,
                     const struct prefix *p, const struct lab_path *path, uint32_t otc,
                     struct err *e)
{
	struct lab_event ev = {.time = t,
	                       .peer = (int)k,
	                       .type = type,
	                       .cls = cls,
	                       .incident = idx,
	                       .pfx = *p,
	                       .otc = otc};
	if (path)
		ev.path = *path;
	return lab_event_add(lab, &ev, e);
}

/* Announce each peer's RIB path of route r again at about t. */
static int restore_rib(struct lab *lab, long r, int idx, uint32_t t, struct err *e)
{
	for (size_t k = 0; k < lab->npeers; k++) {
		size_t slot = (size_t)r * lab->npeers + k;
		if (lab->rib[slot].len &&
		    add_event(lab, t + lab_rand_below(&lab->rng, 20), k, LAB_EV_ANNOUNCE,
		              lab->rib_cls[slot], idx, &lab->routes[r].pfx, &lab->rib[slot], 0, e))
			return -1;
	}
	return 0;
}

/* Space inside a stub's /16 that none of its routes covers, announced by
 * another stub (ARTEMIS "squatting": the owner does not announce it). */
static int plant_squat(struct more *m, struct err *e)
{
	struct lab *lab = m->lab;
	for (int t = 0; t < TRIES; t++) {
		int v = lab_inc_random_as(lab, LAB_STUB), s = lab_inc_random_as(lab, LAB_STUB);
		if (v == s)
			continue;
		struct prefix p;
		lab_block4((size_t)v, &p);
		p.len = 24;
		p.addr[2] = (uint8_t)(200 + lab_rand_below(&lab->rng, 50));
		bool used = false;
		for (size_t r = 0; r < lab->nroutes && !used; r++)
			used = prefix_contains(&lab->routes[r].pfx, &p) ||
			       prefix_contains(&p, &lab->routes[r].pfx);
		if (used || !quiet(lab, &p))
			continue;
		struct lab_seed seed = {.as = s, .cls = LAB_CLS_ORIGIN};
		lab_route_compute(lab, &seed, 1, -1, -1, m->rt);
		struct lab_incident inc = {0};
		if (!lab_inc_collect_through(lab, &inc, m->rt, &seed, NULL))
			continue;
		struct lab_incident *in = lab_inc_new(lab, LAB_SQUAT, &p, lab->as[s].asn);
		memcpy(in->seen, inc.seen, sizeof inc.seen);
		in->nseen = inc.nseen;
		in->victim = lab->as[v].asn;
		in->start = lab->opts.time + T_SQUAT;
		char buf[PREFIX_STRLEN];
		snprintf(in->note, sizeof in->note,
		         "AS%u announces %s, unannounced space of AS%u (squatting: the holder "
		         "monitors it but does not route it)",
		         in->origin, prefix_format(&p, buf, sizeof buf), in->victim);
		return lab_inc_queue(lab, in, (int)(lab->ninc - 1), -1, m->rt, e);
	}
	return 0;
}

/* An origin prepends itself far more than usual for a while: every path
 * grows past the maxLength its prefixes.yml entry sets. */
static int plant_path_anomaly(struct more *m, struct err *e)
{
	struct lab *lab = m->lab;
	for (int t = 0; t < TRIES; t++) {
		int o = random_any(lab);
		long r = quiet_route4(lab, o);
		if (r < 0)
			continue;
		size_t longest = 0;
		for (size_t k = 0; k < lab->npeers; k++)
			if (lab->rib[(size_t)r * lab->npeers + k].len > longest)
				longest = lab->rib[(size_t)r * lab->npeers + k].len;
		if (longest + 2 > LAB_MAXPATH)
			continue;
		struct lab_incident *in =
		    lab_inc_new(lab, LAB_PATH_ANOMALY, &lab->routes[r].pfx, lab->as[o].asn);
		int idx = (int)(lab->ninc - 1);
		in->victim = in->origin;
		in->rule_maxlen = (uint8_t)(longest + 1);
		in->start = lab->opts.time + T_PATH;
		in->end = lab->opts.time + T_PATH_END;
		for (size_t k = 0; k < lab->npeers; k++) {
			size_t slot = (size_t)r * lab->npeers + k;
			struct lab_path p = lab->rib[slot];
			while (p.len < longest + 2)
				p.as[p.len++] = in->origin;
			in->seen[in->nseen++] = (struct lab_sighting){.peer = (int)k, .path = p};
			if (add_event(lab, in->start + lab_rand_below(&lab->rng, 20), k,
			              LAB_EV_ANNOUNCE, lab->rib_cls[slot], idx, &in->pfx, &p, 0, e))
				return -1;
		}
		char buf[PREFIX_STRLEN];
		snprintf(in->note, sizeof in->note,
		         "AS%u prepends itself until every path to %s is %zu long, past the "
		         "maxLength %u its prefixes.yml entry allows (path anomaly)",
		         in->origin, prefix_format(&in->pfx, buf, sizeof buf), longest + 2,
		         in->rule_maxlen);
		return restore_rib(lab, r, idx, in->end, e);
	}
	return 0;
}

/* Every collector peer withdraws a prefix for a while (an outage). */
static int plant_visibility_loss(struct more *m, struct err *e)
{
	struct lab *lab = m->lab;
	for (int t = 0; t < TRIES; t++) {
		int o = random_any(lab);
		long r = quiet_route4(lab, o);
		if (r < 0)
			continue;
		struct lab_incident *in =
		    lab_inc_new(lab, LAB_VISIBILITY_LOSS, &lab->routes[r].pfx, lab->as[o].asn);
		int idx = (int)(lab->ninc - 1);
		in->victim = in->origin;
		in->start = lab->opts.time + T_VIS;
		in->end = lab->opts.time + T_VIS_END;
		for (size_t k = 0; k < lab->npeers; k++) {
			size_t slot = (size_t)r * lab->npeers + k;
			in->seen[in->nseen++] =
			    (struct lab_sighting){.peer = (int)k, .path = lab->rib[slot]};
			if (add_event(lab, in->start + lab_rand_below(&lab->rng, 20), k,
			              LAB_EV_WITHDRAW, 0, idx, &in->pfx, NULL, 0, e))
				return -1;
		}
		char buf[PREFIX_STRLEN];
		snprintf(in->note, sizeof in->note,
		         "every collector peer withdraws AS%u's %s for %us (visibility loss; "
		         "\"seen\" lists the paths it had)",
		         in->origin, prefix_format(&in->pfx, buf, sizeof buf), T_VIS_END - T_VIS);
		return restore_rib(lab, r, idx, in->end, e);
	}
	return 0;
}

static bool is_provider_of(const struct lab *lab, int a, int b)
{
	return lab_ivec_has(&lab->as[b].prov, a);
}

/* RFC 9234: the first AS that sent the route down (to a customer) or
 * across (to a peer) marks it OTC with its own AS. path: leaker first. */
static uint32_t otc_of(const struct lab *lab, const struct lab_path *path)
{
	for (size_t i = path->len - 1; i >= 1; i--) {
		int snd = lab_find_as(lab, path->as[i]), rcv = lab_find_as(lab, path->as[i - 1]);
		if (snd < 0 || rcv < 0 || snd == rcv)
			continue;
		if (is_provider_of(lab, snd, rcv) || lab_ivec_has(&lab->as[snd].peer, rcv))
			return path->as[i];
	}
	return 0;
}

/* Customer c takes the route from provider p1 (which marks it OTC) and
 * announces it to its other provider p2, which passes it on. */
static int plant_otc_leak(struct more *m, struct err *e)
{
	struct lab *lab = m->lab;
	for (int t = 0; t < TRIES; t++) {
		int c = random_any(lab);
		const struct lab_ivec *prov = &lab->as[c].prov;
		if (prov->n < 2)
			continue;
		int p2 = prov->v[lab_rand_below(&lab->rng, (uint32_t)prov->n)];
		int o = random_any(lab);
		long r = quiet_route4(lab, o);
		if (r < 0 || o == c || o == p2)
			continue;
		struct lab_seed origin = lab_seed_origin(lab, o);
		lab_route_compute(lab, &origin, 1, -1, -1, m->base);
		int p1 = m->base[c].nh;
		if (m->base[c].cls != LAB_CLS_PROVIDER || p1 == p2 ||
		    m->base[p2].cls >= LAB_CLS_CUSTOMER)
			continue;
		struct lab_path leaked;
		if (!lab_route_path(lab, m->base, &origin, c, &leaked))
			continue;
		uint32_t otc = otc_of(lab, &leaked);
		if (!otc)
			continue;
		struct lab_seed seeds[2] = {
		    origin,
		    {.as = p2, .cls = LAB_CLS_CUSTOMER, .tail = leaked.as, .ntail = leaked.len}};
		lab_route_compute(lab, seeds, 2, -1, -1, m->rt);
		uint32_t pair[2] = {lab->as[c].asn, lab->as[p1].asn};
		struct lab_incident inc = {0};
		if (!lab_inc_collect_through(lab, &inc, m->rt, seeds, pair))
			continue;
		struct lab_incident *in =
		    lab_inc_new(lab, LAB_OTC_LEAK, &lab->routes[r].pfx, lab->as[o].asn);
		memcpy(in->seen, inc.seen, sizeof inc.seen);
		in->nseen = inc.nseen;
		in->actor = lab->as[c].asn;
		in->otc = otc;
		in->start = lab->opts.time + T_OTC;
		in->end = lab->opts.time + T_OTC_END;
		char buf[PREFIX_STRLEN];
		snprintf(
		    in->note, sizeof in->note,
		    "AS%u leaks %s (origin AS%u, marked OTC AS%u) from its provider AS%u to its "
		    "provider AS%u (RFC 9234 OTC violation)",
		    in->actor, prefix_format(&in->pfx, buf, sizeof buf), in->origin, otc,
		    lab->as[p1].asn, lab->as[p2].asn);
		size_t first = lab->nev;
		int idx = (int)(lab->ninc - 1);
		if (lab_inc_queue(lab, in, idx, r, m->rt, e))
			return -1;
		for (size_t k = first; k < lab->nev; k++)
			if (lab->ev[k].time < in->end)
				lab->ev[k].otc =
				    otc; /* the leaked announcements, not the restored ones */
		return 0;
	}
	return 0;
}

/* l learns its peer x's own route and announces it to its provider p: a
 * lateral leak that ASPA catches once x and p publish ASPAs. */
static int plant_aspa_leak(struct more *m, struct err *e)
{
	struct lab *lab = m->lab;
	for (int t = 0; t < TRIES; t++) {
		int l = random_any(lab);
		const struct lab_as *la = &lab->as[l];
		if (!la->peer.n || !la->prov.n)
			continue;
		int x = la->peer.v[lab_rand_below(&lab->rng, (uint32_t)la->peer.n)];
		int p = la->prov.v[lab_rand_below(&lab->rng, (uint32_t)la->prov.n)];
		long r = quiet_route4(lab, x);
		if (r < 0 || p == x)
			continue;
		struct lab_seed origin = lab_seed_origin(lab, x);
		lab_route_compute(lab, &origin, 1, -1, -1, m->base);
		if (m->base[l].cls != LAB_CLS_PEER || m->base[l].nh != x ||
		    m->base[p].cls >= LAB_CLS_CUSTOMER)
			continue;
		struct lab_path leaked;
		if (!lab_route_path(lab, m->base, &origin, l, &leaked))
			continue;
		struct lab_seed seeds[2] = {
		    origin,
		    {.as = p, .cls = LAB_CLS_CUSTOMER, .tail = leaked.as, .ntail = leaked.len}};
		lab_route_compute(lab, seeds, 2, -1, -1, m->rt);
		uint32_t pair[2] = {lab->as[l].asn, lab->as[x].asn};
		struct lab_incident inc = {0};
		if (!lab_inc_collect_through(lab, &inc, m->rt, seeds, pair))
			continue;
		bool had[3] = {lab->as[x].aspa, lab->as[l].aspa, lab->as[p].aspa};
		lab->as[x].aspa = lab->as[l].aspa = lab->as[p].aspa = true;
		if (lab_truth_aspa(lab, &inc.seen[0].path) != LAB_ASPA_INVALID) {
			lab->as[x].aspa = had[0], lab->as[l].aspa = had[1],
			lab->as[p].aspa = had[2];
			continue;
		}
		struct lab_incident *in =
		    lab_inc_new(lab, LAB_ASPA_LEAK, &lab->routes[r].pfx, lab->as[x].asn);
		memcpy(in->seen, inc.seen, sizeof inc.seen);
		in->nseen = inc.nseen;
		in->actor = lab->as[l].asn;
		in->start = lab->opts.time + T_ASPA;
		in->end = lab->opts.time + T_ASPA_END;
		char buf[PREFIX_STRLEN];
		snprintf(in->note, sizeof in->note,
		         "AS%u leaks %s of its peer AS%u to its provider AS%u (lateral leak; "
		         "ASPA-invalid)",
		         in->actor, prefix_format(&in->pfx, buf, sizeof buf), in->origin,
		         lab->as[p].asn);
		return lab_inc_queue(lab, in, (int)(lab->ninc - 1), r, m->rt, e);
	}
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct lab_event *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int lab_incident_more_build(struct lab *lab, struct err *e)
{
	struct more m = {lab, malloc(lab->nas * sizeof *m.rt), malloc(lab->nas * sizeof *m.base)};
	int rc = -1;
	if (!m.rt || !m.base) {
		err_set(e, "lab: out of memory");
		goto out;
	}
	if (plant_squat(&m, e) || plant_path_anomaly(&m, e) || plant_visibility_loss(&m, e) ||
	    plant_otc_leak(&m, e) || plant_aspa_leak(&m, e))
		goto out;
	lab_incident_judge(lab);
	qsort(lab->ev, lab->nev, sizeof *lab->ev, by_time);
	rc = 0;
out:
	free(m.rt);
	free(m.base);
	return rc;
}
