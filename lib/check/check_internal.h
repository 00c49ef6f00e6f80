/* SPDX-License-Identifier: ISC */
/* check_internal.h - what the metric families of lib/check share: the
 * loaded world and the per-family entry points check_as_compute calls. */
#ifndef MANRS_CHECK_INTERNAL_H
#define MANRS_CHECK_INTERNAL_H

#include <string.h>

#include "check/check.h"
#include "detect/alert.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

struct irr_db;
struct as_rel;
struct bogon_set;
struct spoofer;

/* Copy src into dst[0..n), truncated, always terminated. */
static inline void ck_copy(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);
	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = 0;
}

/* One announced (prefix, origin) pair. */
struct ck_route {
	struct prefix pfx;
	uint32_t origin;
};

/* A monitor alert, reduced to what the filtering metrics read. */
struct ck_alert {
	uint64_t id;
	char type[24], code[16];
	struct prefix pfx;
	uint32_t offender;
	uint32_t first, last, resolved; /* resolved 0 while open */
	char desc[200];
};

/* An open-addressing set of fixed-size keys (routes, adjacencies). */
struct ck_hset {
	unsigned char *slots; /* cap * (1 + ksize): a used byte, then the key */
	size_t ksize, n, cap;
};
int ck_hset_init(struct ck_hset *h, size_t ksize, size_t cap);
/* Insert key; 1 when new, 0 when present, -1 when out of memory. */
int ck_hset_add(struct ck_hset *h, const void *key);
/* Visit every key. */
void ck_hset_each(const struct ck_hset *h, void (*fn)(const void *key, void *ctx), void *ctx);
void ck_hset_free(struct ck_hset *h);

struct check_world {
	bool have_vrps, have_mrt;
	struct rpki_set vrps;
	struct rov_index rov;
	struct irr_db *irr;
	const char *const *irr_paths; /* the dumps loaded (the caller's strings) */
	size_t nirr_paths;
	struct as_rel *asrel;
	struct bogon_set *bogons;
	struct pdb *pdb;
	struct spoofer *spoof;
	/* routes, after loading: sorted by origin then prefix */
	struct ck_hset route_set;
	struct ck_route last_route; /* the last one put in route_set */
	uint64_t *adjv;             /* adjacencies a << 32 | b while reading */
	size_t nadjv, capadjv, adj_unique;
	struct ck_route *routes;
	size_t nroutes;
	uint32_t *origins;
	size_t norigins;
	uint64_t *adj; /* a << 32 | b, both directions, sorted */
	size_t nadj;
	struct ck_alert *alerts;
	size_t nalerts, capalerts;
	uint64_t *alert_by_off; /* offender << 32 | alert index, sorted */
	size_t nalert_by_off;
	uint64_t *p2c; /* provider << 32 | customer from as-rel, sorted */
	size_t np2c, capp2c;
	uint32_t data_start, data_end;
	unsigned long problems;
	unsigned long irr_warnings; /* malformed RPSL objects skipped */
	char irr_first_warning[256];
	bool failed; /* out of memory inside a callback */
#define CK_PATH_CACHE 64
	uint32_t last_path[CK_PATH_CACHE]; /* the last path whose adjacencies were added */
	size_t last_path_len;
};

/* check_routes.c: one announcement seen (prefix, path, origin). */
int ck_routes_add(struct check_world *w, const struct prefix *p, const uint32_t *path, size_t len,
                  uint32_t origin);
/* Sort ascending (radix sort; qsort when out of memory). */
void ck_sort_u64(uint64_t *v, size_t n);
/* Sort the collected routes and adjacencies into their arrays. */
int ck_routes_finish(struct check_world *w, struct err *e);
/* The routes of one origin (a slice of w->routes). */
const struct ck_route *ck_routes_of(const struct check_world *w, uint32_t asn, size_t *n);
/* ASes adjacent to asn in paths, plus its as-rel neighbours; sorted unique,
 * malloc'ed into *out. Returns 0 or -1. */
int ck_neighbours(const struct check_world *w, uint32_t asn, uint32_t **out, size_t *n);
/* asn's customers by as-rel, sorted, malloc'ed into *out. 0 or -1. */
int ck_customers(const struct check_world *w, uint32_t asn, uint32_t **out, size_t *n);
/* Index the alerts by offender and the as-rel links by provider. */
int ck_index(struct check_world *w, struct err *e);
/* The alert indices of one offender: a slice of w->alert_by_off. */
const uint64_t *ck_alerts_of(const struct check_world *w, uint32_t offender, size_t *n);

/* True when a route object with origin asn covers p (exact or less specific). */
bool ck_irr_covers(const struct irr_db *db, const struct prefix *p, uint32_t asn);

/* The families. Each fills its part of a. */
int ck_filtering(const struct check_world *w, struct check_as *a, struct err *e);
void ck_spoofing(const struct check_world *w, struct check_as *a);
int ck_coordination(const struct check_world *w, struct check_as *a, struct err *e);
int ck_global(const struct check_world *w, struct check_as *a, struct err *e);
void ck_scores(struct check_as *a, const struct check_have *h, const struct check_cutoffs *c);

/* check_spoofing.c */
struct spoofer *spoofer_load(const char *path, struct err *e);
/* The same over a buffer named name (tests and the fuzzer). */
struct spoofer *spoofer_load_buffer(const char *buf, size_t n, const char *name, struct err *e);
void spoofer_free(struct spoofer *s);
/* Tests of asn: *tests results, *spoofable distinct prefixes that received
 * spoofed packets. False when asn was never tested. */
bool spoofer_lookup(const struct spoofer *s, uint32_t asn, unsigned *tests, unsigned *spoofable);

/* check_coordination.c: the aut-num of asn in every source, merged: its
 * contact handles and import/export peers. */

#endif
