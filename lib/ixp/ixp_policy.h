/* SPDX-License-Identifier: ISC */
/* ixp_policy.h - the route-server policy of struct ixp_policy evaluated in
 * C, the same checks in the same order as the generated BIRD filter, so
 * `manrs ixp check` can say what a route server should have done with a
 * route. */
#ifndef MANRS_IXP_POLICY_H
#define MANRS_IXP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ixp/ixp.h"
#include "ixp/ixp_data.h"
#include "policy/bogon.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

/* A route as a member sent it. */
struct ixp_route {
	struct prefix pfx;
	const uint32_t *path; /* neighbor first, origin last */
	size_t npath;
	bool has_next_hop;
	struct prefix next_hop;
	const uint32_t *communities; /* (asn << 16) | value */
	size_t ncommunities;
	bool otc; /* RFC 9234 OTC attribute present */
};

/* What to check against: ROV index and ASPAs may be NULL (not checked). */
struct ixp_checker {
	const struct ixp *x;
	const struct ixp_data *d;
	const struct rov_index *rov;
	const struct rpki_set *aspa;
	const struct bogon_set *bogons;
};

struct ixp_verdict {
	bool accept;       /* the route server should pass it on */
	bool blackhole;    /* accepted as an RFC 7999 blackhole */
	uint32_t rejected; /* bit n: reason n made it drop the route */
	uint32_t tagged;   /* bit n: the route carries (RS, 65520, n) */
};

/* Evaluate route r from member index m. */
void ixp_evaluate(const struct ixp_checker *c, size_t m, const struct ixp_route *r,
                  struct ixp_verdict *v);

/* Reason codes in a bit mask as "name,name" into buf. */
char *ixp_reason_list(uint32_t mask, char *buf, size_t n);

#endif
