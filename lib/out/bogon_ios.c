/* SPDX-License-Identifier: ISC */
/* bogon_ios.c - Cisco IOS / IOS-XE prefix-lists and an as-path access-list. */
/* Deliberately alike the other lib/out/bogon_*.c writers: each is one router
 * dialect's exact syntax, so their loops stay apart. */
#include "out/bogon_out.h"

static void ios_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	char buf[PREFIX_STRLEN];
	const char *kw = family == 4 ? "ip" : "ipv6";
	unsigned seq = 5;
	fprintf(o->f, "no %s prefix-list BOGONS-V%d\n", kw, family);
	for (size_t i = 0; i < n; i++, seq += 5) {
		prefix_format(&r[i].prefix, buf, sizeof buf);
		fprintf(o->f, "%s prefix-list BOGONS-V%d seq %u deny %s", kw, family, seq, buf);
		if (r[i].le != r[i].prefix.len)
			fprintf(o->f, " le %u", r[i].le);
		fprintf(o->f, "\n");
	}
	/* Everything else passes, so the list can be the whole inbound filter. */
	fprintf(o->f, "%s prefix-list BOGONS-V%d seq %u permit %s le %u\n!\n", kw, family, seq,
	        family == 4 ? "0.0.0.0/0" : "::/0", prefix_maxlen(family));
	o->sections++;
}

/* twin of xr_asns (bogon_iosxr.c): the same range merging; IOS lines, XR a set */
static void ios_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	/* IOS AS-path filters are regular expressions only: number ranges
	 * become digit classes, one line per class so that no line gets long. */
	for (size_t i = 0; i < n; i++) {
		/* Adjacent ranges (64496..131071 is five of them) make fewer
		 * and shorter patterns together. */
		uint32_t lo = r[i].lo, hi = r[i].hi;
		while (i + 1 < n && hi != UINT32_MAX && r[i + 1].lo == hi + 1)
			hi = r[++i].hi;
		fprintf(o->f, "ip as-path access-list 99 deny _");
		bogon_range_regex(o->f, lo, hi, "_\nip as-path access-list 99 deny _");
		fprintf(o->f, "_\n");
	}
	fprintf(o->f, "ip as-path access-list 99 permit .*\n!\n");
	o->sections++;
}

const struct bogon_writer bogon_writer_ios = {
    "ios",    "Cisco IOS ip/ipv6 prefix-list BOGONS-V4/V6 and as-path access-list 99",
    NULL,     ios_prefixes,
    ios_asns, NULL,
};
