/* SPDX-License-Identifier: ISC */
/* irr_internal.h - the IRR database's private layout, shared by irr_db.c
 * (object, sources), irr_db_load.c (loading), irr_db_index.c (sort and
 * index), irr_db_query.c (route lookups), irr_db_list.c (result lists),
 * irr_names.c and irr_expand.c (set expansion). Not for users of lib/irr:
 * they see irr_db.h only. */
#ifndef MANRS_IRR_INTERNAL_H
#define MANRS_IRR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "irr/irr_db.h"

/* Interned upper-case names (sets, maintainers, object keys): id 0 = none. */
struct irr_names {
	char *text; /* NUL-terminated names back to back */
	size_t text_len, text_cap;
	uint64_t *off;   /* off[id] into text */
	uint32_t n, cap; /* ids 1..n-1 used */
	uint32_t *hash;  /* open addressing, 0 = empty slot */
	uint32_t hmask;
};

/* Intern s[0..len) (upper-cased). Returns the id, or 0 on allocation failure. */
uint32_t irr_names_intern(struct irr_names *nm, const char *s, size_t len);

/* Id of s[0..len) (any case) or 0 when never interned. */
uint32_t irr_names_find(const struct irr_names *nm, const char *s, size_t len);

/* The name for id. */
static inline const char *irr_names_str(const struct irr_names *nm, uint32_t id)
{
	return nm->text + nm->off[id];
}

/* Set members. */
enum irr_mem_kind { MEM_ASN, MEM_SET, MEM_RANGE };

struct irr_member {
	uint32_t val; /* ASN, name id, or index into db->ranges */
	uint8_t kind;
	uint8_t op; /* range operator on a set/AS member: 0 none, else 1 */
	uint8_t lo, hi;
};

/* One non-route object. */
struct irr_obj {
	uint64_t text_off;
	uint32_t text_len;
	uint32_t key;           /* interned primary key */
	uint32_t mnt_off, nmnt; /* mnt-by name ids in db->u32 */
	uint32_t set;           /* index into db->sets for as-set/route-set, else UINT32_MAX */
	uint8_t cls, source;
};

/* An as-set or route-set. */
struct irr_set {
	uint32_t obj;
	uint32_t mem_off, nmem; /* into db->members */
	uint32_t mbr_off, nmbr; /* mbrs-by-ref maintainer ids in db->u32 */
	uint8_t mbr_any;        /* mbrs-by-ref: ANY */
};

/* An aut-num or route naming a set in member-of. */
struct irr_memberof {
	uint32_t set;           /* set name id */
	uint32_t mnt_off, nmnt; /* the member's maintainers in db->u32 */
	uint32_t asn;           /* aut-num: its ASN; route: its origin */
	uint32_t route;         /* index into db->mo_routes, or UINT32_MAX for an aut-num */
	uint8_t source;
};

struct irr_db {
	struct irr_names names;
	char *srcname[IRR_MAX_SOURCES];
	unsigned nsources;

	struct irr_route *routes; /* after finish: sorted by origin, family, prefix, source */
	size_t nroutes, route_cap;
	uint32_t *by_prefix; /* route indices sorted by prefix, origin, source */

	struct irr_obj *objs;
	size_t nobjs, obj_cap;
	uint32_t *by_key; /* object indices sorted by key, class, source */

	struct irr_set *sets;
	size_t nsets, set_cap;
	struct irr_member *members;
	size_t nmembers, member_cap;
	struct irr_range *ranges;
	size_t nranges, range_cap;
	uint32_t *u32;
	size_t nu32, u32_cap;

	struct irr_memberof *mo; /* after finish: sorted by set */
	size_t nmo, mo_cap;
	struct irr_route *mo_routes; /* routes with member-of (copies) */
	size_t nmo_routes, mo_route_cap;

	char *text; /* raw text of non-route objects */
	size_t text_len, text_cap;

	struct irr_load_stats stats;
	irr_warn_fn warn;
	void *warn_ctx;
	uint64_t generation;
	int finished;
};

/* The set object named name_id chosen by the selection (first selected
 * source that has it), of class cls (IRR_AS_SET or IRR_ROUTE_SET, or -1
 * for either). Returns the irr_set, or NULL. */
const struct irr_set *irr_db_find_set(const struct irr_db *db, uint32_t name_id, int cls,
                                      const struct irr_sources *sel);

/* Range [*first, *last) of db->mo entries naming set name_id. */
void irr_db_memberof_range(const struct irr_db *db, uint32_t name_id, size_t *first, size_t *last);

/* True when a member with maintainers mnt[0..n) may join set s by member-of. */
int irr_db_mbrs_allowed(const struct irr_db *db, const struct irr_set *s, uint32_t mnt_off,
                        uint32_t nmnt);

/* Parse a route-set member range operator "^-", "^+", "^n", "^n-m" at s
 * (s points at '^') for a prefix of length len in family fam. Returns 0 and
 * fills lo/hi, or -1 when malformed. */
int irr_parse_range_op(const char *s, size_t n, unsigned len, int fam, uint8_t *lo, uint8_t *hi);

/* Id of a source, added when new (upper-cased); -1 when full. */
int irr_db_source_add(struct irr_db *db, const char *name, size_t n);

/* Add a route object that did not come from RPSL text. 0 or -1 (memory). */
int irr_db_add_route(struct irr_db *db, const struct prefix *p, uint32_t origin, unsigned source);

struct reader;

/* Load ARIN's OriginAS JSON export (whois_records.v4/v6: prefix, originas)
 * from r, or from buf[0..len) when r is NULL, as route/route6 objects of
 * source (default: the file's "source", else ARIN-WHOIS). name is used in
 * messages. Bad records give warnings. Returns 0 or -1 with e. */
int irr_db_load_originas(struct irr_db *db, struct reader *r, const void *buf, size_t len,
                         const char *name, const char *source, struct err *e);

#endif
