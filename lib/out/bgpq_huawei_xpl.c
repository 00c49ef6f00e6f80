/* SPDX-License-Identifier: ISC */
/* bgpq_huawei_xpl.c - Huawei XPL ip-prefix-lists and as-path-lists (-u). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

struct xpl_ctx {
	FILE *f;
	int needscomma;
};

static void xpl_prefix(const struct agg_entry *e, void *arg)
{
	struct xpl_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, " ", pfx, sizeof(pfx));
	const char *lead = c->needscomma ? ",\n " : " ";
	if (!e->aggregate)
		fprintf(c->f, "%s %s", lead, pfx);
	else if (e->lo > e->p->len)
		fprintf(c->f, "%s %s ge %u le %u", lead, pfx, e->lo, e->hi);
	else
		fprintf(c->f, "%s %s le %u", lead, pfx, e->hi);
	c->needscomma = 1;
}

static int xpl_prefixlist(FILE *f, const struct bgpq_out *o)
{
	const char *ip = bgpq_ipword(o->family);
	struct xpl_ctx c = {f, 0};
	fprintf(f, "no xpl %s-prefix-list %s\nxpl %s-prefix-list %s\n", ip, o->name, ip, o->name);
	agg_foreach(o->tree, true, xpl_prefix, &c);
	fprintf(f, "\nend-list\n");
	return 0;
}

static int xpl_paths(FILE *f, const struct bgpq_out *o, bool origin)
{
	fprintf(f, "xpl as-path-list %s", o->name);
	/* -f starts with a comma even on the first line, as bgpq4 does */
	bgpq_aspath_regex_set(f, o, "regular ", "", origin, !origin);
	fprintf(f, "\nend-list\n");
	return 0;
}

static int xpl_aspath(FILE *f, const struct bgpq_out *o)
{
	return xpl_paths(f, o, false);
}

static int xpl_oaspath(FILE *f, const struct bgpq_out *o)
{
	return xpl_paths(f, o, true);
}

const struct bgpq_printer bgpq_printer_huawei_xpl = {
    .vendor = BGPQ_V_HUAWEI_XPL,
    .name = "Huawei XPL",
    .prefixlist = xpl_prefixlist,
    .aspath = xpl_aspath,
    .oaspath = xpl_oaspath,
};
