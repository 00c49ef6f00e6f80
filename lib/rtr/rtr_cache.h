/* SPDX-License-Identifier: ISC */
/* rtr_cache.h - what the RTR server serves: the current snapshot (an
 * immutable, reference-counted RPKI set with its serial) and the history of
 * past serials, each with the composed delta from it to the current one.
 *
 * Reload builds a new set beside the old one and hands it to
 * rtr_cache_update(); sessions still streaming the old snapshot keep their
 * reference until they finish. */
#ifndef MANRS_RTR_CACHE_H
#define MANRS_RTR_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "rpki/rpki_set.h"
#include "rtr/rtr_delta.h"

struct rtr_snapshot {
	unsigned refs;
	uint32_t serial;
	struct rpki_set set; /* normalized: VRPs IPv4 first, then IPv6 */
	size_t nv4, nv6;
	int64_t data_time; /* when the data was produced (unix), 0 unknown */
	time_t installed;  /* when this serial became current */
};

struct rtr_history {
	uint32_t serial;
	struct rtr_delta *delta; /* from serial to the current serial */
};

struct rtr_cache {
	uint16_t session_id;
	struct rtr_snapshot *cur; /* NULL until the first good load */
	int stale;                /* data older than the allowed age: serve nothing */
	struct rtr_history *hist; /* oldest first */
	size_t nhist, max_hist;
};

enum rtr_lookup {
	RTR_LOOKUP_CURRENT, /* the router is up to date */
	RTR_LOOKUP_DELTA,   /* send *delta */
	RTR_LOOKUP_RESET,   /* serial unknown: Cache Reset */
};

/* Initialise an empty cache keeping max_hist past serials. */
void rtr_cache_init(struct rtr_cache *c, uint16_t session_id, size_t max_hist);

/* Release the snapshot reference and history. */
void rtr_cache_free(struct rtr_cache *c);

/* Make set (finished; ownership passes to the cache in every case) the
 * current data. Returns 1 when it differs from the previous data (serial
 * incremented, history updated), 0 when identical (only data_time is
 * refreshed), -1 on allocation failure (old data kept). */
int rtr_cache_update(struct rtr_cache *c, struct rpki_set *set, int64_t data_time);

/* What to answer a Serial Query for serial: sets *delta (not referenced)
 * for RTR_LOOKUP_DELTA. Only meaningful when c->cur is set. */
enum rtr_lookup rtr_cache_lookup(const struct rtr_cache *c, uint32_t serial,
                                 struct rtr_delta **delta);

/* True when there is data a router may be given. */
static inline int rtr_cache_ready(const struct rtr_cache *c)
{
	return c->cur && !c->stale;
}

/* Take and drop a snapshot reference; the last unref frees the set. */
struct rtr_snapshot *rtr_snapshot_ref(struct rtr_snapshot *s);
void rtr_snapshot_unref(struct rtr_snapshot *s);

#endif
