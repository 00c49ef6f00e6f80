/* SPDX-License-Identifier: ISC */
/* irr_db.c - the IRR database object: creation, accessors and sources.
 * Loading is in irr_db_load.c, sorting and indexing in irr_db_index.c,
 * route lookups in irr_db_query.c, result lists in irr_db_list.c. */
#include "irr/irr_db.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "irr/irr_internal.h"

static const char *const class_names[IRR_CLASS_COUNT] = {
    [IRR_ROUTE] = "route",     [IRR_ROUTE6] = "route6",       [IRR_AUT_NUM] = "aut-num",
    [IRR_AS_SET] = "as-set",   [IRR_ROUTE_SET] = "route-set", [IRR_MNTNER] = "mntner",
    [IRR_ROLE] = "role",       [IRR_PERSON] = "person",       [IRR_ORGANISATION] = "organisation",
    [IRR_INETNUM] = "inetnum", [IRR_INET6NUM] = "inet6num",
};

/* Route objects dominate real dumps (RADB: millions): keep them packed. */
_Static_assert(sizeof(struct irr_route) == 28, "struct irr_route must stay 28 bytes");

/* The one piece of process-wide state in lib/irr, on purpose: generations
 * are unique across every db of the process (a reload on a worker thread
 * included), so a cache keyed by generation never confuses two dbs. */
static _Atomic uint64_t generation_counter;

const char *irr_class_name(enum irr_class c)
{
	return (unsigned)c < IRR_CLASS_COUNT ? class_names[c] : "?";
}

int irr_class_parse(const char *name)
{
	for (int i = 0; i < IRR_CLASS_COUNT; i++)
		if (!strcasecmp(name, class_names[i]))
			return i;
	return -1;
}

struct irr_db *irr_db_new(void)
{
	struct irr_db *db = calloc(1, sizeof *db);

	if (db)
		db->generation = atomic_fetch_add(&generation_counter, 1) + 1;
	return db;
}

void irr_db_free(struct irr_db *db)
{
	if (!db)
		return;
	free(db->names.text);
	free(db->names.off);
	free(db->names.hash);
	for (unsigned i = 0; i < db->nsources; i++)
		free(db->srcname[i]);
	free(db->routes);
	free(db->by_prefix);
	free(db->objs);
	free(db->by_key);
	free(db->sets);
	free(db->members);
	free(db->ranges);
	free(db->u32);
	free(db->mo);
	free(db->mo_routes);
	free(db->text);
	free(db);
}

void irr_db_set_warn(struct irr_db *db, irr_warn_fn fn, void *ctx)
{
	db->warn = fn;
	db->warn_ctx = ctx;
}

const struct irr_load_stats *irr_db_stats(const struct irr_db *db)
{
	return &db->stats;
}

size_t irr_db_route_count(const struct irr_db *db)
{
	return db->nroutes;
}

uint64_t irr_db_generation(const struct irr_db *db)
{
	return db->generation;
}

size_t irr_db_memory(const struct irr_db *db)
{
	return db->names.text_cap + (size_t)db->names.cap * 8 + ((size_t)db->names.hmask + 1) * 4 +
	       db->route_cap * sizeof(struct irr_route) + db->nroutes * 4 +
	       db->obj_cap * sizeof(struct irr_obj) + db->nobjs * 4 +
	       db->set_cap * sizeof(struct irr_set) + db->member_cap * sizeof(struct irr_member) +
	       db->range_cap * sizeof(struct irr_range) + db->u32_cap * 4 +
	       db->mo_cap * sizeof(struct irr_memberof) +
	       db->mo_route_cap * sizeof(struct irr_route) + db->text_cap;
}

/* --- sources --- */

unsigned irr_db_nsources(const struct irr_db *db)
{
	return db->nsources;
}

const char *irr_db_source_name(const struct irr_db *db, unsigned id)
{
	return id < db->nsources ? db->srcname[id] : NULL;
}

static int source_idn(const struct irr_db *db, const char *name, size_t n)
{
	for (unsigned i = 0; i < db->nsources; i++)
		if (strlen(db->srcname[i]) == n && !strncasecmp(db->srcname[i], name, n))
			return (int)i;
	return -1;
}

int irr_db_source_id(const struct irr_db *db, const char *name)
{
	return source_idn(db, name, strlen(name));
}

/* Id for a source name, adding it when new; -1 when full or out of memory. */
int irr_db_source_add(struct irr_db *db, const char *name, size_t n)
{
	int id = source_idn(db, name, n);
	char *s;

	if (id >= 0)
		return id;
	if (db->nsources >= IRR_MAX_SOURCES || n == 0 || n >= IRR_NAME_MAX)
		return -1;
	s = malloc(n + 1);
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		s[i] = (char)toupper((unsigned char)name[i]);
	s[n] = '\0';
	db->srcname[db->nsources] = s;
	return (int)db->nsources++;
}

void irr_sources_all(const struct irr_db *db, struct irr_sources *s)
{
	s->n = 0;
	s->mask = 0;
	for (unsigned i = 0; i < db->nsources; i++) {
		s->id[s->n++] = (uint8_t)i;
		s->mask |= 1ull << i;
	}
}

int irr_sources_parse(const struct irr_db *db, const char *list, bool skip_unknown,
                      struct irr_sources *s, struct err *e)
{
	const char *p = list;

	s->n = 0;
	s->mask = 0;
	while (*p) {
		size_t n = 0;
		int id;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		while (p[n] && p[n] != ',' && !isspace((unsigned char)p[n]))
			n++;
		id = source_idn(db, p, n);
		if (id < 0 && !skip_unknown)
			return err_set(e, "unknown source '%.*s'", (int)(n > 64 ? 64 : n), p);
		if (id >= 0 && !((s->mask >> id) & 1)) {
			s->id[s->n++] = (uint8_t)id;
			s->mask |= 1ull << id;
		}
		p += n;
	}
	return 0;
}
