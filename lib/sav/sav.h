/* SPDX-License-Identifier: ISC */
/* sav.h - source address validation (MANRS Action 2): the source prefixes
 * each customer interface may send, by method.
 *
 * Methods (enum sav_method):
 *   irr       the prefixes of the customer's AS-SET (or ASN) as bgpq4 lists them
 *   rpki      ROA prefixes of the customer's cone (the customer and, through
 *             ASPAs, the ASes below it)
 *   strict    RFC 3704 section 2.2: prefixes whose best route points back at
 *             the interface
 *   feasible  RFC 3704 section 2.3: prefixes the interface announced at all
 *   efp-a     RFC 8704 section 3.3 (algorithm A): per interface, every prefix
 *             (from any neighbour) of each customer origin AS one of whose
 *             prefixes the interface announced
 *   efp-b     RFC 8704 section 3.4 (algorithm B): one list for all customer
 *             interfaces, the customers' prefixes plus the peers' and
 *             providers' prefixes of the customers' origin ASes
 *   bar-sav   draft-ietf-sidrops-bar-sav (section 4): the customer cone from
 *             ASPAs and the AS paths the customer sends, then ROA prefixes
 *             and routed prefixes of that cone
 * Every list is aggregated without widening (sav_plist_aggregate). */
#ifndef MANRS_SAV_H
#define MANRS_SAV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"
#include "sav/sav_conf.h"
#include "sav/sav_plist.h"
#include "sav/sav_rib.h"

enum sav_method {
	SAV_IRR,
	SAV_RPKI,
	SAV_STRICT,
	SAV_FEASIBLE,
	SAV_EFP_A,
	SAV_EFP_B,
	SAV_BAR_SAV,
	SAV_METHOD_COUNT
};

struct rpki_set;
struct irr_db;
struct as_rel;

/* Per-route facts the RIB methods ask for again and again, computed once
 * (sav_derive): the relation of the route's neighbour (enum sav_relation)
 * and whether the route is the best one to its prefix (strict uRPF). */
struct sav_derived {
	uint8_t *rel;
	uint8_t *best;
	size_t n; /* routes covered: rib->n when derived */
};

/* What the methods read; any pointer may be NULL when its method is not used. */
struct sav_inputs {
	const struct sav_conf *conf;
	const struct sav_rib *rib;         /* per-neighbour Adj-RIB-In */
	const struct rpki_set *rpki;       /* VRPs and ASPAs (finished) */
	const struct irr_db *irr;          /* finished RPSL database */
	const struct as_rel *asrel;        /* CAIDA relationships (cones) */
	const char *irr_sources;           /* -S list for the IRR expansion, NULL all */
	const struct sav_derived *derived; /* from sav_derive; NULL: each call derives */
};

/* Compute d for in's RIB (in->derived is ignored). Returns 0, or -1 with e
 * set when out of memory. */
int sav_derive(const struct sav_inputs *in, struct sav_derived *d, struct err *e);

/* Release d; it is empty afterwards. */
void sav_derived_free(struct sav_derived *d);

/* "efp-a" -> SAV_EFP_A; -1 when unknown. */
int sav_method_parse(const char *s);

/* The name of a method ("efp-a"). */
const char *sav_method_name(enum sav_method m);

/* What a method needs: 'r' RIB, 'v' VRPs/ASPAs, 'i' IRR database. Returns
 * NULL when in has all of it, else a message naming the missing input. */
const char *sav_method_missing(enum sav_method m, const struct sav_inputs *in);

/* The allowed source prefixes of neighbour index nb (into in->conf) under m,
 * aggregated (widened when widen). out is reset first. Returns 0, or -1 with
 * e set (missing input, out of memory, an IRR expansion that failed). */
int sav_compute(const struct sav_inputs *in, enum sav_method m, size_t nb, bool widen,
                struct sav_plist *out, struct err *e);

/* The ASes of customer nb's cone as the data shows it: nb itself, ASes on
 * the AS paths nb sends (use_paths) and, recursively, ASes whose ASPA names
 * a cone member as provider (use_aspa). Sorted, unique, malloc'ed into
 * *out. Returns the count, or -1 when out of memory. */
long sav_cone(const struct sav_inputs *in, size_t nb, bool use_aspa, bool use_paths,
              uint32_t **out);

/* The legitimate sources of customer nb as the routing data says: every
 * prefix routed (by any neighbour) with an origin in its cone (ASPAs and
 * paths). Aggregated into out (reset first). Returns 0 or -1. */
int sav_legitimate(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e);

#endif
