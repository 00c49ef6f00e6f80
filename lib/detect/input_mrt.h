/* SPDX-License-Identifier: ISC */
/* input_mrt.h - MRT files as monitor input: an optional RIB (the starting
 * state, events marked from_rib) then update files in order, replayed by
 * their own timestamps.
 *
 * Each element of lib/bgp/mrt_elem becomes a route_event: RIB entries and
 * announcements become ANNOUNCE (a route whose attributes RFC 7606 calls
 * treat-as-withdraw or worse becomes WITHDRAW), withdrawals WITHDRAW, and a
 * BGP4MP state change that leaves Established becomes PEER_DOWN. Malformed
 * records are warned about with file and byte offset (the MRT reader's
 * message), counted and skipped; a file that cannot be opened or is not MRT
 * is warned about, counted and skipped too: the stats tell the caller, who
 * decides the exit code. */
#ifndef MANRS_INPUT_MRT_H
#define MANRS_INPUT_MRT_H

#include <stddef.h>
#include <stdint.h>

#include "bgp/mrt_elem.h"
#include "core/err.h"
#include "detect/input.h"
#include "detect/route_event.h"

struct input_mrt_opts {
	const char *rib;            /* optional RIB file, read first; NULL for none */
	const char *const *updates; /* update files, read in this order */
	size_t n_updates;
	double speed;       /* 0: as fast as possible; N: N times real time */
	const char *source; /* route_event.source (e.g. "rrc00"); NULL: unknown */
	input_warn_fn warn; /* NULL: input_warn_stderr */
	void *warn_arg;
	input_idle_fn idle; /* NULL: none; after each file, with the event callback's arg */
	/* NULL: none. Else events are decoded a few ahead of the one handed
	 * on, and the route state is warmed for them (as input_ris does). */
	input_prefetch_fn prefetch;
};

struct input_mrt_stats {
	unsigned long files, files_failed; /* files read / could not be read */
	unsigned long records;             /* MRT records read */
	unsigned long elems;               /* elements decoded */
	unsigned long events;              /* events handed to the callback */
	unsigned long rib, announces, withdraws, peer_downs;
	unsigned long treat_as_withdraw; /* announcements turned into withdrawals (RFC 7606) */
	unsigned long skipped;         /* elements without a usable event (bad path, odd family) */
	unsigned long warnings;        /* malformed records and undecodable UPDATEs, all files */
	unsigned long dropped_updates; /* UPDATEs dropped whole for undecodable NLRI */
};

struct input_mrt;

/* An input over o (strings are borrowed: they must outlive the input).
 * NULL with e set on allocation failure. */
struct input_mrt *input_mrt_new(const struct input_mrt_opts *o, struct err *e);

/* Free; NULL is allowed. */
void input_mrt_free(struct input_mrt *in);

/* Read the RIB, then every update file, calling fn for each event. Returns
 * 0 when all input was read (warnings and skipped files are in the stats),
 * 1 when fn asked to stop, -1 with e set when fn failed. A file that ends
 * in a read error (not MRT, bad compression) is warned about and counted in
 * files_failed; the next file is still read. */
int input_mrt_run(struct input_mrt *in, route_event_fn fn, void *arg, struct err *e);

/* Counters so far. */
void input_mrt_get_stats(const struct input_mrt *in, struct input_mrt_stats *s);

/* Scratch space for one element's path and communities, reused while the
 * element's attributes stay the same (attrs_id). */
struct mrt_event_conv {
	uint32_t *path;
	size_t path_cap;
	uint32_t *comm;
	size_t comm_cap;
	uint64_t attrs_id;
	const struct bgp_attrs *attrs;
	int path_len;      /* -1: malformed path */
	size_t origin_set; /* length of a final AS_SET, 0 when none */
	size_t n_comm;
};

/* Turn one element into ev (pointers into conv and el). Returns 1 with ev
 * set, 0 when el yields no event (a state change that is not a session
 * going down, a malformed path), -1 on allocation failure. */
int mrt_elem_to_event(const struct mrt_elem *el, struct mrt_event_conv *conv,
                      struct route_event *ev);

/* Free conv's buffers (conv itself is the caller's). */
void mrt_event_conv_free(struct mrt_event_conv *conv);

#endif
