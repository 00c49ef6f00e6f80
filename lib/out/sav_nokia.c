/* SPDX-License-Identifier: ISC */
/* sav_nokia.c - Nokia SR OS (classic CLI): an ip-prefix-list and an
 * ipv6-prefix-list per customer, and ip-filter / ipv6-filter (ids from
 * 6100 up) that forward those sources and drop the rest by default. The
 * filters are applied by the operator on the customer's SAP or interface
 * ("ingress filter ip ID"), which the config does not name. */
#include "out/sav_out.h"

#define NOKIA_FIRST_FILTER 6100

static void prefix_list(FILE *f, const char *name, int family, const struct sav_plist *l)
{
	char a[PREFIX_STRLEN];
	const char *kw = family == 4 ? "ip-prefix-list" : "ipv6-prefix-list";
	fprintf(f, "            no %s \"%s\"\n            %s \"%s\" create\n", kw, name, kw, name);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].family == family)
			fprintf(f, "                prefix %s\n",
			        prefix_format(&l->v[i], a, sizeof a));
	fprintf(f, "            exit\n");
}

static void ip_filter(FILE *f, const char *name, int family, unsigned id)
{
	const char *kw = family == 4 ? "ip-filter" : "ipv6-filter";
	const char *src = family == 4 ? "src-ip ip-prefix-list" : "src-ip ipv6-prefix-list";
	fprintf(f,
	        "        %s %u name \"%s\" create\n            default-action drop\n"
	        "            entry 10 create\n                match\n                    %s "
	        "\"%s\"\n                exit\n                action forward\n            exit\n"
	        "        exit\n",
	        kw, id, name, src, name);
}

static int write_nokia(FILE *f, const struct sav_out_doc *d)
{
	char id[64], name[80];
	sav_out_banner(f, "#", d);
	sav_out_acl_note(f, "#");
	fprintf(f, "configure\n    filter\n");
	unsigned fid = NOKIA_FIRST_FILTER;
	for (size_t i = 0; i < d->n; i++, fid++) {
		const struct sav_out_filter *x = &d->f[i];
		if (!sav_out_filtered(x))
			continue;
		sav_out_ident(x->nb->name, id, sizeof id, true, false);
		snprintf(name, sizeof name, "manrs-sav-%s", id);
		fprintf(f, "        # %s AS%u%s%s: ingress filter ip %u, ipv6 %u\n", x->nb->name,
		        x->nb->asn, x->nb->interface ? " on " : "",
		        x->nb->interface ? x->nb->interface : "", fid, fid);
		fprintf(f, "        match-list\n");
		prefix_list(f, name, 4, &x->allowed);
		prefix_list(f, name, 6, &x->allowed);
		fprintf(f, "        exit\n");
		ip_filter(f, name, 4, fid);
		ip_filter(f, name, 6, fid);
	}
	fprintf(f, "    exit\nexit\n");
	return 0;
}

const struct sav_writer sav_writer_nokia = {"nokia", "Nokia SR OS prefix lists and filters", false,
                                            write_nokia};
