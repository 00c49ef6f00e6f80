/* SPDX-License-Identifier: ISC */
/* rpki_csv.c - VRPs as CSV: Routinator/rpki-client "ASN,IP Prefix,Max Length,
 * Trust Anchor[,Expires]", Routinator csvext "URI,ASN,IP Prefix,Max Length,
 * Not Before,Not After" and headerless "AS1,192.0.2.0/24,24[,ta]". A header
 * line maps the columns by name, so column order does not matter. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rpki/rpki_load.h"

enum csv_col { COL_ASN, COL_PREFIX, COL_MAXLEN, COL_TA, COL_EXPIRES, COL_N };

#define CSV_MAXFIELDS 16

static const struct {
	const char *name;
	enum csv_col col;
} csv_names[] = {
    {"asn", COL_ASN},          {"as", COL_ASN},
    {"origin", COL_ASN},       {"ip prefix", COL_PREFIX},
    {"prefix", COL_PREFIX},    {"max length", COL_MAXLEN},
    {"maxlength", COL_MAXLEN}, {"max_length", COL_MAXLEN},
    {"trust anchor", COL_TA},  {"ta", COL_TA},
    {"tal", COL_TA},           {"expires", COL_EXPIRES}, /* rpki-client: unix time */
};

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	return s;
}

/* One field from p on: RFC 4180 quoting ("a,b", "say ""hi""") is undone in
 * place. Returns where the next field starts, or NULL after the last. */
static char *field(char *p, char **out)
{
	p = trim(p);
	if (*p != '"') {
		char *c = strchr(p, ',');
		if (c)
			*c = 0;
		*out = trim(p);
		return c ? c + 1 : NULL;
	}
	char *w = p, *r = p + 1;
	*out = p;
	for (; *r; r++) {
		if (*r == '"' && r[1] == '"')
			*w++ = *r++;
		else if (*r == '"')
			break;
		else
			*w++ = *r;
	}
	*w = 0;
	if (*r == '"')
		r++;
	char *c = strchr(r, ',');
	return c ? c + 1 : NULL;
}

/* Split in place; returns the field count (extra fields are ignored). */
static int split(char *line, char **f)
{
	int n = 0;
	for (char *p = line; p;) {
		char *v;
		p = field(p, &v);
		if (n < CSV_MAXFIELDS)
			f[n++] = v;
	}
	return n;
}

/* Every data row carries a prefix; a first line without one is a header. */
static int is_header(char **f, int n)
{
	struct prefix p;
	for (int i = 0; i < n; i++)
		if (rpki_parse_prefix(f[i], &p) == 0)
			return 0;
	return 1;
}

static int map_header(char **f, int n, int *col)
{
	for (int c = 0; c < COL_N; c++)
		col[c] = -1;
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof csv_names / sizeof csv_names[0]; k++)
			if (strcasecmp(f[i], csv_names[k].name) == 0 && col[csv_names[k].col] < 0)
				col[csv_names[k].col] = i;
	return col[COL_ASN] >= 0 && col[COL_PREFIX] >= 0 ? 0 : -1;
}

static int parse_uint(const char *s, unsigned max, unsigned *v)
{
	unsigned x = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		x = x * 10 + (unsigned)(*s - '0');
		if (x > max)
			return -1;
	}
	*v = x;
	return 0;
}

/* Detection sends everything that is neither JSON nor router configuration
 * here, so a CSV complaint about /etc/passwd would mislead: name the file and
 * the formats that were tried instead. */
static int not_vrp_file(struct err *e, const struct rpki_lines *ls)
{
	return err_at_line(e, ls->name, ls->lineno,
	                   "not a VRP file (tried %s): neither a CSV header nor an "
	                   "ASN,prefix,maxlength row",
	                   RPKI_FORMATS_TRIED);
}

int rpki_csv_load(struct rpki_set *s, struct rpki_lines *ls, struct err *e)
{
	int col[COL_N] = {0, 1, 2, 3, -1}; /* a headerless 5th column is not trusted */
	char *f[CSV_MAXFIELDS];
	char *line;
	int r, seen_data = 0, header = 0;
	unsigned long rows = 0;
	while ((r = rpki_lines_next(ls, &line, e)) == 1) {
		char *t = trim(line);
		if (!*t || *t == '#')
			continue;
		int n = split(t, f);
		if (!seen_data && is_header(f, n)) {
			if (map_header(f, n, col) < 0)
				return not_vrp_file(e, ls);
			seen_data = header = 1;
			continue;
		}
		seen_data = 1;
		/* Without a header, a first row that is no VRP means another kind of file. */
		int first_row = !header && rows == 0;
		if (col[COL_ASN] >= n || col[COL_PREFIX] >= n)
			return first_row
			           ? not_vrp_file(e, ls)
			           : err_at_line(
			                 e, ls->name, ls->lineno,
			                 "expected ASN,prefix,maxlength[,ta]; got %d fields", n);
		uint32_t asn;
		struct prefix p;
		if (asn_parse(f[col[COL_ASN]], &asn, NULL) < 0)
			return first_row ? not_vrp_file(e, ls)
			                 : err_at_line(e, ls->name, ls->lineno,
			                               "bad AS number '%.40s'", f[col[COL_ASN]]);
		if (rpki_parse_prefix(f[col[COL_PREFIX]], &p) < 0)
			return first_row ? not_vrp_file(e, ls)
			                 : err_at_line(e, ls->name, ls->lineno,
			                               "bad prefix '%.60s'", f[col[COL_PREFIX]]);
		rows++;
		unsigned maxlen = p.len;
		if (col[COL_MAXLEN] >= 0 && col[COL_MAXLEN] < n && *f[col[COL_MAXLEN]]) {
			if (parse_uint(f[col[COL_MAXLEN]], 128, &maxlen) < 0)
				return err_at_line(e, ls->name, ls->lineno,
				                   "bad max length '%.20s'", f[col[COL_MAXLEN]]);
		}
		if (maxlen < p.len || maxlen > prefix_maxlen(p.family))
			return err_at_line(e, ls->name, ls->lineno, "max length %u invalid for /%u",
			                   maxlen, p.len);
		/* twin of the VRP fill in rpki_json.c: one struct vrp per row or object */
		struct vrp v;
		memcpy(v.addr, p.addr, 16);
		v.family = p.family;
		v.len = p.len;
		v.maxlen = (uint8_t)maxlen;
		v.asn = asn;
		v.ta = col[COL_TA] >= 0 && col[COL_TA] < n ? rpki_set_ta(s, f[col[COL_TA]]) : 0;
		unsigned long long expires = 0;
		if (col[COL_EXPIRES] >= 0 && col[COL_EXPIRES] < n && *f[col[COL_EXPIRES]]) {
			char *end;
			expires = strtoull(f[col[COL_EXPIRES]], &end, 10);
			if (*end || !isdigit((unsigned char)*f[col[COL_EXPIRES]]) ||
			    expires > INT64_MAX)
				return err_at_line(e, ls->name, ls->lineno, "bad expires '%.20s'",
				                   f[col[COL_EXPIRES]]);
		}
		if (rpki_set_add_vrp_expires(s, &v, (int64_t)expires) < 0)
			return err_at_line(e, ls->name, ls->lineno, "out of memory");
	}
	if (r < 0)
		return -1;
	if (!seen_data)
		return err_set(e, "%s: empty input: no VRPs", ls->name);
	return 0;
}
