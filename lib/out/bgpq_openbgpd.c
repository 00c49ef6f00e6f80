/* SPDX-License-Identifier: ISC */
/* bgpq_openbgpd.c - OpenBGPD prefix lists, prefix-sets (-E), as-sets (-t)
 * and allow/deny rules (-f, -G). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include <string.h>

#include "out/bgpq_out.h"

static void obgpd_prefix(const struct agg_entry *e, void *arg)
{
	FILE *f = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	if (!e->aggregate)
		fprintf(f, "\n\t%s", pfx);
	else if (e->lo == e->hi)
		fprintf(f, "\n\t%s prefixlen = %u", pfx, e->hi);
	else
		fprintf(f, "\n\t%s prefixlen %u - %u", pfx, e->lo > e->p->len ? e->lo : e->p->len,
		        e->hi);
}

static int obgpd_prefixlist(FILE *f, const struct bgpq_out *o)
{
	bool empty = agg_tree_empty(o->tree);
	bool named = strcmp(o->name, "NN") != 0;
	if (empty) {
		fprintf(f, "# generated prefix-list %s (AS %u) is empty\n", o->name, o->asnumber);
		if (!o->asnumber)
			fprintf(f, "# use -a <asn> to generate \"deny from ASN <asn>\" instead of "
			           "this list\n");
	}
	if (!empty || !o->asnumber) {
		if (named)
			fprintf(f, "%s=\"", o->name);
		fprintf(f, "prefix { ");
		agg_foreach(o->tree, true, obgpd_prefix, f);
		fprintf(f, "\n\t}");
		if (named)
			fprintf(f, "\"");
		fprintf(f, "\n");
	} else {
		fprintf(f, "deny from AS %u\n", o->asnumber);
	}
	return 0;
}

static int obgpd_prefixset(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "prefix-set %s {", o->name);
	agg_foreach(o->tree, true, obgpd_prefix, f);
	fprintf(f, "\n}\n");
	return 0;
}

static int obgpd_asset(FILE *f, const struct bgpq_out *o)
{
	int nc = 0;
	fprintf(f, "as-set %s {", o->name);
	for (size_t i = 0; i < o->nasns; i++) {
		fprintf(f, "%s%u", nc == 0 ? "\n\t" : " ", o->asns[i]);
		if (++nc == o->aswidth)
			nc = 0;
	}
	fprintf(f, "\n}\n");
	return 0;
}

static int obgpd_rules(FILE *f, const struct bgpq_out *o, const char *dir)
{
	if (o->nasns == 0) {
		fprintf(f, "deny %s AS %u\n", dir, o->asnumber);
		return 0;
	}
	for (size_t i = 0; i < o->nasns; i++)
		fprintf(f, "allow %s AS %u AS %u\n", dir, o->asnumber, o->asns[i]);
	return 0;
}

static int obgpd_aspath(FILE *f, const struct bgpq_out *o)
{
	return obgpd_rules(f, o, "from");
}

static int obgpd_oaspath(FILE *f, const struct bgpq_out *o)
{
	return obgpd_rules(f, o, "to");
}

const struct bgpq_printer bgpq_printer_openbgpd = {
    .vendor = BGPQ_V_OPENBGPD,
    .name = "OpenBGPD",
    .prefixlist = obgpd_prefixlist,
    .eacl = obgpd_prefixset,
    .aspath = obgpd_aspath,
    .oaspath = obgpd_oaspath,
    .asset = obgpd_asset,
};
