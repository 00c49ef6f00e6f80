/* SPDX-License-Identifier: ISC */
/* mon_path_rule.c - BGPalerter path rules: their JavaScript regexes as
 * POSIX ERE, the path as the string they test ("1,2,3"), and the test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/monitor_config.h"

/* Paths this long format on the stack; longer ones (rare) on the heap. */
#define PATH_STACK_BYTES 2048

struct out_buf {
	char *p;
	size_t cap, len;
};

static int put(struct out_buf *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n + 1 > o->cap)
		return -1;
	memcpy(o->p + o->len, s, n + 1);
	o->len += n;
	return 0;
}

static int put_char(struct out_buf *o, char c)
{
	char s[2] = {c, '\0'};
	return put(o, s);
}

/* One escape \c, outside or inside a bracket expression. */
static int put_escape(struct out_buf *o, char c, int in_class, const char **why)
{
	if (c == 'd')
		return put(o, in_class ? "0-9" : "[0-9]");
	if (c == 'D' && !in_class)
		return put(o, "[^0-9]");
	if (c == 'n' || c == 't' || c == 'r')
		return put_char(o, c == 'n' ? '\n' : c == 't' ? '\t' : '\r');
	if (!in_class && strchr("wWsSbB123456789", c))
		return put_char(o, '\\') < 0 ? -1 : put_char(o, c);
	if (in_class && c == 'w')
		return put(o, "A-Za-z0-9_");
	if (in_class && c == 's')
		return put(o, " \t\n\r\f\v");
	if (c && strchr(".^$|?*+()[]{}\\/-,", c)) {
		if (in_class && (c == ']' || c == '^' || c == '-')) {
			*why = "an escaped ], ^ or - inside [...] has no POSIX equivalent; move it";
			return -1;
		}
		if (in_class || c == '/' || c == ',' || c == '-')
			return put_char(o, c);
		return put_char(o, '\\') < 0 ? -1 : put_char(o, c);
	}
	*why = "this escape is JavaScript-only (\\u, \\x, \\p, \\k, \\D in [...]...)";
	return -1;
}

/* "(?" at s: a non-capturing group becomes a group; the rest has no POSIX form. */
static int put_group(struct out_buf *o, const char **s, const char **why)
{
	if ((*s)[1] != '?')
		return put_char(o, '(');
	if ((*s)[2] == ':') {
		*s += 2;
		return put_char(o, '(');
	}
	*why = "lookarounds and named groups ((?=, (?!, (?<) are JavaScript-only; use notMatch";
	return -1;
}

int mon_regex_translate(const char *js, char *out, size_t cap, const char **why)
{
	struct out_buf o = {out, cap, 0};
	int in_class = 0, depth = 0; /* glibc takes a stray ')' literally, JavaScript refuses it */
	*why = "the regex is too long";
	if (cap == 0)
		return -1;
	out[0] = '\0';
	for (const char *s = js; *s; s++) {
		int rc;
		if (*s == '\\') {
			s++;
			if (!*s) {
				*why = "a trailing backslash";
				return -1;
			}
			rc = put_escape(&o, *s, in_class, why);
		} else if (in_class) {
			if (*s == ']' && s[-1] != '[' && !(s[-1] == '^' && s[-2] == '['))
				in_class = 0;
			rc = put_char(&o, *s);
		} else if (*s == '[') {
			in_class = 1;
			rc = put_char(&o, *s);
		} else if (*s == '(') {
			depth++;
			rc = put_group(&o, &s, why);
		} else if (*s == ')') {
			if (--depth < 0) {
				*why = "an unmatched )";
				return -1;
			}
			rc = put_char(&o, *s);
		} else if (strchr("*+?}", *s) && s[1] == '?') {
			rc = put_char(&o, *s); /* lazy: same yes/no answer as greedy */
			s++;
		} else {
			rc = put_char(&o, *s);
		}
		if (rc < 0)
			return -1;
	}
	if (in_class) {
		*why = "an unterminated [...]";
		return -1;
	}
	return 0;
}

size_t mon_path_format(const uint32_t *path, size_t n, char *buf, size_t cap)
{
	size_t len = 0;
	if (cap)
		buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[16];
		int w = snprintf(one, sizeof one, "%s%u", i ? "," : "", path[i]);
		if (len + (size_t)w < cap)
			memcpy(buf + len, one, (size_t)w + 1);
		len += (size_t)w;
	}
	return len;
}

static bool regex_tests(const struct mon_path_rule *r, const char *s)
{
	if (r->match && regexec(&r->match_re, s, 0, NULL, 0) != 0)
		return false;
	if (r->not_match && regexec(&r->not_match_re, s, 0, NULL, 0) == 0)
		return false;
	return true;
}

static bool length_alerts(const struct mon_path_rule *r, size_t n)
{
	if (r->max_length < 0 && r->min_length < 0)
		return true;
	if (r->max_length >= 0 && n > (size_t)r->max_length)
		return true;
	return r->min_length >= 0 && n < (size_t)r->min_length;
}

bool mon_path_rule_matches(const struct mon_path_rule *r, const uint32_t *path, size_t n)
{
	if (!length_alerts(r, n))
		return false;
	if (!r->match && !r->not_match)
		return true;
	char stack[PATH_STACK_BYTES];
	size_t need = mon_path_format(path, n, stack, sizeof stack);
	if (need < sizeof stack)
		return regex_tests(r, stack);
	char *heap = malloc(need + 1);
	if (!heap)
		return false;
	mon_path_format(path, n, heap, need + 1);
	bool hit = regex_tests(r, heap);
	free(heap);
	return hit;
}
