/* bgpq_json.c - bgpq4's JSON (-j): prefix lists and AS lists (-f, -t). */
#include "out/bgpq_out.h"

struct json_ctx {
	FILE *f;
	int needscomma;
};

static void json_prefix(const struct agg_entry *e, void *arg)
{
	struct json_ctx *c = arg;
	char pfx[80];
	/* bgpq4 escapes the slash */
	bgpq_prefix_str(e->p, "\\/", pfx, sizeof(pfx));
	const char *comma = c->needscomma ? "," : "";
	if (!e->aggregate)
		fprintf(c->f, "%s\n    { \"prefix\": \"%s\", \"exact\": true }", comma, pfx);
	else if (e->lo > e->p->len)
		fprintf(c->f, "%s\n    { \"prefix\": \"%s\", \"exact\": false,\n      \"greater-equal\": %u, \"less-equal\": %u }",
			comma, pfx, e->lo, e->hi);
	else
		fprintf(c->f, "%s\n    { \"prefix\": \"%s\", \"exact\": false, \"less-equal\": %u }",
			comma, pfx, e->hi);
	c->needscomma = 1;
}

static int json_prefixlist(FILE *f, const struct bgpq_out *o)
{
	struct json_ctx c = {f, 0};
	fprintf(f, "{ \"%s\": [", o->name);
	agg_foreach(o->tree, true, json_prefix, &c);
	fprintf(f, "\n] }\n");
	return 0;
}

int bgpq_json_asset(FILE *f, const struct bgpq_out *o)
{
	int nc = 0, needscomma = 0;
	fprintf(f, "{\"%s\": [", o->name);
	for (size_t i = 0; i < o->nasns; i++) {
		if (!nc)
			fprintf(f, "%s\n  %u", needscomma ? "," : "", o->asns[i]);
		else
			fprintf(f, "%s%u", needscomma ? "," : "", o->asns[i]);
		needscomma = 1;
		if (++nc == o->aswidth)
			nc = 0;
	}
	fprintf(f, "\n]}\n");
	return 0;
}

const struct bgpq_printer bgpq_printer_json = {
	.vendor = BGPQ_V_JSON,
	.name = "JSON",
	.prefixlist = json_prefixlist,
	.aspath = bgpq_json_asset,
	.asset = bgpq_json_asset,
};
