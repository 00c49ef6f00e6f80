/* SPDX-License-Identifier: ISC */
/* ixp_peeringdb.c - PeeringDB API objects, read with the streaming JSON
 * lexer (lib/core/jlex.h) so every error names file and line. */
#include "ixp/ixp_peeringdb.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/jlex.h"

static int push(struct ixp_pdb *db, struct ixp_pdb_obj **o, struct err *e)
{
	struct ixp_pdb_obj *v = GROW(db->v, db->cap, db->n + 1);
	if (!v)
		return err_set(e, "out of memory");
	db->v = v;
	*o = &db->v[db->n];
	memset(*o, 0, sizeof **o);
	(*o)->operational = true;
	return 0;
}

/* Which fields a kind has that the others lack. */
struct seen {
	bool ipaddr, prefix, protocol, rs_asn, irr_as_set, name_long;
};

static void copy_str(char *dst, size_t n, const struct jlex *lx, enum jtok t)
{
	if (t == JT_STRING)
		snprintf(dst, n, "%.*s", (int)(n - 1), lx->tok); /* longer values are cut */
}

static int num(struct jlex *lx, enum jtok t, uint32_t *v, const char *what)
{
	uint64_t x;
	if (t == JT_NULL)
		return 0;
	if (jlex_uint(lx, t, UINT32_MAX, &x, what) < 0)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* One field of an object; t is the value's first token. */
static int field(struct jlex *lx, const char *key, enum jtok t, struct ixp_pdb_obj *o,
                 struct seen *s)
{
	static const struct {
		const char *key;
		size_t off;
	} nums[] = {{"id", offsetof(struct ixp_pdb_obj, id)},
	            {"ix_id", offsetof(struct ixp_pdb_obj, ix_id)},
	            {"ixlan_id", offsetof(struct ixp_pdb_obj, ixlan_id)},
	            {"asn", offsetof(struct ixp_pdb_obj, asn)},
	            {"rs_asn", offsetof(struct ixp_pdb_obj, rs_asn)},
	            {"info_prefixes4", offsetof(struct ixp_pdb_obj, info_prefixes4)},
	            {"info_prefixes6", offsetof(struct ixp_pdb_obj, info_prefixes6)}};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (!strcmp(key, nums[i].key)) {
			s->rs_asn |= !strcmp(key, "rs_asn");
			return num(lx, t, (uint32_t *)((char *)o + nums[i].off), key);
		}
	if (!strcmp(key, "name"))
		copy_str(o->name, sizeof o->name, lx, t);
	else if (!strcmp(key, "prefix"))
		copy_str(o->prefix, sizeof o->prefix, lx, t), s->prefix = true;
	else if (!strcmp(key, "protocol"))
		s->protocol = true;
	else if (!strcmp(key, "ipaddr4"))
		copy_str(o->ip4, sizeof o->ip4, lx, t), s->ipaddr = true;
	else if (!strcmp(key, "ipaddr6"))
		copy_str(o->ip6, sizeof o->ip6, lx, t), s->ipaddr = true;
	else if (!strcmp(key, "irr_as_set"))
		copy_str(o->irr_as_set, sizeof o->irr_as_set, lx, t), s->irr_as_set = true;
	else if (!strcmp(key, "name_long"))
		s->name_long = true;
	else if (!strcmp(key, "is_rs_peer"))
		o->is_rs_peer = t == JT_TRUE;
	else if (!strcmp(key, "operational"))
		o->operational = t != JT_FALSE;
	else if (!strcmp(key, "status") && t == JT_STRING)
		o->deleted = strcmp(lx->tok, "ok") != 0;
	if (t == JT_LBRACE || t == JT_LBRACK)
		return jlex_skip(lx, t);
	return 0;
}

static enum ixp_pdb_kind kind_of(const struct seen *s)
{
	if (s->ipaddr)
		return PDB_NETIXLAN;
	if (s->prefix && s->protocol)
		return PDB_IXPFX;
	if (s->irr_as_set)
		return PDB_NET;
	if (s->rs_asn)
		return PDB_IXLAN;
	if (s->name_long)
		return PDB_IX;
	return PDB_OTHER;
}

static int object(struct jlex *lx, struct ixp_pdb *db, struct err *e)
{
	struct ixp_pdb_obj *o = NULL;
	struct seen s = {0};
	int first = 1, r;
	if (push(db, &o, e) < 0)
		return -1;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[64];
		snprintf(key, sizeof key, "%.63s", lx->tok);
		enum jtok t = jlex_next(lx);
		if (t == JT_ERROR || field(lx, key, t, o, &s) < 0)
			return -1;
	}
	if (r < 0)
		return -1;
	o->kind = kind_of(&s);
	db->n++;
	return 0;
}

static long data_array(struct jlex *lx, struct ixp_pdb *db, struct err *e)
{
	int first = 1, r;
	enum jtok t;
	long n = 0;
	while ((r = jlex_arr_next(lx, &first, &t)) == 1) {
		if (t != JT_LBRACE)
			return jlex_fail(lx, "\"data\" holds something other than objects");
		if (object(lx, db, e) < 0)
			return -1;
		n++;
	}
	return r < 0 ? -1 : n;
}

static long parse(struct jlex *lx, struct ixp_pdb *db, struct err *e)
{
	int first = 1, r;
	long n = -2;
	if (jlex_next(lx) != JT_LBRACE)
		return lx->failed ? -1 : jlex_fail(lx, "not a PeeringDB API reply (no object)");
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		bool is_data = !strcmp(lx->tok, "data");
		enum jtok t = jlex_next(lx);
		if (is_data && t == JT_LBRACK) {
			if ((n = data_array(lx, db, e)) < 0)
				return -1;
		} else if (t == JT_ERROR || jlex_skip(lx, t) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (n == -2)
		return jlex_fail(lx, "not a PeeringDB API reply (no \"data\" list)");
	db->files++;
	return n;
}

long ixp_pdb_load_file(struct ixp_pdb *db, const char *path, struct err *e)
{
	struct reader *rd = reader_open(path, e);
	if (!rd)
		return -1;
	struct jlex lx;
	jlex_init_reader(&lx, rd, path, e);
	long n = parse(&lx, db, e);
	reader_close(rd);
	return n;
}

long ixp_pdb_load_buffer(struct ixp_pdb *db, const void *buf, size_t n, const char *name,
                         struct err *e)
{
	struct jlex lx;
	jlex_init_buffer(&lx, buf, n, name, e);
	return parse(&lx, db, e);
}

void ixp_pdb_free(struct ixp_pdb *db)
{
	free(db->v);
	memset(db, 0, sizeof *db);
}
