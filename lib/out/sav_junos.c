/* SPDX-License-Identifier: ISC */
/* sav_junos.c - Junos: a firewall filter per customer and family that
 * accepts the allowed sources and counts and discards the rest, applied as
 * input filter on the customer's interface (unit 0 unless the interface
 * name carries one, "xe-0/0/1.100"). */
#include <string.h>

#include "out/sav_out.h"

static void filter(FILE *f, const char *name, int family, const struct sav_plist *l)
{
	char a[PREFIX_STRLEN];
	fprintf(f, "    family %s {\n        replace:\n        filter %s {\n",
	        family == 4 ? "inet" : "inet6", name);
	if (sav_plist_count(l, family)) {
		fprintf(f, "            term allowed {\n                from {\n"
		           "                    source-address {\n");
		for (size_t i = 0; i < l->n; i++)
			if (l->v[i].family == family)
				fprintf(f, "                        %s;\n",
				        prefix_format(&l->v[i], a, sizeof a));
		fprintf(f,
		        "                    }\n                }\n                then accept;\n"
		        "            }\n");
	}
	fprintf(
	    f,
	    "            term spoofed {\n                then {\n                    count "
	    "%s;\n                    discard;\n                }\n            }\n        }\n    "
	    "}\n",
	    name);
}

static void interface(FILE *f, const char *ifname, const char *n4, const char *n6)
{
	const char *dot = strchr(ifname, '.');
	int len = dot ? (int)(dot - ifname) : (int)strlen(ifname);
	fprintf(
	    f,
	    "interfaces {\n    %.*s {\n        unit %s {\n            family inet {\n       "
	    "         filter {\n                    input %s;\n                }\n            }\n "
	    "           family inet6 {\n                filter {\n                    input "
	    "%s;\n                }\n            }\n        }\n    }\n}\n",
	    len, ifname, dot ? dot + 1 : "0", n4, n6);
}

static int write_junos(FILE *f, const struct sav_out_doc *d)
{
	char id[64], n4[80], n6[80];
	sav_out_banner(f, "#", d);
	sav_out_acl_note(f, "#");
	for (size_t i = 0; i < d->n; i++) {
		const struct sav_out_filter *x = &d->f[i];
		if (!sav_out_filtered(x))
			continue;
		sav_out_ident(x->nb->name, id, sizeof id, true, false);
		snprintf(n4, sizeof n4, "manrs-sav-%s-in", id);
		snprintf(n6, sizeof n6, "manrs-sav-%s-in6", id);
		fprintf(f, "/* %s AS%u */\nfirewall {\n", x->nb->name, x->nb->asn);
		filter(f, n4, 4, &x->allowed);
		filter(f, n6, 6, &x->allowed);
		fprintf(f, "}\n");
		if (x->nb->interface)
			interface(f, x->nb->interface, n4, n6);
	}
	return 0;
}

const struct sav_writer sav_writer_junos = {"junos", "Junos firewall filters (load replace)", false,
                                            write_junos};
