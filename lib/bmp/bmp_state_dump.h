/* SPDX-License-Identifier: ISC */
/* bmp_state_dump.h - every route the collector holds, as JSON lines.
 *
 * One line per route, in the fields of `manrs mrt dump --json` for a RIB
 * entry (type "rib", prefix, as_path, next_hop, communities...) with the
 * router, the RIB view and "stale" in front: what a RIB snapshot of every
 * view would hold, for /rib and the interop tests. */
#ifndef MANRS_BMP_STATE_DUMP_H
#define MANRS_BMP_STATE_DUMP_H

#include "bmp/bmp_state.h"
#include "core/mrt_buf.h"

/* Append the routes of st to out (view < 0: every view). Returns the
 * number of routes written, or -1 when memory is short. */
long bmp_state_dump_json(const struct bmp_state *st, int view, struct mrt_buf *out);

#endif
