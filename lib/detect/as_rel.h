/* SPDX-License-Identifier: ISC */
/* as_rel.h - AS relationships from CAIDA's as-rel files, for the leak
 * detector's valley-free check.
 *
 * Lines are "<provider>|<customer>|-1" or "<peer>|<peer>|0" (serial-1),
 * with a fourth "|<source>" field in serial-2; '#' starts a comment.
 * Compressed files are read transparently. A lookup is one probe sequence
 * in an open-addressing hash keyed by the unordered pair. */
#ifndef MANRS_AS_REL_H
#define MANRS_AS_REL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* What a is to b. */
enum as_rel_kind {
	AS_REL_NONE = 0, /* no known link */
	AS_REL_P2C,      /* a is b's provider */
	AS_REL_C2P,      /* a is b's customer */
	AS_REL_P2P       /* settlement-free peers */
};

struct as_rel;

/* An empty table; NULL with e set when out of memory. */
struct as_rel *as_rel_new(struct err *e);

/* Free; NULL is allowed. */
void as_rel_free(struct as_rel *r);

/* Add the links of a file. Returns the number of links read, or -1 with e
 * naming the file and line of the first bad one (links read before it are
 * kept). A pair listed twice keeps the last relation. */
long as_rel_load(struct as_rel *r, const char *path, struct err *e);

/* The same over a buffer named name (for tests and the fuzzer). */
long as_rel_load_buffer(struct as_rel *r, const char *buf, size_t n, const char *name,
                        struct err *e);

/* Add one link: rel -1 (a provider of b) or 0 (peers). Returns 0, or -1
 * with e set when out of memory or rel is neither. */
int as_rel_add(struct as_rel *r, uint32_t a, uint32_t b, int rel, struct err *e);

/* What a is to b. */
enum as_rel_kind as_rel_get(const struct as_rel *r, uint32_t a, uint32_t b);

/* When the relationships were inferred: the newest date of the file's
 * "# source:topology|BGP|YYYYMMDD|..." lines (CAIDA serial-1 and serial-2),
 * as Unix time at 00:00 UTC; 0 when no file said. Relationships change
 * (customers become peers, transit is bought and dropped), so findings on
 * data far from this date are weaker evidence. */
int64_t as_rel_date(const struct as_rel *r);

/* Call fn for every provider-customer link (in no particular order). Added
 * for manrs check, which needs each AS's customers. */
void as_rel_each_p2c(const struct as_rel *r,
                     void (*fn)(uint32_t provider, uint32_t customer, void *ctx), void *ctx);

/* Number of links held. */
size_t as_rel_count(const struct as_rel *r);

/* "none", "provider-customer", "customer-provider", "peer-peer". */
const char *as_rel_kind_name(enum as_rel_kind k);

#endif
