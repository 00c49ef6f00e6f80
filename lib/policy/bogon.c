/* SPDX-License-Identifier: ISC */
/* bogon.c - bogon sets: built-in and loaded entries, checks, filter ranges. */
#include "policy/bogon.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/reader.h"

struct bogon_set {
	struct bogon_entry *entries; /* trie values index this array */
	size_t n, cap;
	struct trie builtin; /* the most specific entry decides */
	struct trie listed;  /* loaded lists: any covering entry makes a bogon */
	char **names;        /* owned strings (file names, added names) */
	size_t nnames, names_cap;
	bool default_is_bogon;
	/* A bit per IPv4 /16 that some entry covers or lies in: a prefix of
	 * /16 or longer outside them meets no entry, and most routes are. */
	uint8_t v4_touched[8192];
};

/* Mark the /16s that entry p overlaps. */
static void mark_v4(struct bogon_set *s, const struct prefix *p)
{
	if (p->family != 4)
		return;
	uint32_t first = (uint32_t)p->addr[0] << 8 | p->addr[1];
	uint32_t count = p->len >= 16 ? 1 : 1u << (16 - p->len);
	first &= ~(count - 1);
	for (uint32_t i = first; i < first + count; i++)
		s->v4_touched[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static bool v4_untouched(const struct bogon_set *s, const struct prefix *p)
{
	uint32_t i = (uint32_t)p->addr[0] << 8 | p->addr[1];
	return p->family == 4 && p->len >= 16 && !(s->v4_touched[i >> 3] & (1u << (i & 7)));
}

void bogon_set_default_is_bogon(struct bogon_set *s, bool on)
{
	s->default_is_bogon = on;
}

static const char *own_string(struct bogon_set *s, const char *str, struct err *e)
{
	/* Loading one file many times is rare; reuse the last copy if equal. */
	if (s->nnames && !strcmp(s->names[s->nnames - 1], str))
		return s->names[s->nnames - 1];
	char **nn = GROW(s->names, s->names_cap, s->nnames + 1);
	if (!nn) {
		err_set(e, "out of memory");
		return NULL;
	}
	s->names = nn;
	if (!(nn[s->nnames] = strdup(str))) {
		err_set(e, "out of memory");
		return NULL;
	}
	return nn[s->nnames++];
}

static struct bogon_entry *entry_new(struct bogon_set *s, struct err *e)
{
	struct bogon_entry *ne = GROW(s->entries, s->cap, s->n + 1);
	if (!ne) {
		err_set(e, "out of memory");
		return NULL;
	}
	s->entries = ne;
	struct bogon_entry *x = &s->entries[s->n];
	memset(x, 0, sizeof *x);
	return x;
}

static int add_builtin(struct bogon_set *s, struct err *e)
{
	const struct bogon_builtin *tab;
	size_t n = bogon_builtin_prefixes(&tab);
	for (size_t i = 0; i < n; i++) {
		struct bogon_entry *x = entry_new(s, e);
		if (!x)
			return -1;
		if (prefix_parse(tab[i].prefix, &x->prefix, e) < 0)
			return -1; /* a typo in the table; the unit tests catch it */
		x->name = tab[i].name;
		x->ref = tab[i].ref;
		x->bogon = tab[i].bogon;
		if (trie_insert(&s->builtin, &x->prefix, (uint32_t)s->n, NULL) < 0)
			return err_set(e, "out of memory");
		mark_v4(s, &x->prefix);
		s->n++;
	}
	return 0;
}

struct bogon_set *bogon_set_new(bool builtin, struct err *e)
{
	struct bogon_set *s = calloc(1, sizeof *s);
	if (!s) {
		err_set(e, "out of memory");
		return NULL;
	}
	trie_init(&s->builtin);
	trie_init(&s->listed);
	if (builtin && add_builtin(s, e) < 0) {
		bogon_set_free(s);
		return NULL;
	}
	return s;
}

void bogon_set_free(struct bogon_set *s)
{
	if (!s)
		return;
	trie_free(&s->builtin);
	trie_free(&s->listed);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	free(s->entries);
	free(s);
}

size_t bogon_set_count(const struct bogon_set *s)
{
	return s->n;
}

/* Add a listed bogon; ref and name must already be owned by s. */
static int add_listed(struct bogon_set *s, const struct prefix *p, const char *name,
                      const char *ref, unsigned long line, struct err *e)
{
	struct bogon_entry *x = entry_new(s, e);
	if (!x)
		return -1;
	x->prefix = *p;
	x->name = name;
	x->ref = ref;
	x->line = line;
	x->bogon = true;
	x->from_file = true;
	/* A duplicate line keeps the first occurrence as the reason. */
	uint32_t idx;
	if (trie_get(&s->listed, p, &idx))
		return 0;
	if (trie_insert(&s->listed, p, (uint32_t)s->n, NULL) < 0)
		return err_set(e, "out of memory");
	mark_v4(s, p);
	s->n++;
	return 0;
}

int bogon_set_add(struct bogon_set *s, const struct prefix *p, const char *name, const char *ref,
                  struct err *e)
{
	const char *n = own_string(s, name, e);
	const char *r = n ? own_string(s, ref, e) : NULL;
	if (!r)
		return -1;
	return add_listed(s, p, n, r, 0, e);
}

/* Cut a list line down to its prefix: comments ('#' Team Cymru, ';' Spamhaus)
 * and surrounding blanks go. Returns the length left. */
static size_t strip_line(char *line, size_t len, char **start)
{
	char *p = line, *end = line + len;
	for (char *c = line; c < end; c++)
		if (*c == '#' || *c == ';') {
			end = c;
			break;
		}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = 0;
	*start = p;
	return (size_t)(end - p);
}

long bogon_set_load(struct bogon_set *s, const char *path, struct err *e)
{
	struct reader *r = reader_open(path, e);
	if (!r)
		return -1;
	const char *ref = own_string(s, path, e);
	const char *name = ref ? own_string(s, "listed bogon", e) : NULL;
	if (!name) {
		reader_close(r);
		return -1;
	}
	long added = 0;
	char *line;
	size_t len;
	int rc;
	while ((rc = reader_getline(r, &line, &len, e)) == 1) {
		char *p;
		if (strip_line(line, len, &p) == 0)
			continue;
		struct prefix pfx;
		struct err pe;
		if (prefix_parse(p, &pfx, &pe) < 0) {
			err_at_line(e, path, reader_lineno(r), "%s", pe.msg);
			reader_close(r);
			return -1;
		}
		size_t before = s->n;
		if (add_listed(s, &pfx, name, ref, reader_lineno(r), e) < 0) {
			reader_close(r);
			return -1;
		}
		added += s->n > before;
	}
	reader_close(r);
	return rc < 0 ? -1 : added;
}

struct covered_ctx {
	const struct bogon_set *s;
	const struct prefix *p;
	struct bogon_verdict *v;
};

static int count_covered(const struct prefix *q, uint32_t idx, void *arg)
{
	struct covered_ctx *c = arg;
	const struct bogon_entry *x = &c->s->entries[idx];
	if (!x->bogon || q->len == c->p->len)
		return 0;
	if (!c->v->covers++ || prefix_cmp(q, &c->v->first_covered->prefix) < 0)
		c->v->first_covered = x;
	return 0;
}

/* trie_covered visitor: stop at the first bogon entry. */
static int stop_at_bogon(const struct prefix *q, uint32_t idx, void *arg)
{
	(void)q;
	const struct bogon_set *s = arg;
	return s->entries[idx].bogon;
}

/* True when every address in p is bogon space: p itself is a bogon, or both
 * halves are. Only halves that hold bogon entries are split further, so the
 * work stays proportional to the entries inside p. */
static bool all_bogon(const struct bogon_set *s, const struct prefix *p, int depth)
{
	if (depth > 0) {
		uint32_t bi, li;
		bool has_b = trie_longest(&s->builtin, p, NULL, &bi);
		if ((has_b && s->entries[bi].bogon) || trie_longest(&s->listed, p, NULL, &li))
			return true;
	}
	if (p->len >= prefix_maxlen(p->family))
		return false;
	if (!trie_covered(&s->builtin, p, stop_at_bogon, (void *)s) &&
	    !trie_covered(&s->listed, p, stop_at_bogon, (void *)s))
		return false;
	for (int bit = 0; bit < 2; bit++) {
		struct prefix h = *p;
		h.len = (uint8_t)(p->len + 1);
		if (bit)
			h.addr[p->len / 8] |= (uint8_t)(0x80 >> (p->len % 8));
		if (!all_bogon(s, &h, depth + 1))
			return false;
	}
	return true;
}

bool bogon_check_prefix(const struct bogon_set *s, const struct prefix *p, struct bogon_verdict *v)
{
	memset(v, 0, sizeof *v);
	if (p->len == 0) {
		/* A default route is a policy choice, not bogon space: the ::/0
		 * "outside 2000::/3" entry must not make ::/0 differ from
		 * 0.0.0.0/0. What it covers is still counted. */
		struct covered_ctx c = {s, p, v};
		trie_covered(&s->builtin, p, count_covered, &c);
		trie_covered(&s->listed, p, count_covered, &c);
		v->default_route = true;
		v->bogon = s->default_is_bogon;
		return v->bogon;
	}
	if (v4_untouched(s, p))
		return false; /* no entry covers it or lies in it */
	uint32_t bi, li;
	bool has_b = trie_longest(&s->builtin, p, NULL, &bi);
	bool has_l = trie_longest(&s->listed, p, NULL, &li);
	/* A built-in reason names an RFC, so it is preferred when both apply. */
	if (has_b && s->entries[bi].bogon) {
		v->bogon = true;
		v->entry = &s->entries[bi];
	} else if (has_l) {
		v->bogon = true;
		v->entry = &s->entries[li];
	} else if (has_b && s->entries[bi].prefix.len >= 8) {
		/* 2000::/3 only lifts the "outside 2000::/3" rule: ordinary
		 * global unicast space, not a special-purpose block to report. */
		v->entry = &s->entries[bi];
	}
	if (!v->bogon) {
		struct covered_ctx c = {s, p, v};
		trie_covered(&s->builtin, p, count_covered, &c);
		trie_covered(&s->listed, p, count_covered, &c);
		/* 224.0.0.0/3 is 224/4 plus 240/4: nothing but bogon space. */
		if (v->covers && p->len < prefix_maxlen(p->family) && all_bogon(s, p, 0)) {
			v->bogon = v->composite = true;
			v->entry = v->first_covered;
		}
	}
	return v->bogon;
}

const struct bogon_asn_range *bogon_check_asn(uint32_t asn)
{
	const struct bogon_asn_range *tab;
	size_t n = bogon_builtin_asns(&tab);
	for (size_t i = 0; i < n && asn >= tab[i].lo; i++) /* tab is sorted by lo */
		if (asn <= tab[i].hi)
			return &tab[i];
	return NULL;
}

long bogon_check_path(const uint32_t *path, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (bogon_check_asn(path[i]))
			return (long)i;
	return -1;
}

/* ---- filter ranges ---- */

struct range_out {
	struct bogon_range *r;
	size_t n, cap;
	struct err *e;
	int failed;
};

static void emit(struct range_out *o, const struct prefix *p, unsigned le,
                 const struct bogon_entry *why)
{
	if (o->failed)
		return;
	struct bogon_range *nr = GROW(o->r, o->cap, o->n + 1);
	if (!nr) {
		o->failed = err_set(o->e, "out of memory");
		return;
	}
	o->r = nr;
	o->r[o->n++] = (struct bogon_range){*p, (uint8_t)le, why};
}

struct collect_ctx {
	const struct bogon_set *s;
	const struct bogon_entry **v;
	size_t n;
};

static int collect_entry(const struct prefix *p, uint32_t idx, void *arg)
{
	struct collect_ctx *c = arg;
	c->v[c->n++] = &c->s->entries[idx];
	return 0;
}

/* Index of the first entry in a[lo..hi) not contained in p (a is sorted in
 * prefix order, so the entries inside p form one run). */
static size_t run_end(const struct bogon_entry **a, size_t lo, size_t hi, const struct prefix *p)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (prefix_contains(p, &a[mid]->prefix) || prefix_cmp(&a[mid]->prefix, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void half(const struct prefix *p, int bit, struct prefix *h)
{
	*h = *p;
	h->len = (uint8_t)(p->len + 1);
	if (bit)
		h->addr[p->len / 8] |= (uint8_t)(0x80 >> (p->len % 8));
}

/* Emit the filter for p, whose verdict comes from dec (NULL: not a bogon);
 * a[lo..hi) are the built-in entries strictly inside p. */
static void region(struct range_out *o, const struct bogon_entry **a, size_t lo, size_t hi,
                   const struct prefix *p, const struct bogon_entry *dec, unsigned routable)
{
	unsigned max = prefix_maxlen(p->family);
	if (dec && dec->bogon) {
		size_t i;
		for (i = lo; i < hi; i++)
			if (!a[i]->bogon && a[i]->prefix.len <= routable)
				break;
		if (i == hi) {
			emit(o, p, max, dec);
			return;
		}
		/* A routable hole inside: keep p itself, split around the hole. */
		emit(o, p, p->len, dec);
		for (int bit = 0; bit < 2; bit++) {
			struct prefix h;
			half(p, bit, &h);
			size_t l2 = lo;
			while (l2 < hi && prefix_cmp(&a[l2]->prefix, &h) < 0 &&
			       !prefix_contains(&h, &a[l2]->prefix))
				l2++;
			size_t h2 = run_end(a, l2, hi, &h);
			const struct bogon_entry *d = dec;
			if (l2 < h2 && prefix_equal(&a[l2]->prefix, &h))
				d = a[l2++];
			region(o, a, l2, h2, &h, d, routable);
		}
		return;
	}
	/* Not a bogon: only the entries inside matter, each top-level one with
	 * its own subtree. */
	for (size_t i = lo; i < hi;) {
		size_t j = run_end(a, i + 1, hi, &a[i]->prefix);
		region(o, a, i + 1, j, &a[i]->prefix, a[i], routable);
		i = j;
	}
}

/* Two "and all more-specifics" ranges for both halves of a prefix become
 * one for the prefix: the check calls such a prefix a bogon too (it is all
 * bogon space), so the filter must match it. r is sorted and deduplicated;
 * works in place, returns the new count. */
static size_t merge_siblings(struct bogon_range *r, size_t n, unsigned max)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		r[k++] = r[i];
		while (r[k - 1].le == max) {
			struct bogon_range w = r[k - 1];
			/* Drop what the wide range now swallows (the parent's exact
			 * line emitted by a split, say). */
			while (k >= 2 && prefix_contains(&w.prefix, &r[k - 2].prefix))
				r[k - 2] = w, k--;
			if (k < 2 || r[k - 2].le != max || w.prefix.len == 0 ||
			    r[k - 2].prefix.len != w.prefix.len)
				break;
			struct prefix parent = w.prefix;
			parent.len--;
			prefix_mask(&parent);
			if (!prefix_contains(&parent, &r[k - 2].prefix))
				break;
			r[k - 2].prefix = parent;
			k--;
		}
	}
	return k;
}

static int cmp_range(const void *x, const void *y)
{
	const struct bogon_range *a = x, *b = y;
	int c = prefix_cmp(&a->prefix, &b->prefix);
	return c ? c : (int)b->le - (int)a->le; /* wider first on a tie */
}

/* The default route matches the check: an exact 0/0 line (::/0 comes from
 * the "outside 2000::/3" entry) only with bogon_set_default_is_bogon, and
 * then for both families. r[0..n) is sorted; returns the new count or -1. */
static const struct bogon_entry default_entries[2] = {
    {{.family = 4}, "Default route", "--default-is-bogon", 0, true, false},
    {{.family = 6}, "Default route", "--default-is-bogon", 0, true, false},
};

static long default_route_line(const struct bogon_set *s, int family, struct bogon_range **r,
                               size_t n, struct err *e)
{
	bool has = n && (*r)[0].prefix.len == 0 && (*r)[0].le == 0;
	if (has && !s->default_is_bogon) {
		memmove(*r, *r + 1, (n - 1) * sizeof **r);
		return (long)n - 1;
	}
	if (has || !s->default_is_bogon || (n && (*r)[0].prefix.len == 0))
		return (long)n; /* already there, not wanted, or 0/0 le max covers it */
	struct bogon_range *nr = resize(*r, n + 1, sizeof *nr);
	if (!nr) {
		free(*r);
		*r = NULL;
		return err_set(e, "out of memory");
	}
	memmove(nr + 1, nr, n * sizeof *nr);
	nr[0] = (struct bogon_range){{.family = (uint8_t)family}, 0, &default_entries[family == 6]};
	*r = nr;
	return (long)n + 1;
}

long bogon_set_ranges(const struct bogon_set *s, int family, struct bogon_range **out,
                      struct err *e)
{
	struct range_out o = {NULL, 0, 0, e, 0};
	struct collect_ctx c = {s, NULL, 0};
	c.v = malloc((s->n + 1) * sizeof *c.v);
	if (!c.v)
		return err_set(e, "out of memory");
	struct prefix all = {.family = (uint8_t)family};
	trie_covered(&s->builtin, &all, collect_entry, &c);
	size_t lo = 0;
	const struct bogon_entry *dec = NULL;
	if (c.n && c.v[0]->prefix.len == 0)
		dec = c.v[lo++];
	region(&o, c.v, lo, c.n, &all, dec, family == 4 ? 24 : 48);
	/* Loaded lists: every entry is a bogon with all its more-specifics. */
	c.n = 0;
	trie_covered(&s->listed, &all, collect_entry, &c);
	for (size_t i = 0; i < c.n; i++)
		emit(&o, &c.v[i]->prefix, prefix_maxlen(family), c.v[i]);
	free(c.v);
	if (o.failed) {
		free(o.r);
		return -1;
	}
	/* Sort and drop what an earlier "and all more-specifics" range covers. */
	if (o.n)
		qsort(o.r, o.n, sizeof *o.r, cmp_range);
	size_t k = 0;
	long last_wide = -1;
	for (size_t i = 0; i < o.n; i++) {
		if (last_wide >= 0 && prefix_contains(&o.r[last_wide].prefix, &o.r[i].prefix))
			continue;
		o.r[k] = o.r[i];
		if (o.r[k].le == prefix_maxlen(family))
			last_wide = (long)k;
		k++;
	}
	k = merge_siblings(o.r, k, prefix_maxlen(family));
	*out = o.r;
	return (long)default_route_line(s, family, out, k, e);
}
