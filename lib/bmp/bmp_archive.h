/* SPDX-License-Identifier: ISC */
/* bmp_archive.h - MRT archives of a BMP collector, laid out as a route
 * collector's: update files (BGP4MP) rotated every N seconds and RIB
 * snapshots (TABLE_DUMP_V2) every M seconds.
 *
 * Names carry the UTC start of their period, aligned to the interval as
 * RouteViews and RIS do: DIR/updates.20261207.0615.mrt (the UPDATEs
 * received from 06:15:00 to 06:29:59 with a 15-minute rotation) and
 * DIR/rib.20261207.0600.mrt. An update file is written to a temporary file
 * and renamed into place when its period ends (core/atomic_file.h), so a
 * reader never sees half of one; so is a RIB snapshot. UPDATEs are
 * archived as the router relayed them (BGP4MP_MESSAGE_AS4, or
 * BGP4MP_MESSAGE for a 2-byte-ASN session; the _ADDPATH subtypes with
 * ADD-PATH), peer up/down as BGP4MP_STATE_CHANGE_AS4. One RIB view goes
 * into the archive (pre-policy Adj-RIB-In by default). */
#ifndef MANRS_BMP_ARCHIVE_H
#define MANRS_BMP_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/mrt_write.h"
#include "bmp/bmp_state.h"
#include "core/atomic_file.h"
#include "core/err.h"

struct bmp_archive_config {
	const char *dir;        /* must exist */
	uint32_t rotate;        /* seconds per update file (> 0) */
	uint32_t rib_interval;  /* seconds between RIB snapshots; 0 = none */
	enum bmp_rib_view view; /* the view archived */
	uint32_t collector_id;  /* BGP id in the PEER_INDEX_TABLE */
};

struct bmp_archive {
	struct bmp_archive_config cfg;
	struct atomic_file af; /* the open update file */
	struct mrt_writer *w;  /* NULL when none is open */
	uint32_t period;       /* start of the open file's period */
	uint32_t next_rib;     /* when the next snapshot is due */
	uint64_t records, files, ribs, errors;
};

/* Format the file name for kind ("updates" or "rib") and the period
 * holding t (aligned down to interval seconds) into buf: "DIR/updates.
 * YYYYMMDD.HHMM.mrt". Returns buf, or NULL when it does not fit. */
char *bmp_archive_name(char *buf, size_t n, const char *dir, const char *kind, uint32_t t,
                       uint32_t interval);

/* Set up an archive (no file is opened yet). Returns 0, or -1 with e set
 * when dir is not a writable folder or the intervals are wrong. */
int bmp_archive_init(struct bmp_archive *a, const struct bmp_archive_config *cfg, struct err *e);

/* Close the open update file into place. Returns 0 or -1 with e set. */
int bmp_archive_close(struct bmp_archive *a, struct err *e);

/* Rotate when the open file's period ended before now (closing it into
 * place); called on a timer and before each write. 0 or -1 with e set. */
int bmp_archive_tick(struct bmp_archive *a, uint32_t now, struct err *e);

/* Archive one BGP message with timestamp t (the router's) over session s
 * (subtype as mrt_write_bgp4mp_raw takes) into the file of the period
 * holding now (the collector's clock). 0 or -1 with e set. */
int bmp_archive_message(struct bmp_archive *a, uint32_t now, uint32_t t,
                        const struct mrt_session *s, uint16_t subtype, const uint8_t *msg,
                        size_t len, struct err *e);

/* Archive a peer state change (MRT_STATE_*), as bmp_archive_message. */
int bmp_archive_state(struct bmp_archive *a, uint32_t now, uint32_t t, const struct mrt_session *s,
                      uint16_t old_state, uint16_t new_state, struct err *e);

/* True when a RIB snapshot is due at now (and schedules the next one). */
bool bmp_archive_rib_due(struct bmp_archive *a, uint32_t now);

/* Write a TABLE_DUMP_V2 snapshot of the archived view of st at time now
 * to the file named for now. Peers are every (router, peer) holding
 * routes in the view; routes of 2-byte-ASN sessions are written with
 * 4-byte AS_PATHs as RFC 6396 requires. Sets *routes to the routes
 * written. 0 or -1 with e set (nothing is left behind then). */
int bmp_archive_write_rib(const struct bmp_archive_config *cfg, const struct bmp_state *st,
                          uint32_t now, size_t *routes, struct err *e);

#endif
