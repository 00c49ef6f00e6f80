/* SPDX-License-Identifier: ISC */
/* ixp.c - the IXP model: defaults, members, validation. */
#include "ixp/ixp.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

/* Networks that buy no transit: one of them behind a member is a leak
 * (the list arouteserver and most IXPs start from). */
static const uint32_t default_transit_free[] = {174,  209,  286,  701,  1239, 1299, 2828,
                                                2914, 3257, 3320, 3356, 3549, 5511, 6453,
                                                6461, 6762, 6830, 7018, 12956};

int ixp_policy_default(struct ixp_policy *p, struct err *e)
{
	size_t n = sizeof default_transit_free / sizeof default_transit_free[0];
	memset(p, 0, sizeof *p);
	p->irr = p->rpki = p->aspa = IXP_REJECT;
	p->min_len4 = 8, p->max_len4 = 24;
	p->min_len6 = 12, p->max_len6 = 48;
	p->max_path_len = 64;
	p->transit_free = malloc(sizeof default_transit_free);
	if (!p->transit_free)
		return err_set(e, "out of memory");
	memcpy(p->transit_free, default_transit_free, sizeof default_transit_free);
	p->ntransit_free = n;
	p->blackhole = true;
	p->blackhole_max4 = 32, p->blackhole_max6 = 128;
	p->graceful_shutdown = true;
	return 0;
}

int ixp_init(struct ixp *x, struct err *e)
{
	memset(x, 0, sizeof *x);
	return ixp_policy_default(&x->policy, e);
}

void ixp_free(struct ixp *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nrs; i++) {
		free(x->rs[i].name);
		free(x->rs[i].router_id);
	}
	free(x->rs);
	for (size_t i = 0; i < x->nmembers; i++) {
		free(x->members[i].name);
		free(x->members[i].as_set);
	}
	free(x->members);
	free(x->name);
	free(x->rtr_host);
	free(x->policy.transit_free);
	free(x->policy.blackhole_nh4);
	free(x->policy.blackhole_nh6);
	memset(x, 0, sizeof *x);
}

struct ixp_member *ixp_member_add(struct ixp *x, struct err *e)
{
	struct ixp_member *v = GROW(x->members, x->cap, x->nmembers + 1);
	if (!v)
		return err_set(e, "out of memory"), NULL;
	x->members = v;
	struct ixp_member *m = &x->members[x->nmembers++];
	memset(m, 0, sizeof *m);
	m->port = 179;
	return m;
}

const struct ixp_member *ixp_member_by_addr(const struct ixp *x, const struct prefix *ip)
{
	for (size_t i = 0; i < x->nmembers; i++)
		for (size_t j = 0; j < x->members[i].naddr; j++)
			if (prefix_equal(&x->members[i].addr[j].ip, ip))
				return &x->members[i];
	return NULL;
}

static bool in_lan(const struct ixp *x, const struct prefix *ip)
{
	if (x->nlan == 0)
		return true;
	for (size_t i = 0; i < x->nlan; i++)
		if (prefix_contains(&x->lan[i], ip))
			return true;
	return false;
}

static int check_member(const struct ixp *x, size_t i, struct err *e)
{
	const struct ixp_member *m = &x->members[i];
	char buf[PREFIX_STRLEN];
	if (m->asn == 0)
		return err_set(e, "member %zu: no asn", i + 1);
	if (m->naddr == 0)
		return err_set(e, "member AS%u: no session address", m->asn);
	for (size_t j = 0; j < m->naddr; j++) {
		if (!in_lan(x, &m->addr[j].ip))
			return err_set(e, "member AS%u: address %s is outside the peering LAN",
			               m->asn, addr_format(&m->addr[j].ip, buf, sizeof buf));
		const struct ixp_member *o = ixp_member_by_addr(x, &m->addr[j].ip);
		if (o != m)
			return err_set(e, "member AS%u: address %s is also AS%u's", m->asn,
			               addr_format(&m->addr[j].ip, buf, sizeof buf), o->asn);
	}
	return 0;
}

int ixp_validate(const struct ixp *x, struct err *e)
{
	const struct ixp_policy *p = &x->policy;
	if (x->rs_asn == 0)
		return err_set(e, "no route server asn");
	if (x->nrs == 0)
		return err_set(e, "no route server");
	if (p->min_len4 > p->max_len4 || p->max_len4 > 32 || p->min_len6 > p->max_len6 ||
	    p->max_len6 > 128)
		return err_set(e, "policy: prefix lengths out of order");
	for (size_t i = 0; i < x->nmembers; i++)
		if (check_member(x, i, e) < 0)
			return -1;
	return 0;
}

static const char *const action_names[] = {"off", "reject", "tag"};

const char *ixp_action_name(enum ixp_action a)
{
	return (unsigned)a < 3 ? action_names[a] : "?";
}

int ixp_action_parse(const char *s, enum ixp_action *a)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, action_names[i])) {
			*a = (enum ixp_action)i;
			return 0;
		}
	return -1;
}
