/* SPDX-License-Identifier: ISC */
/* scan_report.h - what 'manrs sav scan' found, as a table or as JSON. */
#ifndef MANRS_SAV_SCAN_REPORT_H
#define MANRS_SAV_SCAN_REPORT_H

#include <stdio.h>

#include "sav/scan.h"

/* What the report covers besides the counters. */
struct sav_report_opts {
	const char *file;  /* the capture's name */
	const char *error; /* why reading stopped early, NULL when it did not */
	size_t top;        /* offenders to show */
};

/* The per-ingress table, the top offenders and (when listing) every
 * spoofed packet, for a terminal. */
void sav_report_text(FILE *out, const struct sav_scan *s, const struct sav_report_opts *o);

/* The same as one JSON object. Returns 0, or -1 when writing failed. */
int sav_report_json(FILE *out, const struct sav_scan *s, const struct sav_report_opts *o);

/* Packets with a spoofed source (foreign, other-customer, bogon, martian). */
uint64_t sav_report_spoofed(const struct sav_counts *c);

#endif
