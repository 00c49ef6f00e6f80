/* SPDX-License-Identifier: ISC */
/* rov.h - route origin validation (RFC 6811) over a finished VRP set.
 *
 * The index flattens the VRP prefixes (a laminar family: two prefixes are
 * nested or disjoint) into sorted address segments, each naming the most
 * specific VRP prefix that covers it; every VRP prefix links to its next
 * less-specific one. A lookup is one binary search in a small slice (a
 * 65536-entry first-level table narrows it) plus a walk up the usually
 * one- or two-long chain of covering prefixes. */
#ifndef MANRS_ROV_H
#define MANRS_ROV_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"
#include "rpki/rpki_set.h"

enum rov_state { ROV_NOT_FOUND = 0, ROV_VALID = 1, ROV_INVALID = 2 };

/* Why a route is invalid. */
enum rov_reason {
	ROV_WHY_NONE = 0, /* not invalid */
	ROV_WHY_ORIGIN,   /* no covering VRP names the route's origin AS */
	ROV_WHY_MAXLEN,   /* a VRP names the origin but the route is longer than maxLength */
};

/* One distinct VRP prefix: its VRPs are vrps[first .. first+count). */
struct rov_node {
	uint32_t first, count;
	uint32_t parent; /* next less-specific VRP prefix, ROV_NONE at the top */
	uint8_t len;
};

#define ROV_NONE UINT32_MAX

__extension__ typedef unsigned __int128 rov_u128;

struct rov_index {
	const struct vrp *vrps; /* borrowed from the set, which must outlive the index */
	size_t nvrps;
	struct rov_node *nodes;
	size_t nnodes;
	uint32_t *k4, *seg4; /* IPv4 segment start addresses and their node */
	size_t nseg4;
	rov_u128 *k6;
	uint32_t *seg6;
	size_t nseg6;
	uint32_t *fl4, *fl6; /* first segment per top 16 bits (65537), NULL for small sets */
};

/* Build the index for a finished set (rpki_set_finish called). Returns 0,
 * or -1 with e set on allocation failure. */
int rov_index_build(struct rov_index *ix, const struct rpki_set *s, struct err *e);

/* Release the index (not the set). */
void rov_index_free(struct rov_index *ix);

/* Bytes the index allocates. */
size_t rov_index_memory(const struct rov_index *ix);

/* RFC 6811 state of a route. origin 0 stands for "NONE" (e.g. a path ending
 * in an AS_SET): it matches no VRP, so a covered route is then invalid. */
enum rov_state rov_validate(const struct rov_index *ix, const struct prefix *p, uint32_t origin);

/* The same, and also the covering VRPs (up to max of them into out; *nout is
 * the total) and, for invalid, the reason. out may be NULL when max is 0. */
enum rov_state rov_validate_detail(const struct rov_index *ix, const struct prefix *p,
                                   uint32_t origin, const struct vrp **out, size_t max,
                                   size_t *nout, enum rov_reason *why);

/* "valid", "invalid", "not-found". */
const char *rov_state_name(enum rov_state st);

/* "", "origin-mismatch", "longer-than-maxlength". */
const char *rov_reason_name(enum rov_reason why);

#endif
