/* SPDX-License-Identifier: ISC */
/* sav_out.c - the table of anti-spoofing writers and their shared helpers. */
#include <ctype.h>
#include <string.h>

#include "out/sav_out.h"

static const struct sav_writer *const writers[] = {
    &sav_writer_nft,        &sav_writer_iptables,   &sav_writer_ios,        &sav_writer_iosxr,
    &sav_writer_junos,      &sav_writer_arista,     &sav_writer_nokia,      &sav_writer_json,
    &sav_writer_urpf_ios,   &sav_writer_urpf_iosxr, &sav_writer_urpf_junos, &sav_writer_urpf_arista,
    &sav_writer_urpf_nokia,
};

const struct sav_writer *sav_writer_find(const char *name)
{
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (!strcmp(writers[i]->name, name))
			return writers[i];
	return NULL;
}

size_t sav_writers(const struct sav_writer *const **tab)
{
	*tab = writers;
	return sizeof writers / sizeof writers[0];
}

bool sav_out_filtered(const struct sav_out_filter *f)
{
	return f->nb->rel == SAV_REL_CUSTOMER;
}

void sav_out_ident(const char *name, char *buf, size_t n, bool dash, bool upper)
{
	size_t k = 0;
	for (; name[k] && k + 1 < n; k++) {
		int c = (unsigned char)name[k];
		if (!isalnum(c) && c != '_' && !(dash && c == '-'))
			c = '_';
		buf[k] = (char)(upper ? toupper(c) : c);
	}
	buf[k] = 0;
}

void sav_out_banner(FILE *f, const char *comment, const struct sav_out_doc *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += sav_out_filtered(&d->f[i]);
	fprintf(f, "%s manrs sav: method %s for AS%u, %zu customer%s\n", comment,
	        sav_method_name(d->method), d->conf->asn, n, n == 1 ? "" : "s");
}

void sav_out_acl_note(FILE *f, const char *comment)
{
	fprintf(f,
	        "%s Interface ACLs also see traffic to the router itself: permit each\n"
	        "%s customer's link network (BGP session) before its deny.\n",
	        comment, comment);
}
