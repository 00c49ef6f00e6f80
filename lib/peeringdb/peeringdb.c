/* SPDX-License-Identifier: ISC */
/* peeringdb.c - read PeeringDB API JSON with the project's lexer: each
 * object's scalar members into a small table, its type guessed from them
 * (or named by the combined document's key), then copied into the typed
 * record by a per-type list of fields. */
#include "peeringdb/peeringdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/jlex.h"
#include "core/reader.h"

/* The scalar members of one object. Numeric members are checked while
 * read, so a bad one is named at its line. */
#define PDB_MAXF 48
struct pdb_fields {
	char key[PDB_MAXF][32];
	char val[PDB_MAXF][256];
	uint32_t num[PDB_MAXF];
	enum jtok tok[PDB_MAXF];
	int n;
};

enum pdb_type { PT_GUESS, PT_NET, PT_POC, PT_IX, PT_IXLAN, PT_IXPFX, PT_NETIXLAN, PT_OTHER };

/* Copy src into dst[0..n), cut to fit, always terminated. */
static void copy_text(char *dst, size_t n, const char *src)
{
	size_t l = strnlen(src, n - 1);
	memcpy(dst, src, l);
	dst[l] = 0;
}

static int find(const struct pdb_fields *f, const char *k)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->key[i], k))
			return i;
	return -1;
}

static bool has(const struct pdb_fields *f, const char *k)
{
	return find(f, k) >= 0;
}

static bool numeric_key(const char *k)
{
	static const char *const keys[] = {
	    "id",       "asn",    "net_id",         "ix_id",
	    "ixlan_id", "rs_asn", "info_prefixes4", "info_prefixes6"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strcmp(k, keys[i]))
			return true;
	return false;
}

/* One scalar member into the table (full tables drop the rest). */
static int keep_field(struct jlex *lx, struct pdb_fields *f, const char *key, enum jtok t)
{
	uint64_t v = 0;
	if (numeric_key(key) && t != JT_NULL && jlex_uint(lx, t, UINT32_MAX, &v, key) < 0)
		return -1;
	if (f->n == PDB_MAXF)
		return 0;
	int i = f->n++;
	copy_text(f->key[i], sizeof f->key[i], key);
	const char *text = t == JT_TRUE ? "true" : t == JT_FALSE ? "false" : lx->tok;
	copy_text(f->val[i], sizeof f->val[i], t == JT_NULL ? "" : text);
	f->num[i] = (uint32_t)v;
	f->tok[i] = t;
	return 0;
}

/* Read one object's members ('{' already read): scalars kept, the rest skipped. */
static int read_fields(struct jlex *lx, struct pdb_fields *f)
{
	int first = 1, r;
	f->n = 0;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[32];
		copy_text(key, sizeof key, lx->tok);
		enum jtok t = jlex_next(lx);
		if (t == JT_ERROR)
			return -1;
		if (t == JT_LBRACE || t == JT_LBRACK) {
			if (jlex_skip(lx, t) < 0)
				return -1;
			continue;
		}
		if (t != JT_STRING && t != JT_NUMBER && t != JT_TRUE && t != JT_FALSE &&
		    t != JT_NULL)
			return jlex_fail(lx, "bad value for \"%s\"", key);
		if (keep_field(lx, f, key, t) < 0)
			return -1;
	}
	return r;
}

/* The API's pages hold one type each, unnamed: tell it by the members only
 * that type has. */
static enum pdb_type guess(const struct pdb_fields *f)
{
	if (has(f, "ipaddr4") || has(f, "ipaddr6") || (has(f, "ixlan_id") && has(f, "net_id")))
		return PT_NETIXLAN;
	if (has(f, "prefix") && has(f, "protocol"))
		return PT_IXPFX;
	if (has(f, "net_id") && has(f, "role"))
		return PT_POC;
	if (has(f, "rs_asn") || (has(f, "ix_id") && has(f, "mtu")))
		return PT_IXLAN;
	if (has(f, "asn") && (has(f, "info_type") || has(f, "irr_as_set")))
		return PT_NET;
	if (has(f, "tech_email") || has(f, "policy_email") || has(f, "name_long"))
		return PT_IX;
	return PT_OTHER;
}

/* How one member lands in a record. */
enum fkind { F_NUM, F_TEXT, F_TRUE, F_NOT_FALSE, F_NOT_OK };
struct fdesc {
	const char *key;
	enum fkind kind;
	size_t off, size;
};
#define NUM(T, m, k)                                                                               \
	{                                                                                          \
		k, F_NUM, offsetof(T, m), 0                                                        \
	}
#define TEXT(T, m, k)                                                                              \
	{                                                                                          \
		k, F_TEXT, offsetof(T, m), sizeof((T *)0)->m                                       \
	}
#define FLAG(T, m, k, how)                                                                         \
	{                                                                                          \
		k, how, offsetof(T, m), 0                                                          \
	}

static const struct fdesc net_fields[] = {NUM(struct pdb_net, id, "id"),
                                          NUM(struct pdb_net, asn, "asn"),
                                          NUM(struct pdb_net, info_prefixes4, "info_prefixes4"),
                                          NUM(struct pdb_net, info_prefixes6, "info_prefixes6"),
                                          FLAG(struct pdb_net, deleted, "status", F_NOT_OK),
                                          TEXT(struct pdb_net, name, "name"),
                                          TEXT(struct pdb_net, irr_as_set, "irr_as_set"),
                                          TEXT(struct pdb_net, updated, "updated"),
                                          TEXT(struct pdb_net, poc_updated, "poc_updated"),
                                          {0}};
static const struct fdesc poc_fields[] = {NUM(struct pdb_poc, id, "id"),
                                          NUM(struct pdb_poc, net_id, "net_id"),
                                          TEXT(struct pdb_poc, role, "role"),
                                          TEXT(struct pdb_poc, visible, "visible"),
                                          TEXT(struct pdb_poc, name, "name"),
                                          TEXT(struct pdb_poc, email, "email"),
                                          TEXT(struct pdb_poc, phone, "phone"),
                                          TEXT(struct pdb_poc, updated, "updated"),
                                          {0}};
static const struct fdesc ix_fields[] = {NUM(struct pdb_ix, id, "id"),
                                         FLAG(struct pdb_ix, deleted, "status", F_NOT_OK),
                                         TEXT(struct pdb_ix, name, "name"),
                                         TEXT(struct pdb_ix, tech_email, "tech_email"),
                                         TEXT(struct pdb_ix, tech_phone, "tech_phone"),
                                         TEXT(struct pdb_ix, policy_email, "policy_email"),
                                         TEXT(struct pdb_ix, policy_phone, "policy_phone"),
                                         {0}};
static const struct fdesc ixlan_fields[] = {NUM(struct pdb_ixlan, id, "id"),
                                            NUM(struct pdb_ixlan, ix_id, "ix_id"),
                                            NUM(struct pdb_ixlan, rs_asn, "rs_asn"),
                                            FLAG(struct pdb_ixlan, deleted, "status", F_NOT_OK),
                                            {0}};
static const struct fdesc ixpfx_fields[] = {NUM(struct pdb_ixpfx, id, "id"),
                                            NUM(struct pdb_ixpfx, ixlan_id, "ixlan_id"),
                                            FLAG(struct pdb_ixpfx, deleted, "status", F_NOT_OK),
                                            TEXT(struct pdb_ixpfx, prefix, "prefix"),
                                            {0}};
static const struct fdesc netixlan_fields[] = {
    NUM(struct pdb_netixlan, id, "id"),
    NUM(struct pdb_netixlan, net_id, "net_id"),
    NUM(struct pdb_netixlan, ix_id, "ix_id"),
    NUM(struct pdb_netixlan, ixlan_id, "ixlan_id"),
    NUM(struct pdb_netixlan, asn, "asn"),
    FLAG(struct pdb_netixlan, rs_peer, "is_rs_peer", F_TRUE),
    FLAG(struct pdb_netixlan, operational, "operational", F_NOT_FALSE),
    FLAG(struct pdb_netixlan, deleted, "status", F_NOT_OK),
    TEXT(struct pdb_netixlan, ip4, "ipaddr4"),
    TEXT(struct pdb_netixlan, ip6, "ipaddr6"),
    {0}};

/* Fill record rec from f by its field list (members absent: defaults). */
static void fill(void *rec, const struct fdesc *fd, const struct pdb_fields *f)
{
	char *base = rec;
	for (; fd->key; fd++) {
		int i = find(f, fd->key);
		bool *flag = (bool *)(base + fd->off);
		switch (fd->kind) {
		case F_NUM:
			*(uint32_t *)(base + fd->off) = i < 0 ? 0 : f->num[i];
			break;
		case F_TEXT:
			copy_text(base + fd->off, fd->size, i < 0 ? "" : f->val[i]);
			break;
		case F_TRUE:
			*flag = i >= 0 && f->tok[i] == JT_TRUE;
			break;
		case F_NOT_FALSE:
			*flag = i < 0 || f->tok[i] != JT_FALSE;
			break;
		case F_NOT_OK:
			*flag = i >= 0 && f->tok[i] == JT_STRING && strcmp(f->val[i], "ok") != 0;
			break;
		}
	}
}

/* Append one zeroed record of type t; returns it and its field list, or
 * NULL when out of memory. */
#define APPEND(arr, n, cap, fields)                                                                \
	do {                                                                                       \
		void *g = GROW(d->arr, d->cap, d->n + 1);                                          \
		if (!g)                                                                            \
			return NULL;                                                               \
		d->arr = g;                                                                        \
		*fd = fields;                                                                      \
		rec = &d->arr[d->n++];                                                             \
		memset(rec, 0, sizeof d->arr[0]);                                                  \
	} while (0)

static void *append(struct pdb *d, enum pdb_type t, const struct fdesc **fd)
{
	void *rec = NULL;
	switch (t) {
	case PT_NET:
		APPEND(net, nnet, capnet, net_fields);
		break;
	case PT_POC:
		APPEND(poc, npoc, cappoc, poc_fields);
		break;
	case PT_IX:
		APPEND(ix, nix, capix, ix_fields);
		break;
	case PT_IXLAN:
		APPEND(ixlan, nixlan, capixlan, ixlan_fields);
		break;
	case PT_IXPFX:
		APPEND(pfx, npfx, cappfx, ixpfx_fields);
		break;
	case PT_NETIXLAN:
		APPEND(nxl, nnxl, capnxl, netixlan_fields);
		break;
	default:
		break;
	}
	return rec;
}

static int add_object(struct pdb *d, struct jlex *lx, enum pdb_type t, long *count)
{
	struct pdb_fields *f = malloc(sizeof *f);
	if (!f)
		return jlex_fail(lx, "out of memory");
	int rc = read_fields(lx, f);
	if (rc == 0) {
		(*count)++;
		if (t == PT_GUESS)
			t = guess(f);
		const struct fdesc *fd = NULL;
		void *rec = t == PT_OTHER ? NULL : append(d, t, &fd);
		if (rec)
			fill(rec, fd, f);
		else if (t == PT_OTHER)
			d->skipped++;
		else
			rc = jlex_fail(lx, "out of memory");
	}
	free(f);
	return rc;
}

/* An array of objects ('[' already read). */
static int read_array(struct pdb *d, struct jlex *lx, enum pdb_type t, long *count)
{
	int first = 1, r;
	enum jtok tok;
	while ((r = jlex_arr_next(lx, &first, &tok)) == 1) {
		if (tok != JT_LBRACE)
			return jlex_fail(lx, "PeeringDB data: expected an object");
		if (add_object(d, lx, t, count) < 0)
			return -1;
	}
	return r;
}

static enum pdb_type type_of_key(const char *k)
{
	static const struct {
		const char *k;
		enum pdb_type t;
	} names[] = {{"net", PT_NET},     {"poc", PT_POC},     {"ix", PT_IX},
	             {"ixlan", PT_IXLAN}, {"ixpfx", PT_IXPFX}, {"netixlan", PT_NETIXLAN},
	             {"data", PT_GUESS}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(k, names[i].k))
			return names[i].t;
	return PT_OTHER;
}

/* A value holding objects of type t: an array, or {"data": [...]}. */
static int read_typed(struct pdb *d, struct jlex *lx, enum jtok tok, enum pdb_type t, long *count)
{
	if (tok == JT_LBRACK)
		return read_array(d, lx, t, count);
	if (tok != JT_LBRACE)
		return jlex_fail(lx, "PeeringDB: expected an array or object");
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		bool data = !strcmp(lx->tok, "data");
		enum jtok v = jlex_next(lx);
		if (v == JT_ERROR)
			return -1;
		if (data && v == JT_LBRACK) {
			if (read_array(d, lx, t, count) < 0)
				return -1;
		} else if (jlex_skip(lx, v) < 0) {
			return -1;
		}
	}
	return r;
}

static long read_document(struct pdb *d, struct jlex *lx)
{
	if (jlex_next(lx) != JT_LBRACE)
		return lx->failed ? -1 : jlex_fail(lx, "not PeeringDB JSON (expected an object)");
	int first = 1, r;
	long count = 0;
	bool any = false;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		enum pdb_type t = type_of_key(lx->tok);
		enum jtok v = jlex_next(lx);
		if (v == JT_ERROR)
			return -1;
		if (t == PT_OTHER) {
			if (jlex_skip(lx, v) < 0)
				return -1;
		} else if (read_typed(d, lx, v, t, &count) < 0) {
			return -1;
		} else {
			any = true;
		}
	}
	if (r < 0)
		return -1;
	if (jlex_next(lx) != JT_EOF)
		return lx->failed ? -1 : jlex_fail(lx, "trailing data after the JSON document");
	if (!any)
		return jlex_fail(lx, "not PeeringDB JSON (no \"data\" list and no object type)");
	return count;
}

static long run(struct pdb *d, struct jlex *lx)
{
	struct pdb mark = *d;
	long n = read_document(d, lx);
	if (n >= 0) {
		d->files++;
		return n;
	}
	d->nnet = mark.nnet, d->npoc = mark.npoc, d->nix = mark.nix, d->nixlan = mark.nixlan;
	d->npfx = mark.npfx, d->nnxl = mark.nnxl, d->skipped = mark.skipped;
	return -1;
}

struct pdb *pdb_new(void)
{
	return calloc(1, sizeof(struct pdb));
}

void pdb_free(struct pdb *d)
{
	if (!d)
		return;
	free(d->net);
	free(d->poc);
	free(d->ix);
	free(d->ixlan);
	free(d->pfx);
	free(d->nxl);
	free(d);
}

long pdb_load_buffer(struct pdb *d, const char *buf, size_t n, const char *name, struct err *e)
{
	struct jlex lx;
	jlex_init_buffer(&lx, buf, n, name, e);
	return run(d, &lx);
}

long pdb_load_file(struct pdb *d, const char *path, struct err *e)
{
	struct reader *r = reader_open(path, e);
	if (!r)
		return -1;
	struct jlex lx;
	jlex_init_reader(&lx, r, path, e);
	long n = run(d, &lx);
	reader_close(r);
	return n;
}

/* Nets by AS number, the one not deleted first. */
static int cmp_net(const void *a, const void *b)
{
	const struct pdb_net *x = a, *y = b;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	if (x->deleted != y->deleted)
		return x->deleted ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_poc(const void *a, const void *b)
{
	const struct pdb_poc *x = a, *y = b;
	if (x->net_id != y->net_id)
		return x->net_id < y->net_id ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

void pdb_finish(struct pdb *d)
{
	if (d->nnet)
		qsort(d->net, d->nnet, sizeof *d->net, cmp_net);
	if (d->npoc)
		qsort(d->poc, d->npoc, sizeof *d->poc, cmp_poc);
}

const struct pdb_net *pdb_net_by_asn(const struct pdb *d, uint32_t asn)
{
	size_t lo = 0, hi = d->nnet;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->net[mid].asn < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nnet && d->net[lo].asn == asn ? &d->net[lo] : NULL;
}

const struct pdb_poc *pdb_pocs_of(const struct pdb *d, uint32_t net_id, size_t *n)
{
	size_t lo = 0, hi = d->npoc;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->poc[mid].net_id < net_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < d->npoc && d->poc[end].net_id == net_id)
		end++;
	*n = end - lo;
	return *n ? &d->poc[lo] : NULL;
}

const struct pdb_ix *pdb_ix_by_id(const struct pdb *d, uint32_t id)
{
	for (size_t i = 0; i < d->nix; i++)
		if (d->ix[i].id == id)
			return &d->ix[i];
	return NULL;
}

const struct pdb_ixlan *pdb_ixlan_by_id(const struct pdb *d, uint32_t id)
{
	for (size_t i = 0; i < d->nixlan; i++)
		if (d->ixlan[i].id == id && !d->ixlan[i].deleted)
			return &d->ixlan[i];
	return NULL;
}
