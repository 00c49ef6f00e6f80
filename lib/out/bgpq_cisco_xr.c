/* SPDX-License-Identifier: ISC */
/* bgpq_cisco_xr.c - Cisco IOS XR prefix-sets and as-path-sets (-X). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

struct xr_ctx {
	FILE *f;
	int needscomma;
	bool bgpq3; /* bgpq3 indents by two spaces */
};

static void xr_prefix(const struct agg_entry *e, void *arg)
{
	struct xr_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	const char *lead = c->needscomma ? (c->bgpq3 ? ",\n  " : ",\n ") : (c->bgpq3 ? "  " : " ");
	if (!e->aggregate)
		fprintf(c->f, "%s%s", lead, pfx);
	else if (e->lo > e->p->len)
		fprintf(c->f, "%s%s ge %u le %u", lead, pfx, e->lo, e->hi);
	else
		fprintf(c->f, "%s%s le %u", lead, pfx, e->hi);
	c->needscomma = 1;
}

static int xr_prefixlist(FILE *f, const struct bgpq_out *o)
{
	struct xr_ctx c = {f, 0, o->bgpq3};
	fprintf(f, "no prefix-set %s\nprefix-set %s\n", o->name, o->name);
	agg_foreach(o->tree, true, xr_prefix, &c);
	fprintf(f, "\nend-set\n");
	return 0;
}

/* origin: true for -G (any path ending in a member), false for -f (paths
 * starting with o->asnumber). */
static int xr_paths(FILE *f, const struct bgpq_out *o, bool origin)
{
	fprintf(f, "as-path-set %s", o->name);
	/* bgpq4 1.9 starts -f with a comma pending (a stray "," after the
	 * name when the own ASN is not a member); -G does not */
	bgpq_aspath_regex_set(f, o, "ios-regex '", "'", origin, !origin && !o->bgpq3);
	fprintf(f, "\nend-set\n");
	return 0;
}

static int xr_aspath(FILE *f, const struct bgpq_out *o)
{
	return xr_paths(f, o, false);
}

static int xr_oaspath(FILE *f, const struct bgpq_out *o)
{
	return xr_paths(f, o, true);
}

const struct bgpq_printer bgpq_printer_cisco_xr = {
    .vendor = BGPQ_V_CISCO_XR,
    .name = "Cisco IOS XR",
    .prefixlist = xr_prefixlist,
    .aspath = xr_aspath,
    .oaspath = xr_oaspath,
};
