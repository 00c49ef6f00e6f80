/* SPDX-License-Identifier: ISC */
/* rtr_client.h - a small RTR client: full sync (Reset Query to End of Data)
 * against a cache, optionally many in parallel as a load generator.
 *
 * Used by 'manrs rtr dump' to inspect any cache (ours, StayRTR, ...) and by
 * bench/rtr.sh to time full syncs for 1 and 500 concurrent routers. */
#ifndef MANRS_RTR_CLIENT_H
#define MANRS_RTR_CLIENT_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "rpki/rpki_set.h"

struct rtr_client_opts {
	const char *addr; /* "127.0.0.1:8282" or "[::1]:8282" */
	int version;      /* version to open with */
	unsigned clients; /* parallel sessions */
	unsigned timeout; /* seconds for the whole run */
	int collect;      /* keep the data of client 0 */
};

struct rtr_client_report {
	unsigned clients, completed;
	int version;      /* version the cache answered with */
	uint16_t session; /* from client 0 */
	uint32_t serial;
	uint64_t vrps4, vrps6, aspa_pdus, pdus, bytes; /* client 0 */
	int aspa_layouts; /* client 0: bit 1 << enum rtr_aspa_layout per layout seen */
	double eod_min, eod_max, eod_mean; /* seconds from connect to End of Data */
	double total;                      /* wall time for all clients */
};

/* Run the syncs. With out != NULL (and clients == 1) the VRPs and ASPAs of
 * the sync are added to *out. Returns 0 when every client reached End of
 * Data, -1 with e explaining the first failure (Error Report, Cache Reset,
 * malformed PDU, timeout, connection error). */
int rtr_client_run(const struct rtr_client_opts *o, struct rpki_set *out,
                   struct rtr_client_report *r, struct err *e);

/* Print a set as sorted CSV ("ASN,IP Prefix,Max Length", then when there
 * are ASPAs an empty line and "Customer ASN,Provider ASNs" lines such as
 * "AS64496,AS64497 AS64498") or as rpki-client style JSON. Normalizes
 * (sorts) the set. ASPA PDUs are read in either layout (current draft or
 * draft-10), told apart per PDU. */
void rtr_client_print(FILE *f, struct rpki_set *set, int json);

/* Print a report as "key=value" text or as one JSON object. */
void rtr_client_report_text(FILE *f, const struct rtr_client_report *r);
void rtr_client_report_json(FILE *f, const struct rtr_client_report *r);

#endif
