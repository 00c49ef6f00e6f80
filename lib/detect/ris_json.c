/* SPDX-License-Identifier: ISC */
/* ris_json.c - a single-pass reader of RIS Live messages.
 *
 * The message is walked once with a cursor; the fields that matter are kept
 * as spans into the input (strings) or decoded into growable arrays (path,
 * communities, prefix spans), and the events are made at the end, since
 * JSON keys come in any order. Everything else is syntax-checked and
 * skipped. */
#include "detect/ris_json.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/prefix.h"

/* The per-byte readers, inlined into their callers: as calls they cost
 * a sixth of the parse (they run some twenty times a message). */
#define HOT static inline __attribute__((always_inline))

#define MAX_DEPTH 32
#define HOST_MAX 64

struct span {
	const char *s;
	size_t n;
};

struct cur {
	const char *p, *end;
	const char *why; /* first syntax error */
};

/* The fields of one message. */
struct msg {
	struct span top_type, data_type, peer, host, state, err_text;
	bool has_data, has_time, has_peer_asn, has_otc, ends_in_set;
	uint32_t sec, usec, peer_asn, otc;
	size_t path_len, set_start, n_comm, n_ann, n_wd;
};

struct ris_json {
	uint32_t *path;
	size_t path_cap;
	uint32_t *comm;
	size_t comm_cap;
	struct span *ann, *wd;
	size_t ann_cap, wd_cap;
	/* The prefixes of ann and wd, parsed by ris_json_scan (len 255: not a
	 * prefix, counted when the events are made). */
	struct prefix *ann_pfx, *wd_pfx;
	size_t ann_pfx_cap, wd_pfx_cap;
	enum ris_kind kind; /* of the message scanned */
	char host[HOST_MAX];
	unsigned long bad_prefixes;
	char last_bad[PREFIX_STRLEN + 8];
	char error_text[256];
	struct msg m;
};

struct ris_json *ris_json_new(void)
{
	return calloc(1, sizeof(struct ris_json));
}

void ris_json_free(struct ris_json *rj)
{
	if (!rj)
		return;
	free(rj->path);
	free(rj->comm);
	free(rj->ann);
	free(rj->wd);
	free(rj->ann_pfx);
	free(rj->wd_pfx);
	free(rj);
}

unsigned long ris_json_bad_prefixes(const struct ris_json *rj)
{
	return rj->bad_prefixes;
}

const char *ris_json_last_bad_prefix(const struct ris_json *rj)
{
	return rj->last_bad;
}

const char *ris_json_error_text(const struct ris_json *rj)
{
	return rj->error_text;
}

/* ---- the cursor ---- */

static int fail(struct cur *c, const char *why)
{
	if (!c->why)
		c->why = why;
	c->p = c->end;
	return -1;
}

static inline void ws(struct cur *c)
{
	/* RIS Live sends no spaces between tokens: one compare, most often. */
	if (c->p < c->end && (unsigned char)*c->p > ' ')
		return;
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* Consume ch after spaces. */
static inline int expect(struct cur *c, char ch, const char *why)
{
	ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 0;
	}
	return fail(c, why);
}

/* Peek at the next non-space byte (0 at end). */
static inline char peek(struct cur *c)
{
	ws(c);
	return c->p < c->end ? *c->p : 0;
}

/* The offset of the first '"', '\\' or control byte in the 8 bytes at q,
 * or 8 when there is none: a word at a time (SWAR). The lowest flagged
 * byte is exact; flags above it may be spurious, and are not used. */
static inline unsigned special_in_word(const unsigned char *q)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t v;
	memcpy(&v, q, 8);
	uint64_t quote = v ^ (ones * '"'), bslash = v ^ (ones * '\\');
	uint64_t m =
	    ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) | ((v - ones * 0x20) & ~v);
	m &= highs;
	return m ? (unsigned)__builtin_ctzll(m) / 8 : 8;
#else
	for (unsigned i = 0; i < 8; i++)
		if (q[i] == '"' || q[i] == '\\' || q[i] < 0x20)
			return i;
	return 8;
#endif
}

/* A string; the span excludes the quotes and keeps escapes as written.
 * Eight bytes at a time while there are eight, then one byte at a time. */
HOT int string(struct cur *c, struct span *out)
{
	if (expect(c, '"', "expected a string") < 0)
		return -1;
	const unsigned char *q = (const unsigned char *)c->p;
	const unsigned char *end = (const unsigned char *)c->end;
	for (;;) {
		while (end - q >= 8) {
			unsigned i = special_in_word(q);
			q += i;
			if (i < 8)
				break;
		}
		if (q >= end || *q == '"')
			break;
		if (*q == '\\')
			q++; /* the escaped byte cannot end the string */
		else if (*q < 0x20)
			return fail(c, "control character in a string");
		q++;
	}
	if (q >= end)
		return fail(c, "unterminated string");
	out->s = c->p;
	out->n = (size_t)((const char *)q - c->p);
	c->p = (const char *)q + 1;
	return 0;
}

static inline bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Any JSON number (syntax only). */
static int number_span(struct cur *c, struct span *out)
{
	ws(c);
	const char *s = c->p;
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p >= c->end || !is_digit(*c->p))
		return fail(c, "expected a number");
	if (*c->p == '0' && c->p + 1 < c->end && is_digit(c->p[1]))
		return fail(c, "bad number (leading zero)"); /* JSON: 0 or [1-9][0-9]* */
	while (c->p < c->end && is_digit(*c->p))
		c->p++;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (c->p >= c->end || !is_digit(*c->p))
			return fail(c, "bad number");
		while (c->p < c->end && is_digit(*c->p))
			c->p++;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (c->p >= c->end || !is_digit(*c->p))
			return fail(c, "bad number");
		while (c->p < c->end && is_digit(*c->p))
			c->p++;
	}
	out->s = s;
	out->n = (size_t)(c->p - s);
	return 0;
}

/* Digits only, value <= UINT32_MAX. */
static int span_u32(struct span sp, uint32_t *v)
{
	if (sp.n == 0 || sp.n > 10)
		return -1;
	uint64_t x = 0;
	for (size_t i = 0; i < sp.n; i++) {
		if (!is_digit(sp.s[i]))
			return -1;
		x = x * 10 + (uint64_t)(sp.s[i] - '0');
	}
	if (x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* The decimal digits that start the 8 bytes at p: how many (8 when all
 * are), and their value in *val. A word at a time: a byte is a digit when
 * its high nibble is 3 and adding 6 keeps it so; the digits are shifted to
 * the top (zero bytes before them read as leading zeros) and combined in
 * pairs, fours and eights by multiplication. */
static inline unsigned digits_in_word(const char *p, uint64_t *val)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;
	memcpy(&v, p, 8);
	const uint64_t hi = 0xF0F0F0F0F0F0F0F0ULL, zeros = 0x3030303030303030ULL,
	               low7 = 0x7F7F7F7F7F7F7F7FULL;
	uint64_t x = ((v & hi) ^ zeros) | (((v + 0x0606060606060606ULL) & hi) ^ zeros);
	uint64_t nondigit = (((x & low7) + low7) | x) & ~low7; /* high bit of each non-zero byte */
	unsigned n = nondigit ? (unsigned)__builtin_ctzll(nondigit) / 8 : 8;
	if (n == 0) {
		*val = 0;
		return 0;
	}
	uint64_t d = n == 8 ? v : v << (8 * (8 - n));
	d = (d & 0x0F0F0F0F0F0F0F0FULL) * 2561 >> 8;
	d = (d & 0x00FF00FF00FF00FFULL) * 6553601 >> 16;
	*val = (uint32_t)((d & 0x0000FFFF0000FFFFULL) * 42949672960001ULL >> 32);
	return n;
#else
	unsigned n = 0;
	*val = 0;
	while (n < 8 && is_digit(p[n]))
		*val = *val * 10 + (uint64_t)(p[n++] - '0');
	return n;
#endif
}

/* An AS number: a JSON integer, or a string of digits (peer_asn). Plain
 * digits are read in one pass, the common case in every path: up to seven
 * in one word, longer ones a byte at a time. */
HOT int asn_value(struct cur *c, uint32_t *v, const char *what)
{
	ws(c);
	const char *p = c->p;
	uint64_t x = 0;
	unsigned n;
	if (c->end - p >= 8 && (n = digits_in_word(p, &x)) < 8) {
		p += n; /* followed by a non-digit, inside the message */
	} else {
		x = 0;
		while (p < c->end && is_digit(*p) && x <= UINT32_MAX)
			x = x * 10 + (uint64_t)(*p++ - '0');
	}
	if (p > c->p && p < c->end && x <= UINT32_MAX && !is_digit(*p) && *p != '.' && *p != 'e' &&
	    *p != 'E' && (p - c->p == 1 || *c->p != '0')) {
		*v = (uint32_t)x;
		c->p = p;
		return 0;
	}
	struct span sp;
	if (peek(c) == '"') {
		if (string(c, &sp) < 0)
			return -1;
	} else if (number_span(c, &sp) < 0) {
		return -1;
	}
	if (span_u32(sp, v) < 0)
		return fail(c, what);
	return 0;
}

static int literal(struct cur *c, const char *lit, size_t n)
{
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return fail(c, "unexpected character");
	c->p += n;
	return 0;
}

static int skip_value(struct cur *c, int depth);

static int skip_container(struct cur *c, int depth, char close)
{
	if (depth >= MAX_DEPTH)
		return fail(c, "nested too deep");
	c->p++;
	if (peek(c) == close) {
		c->p++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			struct span k;
			if (string(c, &k) < 0 || expect(c, ':', "expected ':'") < 0)
				return -1;
		}
		if (skip_value(c, depth + 1) < 0)
			return -1;
		char ch = peek(c);
		c->p++;
		if (ch == close)
			return 0;
		if (ch != ',')
			return fail(c, "expected ',' or the end of a list or object");
	}
}

static int skip_value(struct cur *c, int depth)
{
	struct span sp;
	switch (peek(c)) {
	case '"':
		return string(c, &sp);
	case '{':
		return skip_container(c, depth, '}');
	case '[':
		return skip_container(c, depth, ']');
	case 't':
		return literal(c, "true", 4);
	case 'f':
		return literal(c, "false", 5);
	case 'n':
		return literal(c, "null", 4);
	default:
		return number_span(c, &sp);
	}
}

/* Walk a list: calls each(c, ctx) at every element. */
HOT int list(struct cur *c, int (*each)(struct cur *, struct ris_json *), struct ris_json *rj)
{
	if (expect(c, '[', "expected a list") < 0)
		return -1;
	if (peek(c) == ']') {
		c->p++;
		return 0;
	}
	for (;;) {
		if (each(c, rj) < 0)
			return -1;
		char ch = peek(c);
		c->p++;
		if (ch == ']')
			return 0;
		if (ch != ',')
			return fail(c, "expected ',' or ']'");
	}
}

/* ---- the fields ---- */

static int push_asn(struct ris_json *rj, struct cur *c, uint32_t asn)
{
	if (rj->m.path_len == rj->path_cap) {
		uint32_t *v = GROW(rj->path, rj->path_cap, rj->m.path_len + 1);
		if (!v)
			return fail(c, "out of memory");
		rj->path = v;
	}
	rj->path[rj->m.path_len++] = asn;
	return 0;
}

static int set_member(struct cur *c, struct ris_json *rj)
{
	uint32_t asn;
	if (asn_value(c, &asn, "bad AS number in an AS_SET") < 0)
		return -1;
	return push_asn(rj, c, asn);
}

static int path_elem(struct cur *c, struct ris_json *rj)
{
	if (peek(c) == '[') {
		rj->m.set_start = rj->m.path_len;
		if (list(c, set_member, rj) < 0)
			return -1;
		rj->m.ends_in_set = true;
		return 0;
	}
	uint32_t asn;
	if (asn_value(c, &asn, "bad AS number in path") < 0)
		return -1;
	rj->m.ends_in_set = false;
	return push_asn(rj, c, asn);
}

static int community(struct cur *c, struct ris_json *rj)
{
	uint32_t hi, lo;
	if (expect(c, '[', "expected a community [asn, value]") < 0 ||
	    asn_value(c, &hi, "bad community") < 0 || expect(c, ',', "bad community") < 0 ||
	    asn_value(c, &lo, "bad community") < 0 || expect(c, ']', "bad community") < 0)
		return -1;
	if (hi > 0xffff || lo > 0xffff)
		return fail(c, "community part above 65535");
	if (rj->m.n_comm == rj->comm_cap) {
		uint32_t *v = GROW(rj->comm, rj->comm_cap, rj->m.n_comm + 1);
		if (!v)
			return fail(c, "out of memory");
		rj->comm = v;
	}
	rj->comm[rj->m.n_comm++] = hi << 16 | lo;
	return 0;
}

static int push_span(struct cur *c, struct span **v, size_t *cap, size_t *n, struct span sp)
{
	if (*n == *cap) {
		struct span *nv = GROW(*v, *cap, *n + 1);
		if (!nv)
			return fail(c, "out of memory");
		*v = nv;
	}
	(*v)[(*n)++] = sp;
	return 0;
}

static int withdrawn(struct cur *c, struct ris_json *rj)
{
	struct span sp;
	if (string(c, &sp) < 0)
		return -1;
	return push_span(c, &rj->wd, &rj->wd_cap, &rj->m.n_wd, sp);
}

static int announced(struct cur *c, struct ris_json *rj)
{
	struct span sp;
	if (string(c, &sp) < 0)
		return -1;
	return push_span(c, &rj->ann, &rj->ann_cap, &rj->m.n_ann, sp);
}

static bool key_is(struct span k, const char *name, size_t n)
{
	return k.n == n && memcmp(k.s, name, n) == 0;
}
#define KEY(k, lit) key_is(k, lit, sizeof(lit) - 1)

/* Whether "lit": is next (lit a string literal): then k is lit's span. */
#define KEY_IS_NEXT(c, left, k, lit)                                                               \
	((left) >= sizeof("\"" lit "\":") - 1 &&                                                   \
	 !memcmp((c)->p, "\"" lit "\":", sizeof("\"" lit "\":") - 1) &&                            \
	 ((k)->s = (c)->p + 1, (k)->n = sizeof(lit) - 1, (c)->p += sizeof("\"" lit "\":") - 1,     \
	  true))

/* The keys RIS Live sends, with their colon, by a fixed-size compare each
 * instead of a scan for the closing quote: true with k set and the colon
 * read; false (nothing read) for any other key, an escape or a space,
 * which string() reads as before. */
static inline bool known_key(struct cur *c, struct span *k)
{
	ws(c);
	size_t left = (size_t)(c->end - c->p);
	if (left < 4 || c->p[0] != '"')
		return false;
	switch (c->p[1]) {
	case 'a':
		return KEY_IS_NEXT(c, left, k, "announcements");
	case 'c':
		return KEY_IS_NEXT(c, left, k, "community");
	case 'd':
		return KEY_IS_NEXT(c, left, k, "data");
	case 'h':
		return KEY_IS_NEXT(c, left, k, "host");
	case 'i':
		return KEY_IS_NEXT(c, left, k, "id");
	case 'n':
		return KEY_IS_NEXT(c, left, k, "next_hop");
	case 'o':
		return KEY_IS_NEXT(c, left, k, "origin");
	case 'p':
		return KEY_IS_NEXT(c, left, k, "peer") || KEY_IS_NEXT(c, left, k, "peer_asn") ||
		       KEY_IS_NEXT(c, left, k, "path") || KEY_IS_NEXT(c, left, k, "prefixes");
	case 't':
		return KEY_IS_NEXT(c, left, k, "type") || KEY_IS_NEXT(c, left, k, "timestamp");
	case 'w':
		return KEY_IS_NEXT(c, left, k, "withdrawals");
	}
	return false;
}

/* {"next_hop": ..., "prefixes": [...]} */
static int announcement(struct cur *c, struct ris_json *rj)
{
	if (expect(c, '{', "expected an announcement object") < 0)
		return -1;
	if (peek(c) == '}') {
		c->p++;
		return 0;
	}
	for (;;) {
		struct span k;
		if (!known_key(c, &k) && (string(c, &k) < 0 || expect(c, ':', "expected ':'") < 0))
			return -1;
		int rc = KEY(k, "prefixes") ? list(c, announced, rj) : skip_value(c, 2);
		if (rc < 0)
			return -1;
		char ch = peek(c);
		c->p++;
		if (ch == '}')
			return 0;
		if (ch != ',')
			return fail(c, "expected ',' or '}'");
	}
}

/* "1700000000.123" -> seconds and microseconds, without rounding through
 * a double for the common form. */
static int timestamp(struct cur *c, struct msg *m)
{
	struct span sp;
	if (number_span(c, &sp) < 0)
		return -1;
	const char *s = sp.s, *e = sp.s + sp.n;
	uint64_t sec = 0;
	while (s < e && is_digit(*s) && sec <= UINT32_MAX)
		sec = sec * 10 + (uint64_t)(*s++ - '0');
	uint32_t usec = 0;
	if (s < e && *s == '.') {
		s++;
		uint32_t scale = 100000;
		for (; s < e && is_digit(*s); s++, scale /= 10)
			usec += scale * (uint32_t)(*s - '0');
	}
	if (s != e) { /* exponent, sign: the rare forms */
		char buf[64];
		if (sp.n >= sizeof(buf))
			return fail(c, "bad timestamp");
		memcpy(buf, sp.s, sp.n);
		buf[sp.n] = 0;
		double d = strtod(buf, NULL);
		if (!(d >= 0 && d < 4294967296.0))
			return fail(c, "timestamp out of range");
		sec = (uint64_t)d;
		usec = (uint32_t)((d - (double)sec) * 1e6);
	}
	if (sec > UINT32_MAX)
		return fail(c, "timestamp out of range");
	m->sec = (uint32_t)sec;
	m->usec = usec;
	m->has_time = true;
	return 0;
}

static int field(struct cur *c, struct ris_json *rj, struct span k, bool top);

/* An object of data fields (the data object, or a bare message). */
static int fields(struct cur *c, struct ris_json *rj, bool top)
{
	if (expect(c, '{', "expected a JSON object") < 0)
		return -1;
	if (peek(c) == '}') {
		c->p++;
		return 0;
	}
	for (;;) {
		struct span k;
		if (!known_key(c, &k) && (string(c, &k) < 0 || expect(c, ':', "expected ':'") < 0))
			return -1;
		if (field(c, rj, k, top) < 0)
			return -1;
		char ch = peek(c);
		c->p++;
		if (ch == '}')
			return 0;
		if (ch != ',')
			return fail(c, "expected ',' or '}'");
	}
}

static int field(struct cur *c, struct ris_json *rj, struct span k, bool top)
{
	struct msg *m = &rj->m;
	switch (k.n ? k.s[0] : 0) {
	case 'a':
		if (KEY(k, "announcements"))
			return list(c, announcement, rj);
		break;
	case 'c':
		if (KEY(k, "community"))
			return list(c, community, rj);
		break;
	case 'd':
		if (top && KEY(k, "data") && peek(c) == '{') {
			m->has_data = true;
			return fields(c, rj, false);
		}
		break;
	case 'h':
		if (KEY(k, "host"))
			return string(c, &m->host);
		break;
	case 'm':
		if (KEY(k, "message") && peek(c) == '"')
			return string(c, &m->err_text);
		break;
	case 'o':
		if (KEY(k, "otc")) {
			m->has_otc = true;
			return asn_value(c, &m->otc, "bad otc");
		}
		break;
	case 'p':
		if (KEY(k, "peer"))
			return string(c, &m->peer);
		if (KEY(k, "peer_asn")) {
			m->has_peer_asn = true;
			return asn_value(c, &m->peer_asn, "bad peer_asn");
		}
		if (KEY(k, "path")) {
			m->path_len = 0;
			m->ends_in_set = false;
			return list(c, path_elem, rj);
		}
		break;
	case 's':
		if (KEY(k, "state") && peek(c) == '"')
			return string(c, &m->state);
		break;
	case 't':
		if (KEY(k, "type"))
			return string(c, top ? &m->top_type : &m->data_type);
		if (KEY(k, "timestamp"))
			return timestamp(c, m);
		break;
	case 'w':
		if (KEY(k, "withdrawals"))
			return list(c, withdrawn, rj);
		break;
	}
	return skip_value(c, 1);
}

/* ---- events ---- */

static bool span_is(struct span s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.s, lit, s.n) == 0;
}

/* "a.b.c.d" (no length) into a[4]; the end of the digits in *end. */
/* One decimal octet of 1-3 digits (leading zeros allowed), at most 255. */
static inline int octet(const char **sp, const char *e, uint8_t *out)
{
	const char *s = *sp;
	if (s >= e || !is_digit(*s))
		return -1;
	unsigned v = (unsigned)(*s++ - '0');
	for (int more = 0; more < 2 && s < e && is_digit(*s); more++)
		v = v * 10 + (unsigned)(*s++ - '0');
	if ((s < e && is_digit(*s)) || v > 255)
		return -1;
	*out = (uint8_t)v;
	*sp = s;
	return 0;
}

static int quad(const char *s, const char *e, uint8_t a[4], const char **end)
{
	for (int i = 0; i < 4; i++) {
		if (i > 0 && (s >= e || *s++ != '.'))
			return -1;
		if (octet(&s, e, &a[i]) < 0)
			return -1;
	}
	*end = s;
	return 0;
}

/* A prefix or (want_len false) an address; IPv4 fast, else prefix.h. */
HOT int parse_addr(struct span sp, bool want_len, struct prefix *p)
{
	memset(p, 0, sizeof(*p));
	const char *e = sp.s + sp.n, *s;
	if (quad(sp.s, e, p->addr, &s) == 0) {
		p->family = 4;
		p->len = 32;
		if (!want_len)
			return s == e ? 0 : -1;
		unsigned len = 0, nd = 0;
		if (s >= e || *s++ != '/')
			return -1;
		while (s < e && is_digit(*s) && nd < 3) {
			len = len * 10 + (unsigned)(*s++ - '0');
			nd++;
		}
		if (s != e || nd == 0 || len > 32)
			return -1;
		p->len = (uint8_t)len;
		uint32_t a = (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 |
		             (uint32_t)p->addr[2] << 8 | p->addr[3];
		return len == 32 || a << len == 0 ? 0 : -1; /* no host bits set */
	}
	char buf[PREFIX_STRLEN + 1];
	if (sp.n == 0 || sp.n >= sizeof(buf))
		return -1;
	memcpy(buf, sp.s, sp.n);
	buf[sp.n] = 0;
	return want_len ? prefix_parse(buf, p, NULL) : addr_parse(buf, p, NULL);
}

static void bad_prefix(struct ris_json *rj, struct span sp)
{
	rj->bad_prefixes++;
	snprintf(rj->last_bad, sizeof(rj->last_bad), "\"%.*s\"",
	         (int)(sp.n > PREFIX_STRLEN ? PREFIX_STRLEN : sp.n), sp.s);
}

#define NOT_A_PREFIX 255

/* Parse the n prefix spans of v into out (NOT_A_PREFIX where one does not
 * parse). Returns 0, or -1 when out of memory. */
static int parse_list(const struct span *v, size_t n, struct prefix **out, size_t *cap)
{
	if (n > *cap) {
		struct prefix *nv = GROW(*out, *cap, n);
		if (!nv)
			return -1;
		*out = nv;
	}
	for (size_t i = 0; i < n; i++)
		if (parse_addr(v[i], true, &(*out)[i]) < 0)
			(*out)[i].len = NOT_A_PREFIX;
	return 0;
}

static int emit_list(struct ris_json *rj, struct route_event *ev, const struct span *v,
                     const struct prefix *pfx, size_t n, route_event_fn fn, void *arg,
                     struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		if (pfx[i].len == NOT_A_PREFIX) {
			bad_prefix(rj, v[i]);
			continue;
		}
		ev->pfx = pfx[i];
		int rc = fn(arg, ev, e);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int emit_update(struct ris_json *rj, struct route_event *ev, route_event_fn fn, void *arg,
                       struct err *e)
{
	struct msg *m = &rj->m;
	ev->type = ROUTE_EV_WITHDRAW;
	int rc = emit_list(rj, ev, rj->wd, rj->wd_pfx, m->n_wd, fn, arg, e);
	if (rc != 0 || m->n_ann == 0)
		return rc;
	ev->type = ROUTE_EV_ANNOUNCE;
	ev->path = rj->path;
	ev->path_len = m->path_len;
	if (m->ends_in_set) {
		ev->origin_set = rj->path + m->set_start;
		ev->origin_set_len = m->path_len - m->set_start;
		if (ev->origin_set_len == 0)
			ev->origin_set = NULL;
	} else if (m->path_len > 0) {
		ev->origin = rj->path[m->path_len - 1];
	}
	ev->communities = m->n_comm ? rj->comm : NULL;
	ev->n_communities = m->n_comm;
	ev->has_otc = m->has_otc;
	ev->otc = m->otc;
	return emit_list(rj, ev, rj->ann, rj->ann_pfx, m->n_ann, fn, arg, e);
}

/* Common header of the events; -2 with e set when a field is missing. */
static int header(struct ris_json *rj, struct route_event *ev, struct err *e)
{
	struct msg *m = &rj->m;
	memset(ev, 0, sizeof(*ev));
	if (!m->has_time)
		return err_set(e, "ris_message without timestamp"), -2;
	if (!m->peer.s || !m->has_peer_asn)
		return err_set(e, "ris_message without peer or peer_asn"), -2;
	if (parse_addr(m->peer, false, &ev->peer_addr) < 0)
		return err_set(e, "bad peer address \"%.*s\"",
		               (int)(m->peer.n > 64 ? 64 : m->peer.n), m->peer.s),
		       -2;
	ev->time = m->sec;
	ev->usec = m->usec;
	ev->peer_as = m->peer_asn;
	if (m->host.s) {
		size_t n = m->host.n < HOST_MAX - 1 ? m->host.n : HOST_MAX - 1;
		memcpy(rj->host, m->host.s, n);
		rj->host[n] = 0;
		ev->source = rj->host;
	}
	return 0;
}

/* The kind of a well-formed ris_message (data fields scanned). */
static enum ris_kind route_kind(const struct msg *m)
{
	struct span type = m->has_data ? m->data_type : m->top_type;
	if (span_is(type, "UPDATE"))
		return RIS_KIND_UPDATE;
	if (span_is(type, "RIS_PEER_STATE") && span_is(m->state, "down"))
		return RIS_KIND_PEER_DOWN;
	return RIS_KIND_OTHER;
}

static int route_message(struct ris_json *rj, route_event_fn fn, void *arg, struct err *e)
{
	if (rj->kind != RIS_KIND_UPDATE && rj->kind != RIS_KIND_PEER_DOWN)
		return 0;
	struct route_event ev;
	int rc = header(rj, &ev, e);
	if (rc < 0)
		return rc;
	if (rj->kind == RIS_KIND_PEER_DOWN) {
		ev.type = ROUTE_EV_PEER_DOWN;
		return fn(arg, &ev, e);
	}
	return emit_update(rj, &ev, fn, arg, e);
}

int ris_json_scan(struct ris_json *rj, const char *msg, size_t len, enum ris_kind *kind,
                  struct err *e)
{
	struct cur c = {msg, msg + len, NULL};
	memset(&rj->m, 0, sizeof(rj->m));
	rj->kind = *kind = RIS_KIND_OTHER;
	if (fields(&c, rj, true) == 0 && peek(&c) != 0)
		fail(&c, "trailing characters after the message");
	if (c.why)
		return err_set(e, "%s at byte %zu", c.why, (size_t)(c.p - msg)), -2;
	struct msg *m = &rj->m;
	if (m->has_data && !span_is(m->top_type, "ris_message")) {
		rj->kind = RIS_KIND_NOT_ROUTE;
		if (span_is(m->top_type, "ris_error")) {
			rj->kind = RIS_KIND_RIS_ERROR;
			size_t n = m->err_text.n < sizeof(rj->error_text) - 1
			               ? m->err_text.n
			               : sizeof(rj->error_text) - 1;
			memcpy(rj->error_text, m->err_text.s ? m->err_text.s : "", n);
			rj->error_text[n] = 0;
		}
		*kind = rj->kind;
		return 0;
	}
	if (!m->has_data && (span_is(m->top_type, "pong") || span_is(m->top_type, "ris_rrc_list") ||
	                     span_is(m->top_type, "ris_subscribe_ok"))) {
		rj->kind = *kind = RIS_KIND_NOT_ROUTE;
		return 0;
	}
	rj->kind = *kind = route_kind(m);
	if (rj->kind == RIS_KIND_UPDATE &&
	    (parse_list(rj->wd, m->n_wd, &rj->wd_pfx, &rj->wd_pfx_cap) < 0 ||
	     parse_list(rj->ann, m->n_ann, &rj->ann_pfx, &rj->ann_pfx_cap) < 0))
		return err_set(e, "out of memory"), -2;
	return 0;
}

int ris_json_emit(struct ris_json *rj, route_event_fn fn, void *arg, struct err *e)
{
	return route_message(rj, fn, arg, e);
}

size_t ris_json_prefixes(const struct ris_json *rj, const struct prefix **wd, size_t *n_wd,
                         const struct prefix **ann)
{
	if (rj->kind != RIS_KIND_UPDATE) {
		*n_wd = 0;
		return 0;
	}
	*wd = rj->wd_pfx;
	*n_wd = rj->m.n_wd;
	*ann = rj->ann_pfx;
	return rj->m.n_ann;
}

int ris_json_parse(struct ris_json *rj, const char *msg, size_t len, route_event_fn fn, void *arg,
                   enum ris_kind *kind, struct err *e)
{
	int rc = ris_json_scan(rj, msg, len, kind, e);
	return rc ? rc : ris_json_emit(rj, fn, arg, e);
}
