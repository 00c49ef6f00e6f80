/* SPDX-License-Identifier: ISC */
/* jlex.c - streaming JSON tokenizer (see jlex.h for why not jansson). */
#include "core/jlex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define JLEX_CHUNK (256 * 1024)

void jlex_init_reader(struct jlex *lx, struct reader *r, const char *name, struct err *e)
{
	memset(lx, 0, sizeof *lx);
	lx->r = r;
	lx->name = name;
	lx->line = 1;
	lx->e = e;
}

void jlex_init_buffer(struct jlex *lx, const void *buf, size_t n, const char *name, struct err *e)
{
	memset(lx, 0, sizeof *lx);
	lx->p = buf;
	lx->end = buf ? lx->p + n : lx->p;
	lx->name = name;
	lx->line = 1;
	lx->e = e;
}

int jlex_fail(struct jlex *lx, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!lx->failed)
		err_at_line(lx->e, lx->name, lx->line, "%s", msg);
	lx->failed = 1;
	return -1;
}

/* Refill the window from the reader; returns 1 when bytes are available. */
static int refill(struct jlex *lx)
{
	if (!lx->r || lx->failed)
		return 0;
	reader_consume(lx->r, lx->window);
	lx->window = 0;
	size_t avail = 0;
	struct err e2;
	err_clear(&e2);
	const uint8_t *b = reader_peek(lx->r, JLEX_CHUNK, &avail, &e2);
	if (!b) {
		jlex_fail(lx, "read error: %s", e2.msg);
		return 0;
	}
	lx->p = b;
	lx->end = b + avail;
	lx->window = avail;
	return avail > 0;
}

/* Next byte or -1 at end of input. */
static inline int getbyte(struct jlex *lx)
{
	if (lx->p == lx->end && !refill(lx))
		return -1;
	return *lx->p++;
}

static inline int peekbyte(struct jlex *lx)
{
	if (lx->p == lx->end && !refill(lx))
		return -1;
	return *lx->p;
}

static int skip_space(struct jlex *lx)
{
	for (;;) {
		int c = peekbyte(lx);
		if (c == '\n')
			lx->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return c;
		lx->p++;
	}
}

int jlex_peek_is(struct jlex *lx, int c)
{
	return skip_space(lx) == c;
}

static void tok_put(struct jlex *lx, int c)
{
	if (lx->toklen < JLEX_TOKMAX)
		lx->tok[lx->toklen++] = (char)c;
	else
		lx->truncated = 1;
}

static void put_utf8(struct jlex *lx, unsigned cp)
{
	if (cp < 0x80) {
		tok_put(lx, (int)cp);
	} else if (cp < 0x800) {
		tok_put(lx, 0xc0 | (int)(cp >> 6));
		tok_put(lx, 0x80 | (int)(cp & 0x3f));
	} else if (cp < 0x10000) {
		tok_put(lx, 0xe0 | (int)(cp >> 12));
		tok_put(lx, 0x80 | (int)((cp >> 6) & 0x3f));
		tok_put(lx, 0x80 | (int)(cp & 0x3f));
	} else {
		tok_put(lx, 0xf0 | (int)(cp >> 18));
		tok_put(lx, 0x80 | (int)((cp >> 12) & 0x3f));
		tok_put(lx, 0x80 | (int)((cp >> 6) & 0x3f));
		tok_put(lx, 0x80 | (int)(cp & 0x3f));
	}
}

static int hex4(struct jlex *lx, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int c = getbyte(lx);
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return jlex_fail(lx, "bad \\u escape in string");
		*v = *v << 4 | (unsigned)d;
	}
	return 0;
}

static enum jtok lex_string(struct jlex *lx)
{
	for (;;) {
		/* Fast path: copy plain bytes straight from the window. */
		const uint8_t *s = lx->p;
		while (s < lx->end && *s != '"' && *s != '\\' && *s >= 0x20)
			s++;
		size_t n = (size_t)(s - lx->p);
		if (n) {
			size_t room = JLEX_TOKMAX - lx->toklen;
			if (n > room) {
				lx->truncated = 1;
				memcpy(lx->tok + lx->toklen, lx->p, room);
				lx->toklen += room;
			} else {
				memcpy(lx->tok + lx->toklen, lx->p, n);
				lx->toklen += n;
			}
			lx->p = s;
		}
		int c = getbyte(lx);
		if (c < 0) {
			jlex_fail(lx, "unterminated string");
			return JT_ERROR;
		}
		if (c == '"')
			break;
		if (c < 0x20) {
			jlex_fail(lx, "control character in string");
			return JT_ERROR;
		}
		if (c != '\\') {
			tok_put(lx, c);
			continue;
		}
		c = getbyte(lx);
		unsigned cp;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			tok_put(lx, c);
			break;
		case 'b':
			tok_put(lx, '\b');
			break;
		case 'f':
			tok_put(lx, '\f');
			break;
		case 'n':
			tok_put(lx, '\n');
			break;
		case 'r':
			tok_put(lx, '\r');
			break;
		case 't':
			tok_put(lx, '\t');
			break;
		case 'u':
			if (hex4(lx, &cp) < 0)
				return JT_ERROR;
			/* A lone or mismatched surrogate becomes U+FFFD rather than an error. */
			if (cp >= 0xd800 && cp < 0xdc00 && peekbyte(lx) == '\\') {
				lx->p++;
				unsigned lo;
				if (getbyte(lx) != 'u' || hex4(lx, &lo) < 0) {
					jlex_fail(lx, "bad surrogate escape in string");
					return JT_ERROR;
				}
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				else
					cp = 0xfffd;
			} else if (cp >= 0xd800 && cp < 0xe000) {
				cp = 0xfffd;
			}
			put_utf8(lx, cp);
			break;
		default:
			jlex_fail(lx, "bad escape in string");
			return JT_ERROR;
		}
	}
	lx->tok[lx->toklen] = 0;
	return JT_STRING;
}

static enum jtok lex_number(struct jlex *lx, int c)
{
	/* Validate the JSON number grammar loosely but keep it bounded. */
	tok_put(lx, c);
	for (;;) {
		int d = peekbyte(lx);
		if ((d >= '0' && d <= '9') || d == '.' || d == 'e' || d == 'E' || d == '+' ||
		    d == '-') {
			tok_put(lx, d);
			lx->p++;
		} else {
			break;
		}
	}
	lx->tok[lx->toklen] = 0;
	if (lx->truncated) {
		jlex_fail(lx, "number too long");
		return JT_ERROR;
	}
	return JT_NUMBER;
}

static enum jtok lex_word(struct jlex *lx, const char *w, enum jtok t)
{
	for (const char *c = w + 1; *c; c++) {
		if (getbyte(lx) != *c) {
			jlex_fail(lx, "unexpected characters (expected '%s')", w);
			return JT_ERROR;
		}
	}
	return t;
}

enum jtok jlex_next(struct jlex *lx)
{
	if (lx->failed)
		return JT_ERROR;
	lx->toklen = 0;
	lx->truncated = 0;
	lx->tok[0] = 0;
	int c = skip_space(lx);
	if (c < 0)
		return lx->failed ? JT_ERROR : JT_EOF;
	lx->p++;
	switch (c) {
	case '{':
		return JT_LBRACE;
	case '}':
		return JT_RBRACE;
	case '[':
		return JT_LBRACK;
	case ']':
		return JT_RBRACK;
	case ':':
		return JT_COLON;
	case ',':
		return JT_COMMA;
	case '"':
		return lex_string(lx);
	case 't':
		return lex_word(lx, "true", JT_TRUE);
	case 'f':
		return lex_word(lx, "false", JT_FALSE);
	case 'n':
		return lex_word(lx, "null", JT_NULL);
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return lex_number(lx, c);
		if (c >= 0x21 && c < 0x7f)
			jlex_fail(lx, "unexpected character '%c'", c);
		else
			jlex_fail(lx, "unexpected byte 0x%02x", (unsigned)c);
		return JT_ERROR;
	}
}

static int skip_depth(struct jlex *lx, enum jtok t, int depth)
{
	if (depth > JLEX_MAXDEPTH)
		return jlex_fail(lx, "nesting deeper than %d", JLEX_MAXDEPTH);
	int first = 1, r;
	enum jtok et;
	switch (t) {
	case JT_LBRACE:
		while ((r = jlex_obj_next(lx, &first)) == 1)
			if (skip_depth(lx, jlex_next(lx), depth + 1) < 0)
				return -1;
		return r;
	case JT_LBRACK:
		while ((r = jlex_arr_next(lx, &first, &et)) == 1)
			if (skip_depth(lx, et, depth + 1) < 0)
				return -1;
		return r;
	case JT_STRING:
	case JT_NUMBER:
	case JT_TRUE:
	case JT_FALSE:
	case JT_NULL:
		return 0;
	case JT_ERROR:
		return -1;
	case JT_EOF:
		return jlex_fail(lx, "unexpected end of input");
	default:
		return jlex_fail(lx, "expected a value");
	}
}

int jlex_skip(struct jlex *lx, enum jtok t)
{
	return skip_depth(lx, t, 0);
}

int jlex_obj_next(struct jlex *lx, int *first)
{
	enum jtok t = jlex_next(lx);
	if (t == JT_RBRACE && *first)
		return 0;
	if (!*first) {
		if (t == JT_RBRACE)
			return 0;
		if (t != JT_COMMA)
			return t == JT_ERROR ? -1 : jlex_fail(lx, "expected ',' or '}' in object");
		t = jlex_next(lx);
	}
	*first = 0;
	if (t != JT_STRING)
		return t == JT_ERROR ? -1 : jlex_fail(lx, "expected a string key in object");
	/* Take the ':' by hand so the key stays in lx->tok for the caller. */
	if (skip_space(lx) != ':')
		return lx->failed ? -1 : jlex_fail(lx, "expected ':' after key \"%.60s\"", lx->tok);
	lx->p++;
	return 1;
}

int jlex_arr_next(struct jlex *lx, int *first, enum jtok *t)
{
	*t = jlex_next(lx);
	if (*t == JT_RBRACK && *first)
		return 0;
	if (!*first) {
		if (*t == JT_RBRACK)
			return 0;
		if (*t != JT_COMMA)
			return *t == JT_ERROR ? -1 : jlex_fail(lx, "expected ',' or ']' in array");
		*t = jlex_next(lx);
	}
	*first = 0;
	if (*t == JT_ERROR)
		return -1;
	if (*t == JT_EOF)
		return jlex_fail(lx, "unexpected end of input in array");
	if (*t == JT_RBRACK || *t == JT_RBRACE || *t == JT_COMMA || *t == JT_COLON)
		return jlex_fail(lx, "expected a value in array");
	return 1;
}

static int parse_digits(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
		if (x > max)
			return -1;
	}
	*v = x;
	return 0;
}

int jlex_uint(struct jlex *lx, enum jtok t, uint64_t max, uint64_t *v, const char *what)
{
	if ((t != JT_NUMBER && t != JT_STRING) || parse_digits(lx->tok, max, v) < 0) {
		if (t == JT_ERROR)
			return -1;
		return jlex_fail(lx, "%s: expected an integer 0..%llu, got '%.40s'", what,
		                 (unsigned long long)max, lx->tok);
	}
	return 0;
}

int jlex_asn(struct jlex *lx, enum jtok t, uint32_t *asn, const char *what)
{
	const char *s = lx->tok;
	uint64_t v;
	if (t == JT_STRING && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's'))
		s += 2;
	if ((t != JT_NUMBER && t != JT_STRING) || parse_digits(s, UINT32_MAX, &v) < 0) {
		if (t == JT_ERROR)
			return -1;
		return jlex_fail(lx, "%s: bad AS number '%.40s'", what, lx->tok);
	}
	*asn = (uint32_t)v;
	return 0;
}
