/* SPDX-License-Identifier: ISC */
/* ixp_data.h - the filter data behind a route-server configuration: per
 * member the ASNs and route-object prefixes of its AS-SET (expanded by
 * lib/irr as bgpq4 would), optionally with ROAs of those ASNs counted as
 * route objects (RPKI-as-IRR). Built once, read by the config writers
 * (lib/out/rs_*.c) and by ixp_check. */
#ifndef MANRS_IXP_DATA_H
#define MANRS_IXP_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "irr/aggregate.h"
#include "ixp/ixp.h"

struct irr_db;
struct rpki_set;

/* One member's expanded AS-SET. */
struct ixp_member_data {
	uint32_t *asns; /* sorted, unique; always holds the member's own ASN */
	size_t nasns, asncap;
	struct agg_tree tree4, tree6; /* route objects (exact prefixes) */
	unsigned incomplete;          /* expansions cut short (warned) */
};

struct ixp_data {
	struct ixp_member_data *m; /* one per ixp member, same order */
	size_t n;
	size_t prefixes4, prefixes6; /* totals, for messages */
};

/* Receives every warning (unknown AS-SET, expansion cut short). */
typedef void (*ixp_warn_fn)(const char *msg, void *ctx);

/* Expand every member's AS-SET against db. When vrps is given and the
 * policy says rpki_as_irr, ROAs of the set's ASNs are added as prefixes
 * (with their maxLength range). Returns 0, or -1 with e set. */
int ixp_data_build(struct ixp_data *d, const struct ixp *x, const struct irr_db *db,
                   const struct rpki_set *vrps, ixp_warn_fn warn, void *warn_ctx, struct err *e);

/* Free everything; safe on a zeroed d. */
void ixp_data_free(struct ixp_data *d);

/* True when asn is in member data md. */
bool ixp_data_has_asn(const struct ixp_member_data *md, uint32_t asn);

/* True when the route-object tree of p's family holds p exactly (or a range
 * entry covering p with p's length in range). */
bool ixp_data_has_prefix(const struct ixp_member_data *md, const struct prefix *p);

/* True when p is equal to or more specific than a prefix of the tree. */
bool ixp_data_covers(const struct ixp_member_data *md, const struct prefix *p);

#endif
