/* SPDX-License-Identifier: ISC */
/* bgpq_out.c - the vendor table and helpers for the bgpq4-compatible printers. */
#include "out/bgpq_out.h"

#include <arpa/inet.h>
#include <string.h>

static const struct bgpq_printer *const printers[BGPQ_V_COUNT] = {
    [BGPQ_V_CISCO] = &bgpq_printer_cisco,         [BGPQ_V_CISCO_XR] = &bgpq_printer_cisco_xr,
    [BGPQ_V_JUNIPER] = &bgpq_printer_juniper,     [BGPQ_V_BIRD] = &bgpq_printer_bird,
    [BGPQ_V_OPENBGPD] = &bgpq_printer_openbgpd,   [BGPQ_V_NOKIA] = &bgpq_printer_nokia,
    [BGPQ_V_NOKIA_MD] = &bgpq_printer_nokia_md,   [BGPQ_V_ARISTA] = &bgpq_printer_arista,
    [BGPQ_V_HUAWEI] = &bgpq_printer_huawei,       [BGPQ_V_HUAWEI_XPL] = &bgpq_printer_huawei_xpl,
    [BGPQ_V_MIKROTIK6] = &bgpq_printer_mikrotik6, [BGPQ_V_MIKROTIK7] = &bgpq_printer_mikrotik7,
    [BGPQ_V_JSON] = &bgpq_printer_json,           [BGPQ_V_FORMAT] = &bgpq_printer_format,
    [BGPQ_V_NOKIA_SRL] = &bgpq_printer_nokia_srl,
};

const struct bgpq_printer *bgpq_printer_get(enum bgpq_vendor v)
{
	return (unsigned)v < BGPQ_V_COUNT ? printers[v] : NULL;
}

bgpq_print_fn bgpq_printer_fn(const struct bgpq_printer *p, enum bgpq_gen g)
{
	switch (g) {
	case BGPQ_G_ASPATH:
		return p->aspath;
	case BGPQ_G_OASPATH:
		return p->oaspath;
	case BGPQ_G_ASLIST:
		return p->aslist;
	case BGPQ_G_ASSET:
		return p->asset;
	case BGPQ_G_PREFIXLIST:
		return p->prefixlist;
	case BGPQ_G_EACL:
		return p->eacl;
	case BGPQ_G_ROUTE_FILTER:
		return p->route_filter;
	}
	return NULL;
}

int bgpq_print(FILE *f, const struct bgpq_out *o, struct err *e)
{
	const struct bgpq_printer *p = bgpq_printer_get(o->vendor);
	bgpq_print_fn fn = p ? bgpq_printer_fn(p, o->gen) : NULL;
	if (!fn)
		return err_set(e, "this output is not supported for %s", p ? p->name : "?");
	if (fn(f, o) < 0 || ferror(f))
		return err_set(e, "write error");
	return 0;
}

char *bgpq_prefix_str(const struct prefix *p, const char *sep, char *buf, size_t n)
{
	char a[INET6_ADDRSTRLEN];
	if (!inet_ntop(p->family == 4 ? AF_INET : AF_INET6, p->addr, a, sizeof(a)))
		a[0] = 0;
	snprintf(buf, n, "%s%s%u", a, sep, p->len);
	return buf;
}

const char *bgpq_ipword(int family)
{
	return family == 4 ? "ip" : "ipv6";
}

bool bgpq_has_asn(const struct bgpq_out *o, uint32_t asn)
{
	size_t lo = 0, hi = o->nasns;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->asns[mid] == asn)
			return true;
		if (o->asns[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

void bgpq_aspath_regex_lines(FILE *f, const struct bgpq_out *o, const char *cmd, bool skip_own,
                             bool origin_only)
{
	int nc = 0;
	for (size_t i = 0; i < o->nasns; i++) {
		uint32_t a = o->asns[i];
		if (skip_own && a == o->asnumber)
			continue;
		if (nc)
			fprintf(f, "|%u", a);
		else if (origin_only)
			fprintf(f, "%s %s permit ^(_[0-9]+)*_(%u", cmd, o->name, a);
		else
			fprintf(f, "%s %s permit ^%u(_[0-9]+)*_(%u", cmd, o->name, o->asnumber, a);
		if (++nc == o->aswidth) {
			fprintf(f, ")$\n");
			nc = 0;
		}
	}
	if (nc)
		fprintf(f, ")$\n");
}

void bgpq_aspath_regex_set(FILE *f, const struct bgpq_out *o, const char *lead, const char *tail,
                           bool origin_only, bool comma_first)
{
	int nc = 0;
	bool comma = comma_first, own = bgpq_has_asn(o, o->asnumber);
	if (own) {
		if (origin_only)
			fprintf(f, "\n  %s^(_%u)*$%s", lead, o->asnumber, tail);
		else
			fprintf(f, "\n  %s^%u(_%u)*$%s", lead, o->asnumber, o->asnumber, tail);
		comma = true;
	}
	for (size_t i = 0; i < o->nasns; i++) {
		uint32_t a = o->asns[i];
		if (own && a == o->asnumber)
			continue;
		if (nc)
			fprintf(f, "|%u", a);
		else if (origin_only)
			fprintf(f, "%s\n  %s^(_[0-9]+)*_(%u", comma ? "," : "", lead, a);
		else
			fprintf(f, "%s\n  %s^%u(_[0-9]+)*_(%u", comma ? "," : "", lead, o->asnumber,
			        a);
		comma = true;
		if (++nc == o->aswidth) {
			fprintf(f, ")$%s", tail);
			nc = 0;
		}
	}
	if (nc)
		fprintf(f, ")$%s", tail);
}
