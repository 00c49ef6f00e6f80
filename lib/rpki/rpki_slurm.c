/* SPDX-License-Identifier: ISC */
/* rpki_slurm.c - RFC 8416 SLURM: output filters and locally added assertions,
 * plus the ASPA members of draft-ietf-sidrops-aspa-slurm (aspaFilters,
 * aspaAssertions). BGPsec members are accepted and ignored: manrs serves
 * no router keys.
 *
 * A file given as SLURM is read strictly (RFC 8416 section 3): every member
 * required, no unknown member, a bad filter or assertion fails the file with
 * its JSON path ("$.locallyAddedAssertions.prefixAssertions[2].maxPrefixLength").
 * A SLURM-shaped file given as data (the DN42 registry exports, which add
 * "source" and "mnt-by" to assertions) is read leniently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/trie.h"
#include "core/grow.h"
#include "rpki/rpki_load.h"
#include "rpki/rpki_slurm.h"

void slurm_stats_free(struct slurm_stats *st)
{
	free(st->rules);
	memset(st, 0, sizeof *st);
}

/* Record a rule in st; returns its index, or -1 (st NULL or no memory). */
static long stats_rule(struct slurm_stats *st, enum slurm_rule_kind kind, const char *file,
                       const char *path, const char *what)
{
	struct slurm_rule_count *rules = st ? GROW(st->rules, st->cap, st->n + 1) : NULL;
	if (!rules)
		return -1;
	st->rules = rules;
	struct slurm_rule_count *r = &st->rules[st->n];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	snprintf(r->where, sizeof r->where, "%s %s", file ? file : "", path);
	snprintf(r->what, sizeof r->what, "%s", what);
	return (long)st->n++;
}

/* A JSON path being walked, for error messages. */
struct jpath {
	char s[160];
};

static void jpath_set(struct jpath *jp, const char *parent, const char *member, long index)
{
	if (index >= 0)
		snprintf(jp->s, sizeof jp->s, "%s.%s[%ld]", parent, member, index);
	else
		snprintf(jp->s, sizeof jp->s, "%s.%s", parent, member);
}

static int unknown_member(struct jlex *lx, const char *path, const char *key)
{
	return jlex_fail(lx, "SLURM %s: unknown member \"%.40s\" (RFC 8416)", path, key);
}

static int missing_member(struct jlex *lx, const char *path, const char *key)
{
	return jlex_fail(lx, "SLURM %s: missing member \"%s\" (RFC 8416)", path, key);
}

/* "comment": any string; strict mode refuses anything else. */
static int comment_member(struct jlex *lx, enum jtok t, const char *path)
{
	if (t != JT_STRING)
		return jlex_fail(lx, "SLURM %s.comment: expected a string", path);
	return 0;
}

/* A filter member that is none of the filter's own: "comment" is checked
 * and the rest refused when strict, skipped otherwise. Returns 0 or -1. */
static int other_member(struct jlex *lx, enum jtok t, const char *path, const char *key, int strict)
{
	if (!strict)
		return jlex_skip(lx, t);
	if (strcmp(key, "comment") == 0)
		return comment_member(lx, t, path);
	return unknown_member(lx, path, key);
}

static int push_pf(struct slurm_filters *f, const struct slurm_prefix_filter *pf)
{
	struct slurm_prefix_filter *v = GROW(f->pf, f->pf_cap, f->npf + 1);
	if (!v)
		return -1;
	f->pf = v;
	f->pf[f->npf++] = *pf;
	return 0;
}

static int push_ac(struct slurm_filters *f, uint32_t asn)
{
	uint32_t *c = GROW(f->aspa_customers, f->ac_cap, f->nac + 1);
	if (!c)
		return -1;
	f->aspa_customers = c;
	long *s = GROW(f->ac_stat, f->acs_cap, f->nac + 1);
	if (!s)
		return -1;
	f->ac_stat = s;
	f->aspa_customers[f->nac] = asn;
	f->ac_stat[f->nac++] = -1;
	return 0;
}

/* {"prefix":"192.0.2.0/24","asn":64496,"comment":".."}: either or both. */
static int parse_prefix_filter(struct slurm_filters *f, struct jlex *lx, const char *path,
                               int strict)
{
	struct slurm_prefix_filter pf;
	memset(&pf, 0, sizeof pf);
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		int is_prefix = strcmp(lx->tok, "prefix") == 0;
		int is_asn = strcmp(lx->tok, "asn") == 0;
		char key[48];
		snprintf(key, sizeof key, "%.40s", lx->tok);
		enum jtok t = jlex_next(lx);
		if (is_prefix) {
			if (t != JT_STRING || rpki_parse_prefix(lx->tok, &pf.prefix) < 0)
				return jlex_fail(lx, "SLURM %s.prefix: bad prefix '%.60s'", path,
				                 lx->tok);
			pf.has_prefix = 1;
		} else if (is_asn) {
			if (jlex_asn(lx, t, &pf.asn, "prefixFilters asn") < 0)
				return -1;
			pf.has_asn = 1;
		} else if (other_member(lx, t, path, key, strict) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (!pf.has_prefix && !pf.has_asn)
		return jlex_fail(lx, "SLURM %s: a prefix filter needs \"prefix\" or \"asn\"", path);
	if (push_pf(f, &pf) < 0)
		return jlex_fail(lx, "out of memory");
	char what[96], pbuf[PREFIX_STRLEN], abuf[16] = "";
	if (pf.has_asn)
		snprintf(abuf, sizeof abuf, "AS%u", pf.asn);
	snprintf(what, sizeof what, "%s%s%s",
	         pf.has_prefix ? prefix_format(&pf.prefix, pbuf, sizeof pbuf) : "",
	         pf.has_prefix && pf.has_asn ? " " : "", abuf);
	f->pf[f->npf - 1].stat = stats_rule(f->stats, SLURM_PREFIX_FILTER, lx->name, path, what);
	return 0;
}

/* {"prefix":..,"asn":..,"maxPrefixLength":..,"comment":..} (RFC 8416 3.4.1):
 * prefix and asn required, maxPrefixLength within prefix length..32/128. */
static int parse_prefix_assertion(struct rpki_set *s, struct jlex *lx, const char *path)
{
	struct prefix p;
	uint32_t asn = 0;
	uint64_t maxlen = 0;
	int have_prefix = 0, have_asn = 0, have_max = 0, first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[48];
		snprintf(key, sizeof key, "%.40s", lx->tok);
		enum jtok t = jlex_next(lx);
		if (strcmp(key, "prefix") == 0) {
			if (t != JT_STRING || rpki_parse_prefix(lx->tok, &p) < 0)
				return jlex_fail(lx, "SLURM %s.prefix: bad prefix '%.60s'", path,
				                 lx->tok);
			have_prefix = 1;
		} else if (strcmp(key, "asn") == 0) {
			if (jlex_asn(lx, t, &asn, "prefixAssertions asn") < 0)
				return -1;
			have_asn = 1;
		} else if (strcmp(key, "maxPrefixLength") == 0) {
			if (t != JT_NUMBER)
				return jlex_fail(lx, "SLURM %s.maxPrefixLength: expected a number",
				                 path);
			if (jlex_uint(lx, t, 128, &maxlen, "prefixAssertions maxPrefixLength") < 0)
				return -1;
			have_max = 1;
		} else if (strcmp(key, "comment") == 0) {
			if (comment_member(lx, t, path) < 0)
				return -1;
		} else {
			return unknown_member(lx, path, key);
		}
	}
	if (r < 0)
		return -1;
	if (!have_prefix)
		return missing_member(lx, path, "prefix");
	if (!have_asn)
		return missing_member(lx, path, "asn");
	unsigned top = p.family == 4 ? 32 : 128;
	if (have_max && (maxlen < p.len || maxlen > top))
		return jlex_fail(lx, "SLURM %s.maxPrefixLength: %u outside %u..%u", path,
		                 (unsigned)maxlen, p.len, top);
	struct vrp v;
	memset(&v, 0, sizeof v);
	memcpy(v.addr, p.addr, sizeof v.addr);
	v.family = p.family;
	v.len = p.len;
	v.maxlen = (uint8_t)(have_max ? maxlen : p.len);
	v.asn = asn;
	if (rpki_set_add_vrp(s, &v) < 0)
		return jlex_fail(lx, "out of memory");
	char what[96], pbuf[PREFIX_STRLEN];
	snprintf(what, sizeof what, "%s-%u AS%u", prefix_format(&p, pbuf, sizeof pbuf), v.maxlen,
	         asn);
	long k = stats_rule(s->slurm_stats, SLURM_PREFIX_ASSERTION, lx->name, path, what);
	if (k >= 0) {
		s->slurm_stats->rules[k].vrp = v;
		s->slurm_stats->rules[k].count = 1;
	}
	return 0;
}

static int parse_aspa_filter(struct slurm_filters *f, struct jlex *lx, const char *path, int strict)
{
	uint32_t asn = 0;
	int found = 0, first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		int is_cust =
		    strcmp(lx->tok, "customerAsid") == 0 || strcmp(lx->tok, "customer_asid") == 0;
		char key[48];
		snprintf(key, sizeof key, "%.40s", lx->tok);
		enum jtok t = jlex_next(lx);
		if (is_cust) {
			if (jlex_asn(lx, t, &asn, "aspaFilters customerAsid") < 0)
				return -1;
			found = 1;
		} else if (other_member(lx, t, path, key, strict) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (!found)
		return missing_member(lx, path, "customerAsid");
	if (push_ac(f, asn) < 0)
		return jlex_fail(lx, "out of memory");
	char what[32];
	snprintf(what, sizeof what, "ASPA of AS%u", asn);
	f->ac_stat[f->nac - 1] = stats_rule(f->stats, SLURM_ASPA_FILTER, lx->name, path, what);
	return 0;
}

/* What an array walk calls per element: the filters or the set, the mode. */
struct walk {
	void *ctx;
	int strict;
	int (*fn)(struct walk *w, struct jlex *lx, const char *path);
};

/* Walk the array member `member` of `parent` (its value token t), calling
 * w->fn with each object's path. */
static int each_object(struct jlex *lx, enum jtok t, const char *parent, const char *member,
                       struct walk *w)
{
	struct jpath jp;
	jpath_set(&jp, parent, member, -1);
	if (t != JT_LBRACK)
		return t == JT_ERROR ? -1 : jlex_fail(lx, "SLURM %s: expected an array", jp.s);
	int first = 1, r;
	long index = 0;
	enum jtok et;
	while ((r = jlex_arr_next(lx, &first, &et)) == 1) {
		jpath_set(&jp, parent, member, index++);
		if (!w->fn) { /* BGPsec members: content ignored */
			if (jlex_skip(lx, et) < 0)
				return -1;
			continue;
		}
		if (et != JT_LBRACE)
			return jlex_fail(lx, "SLURM %s: expected an object", jp.s);
		if (w->fn(w, lx, jp.s) < 0)
			return -1;
	}
	return r;
}

static int pf_cb(struct walk *w, struct jlex *lx, const char *path)
{
	return parse_prefix_filter(w->ctx, lx, path, w->strict);
}

static int af_cb(struct walk *w, struct jlex *lx, const char *path)
{
	return parse_aspa_filter(w->ctx, lx, path, w->strict);
}

static int roa_cb(struct walk *w, struct jlex *lx, const char *path)
{
	return w->strict ? parse_prefix_assertion(w->ctx, lx, path) : rpki_json_roa(w->ctx, lx);
}

static int aspa_cb(struct walk *w, struct jlex *lx, const char *path)
{
	struct rpki_set *s = w->ctx;
	size_t before = s->naspas;
	if (rpki_json_aspa(s, lx) < 0)
		return -1;
	if (s->naspas > before) {
		char what[32];
		snprintf(what, sizeof what, "ASPA of AS%u", s->aspas[before].customer);
		long k = stats_rule(s->slurm_stats, SLURM_ASPA_ASSERTION, lx->name, path, what);
		if (k >= 0)
			s->slurm_stats->rules[k].count = 1;
	}
	return 0;
}

/* One of the members an object may hold; required ones must appear. */
struct member_rule {
	const char *name;
	int required;
	int (*fn)(struct walk *w, struct jlex *lx, const char *path); /* NULL: skipped */
};

/* Parse the object at path whose '{' was read: arrays named by rules. */
static int parse_members(struct jlex *lx, const char *path, const struct member_rule *rules,
                         size_t nrules, void *ctx, int strict)
{
	int seen[4] = {0}, first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[48];
		snprintf(key, sizeof key, "%.40s", lx->tok);
		enum jtok t = jlex_next(lx);
		size_t i = 0;
		while (i < nrules && strcmp(key, rules[i].name) != 0)
			i++;
		if (i == nrules) {
			if (strict)
				return unknown_member(lx, path, key);
			if (jlex_skip(lx, t) < 0)
				return -1;
			continue;
		}
		struct walk w = {ctx, strict, rules[i].fn};
		if (each_object(lx, t, path, key, &w) < 0)
			return -1;
		seen[i] = 1;
	}
	if (r < 0)
		return -1;
	for (size_t i = 0; strict && i < nrules; i++)
		if (rules[i].required && !seen[i])
			return missing_member(lx, path, rules[i].name);
	return 0;
}

int slurm_parse_filters(struct slurm_filters *f, struct jlex *lx, int strict)
{
	static const struct member_rule rules[] = {
	    {"prefixFilters", 1, pf_cb},
	    {"bgpsecFilters", 1, NULL},
	    {"aspaFilters", 0, af_cb},
	};
	return parse_members(lx, "$.validationOutputFilters", rules, 3, f, strict);
}

int slurm_parse_assertions(struct rpki_set *s, struct jlex *lx, int strict)
{
	static const struct member_rule rules[] = {
	    {"prefixAssertions", 1, roa_cb},
	    {"bgpsecAssertions", 1, NULL},
	    {"aspaAssertions", 0, aspa_cb},
	};
	return parse_members(lx, "$.locallyAddedAssertions", rules, 3, s, strict);
}

/* Filters indexed for a pass over ~800k VRPs: prefix filters in a trie
 * (value = first of the filters sharing that prefix, sorted together),
 * ASN-only filters sorted by ASN. */
struct filter_index {
	struct trie trie;
	struct slurm_prefix_filter *byprefix; /* filters with a prefix, sorted */
	size_t nbyprefix;
	struct slurm_prefix_filter *byasn; /* ASN-only filters, sorted */
	size_t nbyasn;
	struct slurm_stats *stats; /* where removals are counted, NULL none */
};

static int pf_cmp(const void *a, const void *b)
{
	return prefix_cmp(&((const struct slurm_prefix_filter *)a)->prefix,
	                  &((const struct slurm_prefix_filter *)b)->prefix);
}

static int pf_asn_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct slurm_prefix_filter *)a)->asn;
	uint32_t y = ((const struct slurm_prefix_filter *)b)->asn;
	return x < y ? -1 : x > y;
}

static int index_build(struct filter_index *ix, const struct slurm_filters *f)
{
	memset(ix, 0, sizeof *ix);
	ix->stats = f->stats;
	trie_init(&ix->trie);
	ix->byprefix = malloc((f->npf ? f->npf : 1) * sizeof *ix->byprefix);
	ix->byasn = malloc((f->npf ? f->npf : 1) * sizeof *ix->byasn);
	if (!ix->byprefix || !ix->byasn)
		return -1;
	for (size_t i = 0; i < f->npf; i++) {
		if (f->pf[i].has_prefix)
			ix->byprefix[ix->nbyprefix++] = f->pf[i];
		else
			ix->byasn[ix->nbyasn++] = f->pf[i];
	}
	qsort(ix->byprefix, ix->nbyprefix, sizeof *ix->byprefix, pf_cmp);
	qsort(ix->byasn, ix->nbyasn, sizeof *ix->byasn, pf_asn_cmp);
	for (size_t i = 0; i < ix->nbyprefix; i++)
		if ((i == 0 ||
		     !prefix_equal(&ix->byprefix[i - 1].prefix, &ix->byprefix[i].prefix)) &&
		    trie_insert(&ix->trie, &ix->byprefix[i].prefix, (uint32_t)i, NULL) < 0)
			return -1;
	return 0;
}

static void index_free(struct filter_index *ix)
{
	trie_free(&ix->trie);
	free(ix->byprefix);
	free(ix->byasn);
}

/* Count one VRP removed by the filter (when its counts are collected). */
static void count_removal(struct slurm_stats *st, long stat)
{
	if (stat >= 0 && st && (size_t)stat < st->n)
		st->rules[stat].count++;
}

struct cover_ctx {
	const struct filter_index *ix;
	uint32_t asn;
	int matched;
};

/* A filter prefix covers the VRP: it matches unless it also names another
 * AS. Every matching filter is counted, so the walk never stops early. */
static int cover_cb(const struct prefix *p, uint32_t value, void *vctx)
{
	struct cover_ctx *c = vctx;
	for (size_t i = value; i < c->ix->nbyprefix && prefix_equal(&c->ix->byprefix[i].prefix, p);
	     i++)
		if (!c->ix->byprefix[i].has_asn || c->ix->byprefix[i].asn == c->asn) {
			c->matched = 1;
			count_removal(c->ix->stats, c->ix->byprefix[i].stat);
		}
	return 0;
}

static int vrp_filtered(const struct vrp *v, const struct filter_index *ix)
{
	struct cover_ctx c = {ix, v->asn, 0};
	if (ix->nbyasn) {
		struct slurm_prefix_filter key = {.asn = v->asn};
		const struct slurm_prefix_filter *hit =
		    bsearch(&key, ix->byasn, ix->nbyasn, sizeof *ix->byasn, pf_asn_cmp);
		if (hit) {
			while (hit > ix->byasn && hit[-1].asn == v->asn)
				hit--;
			for (; hit < ix->byasn + ix->nbyasn && hit->asn == v->asn; hit++)
				count_removal(ix->stats, hit->stat);
			c.matched = 1;
		}
	}
	if (ix->nbyprefix) {
		struct prefix vp = {.family = v->family, .len = v->len};
		memcpy(vp.addr, v->addr, 16);
		trie_covering(&ix->trie, &vp, cover_cb, &c);
	}
	return c.matched;
}

static int aspa_filtered(uint32_t customer, const struct slurm_filters *f)
{
	int hit = 0;
	for (size_t i = 0; i < f->nac; i++)
		if (f->aspa_customers[i] == customer) {
			count_removal(f->stats, f->ac_stat[i]);
			hit = 1;
		}
	return hit;
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
	free(f->ac_stat);
	memset(f, 0, sizeof *f);
}
