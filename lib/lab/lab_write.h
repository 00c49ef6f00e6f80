/* SPDX-License-Identifier: ISC */
/* lab_write.h - write a built lab into a directory.
 *
 * Files (each written to NAME.tmp and renamed, so a reader never sees half):
 *   as-rel.txt      CAIDA serial-1 AS relationships
 *   vrps.json       ROAs and ASPAs in rpki-client JSON
 *   irr.db          RPSL: mntner, aut-num, as-set, route, route6 (source LAB)
 *   rib.mrt         TABLE_DUMP_V2 RIB of the collector (our MRT writer)
 *   updates.mrt     BGP4MP updates with the planted incidents
 *   updates-addpath.mrt  the same UPDATEs with ADD-PATH NLRI (see below)
 *   stream.bmp      the same RIB and updates as a router's BMP feed
 *   incidents.json  ground truth: what was planted, where it shows, verdicts
 *   prefixes.yml    BGPalerter's monitored prefixes for the ASes incidents touch
 *   README          the same for humans, with counts */
#ifndef MANRS_LAB_WRITE_H
#define MANRS_LAB_WRITE_H

#include <stdio.h>

#include "bgp/mrt_write.h"
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
/* config.yml: BGPalerter's monitors tuned to a collector of lab->npeers peers. */
int lab_write_config_yml(const struct lab *lab, FILE *f, struct err *e);
/* ixp.yml: every lab AS as an IXP route-server member (lib/lab/lab_ixp.c). */
int lab_write_ixp_yml(const struct lab *lab, FILE *f, struct err *e);
/* ixp-rs-rib.mrt: LAB-IX's route server with no import filter, each lab
 * peer a member sending it what rib.mrt holds (lib/lab/lab_ixp_rib.c). */
int lab_write_ixp_rib_mrt(const struct lab *lab, const char *path, struct err *e);

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

/* stream.bmp: what the collector router would send a BMP station (RFC 7854)
 * over the same time: an Initiation naming the lab, a Peer Up per peer (both
 * OPENs, 4-byte ASN capability), the RIB as pre-policy Adj-RIB-In Route
 * Monitoring at the RIB time with an End-of-RIB per peer and family, every
 * event of updates.mrt in order packed into the same UPDATEs, the session
 * reset as Peer Down and Peer Up, and a Termination. Built from the lab, not
 * from the MRT files; a correct decoder prints the routes of both alike. */
int lab_write_bmp(const struct lab *lab, const char *path, struct err *e);

/* The attributes collector peer k sends a route with: ORIGIN IGP, the path,
 * the peer's address as next hop, the peer:class community (when cls is not
 * LAB_CLS_NONE and the peer AS fits 16 bits) and an OTC attribute when otc
 * is not 0. out->a points into out: fill it in place, do not copy it. The
 * MRT and BMP writers both encode these, so their routes are the same. */
struct lab_attrs {
	struct mrt_attrs a;
	uint32_t comm;
	uint8_t otc[7];
};
void lab_attrs_make(const struct lab *lab, size_t k, const struct lab_path *path,
                    const struct prefix *pfx, uint8_t cls, uint32_t otc, struct lab_attrs *out);

#define LAB_PACK 32 /* prefixes per UPDATE: far below the 4096-byte limit */

/* How many events from lab->ev[i] on ride in one UPDATE (1..LAB_PACK): the
 * same second, peer, kind and family, and for announcements the same path,
 * class and OTC - as a router packs prefixes that share attributes. */
size_t lab_update_batch(const struct lab *lab, size_t i);

/* Indices into lab->routes in prefix order, IPv4 before IPv6, as RIB dumps
 * list them. The caller frees it; NULL with e set when out of memory. */
size_t *lab_rib_order(const struct lab *lab, struct err *e);

/* Format t as "2026-01-01T00:00:00Z" into buf (>= 21 bytes). */
char *lab_iso_time(uint32_t t, char *buf, size_t n);

#endif
