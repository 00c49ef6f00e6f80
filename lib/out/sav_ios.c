/* SPDX-License-Identifier: ISC */
/* sav_ios.c - Cisco IOS / IOS XE: an extended IPv4 and an IPv6 access list
 * per customer, permitting its sources and denying (and logging) the rest,
 * applied inbound on the customer's interface. */
#include "out/sav_out.h"

static void wildcard(const struct prefix *p, char *buf, size_t n)
{
	uint32_t mask = p->len >= 32 ? 0 : ~0u >> p->len;
	snprintf(buf, n, "%u.%u.%u.%u", mask >> 24, (mask >> 16) & 255, (mask >> 8) & 255,
	         mask & 255);
}

static void acl4(FILE *f, const char *name, const struct sav_plist *l)
{
	char a[PREFIX_STRLEN], w[20];
	fprintf(f, "no ip access-list extended %s\nip access-list extended %s\n", name, name);
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].family != 4)
			continue;
		wildcard(&l->v[i], w, sizeof w);
		fprintf(f, " permit ip %s %s any\n", addr_format(&l->v[i], a, sizeof a), w);
	}
	fprintf(f, " deny ip any any log\n!\n");
}

static void acl6(FILE *f, const char *name, const struct sav_plist *l)
{
	char a[PREFIX_STRLEN];
	fprintf(f, "no ipv6 access-list %s\nipv6 access-list %s\n", name, name);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].family == 6)
			fprintf(f, " permit ipv6 %s any\n", prefix_format(&l->v[i], a, sizeof a));
	fprintf(f, " deny ipv6 any any log\n!\n");
}

static int write_ios(FILE *f, const struct sav_out_doc *d)
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
		acl4(f, n4, &x->allowed);
		acl6(f, n6, &x->allowed);
		if (x->nb->interface)
			fprintf(
			    f,
			    "interface %s\n ip access-group %s in\n ipv6 traffic-filter %s in\n!\n",
			    x->nb->interface, n4, n6);
	}
	fprintf(f, "end\n");
	return 0;
}

const struct sav_writer sav_writer_ios = {"ios", "Cisco IOS / IOS XE access lists", false,
                                          write_ios};
