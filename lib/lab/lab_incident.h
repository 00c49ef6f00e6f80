/* SPDX-License-Identifier: ISC */
/* lab_incident.h - the planting helpers of lab_incident.c that
 * lab_incident_more.c reuses (internal to lib/lab). */
#ifndef MANRS_LAB_INCIDENT_H
#define MANRS_LAB_INCIDENT_H

#include "lab/lab.h"
#include "lab/lab_route.h"

/* A random AS index of the tier (LAB_STUB or LAB_TRANSIT). */
int lab_inc_random_as(struct lab *lab, uint8_t tier);

/* Append a zeroed incident of kind for p, originated (and acted) by origin. */
struct lab_incident *lab_inc_new(struct lab *lab, enum lab_kind kind, const struct prefix *p,
                                 uint32_t origin);

/* Record as sightings the collector peers that have a route in rt (and,
 * when pair is not NULL, whose path holds pair[0] right before pair[1]). */
size_t lab_inc_collect_through(struct lab *lab, struct lab_incident *inc, const struct lab_rt *rt,
                               const struct lab_seed *seeds, const uint32_t pair[2]);

/* Queue each sighting's announcement at inc->start (a few seconds spread)
 * and, when inc->end is set, the return of RIB route rib_route (or a
 * withdrawal when rib_route < 0). Events are tagged with incident idx. */
int lab_inc_queue(struct lab *lab, const struct lab_incident *inc, int idx, long rib_route,
                  const struct lab_rt *rt, struct err *e);

/* Fill every incident's ROV, IRR and ASPA verdicts from the final ROAs,
 * ASPAs and route objects. */
void lab_incident_judge(struct lab *lab);

#endif
