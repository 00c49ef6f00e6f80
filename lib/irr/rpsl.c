/* SPDX-License-Identifier: ISC */
/* rpsl.c - streaming RPSL parser: lines in, objects out. */
#include "irr/rpsl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/reader.h"

struct attr_off {
	size_t key, value; /* offsets into p->vals */
	unsigned long line;
};

struct rpsl_parser {
	char *name;
	rpsl_object_fn fn;
	rpsl_warn_fn warn;
	void *ctx;
	unsigned long warnings;

	char *raw; /* raw text of the current object */
	size_t raw_len, raw_cap;
	char *vals; /* NUL-terminated keys and values */
	size_t vals_len, vals_cap;
	struct attr_off *offs;
	size_t nattrs, attr_cap;
	struct rpsl_attr *attrs; /* pointer view built at emit time */
	size_t view_cap;

	unsigned long first_line;
	int in_object;
	int oversized; /* current object exceeded RPSL_MAX_OBJECT: skip to blank line */
};

/* Warn about a line, quoting at most 60 bytes of it (lines from a buffer
 * are not NUL-terminated). */
static void warn_at(struct rpsl_parser *p, unsigned long line, const char *msg, const char *text,
                    size_t len)
{
	struct err w;

	p->warnings++;
	if (!p->warn)
		return;
	err_clear(&w);
	err_at_line(&w, p->name, line, "%s%s%.*s", msg, len ? ": " : "", (int)(len > 60 ? 60 : len),
	            text);
	p->warn(&w, p->ctx);
}

struct rpsl_parser *rpsl_parser_new(const char *name, rpsl_object_fn fn, rpsl_warn_fn warn,
                                    void *ctx)
{
	struct rpsl_parser *p = calloc(1, sizeof *p);

	if (!p)
		return NULL;
	p->name = strdup(name ? name : "input");
	if (!p->name) {
		free(p);
		return NULL;
	}
	p->fn = fn;
	p->warn = warn;
	p->ctx = ctx;
	return p;
}

void rpsl_parser_free(struct rpsl_parser *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->raw);
	free(p->vals);
	free(p->offs);
	free(p->attrs);
	free(p);
}

unsigned long rpsl_parser_warnings(const struct rpsl_parser *p)
{
	return p->warnings;
}

static int grow_buf(char **buf, size_t *cap, size_t need)
{
	char *nb = grow(*buf, cap, need > 256 ? need : 256, 1); /* first 256 bytes */

	if (!nb)
		return -1;
	*buf = nb;
	return 0;
}

static void reset_object(struct rpsl_parser *p)
{
	p->raw_len = 0;
	p->vals_len = 0;
	p->nattrs = 0;
	p->in_object = 0;
	p->oversized = 0;
}

/* Append bytes to the values buffer (no terminator). */
static int vals_put(struct rpsl_parser *p, const char *s, size_t n)
{
	if (grow_buf(&p->vals, &p->vals_cap, p->vals_len + n + 1) < 0)
		return -1;
	memcpy(p->vals + p->vals_len, s, n);
	p->vals_len += n;
	p->vals[p->vals_len] = '\0';
	return 0;
}

/* Trim white space and a '#' comment from s[0..n); returns the new length
 * and moves *s past leading blanks. */
static size_t clean_value(const char **s, size_t n)
{
	const char *v = *s, *hash = memchr(v, '#', n);

	if (hash)
		n = (size_t)(hash - v);
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	*s = v;
	return n;
}

static int emit(struct rpsl_parser *p, struct err *e)
{
	struct rpsl_object o;
	int rc;

	if (!p->in_object || p->oversized || p->nattrs == 0) {
		reset_object(p);
		return 0;
	}
	struct rpsl_attr *a = GROW(p->attrs, p->view_cap, p->nattrs);

	if (!a)
		return err_set(e, "%s: out of memory", p->name);
	p->attrs = a;
	for (size_t i = 0; i < p->nattrs; i++) {
		p->attrs[i].key = p->vals + p->offs[i].key;
		p->attrs[i].value = p->vals + p->offs[i].value;
		p->attrs[i].line = p->offs[i].line;
	}
	if (grow_buf(&p->raw, &p->raw_cap, p->raw_len + 1) < 0)
		return err_set(e, "%s: out of memory", p->name);
	p->raw[p->raw_len] = '\0';
	o.cls = p->attrs[0].key;
	o.key = p->attrs[0].value;
	o.attrs = p->attrs;
	o.nattrs = p->nattrs;
	o.text = p->raw;
	o.text_len = p->raw_len;
	o.file = p->name;
	o.line = p->first_line;
	rc = p->fn ? p->fn(&o, p->ctx) : 0;
	reset_object(p);
	return rc;
}

static int add_raw(struct rpsl_parser *p, const char *line, size_t len, unsigned long lineno,
                   struct err *e)
{
	if (p->raw_len + len + 1 > RPSL_MAX_OBJECT) {
		warn_at(p, p->first_line, "object larger than 64 MiB, skipped", "", 0);
		p->oversized = 1;
		return 0;
	}
	if (grow_buf(&p->raw, &p->raw_cap, p->raw_len + len + 2) < 0)
		return err_set(e, "%s:%lu: out of memory", p->name, lineno);
	memcpy(p->raw + p->raw_len, line, len);
	p->raw_len += len;
	p->raw[p->raw_len++] = '\n';
	return 0;
}

static int is_key_char(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

static int attribute_line(struct rpsl_parser *p, const char *line, size_t len, unsigned long lineno,
                          struct err *e)
{
	size_t k = 0;
	const char *v;
	size_t vn;

	while (k < len && is_key_char((unsigned char)line[k]))
		k++;
	if (k == 0 || k >= len || line[k] != ':') {
		warn_at(p, lineno, "malformed line (expected 'key: value')", line, len);
		return 0;
	}
	struct attr_off *a = GROW(p->offs, p->attr_cap, p->nattrs < 32 ? 32 : p->nattrs + 1);

	if (!a)
		return err_set(e, "%s:%lu: out of memory", p->name, lineno);
	p->offs = a;
	if (p->nattrs)
		p->vals_len++; /* step over the previous value's NUL */
	p->offs[p->nattrs].key = p->vals_len;
	p->offs[p->nattrs].line = lineno;
	if (vals_put(p, line, k) < 0)
		return err_set(e, "%s:%lu: out of memory", p->name, lineno);
	for (size_t i = p->offs[p->nattrs].key; i < p->vals_len; i++)
		p->vals[i] = (char)tolower((unsigned char)p->vals[i]);
	p->vals_len++; /* keep the NUL */
	p->offs[p->nattrs].value = p->vals_len;
	v = line + k + 1;
	vn = clean_value(&v, len - k - 1);
	if (vals_put(p, v, vn) < 0)
		return err_set(e, "%s:%lu: out of memory", p->name, lineno);
	p->nattrs++;
	return 0;
}

static int continuation_line(struct rpsl_parser *p, const char *line, size_t len,
                             unsigned long lineno, struct err *e)
{
	const char *v = line + 1;
	size_t vn;

	if (p->nattrs == 0) {
		warn_at(p, lineno, "continuation line without an attribute", line, len);
		return 0;
	}
	vn = clean_value(&v, len - 1);
	if (vn == 0)
		return 0;
	/* the value being continued is always the last thing in vals */
	if (p->vals_len > p->offs[p->nattrs - 1].value && vals_put(p, " ", 1) < 0)
		return err_set(e, "%s:%lu: out of memory", p->name, lineno);
	if (vals_put(p, v, vn) < 0)
		return err_set(e, "%s:%lu: out of memory", p->name, lineno);
	return 0;
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

int rpsl_parser_line(struct rpsl_parser *p, const char *line, size_t len, unsigned long lineno,
                     struct err *e)
{
	if (len && line[len - 1] == '\r')
		len--;
	if (is_blank(line, len))
		return emit(p, e);
	if (line[0] == '%')
		return 0; /* whois banner / server comment, never part of an object */
	if (!p->in_object) {
		if (line[0] == '#')
			return 0;
		if (line[0] == ' ' || line[0] == '\t' || line[0] == '+') {
			warn_at(p, lineno, "continuation line outside an object", line, len);
			return 0;
		}
		p->in_object = 1;
		p->first_line = lineno;
	}
	if (p->oversized)
		return 0;
	if (add_raw(p, line, len, lineno, e) < 0)
		return -1;
	if (p->oversized)
		return 0;
	if (line[0] == '#')
		return 0;
	if (line[0] == ' ' || line[0] == '\t' || line[0] == '+')
		return continuation_line(p, line, len, lineno, e);
	return attribute_line(p, line, len, lineno, e);
}

int rpsl_parser_end(struct rpsl_parser *p, struct err *e)
{
	return emit(p, e);
}

int rpsl_parse_reader(struct reader *r, rpsl_object_fn fn, rpsl_warn_fn warn, void *ctx,
                      struct err *e)
{
	struct rpsl_parser *p = rpsl_parser_new(reader_name(r), fn, warn, ctx);
	char *line;
	size_t len;
	int rc = 0, g;

	if (!p)
		return err_set(e, "%s: out of memory", reader_name(r));
	while ((g = reader_getline(r, &line, &len, e)) == 1) {
		rc = rpsl_parser_line(p, line, len, reader_lineno(r), e);
		if (rc)
			break;
	}
	if (g < 0)
		rc = -1;
	else if (rc == 0)
		rc = rpsl_parser_end(p, e);
	rpsl_parser_free(p);
	return rc;
}

int rpsl_parse_buffer(const char *buf, size_t len, const char *name, rpsl_object_fn fn,
                      rpsl_warn_fn warn, void *ctx, struct err *e)
{
	struct rpsl_parser *p = rpsl_parser_new(name, fn, warn, ctx);
	unsigned long lineno = 0;
	size_t pos = 0;
	int rc = 0;

	if (!p)
		return err_set(e, "%s: out of memory", name ? name : "input");
	while (pos < len && rc == 0) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		rc = rpsl_parser_line(p, buf + pos, n, ++lineno, e);
		pos += n + 1;
	}
	if (rc == 0)
		rc = rpsl_parser_end(p, e);
	rpsl_parser_free(p);
	return rc;
}

const char *rpsl_object_get(const struct rpsl_object *o, const char *key)
{
	for (size_t i = 0; i < o->nattrs; i++)
		if (!strcmp(o->attrs[i].key, key))
			return o->attrs[i].value;
	return NULL;
}

int rpsl_split_list(const char *value, int (*fn)(const char *item, size_t len, void *ctx),
                    void *ctx)
{
	const char *s = value;

	while (*s) {
		size_t n;
		int rc;

		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		n = 0;
		while (s[n] && s[n] != ',' && !isspace((unsigned char)s[n]))
			n++;
		rc = fn(s, n, ctx);
		if (rc)
			return rc;
		s += n;
	}
	return 0;
}
