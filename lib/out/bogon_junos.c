/* SPDX-License-Identifier: ISC */
/* bogon_junos.c - Junos policy-options: prefix-lists, as-path, a policy.
 * A Junos prefix-list has no per-entry length range, so the exact and the
 * "or longer" entries go into two lists matched with prefix-list-filter. */
/* Deliberately alike the other lib/out/bogon_*.c writers: each is one router
 * dialect's exact syntax, so their loops stay apart. */
#include "out/bogon_out.h"

static void junos_list(struct bogon_out *o, int family, const struct bogon_range *r, size_t n,
                       int wide)
{
	char buf[PREFIX_STRLEN];
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += (r[i].le == prefix_maxlen(family)) == wide;
	if (!k)
		return; /* no empty list: it would match nothing anyway */
	o->written[family] |= wide ? 1 : 2;
	fprintf(o->f, "    prefix-list BOGONS-V%d%s {\n", family, wide ? "" : "-EXACT");
	for (size_t i = 0; i < n; i++) {
		if ((r[i].le == prefix_maxlen(family)) != wide)
			continue;
		prefix_format(&r[i].prefix, buf, sizeof buf);
		fprintf(o->f, "        %s; /* %s (%s) */\n", buf, r[i].entry->name,
		        r[i].entry->ref);
	}
	fprintf(o->f, "    }\n");
}

static void junos_begin(struct bogon_out *o)
{
	o->written[4] = o->written[6] = o->written[0] = 0;
	fprintf(o->f, "policy-options {\n");
}

static void junos_prefixes(struct bogon_out *o, int family, const struct bogon_range *r, size_t n)
{
	junos_list(o, family, r, n, 1);
	junos_list(o, family, r, n, 0);
	o->sections++;
}

static void junos_asns(struct bogon_out *o, const struct bogon_asn_range *r, size_t n)
{
	/* Junos AS-path regular expressions take "lo-hi" number ranges. */
	fprintf(o->f, "    as-path BOGON-ASNS \".* (");
	for (size_t i = 0; i < n; i++) {
		if (r[i].lo == r[i].hi)
			fprintf(o->f, "%s%u", i ? "|" : "", r[i].lo);
		else
			fprintf(o->f, "%s%u-%u", i ? "|" : "", r[i].lo, r[i].hi);
	}
	fprintf(o->f, ") .*\";\n");
	o->written[0] = 1;
	o->sections++;
}

static void junos_end(struct bogon_out *o)
{
	fprintf(o->f, "    policy-statement REJECT-BOGONS {\n");
	for (int fam = 4; fam <= 6; fam += 2) {
		if (!o->written[fam])
			continue;
		fprintf(o->f,
		        "        term bogons-v%d {\n"
		        "            from {\n",
		        fam);
		if (o->written[fam] & 1)
			fprintf(o->f, "                prefix-list-filter BOGONS-V%d orlonger;\n",
			        fam);
		if (o->written[fam] & 2)
			fprintf(o->f,
			        "                prefix-list-filter BOGONS-V%d-EXACT exact;\n",
			        fam);
		fprintf(o->f, "            }\n"
		              "            then reject;\n"
		              "        }\n");
	}
	if (o->written[0])
		fprintf(o->f, "        term bogon-asns {\n"
		              "            from as-path BOGON-ASNS;\n"
		              "            then reject;\n"
		              "        }\n");
	fprintf(o->f, "    }\n}\n");
}

const struct bogon_writer bogon_writer_junos = {
    "junos",     "Junos policy-options prefix-lists, as-path and a REJECT-BOGONS policy",
    junos_begin, junos_prefixes,
    junos_asns,  junos_end,
};
