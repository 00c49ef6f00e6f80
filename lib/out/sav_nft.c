/* SPDX-License-Identifier: ISC */
/* sav_nft.c - nftables: a table "manrs_sav" with an interval set of allowed
 * sources per customer and family, and a forward-hook chain that accepts
 * those and drops the rest from the customer's interface, with a named
 * counter per customer for passed and dropped packets. Load with nft -f;
 * the file deletes its own table first so reloading is atomic. Traffic to
 * the router itself (BGP from the link address) is not filtered. */
#include "out/sav_out.h"

static void set(FILE *f, const char *id, int family, const struct sav_plist *l)
{
	char buf[PREFIX_STRLEN];
	fprintf(f, "\tset %s_v%d {\n\t\ttype ipv%d_addr\n\t\tflags interval\n", id, family, family);
	if (sav_plist_count(l, family)) {
		fprintf(f, "\t\telements = {");
		size_t k = 0;
		for (size_t i = 0; i < l->n; i++)
			if (l->v[i].family == family)
				fprintf(f, "%s\n\t\t\t%s", k++ ? "," : "",
				        prefix_format(&l->v[i], buf, sizeof buf));
		fprintf(f, "\n\t\t}\n");
	}
	fprintf(f, "\t}\n");
}

static void rules(FILE *f, const char *id, const char *ifname)
{
	fprintf(f, "\t\tiifname \"%s\" ip saddr @%s_v4 counter name \"%s_pass\" accept\n", ifname,
	        id, id);
	fprintf(f, "\t\tiifname \"%s\" ip6 saddr @%s_v6 counter name \"%s_pass\" accept\n", ifname,
	        id, id);
	fprintf(f, "\t\tiifname \"%s\" counter name \"%s_drop\" drop\n", ifname, id);
}

/* nft names start with a letter: "sav_" and the customer's name. */
static void ident(const char *name, char *buf, size_t n)
{
	char tail[56];
	sav_out_ident(name, tail, sizeof tail, false, false);
	snprintf(buf, n, "sav_%s", tail);
}

static int write_nft(FILE *f, const struct sav_out_doc *d)
{
	char id[64];
	sav_out_banner(f, "#", d);
	fprintf(f, "table inet manrs_sav\ndelete table inet manrs_sav\n");
	fprintf(f, "table inet manrs_sav {\n");
	for (size_t i = 0; i < d->n; i++) {
		if (!sav_out_filtered(&d->f[i]))
			continue;
		ident(d->f[i].nb->name, id, sizeof id);
		fprintf(f, "\t# %s AS%u on %s\n", d->f[i].nb->name, d->f[i].nb->asn,
		        d->f[i].nb->interface);
		set(f, id, 4, &d->f[i].allowed);
		set(f, id, 6, &d->f[i].allowed);
		fprintf(f, "\tcounter %s_pass {\n\t}\n\tcounter %s_drop {\n\t}\n", id, id);
	}
	fprintf(f, "\tchain forward {\n\t\ttype filter hook forward priority filter; policy "
	           "accept;\n");
	for (size_t i = 0; i < d->n; i++) {
		if (!sav_out_filtered(&d->f[i]))
			continue;
		ident(d->f[i].nb->name, id, sizeof id);
		rules(f, id, d->f[i].nb->interface);
	}
	fprintf(f, "\t}\n}\n");
	return 0;
}

const struct sav_writer sav_writer_nft = {"nftables", "nftables sets and forward chain (nft -f)",
                                          true, write_nft};
