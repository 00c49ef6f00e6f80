/* SPDX-License-Identifier: ISC */
/* check_spoofing.c - Action 2 (anti-spoofing): M5 and M5C from CAIDA
 * Spoofer test results given as CSV. Without that file the metrics are "no
 * data", never a made-up score.
 *
 * The CSV needs a header line; columns are found by name (case-insensitive):
 * the client AS ("asn", "asn4", "asn6", "client_asn"), the client prefix
 * ("prefix", "client4", "client6", "client_prefix"; optional), and outcome
 * columns ("routable", "routable4", "routable6", "privaddr4", "privaddr6",
 * "spoofable"): "received", "rewritten", "yes", "true" or "1" mean spoofed
 * packets got through; "blocked", "no", "false" or "0" mean filtered; other
 * values (empty, "unknown") say nothing. A test is spoofable when any outcome
 * got through; M5 counts the distinct spoofable client prefixes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"
#include "core/grow.h"
#include "core/reader.h"

struct spoof_test {
	uint32_t asn;
	char prefix[PREFIX_STRLEN];
	bool spoofable;
};

struct spoofer {
	struct spoof_test *t;
	size_t n, cap;
};

#define SP_MAXCOL 64
enum { COL_NONE, COL_ASN, COL_PREFIX, COL_OUTCOME };

static int col_kind(const char *name)
{
	static const char *asn[] = {"asn", "asn4", "asn6", "client_asn", "client asn"};
	static const char *pfx[] = {"prefix", "client4", "client6", "client_prefix",
	                            "client prefix"};
	static const char *out[] = {"routable",  "routable4", "routable6",
	                            "privaddr4", "privaddr6", "spoofable"};
	for (size_t i = 0; i < sizeof asn / sizeof *asn; i++)
		if (!strcasecmp(name, asn[i]))
			return COL_ASN;
	for (size_t i = 0; i < sizeof pfx / sizeof *pfx; i++)
		if (!strcasecmp(name, pfx[i]))
			return COL_PREFIX;
	for (size_t i = 0; i < sizeof out / sizeof *out; i++)
		if (!strcasecmp(name, out[i]))
			return COL_OUTCOME;
	return COL_NONE;
}

/* Split line in place on commas (no quoting in Spoofer exports; quotes
 * around a field are stripped). Returns the field count. */
static int split(char *line, char **f)
{
	int n = 0;
	for (char *p = line;; p++) {
		if (n < SP_MAXCOL)
			f[n] = p;
		char *c = strchr(p, ',');
		if (c)
			*c = 0;
		char *s = n < SP_MAXCOL ? f[n] : p;
		while (isspace((unsigned char)*s) || *s == '"')
			s++;
		size_t l = strlen(s);
		while (l && (isspace((unsigned char)s[l - 1]) || s[l - 1] == '"'))
			s[--l] = 0;
		if (n < SP_MAXCOL)
			f[n] = s;
		n++;
		if (!c)
			return n < SP_MAXCOL ? n : SP_MAXCOL;
		p = c;
	}
}

/* 1 spoofed packets got through, 0 filtered, -1 unknown. */
static int outcome(const char *v)
{
	static const char *yes[] = {"received", "rewritten", "yes", "true", "1"};
	static const char *no[] = {"blocked", "no", "false", "0"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (!strcasecmp(v, no[i]))
			return 0;
	return -1;
}

struct sp_parse {
	int kind[SP_MAXCOL];
	int ncol;
	bool have_asn, have_outcome;
};

static int header(struct sp_parse *ps, char *line, const char *path, unsigned long lineno,
                  struct err *e)
{
	char *f[SP_MAXCOL];
	ps->ncol = split(line, f);
	for (int i = 0; i < ps->ncol; i++) {
		ps->kind[i] = col_kind(f[i]);
		ps->have_asn |= ps->kind[i] == COL_ASN;
		ps->have_outcome |= ps->kind[i] == COL_OUTCOME;
	}
	if (!ps->have_asn || !ps->have_outcome)
		return err_set(e,
		               "%s:%lu: not a Spoofer CSV (the header needs an AS column such as "
		               "\"asn4\" and an outcome column such as \"routable4\")",
		               path, lineno);
	return 0;
}

static int row(struct spoofer *s, const struct sp_parse *ps, char *line, const char *path,
               unsigned long lineno, struct err *e)
{
	char *f[SP_MAXCOL];
	int n = split(line, f);
	struct spoof_test t = {0};
	int verdict = -1;
	for (int i = 0; i < n && i < ps->ncol; i++) {
		if (ps->kind[i] == COL_ASN && *f[i] && !t.asn) {
			struct err ae;
			if (asn_parse(f[i], &t.asn, &ae) < 0)
				return err_set(e, "%s:%lu: bad AS number \"%.40s\"", path, lineno,
				               f[i]);
		} else if (ps->kind[i] == COL_PREFIX && *f[i] && !t.prefix[0]) {
			ck_copy(t.prefix, sizeof t.prefix, f[i]);
		} else if (ps->kind[i] == COL_OUTCOME) {
			int o = outcome(f[i]);
			if (o > verdict)
				verdict = o;
		}
	}
	if (!t.asn || verdict < 0)
		return 0; /* a test without an AS or an outcome says nothing */
	t.spoofable = verdict == 1;
	struct spoof_test *v = GROW(s->t, s->cap, s->n + 1);
	if (!v)
		return err_set(e, "out of memory");
	s->t = v;
	s->t[s->n++] = t;
	return 0;
}

static int parse(struct spoofer *s, struct reader *r, const char *path, struct err *e)
{
	struct sp_parse ps = {0};
	char *line;
	size_t len;
	int rc, got;
	while ((got = reader_getline(r, &line, &len, e)) == 1) {
		if (!len || line[0] == '#')
			continue;
		unsigned long n = reader_lineno(r);
		rc = ps.ncol ? row(s, &ps, line, path, n, e) : header(&ps, line, path, n, e);
		if (rc < 0)
			return -1;
	}
	if (got < 0)
		return -1;
	return ps.ncol ? 0 : err_set(e, "%s: empty Spoofer CSV", path);
}

static int cmp_test(const void *a, const void *b)
{
	const struct spoof_test *x = a, *y = b;
	return (x->asn > y->asn) - (x->asn < y->asn);
}

/* Sorted by AS for the lookups. */
static void finish(struct spoofer *s)
{
	if (s->n)
		qsort(s->t, s->n, sizeof *s->t, cmp_test);
}

struct spoofer *spoofer_load_buffer(const char *buf, size_t n, const char *name, struct err *e)
{
	struct spoofer *s = calloc(1, sizeof *s);
	char *copy = malloc(n + 1);
	if (!s || !copy) {
		free(copy);
		spoofer_free(s);
		err_set(e, "out of memory");
		return NULL;
	}
	memcpy(copy, buf, n);
	copy[n] = 0;
	struct sp_parse ps = {0};
	unsigned long lineno = 0;
	int rc = 0;
	for (char *line = copy, *next; line && rc == 0; line = next) {
		next = memchr(line, '\n', (size_t)(copy + n - line));
		if (next)
			*next++ = 0;
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = 0;
		if (!len || line[0] == '#')
			continue;
		rc = ps.ncol ? row(s, &ps, line, name, lineno, e)
		             : header(&ps, line, name, lineno, e);
	}
	free(copy);
	if (rc == 0 && !ps.ncol)
		rc = err_set(e, "%s: empty Spoofer CSV", name);
	if (rc < 0) {
		spoofer_free(s);
		return NULL;
	}
	finish(s);
	return s;
}

struct spoofer *spoofer_load(const char *path, struct err *e)
{
	struct spoofer *s = calloc(1, sizeof *s);
	struct reader *r = s ? reader_open(path, e) : NULL;
	if (!s)
		err_set(e, "out of memory");
	if (!r || parse(s, r, path, e) < 0) {
		spoofer_free(s);
		s = NULL;
	} else {
		finish(s);
	}
	if (r)
		reader_close(r);
	return s;
}

void spoofer_free(struct spoofer *s)
{
	if (s)
		free(s->t);
	free(s);
}

bool spoofer_lookup(const struct spoofer *s, uint32_t asn, unsigned *tests, unsigned *spoofable)
{
	*tests = *spoofable = 0;
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->t[mid].asn < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < s->n && s->t[i].asn == asn; i++) {
		(*tests)++;
		if (!s->t[i].spoofable)
			continue;
		bool seen = false; /* distinct prefixes only */
		for (size_t j = lo; j < i && !seen; j++)
			seen = s->t[j].spoofable && !strcmp(s->t[j].prefix, s->t[i].prefix);
		*spoofable += !seen;
	}
	return *tests > 0;
}

void ck_spoofing(const struct check_world *w, struct check_as *a)
{
	if (!w->spoof)
		return;
	a->spoof_data =
	    spoofer_lookup(w->spoof, a->asn, &a->spoof_tests, &a->spoof_prefixes_spoofable);
	for (size_t i = 0; i < a->ncustomers; i++) {
		unsigned t, sp;
		if (spoofer_lookup(w->spoof, a->customers[i], &t, &sp)) {
			a->spoof_cust_data = true;
			a->spoof_cust_tests += t;
			a->spoof_cust_spoofable += sp;
		}
	}
}
