/* SPDX-License-Identifier: ISC */
/* sav_iosxr.c - Cisco IOS XR: numbered ipv4 and ipv6 access lists per
 * customer, applied ingress on its interface. */
#include "out/sav_out.h"

static void acl(FILE *f, const char *name, int family, const struct sav_plist *l)
{
	char a[PREFIX_STRLEN];
	const char *af = family == 4 ? "ipv4" : "ipv6";
	unsigned seq = 10;
	fprintf(f, "no %s access-list %s\n%s access-list %s\n", af, name, af, name);
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].family != family)
			continue;
		fprintf(f, " %u permit %s %s any\n", seq, af, prefix_format(&l->v[i], a, sizeof a));
		seq += 10;
	}
	fprintf(f, " %u deny %s any any log\n!\n", seq, af);
}

static int write_iosxr(FILE *f, const struct sav_out_doc *d)
{
	char id[64], n4[80], n6[80];
	sav_out_banner(f, "!", d);
	sav_out_acl_note(f, "!");
	for (size_t i = 0; i < d->n; i++) {
		const struct sav_out_filter *x = &d->f[i];
		if (!sav_out_filtered(x))
			continue;
		sav_out_ident(x->nb->name, id, sizeof id, true, true);
		snprintf(n4, sizeof n4, "MANRS-SAV-%s-IN", id);
		snprintf(n6, sizeof n6, "MANRS-SAV-%s-IN6", id);
		fprintf(f, "! %s AS%u\n", x->nb->name, x->nb->asn);
		acl(f, n4, 4, &x->allowed);
		acl(f, n6, 6, &x->allowed);
		if (x->nb->interface)
			fprintf(
			    f,
			    "interface %s\n ipv4 access-group %s ingress\n ipv6 access-group %s "
			    "ingress\n!\n",
			    x->nb->interface, n4, n6);
	}
	return 0;
}

const struct sav_writer sav_writer_iosxr = {"iosxr", "Cisco IOS XR access lists", false,
                                            write_iosxr};
