/* SPDX-License-Identifier: ISC */
/* rpki_out_iosxr.c - Cisco IOS XR static ROAs under "router bgp":
 *   rpki route 192.0.2.0/24 max 24 origin 64496 */
/* Deliberately alike the other lib/out/rpki_out_*.c writers: each is one
 * consumer's exact format, so their loops stay apart. */
#include "out/rpki_out.h"

static int write_iosxr(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	char buf[PREFIX_STRLEN];
	fprintf(f, "! static ROAs written by manrs: %zu VRPs\n", s->nvrps);
	fprintf(f, "router bgp %u\n", o->local_as ? o->local_as : 64512);
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (rpki_out_want(o, v))
			fprintf(f, " rpki route %s max %u origin %u\n",
			        rpki_out_prefix(v, buf, sizeof buf), v->maxlen, v->asn);
	}
	fputs("!\n", f);
	return ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_iosxr = {
    "iosxr", "Cisco IOS XR static ROAs (rpki route; IOS XE has none)", write_iosxr};
