/* SPDX-License-Identifier: ISC */
/* bgpq_huawei.c - Huawei VRP ip-prefix lists and as-path-filters (-U). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

struct hw_ctx {
	FILE *f;
	const char *name;
};

static void hw_prefix(const struct agg_entry *e, void *arg)
{
	struct hw_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, " ", pfx, sizeof(pfx));
	const char *ip = bgpq_ipword(e->p->family);
	if (!e->aggregate)
		fprintf(c->f, "ip %s-prefix %s permit %s\n", ip, c->name, pfx);
	else if (e->lo > e->p->len)
		fprintf(c->f, "ip %s-prefix %s permit %s greater-equal %u less-equal %u\n", ip,
		        c->name, pfx, e->lo, e->hi);
	else
		fprintf(c->f, "ip %s-prefix %s permit %s less-equal %u\n", ip, c->name, pfx, e->hi);
}

static int hw_prefixlist(FILE *f, const struct bgpq_out *o)
{
	const char *ip = bgpq_ipword(o->family);
	fprintf(f, "undo ip %s-prefix %s\n", ip, o->name);
	if (!agg_tree_empty(o->tree)) {
		struct hw_ctx c = {f, o->name};
		agg_foreach(o->tree, true, hw_prefix, &c);
	} else {
		fprintf(f, "ip %s-prefix %s%s deny %s\n", ip, o->name, o->sequence ? " seq 1" : "",
		        o->family == 4 ? "0.0.0.0/0" : "::/0");
	}
	return 0;
}

static int hw_aspath(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "undo ip as-path-filter %s\n", o->name);
	if (o->nasns == 0) {
		fprintf(f, "ip as-path-filter %s deny .*\n", o->name);
		return 0;
	}
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own)
		fprintf(f, "ip as-path-filter %s permit ^%u(_%u)*$\n", o->name, o->asnumber,
		        o->asnumber);
	bgpq_aspath_regex_lines(f, o, "ip as-path-filter", own, false);
	return 0;
}

static int hw_oaspath(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "undo ip as-path-filter %s\n", o->name);
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own)
		fprintf(f, "ip as-path-filter %s permit ^(_%u)*$\n", o->name, o->asnumber);
	/* emptiness is checked after removing the own ASN, unlike -f */
	if (o->nasns - (own ? 1 : 0) == 0) {
		fprintf(f, "ip as-path-filter %s deny .*\n", o->name);
		return 0;
	}
	bgpq_aspath_regex_lines(f, o, "ip as-path-filter", own, true);
	return 0;
}

const struct bgpq_printer bgpq_printer_huawei = {
    .vendor = BGPQ_V_HUAWEI,
    .name = "Huawei",
    .prefixlist = hw_prefixlist,
    .aspath = hw_aspath,
    .oaspath = hw_oaspath,
};
