/* SPDX-License-Identifier: ISC */
/* bgpq_nokia_srl.c - Nokia SR Linux (-n2) prefix-sets and ACL filters (-E).
 * bgpq4 1.9 has no SR Linux output; this follows what later bgpq4 releases
 * print, so configurations stay interchangeable when users upgrade. */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

static void srl_prefix(const struct agg_entry *e, void *arg)
{
	FILE *f = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	if (!e->aggregate)
		fprintf(f, "    prefix %s mask-length-range exact { }\n", pfx);
	else
		fprintf(f, "    prefix %s mask-length-range %u..%u { }\n", pfx,
		        e->lo > e->p->len ? e->lo : e->p->len, e->hi);
}

static int srl_prefixset(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "/routing-policy\ndelete prefix-set \"%s\"\n", o->name);
	fprintf(f, "prefix-set \"%s\" {\n", o->name);
	agg_foreach(o->tree, true, srl_prefix, f);
	fprintf(f, "}\n");
	return 0;
}

struct srl_ctx {
	FILE *f;
	int seq;
};

static void srl_filter_entry(const struct agg_entry *e, void *arg)
{
	struct srl_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	fprintf(c->f,
	        " entry %d {\n  action { accept { } }\n  match { source-ip { prefix %s } } }\n",
	        c->seq, pfx);
	c->seq += 10;
}

static int srl_acl(FILE *f, const struct bgpq_out *o)
{
	char v = o->family == 4 ? '4' : '6';
	fprintf(f, "/acl \ndelete ipv%c-filter \"%s\"\n", v, o->name);
	fprintf(f, "ipv%c-filter \"%s\" {\n", v, o->name);
	if (!agg_tree_empty(o->tree)) {
		struct srl_ctx c = {f, 10};
		agg_foreach(o->tree, true, srl_filter_entry, &c);
	} else {
		fprintf(f, "# generated ipv%c-filter '%s' is empty\n", v, o->name);
	}
	fprintf(f, "}\n");
	return 0;
}

const struct bgpq_printer bgpq_printer_nokia_srl = {
    .vendor = BGPQ_V_NOKIA_SRL,
    .name = "Nokia SR Linux",
    .prefixlist = srl_prefixset,
    .eacl = srl_acl,
};
