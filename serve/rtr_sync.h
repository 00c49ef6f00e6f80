/* SPDX-License-Identifier: ISC */
/* rtr_sync.h - the socket side of 'manrs rtr dump': one or many full syncs
 * (Reset Query to End of Data) against a cache over TCP, driven by poll().
 *
 * The protocol is lib/rtr's state machine (rtr_client.h); this file only
 * connects, moves bytes and keeps time. Used by 'manrs rtr dump' to inspect
 * any cache (ours, StayRTR, ...) and by bench/rtr.sh to time full syncs
 * for 1 and 500 concurrent routers. */
#ifndef MANRS_RTR_SYNC_H
#define MANRS_RTR_SYNC_H

#include "core/err.h"
#include "rpki/rpki_set.h"
#include "rtr/rtr_print.h"

struct rtr_sync_opts {
	const char *addr; /* "127.0.0.1:8282" or "[::1]:8282" */
	int version;      /* version to open with (lowered if the cache asks) */
	unsigned clients; /* parallel sessions */
	unsigned timeout; /* seconds for the whole run */
};

/* Run the syncs. With out != NULL (an initialized set, replaced) *out
 * gets the VRPs and ASPAs client 0 received, normalized. Returns 0 when every client reached End of
 * Data, -1 with e explaining the first failure (Error Report, Cache Reset, malformed PDU, timeout,
 * connection error). r is filled either way. */
int rtr_sync_run(const struct rtr_sync_opts *o, struct rpki_set *out, struct rtr_client_report *r,
                 struct err *e);

#endif
