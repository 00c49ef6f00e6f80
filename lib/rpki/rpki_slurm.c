/* rpki_slurm.c - RFC 8416 SLURM: output filters and locally added assertions,
 * plus the ASPA members of draft-ietf-sidrops-aspa-slurm (aspaFilters,
 * aspaAssertions). BGPsec members are accepted and ignored: manrs serves
 * no router keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/trie.h"
#include "core/grow.h"
#include "rpki/rpki_load.h"

static int push_pf(struct slurm_filters *f, const struct slurm_prefix_filter *pf)
{
	if (grow_array(&f->pf, &f->pf_cap, f->npf + 1, sizeof *f->pf) < 0)
		return -1;
	f->pf[f->npf++] = *pf;
	return 0;
}

static int push_ac(struct slurm_filters *f, uint32_t asn)
{
	if (grow_array(&f->aspa_customers, &f->ac_cap, f->nac + 1, sizeof *f->aspa_customers) < 0)
		return -1;
	f->aspa_customers[f->nac++] = asn;
	return 0;
}

/* {"prefix":"192.0.2.0/24","asn":64496,"comment":".."}: either or both. */
static int parse_prefix_filter(struct slurm_filters *f, struct jlex *lx)
{
	struct slurm_prefix_filter pf;
	memset(&pf, 0, sizeof pf);
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		int is_prefix = strcmp(lx->tok, "prefix") == 0;
		int is_asn = strcmp(lx->tok, "asn") == 0;
		enum jtok t = jlex_next(lx);
		if (is_prefix) {
			if (t != JT_STRING || rpki_parse_prefix(lx->tok, &pf.prefix) < 0)
				return jlex_fail(lx, "prefixFilters: bad prefix '%.60s'", lx->tok);
			pf.has_prefix = 1;
		} else if (is_asn) {
			if (jlex_asn(lx, t, &pf.asn, "prefixFilters asn") < 0)
				return -1;
			pf.has_asn = 1;
		} else if (jlex_skip(lx, t) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (!pf.has_prefix && !pf.has_asn)
		return jlex_fail(lx, "prefixFilters entry needs a prefix or an asn");
	return push_pf(f, &pf) < 0 ? jlex_fail(lx, "out of memory") : 0;
}

static int parse_aspa_filter(struct slurm_filters *f, struct jlex *lx)
{
	uint32_t asn = 0;
	int found = 0, first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		int is_cust = strcmp(lx->tok, "customerAsid") == 0 ||
			      strcmp(lx->tok, "customer_asid") == 0;
		enum jtok t = jlex_next(lx);
		if (is_cust) {
			if (jlex_asn(lx, t, &asn, "aspaFilters customerAsid") < 0)
				return -1;
			found = 1;
		} else if (jlex_skip(lx, t) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (!found)
		return jlex_fail(lx, "aspaFilters entry needs customerAsid");
	return push_ac(f, asn) < 0 ? jlex_fail(lx, "out of memory") : 0;
}

/* Walk an array member of objects with fn; ctx is the filters or the set. */
static int each_object(struct jlex *lx, enum jtok t, const char *what,
		       int (*fn)(void *ctx, struct jlex *lx), void *ctx)
{
	if (t != JT_LBRACK)
		return t == JT_ERROR ? -1 : jlex_fail(lx, "\"%s\": expected an array", what);
	int first = 1, r;
	enum jtok et;
	while ((r = jlex_arr_next(lx, &first, &et)) == 1) {
		if (et != JT_LBRACE)
			return jlex_fail(lx, "\"%s\": expected objects in the array", what);
		if (fn(ctx, lx) < 0)
			return -1;
	}
	return r;
}

static int pf_cb(void *ctx, struct jlex *lx)
{
	return parse_prefix_filter(ctx, lx);
}

static int af_cb(void *ctx, struct jlex *lx)
{
	return parse_aspa_filter(ctx, lx);
}

static int roa_cb(void *ctx, struct jlex *lx)
{
	return rpki_json_roa(ctx, lx);
}

static int aspa_cb(void *ctx, struct jlex *lx)
{
	return rpki_json_aspa(ctx, lx);
}

int slurm_parse_filters(struct slurm_filters *f, struct jlex *lx)
{
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[32];
		snprintf(key, sizeof key, "%.31s", lx->tok);
		enum jtok t = jlex_next(lx);
		int rc;
		if (strcmp(key, "prefixFilters") == 0)
			rc = each_object(lx, t, key, pf_cb, f);
		else if (strcmp(key, "aspaFilters") == 0)
			rc = each_object(lx, t, key, af_cb, f);
		else
			rc = jlex_skip(lx, t); /* bgpsecFilters and extensions */
		if (rc < 0)
			return -1;
	}
	return r;
}

int slurm_parse_assertions(struct rpki_set *s, struct jlex *lx)
{
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[32];
		snprintf(key, sizeof key, "%.31s", lx->tok);
		enum jtok t = jlex_next(lx);
		int rc;
		if (strcmp(key, "prefixAssertions") == 0)
			rc = each_object(lx, t, key, roa_cb, s);
		else if (strcmp(key, "aspaAssertions") == 0)
			rc = each_object(lx, t, key, aspa_cb, s);
		else
			rc = jlex_skip(lx, t); /* bgpsecAssertions */
		if (rc < 0)
			return -1;
	}
	return r;
}

/* Filters indexed for a pass over ~800k VRPs: prefix filters in a trie
 * (value = first of the filters sharing that prefix, sorted together), ASN-only
 * filters in a sorted array. */
struct filter_index {
	struct trie trie;
	struct slurm_prefix_filter *byprefix; /* filters with a prefix, sorted */
	size_t nbyprefix;
	uint32_t *asns; /* ASN-only filters, sorted */
	size_t nasns;
};

static int pf_cmp(const void *a, const void *b)
{
	return prefix_cmp(&((const struct slurm_prefix_filter *)a)->prefix,
			  &((const struct slurm_prefix_filter *)b)->prefix);
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int index_build(struct filter_index *ix, const struct slurm_filters *f)
{
	memset(ix, 0, sizeof *ix);
	trie_init(&ix->trie);
	ix->byprefix = malloc((f->npf ? f->npf : 1) * sizeof *ix->byprefix);
	ix->asns = malloc((f->npf ? f->npf : 1) * sizeof *ix->asns);
	if (!ix->byprefix || !ix->asns)
		return -1;
	for (size_t i = 0; i < f->npf; i++) {
		if (f->pf[i].has_prefix)
			ix->byprefix[ix->nbyprefix++] = f->pf[i];
		else
			ix->asns[ix->nasns++] = f->pf[i].asn;
	}
	qsort(ix->byprefix, ix->nbyprefix, sizeof *ix->byprefix, pf_cmp);
	qsort(ix->asns, ix->nasns, sizeof *ix->asns, u32_cmp);
	for (size_t i = 0; i < ix->nbyprefix; i++)
		if ((i == 0 || !prefix_equal(&ix->byprefix[i - 1].prefix, &ix->byprefix[i].prefix)) &&
		    trie_insert(&ix->trie, &ix->byprefix[i].prefix, (uint32_t)i, NULL) < 0)
			return -1;
	return 0;
}

static void index_free(struct filter_index *ix)
{
	trie_free(&ix->trie);
	free(ix->byprefix);
	free(ix->asns);
}

struct cover_ctx {
	const struct filter_index *ix;
	uint32_t asn;
};

/* A filter prefix covers the VRP: it matches unless it also names another AS. */
static int cover_cb(const struct prefix *p, uint32_t value, void *vctx)
{
	const struct cover_ctx *c = vctx;
	for (size_t i = value; i < c->ix->nbyprefix && prefix_equal(&c->ix->byprefix[i].prefix, p);
	     i++)
		if (!c->ix->byprefix[i].has_asn || c->ix->byprefix[i].asn == c->asn)
			return 1;
	return 0;
}

static int vrp_filtered(const struct vrp *v, const struct filter_index *ix)
{
	if (ix->nasns && bsearch(&v->asn, ix->asns, ix->nasns, sizeof *ix->asns, u32_cmp))
		return 1;
	if (!ix->nbyprefix)
		return 0;
	struct prefix vp = { .family = v->family, .len = v->len };
	memcpy(vp.addr, v->addr, 16);
	struct cover_ctx c = { ix, v->asn };
	return trie_covering(&ix->trie, &vp, cover_cb, &c) != 0;
}

static int aspa_filtered(uint32_t customer, const struct slurm_filters *f)
{
	for (size_t i = 0; i < f->nac; i++)
		if (f->aspa_customers[i] == customer)
			return 1;
	return 0;
}

int slurm_apply_filters(struct rpki_set *s, const struct slurm_filters *f, size_t nvrps,
			size_t naspas)
{
	if (f->npf) {
		struct filter_index ix;
		if (index_build(&ix, f) < 0) {
			index_free(&ix);
			return -1;
		}
		size_t o = 0;
		for (size_t i = 0; i < s->nvrps; i++)
			if (i >= nvrps || !vrp_filtered(&s->vrps[i], &ix)) {
				if (s->vrp_expires)
					s->vrp_expires[o] = s->vrp_expires[i];
				s->vrps[o++] = s->vrps[i];
			}
		s->nvrps = o;
		index_free(&ix);
	}
	if (f->nac) {
		size_t o = 0;
		for (size_t i = 0; i < s->naspas; i++) {
			if (i < naspas && aspa_filtered(s->aspas[i].customer, f))
				free(s->aspas[i].providers);
			else
				s->aspas[o++] = s->aspas[i];
		}
		s->naspas = o;
	}
	return 0;
}

void slurm_filters_free(struct slurm_filters *f)
{
	free(f->pf);
	free(f->aspa_customers);
	memset(f, 0, sizeof *f);
}
