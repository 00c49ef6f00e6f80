/* SPDX-License-Identifier: ISC */
/* rs_bird.c - a complete BIRD 2 route-server configuration (2.0.11+ for
 * `local role rs_server` and the filter `for` loop ASPA needs; checked with
 * BIRD 2.0.12). One import filter per member session runs the IXP policy;
 * a failed check calls ixp_fail(reason, 1) to reject or (reason, 2) to tag
 * with the large community (RS-ASN, 65520, reason). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ixp/ixp_reason.h"
#include "out/bgpq_out.h"
#include "out/bogon_out.h"
#include "out/rpki_out.h"
#include "out/rs_out.h"

enum { ACT_REJECT = 1, ACT_TAG = 2 };

/* A string for a BIRD "..." literal: quotes, backslashes and control
 * characters become '_' (names come from PeeringDB). */
static void quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++)
		fputc(*s == '"' || *s == '\\' || (unsigned char)*s < 0x20 ? '_' : *s, f);
	fputc('"', f);
}

static int act_code(enum ixp_action a)
{
	return a == IXP_TAG ? ACT_TAG : ACT_REJECT;
}

static void write_globals(FILE *f, const struct rs_out *o)
{
	const struct ixp *x = o->x;
	fprintf(f, "# BIRD 2 route server %s", o->rs->name);
	if (x->name)
		fprintf(f, " of %s", x->name);
	fprintf(f,
	        ", written by manrs ixp generate: %zu members, %zu IPv4 and %zu IPv6 "
	        "route-object prefixes.\n# Reasons in (%u, %u, REASON) large communities: "
	        "see manrs-ixp(1).\n\n",
	        x->nmembers, o->d->prefixes4, o->d->prefixes6, x->rs_asn, IXP_REASON_LC);
	if (o->log) {
		fputs("log ", f);
		quoted(f, o->log);
		fputs(" all;\n", f);
	} else {
		fputs("log syslog all;\n", f);
	}
	fprintf(f, "router id %s;\ndefine RS_ASN = %u;\n\nprotocol device { }\n\n",
	        o->rs->router_id, x->rs_asn);
}

static void write_transit_free(FILE *f, const struct ixp_policy *p)
{
	if (p->ntransit_free == 0)
		return;
	fputs("# Transit-free networks: never behind a member.\ndefine TRANSIT_FREE = [", f);
	for (size_t i = 0; i < p->ntransit_free; i++)
		fprintf(f, "%s%s%u", i ? ", " : "", i % 10 == 0 ? "\n\t" : "", p->transit_free[i]);
	fputs("\n];\n\n", f);
}

static int write_rpki(FILE *f, const struct rs_out *o, struct err *e)
{
	const struct ixp *x = o->x;
	if (x->policy.rpki == IXP_OFF)
		return 0;
	if (x->rtr_host) {
		fprintf(
		    f,
		    "roa4 table RPKI4;\nroa6 table RPKI6;\n\n"
		    "protocol rpki rpki_rtr {\n\troa4 { table RPKI4; };\n\troa6 { table RPKI6; };\n"
		    "\tremote ");
		quoted(f, x->rtr_host);
		fprintf(f, " port %u;\n}\n\n", x->rtr_port);
		return 0;
	}
	if (!o->rpki)
		return err_set(e, "RPKI ROV is on but there is no rtr: cache and no VRP file");
	struct rpki_out_opts ro = {.name = "RPKI", .now = o->now};
	if (rpki_writer_bird.write(f, o->rpki, &ro) < 0)
		return err_set(e, "write error");
	fputc('\n', f);
	return 0;
}

static void write_aspa_case(FILE *f, const struct rpki_set *s)
{
	size_t n = s ? s->naspas : 0;
	fputs("# ASPA (draft-ietf-sidrops-aspa-verification): may customer c send\n"
	      "# routes to p? Customers without an ASPA allow everything.\n"
	      "function aspa_hop_ok(int c; int p)\n{\n",
	      f);
	if (n == 0) {
		fputs("\treturn true;\n}\n\n", f);
		return;
	}
	fputs("\tcase c {\n", f);
	for (size_t i = 0; i < n; i++) {
		const struct aspa *a = &s->aspas[i];
		fprintf(f, "\t%u: return ", a->customer);
		size_t k = 0;
		for (size_t j = 0; j < a->nproviders; j++)
			if (a->providers[j] != 0)
				fprintf(f, "%s%u", k++ ? ", " : "p ~ [", a->providers[j]);
		fputs(k ? "];\n" : "false;\n", f);
	}
	fputs("\telse: return true;\n\t}\n}\n\n", f);
}

static void write_functions(FILE *f, const struct rs_out *o)
{
	if (o->x->policy.aspa != IXP_OFF) {
		write_aspa_case(f, o->rpki);
		fputs("# Upstream verification of a route from an RS client: every AS must be\n"
		      "# allowed to send to the AS before it (prepends skipped).\n"
		      "function aspa_invalid()\nint prev;\n{\n\tprev = 0;\n"
		      "\tfor int a in bgp_path do {\n"
		      "\t\tif prev != 0 && a != prev && !aspa_hop_ok(a, prev) then return true;\n"
		      "\t\tprev = a;\n\t}\n\treturn false;\n}\n\n",
		      f);
	}
	fputs("# act 1 drops the route; act 2 keeps it and says why.\n"
	      "function ixp_fail(int why; int act)\n{\n\tif act = 1 then reject;\n"
	      "\tbgp_large_community.add((RS_ASN, 65520, why));\n}\n\n"
	      "# Announcement control: (RS_ASN, 0, peer) not to peer, (RS_ASN, 0, 0) to\n"
	      "# nobody, (RS_ASN, 1, peer) to peer even so.\n"
	      "function rs_export(int peer)\n{\n"
	      "\tif (RS_ASN, 0, peer) ~ bgp_large_community then return false;\n"
	      "\tif (RS_ASN, 0, 0) ~ bgp_large_community && !((RS_ASN, 1, peer) ~ "
	      "bgp_large_community) then return false;\n\treturn true;\n}\n\n",
	      f);
}

struct bh_ctx {
	FILE *f;
	size_t n;
};

static void bh_entry(const struct agg_entry *en, void *arg)
{
	struct bh_ctx *c = arg;
	char buf[PREFIX_STRLEN];
	fprintf(c->f, "%s\n    %s+", c->n++ ? "," : "", prefix_format(en->p, buf, sizeof buf));
}

/* The member's prefix sets: exact route objects (the bgpq4 BIRD printer)
 * and, for blackholes, the same prefixes with every more-specific. */
static int write_member_sets(FILE *f, const struct rs_out *o, size_t i, const char *tag,
                             struct err *e)
{
	const struct ixp_member_data *md = &o->d->m[i];
	char name[96];
	snprintf(name, sizeof name, "define %s_ASNS", tag);
	struct bgpq_out bo = {.vendor = BGPQ_V_BIRD,
	                      .gen = BGPQ_G_ASPATH,
	                      .name = name,
	                      .family = 4,
	                      .aswidth = 8,
	                      .asns = md->asns,
	                      .nasns = md->nasns};
	if (bgpq_print(f, &bo, e) < 0)
		return -1;
	for (int fam = 4; fam <= 6; fam += 2) {
		const struct agg_tree *t = fam == 4 ? &md->tree4 : &md->tree6;
		if (agg_tree_empty(t))
			continue;
		snprintf(name, sizeof name, "define %s_PFX%d", tag, fam);
		struct bgpq_out po = {.vendor = BGPQ_V_BIRD,
		                      .gen = BGPQ_G_PREFIXLIST,
		                      .name = name,
		                      .family = fam,
		                      .tree = t};
		if (bgpq_print(f, &po, e) < 0)
			return -1;
		if (o->x->policy.blackhole) {
			struct bh_ctx c = {f, 0};
			fprintf(f, "define %s_BH%d = [", tag, fam);
			agg_foreach(t, true, bh_entry, &c);
			fputs("\n];\n", f);
		}
	}
	return 0;
}

static bool is_transit_free(const struct ixp_policy *p, uint32_t asn)
{
	for (size_t i = 0; i < p->ntransit_free; i++)
		if (p->transit_free[i] == asn)
			return true;
	return false;
}

static void write_next_hop_check(FILE *f, const struct ixp_member *m, int fam)
{
	char buf[PREFIX_STRLEN];
	size_t k = 0;
	fputs("\tif !(", f);
	for (size_t j = 0; j < m->naddr; j++)
		if (m->addr[j].ip.family == fam)
			fprintf(f, "%sbgp_next_hop = %s", k++ ? " || " : "",
			        addr_format(&m->addr[j].ip, buf, sizeof buf));
	fprintf(f, ") then ixp_fail(%d, 1);\n", IXP_R_NEXT_HOP);
}

static void write_path_checks(FILE *f, const struct ixp_policy *p, const struct ixp_member *m)
{
	fprintf(f, "\tif bgp_path.first != %u then ixp_fail(%d, 1);\n", m->asn, IXP_R_FIRST_AS);
	if (p->max_path_len)
		fprintf(f, "\tif bgp_path.len > %u then ixp_fail(%d, 1);\n", p->max_path_len,
		        IXP_R_PATH_LEN);
	fprintf(f, "\tif bgp_path ~ BOGON_ASNS then ixp_fail(%d, 1);\n", IXP_R_BOGON_ASN);
	if (p->ntransit_free && is_transit_free(p, m->asn))
		fprintf(f, "\tif delete(bgp_path, %u) ~ TRANSIT_FREE then ixp_fail(%d, 1);\n",
		        m->asn, IXP_R_TRANSIT_FREE);
	else if (p->ntransit_free)
		fprintf(f, "\tif bgp_path ~ TRANSIT_FREE then ixp_fail(%d, 1);\n",
		        IXP_R_TRANSIT_FREE);
}

static void write_blackhole(FILE *f, const struct ixp_policy *p, const char *tag, int fam,
                            bool has_pfx)
{
	unsigned max = fam == 4 ? p->blackhole_max4 : p->blackhole_max6;
	const char *nh = fam == 4 ? p->blackhole_nh4 : p->blackhole_nh6;
	fputs("\t# RFC 7999 blackhole: only inside the member's own route objects\n"
	      "\tif (65535, 666) ~ bgp_community then {\n",
	      f);
	if (has_pfx)
		fprintf(f, "\t\tif !(net ~ %s_BH%d) || net.len > %u then ixp_fail(%d, 1);\n", tag,
		        fam, max, IXP_R_BLACKHOLE);
	else
		fprintf(f, "\t\tixp_fail(%d, 1);\n", IXP_R_BLACKHOLE);
	fprintf(f, "\t\tif !(bgp_path.last ~ %s_ASNS) then ixp_fail(%d, 1);\n", tag,
	        IXP_R_IRR_ORIGIN);
	if (nh)
		fprintf(f, "\t\tbgp_next_hop = %s;\n", nh);
	fputs("\t\taccept;\n\t}\n", f);
}

static void write_origin_checks(FILE *f, const struct rs_out *o, const struct ixp_member *m,
                                const char *tag, int fam, bool has_pfx)
{
	const struct ixp_policy *p = &o->x->policy;
	if (p->irr != IXP_OFF) {
		int a = m->irr_tag_only ? ACT_TAG : act_code(p->irr);
		fprintf(f, "\tif !(bgp_path.last ~ %s_ASNS) then ixp_fail(%d, %d);\n", tag,
		        IXP_R_IRR_ORIGIN, a);
		if (has_pfx)
			fprintf(f, "\tif !(net ~ %s_PFX%d) then ixp_fail(%d, %d);\n", tag, fam,
			        IXP_R_IRR_PREFIX, a);
		else
			fprintf(f, "\tixp_fail(%d, %d);\t# no route objects\n", IXP_R_IRR_PREFIX,
			        a);
	}
	if (p->rpki != IXP_OFF)
		fprintf(f,
		        "\tif roa_check(RPKI%d, net, bgp_path.last) = ROA_INVALID then "
		        "ixp_fail(%d, %d);\n",
		        fam, IXP_R_RPKI_INVALID, act_code(p->rpki));
	if (p->aspa != IXP_OFF)
		fprintf(f, "\tif aspa_invalid() then ixp_fail(%d, %d);\n", IXP_R_ASPA_INVALID,
		        act_code(p->aspa));
}

static void write_import_filter(FILE *f, const struct rs_out *o, size_t i, const char *tag, int fam)
{
	const struct ixp_policy *p = &o->x->policy;
	const struct ixp_member *m = &o->x->members[i];
	const struct ixp_member_data *md = &o->d->m[i];
	bool has_pfx = !agg_tree_empty(fam == 4 ? &md->tree4 : &md->tree6);
	fprintf(f, "filter rs_in_%s_%d\n{\n", tag, fam);
	fprintf(f, "\tif defined(bgp_otc) then ixp_fail(%d, 1);\n", IXP_R_OTC_LEAK);
	write_next_hop_check(f, m, fam);
	write_path_checks(f, p, m);
	fprintf(f, "\tif net ~ BOGONS_V%d then ixp_fail(%d, 1);\n", fam, IXP_R_BOGON_PREFIX);
	if (p->blackhole)
		write_blackhole(f, p, tag, fam, has_pfx);
	fprintf(f, "\tif net.len < %u || net.len > %u then ixp_fail(%d, 1);\n",
	        fam == 4 ? p->min_len4 : p->min_len6, fam == 4 ? p->max_len4 : p->max_len6,
	        IXP_R_PREFIX_LEN);
	write_origin_checks(f, o, m, tag, fam, has_pfx);
	if (p->graceful_shutdown)
		fputs("\tif (65535, 0) ~ bgp_community then bgp_local_pref = 0;\n", f);
	fputs("\taccept;\n}\n\n", f);
}

static void write_session(FILE *f, const struct rs_out *o, size_t i, const char *tag, size_t j,
                          const struct ixp_addr *local)
{
	const struct ixp_member *m = &o->x->members[i];
	int fam = m->addr[j].ip.family;
	char lbuf[PREFIX_STRLEN], nbuf[PREFIX_STRLEN];
	uint32_t limit = fam == 4 ? m->max_prefix4 : m->max_prefix6;
	fprintf(f, "protocol bgp %s_%zu {\n", tag, j + 1);
	if (m->name) {
		fputs("\tdescription ", f);
		quoted(f, m->name);
		fputs(";\n", f);
	}
	fprintf(f, "\tlocal %s port %u as RS_ASN;\n\tneighbor %s port %u as %u;\n",
	        addr_format(&local->ip, lbuf, sizeof lbuf), o->rs->port,
	        addr_format(&m->addr[j].ip, nbuf, sizeof nbuf), m->port, m->asn);
	fputs("\trs client;\n\tlocal role rs_server;\n", f);
	if (o->rs->passive)
		fputs("\tpassive on;\n", f);
	fprintf(f, "\tipv%d {\n\t\timport filter rs_in_%s_%d;\n\t\texport filter rs_out_%s;\n", fam,
	        tag, fam, tag);
	if (limit)
		fprintf(f, "\t\timport limit %u action restart;\n", limit);
	/* the Adj-RIB-In: ROA changes re-run the filters over it (rpki reload) */
	fputs("\t\timport table on;\n\t\tnext hop keep;\n\t};\n}\n\n", f);
}

static int write_member(FILE *f, const struct rs_out *o, size_t i, struct err *e)
{
	const struct ixp_member *m = &o->x->members[i];
	char tag[48];
	rs_out_member_tag(o->x, i, tag, sizeof tag);
	fprintf(f, "# ---- member %s", tag);
	if (m->name)
		fprintf(f, " (%.80s)", m->name);
	fprintf(f, ", AS-SET %s\n", m->as_set ? m->as_set : "(none: own ASN)");
	if (write_member_sets(f, o, i, tag, e) < 0)
		return -1;
	/* NO_EXPORT goes on blackholes here: on import it would keep BIRD
	 * from sending them to the members at all */
	fprintf(f,
	        "\nfilter rs_out_%s\n{\n\tif !rs_export(%u) then reject;\n"
	        "\tbgp_large_community.delete([(RS_ASN, 0, *), (RS_ASN, 1, *)]);\n"
	        "\tif (65535, 666) ~ bgp_community then bgp_community.add((65535, 65281));\n"
	        "\taccept;\n}\n\n",
	        tag, m->asn);
	for (int fam = 4; fam <= 6; fam += 2) {
		bool any = false;
		for (size_t j = 0; j < m->naddr; j++)
			any |= m->addr[j].ip.family == fam;
		if (any && rs_out_rs_addr(o->rs, fam))
			write_import_filter(f, o, i, tag, fam);
	}
	for (size_t j = 0; j < m->naddr; j++) {
		const struct ixp_addr *local = rs_out_rs_addr(o->rs, m->addr[j].ip.family);
		if (local)
			write_session(f, o, i, tag, j, local);
	}
	return 0;
}

static void write_rib_dump(FILE *f, const struct rs_out *o)
{
	if (!o->rib_dump)
		return;
	fputs("# The RIB as MRT TABLE_DUMP_V2, for manrs ixp check.\n"
	      "protocol mrt rib_dump {\n\ttable \"master*\";\n\tfilename ",
	      f);
	quoted(f, o->rib_dump);
	fprintf(f, ";\n\tperiod %u;\n}\n\n", o->rib_dump_period ? o->rib_dump_period : 60);
}

static int write_bird(FILE *f, const struct rs_out *o, struct err *e)
{
	write_globals(f, o);
	if (rs_out_bogons(f, &bogon_writer_bird, o->bogons, e) < 0)
		return -1;
	write_transit_free(f, &o->x->policy);
	if (write_rpki(f, o, e) < 0)
		return -1;
	write_functions(f, o);
	for (size_t i = 0; i < o->x->nmembers; i++)
		if (write_member(f, o, i, e) < 0)
			return -1;
	write_rib_dump(f, o);
	if (ferror(f))
		return err_set(e, "write error");
	return 0;
}

const struct rs_writer rs_writer_bird = {"bird", "BIRD 2 (2.0.11 or later) route server",
                                         write_bird};
