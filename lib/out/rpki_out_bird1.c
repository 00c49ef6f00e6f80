/* SPDX-License-Identifier: ISC */
/* rpki_out_bird1.c - BIRD 1.x: "roa table NAME { roa P max N as A; }". BIRD 1
 * runs bird and bird6 apart: export with -4 / -6 for each. */
/* Deliberately alike the other lib/out/rpki_out_*.c writers: each is one
 * consumer's exact format, so their loops stay apart. */
#include "out/rpki_out.h"

static int write_bird1(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	char buf[PREFIX_STRLEN];
	fprintf(f, "# BIRD 1.x ROA table written by manrs\nroa table %s {\n",
	        o->name ? o->name : "ROAS");
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (rpki_out_want(o, v))
			fprintf(f, "\troa %s max %u as %u;\n", rpki_out_prefix(v, buf, sizeof buf),
			        v->maxlen, v->asn);
	}
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_bird1 = {"bird1", "BIRD 1.x roa table", write_bird1};
