/* SPDX-License-Identifier: ISC */
/* bgpq_json.c - bgpq4's JSON (-j): prefix lists and AS lists (-f, -t). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include "core/json_writer.h"
#include "out/bgpq_out.h"

static void json_prefix(const struct agg_entry *e, void *arg)
{
	struct json_writer *w = arg;
	char pfx[80], quoted[84];
	/* bgpq4 escapes the slash */
	bgpq_prefix_str(e->p, "\\/", pfx, sizeof(pfx));
	snprintf(quoted, sizeof quoted, "\"%s\"", pfx);
	json_sep(w, "\n    ");
	json_begin_object(w);
	json_ws(w, " ");
	json_key(w, "prefix");
	json_verbatim(w, quoted);
	json_sep(w, " ");
	json_key(w, "exact");
	json_bool(w, !e->aggregate);
	if (e->aggregate && e->lo > e->p->len) {
		json_sep(w, "\n      ");
		json_key(w, "greater-equal");
		json_u32(w, e->lo);
	}
	if (e->aggregate) {
		json_sep(w, " ");
		json_key(w, "less-equal");
		json_u32(w, e->hi);
	}
	json_ws(w, " ");
	json_end_object(w);
}

static int json_prefixlist(FILE *f, const struct bgpq_out *o)
{
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_spaced_colon(&w, true);
	json_begin_object(&w);
	json_ws(&w, " ");
	json_key(&w, o->name);
	json_begin_array(&w);
	agg_foreach(o->tree, true, json_prefix, &w);
	json_ws(&w, "\n");
	json_end_array(&w);
	json_ws(&w, " ");
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

int bgpq_json_asset(FILE *f, const struct bgpq_out *o)
{
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_spaced_colon(&w, true);
	json_begin_object(&w);
	json_key(&w, o->name);
	json_begin_array(&w);
	for (size_t i = 0; i < o->nasns; i++) {
		if (i % (o->aswidth ? (size_t)o->aswidth : SIZE_MAX) == 0)
			json_sep(&w, "\n  ");
		json_u32(&w, o->asns[i]);
	}
	json_ws(&w, "\n");
	json_end_array(&w);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

const struct bgpq_printer bgpq_printer_json = {
    .vendor = BGPQ_V_JSON,
    .name = "JSON",
    .prefixlist = json_prefixlist,
    .aspath = bgpq_json_asset,
    .asset = bgpq_json_asset,
};
