/* SPDX-License-Identifier: ISC */
/* bogon_bird.c - BIRD 2 filter constants: prefix sets and an int set. */
/* Deliberately alike the other lib/out/bogon_*.c writers: each is one router
 * dialect's exact syntax, so their loops stay apart. */
#include "out/bogon_out.h"

static void bird_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	char buf[PREFIX_STRLEN];
	fprintf(o->f, "define BOGONS_V%d = [\n", family);
	for (size_t i = 0; i < n; i++) {
		prefix_format(&r[i].prefix, buf, sizeof buf);
		const char *sep = i + 1 < n ? "," : "";
		/* "+" is the prefix and all more-specifics; bare is exact only. */
		if (r[i].le == prefix_maxlen(family))
			fprintf(o->f, "\t%s+%s", buf, sep);
		else if (r[i].le == r[i].prefix.len)
			fprintf(o->f, "\t%s%s", buf, sep);
		else
			fprintf(o->f, "\t%s{%u,%u}%s", buf, r[i].prefix.len, r[i].le, sep);
		fprintf(o->f, "\t# %s (%s)\n", r[i].entry->name, r[i].entry->ref);
	}
	fprintf(o->f, "];\n\n");
	o->sections++;
}

static void bird_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	fprintf(o->f, "define BOGON_ASNS = [\n");
	for (size_t i = 0; i < n; i++) {
		const char *sep = i + 1 < n ? "," : "";
		if (r[i].lo == r[i].hi)
			fprintf(o->f, "\t%u%s", r[i].lo, sep);
		else
			fprintf(o->f, "\t%u..%u%s", r[i].lo, r[i].hi, sep);
		fprintf(o->f, "\t# %s (%s)\n", r[i].name, r[i].ref);
	}
	fprintf(o->f, "];\n\n");
	o->sections++;
}

static void bird_end(struct bogon_out *o)
{
	fprintf(o->f, "# Use in an import filter, e.g.:\n"
	              "#   if net ~ BOGONS_V4 then reject;\n"
	              "#   if bgp_path ~ BOGON_ASNS then reject;\n");
}

const struct bogon_writer bogon_writer_bird = {
    "bird",    "BIRD 2 define BOGONS_V4/BOGONS_V6 prefix sets and BOGON_ASNS",
    NULL,      bird_prefixes,
    bird_asns, bird_end,
};
