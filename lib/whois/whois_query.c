/* SPDX-License-Identifier: ISC */
/* whois_query.c - parse IRRd "!" commands and RIPE-style flag queries.
 * Every command lives in a table row; the parser never reads past len. */
#include "whois/whois_query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int fail(struct whois_query *q, const char *msg)
{
	q->cmd = WHOIS_ERROR;
	snprintf(q->error, sizeof q->error, "%s", msg);
	return -1;
}

/* Copy s[0..n) trimmed into q->arg. */
static int set_arg(struct whois_query *q, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= sizeof q->arg)
		return fail(q, "Query argument too long");
	memcpy(q->arg, s, n);
	q->arg[n] = '\0';
	return 0;
}

/* twin of p_timeout: each argument parser checks its own range and message */
static int parse_asn_arg(struct whois_query *q, const char *s, size_t n)
{
	if (set_arg(q, s, n) < 0)
		return -1;
	if (!q->arg[0] || asn_parse(q->arg, &q->asn, NULL) < 0)
		return fail(q, "Invalid AS number");
	return 0;
}

static int p_persist(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_PERSIST;
	return 0;
}

static int p_client(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_CLIENT;
	return set_arg(q, s, n);
}

static int p_routes4(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_ROUTES;
	q->family = 4;
	return parse_asn_arg(q, s, n);
}

static int p_routes6(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_ROUTES;
	q->family = 6;
	return parse_asn_arg(q, s, n);
}

static int p_set(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_SET;
	if (n >= 2 && s[n - 2] == ',' && s[n - 1] == '1') {
		q->recursive = 1;
		n -= 2;
	}
	if (set_arg(q, s, n) < 0)
		return -1;
	if (!q->arg[0])
		return fail(q, "Missing required set name for i query");
	return 0;
}

static int p_set_prefixes(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_SET_PREFIXES;
	if (n && (s[0] == '4' || s[0] == '6')) {
		q->family = s[0] - '0';
		s++;
		n--;
	}
	if (set_arg(q, s, n) < 0)
		return -1;
	if (!q->arg[0]) /* bgpq4 probes for !a support with exactly this reply */
		return fail(q, "Missing required set name for A query");
	return 0;
}

static int p_serial(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_SERIAL;
	return set_arg(q, s, n);
}

static int p_match(struct whois_query *q, const char *s, size_t n)
{
	const char *comma = memchr(s, ',', n);
	char cls[32];
	size_t cn;

	q->cmd = WHOIS_MATCH;
	if (!comma)
		return fail(q, "Invalid query: expected !mCLASS,KEY");
	cn = (size_t)(comma - s);
	if (cn == 0 || cn >= sizeof cls)
		return fail(q, "Invalid object class");
	memcpy(cls, s, cn);
	cls[cn] = '\0';
	q->cls = irr_class_parse(cls);
	if (q->cls < 0)
		return fail(q, "Invalid object class");
	if (set_arg(q, comma + 1, n - cn - 1) < 0)
		return -1;
	if (!q->arg[0])
		return fail(q, "Missing key");
	return 0;
}

static int p_mntner(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_MNTNER;
	if (set_arg(q, s, n) < 0)
		return -1;
	return q->arg[0] ? 0 : fail(q, "Missing maintainer name");
}

static int p_route(struct whois_query *q, const char *s, size_t n)
{
	const char *comma = memchr(s, ',', n);
	size_t pn = comma ? (size_t)(comma - s) : n;

	q->cmd = WHOIS_ROUTE;
	q->match = IRR_MATCH_EXACT;
	if (comma) {
		size_t on = n - pn - 1;

		if (on != 1)
			return fail(q, "Invalid option for !r");
		switch (comma[1]) {
		case 'o':
			q->origins_only = 1;
			break;
		case 'l':
			q->match = IRR_MATCH_LESS_ONE;
			break;
		case 'L':
			q->match = IRR_MATCH_LESS_ALL;
			break;
		case 'M':
		case 'm': /* whois(1) lower-cases what it sends */
			q->match = IRR_MATCH_MORE_ALL;
			break;
		default:
			return fail(q, "Invalid option for !r");
		}
	}
	if (set_arg(q, s, pn) < 0)
		return -1;
	if (prefix_parse_host(q->arg, &q->prefix, NULL) < 0)
		return fail(q, "Invalid prefix");
	return 0;
}

static int p_sources(struct whois_query *q, const char *s, size_t n)
{
	if (n == 3 && !memcmp(s, "-lc", 3)) {
		q->cmd = WHOIS_SOURCES_GET;
		return 0;
	}
	q->cmd = WHOIS_SOURCES_SET;
	if (set_arg(q, s, n) < 0)
		return -1;
	return q->arg[0] ? 0 : fail(q, "Missing source list");
}

/* twin of parse_asn_arg: each argument parser checks its own range and message */
static int p_timeout(struct whois_query *q, const char *s, size_t n)
{
	char *end;

	q->cmd = WHOIS_TIMEOUT;
	if (set_arg(q, s, n) < 0)
		return -1;
	q->timeout = (unsigned)strtoul(q->arg, &end, 10);
	if (!q->arg[0] || *end || q->timeout > 86400)
		return fail(q, "Invalid timeout");
	return 0;
}

static int p_version(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_VERSION;
	return 0;
}

static int p_quit(struct whois_query *q, const char *s, size_t n)
{
	q->cmd = WHOIS_QUIT;
	return 0;
}

static const struct {
	char c;
	int (*parse)(struct whois_query *q, const char *s, size_t n);
} bang_commands[] = {
    {'!', p_persist},      {'n', p_client},  {'g', p_routes4}, {'6', p_routes6}, {'i', p_set},
    {'a', p_set_prefixes}, {'j', p_serial},  {'m', p_match},   {'o', p_mntner},  {'r', p_route},
    {'s', p_sources},      {'t', p_timeout}, {'v', p_version}, {'q', p_quit},
};

static void parse_bang(const char *s, size_t n, struct whois_query *q)
{
	char c;

	if (n < 2) {
		fail(q, "Missing command");
		return;
	}
	c = s[1];
	/* IRRd takes the command letters in either case, except !r's options */
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	for (size_t i = 0; i < sizeof bang_commands / sizeof bang_commands[0]; i++)
		if (bang_commands[i].c == c) {
			bang_commands[i].parse(q, s + 2, n - 2);
			return;
		}
	fail(q, "Unrecognized command");
}

/* --- RIPE style --- */

struct tok {
	const char *s;
	size_t n;
};

static size_t tokenize(const char *s, size_t n, struct tok *t, size_t max)
{
	size_t k = 0, i = 0;

	while (i < n && k < max) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		t[k].s = s + i;
		while (i < n && !isspace((unsigned char)s[i]))
			i++;
		t[k].n = (size_t)(s + i - t[k].s);
		k++;
	}
	return k;
}

static int tok_is(const struct tok *t, const char *w)
{
	return t->n == strlen(w) && !strncasecmp(t->s, w, t->n);
}

static int parse_types(struct whois_query *q, const struct tok *t)
{
	size_t i = 0;

	while (i < t->n) {
		char name[32];
		size_t k = 0;
		int cls;

		while (i < t->n && t->s[i] != ',' && k < sizeof name - 1)
			name[k++] = t->s[i++];
		name[k] = '\0';
		if (i < t->n && t->s[i] != ',')
			return fail(q, "%ERROR:104: unknown object type");
		i++;
		cls = irr_class_parse(name);
		if (cls < 0)
			return fail(q, "%ERROR:104: unknown object type");
		q->types |= 1u << cls;
	}
	return 0;
}

static int copy_tok(char *dst, size_t cap, const struct tok *t)
{
	if (t->n >= cap)
		return -1;
	memcpy(dst, t->s, t->n);
	dst[t->n] = '\0';
	return 0;
}

static void parse_ripe(const char *s, size_t n, struct whois_query *q)
{
	struct tok t[32];
	size_t k = tokenize(s, n, t, 32), i = 0;
	size_t keylen = 0;

	q->cmd = WHOIS_RIPE;
	while (i < k && t[i].n >= 2 && t[i].s[0] == '-') {
		const struct tok *f = &t[i++];

		if (f->n != 2) {
			fail(q, "%ERROR:111: invalid option supplied");
			return;
		}
		switch (f->s[1]) {
		case 'k':
			q->flags |= WHOIS_F_PERSIST;
			break;
		case 'r':
		case 'B':
		case 'G':
		case 'a':
		case 'x':
			break; /* defaults already */
		case 'i':
			if (i >= k) {
				fail(q, "%ERROR:106: no search key specified");
				return;
			}
			if (tok_is(&t[i], "origin") || tok_is(&t[i], "or"))
				q->flags |= WHOIS_F_ORIGIN;
			else if (tok_is(&t[i], "mnt-by") || tok_is(&t[i], "mb"))
				q->flags |= WHOIS_F_MNTBY;
			else if (tok_is(&t[i], "member-of") || tok_is(&t[i], "mo"))
				q->flags |= WHOIS_F_MEMBER;
			else {
				fail(q, "%ERROR:105: invalid inverse attribute");
				return;
			}
			i++;
			break;
		case 'T':
			if (i >= k || parse_types(q, &t[i]) < 0) {
				if (q->cmd != WHOIS_ERROR)
					fail(q, "%ERROR:106: no object type specified");
				return;
			}
			i++;
			break;
		case 's':
			if (i >= k || copy_tok(q->sources, sizeof q->sources, &t[i]) < 0) {
				fail(q, "%ERROR:106: bad source list");
				return;
			}
			i++;
			break;
		case 'V':
			if (i >= k) {
				fail(q, "%ERROR:106: no client name");
				return;
			}
			i++; /* client name: informational only */
			break;
		default:
			fail(q, "%ERROR:111: invalid option supplied");
			return;
		}
	}
	/* the rest is the key, possibly with spaces ("192.0.2.0/24 AS64496") */
	q->arg[0] = '\0';
	for (; i < k; i++) {
		if (keylen + t[i].n + 2 > sizeof q->arg) {
			fail(q, "%ERROR:106: search key too long");
			return;
		}
		if (keylen)
			q->arg[keylen++] = ' ';
		memcpy(q->arg + keylen, t[i].s, t[i].n);
		keylen += t[i].n;
		q->arg[keylen] = '\0';
	}
	if ((q->flags & (WHOIS_F_ORIGIN | WHOIS_F_MNTBY | WHOIS_F_MEMBER)) && !q->arg[0]) {
		fail(q, "%ERROR:106: no search key specified");
		return;
	}
	if ((q->flags & WHOIS_F_ORIGIN) && asn_parse(q->arg, &q->asn, NULL) < 0)
		fail(q, "%ERROR:106: invalid AS number");
}

void whois_query_parse(const char *line, size_t len, struct whois_query *q)
{
	memset(q, 0, sizeof *q);
	q->cls = -1;
	if (len && line[len - 1] == '\r')
		len--;
	while (len && isspace((unsigned char)*line)) {
		line++;
		len--;
	}
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	if (len == 0) {
		q->cmd = WHOIS_EMPTY;
		return;
	}
	if (len > WHOIS_MAX_LINE) {
		fail(q, "Query too long");
		return;
	}
	/* the C string functions below would stop at a NUL and answer a
	 * different, shorter key than the one sent */
	if (memchr(line, '\0', len)) {
		fail(q, "Query contains a NUL byte");
		return;
	}
	if (line[0] == '!')
		parse_bang(line, len, q);
	else
		parse_ripe(line, len, q);
}
