/* SPDX-License-Identifier: ISC */
/* bgpq_mikrotik.c - MikroTik RouterOS v6 (-K) and v7 (-K7) routing filters. */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

struct mt_ctx {
	FILE *f;
	const char *name;
};

/* twin of k7_prefix: RouterOS 6 "routing filter" lines; 7 writes rules */
static void k6_prefix(const struct agg_entry *e, void *arg)
{
	struct mt_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	const char *v = e->p->family == 4 ? "V4" : "V6";
	if (e->aggregate)
		fprintf(c->f,
		        "/routing filter add action=accept chain=\"%s-%s\" prefix=%s "
		        "prefix-length=%d-%d\n",
		        c->name, v, pfx, e->lo, e->hi);
	else
		fprintf(c->f, "/routing filter add action=accept chain=\"%s-%s\" prefix=%s\n",
		        c->name, v, pfx);
}

/* twin of k6_prefix: RouterOS 7 "routing filter rule" lines */
static void k7_prefix(const struct agg_entry *e, void *arg)
{
	struct mt_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	const char *v = e->p->family == 4 ? "V4" : "V6";
	if (e->aggregate)
		fprintf(c->f,
		        "/routing filter rule add chain=\"%s-%s\"  rule=\"if (dst in %s && dst-len "
		        "in %d-%d) {accept}\"\n",
		        c->name, v, pfx, e->lo, e->hi);
	else
		fprintf(c->f,
		        "/routing filter rule add chain=\"%s-%s\" rule=\"if (dst=%s) {accept}\"\n",
		        c->name, v, pfx);
}

static int mt_print(FILE *f, const struct bgpq_out *o, agg_visit_fn fn)
{
	struct mt_ctx c = {f, o->name};
	if (!agg_tree_empty(o->tree))
		agg_foreach(o->tree, true, fn, &c);
	else
		fprintf(f, "# generated prefix-list %s is empty\n", o->name);
	return 0;
}

static int k6_prefixlist(FILE *f, const struct bgpq_out *o)
{
	return mt_print(f, o, k6_prefix);
}

static int k7_prefixlist(FILE *f, const struct bgpq_out *o)
{
	return mt_print(f, o, k7_prefix);
}

const struct bgpq_printer bgpq_printer_mikrotik6 = {
    .vendor = BGPQ_V_MIKROTIK6,
    .name = "MikroTik RouterOS v6",
    .prefixlist = k6_prefixlist,
};

const struct bgpq_printer bgpq_printer_mikrotik7 = {
    .vendor = BGPQ_V_MIKROTIK7,
    .name = "MikroTik RouterOS v7",
    .prefixlist = k7_prefixlist,
};
