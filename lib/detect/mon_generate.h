/* SPDX-License-Identifier: ISC */
/* mon_generate.h - what 'manrs monitor generate' writes: a BGPalerter
 * prefixes.yml for some ASes, from three views of them - route objects
 * (IRR), ROAs (RPKI) and what a RIB shows announced - and the places where
 * those views disagree.
 *
 * Like BGPalerter's generate, the file lists each prefix the ASes announce
 * with description "No description provided" (+ " (valid ROA available)"),
 * asn as a list, ignoreMorespecifics false, ignore false, group "default";
 * more-specifics that other ASes announce inside it get their own entry
 * with ignoreMorespecifics true. Unlike it, prefixes that are only
 * registered (route object or ROA) are listed too, and an origin from
 * outside the ASes is listed only when a ROA or a route object authorises
 * it: a snapshot must not whitelist a hijack in progress. Use:
 *   mon_gen_init; mon_gen_set_irr / mon_gen_set_rpki;
 *   mon_gen_rib_route for every RIB route (first pass);
 *   mon_gen_rib_prepare; mon_gen_rib_other for every RIB route (second pass);
 *   mon_gen_finish; mon_gen_write_yaml; mon_gen_free. */
#ifndef MANRS_MON_GENERATE_H
#define MANRS_MON_GENERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/prefix.h"
#include "core/trie.h"

struct irr_db;
struct rpki_set;
struct rov_index;

enum mon_gen_issue_kind {
	MGEN_ANNOUNCED_NO_ROA,     /* announced, no ROA covers it (RPKI not-found) */
	MGEN_ANNOUNCED_INVALID,    /* announced RPKI-invalid (origin or maxLength) */
	MGEN_ROA_NOT_ANNOUNCED,    /* a ROA of the ASes that no announcement uses */
	MGEN_ROUTE_OBJECT_MISSING, /* announced, no route object for it */
	MGEN_ROUTE_OBJECT_UNUSED,  /* a route object of the ASes, not announced */
	MGEN_ORIGIN_DIFFERS,       /* another AS announces it, or the IRR names another */
	MGEN_ISSUE_KINDS
};

struct mon_gen_issue {
	enum mon_gen_issue_kind kind;
	struct prefix pfx;
	uint32_t asn;       /* the AS of the list it concerns */
	uint32_t other_asn; /* origin-differs: the other AS; 0 otherwise */
	char detail[160];
};

struct mon_gen_entry {
	struct prefix pfx;
	uint32_t *asns;
	size_t nasns;
	bool announced, irr, roa; /* seen for one of the ASes in the RIB / IRR / a ROA */
	bool delegated;           /* a more-specific another AS announces (ignoreMorespecifics) */
	bool valid_roa;           /* RPKI-valid for its first origin */
};

struct mon_gen_route {
	struct prefix pfx;
	uint32_t origin;
	uint32_t peers; /* RIB entries seen (about one per collector peer) */
};

struct u32_list {
	uint32_t *v;
	size_t n, cap;
};

struct mon_gen {
	uint32_t *asns; /* the ASes, sorted, unique */
	size_t nasns;
	struct u32_list *up, *down; /* per AS (index as in asns): neighbours in RIB paths */
	const struct irr_db *irr;
	const struct rpki_set *vrps;
	const struct rov_index *rov;
	bool have_rib;
	struct mon_gen_route *ann; /* announced by the ASes (first pass) */
	size_t nann, ann_cap;
	struct mon_gen_route *other; /* by other ASes at or under a listed prefix */
	size_t nother, other_cap;
	struct trie watch; /* every candidate prefix (value unused) */
	bool prepared;
	struct mon_gen_entry *entries;
	size_t nentries, entries_cap;
	struct mon_gen_issue *issues;
	size_t nissues, issues_cap;
	unsigned long rib_routes; /* RIB routes seen in the first pass */
};

struct mon_gen_yaml_opts {
	bool monitor_asns;     /* write options.monitorASns */
	bool ignore_delegated; /* delegated more-specifics get ignore: true (BGPalerter -i) */
	const char *group;     /* NULL: "default" */
};

/* Start for asns (n > 0; repeats are fine). Returns 0 or -1 (out of memory). */
int mon_gen_init(struct mon_gen *g, const uint32_t *asns, size_t n, struct err *e);

/* Free; safe after a failed init. */
void mon_gen_free(struct mon_gen *g);

/* Sources that were loaded (finished); either may stay unset. */
void mon_gen_set_irr(struct mon_gen *g, const struct irr_db *irr);
void mon_gen_set_rpki(struct mon_gen *g, const struct rpki_set *vrps, const struct rov_index *rov);

/* First pass: one RIB route (path neighbour first, origin last, origin 0
 * when it ends in an AS_SET). Returns 0 or -1 with e set. */
int mon_gen_rib_route(struct mon_gen *g, const struct prefix *p, const uint32_t *path,
                      size_t path_len, uint32_t origin, struct err *e);

/* Between the passes: index every candidate prefix. Returns 0 or -1. */
int mon_gen_rib_prepare(struct mon_gen *g, struct err *e);

/* Second pass: the same routes again; those of other ASes at or under a
 * candidate are kept. Returns 0 or -1. */
int mon_gen_rib_other(struct mon_gen *g, const struct prefix *p, uint32_t origin, struct err *e);

/* Build the entries and the issues. Returns 0 or -1 with e set. */
int mon_gen_finish(struct mon_gen *g, struct err *e);

/* Write the prefixes.yml. Returns 0, or -1 when the stream failed. */
int mon_gen_write_yaml(const struct mon_gen *g, FILE *f, const struct mon_gen_yaml_opts *o);

/* "announced-no-roa", "announced-rpki-invalid", "roa-not-announced",
 * "route-object-missing", "route-object-not-announced", "origin-differs". */
const char *mon_gen_issue_name(enum mon_gen_issue_kind k);

#endif
