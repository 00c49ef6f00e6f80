/* SPDX-License-Identifier: ISC */
/* aggregate.h - the prefix tree behind `manrs irr filter`: a path-compressed
 * binary radix tree whose shape, more-specifics expansion (-R, -r) and
 * aggregation (-A) reproduce bgpq4 1.9 exactly, so every output format can
 * print the same lines in the same order as bgpq4. */
#ifndef MANRS_IRR_AGGREGATE_H
#define MANRS_IRR_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/prefix.h"

/* One tree node. A glue node only joins two subtrees and is never printed.
 * An aggregate node stands for its prefix with lengths agg_lo..agg_hi.
 * "son" chains extra entries for the same prefix made by aggregation. */
struct agg_node {
	struct prefix p;
	struct agg_node *l, *r, *parent, *son;
	bool glue, aggregate;
	uint8_t agg_lo, agg_hi;
};

struct agg_chunk;

/* A tree for one address family; nodes come from an internal arena. */
struct agg_tree {
	int family; /* 4 or 6 */
	struct agg_node *head;
	struct agg_chunk *chunks;
	size_t nodes; /* nodes allocated (including glue and sons) */
};

/* What a printer sees for each entry: exact prefix when !aggregate,
 * otherwise the prefix with allowed lengths lo..hi (lo may equal p->len). */
struct agg_entry {
	const struct prefix *p;
	bool aggregate;
	unsigned lo, hi;
};

/* Start an empty tree for family 4 or 6. */
void agg_tree_init(struct agg_tree *t, int family);

/* Free every node. The tree can be reused after agg_tree_init. */
void agg_tree_free(struct agg_tree *t);

/* True when no prefix was inserted. */
bool agg_tree_empty(const struct agg_tree *t);

/* Insert p (host bits must be clear). Inserting a prefix twice is a no-op.
 * Returns the node, or NULL on a family mismatch or allocation failure. */
struct agg_node *agg_insert(struct agg_tree *t, const struct prefix *p);

/* Insert every prefix covered by p with a length in min..max (the RPSL range
 * operators ^-, ^+, ^n, ^n-m). Returns 0, or -1 on allocation failure or
 * when the range would exceed `limit` prefixes (bgpq4 would try anyway). */
int agg_insert_range(struct agg_tree *t, const struct prefix *p, unsigned min, unsigned max,
                     size_t limit, struct err *e);

/* Parse one prefix as an IRRd reply carries it ("a.b.c.d/n", "x::/n",
 * optionally "^-", "^+", "^n", "^n-m") and insert it as bgpq4 does: other
 * families are ignored, prefixes longer than maxlen (when nonzero) dropped,
 * host bits cleared. Returns 1 inserted, 0 ignored, -1 malformed (message
 * in e) or out of memory. */
int agg_add_text(struct agg_tree *t, const char *s, size_t n, unsigned maxlen, struct err *e);

/* -R len: let every prefix shorter than len also match more-specifics up to len. */
void agg_refine(struct agg_tree *t, unsigned len);

/* -r len: let every prefix up to len match more-specifics from len to the
 * family maximum. */
void agg_refine_low(struct agg_tree *t, unsigned len);

/* -A: merge sibling prefixes and ranges into covering entries (bgpq4 rules). */
void agg_aggregate(struct agg_tree *t);

/* Visit the printable entries in bgpq4 order (pre-order, left before right,
 * each node followed by its son chain). When with_sons is false the son
 * chains are not followed (bgpq4's Juniper prefix-list printer). */
typedef void (*agg_visit_fn)(const struct agg_entry *e, void *ctx);
void agg_foreach(const struct agg_tree *t, bool with_sons, agg_visit_fn fn, void *ctx);

/* Number of printable entries (what agg_foreach with sons would visit). */
size_t agg_count(const struct agg_tree *t);

#endif
