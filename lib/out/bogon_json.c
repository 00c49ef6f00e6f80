/* SPDX-License-Identifier: ISC */
/* bogon_json.c - the bogon filter as JSON for scripts. */
/* Deliberately alike the other lib/out/bogon_*.c writers: each is one router
 * dialect's exact syntax, so their loops stay apart. */
#include "out/bogon_out.h"

static void js_begin(struct bogon_out *o)
{
	json_writer_init_file(&o->json, o->f);
	json_begin_object(&o->json);
}

/* "name" and "ref" of an entry, closing its object. */
static void js_name_ref(struct json_writer *w, const char *name, const char *ref)
{
	json_key(w, "name");
	json_str(w, name);
	json_key(w, "ref");
	json_str(w, ref);
	json_end_object(w);
}

static void js_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	struct json_writer *w = &o->json;
	char buf[PREFIX_STRLEN];
	json_key(w, family == 4 ? "ipv4" : "ipv6");
	json_begin_array(w);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(w);
		json_key(w, "prefix");
		json_string_plain(w, prefix_format(&r[i].prefix, buf, sizeof buf));
		json_key(w, "le");
		json_u32(w, r[i].le);
		js_name_ref(w, r[i].entry->name, r[i].entry->ref);
	}
	json_end_array(w);
}

static void js_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	struct json_writer *w = &o->json;
	json_key(w, "asns");
	json_begin_array(w);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(w);
		json_key(w, "first");
		json_u32(w, r[i].lo);
		json_key(w, "last");
		json_u32(w, r[i].hi);
		js_name_ref(w, r[i].name, r[i].ref);
	}
	json_end_array(w);
}

/* A failed write shows in ferror(o->f), which the caller checks. */
static void js_end(struct bogon_out *o)
{
	json_end_object(&o->json);
	json_ws(&o->json, "\n");
	json_writer_finish(&o->json);
}

const struct bogon_writer bogon_writer_json = {
    "json", "JSON object with ipv4, ipv6 and asns arrays", js_begin, js_prefixes, js_asns, js_end,
};
