/* SPDX-License-Identifier: ISC */
/* bogon_iosxr.c - Cisco IOS XR RPL: prefix-sets, an as-path-set and a
 * route-policy that drops what they match. */
/* Deliberately alike the other lib/out/bogon_*.c writers: each is one router
 * dialect's exact syntax, so their loops stay apart. */
#include "out/bogon_out.h"

static void xr_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	char buf[PREFIX_STRLEN];
	fprintf(o->f, "prefix-set BOGONS-V%d\n", family);
	for (size_t i = 0; i < n; i++) {
		prefix_format(&r[i].prefix, buf, sizeof buf);
		fprintf(o->f, "  %s", buf);
		if (r[i].le != r[i].prefix.len)
			fprintf(o->f, " le %u", r[i].le);
		fprintf(o->f, "%s\n", i + 1 < n ? "," : "");
	}
	fprintf(o->f, "end-set\n!\n");
	o->sections |= family == 4 ? 1 : 2;
}

/* twin of ios_asns (bogon_ios.c): the same range merging; IOS lines, XR a set */
static void xr_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	/* RPL number ranges ("passes-through '[a..b]'") are not in every
	 * release; ios-regex is, so the ranges become digit classes as for IOS. */
	fprintf(o->f, "as-path-set BOGON-ASNS\n");
	for (size_t i = 0; i < n; i++) {
		uint32_t lo = r[i].lo, hi = r[i].hi;
		while (i + 1 < n && hi != UINT32_MAX && r[i + 1].lo == hi + 1)
			hi = r[++i].hi;
		fprintf(o->f, "  ios-regex '_(");
		bogon_range_regex(o->f, lo, hi, "|");
		fprintf(o->f, ")_'%s\n", i + 1 < n ? "," : "");
	}
	fprintf(o->f, "end-set\n!\n");
	o->sections |= 4;
}

static void xr_end(struct bogon_out *o)
{
	const char *sep = "";
	fprintf(o->f, "route-policy REJECT-BOGONS\n  if ");
	if (o->sections & 1)
		fprintf(o->f, "%sdestination in BOGONS-V4", sep), sep = " or ";
	if (o->sections & 2)
		fprintf(o->f, "%sdestination in BOGONS-V6", sep), sep = " or ";
	if (o->sections & 4)
		fprintf(o->f, "%sas-path in BOGON-ASNS", sep);
	fprintf(o->f, " then\n    drop\n  endif\n  pass\nend-policy\n!\n");
}

const struct bogon_writer bogon_writer_iosxr = {
    "iosxr", "Cisco IOS XR RPL prefix-sets BOGONS-V4/V6, as-path-set and route-policy",
    NULL,    xr_prefixes,
    xr_asns, xr_end,
};
