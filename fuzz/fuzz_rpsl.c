/* SPDX-License-Identifier: ISC */
/* fuzz_rpsl.c - the RPSL parser and the IRR database built from its output:
 * any input must load without crashing, and the finished database must
 * answer expansions and lookups for whatever set names the input used. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irr/irr_db.h"
#include "irr/rpsl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Set names seen in the input, to expand afterwards. */
struct names {
	char v[8][64];
	int n;
};

static int on_object(const struct rpsl_object *o, void *ctx)
{
	struct names *nm = ctx;

	/* the parser's promises: a class, NUL-terminated keys and values */
	if (!o->cls || !o->key || o->nattrs == 0 || o->text[o->text_len] != '\0')
		abort();
	for (size_t i = 0; i < o->nattrs; i++)
		if (!o->attrs[i].key[0] || !o->attrs[i].value)
			abort();
	if (nm->n < 8 && strlen(o->key) < 64) {
		strcpy(nm->v[nm->n], o->key);
		nm->n++;
	}
	return 0;
}

static int visit(const struct irr_object_view *v, void *ctx)
{
	(void)ctx;
	return v->len == 0 ? 0 : 0;
}

static int member(const char *m, void *ctx)
{
	(void)ctx;
	return m[0] == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct names nm = {.n = 0};
	struct irr_db *db;
	struct err e;

	if (rpsl_parse_buffer((const char *)data, size, "fuzz", on_object, NULL, &nm, &e) < 0)
		return 0;
	db = irr_db_new();
	if (!db)
		return 0;
	if (irr_db_load_buffer(db, (const char *)data, size, "fuzz", NULL, &e) == 0 &&
	    irr_db_finish(db, &e) == 0) {
		struct irr_expand_opts o = {.max_depth = 0};

		for (int i = 0; i < nm.n; i++) {
			struct irr_asns a = {0};
			struct irr_ranges r = {0};
			struct irr_prefixes p = {0};

			if (irr_expand_as_set(db, nm.v[i], &o, &a, NULL) > 0)
				irr_db_prefixes_by_asns(db, a.v, a.n, 0, NULL, &p);
			irr_expand_route_set(db, nm.v[i], &o, 0, &r, NULL);
			irr_set_members(db, nm.v[i], NULL, member, NULL);
			irr_db_lookup(db, -1, nm.v[i], NULL, visit, NULL);
			irr_db_by_mntner(db, nm.v[i], NULL, visit, NULL);
			irr_asns_free(&a);
			irr_ranges_free(&r);
			irr_prefixes_free(&p);
		}
	}
	irr_db_free(db);
	return 0;
}
