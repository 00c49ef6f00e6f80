/* SPDX-License-Identifier: ISC */
/* mrt_bgpdump.h - the one-line text formats of bgpdump (-m and -M).
 *
 * Output is byte-compatible with Debian's bgpdump 1.6.2, quirks included
 * (absent NEXT_HOP shown as 255.255.255.255, MED/LOCAL_PREF 0 when absent,
 * signed MED for IPv4 routes in MP_REACH_NLRI, its AS4_PATH merge that
 * repeats the first segment, its own IPv6 text, legacy BGP lines without a
 * separator before the communities). Where bgpdump is plainly wrong we print
 * the right thing (tests/interop checks each case): prefixes with host bits
 * cleared (as upstream bgpdump does after 1.6.2), the prefix rather than the peer
 * address in legacy BGP withdrawals, the originated time for -t change on
 * TABLE_DUMP_V2 (1.6.2 prints 0), and the peer with a _LOCAL label for
 * *_LOCAL_ADDPATH messages. Two more come from mrt_elem.h, not from
 * here: an UPDATE with an undecodable prefix after good ones yields nothing
 * (bgpdump prints the prefixes before the bad byte), and ADD-PATH NLRI under
 * plain BGP4MP subtypes give the real prefixes (printed without path id, in
 * the subtype's line format; bgpdump prints garbage). Elements bgpdump does not print
 * (multicast and RIB_GENERIC RIB entries, for example) produce nothing.
 *
 * RFC 7606 (bgp_attr.h) is not applied here: bgpdump knows nothing of it,
 * so -m and -M show malformed attributes as bgpdump reads them and --json
 * carries the verdict. Where the two differ: a treat-as-withdraw or
 * session-reset message's announcements stay A (and B) lines here and are
 * "withdraw" in --json; a discarded attribute (bad ATOMIC_AGGREGATE,
 * AGGREGATOR, AS4_PATH, AS4_AGGREGATOR) still shows here (an AS4_PATH is
 * still merged) and is left out of --json; a repeated attribute shows its
 * first value in both (bgpdump 1.6.2 asserts on repeats). No real file in
 * ../shared/data/mrt has any of these: -m is unchanged on all of them. */
#ifndef MANRS_MRT_BGPDUMP_H
#define MANRS_MRT_BGPDUMP_H

#include <stdbool.h>

#include "core/mrt_buf.h"
#include "bgp/mrt_elem.h"

enum mrt_bgpdump_mode {
	MRT_BGPDUMP_M = 1,       /* -m: unix timestamps, all fields */
	MRT_BGPDUMP_M_HUMAN = 2, /* -M: mm/dd/yy hh:mm:ss, fewer fields */
};

struct mrt_bgpdump {
	enum mrt_bgpdump_mode mode;
	bool time_change; /* -t change: RIB lines show when the route was learned */
	/* cache of the strings of the last attribute set seen */
	uint64_t cached_id;
	struct mrt_buf aspath;
	struct mrt_buf comms;
};

/* Set up f for mode; no allocation happens until the first use. */
void mrt_bgpdump_init(struct mrt_bgpdump *f, enum mrt_bgpdump_mode mode, bool time_change);

/* Free f's caches. */
void mrt_bgpdump_free(struct mrt_bgpdump *f);

/* Append the line for el to out (nothing for elements bgpdump skips).
 * Returns 0, or -1 when out of memory. */
int mrt_bgpdump_format(struct mrt_bgpdump *f, const struct mrt_elem *el, struct mrt_buf *out);

/* Format the AS path of a as bgpdump does ("1 2 {3,4}", "! Error !" when
 * malformed) into out, applying bgpdump's AS4_PATH merge. Returns 0 or -1. */
int mrt_bgpdump_aspath(const struct bgp_attrs *a, struct mrt_buf *out);

#endif
