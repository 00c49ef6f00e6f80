/* SPDX-License-Identifier: ISC */
/* aspa.h - AS_PATH verification with ASPA (draft-ietf-sidrops-aspa-verification).
 *
 * Paths are given as BGP carries them: the neighbor first, the origin last.
 * Prepends are collapsed; an AS_SET anywhere makes the path Invalid. The
 * upstream procedure is for routes from customers, lateral peers and route
 * server clients; the downstream procedure for routes from providers. */
#ifndef MANRS_ASPA_H
#define MANRS_ASPA_H

#include <stddef.h>
#include <stdint.h>

#include "rpki/rpki_set.h"

enum aspa_state { ASPA_VALID = 0, ASPA_INVALID = 1, ASPA_UNKNOWN = 2 };

enum aspa_dir { ASPA_UPSTREAM = 0, ASPA_DOWNSTREAM = 1 };

/* The result of hop(customer, provider) of the draft. */
enum aspa_hop { ASPA_HOP_PROVIDER, ASPA_HOP_NOT_PROVIDER, ASPA_HOP_NO_ATTESTATION };

struct aspa_result {
	enum aspa_state state;
	size_t n; /* unique ASes after collapsing prepends */
	size_t max_up, min_up, max_down, min_down;
	/* For Invalid from a hop: the customer and the AS it is not authorised to
	 * send to (0/0 when Invalid because of an AS_SET or an empty path). */
	uint32_t bad_customer, bad_provider;
	const char *why; /* short English reason */
};

/* hop(AS(i), AS(j)): is provider in customer's ASPA? */
enum aspa_hop aspa_hop(const struct rpki_set *s, uint32_t customer, uint32_t provider);

/* Verify a path (neighbor first, origin last) of n ASes. has_as_set says the
 * AS_PATH carried an AS_SET (its members need not be in path). The set must
 * be finished. res may be NULL. */
enum aspa_state aspa_verify(const struct rpki_set *s, const uint32_t *path, size_t n,
                            int has_as_set, enum aspa_dir dir, struct aspa_result *res);

/* Who sent the route, for the draft's neighbor check. */
struct aspa_neighbor {
	uint32_t asn;     /* the BGP neighbor's AS; 0 = unknown, no check */
	int route_server; /* the neighbor is a transparent route server (we are
	                   * its RS client): its AS is not on the path, no check */
};

/* aspa_verify with the neighbor check of the upstream and downstream
 * procedures (draft-ietf-sidrops-aspa-verification, sections 6.1 and 6.2,
 * step 2): when the receiving AS is not an RS client and the most recently
 * added AS (path[0]) is not the neighbor AS, the path is Invalid. Done after
 * the empty-path check and before the AS_SET check, as the draft orders
 * them. nb may be NULL (no check). */
enum aspa_state aspa_verify_neighbor(const struct rpki_set *s, const uint32_t *path, size_t n,
                                     int has_as_set, enum aspa_dir dir,
                                     const struct aspa_neighbor *nb, struct aspa_result *res);

/* "valid", "invalid", "unknown". */
const char *aspa_state_name(enum aspa_state st);

#endif
