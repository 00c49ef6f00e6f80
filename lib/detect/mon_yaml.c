/* SPDX-License-Identifier: ISC */
/* mon_yaml.c - libyaml documents typed like js-yaml, errors with line and column. */
#include "detect/mon_yaml.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Walk budget per document node: a file may share an anchored block by
 * aliases this many times over before it is refused as an alias bomb. */
#define VISITS_PER_NODE 64
#define VISITS_MIN 10000

static int set_at(struct err *e, const char *file, unsigned long line, unsigned long col,
                  const char *fmt, va_list ap)
{
	char body[400];
	vsnprintf(body, sizeof body, fmt, ap);
	if (!e)
		return -1;
	memset(e, 0, sizeof *e);
	snprintf(e->file, sizeof e->file, "%s", file);
	e->line = line;
	snprintf(e->msg, sizeof e->msg, "%s:%lu:%lu: %s", file, line, col, body);
	return -1;
}

static int error_at(struct err *e, const char *file, unsigned long line, unsigned long col,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int error_at(struct err *e, const char *file, unsigned long line, unsigned long col,
                    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_at(e, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

static int parser_error(yaml_parser_t *p, const char *file, struct err *e)
{
	if (p->error == YAML_MEMORY_ERROR)
		return err_set(e, "%s: out of memory reading YAML", file);
	const char *problem = p->problem ? p->problem : "malformed YAML";
	if (p->context)
		return error_at(e, file, p->problem_mark.line + 1, p->problem_mark.column + 1,
		                "YAML syntax error: %s %s (line %lu)", problem, p->context,
		                (unsigned long)p->context_mark.line + 1);
	return error_at(e, file, p->problem_mark.line + 1, p->problem_mark.column + 1,
	                "YAML syntax error: %s", problem);
}

int mon_yaml_load(struct mon_yaml *y, const char *buf, size_t n, const char *file, struct err *e)
{
	yaml_parser_t parser;
	yaml_document_t extra;

	memset(y, 0, sizeof *y);
	y->file = file;
	y->e = e;
	if (!yaml_parser_initialize(&parser))
		return err_set(e, "%s: out of memory reading YAML", file);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, n);
	if (!yaml_parser_load(&parser, &y->doc)) {
		parser_error(&parser, file, e);
		yaml_parser_delete(&parser);
		return -1;
	}
	y->loaded = true;
	if (!yaml_parser_load(&parser, &extra)) {
		parser_error(&parser, file, e);
		yaml_parser_delete(&parser);
		return -1;
	}
	bool more = yaml_document_get_root_node(&extra) != NULL;
	unsigned long line = extra.start_mark.line + 1;
	yaml_document_delete(&extra);
	yaml_parser_delete(&parser);
	if (more)
		return error_at(e, file, line, 1, "a second YAML document ('---'); expected one");
	size_t nodes = (size_t)(y->doc.nodes.top - y->doc.nodes.start);
	y->budget = nodes * VISITS_PER_NODE + VISITS_MIN;
	return 0;
}

void mon_yaml_free(struct mon_yaml *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = false;
}

yaml_node_t *mon_yaml_root(struct mon_yaml *y)
{
	return yaml_document_get_root_node(&y->doc);
}

yaml_node_t *mon_yaml_node(struct mon_yaml *y, int id)
{
	return yaml_document_get_node(&y->doc, id);
}

int mon_yaml_error(struct mon_yaml *y, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_at(y->e, y->file, n ? n->start_mark.line + 1 : 1, n ? n->start_mark.column + 1 : 1, fmt,
	       ap);
	va_end(ap);
	return -1;
}

int mon_yaml_visit(struct mon_yaml *y, const yaml_node_t *n)
{
	if (y->budget == 0)
		return mon_yaml_error(y, n,
		                      "too many aliases: the document expands beyond %d "
		                      "times its size",
		                      VISITS_PER_NODE);
	y->budget--;
	return 0;
}

const char *mon_yaml_text(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return "";
	return (const char *)n->data.scalar.value;
}

static bool is_one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return true;
	return false;
}

/* Digits of base with '_' separators allowed after the first digit. */
static bool digits(const char *s, int base)
{
	if (!*s || *s == '_')
		return false;
	for (; *s; s++) {
		int c = (unsigned char)*s;
		bool ok = c == '_' || (base == 16 ? isxdigit(c) : c >= '0' && c < '0' + base);
		if (!ok)
			return false;
	}
	return true;
}

static bool is_int(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!strncmp(s, "0x", 2))
		return digits(s + 2, 16);
	if (!strncmp(s, "0o", 2))
		return digits(s + 2, 8);
	if (!strncmp(s, "0b", 2))
		return digits(s + 2, 2);
	return digits(s, 10);
}

static bool is_float(const char *s)
{
	static const char *const special[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", NULL};
	if (*s == '-' || *s == '+')
		s++;
	if (is_one_of(s, special))
		return true;
	size_t before = strspn(s, "0123456789_");
	s += before;
	size_t after = 0;
	if (*s == '.') {
		s++;
		after = strspn(s, "0123456789_");
		s += after;
	}
	if (before + after == 0)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!isdigit((unsigned char)*s))
			return false;
		s += strspn(s, "0123456789");
	}
	return *s == '\0';
}

enum mon_yaml_kind mon_yaml_kind(const yaml_node_t *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
	static const char *const bools[] = {"true",  "True",  "TRUE", "false",
	                                    "False", "FALSE", NULL};

	if (!n)
		return MY_NULL;
	if (n->type == YAML_SEQUENCE_NODE)
		return MY_SEQ;
	if (n->type == YAML_MAPPING_NODE)
		return MY_MAP;
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return MY_STR;
	const char *s = mon_yaml_text(n);
	if (is_one_of(s, nulls))
		return MY_NULL;
	if (is_one_of(s, bools))
		return MY_BOOL;
	if (is_int(s))
		return MY_INT;
	if (is_float(s))
		return MY_FLOAT;
	return MY_STR;
}

const char *mon_yaml_kind_name(enum mon_yaml_kind k)
{
	static const char *const names[] = {"null",   "boolean", "integer", "number",
	                                    "string", "list",    "mapping"};
	return names[k];
}

static int expect(struct mon_yaml *y, const yaml_node_t *n, const char *what, const char *wanted)
{
	return mon_yaml_error(y, n, "%s: expected %s, got %s%s%s%s", what, wanted,
	                      mon_yaml_kind_name(mon_yaml_kind(n)),
	                      n && n->type == YAML_SCALAR_NODE ? " '" : "", mon_yaml_text(n),
	                      n && n->type == YAML_SCALAR_NODE ? "'" : "");
}

static void known_list(const char *const *known, char *buf, size_t cap)
{
	size_t used = 0;
	buf[0] = '\0';
	for (; *known && used < cap; known++) {
		int w = snprintf(buf + used, cap - used, "%s%s", used ? ", " : "", *known);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

struct key_at {
	const char *key;
	size_t index;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Sorted, so that a 10,000-prefix file is not 50 million comparisons; the
 * error points at the later of the two keys. */
static int check_unique_keys(struct mon_yaml *y, const yaml_node_t *n, const char *what)
{
	size_t count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	if (count < 2)
		return 0;
	struct key_at *v = malloc(count * sizeof *v);
	if (!v)
		return mon_yaml_error(y, n, "%s: out of memory", what);
	for (size_t i = 0; i < count; i++)
		v[i] = (struct key_at){
		    mon_yaml_text(mon_yaml_node(y, n->data.mapping.pairs.start[i].key)), i};
	qsort(v, count, sizeof *v, key_cmp);
	size_t first_dup = count;
	for (size_t i = 1; i < count; i++)
		if (!strcmp(v[i].key, v[i - 1].key) &&
		    (first_dup == count || v[i].index < first_dup))
			first_dup = v[i].index;
	free(v);
	if (first_dup == count)
		return 0;
	yaml_node_t *k = mon_yaml_node(y, n->data.mapping.pairs.start[first_dup].key);
	return mon_yaml_error(y, k, "%s: duplicate key '%s'", what, mon_yaml_text(k));
}

int mon_yaml_check_map(struct mon_yaml *y, const yaml_node_t *n, const char *what,
                       const char *const *known)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return expect(y, n, what, "a mapping");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = mon_yaml_node(y, p->key);
		if (mon_yaml_visit(y, k) < 0)
			return -1;
		if (!k || k->type != YAML_SCALAR_NODE)
			return mon_yaml_error(y, k, "%s: a key must be a scalar", what);
		const char *key = mon_yaml_text(k);
		if (known && !is_one_of(key, known)) {
			char list[300];
			known_list(known, list, sizeof list);
			return mon_yaml_error(y, k, "%s: unknown key '%s' (known: %s)", what, key,
			                      list);
		}
	}
	return check_unique_keys(y, n, what);
}

yaml_node_t *mon_yaml_get(struct mon_yaml *y, const yaml_node_t *n, const char *key)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
		if (!strcmp(mon_yaml_text(mon_yaml_node(y, p->key)), key))
			return mon_yaml_node(y, p->value);
	return NULL;
}

int mon_yaml_bool(struct mon_yaml *y, const yaml_node_t *n, const char *what, bool *out)
{
	if (mon_yaml_kind(n) != MY_BOOL)
		return expect(y, n, what, "true or false");
	*out = tolower((unsigned char)mon_yaml_text(n)[0]) == 't';
	return 0;
}

/* A decimal (or 0x / 0o / 0b) integer with '_' separators; false on overflow. */
static bool parse_uint(const char *s, uint64_t *out)
{
	int base = 10;
	if (*s == '+')
		s++;
	if (*s == '-')
		return false;
	if (!strncmp(s, "0x", 2))
		base = 16, s += 2;
	else if (!strncmp(s, "0o", 2))
		base = 8, s += 2;
	else if (!strncmp(s, "0b", 2))
		base = 2, s += 2;
	uint64_t v = 0;
	for (; *s; s++) {
		if (*s == '_')
			continue;
		int c = tolower((unsigned char)*s);
		unsigned d = isdigit(c) ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
		if (v > (UINT64_MAX - d) / (unsigned)base)
			return false;
		v = v * (unsigned)base + d;
	}
	*out = v;
	return true;
}

int mon_yaml_uint(struct mon_yaml *y, const yaml_node_t *n, const char *what, uint64_t max,
                  uint64_t *out)
{
	uint64_t v;
	if (mon_yaml_kind(n) != MY_INT)
		return expect(y, n, what, "a whole number");
	if (!parse_uint(mon_yaml_text(n), &v) || v > max)
		return mon_yaml_error(y, n, "%s: %s is out of range (0 to %llu)", what,
		                      mon_yaml_text(n), (unsigned long long)max);
	*out = v;
	return 0;
}

int mon_yaml_string(struct mon_yaml *y, const yaml_node_t *n, const char *what, char **out)
{
	enum mon_yaml_kind k = mon_yaml_kind(n);
	if (k != MY_STR && k != MY_INT && k != MY_FLOAT)
		return expect(y, n, what, "a string");
	*out = strdup(mon_yaml_text(n));
	if (!*out)
		return mon_yaml_error(y, n, "%s: out of memory", what);
	return 0;
}

int mon_yaml_asn(struct mon_yaml *y, const yaml_node_t *n, const char *what, uint32_t *out)
{
	enum mon_yaml_kind k = mon_yaml_kind(n);
	const char *s = mon_yaml_text(n);
	uint64_t v = 0;

	if (k != MY_INT && k != MY_STR)
		return expect(y, n, what, "an AS number");
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return mon_yaml_error(y, n,
		                      "%s: '%s' is not an AS number (write digits only, "
		                      "e.g. 64496)",
		                      what, s);
	for (; *s; s++)
		v = v * 10 + (uint64_t)(*s - '0');
	if (v > UINT32_MAX)
		return mon_yaml_error(y, n, "%s: %s is not an AS number (0 to 4294967295)", what,
		                      mon_yaml_text(n));
	*out = (uint32_t)v;
	return 0;
}
