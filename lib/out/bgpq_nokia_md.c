/* SPDX-License-Identifier: ISC */
/* bgpq_nokia_md.c - Nokia SR OS MD-CLI (-n) prefix-lists, ip-prefix-lists
 * (-E) and as-path-groups. */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

static void md_prefix(const struct agg_entry *e, void *arg)
{
	FILE *f = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	if (!e->aggregate)
		fprintf(f, "    prefix %s type exact {\n    }\n", pfx);
	else if (e->lo > e->p->len)
		fprintf(f,
		        "    prefix %s type range {\n        start-length %u\n        end-length "
		        "%u\n    }\n",
		        pfx, e->lo, e->hi);
	else
		fprintf(f, "    prefix %s type through {\n        through-length %u\n    }\n", pfx,
		        e->hi);
}

static int md_prefixlist(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "/configure policy-options\ndelete prefix-list \"%s\"\n", o->name);
	fprintf(f, "prefix-list \"%s\" {\n", o->name);
	agg_foreach(o->tree, true, md_prefix, f);
	fprintf(f, "}\n");
	return 0;
}

static void md_ipfilter(const struct agg_entry *e, void *arg)
{
	char pfx[80];
	fprintf((FILE *)arg, "    prefix %s { }\n", bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx)));
}

static int md_ipprefixlist(FILE *f, const struct bgpq_out *o)
{
	const char *ip = bgpq_ipword(o->family);
	fprintf(f, "/configure filter match-list\ndelete %s-prefix-list \"%s\"\n", ip, o->name);
	fprintf(f, "%s-prefix-list \"%s\" {\n", ip, o->name);
	if (!agg_tree_empty(o->tree))
		agg_foreach(o->tree, true, md_ipfilter, f);
	else
		fprintf(f, "# generated %s-prefix-list %s is empty\n", ip, o->name);
	fprintf(f, "}\n");
	return 0;
}

static int md_paths(FILE *f, const struct bgpq_out *o, bool origin)
{
	int nc = 0, line = 1;
	fprintf(f, "/configure policy-options\ndelete as-path-group \"%s\"\n", o->name);
	fprintf(f, "as-path-group \"%s\" {\n", o->name);
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own) {
		fprintf(f, "  entry %u {\n    expression \"%u+\"\n  }\n", line, o->asnumber);
		line++;
	}
	for (size_t i = 0; i < o->nasns; i++) {
		uint32_t a = o->asns[i];
		if (own && a == o->asnumber)
			continue;
		if (!nc) {
			if (origin)
				fprintf(f, "  entry %u {\n    expression \".*[%u", line, a);
			else
				fprintf(f, "  entry %u {\n    expression \"%u.*[%u", line,
				        o->asnumber, a);
		} else {
			fprintf(f, " %u", a);
		}
		if (++nc == o->aswidth) {
			fprintf(f, "]\"\n  }\n");
			nc = 0;
			line++;
		}
	}
	if (nc)
		fprintf(f, "]\"\n  }\n");
	fprintf(f, "}\n");
	return 0;
}

/* twin of juniper_aspath (bgpq_juniper.c): -f and -G share one path writer per dialect */
static int md_aspath(FILE *f, const struct bgpq_out *o)
{
	return md_paths(f, o, false);
}

static int md_oaspath(FILE *f, const struct bgpq_out *o)
{
	return md_paths(f, o, true);
}

const struct bgpq_printer bgpq_printer_nokia_md = {
    .vendor = BGPQ_V_NOKIA_MD,
    .name = "Nokia SR OS (MD-CLI)",
    .prefixlist = md_prefixlist,
    .eacl = md_ipprefixlist,
    .aspath = md_aspath,
    .oaspath = md_oaspath,
};
