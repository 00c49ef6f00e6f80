/* SPDX-License-Identifier: ISC */
/* rpki_conf.c - VRPs from router configuration files, as rpki-client (-B,
 * -o), DN42's registry exports and 'manrs rpki export' write them:
 *   BIRD 2     route 192.0.2.0/24 max 24 as 64496;
 *   BIRD 1     roa 192.0.2.0/24 max 24 as 64496;
 *   OpenBGPD   192.0.2.0/24 maxlen 24 source-as 64496 [expires N]
 *              customer-as 64496 provider-as { 64497 64498 }   (aspa-set)
 * Lines without a prefix (table and protocol headers, braces) are skipped;
 * lines with a prefix but no valid AS or maximum length are counted as
 * rejected entries. */
#include <stdlib.h>
#include <string.h>

#include "rpki/rpki_load.h"

#define CONF_MAXTOK 1024 /* tokens kept per line (an aspa-set line is the longest) */

/* Split on blanks, dropping ';', '{' and '}' (they only delimit blocks). */
static size_t tokens(char *line, char **tok, size_t max)
{
	size_t n = 0;
	for (char *p = line; *p;) {
		while (*p && strchr(" \t;{}", *p))
			*p++ = 0;
		if (!*p || *p == '#')
			break;
		if (n < max)
			tok[n++] = p;
		while (*p && !strchr(" \t;{}", *p))
			p++;
	}
	return n;
}

static int parse_u32(const char *s, uint32_t *v)
{
	return asn_parse(s, v, NULL);
}

static int conf_aspa(struct rpki_set *s, char **tok, size_t n)
{
	uint32_t customer, prov[CONF_MAXTOK];
	size_t np = 0;
	if (n < 2 || parse_u32(tok[1], &customer) < 0)
		return -1;
	size_t i = 2;
	if (i < n && strcmp(tok[i], "provider-as") == 0)
		i++;
	for (; i < n && np < CONF_MAXTOK; i++) {
		if (strcmp(tok[i], "expires") == 0)
			break;
		if (parse_u32(tok[i], &prov[np]) < 0)
			return -1;
		np++;
	}
	return rpki_set_add_aspa(s, customer, prov, np) < 0 ? -2 : 0;
}

/* Returns 1 when a VRP was added, 0 for a line without a prefix, -1 bad, -2 OOM. */
static int conf_line(struct rpki_set *s, char *line)
{
	char *tok[CONF_MAXTOK]; /* on the stack: loaders may run in a reload thread */
	size_t n = tokens(line, tok, CONF_MAXTOK);
	if (n && strcmp(tok[0], "customer-as") == 0)
		return conf_aspa(s, tok, n);
	struct prefix p;
	size_t i;
	for (i = 0; i < n; i++)
		if (strchr(tok[i], '/') && rpki_parse_prefix(tok[i], &p) == 0)
			break;
	if (i == n)
		return 0;
	unsigned maxlen = p.len;
	uint32_t asn = 0;
	int have_as = 0;
	for (size_t k = i + 1; k + 1 < n; k += 2) {
		const char *kw = tok[k], *val = tok[k + 1];
		if (strcmp(kw, "max") == 0 || strcmp(kw, "maxlen") == 0) {
			char *end;
			unsigned long m = strtoul(val, &end, 10);
			if (*end || m > 128)
				return -1;
			maxlen = (unsigned)m;
		} else if (strcmp(kw, "as") == 0 || strcmp(kw, "source-as") == 0) {
			if (parse_u32(val, &asn) < 0)
				return -1;
			have_as = 1;
		}
	}
	if (!have_as || maxlen < p.len || maxlen > prefix_maxlen(p.family))
		return -1;
	struct vrp v;
	memcpy(v.addr, p.addr, 16);
	v.family = p.family;
	v.len = p.len;
	v.maxlen = (uint8_t)maxlen;
	v.ta = 0;
	v.asn = asn;
	return rpki_set_add_vrp(s, &v) < 0 ? -2 : 1;
}

int rpki_conf_load(struct rpki_set *s, struct rpki_lines *ls, struct err *e)
{
	char *line;
	int r, any = 0;
	while ((r = rpki_lines_next(ls, &line, e)) == 1) {
		int c = conf_line(s, line);
		if (c == -2)
			return err_at_line(e, ls->name, ls->lineno, "out of memory");
		/* Like a bad JSON entry: skip and count it (real DN42 files have "as ;"). */
		if (c < 0)
			rpki_note_reject(s, ls->name, ls->lineno,
			                 "expected 'PREFIX max N as ASN' (BIRD) or "
			                 "'PREFIX maxlen N source-as ASN' (OpenBGPD)");
		any |= c != 0;
	}
	if (r < 0)
		return -1;
	if (!any && s->naspas == 0)
		return err_set(e, "%s: not a VRP file (tried %s: no VRP lines)", ls->name,
		               RPKI_FORMATS_TRIED);
	return 0;
}

/* The first meaningful line decides: configuration keywords or a bare
 * "P max N as A" / "P source-as A" line. */
int rpki_conf_detect(const uint8_t *b, size_t n)
{
	static const char *const kw[] = {"roa ",      "route ",      "roa4 ",   "roa6 ",
	                                 "roa table", "protocol ",   "define ", "roa-set",
	                                 "aspa-set",  "customer-as "};
	size_t i = 0;
	while (i < n) {
		while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
			i++;
		if (i < n && b[i] == '#') { /* comment line */
			while (i < n && b[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++) {
		size_t l = strlen(kw[k]);
		if (n - i >= l && memcmp(b + i, kw[k], l) == 0)
			return 1;
	}
	return 0;
}
