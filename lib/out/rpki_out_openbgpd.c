/* SPDX-License-Identifier: ISC */
/* rpki_out_openbgpd.c - OpenBGPD bgpd.conf: roa-set { P [maxlen N] source-as A }
 * and, when asked (OpenBGPD 8.0 and later), aspa-set { customer-as C
 * provider-as { P ... } }. */
/* Deliberately alike the other lib/out/rpki_out_*.c writers: each is one
 * consumer's exact format, so their loops stay apart. */
#include "out/rpki_out.h"

static int write_openbgpd(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	char buf[PREFIX_STRLEN];
	fputs("# OpenBGPD roa-set written by manrs\nroa-set {\n", f);
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (!rpki_out_want(o, v))
			continue;
		fprintf(f, "\t%s", rpki_out_prefix(v, buf, sizeof buf));
		if (v->maxlen != v->len)
			fprintf(f, " maxlen %u", v->maxlen);
		fprintf(f, " source-as %u\n", v->asn);
	}
	fputs("}\n", f);
	if (o->aspa && s->naspas && o->family == 0) {
		fputs("\naspa-set {\n", f);
		for (size_t i = 0; i < s->naspas; i++) {
			const struct aspa *a = &s->aspas[i];
			fprintf(f, "\tcustomer-as %u provider-as {", a->customer);
			for (uint32_t j = 0; j < a->nproviders; j++)
				fprintf(f, " %u", a->providers[j]);
			fputs(" }\n", f);
		}
		fputs("}\n", f);
	}
	return ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_openbgpd = {"openbgpd", "OpenBGPD roa-set and aspa-set",
                                                 write_openbgpd};
