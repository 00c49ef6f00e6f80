/* bgpq_huawei_xpl.c - Huawei XPL ip-prefix-lists and as-path-lists (-u). */
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
	/* -f starts with a comma even on the first line, as bgpq4 does */
	int nc = 0, comma = origin ? 0 : 1;
	fprintf(f, "xpl as-path-list %s", o->name);
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own) {
		if (origin)
			fprintf(f, "\n  regular ^(_%u)*$", o->asnumber);
		else
			fprintf(f, "\n  regular ^%u(_%u)*$", o->asnumber, o->asnumber);
		comma = 1;
	}
	for (size_t i = 0; i < o->nasns; i++) {
		uint32_t a = o->asns[i];
		if (own && a == o->asnumber)
			continue;
		if (!nc) {
			if (origin)
				fprintf(f, "%s\n  regular ^(_[0-9]+)*_(%u", comma ? "," : "", a);
			else
				fprintf(f, "%s\n  regular ^%u(_[0-9]+)*_(%u", comma ? "," : "",
					o->asnumber, a);
			comma = 1;
		} else {
			fprintf(f, "|%u", a);
		}
		if (++nc == o->aswidth) {
			fprintf(f, ")$");
			nc = 0;
		}
	}
	if (nc)
		fprintf(f, ")$");
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
