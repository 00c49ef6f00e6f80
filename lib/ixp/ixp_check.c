/* SPDX-License-Identifier: ISC */
/* ixp_check.c - a route server's RIB against the IXP policy. */
#include "ixp/ixp_check.h"

#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_types.h"
#include "bgp/mrt_elem.h"
#include "core/grow.h"
#include "ixp/ixp_reason.h"

#define MAX_PATH 256
#define MAX_COMM 256

/* (member, prefix) pairs present in the RIB, for the dropped check. */
struct rib_keys {
	struct rib_key {
		size_t member;
		struct prefix pfx;
	} * v;
	size_t n, cap;
};

struct run {
	const struct ixp_checker *c;
	ixp_finding_fn fn;
	void *ctx;
	struct ixp_check_stats *st;
	struct rib_keys keys;
};

static int key_cmp(const void *a, const void *b)
{
	const struct rib_key *x = a, *y = b;
	if (x->member != y->member)
		return x->member < y->member ? -1 : 1;
	return prefix_cmp(&x->pfx, &y->pfx);
}

static int keys_add(struct rib_keys *k, size_t member, const struct prefix *p, struct err *e)
{
	struct rib_key *v = GROW(k->v, k->cap, k->n + 1);
	if (!v)
		return err_set(e, "out of memory");
	k->v = v;
	k->v[k->n].member = member;
	k->v[k->n++].pfx = *p;
	return 0;
}

static long member_of(const struct ixp *x, const struct mrt_elem *el)
{
	struct prefix ip;
	if (prefix_from_bytes(&ip, el->peer_family, el->peer_addr,
	                      el->peer_family == 4 ? 32 : 128) < 0)
		return -1;
	const struct ixp_member *m = ixp_member_by_addr(x, &ip);
	return m ? m - x->members : -1;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reason codes (RS-ASN, 65520, code) the route carries. */
static uint32_t carried_tags(const struct ixp *x, const struct bgp_attrs *a)
{
	uint32_t tags = 0;
	for (size_t i = 0; i < a->n_large_communities; i++) {
		const uint8_t *lc = a->large_communities + 12 * i;
		uint32_t code = be32(lc + 8);
		if (be32(lc) == x->rs_asn && be32(lc + 4) == IXP_REASON_LC && code < 32)
			tags |= 1u << code;
	}
	return tags;
}

struct route_buf {
	uint32_t path[MAX_PATH];
	uint32_t comm[MAX_COMM];
	struct ixp_route r;
};

static void to_route(const struct mrt_elem *el, struct route_buf *b)
{
	const struct bgp_attrs *a = el->attrs;
	memset(&b->r, 0, sizeof b->r);
	mrt_elem_prefix(el, &b->r.pfx);
	int n = bgp_attrs_path(a, b->path, MAX_PATH);
	b->r.path = b->path;
	b->r.npath = n < 0 ? 0 : (size_t)n > MAX_PATH ? MAX_PATH : (size_t)n;
	b->r.has_next_hop = mrt_elem_next_hop(el, &b->r.next_hop) == 0;
	size_t nc = a->n_communities < MAX_COMM ? a->n_communities : MAX_COMM;
	for (size_t i = 0; i < nc; i++)
		b->comm[i] = be32(a->communities + 4 * i);
	b->r.communities = b->comm;
	b->r.ncommunities = nc;
	b->r.otc = BGP_ATTR_HAS(a, BGP_ATTR_OTC);
}

static void report(struct run *run, enum ixp_finding_kind k, size_t m, const struct route_buf *b,
                   uint32_t reasons)
{
	struct ixp_finding f = {k, m, b->r.pfx, b->r.path, b->r.npath, reasons};
	if (k == IXP_F_ACCEPTED_BAD)
		run->st->accepted_bad++;
	else if (k == IXP_F_UNTAGGED)
		run->st->untagged++;
	else
		run->st->dropped_good++;
	if (run->fn)
		run->fn(&f, run->ctx);
}

static int rib_elem(struct run *run, const struct mrt_elem *el, size_t m, struct err *e)
{
	struct route_buf b;
	struct ixp_verdict v;
	to_route(el, &b);
	run->st->rib_routes++;
	/* the route server adds NO_EXPORT to blackholes: not the member's doing */
	ixp_evaluate(run->c, m, &b.r, &v);
	if (!v.accept)
		report(run, IXP_F_ACCEPTED_BAD, m, &b, v.rejected);
	else if (v.tagged & ~carried_tags(run->c->x, el->attrs))
		report(run, IXP_F_UNTAGGED, m, &b, v.tagged & ~carried_tags(run->c->x, el->attrs));
	return keys_add(&run->keys, m, &b.r.pfx, e);
}

static void announced_elem(struct run *run, const struct mrt_elem *el, size_t m)
{
	struct route_buf b;
	struct ixp_verdict v;
	to_route(el, &b);
	run->st->announced_routes++;
	ixp_evaluate(run->c, m, &b.r, &v);
	struct rib_key key = {m, b.r.pfx};
	bool in_rib = run->keys.n && bsearch(&key, run->keys.v, run->keys.n, sizeof key, key_cmp);
	if (v.accept && !in_rib)
		report(run, IXP_F_DROPPED_GOOD, m, &b, 0);
}

static void count_warning(void *ctx, const struct err *w)
{
	(void)w;
	((struct ixp_check_stats *)ctx)->mrt_warnings++;
}

static int each_route(struct run *run, const char *path, bool rib, struct err *e)
{
	struct mrt_reader *r = mrt_reader_open(path, e);
	if (!r)
		return -1;
	mrt_reader_set_warn(r, count_warning, run->st);
	struct mrt_elems *it = mrt_elems_new(r, e);
	const struct mrt_elem *el;
	int rc = it ? 0 : -1;
	while (rc == 0 && (rc = mrt_elems_next(it, &el, e)) > 0) {
		rc = 0;
		if ((el->type != MRT_ELEM_RIB && el->type != MRT_ELEM_ANNOUNCE) || !el->attrs)
			continue;
		long m = member_of(run->c->x, el);
		if (m < 0)
			run->st->unknown_peer++;
		else if (rib)
			rc = rib_elem(run, el, (size_t)m, e);
		else
			announced_elem(run, el, (size_t)m);
	}
	mrt_elems_free(it);
	mrt_reader_close(r);
	return rc < 0 ? -1 : 0;
}

int ixp_check_run(const struct ixp_checker *c, const char *rib, const char *const *announced,
                  size_t nannounced, ixp_finding_fn fn, void *ctx, struct ixp_check_stats *st,
                  struct err *e)
{
	struct run run = {c, fn, ctx, st, {0}};
	memset(st, 0, sizeof *st);
	int rc = each_route(&run, rib, true, e);
	if (rc == 0 && run.keys.n)
		qsort(run.keys.v, run.keys.n, sizeof *run.keys.v, key_cmp);
	for (size_t i = 0; rc == 0 && i < nannounced; i++)
		rc = each_route(&run, announced[i], false, e);
	free(run.keys.v);
	return rc;
}

const char *ixp_finding_name(enum ixp_finding_kind k)
{
	static const char *const names[] = {"accepted-but-should-not", "untagged",
	                                    "dropped-but-should-not"};
	return (unsigned)k < 3 ? names[k] : "?";
}
