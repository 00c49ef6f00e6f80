/* SPDX-License-Identifier: ISC */
/* check_peeringdb.c - read PeeringDB API JSON with the project's lexer. */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "check/check_peeringdb.h"
#include "core/grow.h"
#include "core/jlex.h"
#include "core/reader.h"

/* The scalar members of one object, as text. */
#define PDB_MAXF 48
struct pdb_fields {
	char key[PDB_MAXF][32];
	char val[PDB_MAXF][160];
	bool isnull[PDB_MAXF];
	int n;
};

enum pdb_type { PT_GUESS, PT_NET, PT_POC, PT_IX, PT_IXLAN, PT_NETIXLAN, PT_OTHER };

static const char *fget(const struct pdb_fields *f, const char *k)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->key[i], k))
			return f->isnull[i] ? "" : f->val[i];
	return NULL;
}

static uint32_t fnum(const struct pdb_fields *f, const char *k)
{
	const char *v = fget(f, k);
	return v ? (uint32_t)strtoul(v, NULL, 10) : 0;
}

static void fcopy(char *dst, size_t n, const struct pdb_fields *f, const char *k)
{
	const char *v = fget(f, k);
	ck_copy(dst, n, v ? v : "");
}

/* Read one object's members ('{' already read): scalars kept, the rest skipped. */
static int read_fields(struct jlex *lx, struct pdb_fields *f)
{
	int first = 1, r;
	f->n = 0;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[32];
		ck_copy(key, sizeof key, lx->tok);
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
		if (f->n == PDB_MAXF)
			continue;
		ck_copy(f->key[f->n], sizeof f->key[0], key);
		const char *v = t == JT_TRUE ? "true" : t == JT_FALSE ? "false" : lx->tok;
		ck_copy(f->val[f->n], sizeof f->val[0], t == JT_NULL ? "" : v);
		f->isnull[f->n] = t == JT_NULL;
		f->n++;
	}
	return r;
}

static enum pdb_type guess(const struct pdb_fields *f)
{
	if (fget(f, "ixlan_id") && fget(f, "net_id"))
		return PT_NETIXLAN;
	if (fget(f, "net_id") && fget(f, "role"))
		return PT_POC;
	if (fget(f, "ix_id") && (fget(f, "mtu") || fget(f, "rs_asn")))
		return PT_IXLAN;
	if (fget(f, "asn") && fget(f, "info_type"))
		return PT_NET;
	if (fget(f, "tech_email") || fget(f, "policy_email"))
		return PT_IX;
	return PT_OTHER;
}

static int add_net(struct pdb *d, const struct pdb_fields *f)
{
	void *grown = GROW(d->net, d->capnet, d->nnet + 1);
	if (!grown)
		return -1;
	d->net = grown;
	struct pdb_net *n = &d->net[d->nnet++];
	memset(n, 0, sizeof *n);
	n->id = fnum(f, "id");
	n->asn = fnum(f, "asn");
	fcopy(n->name, sizeof n->name, f, "name");
	fcopy(n->updated, sizeof n->updated, f, "updated");
	fcopy(n->poc_updated, sizeof n->poc_updated, f, "poc_updated");
	return 0;
}

static int add_poc(struct pdb *d, const struct pdb_fields *f)
{
	void *grown = GROW(d->poc, d->cappoc, d->npoc + 1);
	if (!grown)
		return -1;
	d->poc = grown;
	struct pdb_poc *p = &d->poc[d->npoc++];
	memset(p, 0, sizeof *p);
	p->id = fnum(f, "id");
	p->net_id = fnum(f, "net_id");
	fcopy(p->role, sizeof p->role, f, "role");
	fcopy(p->visible, sizeof p->visible, f, "visible");
	fcopy(p->name, sizeof p->name, f, "name");
	fcopy(p->email, sizeof p->email, f, "email");
	fcopy(p->phone, sizeof p->phone, f, "phone");
	fcopy(p->updated, sizeof p->updated, f, "updated");
	return 0;
}

static int add_ix(struct pdb *d, const struct pdb_fields *f)
{
	void *grown = GROW(d->ix, d->capix, d->nix + 1);
	if (!grown)
		return -1;
	d->ix = grown;
	struct pdb_ix *x = &d->ix[d->nix++];
	memset(x, 0, sizeof *x);
	x->id = fnum(f, "id");
	fcopy(x->name, sizeof x->name, f, "name");
	fcopy(x->tech_email, sizeof x->tech_email, f, "tech_email");
	fcopy(x->tech_phone, sizeof x->tech_phone, f, "tech_phone");
	fcopy(x->policy_email, sizeof x->policy_email, f, "policy_email");
	fcopy(x->policy_phone, sizeof x->policy_phone, f, "policy_phone");
	return 0;
}

static int add_ixlan(struct pdb *d, const struct pdb_fields *f)
{
	void *grown = GROW(d->ixlan, d->capixlan, d->nixlan + 1);
	if (!grown)
		return -1;
	d->ixlan = grown;
	struct pdb_ixlan *x = &d->ixlan[d->nixlan++];
	x->id = fnum(f, "id");
	x->ix_id = fnum(f, "ix_id");
	x->rs_asn = fnum(f, "rs_asn");
	return 0;
}

static int add_netixlan(struct pdb *d, const struct pdb_fields *f)
{
	void *grown = GROW(d->nxl, d->capnxl, d->nnxl + 1);
	if (!grown)
		return -1;
	d->nxl = grown;
	struct pdb_netixlan *x = &d->nxl[d->nnxl++];
	memset(x, 0, sizeof *x);
	x->id = fnum(f, "id");
	x->net_id = fnum(f, "net_id");
	x->ix_id = fnum(f, "ix_id");
	x->ixlan_id = fnum(f, "ixlan_id");
	x->asn = fnum(f, "asn");
	fcopy(x->ip4, sizeof x->ip4, f, "ipaddr4");
	fcopy(x->ip6, sizeof x->ip6, f, "ipaddr6");
	const char *rs = fget(f, "is_rs_peer");
	x->rs_peer = rs && !strcmp(rs, "true");
	return 0;
}

static int add_object(struct pdb *d, struct jlex *lx, enum pdb_type t)
{
	struct pdb_fields *f = malloc(sizeof *f);
	if (!f)
		return jlex_fail(lx, "out of memory");
	int rc = read_fields(lx, f);
	if (rc == 0) {
		if (t == PT_GUESS)
			t = guess(f);
		switch (t) {
		case PT_NET:
			rc = add_net(d, f);
			break;
		case PT_POC:
			rc = add_poc(d, f);
			break;
		case PT_IX:
			rc = add_ix(d, f);
			break;
		case PT_IXLAN:
			rc = add_ixlan(d, f);
			break;
		case PT_NETIXLAN:
			rc = add_netixlan(d, f);
			break;
		default:
			d->skipped++;
			break;
		}
		if (rc < 0)
			jlex_fail(lx, "out of memory");
	}
	free(f);
	return rc;
}

/* An array of objects ('[' already read). */
static int read_array(struct pdb *d, struct jlex *lx, enum pdb_type t)
{
	int first = 1, r;
	enum jtok tok;
	while ((r = jlex_arr_next(lx, &first, &tok)) == 1) {
		if (tok != JT_LBRACE)
			return jlex_fail(lx, "PeeringDB data: expected an object");
		if (add_object(d, lx, t) < 0)
			return -1;
	}
	return r;
}

static enum pdb_type type_of_key(const char *k)
{
	static const struct {
		const char *k;
		enum pdb_type t;
	} names[] = {{"net", PT_NET},     {"poc", PT_POC},           {"ix", PT_IX},
	             {"ixlan", PT_IXLAN}, {"netixlan", PT_NETIXLAN}, {"data", PT_GUESS}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(k, names[i].k))
			return names[i].t;
	return PT_OTHER;
}

/* A value holding objects of type t: an array, or {"data": [...]}. */
static int read_typed(struct pdb *d, struct jlex *lx, enum jtok tok, enum pdb_type t)
{
	if (tok == JT_LBRACK)
		return read_array(d, lx, t);
	if (tok != JT_LBRACE)
		return jlex_fail(lx, "PeeringDB: expected an array or object");
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		bool data = !strcmp(lx->tok, "data");
		enum jtok v = jlex_next(lx);
		if (v == JT_ERROR)
			return -1;
		if (data && v == JT_LBRACK) {
			if (read_array(d, lx, t) < 0)
				return -1;
		} else if (jlex_skip(lx, v) < 0) {
			return -1;
		}
	}
	return r;
}

static int read_document(struct pdb *d, struct jlex *lx)
{
	if (jlex_next(lx) != JT_LBRACE)
		return lx->failed ? -1 : jlex_fail(lx, "not PeeringDB JSON (expected an object)");
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		enum pdb_type t = type_of_key(lx->tok);
		enum jtok v = jlex_next(lx);
		if (v == JT_ERROR)
			return -1;
		if (t == PT_OTHER) {
			if (jlex_skip(lx, v) < 0)
				return -1;
		} else if (read_typed(d, lx, v, t) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (jlex_next(lx) != JT_EOF)
		return lx->failed ? -1 : jlex_fail(lx, "trailing data after the JSON document");
	return 0;
}

struct pdb_mark {
	size_t net, poc, ix, ixlan, nxl, skipped;
};

static int run(struct pdb *d, struct jlex *lx)
{
	struct pdb_mark m = {d->nnet, d->npoc, d->nix, d->nixlan, d->nnxl, d->skipped};
	if (read_document(d, lx) == 0)
		return 0;
	d->nnet = m.net, d->npoc = m.poc, d->nix = m.ix, d->nixlan = m.ixlan, d->nnxl = m.nxl;
	d->skipped = m.skipped;
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
	free(d->nxl);
	free(d);
}

int pdb_load_buffer(struct pdb *d, const char *buf, size_t n, const char *name, struct err *e)
{
	struct jlex lx;
	jlex_init_buffer(&lx, buf, n, name, e);
	return run(d, &lx);
}

int pdb_load_file(struct pdb *d, const char *path, struct err *e)
{
	struct reader *r = reader_open(path, e);
	if (!r)
		return -1;
	struct jlex lx;
	jlex_init_reader(&lx, r, path, e);
	int rc = run(d, &lx);
	reader_close(r);
	return rc;
}

static int cmp_net(const void *a, const void *b)
{
	const struct pdb_net *x = a, *y = b;
	return x->asn < y->asn ? -1 : x->asn > y->asn ? 1 : (x->id > y->id) - (x->id < y->id);
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
