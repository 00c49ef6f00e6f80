/* SPDX-License-Identifier: ISC */
/* sav_iptables.c - a shell script for hosts without nftables: ipset
 * restore (one hash:net set per customer and family), then iptables-restore
 * and ip6tables-restore --noflush with a MANRS-SAV chain in FORWARD that
 * returns allowed sources and drops the rest per customer interface. */
#include "out/sav_out.h"

static void ipset(FILE *f, const char *id, int family, const struct sav_plist *l)
{
	char buf[PREFIX_STRLEN];
	fprintf(f, "create %s-v%d hash:net family inet%s -exist\nflush %s-v%d\n", id, family,
	        family == 6 ? "6" : "", id, family);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].family == family)
			fprintf(f, "add %s-v%d %s\n", id, family,
			        prefix_format(&l->v[i], buf, sizeof buf));
}

static void chain(FILE *f, const struct sav_out_doc *d, int family)
{
	char id[64];
	fprintf(f, "%s --noflush <<'EOF'\n*filter\n:MANRS-SAV - [0:0]\n",
	        family == 4 ? "iptables-restore" : "ip6tables-restore");
	fprintf(f, "-F MANRS-SAV\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct sav_out_filter *x = &d->f[i];
		if (!sav_out_filtered(x))
			continue;
		sav_out_ident(x->nb->name, id, sizeof id, true, false);
		fprintf(f, "-A MANRS-SAV -i %s -m set --match-set manrs-%s-v%d src -j RETURN\n",
		        x->nb->interface, id, family);
		fprintf(f, "-A MANRS-SAV -i %s -j DROP\n", x->nb->interface);
	}
	fprintf(f, "COMMIT\nEOF\n");
	fprintf(f, "%s -C FORWARD -j MANRS-SAV 2>/dev/null || %s -I FORWARD -j MANRS-SAV\n",
	        family == 4 ? "iptables" : "ip6tables", family == 4 ? "iptables" : "ip6tables");
}

static int write_iptables(FILE *f, const struct sav_out_doc *d)
{
	char id[64], full[80];
	fprintf(f, "#!/bin/sh\n");
	sav_out_banner(f, "#", d);
	fprintf(f, "set -e\nipset restore <<'EOF'\n");
	for (size_t i = 0; i < d->n; i++) {
		if (!sav_out_filtered(&d->f[i]))
			continue;
		sav_out_ident(d->f[i].nb->name, id, sizeof id, true, false);
		snprintf(full, sizeof full, "manrs-%s", id);
		ipset(f, full, 4, &d->f[i].allowed);
		ipset(f, full, 6, &d->f[i].allowed);
	}
	fprintf(f, "EOF\n");
	chain(f, d, 4);
	chain(f, d, 6);
	return 0;
}

const struct sav_writer sav_writer_iptables = {
    "iptables", "shell script: ipset restore, iptables-restore, ip6tables-restore", true,
    write_iptables};
