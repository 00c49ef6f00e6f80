/* SPDX-License-Identifier: ISC */
/* bogon_scan.h - bogons in routes as `bgpdump -m` prints them, for a bulk
 * scan of a RIB or of updates: the line parser and the walk over the bogon
 * AS numbers of a path. No printing: callers report. */
#ifndef MANRS_POLICY_BOGON_SCAN_H
#define MANRS_POLICY_BOGON_SCAN_H

#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"
#include "policy/bogon.h"

/* What one line holds. Strings point into the line. */
enum bogon_line_kind {
	BOGON_LINE_OTHER = 0, /* STATE and other records: nothing to check */
	BOGON_LINE_ROUTE,     /* B (RIB entry) or A (announcement): prefix and path */
	BOGON_LINE_WITHDRAW,  /* W: a prefix only */
};

struct bogon_route_line {
	enum bogon_line_kind kind;
	const char *peer_ip, *peer_as;
	struct prefix prefix;
	const char *path; /* "" for a withdrawal */
};

/* Parse TYPE|TIME|KIND|PEER_IP|PEER_AS|PREFIX|PATH|... in place (the '|'
 * become NULs). Returns the kind (>= 0), or -1 with e set when a route line
 * carries a bad prefix. */
int bogon_parse_bgpdump_line(char *line, struct bogon_route_line *r, struct err *e);

/* Call fn for every distinct bogon AS number in path (bgpdump text: numbers
 * separated by spaces, AS_SETs in braces), with its 1-based position and
 * range. A nonzero fn return stops the walk. Returns how many were found,
 * or -1 with e set for a token that is not an AS number. */
long bogon_path_each(const char *path,
                     int (*fn)(uint32_t asn, unsigned pos, const struct bogon_asn_range *r,
                               void *ctx),
                     void *ctx, struct err *e);

#endif
