/* SPDX-License-Identifier: ISC */
/* irr_db.h - the in-memory IRR database: RPSL objects loaded from dumps,
 * indexed for the queries filter generators and whois clients make.
 *
 * Life cycle: irr_db_new(), irr_db_load_file() for each dump (plain, gzip,
 * bzip2, xz, zstd), irr_db_finish(); the db is then immutable and may be
 * shared by any number of readers until irr_db_free(). Reload = build a new
 * db beside the old one and swap the pointer.
 *
 * Memory: route/route6 objects are kept as packed 28-byte records (struct
 * irr_route) plus a 4-byte prefix index, not as text; their whois text is
 * regenerated (irr_route_format). Every other kept class keeps its raw text
 * once in an arena. Set names, maintainer names and source names are
 * interned, upper case.
 *
 * Sources: every object has a source (its "source:" attribute, else the
 * default given at load). A struct irr_sources is an ordered selection of
 * sources (like bgpq4 -S or IRRd !s). Set lookups take the set from the
 * first selected source that has it; route lookups take the union of all
 * selected sources. NULL for a selection means every source, in the order
 * they were first seen while loading. */
#ifndef MANRS_IRR_DB_H
#define MANRS_IRR_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"

#define IRR_MAX_SOURCES 64
#define IRR_NAME_MAX 256 /* longest set/mntner/source name accepted */

/* The object classes kept. Anything else is counted and skipped. */
enum irr_class {
	IRR_ROUTE,
	IRR_ROUTE6,
	IRR_AUT_NUM,
	IRR_AS_SET,
	IRR_ROUTE_SET,
	IRR_MNTNER,
	IRR_ROLE,
	IRR_PERSON,
	IRR_ORGANISATION,
	IRR_INETNUM,
	IRR_INET6NUM,
	IRR_CLASS_COUNT
};

/* Class name as in RPSL ("route6", "as-set"). */
const char *irr_class_name(enum irr_class c);

/* Class from its RPSL name (case-insensitive), or -1 when not kept. */
int irr_class_parse(const char *name);

/* One route or route6 object; 28 bytes. */
struct irr_route {
	uint8_t addr[16]; /* network byte order, host bits zero */
	uint32_t origin;
	uint32_t mnt;   /* interned name id of the first mnt-by, 0 = none */
	uint8_t family; /* 4 or 6 */
	uint8_t len;
	uint8_t source; /* source id */
	uint8_t flags;  /* IRR_ROUTE_* */
};

#define IRR_ROUTE_MEMBER_OF 0x01 /* has member-of: (see irr_expand_route_set) */

/* An ordered selection of sources. */
struct irr_sources {
	uint64_t mask; /* bit id set when source id is selected */
	uint8_t n;
	uint8_t id[IRR_MAX_SOURCES]; /* in priority order */
};

/* True when selection s (NULL = all) contains source id. */
static inline bool irr_sources_has(const struct irr_sources *s, unsigned id)
{
	return !s || (id < 64 && (s->mask >> id) & 1);
}

/* Counters filled while loading. */
struct irr_load_stats {
	unsigned long objects; /* objects parsed */
	unsigned long kept[IRR_CLASS_COUNT];
	unsigned long other;      /* objects of classes not kept */
	unsigned long rejected;   /* kept classes with a fatal defect (bad prefix, no origin) */
	unsigned long warnings;   /* warnings reported (parser and db) */
	unsigned long duplicates; /* identical route objects merged */
};

/* Receives every warning while loading (file and line in w). */
typedef void (*irr_warn_fn)(const struct err *w, void *ctx);

struct irr_db;

/* A new, empty db. NULL on allocation failure. */
struct irr_db *irr_db_new(void);

/* Free everything; NULL is allowed. */
void irr_db_free(struct irr_db *db);

/* Where warnings go while loading (default: dropped, only counted). */
void irr_db_set_warn(struct irr_db *db, irr_warn_fn fn, void *ctx);

/* Load one RPSL file. default_source names the source of objects without
 * "source:" (NULL: the file's base name up to the first '.', upper case).
 * Malformed objects give warnings and are skipped; loading goes on.
 * Returns 0, or -1 with e set (cannot open/read, out of memory, more than
 * IRR_MAX_SOURCES sources). Must not be called after irr_db_finish. */
int irr_db_load_file(struct irr_db *db, const char *path, const char *default_source,
                     struct err *e);

/* Load RPSL text from memory, like irr_db_load_file (name used in warnings). */
int irr_db_load_buffer(struct irr_db *db, const char *buf, size_t len, const char *name,
                       const char *default_source, struct err *e);

/* Sort and index. Returns 0 or -1 with e set (out of memory). */
int irr_db_finish(struct irr_db *db, struct err *e);

/* Counters from loading. */
const struct irr_load_stats *irr_db_stats(const struct irr_db *db);

/* Bytes of heap the finished db holds (approximate). */
size_t irr_db_memory(const struct irr_db *db);

/* Number of route/route6 objects held. */
size_t irr_db_route_count(const struct irr_db *db);

/* --- sources --- */

/* Number of sources seen. */
unsigned irr_db_nsources(const struct irr_db *db);

/* Name of source id (upper case), or NULL when out of range. */
const char *irr_db_source_name(const struct irr_db *db, unsigned id);

/* Id of a source (case-insensitive), or -1. */
int irr_db_source_id(const struct irr_db *db, const char *name);

/* All sources in load order. */
void irr_sources_all(const struct irr_db *db, struct irr_sources *s);

/* Parse "RIPE,RADB" (commas and/or spaces) into an ordered selection.
 * Unknown names are an error (e names them) unless skip_unknown is true, in
 * which case they are left out. Duplicates are ignored. Returns 0 or -1. */
int irr_sources_parse(const struct irr_db *db, const char *list, bool skip_unknown,
                      struct irr_sources *s, struct err *e);

/* --- routes --- */

/* Routes originated by asn, family 4 or 6 (0 = both, IPv4 first), from all
 * sources, sorted by prefix then source. A slice of the db's own array:
 * filter with irr_sources_has(sel, r->source). *n = 0 when none. */
const struct irr_route *irr_db_routes_by_origin(const struct irr_db *db, uint32_t asn, int family,
                                                size_t *n);

/* Fill p from a route record. */
void irr_route_prefix(const struct irr_route *r, struct prefix *p);

/* Write the route object's RPSL text ("route: ...\norigin: ...\nmnt-by:
 * ...\nsource: ...\n") into buf. Returns the length (may exceed n, like
 * snprintf). */
size_t irr_route_format(const struct irr_db *db, const struct irr_route *r, char *buf, size_t n);

/* How irr_db_routes_by_prefix matches (IRRd's !r options). */
enum irr_match {
	IRR_MATCH_EXACT,    /* !rP        exactly P */
	IRR_MATCH_LESS_ONE, /* !rP,l      the most specific less-specific, P excluded */
	IRR_MATCH_LESS_ALL, /* !rP,L      every less-specific, P included */
	IRR_MATCH_MORE_ALL, /* !rP,M      every more-specific, P excluded */
};

/* Visit the routes matching p (selected sources only), in prefix order.
 * fn returns nonzero to stop; that value is returned, else 0. */
int irr_db_routes_by_prefix(const struct irr_db *db, const struct prefix *p, enum irr_match m,
                            const struct irr_sources *sel,
                            int (*fn)(const struct irr_route *r, void *ctx), void *ctx);

/* --- growable result lists --- */

struct irr_asns {
	uint32_t *v;
	size_t n, cap;
};

struct irr_prefixes {
	struct prefix *v;
	size_t n, cap;
};

/* A route-set member prefix with its RFC 2622 range: lengths lo..hi are
 * accepted (lo = hi = p.len when the member had no range operator). */
struct irr_range {
	struct prefix p;
	uint8_t lo, hi;
};

struct irr_ranges {
	struct irr_range *v;
	size_t n, cap;
};

/* Append one value; 0 or -1 on allocation failure. */
int irr_asns_add(struct irr_asns *l, uint32_t asn);
int irr_prefixes_add(struct irr_prefixes *l, const struct prefix *p);
int irr_ranges_add(struct irr_ranges *l, const struct irr_range *r);

/* Sort (numeric / prefix_cmp order) and drop duplicates. */
void irr_asns_sort_unique(struct irr_asns *l);
void irr_prefixes_sort_unique(struct irr_prefixes *l);
void irr_ranges_sort_unique(struct irr_ranges *l);

/* Write r as RPSL writes a range member ("192.0.2.0/24", "^-", "^+", "^n",
 * "^n-m") into buf[0..n), truncated like snprintf. Shared by the set
 * member listing and the whois server's !i answer so both spell it alike. */
void irr_range_format(const struct irr_range *r, char *buf, size_t n);

/* Free the array; the list is empty afterwards. */
void irr_asns_free(struct irr_asns *l);
void irr_prefixes_free(struct irr_prefixes *l);
void irr_ranges_free(struct irr_ranges *l);

/* Append the prefixes of every route whose origin is one of asns[0..n),
 * family 4/6 (0 both), selected sources, then sort and de-duplicate out.
 * Returns 0 or -1 on allocation failure. */
int irr_db_prefixes_by_asns(const struct irr_db *db, const uint32_t *asns, size_t n, int family,
                            const struct irr_sources *sel, struct irr_prefixes *out);

/* --- set expansion (lib/irr/irr_expand.c) --- */

struct irr_expand_opts {
	const struct irr_sources *sources; /* NULL = all */
	unsigned max_depth;                /* 0 = unlimited; 1 = direct members only (nested sets
	                                      are not followed); n = follow n-1 levels of nesting */
	bool no_mbrs_by_ref;               /* ignore member-of/mbrs-by-ref (plain members only) */
};

/* Route-sets nested deeper than this are not followed (the walk recurses);
 * each set cut counts in irr_expand_info.limit_cut. */
#define IRR_EXPAND_MAX_NESTING 512

/* What an expansion met on the way (all counters, none fatal). */
struct irr_expand_info {
	unsigned sets;                    /* sets expanded (each counted once) */
	unsigned missing;                 /* referenced sets not found in the selected sources */
	unsigned loops;                   /* references to a set already being expanded */
	unsigned depth_cut;               /* nested sets not followed because of max_depth */
	unsigned limit_cut;               /* nested sets not followed because of the built-in
	                                     nesting cap (IRR_EXPAND_MAX_NESTING): the
	                                     result is incomplete and callers must say so */
	char first_missing[IRR_NAME_MAX]; /* name of the first missing set, "" if none */
};

/* Expand an as-set (or an AS number "AS64496": itself) to its AS numbers,
 * following members, mp-members, nested and hierarchical set names, and
 * aut-num member-of (when the set's mbrs-by-ref allows the aut-num's
 * maintainer, or says ANY). Loops are cut (each set expands once). out gets
 * sorted, unique ASNs. info may be NULL. Returns 1 when name was found, 0
 * when it does not exist in the selected sources (out unchanged), -1 on
 * allocation failure. */
int irr_expand_as_set(const struct irr_db *db, const char *name, const struct irr_expand_opts *o,
                      struct irr_asns *out, struct irr_expand_info *info);

/* Expand a route-set to prefix ranges of one family (4 or 6; 0 both):
 * members/mp-members prefixes (with range operators), nested route-sets,
 * as-sets and AS numbers (their route objects), and route objects whose
 * member-of names the set (mbrs-by-ref check). out gets sorted unique
 * ranges. Returns like irr_expand_as_set. */
int irr_expand_route_set(const struct irr_db *db, const char *name, const struct irr_expand_opts *o,
                         int family, struct irr_ranges *out, struct irr_expand_info *info);

/* Direct members of an as-set or route-set, as written (not recursive),
 * plus the objects that joined by member-of (aut-nums as "AS..." for an
 * as-set, route prefixes for a route-set). fn(member, ctx) is called for
 * each, unique, in set order; a nonzero return stops the visit. Returns 1
 * when the set was found (also when fn stopped), 0 when not found, -1 on
 * allocation failure. */
int irr_set_members(const struct irr_db *db, const char *name, const struct irr_sources *sel,
                    int (*fn)(const char *member, void *ctx), void *ctx);

/* True when name looks like an as-set/route-set name (RFC 2622: some
 * component, split on ':', starts with "AS-" or "RS-"). */
bool irr_is_set_name(const char *name);

/* --- objects (whois lookups) --- */

/* A view of one object for output; text is valid while the db lives (or,
 * for routes, while the view does: it points into buf). */
struct irr_object_view {
	enum irr_class cls;
	unsigned source;
	const char *text; /* RPSL text, each line ending in '\n' */
	size_t len;
	char buf[512];
};

/* Visit objects by primary key (case-insensitive): class cls, or every kept
 * class when cls < 0. Route keys are "PREFIX" (all origins) or
 * "PREFIXASN" / "PREFIX ASN" (IRRd style, one origin). Selected sources,
 * in selection order. fn returning nonzero stops the visit. Returns how
 * many objects were visited. */
int irr_db_lookup(const struct irr_db *db, int cls, const char *key, const struct irr_sources *sel,
                  int (*fn)(const struct irr_object_view *o, void *ctx), void *ctx);

/* Visit every object (routes included) whose mnt-by names mntner, like
 * irr_db_lookup. Returns the count visited. */
int irr_db_by_mntner(const struct irr_db *db, const char *mntner, const struct irr_sources *sel,
                     int (*fn)(const struct irr_object_view *o, void *ctx), void *ctx);

/* Visit every aut-num and route object that names set in member-of
 * (whether or not the set's mbrs-by-ref accepts it: this is the inverse
 * lookup "-i member-of"), like irr_db_lookup. Returns the count visited. */
int irr_db_by_member_of(const struct irr_db *db, const char *set, const struct irr_sources *sel,
                        int (*fn)(const struct irr_object_view *o, void *ctx), void *ctx);

/* Load generation: a number that grows with every db built in this
 * process (used as a serial in !j replies). */
uint64_t irr_db_generation(const struct irr_db *db);

/* --- RPKI-aware mode --- */

struct rpki_set;

/* Drop route objects that are RPKI-invalid (RFC 6811) against the finished
 * VRP set vrps, as IRRd 4 does. Call after irr_db_finish. Returns the
 * number dropped, or -1 with e set. */
long irr_db_drop_rpki_invalid(struct irr_db *db, const struct rpki_set *vrps, struct err *e);

#endif
