/* SPDX-License-Identifier: ISC */
/* rpki_out_csv.c - "ASN,IP Prefix,Max Length,Trust Anchor", as Routinator and
 * rpki-client print it (and as manrs reads it back). The trust anchor name
 * comes from the input: it is quoted per RFC 4180 and can never add a line. */
/* Deliberately alike the other lib/out/rpki_out_*.c writers: each is one
 * consumer's exact format, so their loops stay apart. */
#include "out/rpki_out.h"

static int write_csv(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	char buf[PREFIX_STRLEN];
	fputs("ASN,IP Prefix,Max Length,Trust Anchor\n", f);
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (!rpki_out_want(o, v))
			continue;
		fprintf(f, "AS%u,%s,%u,", v->asn, rpki_out_prefix(v, buf, sizeof buf), v->maxlen);
		rpki_out_csv_field(f, rpki_out_ta(s, v));
		putc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_csv = {"csv", "CSV: ASN,IP Prefix,Max Length,Trust Anchor",
                                            write_csv};
