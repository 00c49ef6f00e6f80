/* SPDX-License-Identifier: ISC */
/* nrtm_parse.c - an NRTM answer into journal operations:
 *
 *   %START Version: 3 SOURCE FIRST-LAST
 *
 *   ADD FIRST
 *
 *   route: ...
 *
 *   DEL FIRST+1
 *   ...
 *   %END SOURCE
 *
 * Version 1 has no serial after ADD/DEL (they count up from FIRST). An
 * answer without "%END SOURCE" is incomplete (the connection broke) and
 * refused whole, as IRRd does since 4.1.7. Nothing here does I/O. */
#include "fetch/nrtm.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct lines {
	const char *p, *end;
	const char *line; /* current line, without its newline */
	size_t len;
	unsigned long no;
};

static bool next_line(struct lines *l)
{
	if (l->p >= l->end)
		return false;
	const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	l->line = l->p;
	l->len = nl ? (size_t)(nl - l->p) : (size_t)(l->end - l->p);
	l->p = nl ? nl + 1 : l->end;
	if (l->len > 0 && l->line[l->len - 1] == '\r')
		l->len--;
	l->no++;
	return true;
}

static bool blank(const struct lines *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (!isspace((unsigned char)l->line[i]))
			return false;
	return true;
}

/* A word of the line at *i (advanced past it and the spaces after). */
static size_t word(const struct lines *l, size_t *i, const char **w)
{
	size_t s = *i;

	while (*i < l->len && !isspace((unsigned char)l->line[*i]))
		(*i)++;
	*w = l->line + s;
	size_t n = *i - s;
	while (*i < l->len && isspace((unsigned char)l->line[*i]))
		(*i)++;
	return n;
}

static bool parse_u64(const char *s, size_t n, uint64_t *v)
{
	char buf[24], *end;

	if (n == 0 || n >= sizeof buf || !isdigit((unsigned char)s[0]))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return *end == '\0' && errno == 0;
}

static bool word_is(const char *w, size_t n, const char *want)
{
	return n == strlen(want) && !strncasecmp(w, want, n);
}

/* "%ERROR:401: text", "% ERROR: text", "%% ERROR: text". */
static bool error_line(const struct lines *l, struct nrtm_answer *a)
{
	size_t i = 0;

	while (i < l->len && (l->line[i] == '%' || l->line[i] == ' '))
		i++;
	if (i == 0 || l->len - i < 5 || strncasecmp(l->line + i, "ERROR", 5) != 0)
		return false;
	i += 5;
	while (i < l->len && (l->line[i] == ':' || l->line[i] == ' '))
		i++;
	a->error_code = -1;
	if (i < l->len && isdigit((unsigned char)l->line[i])) {
		a->error_code = 0;
		while (i < l->len && isdigit((unsigned char)l->line[i]) && a->error_code < 100000)
			a->error_code = a->error_code * 10 + (l->line[i++] - '0');
	}
	snprintf(a->error, sizeof a->error, "%.*s", (int)(l->len > 250 ? 250 : l->len), l->line);
	return true;
}

static int fail(struct err *e, const char *name, const struct lines *l, const char *what)
{
	return err_set(e, "%s: line %lu: %s: \"%.*s\"", name, l->no, what,
	               (int)(l->len > 60 ? 60 : l->len), l->line);
}

/* "%START Version: 3 SOURCE FIRST-LAST" */
static int start_line(const struct lines *l, const char *source, struct nrtm_answer *a,
                      const char *name, struct err *e)
{
	size_t i = 1, n;
	const char *w, *dash;
	uint64_t v;

	while (i < l->len && l->line[i] == ' ')
		i++;
	n = word(l, &i, &w);
	if (!word_is(w, n, "START"))
		return 1; /* not a START line */
	n = word(l, &i, &w);
	if (!word_is(w, n, "Version:"))
		return fail(e, name, l, "malformed %START line");
	n = word(l, &i, &w);
	if (!parse_u64(w, n, &v) || (v != 1 && v != 3))
		return fail(e, name, l, "NRTM version is neither 1 nor 3");
	a->version = (int)v;
	n = word(l, &i, &w);
	if (n == 0 || n >= sizeof a->source)
		return fail(e, name, l, "malformed %START line");
	snprintf(a->source, sizeof a->source, "%.*s", (int)n, w);
	if (source && strcasecmp(a->source, source) != 0)
		return fail(e, name, l, "answer for another source");
	n = word(l, &i, &w);
	dash = memchr(w, '-', n);
	if (!dash || !parse_u64(w, (size_t)(dash - w), &a->first) ||
	    !parse_u64(dash + 1, n - (size_t)(dash + 1 - w), &a->last) || a->first > a->last ||
	    i != l->len)
		return fail(e, name, l, "malformed serial range in %START");
	return 0;
}

static int add_op(struct nrtm_answer *a, size_t *cap, const struct nrtm_op *op)
{
	if (a->nops == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct nrtm_op *p = reallocarray(a->ops, ncap, sizeof *p);
		if (!p)
			return -1;
		a->ops = p;
		*cap = ncap;
	}
	a->ops[a->nops++] = *op;
	return 0;
}

/* The object after an ADD/DEL line: from the next non-blank line to the
 * next blank line. */
static int read_object(struct lines *l, struct nrtm_op *op, const char *name, struct err *e)
{
	bool got;

	while ((got = next_line(l)) && blank(l))
		;
	if (!got)
		return err_set(e, "%s: line %lu: no object after ADD/DEL", name, l->no);
	const char *colon = memchr(l->line, ':', l->len);
	if (l->line[0] == '%' || !colon || colon == l->line)
		return fail(e, name, l, "expected an RPSL object");
	op->obj = l->line;
	const char *end = l->line + l->len;
	while (l->p < l->end) {
		struct lines peek = *l;
		if (!next_line(&peek) || blank(&peek))
			break;
		*l = peek;
		end = l->line + l->len;
	}
	op->len = (size_t)(end - op->obj);
	return 0;
}

static int op_line(struct lines *l, struct nrtm_answer *a, size_t *cap, const char *name,
                   struct err *e)
{
	struct nrtm_op op = {.line = l->no};
	size_t i = 0, n;
	const char *w;

	n = word(l, &i, &w);
	if (!word_is(w, n, "ADD") && !word_is(w, n, "DEL"))
		return fail(e, name, l, "expected ADD or DEL");
	op.add = word_is(w, n, "ADD");
	n = word(l, &i, &w);
	if (a->version == 3 ? !parse_u64(w, n, &op.serial) || i != l->len : n != 0)
		return fail(e, name, l, "malformed ADD/DEL line");
	if (a->version == 1)
		op.serial = a->first + a->nops;
	if (op.serial < a->first || op.serial > a->last)
		return fail(e, name, l, "serial outside the %START range");
	if (a->nops > 0 && op.serial <= a->ops[a->nops - 1].serial)
		return fail(e, name, l, "serials not increasing");
	if (read_object(l, &op, name, e) < 0)
		return -1;
	if (add_op(a, cap, &op) < 0)
		return err_set(e, "%s: out of memory", name);
	return 0;
}

/* Lines before %START: blank, comments, warnings, an error. */
static int before_start(struct lines *l, const char *source, struct nrtm_answer *a,
                        const char *name, struct err *e, bool *started)
{
	if (blank(l))
		return 0;
	if (error_line(l, a))
		return 1;
	if (l->line[0] == '%') {
		int rc = start_line(l, source, a, name, e);
		if (rc <= 0) {
			*started = rc == 0;
			return rc;
		}
		if (memmem(l->line, l->len, "no newer updates", 16))
			a->up_to_date = true;
		return 0;
	}
	if (l->line[0] == '#')
		return 0;
	return fail(e, name, l, "expected %START");
}

static int end_line(const struct lines *l, const struct nrtm_answer *a, const char *name,
                    struct err *e, bool *ended)
{
	size_t i = 1, n;
	const char *w;

	while (i < l->len && l->line[i] == ' ')
		i++;
	n = word(l, &i, &w);
	if (!word_is(w, n, "END"))
		return 0; /* another comment */
	n = word(l, &i, &w);
	if (!word_is(w, n, a->source))
		return fail(e, name, l, "%END names another source");
	*ended = true;
	return 0;
}

static int parse_lines(struct lines *l, const char *source, struct nrtm_answer *a, const char *name,
                       struct err *e)
{
	bool started = false, ended = false;
	size_t cap = 0;
	int rc;

	while (!ended && next_line(l)) {
		if (!started) {
			if ((rc = before_start(l, source, a, name, e, &started)) != 0)
				return rc;
		} else if (blank(l)) {
			continue;
		} else if (error_line(l, a)) {
			return 1;
		} else if (l->line[0] == '%') {
			if (end_line(l, a, name, e, &ended) < 0)
				return -1;
		} else if (l->line[0] != '#' && op_line(l, a, &cap, name, e) < 0) {
			return -1;
		}
	}
	if (!started && !a->up_to_date)
		return err_set(e, "%s: no %%START line in the answer", name);
	if (started && !ended)
		return err_set(e, "%s: incomplete answer: no \"%%END %s\" (connection broken?)",
		               name, a->source);
	return 0;
}

int nrtm_parse(const char *buf, size_t n, const char *source, const char *name,
               struct nrtm_answer *a, struct err *e)
{
	struct lines l = {.p = buf, .end = buf + n};
	int rc;

	memset(a, 0, sizeof *a);
	rc = parse_lines(&l, source, a, name, e);
	if (rc != 0) {
		free(a->ops);
		a->ops = NULL;
		a->nops = 0;
	}
	return rc;
}

void nrtm_answer_free(struct nrtm_answer *a)
{
	free(a->ops);
	a->ops = NULL;
	a->nops = 0;
}
