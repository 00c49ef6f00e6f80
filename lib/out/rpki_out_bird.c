/* SPDX-License-Identifier: ISC */
/* rpki_out_bird.c - BIRD 2 ROA tables filled by static protocols:
 *   roa4 table ROAS4;  protocol static { roa4 { table ROAS4; }; route P max N as A; } */
/* Deliberately alike the other lib/out/rpki_out_*.c writers: each is one
 * consumer's exact format, so their loops stay apart. */
#include "out/rpki_out.h"

static void table(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o, int family,
                  const char *name)
{
	char buf[PREFIX_STRLEN];
	fprintf(f, "\nprotocol static %s_static {\n\troa%d { table %s; };\n", name, family, name);
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (v->family == family && rpki_out_want(o, v))
			fprintf(f, "\troute %s max %u as %u;\n",
			        rpki_out_prefix(v, buf, sizeof buf), v->maxlen, v->asn);
	}
	fputs("}\n", f);
}

static int write_bird(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	const char *base = o->name ? o->name : "ROAS";
	char n4[64], n6[64];
	snprintf(n4, sizeof n4, "%.60s4", base);
	snprintf(n6, sizeof n6, "%.60s6", base);
	fprintf(f, "# BIRD 2 ROA tables written by manrs: %zu VRPs\n", s->nvrps);
	/* Changing this value makes BIRD reload the tables on 'configure'. */
	fprintf(f, "define force_roa_table_update = %lld;\n", (long long)o->now);
	if (o->family != 6)
		fprintf(f, "roa4 table %s;\n", n4);
	if (o->family != 4)
		fprintf(f, "roa6 table %s;\n", n6);
	if (o->family != 6)
		table(f, s, o, 4, n4);
	if (o->family != 4)
		table(f, s, o, 6, n6);
	return ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_bird = {"bird", "BIRD 2 roa4/roa6 tables (static protocols)",
                                             write_bird};
