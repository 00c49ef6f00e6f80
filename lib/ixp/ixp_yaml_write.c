/* SPDX-License-Identifier: ISC */
/* ixp_yaml_write.c - an IXP description written as YAML that
 * ixp_parse_yaml reads back (used by `manrs ixp import`). */
#include <stdio.h>

#include "ixp/ixp_peeringdb.h"

/* A single-quoted YAML scalar: '' for ', control characters as spaces. */
static void sq(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
	}
	fputc('\'', f);
}

static void addrs(FILE *f, const struct ixp_addr *a, size_t n)
{
	char buf[PREFIX_STRLEN];
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		sq(f, addr_format(&a[i].ip, buf, sizeof buf));
	}
	fputs("]\n", f);
}

static void member(FILE *f, const struct ixp_member *m)
{
	fprintf(f, "  - asn: %u\n", m->asn);
	if (m->name) {
		fputs("    name: ", f);
		sq(f, m->name);
		fputc('\n', f);
	}
	if (m->as_set) {
		fputs("    as_set: ", f);
		sq(f, m->as_set);
		fputc('\n', f);
	}
	fputs("    addresses: ", f);
	addrs(f, m->addr, m->naddr);
	if (m->max_prefix4)
		fprintf(f, "    max_prefix4: %u\n", m->max_prefix4);
	if (m->max_prefix6)
		fprintf(f, "    max_prefix6: %u\n", m->max_prefix6);
}

int ixp_write_yaml(FILE *f, const struct ixp *x)
{
	char buf[PREFIX_STRLEN];
	if (x->name) {
		fputs("ixp: ", f);
		sq(f, x->name);
		fputc('\n', f);
	}
	fprintf(f, "rs_asn: %u\nroute_servers:\n", x->rs_asn);
	for (size_t i = 0; i < x->nrs; i++) {
		fputs("  - name: ", f);
		sq(f, x->rs[i].name);
		fputs("\n    router_id: ", f);
		sq(f, x->rs[i].router_id);
		fputs("\n    addresses: ", f);
		addrs(f, x->rs[i].addr, x->rs[i].naddr);
	}
	fputs("peering_lan: [", f);
	for (size_t i = 0; i < x->nlan; i++) {
		fputs(i ? ", " : "", f);
		sq(f, prefix_format(&x->lan[i], buf, sizeof buf));
	}
	fprintf(f, "]\n# policy: the defaults of manrs-ixp(1)\nmembers:%s\n",
	        x->nmembers ? "" : " []");
	for (size_t i = 0; i < x->nmembers; i++)
		member(f, &x->members[i]);
	return ferror(f) ? -1 : 0;
}
