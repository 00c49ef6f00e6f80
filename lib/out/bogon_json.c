/* bogon_json.c - the bogon filter as JSON for scripts. */
#include "out/bogon_out.h"
#include "out/json.h"

static void js_begin(struct bogon_out *o)
{
	fputc('{', o->f);
}

static void js_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	char buf[PREFIX_STRLEN];
	fprintf(o->f, "%s\"ipv%d\":[", o->sections++ ? "," : "", family);
	for (size_t i = 0; i < n; i++) {
		prefix_format(&r[i].prefix, buf, sizeof buf);
		fprintf(o->f, "%s{\"prefix\":\"%s\",\"le\":%u,\"name\":", i ? "," : "", buf, r[i].le);
		json_write_string(o->f, r[i].entry->name);
		fprintf(o->f, ",\"ref\":");
		json_write_string(o->f, r[i].entry->ref);
		fputc('}', o->f);
	}
	fputc(']', o->f);
}

static void js_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	fprintf(o->f, "%s\"asns\":[", o->sections++ ? "," : "");
	for (size_t i = 0; i < n; i++) {
		fprintf(o->f, "%s{\"first\":%u,\"last\":%u,\"name\":", i ? "," : "", r[i].lo, r[i].hi);
		json_write_string(o->f, r[i].name);
		fprintf(o->f, ",\"ref\":");
		json_write_string(o->f, r[i].ref);
		fputc('}', o->f);
	}
	fputc(']', o->f);
}

static void js_end(struct bogon_out *o)
{
	fputs("}\n", o->f);
}

const struct bogon_writer bogon_writer_json = {
	"json", "JSON object with ipv4, ipv6 and asns arrays",
	js_begin, js_prefixes, js_asns, js_end,
};
