/* SPDX-License-Identifier: ISC */
/* ixp_check.h - compare a route server's RIB (MRT) with what the IXP policy
 * says it should hold: routes it accepted that the policy drops, tagged
 * routes missing their reason community, and (given what the members
 * announced, as MRT) routes the policy accepts that the RIB lacks. */
#ifndef MANRS_IXP_CHECK_H
#define MANRS_IXP_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ixp/ixp_policy.h"

enum ixp_finding_kind {
	IXP_F_ACCEPTED_BAD, /* in the RIB; the policy drops it */
	IXP_F_UNTAGGED,     /* in the RIB; the policy tags it, the tag is missing */
	IXP_F_DROPPED_GOOD, /* announced, accepted by the policy, not in the RIB */
};

struct ixp_finding {
	enum ixp_finding_kind kind;
	size_t member; /* index into the ixp's members */
	struct prefix pfx;
	const uint32_t *path;
	size_t npath;
	uint32_t reasons; /* rejected (or missing tag) reason bits */
};

typedef void (*ixp_finding_fn)(const struct ixp_finding *f, void *ctx);

struct ixp_check_stats {
	unsigned long rib_routes, announced_routes;
	unsigned long accepted_bad, untagged, dropped_good;
	unsigned long unknown_peer; /* routes from peers that are not members */
	unsigned long mrt_warnings; /* warnings from the MRT reader (malformed attributes...) */
};

/* Check the RIB file, then each announced file (may be none). Findings go
 * to fn in file order. Returns 0, or -1 with e set (file unreadable, not
 * MRT, out of memory). */
int ixp_check_run(const struct ixp_checker *c, const char *rib, const char *const *announced,
                  size_t nannounced, ixp_finding_fn fn, void *ctx, struct ixp_check_stats *st,
                  struct err *e);

/* "accepted-but-should-not", "untagged", "dropped-but-should-not". */
const char *ixp_finding_name(enum ixp_finding_kind k);

#endif
