/* SPDX-License-Identifier: ISC */
/* bgpq_juniper.c - Junos prefix-lists, route-filters (-E), route-filter-lists
 * (-z), as-path-groups (-f, -G) and as-list-groups (-H). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include <string.h>

#include "out/bgpq_out.h"

static void jprefix(const struct agg_entry *e, void *arg)
{
	char pfx[80];
	fprintf((FILE *)arg, "    %s;\n", bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx)));
}

static int juniper_prefixlist(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "policy-options {\nreplace:\n prefix-list %s {\n", o->name);
	/* bgpq4 does not follow son entries here (-A is refused anyway) */
	agg_foreach(o->tree, false, jprefix, f);
	fprintf(f, " }\n}\n");
	return 0;
}

struct jr_ctx {
	FILE *f;
	bool prefixed;
};

static void jrfilter(const struct agg_entry *e, void *arg)
{
	struct jr_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	const char *rf = c->prefixed ? "route-filter " : "";
	if (!e->aggregate)
		fprintf(c->f, "    %s%s exact;\n", rf, pfx);
	else if (e->lo > e->p->len)
		fprintf(c->f, "    %s%s prefix-length-range /%u-/%u;\n", rf, pfx, e->lo, e->hi);
	else
		fprintf(c->f, "    %s%s upto /%u;\n", rf, pfx, e->hi);
}

static int juniper_routefilter(FILE *f, const struct bgpq_out *o)
{
	/* "-l policy/term" names a term inside a policy-statement */
	const char *slash = strchr(o->name, '/');
	if (slash) {
		fprintf(f,
		        "policy-options {\n policy-statement %.*s {\n  term %s {\nreplace:\n   "
		        "from {\n",
		        (int)(slash - o->name), o->name, slash + 1);
	} else {
		fprintf(f, "policy-options {\n policy-statement %s { \nreplace:\n  from {\n",
		        o->name);
	}
	if (o->match)
		fprintf(f, "    %s;\n", o->match);
	if (!agg_tree_empty(o->tree)) {
		struct jr_ctx c = {f, true};
		agg_foreach(o->tree, true, jrfilter, &c);
	} else {
		fprintf(f, "    route-filter %s/0 orlonger reject;\n",
		        o->family == 4 ? "0.0.0.0" : "::");
	}
	fprintf(f, slash ? "   }\n  }\n }\n}\n" : "  }\n }\n}\n");
	return 0;
}

static int juniper_rfl(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "policy-options {\nreplace:\n  route-filter-list %s {\n", o->name);
	if (agg_tree_empty(o->tree)) {
		fprintf(f, "    %s/0 orlonger reject;\n", o->family == 4 ? "0.0.0.0" : "::");
	} else {
		struct jr_ctx c = {f, false};
		agg_foreach(o->tree, true, jrfilter, &c);
	}
	fprintf(f, "  }\n}\n");
	return 0;
}

static int juniper_paths(FILE *f, const struct bgpq_out *o, bool origin)
{
	int nc = 0, line = 0;
	fprintf(f, "policy-options {\nreplace:\n as-path-group %s {\n", o->name);
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own) {
		fprintf(f, "  as-path a%u \"^%u(%u)*$\";\n", line, o->asnumber, o->asnumber);
		line++;
	}
	for (size_t i = 0; i < o->nasns; i++) {
		uint32_t a = o->asns[i];
		if (own && a == o->asnumber)
			continue;
		if (!nc) {
			if (origin)
				fprintf(f, "  as-path a%u \"^(.)*(%u", line, a);
			else
				fprintf(f, "  as-path a%u \"^%u(.)*(%u", line, o->asnumber, a);
		} else {
			fprintf(f, "|%u", a);
		}
		if (++nc == o->aswidth) {
			fprintf(f, ")$\";\n");
			nc = 0;
			line++;
		}
	}
	if (nc)
		fprintf(f, ")$\";\n");
	else if (line == 0)
		fprintf(f, origin && !o->bgpq3 ? " as-path aNone \"!.*\";\n"
		                               : "  as-path aNone \"!.*\";\n");
	fprintf(f, " }\n}\n");
	return 0;
}

/* twin of md_aspath (bgpq_nokia_md.c): -f and -G share one path writer per dialect */
static int juniper_aspath(FILE *f, const struct bgpq_out *o)
{
	return juniper_paths(f, o, false);
}

static int juniper_oaspath(FILE *f, const struct bgpq_out *o)
{
	return juniper_paths(f, o, true);
}

static int juniper_aslist(FILE *f, const struct bgpq_out *o)
{
	int nc = 0, line = 0;
	fprintf(f, "policy-options {\nreplace:\n as-list-group %s {\n", o->name);
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own) {
		fprintf(f, "  as-list a0 members %u;\n", o->asnumber);
		line++;
	}
	for (size_t i = 0; i < o->nasns; i++) {
		uint32_t a = o->asns[i];
		if (own && a == o->asnumber)
			continue;
		if (!nc)
			fprintf(f, "  as-list a%u members [ %u", line, a);
		else
			fprintf(f, " %u", a);
		if (++nc == o->aswidth) {
			fprintf(f, " ];\n");
			nc = 0;
			line++;
		}
	}
	if (nc)
		fprintf(f, " ];\n");
	fprintf(f, " }\n}\n");
	return 0;
}

const struct bgpq_printer bgpq_printer_juniper = {
    .vendor = BGPQ_V_JUNIPER,
    .name = "Juniper Junos",
    .prefixlist = juniper_prefixlist,
    .eacl = juniper_routefilter,
    .aspath = juniper_aspath,
    .oaspath = juniper_oaspath,
    .aslist = juniper_aslist,
    .route_filter = juniper_rfl,
};
