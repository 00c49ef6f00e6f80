/* SPDX-License-Identifier: ISC */
/* bgpq_nokia.c - Nokia SR OS classic CLI (-N) prefix-lists, ip-prefix-lists
 * (-E) and as-path-groups. */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

static void nokia_prefix(const struct agg_entry *e, void *arg)
{
	FILE *f = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	if (!e->aggregate)
		fprintf(f, "    prefix %s exact\n", pfx);
	else
		fprintf(f, "    prefix %s prefix-length-range %u-%u\n", pfx,
		        e->lo > e->p->len ? e->lo : e->p->len, e->hi);
}

static int nokia_prefixlist(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "configure router policy-options\nbegin\nno prefix-list \"%s\"\n", o->name);
	fprintf(f, "prefix-list \"%s\"\n", o->name);
	agg_foreach(o->tree, true, nokia_prefix, f);
	fprintf(f, "exit\ncommit\n");
	return 0;
}

static void nokia_ipfilter(const struct agg_entry *e, void *arg)
{
	char pfx[80];
	fprintf((FILE *)arg, "    prefix %s\n", bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx)));
}

static int nokia_ipprefixlist(FILE *f, const struct bgpq_out *o)
{
	const char *ip = bgpq_ipword(o->family);
	fprintf(f, "configure filter match-list\nno %s-prefix-list \"%s\"\n", ip, o->name);
	fprintf(f, "%s-prefix-list \"%s\" create\n", ip, o->name);
	if (!agg_tree_empty(o->tree))
		agg_foreach(o->tree, true, nokia_ipfilter, f);
	else
		fprintf(f, "# generated ip-prefix-list %s is empty\n", o->name);
	fprintf(f, "exit\n");
	return 0;
}

/* The as-path-group entries: "entry 1" for the own ASN when the list has
 * it, then o->aswidth ASNs an entry, "ASNUMBER.*[A B]" for -f or ".*[A B]"
 * when origin_only (-G). */
static void nokia_aspath_entries(FILE *f, const struct bgpq_out *o, bool origin_only)
{
	int nc = 0;
	unsigned line = 1;
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own) {
		fprintf(f, "  entry %u expression \"%u+\"\n", line, o->asnumber);
		line++;
	}
	for (size_t i = 0; i < o->nasns; i++) {
		uint32_t a = o->asns[i];
		if (own && a == o->asnumber)
			continue;
		if (nc)
			fprintf(f, " %u", a);
		else if (origin_only)
			fprintf(f, "  entry %u expression \".*[%u", line, a);
		else
			fprintf(f, "  entry %u expression \"%u.*[%u", line, o->asnumber, a);
		if (++nc == o->aswidth) {
			fprintf(f, "]\"\n");
			nc = 0;
			line++;
		}
	}
	if (nc)
		fprintf(f, "]\"\n");
}

static int nokia_aspath(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "configure router policy-options\nbegin\nno as-path-group \"%s\"\n", o->name);
	fprintf(f, "as-path-group \"%s\"\n", o->name);
	nokia_aspath_entries(f, o, false);
	fprintf(f, "exit\ncommit\n");
	return 0;
}

static int nokia_oaspath(FILE *f, const struct bgpq_out *o)
{
	/* the missing space after "as-path-group" is bgpq4's (bgpq3 has it) */
	fprintf(f, "configure router policy-options\nbegin\nno as-path-group%s\"%s\"\n",
	        o->bgpq3 ? " " : "", o->name);
	fprintf(f, "as-path-group \"%s\"\n", o->name);
	nokia_aspath_entries(f, o, true);
	return 0;
}

const struct bgpq_printer bgpq_printer_nokia = {
    .vendor = BGPQ_V_NOKIA,
    .name = "Nokia SR OS (classic CLI)",
    .prefixlist = nokia_prefixlist,
    .eacl = nokia_ipprefixlist,
    .aspath = nokia_aspath,
    .oaspath = nokia_oaspath,
};
