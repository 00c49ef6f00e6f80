/* SPDX-License-Identifier: ISC */
/* rtr_delta.h - the difference between two RPKI sets, as RTR sends it.
 *
 * A delta lists VRPs to announce or withdraw (sorted by RTR identity:
 * family, address, length, max length, ASN - the trust anchor does not
 * matter to a router) and ASPA records whose provider list changed (keyed by
 * customer, with the old and the new list so deltas compose exactly).
 * Deltas are immutable once built and reference counted, so a session can
 * keep streaming one while the cache moves on. */
#ifndef MANRS_RTR_DELTA_H
#define MANRS_RTR_DELTA_H

#include <stddef.h>
#include <stdint.h>

#include "rpki/rpki_set.h"

struct rtr_vrp_change {
	struct vrp vrp;
	uint8_t announce; /* 1 announce, 0 withdraw */
};

struct rtr_aspa_change {
	uint32_t customer;
	uint8_t has_old, has_new; /* record existed before / exists after */
	uint32_t nold, nnew;
	uint32_t *old, *new_; /* sorted provider lists, owned by the delta */
};

struct rtr_delta {
	unsigned refs;
	struct rtr_vrp_change *vrps;
	size_t nvrps;
	struct rtr_aspa_change *aspas;
	size_t naspas;
};

/* Order of VRPs as RTR sees them: family, address, length, max length, ASN. */
int rtr_vrp_key_cmp(const struct vrp *a, const struct vrp *b);

/* Sort the set's VRPs by rtr_vrp_key_cmp and ASPAs by customer when they are
 * not already, dropping entries a router could not tell apart. Cheap (one
 * pass) when the loader already sorted the set. */
void rtr_set_normalize(struct rpki_set *s);

/* Build the delta from a to b (both normalized). Returns NULL on allocation
 * failure. The result has refs == 1. */
struct rtr_delta *rtr_delta_diff(const struct rpki_set *a, const struct rpki_set *b);

/* Compose a (from X to Y) and b (from Y to Z) into one delta from X to Z:
 * an announce undone by a withdraw (and the reverse) cancels out. */
struct rtr_delta *rtr_delta_compose(const struct rtr_delta *a, const struct rtr_delta *b);

/* True when the delta changes nothing. */
int rtr_delta_empty(const struct rtr_delta *d);

/* Take and drop a reference; the last unref frees it. NULL is ignored. */
struct rtr_delta *rtr_delta_ref(struct rtr_delta *d);
void rtr_delta_unref(struct rtr_delta *d);

#endif
