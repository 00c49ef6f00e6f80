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

/* glibc compiles a{n} into n copies of a and (a)+ into two, and nested
 * repetitions multiply: ((a{200}){200}){200} or 30 nested (...)+ take
 * gigabytes. JavaScript would run them, but no AS path rule needs more than
 * this many copies in all (counted over the whole regex, nested or not). */
#define REPEAT_LIMIT 1000

/* The bound of "{n}", "{n,}" or "{n,m}" at s: the larger number, or 0 when
 * s does not start a bound (JavaScript then takes '{' literally). */
static unsigned long bound_of(const char *s, size_t *len)
{
	unsigned long hi = 0, v = 0;
	const char *p = s + 1;
	bool digits = false;
	for (; *p && *p != '}'; p++) {
		if (*p == ',') {
			hi = v > hi ? v : hi;
			v = 0;
		} else if (*p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned long)(*p - '0');
			digits = true;
			if (v > 100000)
				v = 100000;
		} else {
			return 0;
		}
	}
	if (*p != '}' || !digits)
		return 0;
	*len = (size_t)(p - s) + 1;
	return v > hi ? v : hi;
}

/* A quantifier at *s: copied, its lazy '?' dropped (same yes/no answer as
 * greedy); a quantifier on a quantifier is refused ("nothing to repeat",
 * as JavaScript says), and so are bounds that multiply past REPEAT_LIMIT. */
static int put_quantifier(struct out_buf *o, const char **s, unsigned long *repeat,
                          const char **why)
{
	size_t len = 1;
	bool group = o->len > 0 && o->p[o->len - 1] == ')';
	unsigned long n = 1;
	if (**s == '{') {
		n = bound_of(*s, &len);
		if (n == 0 && len == 1)
			return put(o, "\\{");
	} else if (**s == '+' && group) {
		n = 2; /* glibc compiles (x)+ as x followed by (x)*: a copy */
	}
	*repeat *= n > 1 ? n : 1;
	if (*repeat > REPEAT_LIMIT) {
		*why =
		    "repetitions multiply past 1000 copies of a part (too large for POSIX regex)";
		return -1;
	}
	for (size_t i = 0; i < len; i++)
		if (put_char(o, (*s)[i]) < 0)
			return -1;
	*s += len - 1;
	if ((*s)[1] == '?')
		(*s)++;
	size_t blen = 1;
	if (((*s)[1] && strchr("*+?", (*s)[1])) || ((*s)[1] == '{' && bound_of(*s + 1, &blen))) {
		*why = "nothing to repeat (a quantifier on a quantifier)";
		return -1;
	}
	return 0;
}

int mon_regex_translate(const char *js, char *out, size_t cap, const char **why)
{
	struct out_buf o = {out, cap, 0};
	int in_class = 0, depth = 0; /* glibc takes a stray ')' literally, JavaScript refuses it */
	unsigned long repeat = 1;    /* product of the {n,m} bounds, see put_quantifier */
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
			/* JavaScript: any unescaped ] closes the class (an empty one was
			 * refused at '['); POSIX reads "[:", "[." and "[=" as its own
			 * classes, so they are refused rather than mistranslated */
			if (*s == '[' && s[1] && strchr(":.=", s[1])) {
				*why = "[: [. or [= inside [...] means something else in POSIX; "
				       "escape the [";
				return -1;
			}
			if (*s == ']')
				in_class = 0;
			rc = put_char(&o, *s);
		} else if (*s == '[') {
			const char *first = s[1] == '^' ? s + 2 : s + 1;
			if (*first == ']') {
				/* JavaScript's [] matches nothing and [^] anything; POSIX
				 * would read the ] as a member and run on */
				*why = "an empty class [] or [^] has no POSIX form";
				return -1;
			}
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
		} else if (strchr("*+?{", *s)) {
			rc = put_quantifier(&o, &s, &repeat, why);
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
	if (depth > 0) {
		*why = "an unmatched (";
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
