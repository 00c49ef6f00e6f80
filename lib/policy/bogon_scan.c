/* SPDX-License-Identifier: ISC */
/* bogon_scan.c - `bgpdump -m` lines and their paths, for bogon scans. */
#include "policy/bogon_scan.h"

#include <stdbool.h>
#include <string.h>

/* Split line on '|' into at most max fields; returns the count. */
static int split_bars(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line; n < max; p++) {
		f[n++] = p;
		p = strchr(p, '|');
		if (!p)
			break;
		*p = 0;
	}
	return n;
}

int bogon_parse_bgpdump_line(char *line, struct bogon_route_line *r, struct err *e)
{
	char *f[8];
	int n = split_bars(line, f, 8);
	memset(r, 0, sizeof *r);
	r->path = "";
	if (n < 6 || strlen(f[2]) != 1 || !strchr("BAW", f[2][0]))
		return BOGON_LINE_OTHER;
	r->peer_ip = f[3];
	r->peer_as = f[4];
	if (prefix_parse(f[5], &r->prefix, e) < 0)
		return -1;
	if (f[2][0] == 'W')
		return r->kind = BOGON_LINE_WITHDRAW;
	if (n >= 7)
		r->path = f[6];
	return r->kind = BOGON_LINE_ROUTE;
}

static bool seen_before(const uint32_t *v, unsigned n, uint32_t asn)
{
	for (unsigned i = 0; i < n; i++)
		if (v[i] == asn)
			return true;
	return false;
}

long bogon_path_each(const char *path,
                     int (*fn)(uint32_t asn, unsigned pos, const struct bogon_asn_range *r,
                               void *ctx),
                     void *ctx, struct err *e)
{
	static const char seps[] = " \t\r\n{},";
	uint32_t seen[64]; /* distinct bogons so far; more than 64 are not deduplicated */
	unsigned pos = 0, found = 0;

	for (const char *t = path + strspn(path, seps); *t; t += strspn(t, seps)) {
		size_t len = strcspn(t, seps);
		char tok[16];
		uint32_t asn;
		if (len >= sizeof tok)
			return err_set(e, "path: AS number too long: '%.20s'", t);
		memcpy(tok, t, len);
		tok[len] = 0;
		t += len;
		pos++;
		if (asn_parse(tok, &asn, e) < 0)
			return -1;
		const struct bogon_asn_range *r = bogon_check_asn(asn);
		if (!r || seen_before(seen, found < 64 ? found : 64, asn))
			continue;
		if (found < 64)
			seen[found] = asn;
		found++;
		if (fn && fn(asn, pos, r, ctx))
			break;
	}
	return (long)found;
}
