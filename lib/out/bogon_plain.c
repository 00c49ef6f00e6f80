/* SPDX-License-Identifier: ISC */
/* bogon_plain.c - one prefix or ASN range per line (Team Cymru style). */
/* Deliberately alike the other lib/out/bogon_*.c writers: each is one router
 * dialect's exact syntax, so their loops stay apart. */
#include "out/bogon_out.h"

static void plain_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	char buf[PREFIX_STRLEN];
	for (size_t i = 0; i < n; i++) {
		prefix_format(&r[i].prefix, buf, sizeof buf);
		fprintf(o->f, "%s%s\n", buf, r[i].le == r[i].prefix.len ? " exact" : "");
	}
	o->sections++;
}

static void plain_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (r[i].lo == r[i].hi)
			fprintf(o->f, "AS%u\n", r[i].lo);
		else
			fprintf(o->f, "AS%u-AS%u\n", r[i].lo, r[i].hi);
	}
	o->sections++;
}

const struct bogon_writer bogon_writer_plain = {
    "plain",    "one prefix per line (\" exact\" marks exact-only), then ASN ranges",
    NULL,       plain_prefixes,
    plain_asns, NULL,
};
