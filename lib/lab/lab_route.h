/* SPDX-License-Identifier: ISC */
/* lab_route.h - valley-free route propagation over the lab topology.
 *
 * The classic Gao-Rexford model: every AS prefers routes from customers over
 * routes from peers over routes from providers, then the shortest path, then
 * the neighbour with the lowest AS number; it exports customer routes to
 * everybody and peer/provider routes only to its customers. Computed in the
 * usual three phases (up the customer->provider edges, one peer hop, down to
 * customers), which gives the stable state directly. Loop prevention is real:
 * an AS never takes a route whose path already holds it. */
#ifndef MANRS_LAB_ROUTE_H
#define MANRS_LAB_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/lab.h"

/* Route classes, better is larger. */
enum {
	LAB_CLS_NONE = 0,
	LAB_CLS_PROVIDER = 1,
	LAB_CLS_PEER = 2,
	LAB_CLS_CUSTOMER = 3,
	LAB_CLS_ORIGIN = 4
};

/* Where an announcement enters: AS index `as` holds it with class cls and the
 * path [as, tail...]. Originators use LAB_CLS_ORIGIN and no tail; a route
 * leak enters at the victim provider as LAB_CLS_CUSTOMER with the leaked path
 * as tail. Seeds are fixed: they never switch to another route. */
struct lab_seed {
	int as;
	uint8_t cls;
	const uint32_t *tail;
	size_t ntail;
};

/* The best route of one AS for the prefix being computed. */
struct lab_rt {
	int32_t nh;   /* next AS index toward the origin; -1 at a seed */
	int16_t seed; /* seed index when nh is -1 */
	uint8_t cls;  /* LAB_CLS_* (NONE: no route) */
	uint8_t len;  /* ASes in the path, this one included */
	int32_t link; /* scratch: next AS in the same path-length bucket */
};

/* The seed of AS index `as` originating its own prefixes (with its prepends). */
struct lab_seed lab_seed_origin(const struct lab *lab, int as);

/* Compute every AS's best route (rt has lab->nas entries) for one prefix
 * announced at seeds. cut_a/cut_b, when both >= 0, name a link that is down. */
void lab_route_compute(const struct lab *lab, const struct lab_seed *seeds, size_t nseeds,
                       int cut_a, int cut_b, struct lab_rt *rt);

/* The AS path from AS index `from` to the origin. False when it has none. */
bool lab_route_path(const struct lab *lab, const struct lab_rt *rt, const struct lab_seed *seeds,
                    int from, struct lab_path *out);

#endif
