/* SPDX-License-Identifier: ISC */
/* bgpq_bird.c - BIRD prefix sets and AS sets (-b). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "out/bgpq_out.h"

struct bird_ctx {
	FILE *f;
	int needscomma;
};

static void bird_prefix(const struct agg_entry *e, void *arg)
{
	struct bird_ctx *c = arg;
	char pfx[80];
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	const char *comma = c->needscomma ? "," : "";
	if (!e->aggregate)
		fprintf(c->f, "%s\n    %s", comma, pfx);
	else
		fprintf(c->f, "%s\n    %s{%u,%u}", comma, pfx,
		        e->lo > e->p->len ? e->lo : e->p->len, e->hi);
	c->needscomma = 1;
}

static int bird_prefixlist(FILE *f, const struct bgpq_out *o)
{
	/* bgpq4 prints nothing at all for an empty list */
	if (agg_tree_empty(o->tree))
		return 0;
	struct bird_ctx c = {f, 0};
	fprintf(f, "%s = [", o->name);
	agg_foreach(o->tree, true, bird_prefix, &c);
	fprintf(f, "\n];\n");
	return 0;
}

/* bgpq3: "NAME = [a, b,\n    c];" and nothing at all when empty */
static int bird3_aspath(FILE *f, const struct bgpq_out *o)
{
	if (o->nasns == 0)
		return 0;
	fprintf(f, "%s = [", o->name);
	for (size_t i = 0; i < o->nasns; i++) {
		if (i)
			fputs(o->aswidth && i % (size_t)o->aswidth == 0 ? ",\n    " : ", ", f);
		fprintf(f, "%u", o->asns[i]);
	}
	fprintf(f, "];\n");
	return 0;
}

static int bird_aspath(FILE *f, const struct bgpq_out *o)
{
	int nc = 0, needscomma = 0;
	if (o->bgpq3)
		return bird3_aspath(f, o);
	fprintf(f, "%s = [", o->name);
	if (o->nasns == 0) {
		fprintf(f, "];\n");
		return 0;
	}
	for (size_t i = 0; i < o->nasns; i++) {
		if (!nc)
			fprintf(f, "%s\n    %u", needscomma ? "," : "", o->asns[i]);
		else
			fprintf(f, ", %u", o->asns[i]);
		needscomma = 1;
		if (++nc == o->aswidth)
			nc = 0;
	}
	fprintf(f, "\n];\n");
	return 0;
}

const struct bgpq_printer bgpq_printer_bird = {
    .vendor = BGPQ_V_BIRD,
    .name = "BIRD",
    .prefixlist = bird_prefixlist,
    .aspath = bird_aspath,
    .asset = bird_aspath,
};
