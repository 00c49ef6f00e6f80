/* SPDX-License-Identifier: ISC */
/* fetch_validate.c - a download is only used once it parses as its kind:
 * each kind is one row of a table naming its checker, which loads the file
 * with the library that will read it later and counts its objects. */
#include "fetch/fetch.h"

#include <string.h>

#include "bgp/mrt.h"
#include "detect/as_rel.h"
#include "irr/irr_db.h"
#include "peeringdb/peeringdb.h"
#include "rpki/rpki_set.h"

static int check_vrps(const char *path, uint64_t *objects, struct err *e)
{
	struct rpki_set s;
	int rc;

	rpki_set_init(&s);
	s.ignore_expires = 1; /* the file's shape is checked here, not its age */
	rc = rpki_set_load_file(&s, path, e);
	if (rc == 0)
		*objects = s.nvrps + s.naspas;
	rpki_set_free(&s);
	return rc;
}

static int check_irr(const char *path, uint64_t *objects, struct err *e)
{
	struct irr_db *db = irr_db_new();
	const struct irr_load_stats *st;
	int rc;

	if (!db)
		return err_set(e, "%s: out of memory", path);
	rc = irr_db_load_file(db, path, "FETCH", e);
	if (rc == 0)
		rc = irr_db_finish(db, e);
	st = irr_db_stats(db);
	if (rc == 0) {
		*objects = st->objects;
		if (st->objects == st->rejected + st->other && st->objects > 0 && st->rejected > 0)
			rc = err_set(e, "%s: every one of %lu RPSL objects was rejected", path,
			             st->objects);
	}
	irr_db_free(db);
	return rc;
}

struct mrt_first_warning {
	struct err w;
	bool seen;
};

static void keep_first_warning(void *ctx, const struct err *w)
{
	struct mrt_first_warning *fw = ctx;

	if (!fw->seen)
		fw->w = *w;
	fw->seen = true;
}

static int check_mrt(const char *path, uint64_t *objects, struct err *e)
{
	struct mrt_first_warning fw = {.seen = false};
	struct mrt_reader *r = mrt_reader_open(path, e);
	struct mrt_record rec;
	uint64_t n = 0;
	int rc;

	if (!r)
		return -1;
	mrt_reader_set_warn(r, keep_first_warning, &fw);
	while ((rc = mrt_reader_next(r, &rec, e)) == 1)
		n++;
	mrt_reader_close(r);
	if (rc < 0)
		return -1;
	/* a warning from the framing reader means a cut-off or broken record */
	if (fw.seen)
		return err_set(e, "%s", fw.w.msg);
	*objects = n;
	return 0;
}

/* PeeringDB JSON as `manrs check` and `manrs ixp import` read it (API
 * pages or one document per table): the same reader, so a file that
 * passes here loads there. */
static int check_peeringdb(const char *path, uint64_t *objects, struct err *e)
{
	struct pdb *d = pdb_new();
	if (!d)
		return err_set(e, "out of memory");
	long n = pdb_load_file(d, path, e);
	pdb_free(d);
	if (n < 0)
		return -1;
	*objects = (uint64_t)n;
	return 0;
}

static int check_asrel(const char *path, uint64_t *objects, struct err *e)
{
	struct as_rel *r = as_rel_new(e);
	long n;

	if (!r)
		return -1;
	n = as_rel_load(r, path, e);
	as_rel_free(r);
	if (n < 0)
		return -1;
	*objects = (uint64_t)n;
	return 0;
}

static const struct {
	const char *name;
	int (*check)(const char *path, uint64_t *objects, struct err *e);
	const char *what; /* objects counted, for "holds no ..." */
} kinds[FETCH_KIND_COUNT] = {
    [FETCH_VRPS] = {"vrps", check_vrps, "VRPs or ASPAs"},
    [FETCH_IRR] = {"irr", check_irr, "RPSL objects"},
    [FETCH_MRT] = {"mrt", check_mrt, "MRT records"},
    [FETCH_PEERINGDB] = {"peeringdb", check_peeringdb, "PeeringDB records"},
    [FETCH_ASREL] = {"asrel", check_asrel, "AS relationships"},
};

const char *fetch_kind_name(enum fetch_kind k)
{
	return k < FETCH_KIND_COUNT ? kinds[k].name : "?";
}

int fetch_kind_parse(const char *name)
{
	for (int k = 0; k < FETCH_KIND_COUNT; k++)
		if (!strcmp(name, kinds[k].name))
			return k;
	return -1;
}

int fetch_validate_file(enum fetch_kind k, const char *path, uint64_t *objects, struct err *e)
{
	*objects = 0;
	if (k >= FETCH_KIND_COUNT)
		return err_set(e, "%s: unknown kind", path);
	if (kinds[k].check(path, objects, e) < 0)
		return -1;
	if (*objects == 0)
		return err_set(e, "%s: holds no %s", path, kinds[k].what);
	return 0;
}
