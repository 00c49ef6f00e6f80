/* SPDX-License-Identifier: ISC */
/* rtr_print.h - what 'manrs rtr dump' prints: the data a sync fetched
 * (sorted CSV or rpki-client style JSON) or the counts and timings of one
 * or many syncs (key=value text or one JSON object). */
#ifndef MANRS_RTR_PRINT_H
#define MANRS_RTR_PRINT_H

#include <stdint.h>
#include <stdio.h>

#include "rpki/rpki_set.h"

/* Counts and timings of a run of syncs. */
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

/* Print a set as sorted CSV ("ASN,IP Prefix,Max Length", then when there
 * are ASPAs an empty line and "Customer ASN,Provider ASNs" lines such as
 * "AS64496,AS64497 AS64498") or as rpki-client style JSON. Normalizes
 * (sorts) the set. Returns 0, or -1 when writing failed (errno tells). */
int rtr_client_print(FILE *f, struct rpki_set *set, int json);

/* Print a report as "key=value" text or as one JSON object. */
void rtr_client_report_text(FILE *f, const struct rtr_client_report *r);
int rtr_client_report_json(FILE *f, const struct rtr_client_report *r);

#endif
