/* SPDX-License-Identifier: ISC */
/* lab_churn.c - background noise in updates.mrt, so incidents have to be
 * found among ordinary events: a collector session reset (with the table
 * re-sent), prefix flaps, and link failures that move paths. */
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "lab/lab_route.h"

#define WINDOW 900 /* seconds of updates after the RIB */

static bool is_incident_prefix(const struct lab *lab, const struct prefix *p)
{
	for (size_t i = 0; i < lab->ninc; i++)
		if (prefix_equal(&lab->inc[i].pfx, p))
			return true;
	return false;
}

static int announce_rib(struct lab *lab, size_t r, size_t k, uint32_t t, struct err *e)
{
	size_t slot = r * lab->npeers + k;
	if (!lab->rib[slot].len)
		return 0;
	struct lab_event ev = {.time = t,
	                       .peer = (int)k,
	                       .type = LAB_EV_ANNOUNCE,
	                       .cls = lab->rib_cls[slot],
	                       .incident = -1,
	                       .pfx = lab->routes[r].pfx,
	                       .path = lab->rib[slot]};
	return lab_event_add(lab, &ev, e);
}

/* The last peer's session drops and comes back; it then re-sends its table. */
static int session_reset(struct lab *lab, struct err *e)
{
	static const uint8_t steps[][3] = {
	    {0, 6, 1}, {25, 1, 2}, {26, 2, 4}, {26, 4, 5}, {27, 5, 6}};
	size_t k = lab->npeers - 1;
	uint32_t t0 = lab->opts.time + 60;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct lab_event ev = {.time = t0 + steps[i][0],
		                       .peer = (int)k,
		                       .type = LAB_EV_STATE,
		                       .old_state = steps[i][1],
		                       .new_state = steps[i][2],
		                       .incident = -1};
		if (lab_event_add(lab, &ev, e))
			return -1;
	}
	for (size_t r = 0; r < lab->nroutes; r++)
		if (announce_rib(lab, r, k, t0 + 28 + (uint32_t)(r * 8 / lab->nroutes), e))
			return -1;
	return 0;
}

static int flaps(struct lab *lab, struct err *e)
{
	size_t n = lab->nas / 3;
	for (size_t i = 0; i < n; i++) {
		size_t r = lab_rand_below(&lab->rng, (uint32_t)lab->nroutes);
		size_t k = lab_rand_below(&lab->rng, (uint32_t)lab->npeers);
		if (is_incident_prefix(lab, &lab->routes[r].pfx) ||
		    !lab->rib[r * lab->npeers + k].len)
			continue;
		uint32_t t = lab->opts.time + lab_rand_range(&lab->rng, 100, WINDOW - 300);
		struct lab_event ev = {.time = t,
		                       .peer = (int)k,
		                       .type = LAB_EV_WITHDRAW,
		                       .incident = -1,
		                       .pfx = lab->routes[r].pfx};
		if (lab_event_add(lab, &ev, e) ||
		    announce_rib(lab, r, k, t + lab_rand_range(&lab->rng, 30, 240), e))
			return -1;
	}
	return 0;
}

/* A multihomed stub loses the link to one provider for a while: peers that
 * used it move to a longer path, then come back. */
static int link_failures(struct lab *lab, struct lab_rt *rt, struct err *e)
{
	for (int done = 0, tries = 0; done < 3 && tries < 200; tries++) {
		int s = (int)(lab->ntier1 + lab->ntransit +
		              lab_rand_below(&lab->rng,
		                             (uint32_t)(lab->nas - lab->ntier1 - lab->ntransit)));
		if (lab->as[s].prov.n < 2)
			continue;
		int p = lab->as[s].prov.v[0];
		struct lab_seed seed = lab_seed_origin(lab, s);
		lab_route_compute(lab, &seed, 1, s, p, rt);
		uint32_t t = lab->opts.time + lab_rand_range(&lab->rng, 120, WINDOW - 320);
		uint32_t back = t + lab_rand_range(&lab->rng, 120, 300);
		for (size_t r = 0; r < lab->nroutes; r++) {
			if (lab->routes[r].origin != s ||
			    is_incident_prefix(lab, &lab->routes[r].pfx))
				continue;
			for (size_t k = 0; k < lab->npeers; k++) {
				const struct lab_path *old = &lab->rib[r * lab->npeers + k];
				struct lab_event ev = {.time = t,
				                       .peer = (int)k,
				                       .type = LAB_EV_ANNOUNCE,
				                       .incident = -1,
				                       .pfx = lab->routes[r].pfx};
				if (!lab_route_path(lab, rt, &seed, lab->peers[k].as, &ev.path))
					ev.type = LAB_EV_WITHDRAW;
				ev.cls = rt[lab->peers[k].as].cls;
				if (ev.path.len == old->len &&
				    !memcmp(ev.path.as, old->as, old->len * sizeof old->as[0]))
					continue; /* this peer did not use the failed link */
				if (lab_event_add(lab, &ev, e) || announce_rib(lab, r, k, back, e))
					return -1;
			}
		}
		done++;
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

int lab_churn_build(struct lab *lab, struct err *e)
{
	struct lab_rt *rt = malloc(lab->nas * sizeof *rt);
	if (!rt)
		return err_set(e, "lab: out of memory");
	int rc = session_reset(lab, e) || flaps(lab, e) || link_failures(lab, rt, e) ? -1 : 0;
	free(rt);
	if (rc == 0 && lab->nev)
		qsort(lab->ev, lab->nev, sizeof *lab->ev, by_time);
	return rc;
}
