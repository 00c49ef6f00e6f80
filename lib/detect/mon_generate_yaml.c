/* SPDX-License-Identifier: ISC */
/* mon_generate_yaml.c - write the generated prefixes.yml the way
 * BGPalerter's generate does (js-yaml's dump: two-space indent, lists
 * under a key indented, numeric-looking keys quoted, [] for an empty list),
 * so that BGPalerter and manrs both load it and a diff against a
 * BGPalerter-written file shows only real differences. */
#include <string.h>
#include <strings.h>

#include "detect/mon_generate.h"

/* A scalar as js-yaml's dump writes it: plain when that reads back as the
 * same string, else single-quoted. */
static void put_scalar(FILE *f, const char *s)
{
	static const char *const special[] = {"true", "false", "null", "~", "yes",
	                                      "no",   "on",    "off",  "",  NULL};
	bool plain = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-"
	                       " ()") == strlen(s) &&
	             !strchr("-. ", s[0]) && s[strlen(s) - 1] != ' ' &&
	             strspn(s, "0123456789.") != strlen(s);
	for (const char *const *w = special; plain && *w; w++)
		if (!strcasecmp(s, *w))
			plain = false;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++)
		*s == '\'' ? fputs("''", f) : fputc(*s, f);
	fputc('\'', f);
}

static void put_asn_list(FILE *f, const char *indent, const uint32_t *v, size_t n)
{
	if (n == 0) {
		fputs(" []\n", f);
		return;
	}
	fputc('\n', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s- %u\n", indent, v[i]);
}

static void put_entry(FILE *f, const struct mon_gen_entry *en, const struct mon_gen_yaml_opts *o)
{
	char pfx[PREFIX_STRLEN];
	prefix_format(&en->pfx, pfx, sizeof pfx);
	fprintf(f, "%s:\n  description: No description provided%s\n  asn:", pfx,
	        en->valid_roa ? " (valid ROA available)" : "");
	put_asn_list(f, "    ", en->asns, en->nasns);
	fprintf(f, "  ignoreMorespecifics: %s\n  ignore: %s\n  group: ",
	        en->delegated ? "true" : "false",
	        en->delegated && o->ignore_delegated ? "true" : "false");
	put_scalar(f, o->group ? o->group : "default");
	fputc('\n', f);
}

static void put_monitor_asns(FILE *f, const struct mon_gen *g, const struct mon_gen_yaml_opts *o)
{
	fputs("options:\n  monitorASns:\n", f);
	for (size_t i = 0; i < g->nasns; i++) {
		fprintf(f, "    '%u':\n      group: ", g->asns[i]);
		put_scalar(f, o->group ? o->group : "default");
		fputc('\n', f);
		if (!g->have_rib)
			continue;
		fputs("      upstreams:", f);
		put_asn_list(f, "        ", g->up[i].v, g->up[i].n);
		fputs("      downstreams:", f);
		put_asn_list(f, "        ", g->down[i].v, g->down[i].n);
	}
}

int mon_gen_write_yaml(const struct mon_gen *g, FILE *f, const struct mon_gen_yaml_opts *o)
{
	for (size_t i = 0; i < g->nentries; i++)
		put_entry(f, &g->entries[i], o);
	if (o->monitor_asns)
		put_monitor_asns(f, g, o);
	return ferror(f) ? -1 : 0;
}
