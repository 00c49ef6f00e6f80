/* SPDX-License-Identifier: ISC */
/* ixp_policy.c - the IXP policy in C (twin of lib/out/rs_bird.c's filter). */
#include "ixp/ixp_policy.h"

#include <stdio.h>
#include <string.h>

#include "ixp/ixp_reason.h"
#include "rpki/aspa.h"

#define COMM_BLACKHOLE 0xFFFF029Au /* 65535:666, RFC 7999 */

static void fail(struct ixp_verdict *v, enum ixp_reason why, enum ixp_action act)
{
	if (act == IXP_TAG)
		v->tagged |= 1u << why;
	else if (act == IXP_REJECT)
		v->rejected |= 1u << why;
}

static bool has_community(const struct ixp_route *r, uint32_t c)
{
	for (size_t i = 0; i < r->ncommunities; i++)
		if (r->communities[i] == c)
			return true;
	return false;
}

static bool next_hop_ok(const struct ixp_member *m, const struct ixp_route *r)
{
	if (!r->has_next_hop)
		return false;
	for (size_t i = 0; i < m->naddr; i++)
		if (prefix_equal(&m->addr[i].ip, &r->next_hop))
			return true;
	return false;
}

static bool transit_free_behind(const struct ixp_policy *p, const struct ixp_member *m,
                                const struct ixp_route *r)
{
	for (size_t i = 0; i < r->npath; i++) {
		if (r->path[i] == m->asn)
			continue;
		for (size_t j = 0; j < p->ntransit_free; j++)
			if (r->path[i] == p->transit_free[j])
				return true;
	}
	return false;
}

static void check_path(const struct ixp_checker *c, const struct ixp_member *m,
                       const struct ixp_route *r, struct ixp_verdict *v)
{
	const struct ixp_policy *p = &c->x->policy;
	if (r->otc)
		fail(v, IXP_R_OTC_LEAK, IXP_REJECT);
	if (!next_hop_ok(m, r))
		fail(v, IXP_R_NEXT_HOP, IXP_REJECT);
	if (r->npath == 0 || r->path[0] != m->asn)
		fail(v, IXP_R_FIRST_AS, IXP_REJECT);
	if (p->max_path_len && r->npath > p->max_path_len)
		fail(v, IXP_R_PATH_LEN, IXP_REJECT);
	if (bogon_check_path(r->path, r->npath) >= 0)
		fail(v, IXP_R_BOGON_ASN, IXP_REJECT);
	if (transit_free_behind(p, m, r))
		fail(v, IXP_R_TRANSIT_FREE, IXP_REJECT);
	struct bogon_verdict bv;
	if (c->bogons && bogon_check_prefix(c->bogons, &r->pfx, &bv))
		fail(v, IXP_R_BOGON_PREFIX, IXP_REJECT);
}

static void check_blackhole(const struct ixp_checker *c, const struct ixp_member_data *md,
                            const struct ixp_route *r, struct ixp_verdict *v)
{
	const struct ixp_policy *p = &c->x->policy;
	unsigned max = r->pfx.family == 4 ? p->blackhole_max4 : p->blackhole_max6;
	if (!ixp_data_covers(md, &r->pfx) || r->pfx.len > max)
		fail(v, IXP_R_BLACKHOLE, IXP_REJECT);
	if (!ixp_data_has_asn(md, r->path[r->npath - 1]))
		fail(v, IXP_R_IRR_ORIGIN, IXP_REJECT);
	v->blackhole = v->rejected == 0;
}

static void check_origin(const struct ixp_checker *c, const struct ixp_member *m,
                         const struct ixp_member_data *md, const struct ixp_route *r,
                         struct ixp_verdict *v)
{
	const struct ixp_policy *p = &c->x->policy;
	uint32_t origin = r->path[r->npath - 1];
	bool wide = r->pfx.family == 4 ? r->pfx.len < p->min_len4 || r->pfx.len > p->max_len4
	                               : r->pfx.len < p->min_len6 || r->pfx.len > p->max_len6;
	if (wide)
		fail(v, IXP_R_PREFIX_LEN, IXP_REJECT);
	enum ixp_action irr = m->irr_tag_only && p->irr != IXP_OFF ? IXP_TAG : p->irr;
	if (!ixp_data_has_asn(md, origin))
		fail(v, IXP_R_IRR_ORIGIN, irr);
	if (!ixp_data_has_prefix(md, &r->pfx))
		fail(v, IXP_R_IRR_PREFIX, irr);
	if (c->rov && rov_validate(c->rov, &r->pfx, origin) == ROV_INVALID)
		fail(v, IXP_R_RPKI_INVALID, p->rpki);
	if (c->aspa &&
	    aspa_verify(c->aspa, r->path, r->npath, 0, ASPA_UPSTREAM, NULL) == ASPA_INVALID)
		fail(v, IXP_R_ASPA_INVALID, p->aspa);
}

void ixp_evaluate(const struct ixp_checker *c, size_t m, const struct ixp_route *r,
                  struct ixp_verdict *v)
{
	const struct ixp_member *mem = &c->x->members[m];
	memset(v, 0, sizeof *v);
	check_path(c, mem, r, v);
	if (r->npath == 0) {
		v->accept = false;
		return;
	}
	if (c->x->policy.blackhole && has_community(r, COMM_BLACKHOLE))
		check_blackhole(c, &c->d->m[m], r, v);
	else
		check_origin(c, mem, &c->d->m[m], r, v);
	v->accept = v->rejected == 0;
	if (!v->accept)
		v->tagged = 0; /* a dropped route carries nothing */
}

char *ixp_reason_list(uint32_t mask, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < 32; i++) {
		const struct ixp_reason_info *ri = ixp_reason_find(i);
		if (!(mask >> i & 1) || !ri)
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "", ri->name);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	return buf;
}
