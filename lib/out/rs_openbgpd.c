/* SPDX-License-Identifier: ISC */
/* rs_openbgpd.c - a complete OpenBGPD route-server configuration (checked
 * with OpenBGPD 7.7). Global `quick` rules drop what no member may send;
 * per member, a baseline deny is overridden by the allow rule for its own
 * route objects, origins and next hop (the last matching rule wins). ASPA
 * needs OpenBGPD 8.0's aspa-set: before that the rules say so and skip it. */
#include <string.h>

#include "ixp/ixp_reason.h"
#include "out/bgpq_out.h"
#include "out/bogon_out.h"
#include "out/rs_out.h"

static void quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++)
		fputc(*s == '"' || *s == '\\' || (unsigned char)*s < 0x20 ? '_' : *s, f);
	fputc('"', f);
}

static void write_globals(FILE *f, const struct rs_out *o)
{
	const struct ixp *x = o->x;
	char buf[PREFIX_STRLEN];
	fprintf(f, "# OpenBGPD route server %s", o->rs->name);
	if (x->name)
		fprintf(f, " of %s", x->name);
	fprintf(f,
	        ", written by manrs ixp generate: %zu members.\n# Reasons in (%u:%u:REASON) "
	        "large communities: see manrs-ixp(1).\n\n",
	        x->nmembers, x->rs_asn, IXP_REASON_LC);
	fprintf(f, "AS %u\nrouter-id %s\nfib-update no\n", x->rs_asn, o->rs->router_id);
	for (size_t i = 0; i < o->rs->naddr; i++)
		fprintf(f, "listen on %s port %u\n",
		        addr_format(&o->rs->addr[i].ip, buf, sizeof buf), o->rs->port);
	if (o->control) {
		fputs("socket ", f);
		quoted(f, o->control);
		fputc('\n', f);
	}
	if (x->rtr_host && x->policy.rpki != IXP_OFF) {
		fprintf(f, "rtr %s {\n\tdescr \"rpki\"\n\tport %u\n}\n", x->rtr_host, x->rtr_port);
	}
	fputc('\n', f);
}

static void write_transit_free(FILE *f, const struct ixp_policy *p)
{
	if (p->ntransit_free == 0)
		return;
	fputs("as-set transit_free {", f);
	for (size_t i = 0; i < p->ntransit_free; i++)
		fprintf(f, "%s%u", i % 10 == 0 ? "\n\t" : " ", p->transit_free[i]);
	fputs("\n}\n\n", f);
}

static int write_roas(FILE *f, const struct rs_out *o, struct err *e)
{
	const struct ixp *x = o->x;
	char buf[PREFIX_STRLEN];
	if (x->policy.rpki == IXP_OFF || x->rtr_host)
		return 0;
	if (!o->rpki)
		return err_set(e, "RPKI ROV is on but there is no rtr: cache and no VRP file");
	fputs("roa-set {\n", f);
	for (size_t i = 0; i < o->rpki->nvrps; i++) {
		const struct vrp *v = &o->rpki->vrps[i];
		struct prefix p;
		prefix_from_bytes(&p, v->family, v->addr, v->len);
		fprintf(f, "\t%s", prefix_format(&p, buf, sizeof buf));
		if (v->maxlen > v->len)
			fprintf(f, " maxlen %u", v->maxlen);
		fprintf(f, " source-as %u\n", v->asn);
	}
	fputs("}\n\n", f);
	return 0;
}

static int write_member_sets(FILE *f, const struct rs_out *o, size_t i, const char *tag,
                             struct err *e)
{
	const struct ixp_member_data *md = &o->d->m[i];
	char name[96];
	snprintf(name, sizeof name, "%s_asns", tag);
	struct bgpq_out bo = {.vendor = BGPQ_V_OPENBGPD,
	                      .gen = BGPQ_G_ASSET,
	                      .name = name,
	                      .family = 4,
	                      .aswidth = 10,
	                      .asns = md->asns,
	                      .nasns = md->nasns};
	if (bgpq_print(f, &bo, e) < 0)
		return -1;
	for (int fam = 4; fam <= 6; fam += 2) {
		const struct agg_tree *t = fam == 4 ? &md->tree4 : &md->tree6;
		if (agg_tree_empty(t))
			continue;
		snprintf(name, sizeof name, "%s_pfx%d", tag, fam);
		struct bgpq_out po = {.vendor = BGPQ_V_OPENBGPD,
		                      .gen = BGPQ_G_EACL,
		                      .name = name,
		                      .family = fam,
		                      .tree = t};
		if (bgpq_print(f, &po, e) < 0)
			return -1;
	}
	return 0;
}

static void write_neighbor(FILE *f, const struct rs_out *o, size_t i, size_t j, const char *tag)
{
	const struct ixp_member *m = &o->x->members[i];
	char buf[PREFIX_STRLEN];
	int fam = m->addr[j].ip.family;
	uint32_t limit = fam == 4 ? m->max_prefix4 : m->max_prefix6;
	fprintf(f, "neighbor %s {\n\tremote-as %u\n\tdescr ",
	        addr_format(&m->addr[j].ip, buf, sizeof buf), m->asn);
	quoted(f, m->name ? m->name : tag);
	/* the first-AS check is a filter rule: bgpd's own would reset the session */
	fputs("\n\ttransparent-as yes\n\tannounce policy rs\n\tenforce neighbor-as no\n", f);
	fputs(fam == 4 ? "\tannounce IPv4 unicast\n"
	               : "\tannounce IPv4 none\n\tannounce IPv6 unicast\n",
	      f);
	if (m->port != 179)
		fprintf(f, "\tport %u\n", m->port);
	if (o->rs->passive)
		fputs("\tpassive\n", f);
	if (limit)
		fprintf(f, "\tmax-prefix %u restart 5\n", limit);
	fputs("}\n", f);
}

/* The member's rules: deny all from its addresses, then allow what is its
 * own (route object, origin in its AS-SET, next hop its own address). In
 * tag mode the allow comes first and the failure only adds a community. */
static void write_member_rules(FILE *f, const struct rs_out *o, size_t i, const char *tag)
{
	const struct ixp_member *m = &o->x->members[i];
	const struct ixp_member_data *md = &o->d->m[i];
	const struct ixp_policy *p = &o->x->policy;
	bool tag_irr = m->irr_tag_only || p->irr == IXP_TAG;
	char buf[PREFIX_STRLEN];
	for (size_t j = 0; j < m->naddr; j++) {
		int fam = m->addr[j].ip.family;
		if (!rs_out_rs_addr(o->rs, fam))
			continue; /* no session: bgpd refuses rules for unknown peers */
		const char *a = addr_format(&m->addr[j].ip, buf, sizeof buf);
		bool has = !agg_tree_empty(fam == 4 ? &md->tree4 : &md->tree6);
		if (p->irr == IXP_OFF) {
			fprintf(f, "deny from %s\nallow from %s nexthop neighbor\n", a, a);
			continue;
		}
		if (tag_irr) {
			fprintf(f,
			        "deny from %s\nallow from %s nexthop neighbor set large-community "
			        "%u:%u:%d\n",
			        a, a, o->x->rs_asn, IXP_REASON_LC, IXP_R_IRR_PREFIX);
			/* filter sets add up: the route that passes takes the tag off again */
			if (has)
				fprintf(
				    f,
				    "allow from %s nexthop neighbor prefix-set %s_pfx%d source-as "
				    "as-set %s_asns set large-community delete %u:%u:%d\n",
				    a, tag, fam, tag, o->x->rs_asn, IXP_REASON_LC,
				    IXP_R_IRR_PREFIX);
			continue;
		}
		fprintf(f, "deny from %s\n", a);
		if (has)
			fprintf(
			    f,
			    "allow from %s nexthop neighbor prefix-set %s_pfx%d source-as as-set "
			    "%s_asns\n",
			    a, tag, fam, tag);
	}
}

/* bgpd's enforce neighbor-as would reset the whole session instead */
static void write_first_as(FILE *f, const struct rs_out *o, const struct ixp_member *m)
{
	char buf[PREFIX_STRLEN];
	for (size_t j = 0; j < m->naddr; j++)
		if (rs_out_rs_addr(o->rs, m->addr[j].ip.family))
			fprintf(f, "deny quick from %s peer-as != %u\n",
			        addr_format(&m->addr[j].ip, buf, sizeof buf), m->asn);
}

static void write_blackholes(FILE *f, const struct rs_out *o, size_t i, const char *tag)
{
	const struct ixp_member *m = &o->x->members[i];
	const struct ixp_member_data *md = &o->d->m[i];
	char buf[PREFIX_STRLEN];
	for (size_t j = 0; j < m->naddr; j++) {
		int fam = m->addr[j].ip.family;
		if (agg_tree_empty(fam == 4 ? &md->tree4 : &md->tree6) ||
		    !rs_out_rs_addr(o->rs, fam))
			continue;
		/* no NO_EXPORT here: bgpd would then keep the route from the members */
		fprintf(f,
		        "allow quick from %s nexthop neighbor community BLACKHOLE prefix-set "
		        "%s_pfx%d or-longer source-as as-set %s_asns\n",
		        addr_format(&m->addr[j].ip, buf, sizeof buf), tag, fam, tag);
	}
}

/* "deny quick" for prefixes longer than max (nothing is longer than the
 * family's maximum) and, when min is given, shorter than min. */
static void length_rules(FILE *f, int fam, unsigned min, unsigned max)
{
	const char *all = fam == 4 ? "0.0.0.0/0" : "::/0";
	if (max < prefix_maxlen(fam))
		fprintf(f, "deny quick from ebgp prefix %s prefixlen > %u\n", all, max);
	if (min > 0)
		fprintf(f, "deny quick from ebgp prefix %s prefixlen < %u\n", all, min);
}

static void write_global_rules(FILE *f, const struct rs_out *o)
{
	const struct ixp_policy *p = &o->x->policy;
	fputs("# Export everything accepted; control communities as in manrs-ixp(1).\n"
	      "allow to ebgp\n",
	      f);
	fprintf(f, "deny quick to ebgp large-community %u:0:neighbor-as\n", o->x->rs_asn);
	/* blackholes may be longer than other routes: their limit first */
	length_rules(f, 4, p->min_len4,
	             p->max_len4 > p->blackhole_max4 ? p->max_len4 : p->blackhole_max4);
	length_rules(f, 6, p->min_len6,
	             p->max_len6 > p->blackhole_max6 ? p->max_len6 : p->blackhole_max6);
	if (p->max_path_len)
		fprintf(f, "deny quick from ebgp max-as-len %u\n", p->max_path_len);
	if (p->ntransit_free)
		fputs("deny quick from ebgp transit-as as-set transit_free\n", f);
}

static void write_rpki_rules(FILE *f, const struct rs_out *o)
{
	const struct ixp_policy *p = &o->x->policy;
	if (p->rpki == IXP_REJECT)
		fputs("deny quick from ebgp ovs invalid\n", f);
	else if (p->rpki == IXP_TAG)
		fprintf(f, "match from ebgp ovs invalid set large-community %u:%u:%d\n",
		        o->x->rs_asn, IXP_REASON_LC, IXP_R_RPKI_INVALID);
	if (p->aspa != IXP_OFF)
		fputs("# ASPA: OpenBGPD 8.0 and later verify it (aspa-set, avs invalid);\n"
		      "# this configuration is for 7.x and leaves it out.\n",
		      f);
	length_rules(f, 4, 0, p->max_len4);
	length_rules(f, 6, 0, p->max_len6);
}

static int write_openbgpd(FILE *f, const struct rs_out *o, struct err *e)
{
	char tag[48];
	write_globals(f, o);
	write_transit_free(f, &o->x->policy);
	if (write_roas(f, o, e) < 0)
		return -1;
	for (size_t i = 0; i < o->x->nmembers; i++) {
		rs_out_member_tag(o->x, i, tag, sizeof tag);
		if (write_member_sets(f, o, i, tag, e) < 0)
			return -1;
	}
	fputc('\n', f);
	for (size_t i = 0; i < o->x->nmembers; i++) {
		rs_out_member_tag(o->x, i, tag, sizeof tag);
		for (size_t j = 0; j < o->x->members[i].naddr; j++)
			if (rs_out_rs_addr(o->rs, o->x->members[i].addr[j].ip.family))
				write_neighbor(f, o, i, j, tag);
	}
	fputc('\n', f);
	write_global_rules(f, o);
	if (rs_out_bogons(f, &bogon_writer_openbgpd, o->bogons, e) < 0)
		return -1;
	for (size_t i = 0; i < o->x->nmembers; i++)
		write_first_as(f, o, &o->x->members[i]);
	for (size_t i = 0; o->x->policy.blackhole && i < o->x->nmembers; i++) {
		rs_out_member_tag(o->x, i, tag, sizeof tag);
		write_blackholes(f, o, i, tag);
	}
	write_rpki_rules(f, o);
	for (size_t i = 0; i < o->x->nmembers; i++) {
		rs_out_member_tag(o->x, i, tag, sizeof tag);
		write_member_rules(f, o, i, tag);
	}
	if (ferror(f))
		return err_set(e, "write error");
	return 0;
}

const struct rs_writer rs_writer_openbgpd = {"openbgpd", "OpenBGPD 7.x route server",
                                             write_openbgpd};
