/* SPDX-License-Identifier: ISC */
/* lab_write.h - write a built lab into a directory.
 *
 * Files (each written to NAME.tmp and renamed, so a reader never sees half):
 *   as-rel.txt      CAIDA serial-1 AS relationships
 *   vrps.json       ROAs and ASPAs in rpki-client JSON
 *   irr.db          RPSL: mntner, aut-num, as-set, route, route6 (source LAB)
 *   rib.mrt         TABLE_DUMP_V2 RIB of the collector (our MRT writer)
 *   updates.mrt     BGP4MP updates with the planted incidents
 *   incidents.json  ground truth: what was planted, where it shows, verdicts
 *   prefixes.yml    BGPalerter's monitored prefixes for the ASes incidents touch
 *   README          the same for humans, with counts */
#ifndef MANRS_LAB_WRITE_H
#define MANRS_LAB_WRITE_H

#include <stdio.h>

#include "lab/lab.h"

/* Counts for summaries (computed from a built lab). */
struct lab_stats {
	size_t tier[4];  /* ASes per tier (index LAB_TIER1..LAB_STUB) */
	size_t p2c, p2p; /* links */
	size_t routes4, routes6;
	size_t roas, aspas, irr_routes;
	size_t rib_entries;
	size_t rib_rov[3]; /* rib entries per LAB_ROV_* */
	size_t updates, withdrawals, states;
};

/* Fill s from lab. */
void lab_stats(const struct lab *lab, struct lab_stats *s);

/* Create dir if needed (one level) and write every file into it.
 * Returns 0, or -1 with e naming the file that failed. */
int lab_write_dir(const struct lab *lab, const char *dir, struct err *e);

/* The individual text writers. Each returns 0 or -1 (e set); stdio write
 * errors are caught when the caller closes f. */
int lab_write_asrel(const struct lab *lab, FILE *f, struct err *e);
int lab_write_vrps(const struct lab *lab, FILE *f, struct err *e);
int lab_write_rpsl(const struct lab *lab, FILE *f, struct err *e);
int lab_write_incidents(const struct lab *lab, FILE *f, struct err *e);
int lab_write_readme(const struct lab *lab, FILE *f, struct err *e);
int lab_write_prefixes_yml(const struct lab *lab, FILE *f, struct err *e);

/* The MRT writers open path themselves (through lib/bgp/mrt_write.h). */
int lab_write_rib_mrt(const struct lab *lab, const char *path, struct err *e);
int lab_write_updates_mrt(const struct lab *lab, const char *path, struct err *e);

/* updates-addpath.mrt: the same UPDATEs as updates.mrt written the way
 * BIRD's mrtdump did before RFC 8050: ADD-PATH NLRI (a path identifier
 * before every prefix, classic fields and MP_REACH/MP_UNREACH alike) under
 * the plain BGP4MP_MESSAGE_AS4 subtype. Sessions of even-numbered peers
 * start with both OPENs (ADD-PATH negotiated); odd ones have none, so a
 * reader must detect ADD-PATH from the NLRI. A correct reader prints the
 * same routes for both files. */
int lab_write_updates_addpath_mrt(const struct lab *lab, const char *path, struct err *e);

/* Format t as "2026-01-01T00:00:00Z" into buf (>= 21 bytes). */
char *lab_iso_time(uint32_t t, char *buf, size_t n);

#endif
