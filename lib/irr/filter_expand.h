/* SPDX-License-Identifier: ISC */
/* filter_expand.h - turn the objects of a `manrs irr filter` command line
 * (AS numbers, as-sets, route-sets, prefixes, EXCEPT lists) into the ASN
 * list and prefix tree the bgpq4-compatible printers need, with bgpq4 1.9's
 * expansion rules. The data comes from a backend: a remote IRRd
 * (filter_run_remote, the queries bgpq4 sends) or the local RPSL database
 * (filter_run_local in filter_local.c). */
#ifndef MANRS_IRR_FILTER_EXPAND_H
#define MANRS_IRR_FILTER_EXPAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "irr/aggregate.h"

struct filter_req {
	int family;          /* 4 or 6 */
	unsigned maxlen;     /* -m: drop longer prefixes; 0 = none */
	unsigned maxdepth;   /* -L: 0 = unlimited */
	bool special_asns;   /* -p: keep 23456, 64496-65551 and >= 4200000000 */
	bool validate_asns;  /* -w (bgpq4 1.9 queries the routes but keeps every ASN) */
	bool prefixes;       /* the output needs prefixes (not -f/-G/-H/-t) */
	bool pipelining;     /* false with -T */
	const char *sources; /* -S list, NULL = server/db default */
	bool bgpq3;          /* bgpq3 0.1.36 rules: no !a, its ASN checks */
	bool asn32;          /* bgpq3 -3: 32-bit ASNs in as-paths (else 23456) */
	bool allow_23456;    /* bgpq3 -2 */
};

/* Receives every non-fatal problem (unknown set, bad ASN), bgpq4 style. */
typedef void (*filter_warn_fn)(const char *msg, void *ctx);

struct filter_strs {
	char **v;
	size_t n, cap;
};

struct filter_job {
	struct filter_req req;
	struct agg_tree tree;
	uint32_t *asns; /* sorted and unique after a run */
	size_t nasns, asncap;
	struct filter_strs sets, rsets, stop;
	bool usesource;   /* some object was SOURCE::NAME */
	bool except_mode; /* "EXCEPT" seen: later objects go to stop */
	filter_warn_fn warn;
	void *warn_ctx;
	unsigned long queries; /* queries or lookups made (for -d and benchmarks) */
	unsigned incomplete;   /* expansions cut short by a built-in limit (warned);
	                          the filter misses members and must not pass as whole */
};

/* Prepare a job. Returns 0 or -1. */
int filter_job_init(struct filter_job *j, const struct filter_req *r, filter_warn_fn warn,
                    void *warn_ctx);

/* Free everything the job holds. */
void filter_job_free(struct filter_job *j);

/* Add one command-line object as bgpq4 classifies it: "EXCEPT" switches to
 * the stop list; AS-... / X:AS-... / SOURCE::AS-... sets; RS-... route-sets;
 * ASnnn numbers; anything else is a prefix or prefix range (a^b). Returns 0,
 * or -1 with e set for a bad prefix (bgpq4 exits then too). */
int filter_job_add(struct filter_job *j, const char *obj, struct err *e);

/* True when the job needs nothing from a server (only prefixes/ASNs given). */
bool filter_job_static(const struct filter_job *j);

/* Add one ASN from its text ("AS123"), applying bgpq4's checks. Returns 1
 * added, 0 rejected (warned). */
int filter_job_add_asn_text(struct filter_job *j, const char *s, size_t n);

/* Expand the job against the IRRd c is connected to (the caller connects,
 * e.g. with whois_connect, and closes). Returns 0, or -1 with e set on a
 * connection or protocol failure. */
struct whois_client;
int filter_run_remote(struct filter_job *j, struct whois_client *c, struct err *e);

struct irr_db;

/* Expand the job against a loaded, finished database, the way bgpq4 does
 * against an IRRd 4 server (which answers !a). Returns 0 or -1. */
int filter_run_local(struct filter_job *j, const struct irr_db *db, struct err *e);

/* --- used by the backends --- */

/* What a backend provides; see filter_expand.c for the call order. */
struct filter_backend {
	void *ctx;
	/* Members of sets[0..n): recursive = all ASNs (!iSET,1), else direct
	 * members (!iSET). fn(arg, i, member) for each; a set not found is
	 * warned about and skipped. */
	int (*members)(void *ctx, struct filter_job *j, const char *const *sets, size_t n,
	               bool recursive, void (*fn)(void *arg, size_t i, const char *m, size_t len),
	               void *arg, struct err *e);
	/* All prefixes of an as-set at once (IRRd 4 !a4/!a6) into j->tree.
	 * Returns 1 done, 0 unsupported, -1 error. May be NULL. */
	int (*set_prefixes)(void *ctx, struct filter_job *j, const char *set, struct err *e);
	/* Prefixes of route-sets (!iRS,1) into j->tree. */
	int (*rset_prefixes)(void *ctx, struct filter_job *j, const char *const *rsets, size_t n,
	                     struct err *e);
	/* Prefixes of every ASN in j->asns (!gasN / !6asN) into j->tree. */
	int (*asn_prefixes)(void *ctx, struct filter_job *j, struct err *e);
};

/* Run the bgpq4 expansion order over a backend. Returns 0 or -1. */
int filter_expand(struct filter_job *j, const struct filter_backend *b, struct err *e);

/* Report a warning through the job's callback (printf style). */
void filter_warnf(struct filter_job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "SOURCE::NAME" -> NAME (or s itself), and the source part into src
 * ("" when none). */
const char *filter_split_source(const char *s, char *src, size_t srclen);

#endif
