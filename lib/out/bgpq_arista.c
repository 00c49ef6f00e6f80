/* SPDX-License-Identifier: ISC */
/* bgpq_arista.c - Arista EOS prefix-lists (always sequenced); access lists
 * are Cisco's. */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

struct arista_ctx {
	FILE *f;
	int seq;
};

static void arista_prefix(const struct agg_entry *e, void *arg)
{
	struct arista_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	int seq = c->seq++;
	if (!e->aggregate)
		fprintf(c->f, "    seq %i permit %s\n", seq, pfx);
	else if (e->lo > e->p->len)
		fprintf(c->f, "    seq %i permit %s ge %u le %u\n", seq, pfx, e->lo, e->hi);
	else
		fprintf(c->f, "    seq %i permit %s le %u\n", seq, pfx, e->hi);
}

static int arista_prefixlist(FILE *f, const struct bgpq_out *o)
{
	const char *ip = bgpq_ipword(o->family);
	fprintf(f, "no %s prefix-list %s\n", ip, o->name);
	if (!agg_tree_empty(o->tree)) {
		struct arista_ctx c = {f, 1};
		fprintf(f, "%s prefix-list %s\n", ip, o->name);
		agg_foreach(o->tree, true, arista_prefix, &c);
	} else {
		fprintf(f, "! generated prefix-list %s is empty\n", o->name);
		fprintf(f, "%s prefix-list %s\n    seq %i deny %s\n", ip, o->name, 1,
		        o->family == 4 ? "0.0.0.0/0" : "::/0");
	}
	return 0;
}

const struct bgpq_printer bgpq_printer_arista = {
    .vendor = BGPQ_V_ARISTA,
    .name = "Arista EOS",
    .prefixlist = arista_prefixlist,
    .eacl = bgpq_cisco_eacl,
    .aspath = bgpq_cisco_aspath,
    .oaspath = bgpq_cisco_oaspath,
};
