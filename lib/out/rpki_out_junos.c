/* SPDX-License-Identifier: ISC */
/* rpki_out_junos.c - Junos static route-validation records as "set" commands
 * (IPv4 under routing-options validation, IPv6 under rib inet6.0). */
/* Deliberately alike the other lib/out/rpki_out_*.c writers: each is one
 * consumer's exact format, so their loops stay apart. */
#include "out/rpki_out.h"

static int write_junos(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	char buf[PREFIX_STRLEN];
	fprintf(f, "/* Junos static RPKI records written by manrs: %zu VRPs */\n", s->nvrps);
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (!rpki_out_want(o, v))
			continue;
		fprintf(f,
		        "set routing-options %svalidation static record %s maximum-length %u "
		        "origin-autonomous-system %u validation-state valid\n",
		        v->family == 6 ? "rib inet6.0 " : "", rpki_out_prefix(v, buf, sizeof buf),
		        v->maxlen, v->asn);
	}
	return ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_junos = {"junos", "Juniper static validation records",
                                              write_junos};
