/* SPDX-License-Identifier: ISC */
/* ixp_pdb_build.c - an IXP from loaded PeeringDB objects, and the IXP
 * description written back as YAML. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "ixp/ixp_peeringdb.h"

static int add_lans(struct ixp *x, const struct pdb *db, uint32_t ixlan, struct err *e)
{
	for (size_t i = 0; i < db->npfx; i++) {
		const struct pdb_ixpfx *o = &db->pfx[i];
		if (o->ixlan_id != ixlan || o->deleted || x->nlan == IXP_MAX_LANS)
			continue;
		if (prefix_parse(o->prefix, &x->lan[x->nlan], e) < 0)
			return err_set(e, "ixpfx %u: bad prefix '%s'", o->id, o->prefix);
		x->nlan++;
	}
	return 0;
}

/* Addresses of a netixlan entry into addr[]; returns how many. */
static size_t entry_addrs(const struct pdb_netixlan *o, struct ixp_addr *addr, size_t have)
{
	struct err pe;
	const char *ips[2] = {o->ip4, o->ip6};
	for (int k = 0; k < 2; k++)
		if (ips[k][0] && have < IXP_MAX_ADDRS &&
		    addr_parse(ips[k], &addr[have].ip, &pe) == 0)
			have++;
	return have;
}

static int add_rs(struct ixp *x, const struct pdb_netixlan *o, struct err *e)
{
	struct ixp_addr a[IXP_MAX_ADDRS];
	size_t na = entry_addrs(o, a, 0);
	for (size_t i = 0; i < x->nrs; i++) /* given with --rs-address already */
		for (size_t k = 0; k < x->rs[i].naddr && na; k++)
			if (prefix_equal(&x->rs[i].addr[k].ip, &a[0].ip))
				return 0;
	struct ixp_rs *v = GROW(x->rs, x->rscap, x->nrs + 1);
	if (!v)
		return err_set(e, "out of memory");
	x->rs = v;
	struct ixp_rs *rs = &x->rs[x->nrs];
	memset(rs, 0, sizeof *rs);
	char name[24];
	snprintf(name, sizeof name, "rs%zu", x->nrs + 1);
	rs->naddr = entry_addrs(o, rs->addr, 0);
	rs->port = 179;
	rs->name = strdup(name);
	rs->router_id = strdup(o->ip4[0] ? o->ip4 : "0.0.0.1");
	if (!rs->name || !rs->router_id)
		return err_set(e, "out of memory");
	x->nrs++;
	return 0;
}

/* The first AS-SET of irr_as_set ("RIPE::AS-FOO AS-BAR" -> "RIPE::AS-FOO"). */
static char *first_set(const char *s)
{
	size_t skip = strspn(s, " ,\t");
	size_t len = strcspn(s + skip, " ,\t");
	return len ? strndup(s + skip, len) : NULL;
}

static int add_member(struct ixp *x, const struct pdb *db, const struct pdb_netixlan *o,
                      struct err *e)
{
	for (size_t i = 0; i < x->nmembers; i++)
		if (x->members[i].asn == o->asn) { /* a second port of the same network */
			x->members[i].naddr =
			    entry_addrs(o, x->members[i].addr, x->members[i].naddr);
			return 0;
		}
	struct ixp_member *m = ixp_member_add(x, e);
	if (!m)
		return -1;
	m->asn = o->asn;
	m->naddr = entry_addrs(o, m->addr, 0);
	const struct pdb_net *net = pdb_net_by_asn(db, o->asn);
	if (net && !net->deleted) {
		m->name = strdup(net->name);
		m->as_set = first_set(net->irr_as_set);
		m->max_prefix4 = net->info_prefixes4;
		m->max_prefix6 = net->info_prefixes6;
	}
	return 0;
}

long ixp_from_peeringdb(struct ixp *x, const struct pdb *db, uint32_t ixlan_id, uint32_t rs_asn,
                        struct err *e)
{
	const struct pdb_ixlan *lan = pdb_ixlan_by_id(db, ixlan_id);
	if (!lan && !rs_asn)
		return err_set(e, "ixlan %u: not in the PeeringDB files (or give --rs-asn)",
		               ixlan_id);
	const struct pdb_ix *ix = lan ? pdb_ix_by_id(db, lan->ix_id) : NULL;
	if (ix && ix->deleted)
		ix = NULL;
	x->rs_asn = rs_asn ? rs_asn : lan->rs_asn;
	if (x->rs_asn == 0)
		return err_set(e, "ixlan %u: no rs_asn in PeeringDB (give --rs-asn)", ixlan_id);
	if ((ix && !(x->name = strdup(ix->name))) || add_lans(x, db, ixlan_id, e) < 0)
		return -1;
	for (size_t i = 0; i < db->nnxl; i++) {
		const struct pdb_netixlan *o = &db->nxl[i];
		if (o->ixlan_id != ixlan_id || o->deleted || !o->operational)
			continue;
		if (o->asn == x->rs_asn ? add_rs(x, o, e) < 0
		                        : o->rs_peer && add_member(x, db, o, e) < 0)
			return -1;
	}
	if (x->nrs == 0)
		return err_set(e,
		               "ixlan %u: no netixlan entry of the route servers' AS%u (give "
		               "--rs-address)",
		               ixlan_id, x->rs_asn);
	return (long)x->nmembers;
}
