/* SPDX-License-Identifier: ISC */
/* bogon_openbgpd.c - OpenBGPD prefix-set and AS filter rules. */
/* Deliberately alike the other lib/out/bogon_*.c writers: each is one router
 * dialect's exact syntax, so their loops stay apart. */
#include "out/bogon_out.h"

static void obgpd_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	char buf[PREFIX_STRLEN];
	fprintf(o->f, "prefix-set bogons-v%d {\n", family);
	for (size_t i = 0; i < n; i++) {
		prefix_format(&r[i].prefix, buf, sizeof buf);
		if (r[i].le == prefix_maxlen(family))
			fprintf(o->f, "\t%s or-longer", buf);
		else if (r[i].le == r[i].prefix.len)
			fprintf(o->f, "\t%s", buf);
		else
			fprintf(o->f, "\t%s prefixlen %u - %u", buf, r[i].prefix.len, r[i].le);
		fprintf(o->f, "\t# %s (%s)\n", r[i].entry->name, r[i].entry->ref);
	}
	fprintf(o->f, "}\n");
	fprintf(o->f, "deny quick from ebgp prefix-set bogons-v%d\n\n", family);
	o->sections++;
}

static void obgpd_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (r[i].lo == r[i].hi)
			fprintf(o->f, "deny quick from ebgp AS %u", r[i].lo);
		else
			fprintf(o->f, "deny quick from ebgp AS %u - %u", r[i].lo, r[i].hi);
		fprintf(o->f, "\t# %s (%s)\n", r[i].name, r[i].ref);
	}
	fprintf(o->f, "\n");
	o->sections++;
}

const struct bogon_writer bogon_writer_openbgpd = {
    "openbgpd", "OpenBGPD prefix-set bogons-v4/v6 and AS deny rules",
    NULL,       obgpd_prefixes,
    obgpd_asns, NULL,
};
