/* SPDX-License-Identifier: ISC */
/* lab_truth.h - the lab's own, independent verdicts for its routes: ROV
 * (RFC 6811) against its ROAs and ASPA path verification against its ASPAs.
 * They are deliberately brute force and separate from lib/rpki, so that the
 * ground truth in incidents.json can be used to test the real validators. */
#ifndef MANRS_LAB_TRUTH_H
#define MANRS_LAB_TRUTH_H

#include <stdint.h>

#include "lab/lab.h"

/* ROV state of prefix p originated by origin: LAB_ROV_*. */
uint8_t lab_truth_rov(const struct lab *lab, const struct prefix *p, uint32_t origin);

/* ASPA verification of path (as received by the collector, neighbour first)
 * with the downstream procedure of draft-ietf-sidrops-aspa-verification: the
 * collector takes full tables, as a customer would. Returns LAB_ASPA_*. */
uint8_t lab_truth_aspa(const struct lab *lab, const struct lab_path *path);

/* True when a route object in irr.db registers p with this origin. */
bool lab_truth_irr(const struct lab *lab, const struct prefix *p, uint32_t origin);

/* Names used in incidents.json and the README: "valid", "invalid", ... */
const char *lab_rov_name(uint8_t rov);
const char *lab_aspa_name(uint8_t aspa);

#endif
