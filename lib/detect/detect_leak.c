/* SPDX-License-Identifier: ISC */
/* detect_leak.c - route leaks, three ways (BGPalerter has no such monitor):
 *
 *  - valley-free: with CAIDA AS relationships, an AS that received the
 *    route from a provider or a peer and sent it to a provider or a peer;
 *  - RFC 9234 OTC (section 5): once an AS marked the route Only-to-Customer
 *    (OTC = its AS), every later hop must go to a customer: a route with OTC
 *    that a provider receives from its customer, or a peer receives from a
 *    peer other than the OTC AS, was leaked by that sender;
 *  - ASPA: the path is ASPA-invalid (draft-ietf-sidrops-aspa-verification),
 *    verified with the downstream procedure, since a collector takes full
 *    tables from its peers as a customer would.
 *
 * Each finding names the leaking AS (the alert's offender) and the leaked
 * segment "from leaker to". One event gives at most one hit per leaking AS;
 * code "E|-|-|L" is ARTEMIS's policy dimension (L: route leak). Paths that
 * end in an AS_SET are not checked (no order to reason about).
 *
 * Relationships age: replaying 2010 updates against a 2016 CAIDA file
 * turns every link that changed (a customer that became a peer) into a
 * "leak" of its whole table. Findings that rest on relationships inferred
 * more than STALE_REL_SECONDS from the event's time are severity info, not
 * warning: still reported, but marked as the weak evidence they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "detect/as_rel.h"
#include "detect/detect_scope.h"
#include "detect/detector.h"
#include "detect/path_text.h"
#include "rpki/aspa.h"
#include "rpki/rov.h"

#define LEAK_CODE "E|-|-|L"
#define MAX_FINDINGS 3
#define STALE_REL_SECONDS (365 * 86400)

struct leak {
	struct detect_ctx ctx;
	const char *monitor; /* name include/excludeMonitors refer to */
	uint32_t *u;         /* the collapsed path (scratch, grown once per length) */
	size_t cap;
	enum as_rel_kind *rel; /* rel[i]: what u[i+1] (sender) is to u[i] */
	int64_t rel_date;      /* when the relationships were inferred (0: unknown) */
	bool rel_stale;        /* ... far from the current event's time */
};

struct finding {
	uint32_t leaker;
	bool weak; /* only stale relationships say so */
	char what[160];
};

static void *leak_create(const struct detect_ctx *ctx, struct err *e)
{
	struct leak *l = calloc(1, sizeof *l);
	if (!l) {
		err_set(e, "leak: out of memory");
		return NULL;
	}
	l->ctx = *ctx;
	l->monitor = monitor_config_params(ctx->cfg, "leak")->name;
	l->rel_date = ctx->asrel ? as_rel_date(ctx->asrel) : 0;
	return l;
}

static void leak_destroy(void *self)
{
	struct leak *l = self;
	free(l->u);
	free(l->rel);
	free(l);
}

static int ensure_room(struct leak *l, size_t n)
{
	if (n <= l->cap)
		return 0;
	size_t cap = n < 64 ? 64 : n * 2;
	uint32_t *u = resize(l->u, cap, sizeof *u);
	if (!u)
		return -1;
	l->u = u;
	enum as_rel_kind *rel = resize(l->rel, cap, sizeof *rel);
	if (!rel)
		return -1;
	l->rel = rel;
	l->cap = cap;
	return 0;
}

static void add_finding(struct finding *f, size_t *nf, uint32_t leaker, bool weak, const char *what)
{
	for (size_t i = 0; i < *nf; i++)
		if (f[i].leaker == leaker) {
			size_t len = strlen(f[i].what);
			snprintf(f[i].what + len, sizeof f[i].what - len, "; %s", what);
			f[i].weak = f[i].weak && weak;
			return;
		}
	if (*nf == MAX_FINDINGS)
		return;
	f[*nf].leaker = leaker;
	f[*nf].weak = weak;
	snprintf(f[*nf].what, sizeof f[*nf].what, "%s", what);
	(*nf)++;
}

/* The first valley in propagation order: u[i] got the route from its
 * provider or peer u[i+1] and sent it to its provider or peer u[i-1]. */
static void check_valley(const struct leak *l, size_t n, struct finding *f, size_t *nf)
{
	for (size_t i = n - 2; i >= 1 && i < n; i--) {
		enum as_rel_kind in = l->rel[i], out = l->rel[i - 1];
		bool from_above = in == AS_REL_P2C || in == AS_REL_P2P;
		bool to_above = out == AS_REL_C2P || out == AS_REL_P2P;
		if (!from_above || !to_above)
			continue;
		char what[160];
		snprintf(what, sizeof what,
		         "valley-free violation at \"%u %u %u\" (learned from its %s AS%u, sent to "
		         "its %s AS%u)",
		         l->u[i + 1], l->u[i], l->u[i - 1], in == AS_REL_P2C ? "provider" : "peer",
		         l->u[i + 1], out == AS_REL_C2P ? "provider" : "peer", l->u[i - 1]);
		add_finding(f, nf, l->u[i], l->rel_stale, what);
		return;
	}
}

/* RFC 9234 section 5 ingress rules, applied at every hop after the AS
 * named in the OTC attribute. */
static void check_otc(const struct leak *l, const struct route_event *ev, size_t n,
                      struct finding *f, size_t *nf)
{
	long k = path_find(l->u, n, ev->otc);
	if (k <= 0)
		return; /* not on the path (or the neighbour itself): nothing to attribute */
	for (long i = k - 1; i >= 0; i--) {
		enum as_rel_kind sender = l->rel[i]; /* what u[i+1] is to u[i] */
		uint32_t s = l->u[i + 1];
		bool leak = sender == AS_REL_C2P || (sender == AS_REL_P2P && s != ev->otc);
		if (!leak)
			continue;
		char what[160];
		snprintf(what, sizeof what,
		         "RFC 9234 OTC violation: AS%u -> AS%u (to its %s) with OTC AS%u", s,
		         l->u[i], sender == AS_REL_C2P ? "provider" : "peer", ev->otc);
		add_finding(f, nf, s, l->rel_stale, what);
		return;
	}
}

/* The first AS, from the origin, that ASPAs show taking the route from a
 * non-customer (the sender does not list it as a provider: the hop came
 * down or across) and passing it on up or across (the receiver does not
 * list it as a provider either). Neither ramp end alone names it: a peering
 * at the top, or the leaked route's own way up, would blame another AS. */
static uint32_t aspa_valley(const struct leak *l, size_t n)
{
	const struct rpki_set *s = l->ctx.rpki;
	for (size_t i = n - 2; i >= 1 && i < n; i--) {
		bool from_non_customer = aspa_hop(s, l->u[i + 1], l->u[i]) == ASPA_HOP_NOT_PROVIDER;
		bool to_non_customer = aspa_hop(s, l->u[i - 1], l->u[i]) == ASPA_HOP_NOT_PROVIDER;
		if (from_non_customer && to_non_customer)
			return l->u[i];
	}
	return 0;
}

static void check_aspa(const struct leak *l, const struct route_event *ev, size_t n,
                       struct finding *f, size_t *nf)
{
	struct aspa_result res;
	if (aspa_verify(l->ctx.rpki, ev->path, ev->path_len, 0, ASPA_DOWNSTREAM, &res) !=
	    ASPA_INVALID)
		return;
	uint32_t leaker = aspa_valley(l, n);
	if (!leaker)
		leaker = res.bad_customer;
	if (!leaker)
		return;
	char seg[64], what[160];
	long at = path_find(l->u, n, leaker);
	size_t lo = at > 0 ? (size_t)at - 1 : 0,
	       hi = at >= 0 && (size_t)at + 2 <= n ? (size_t)at + 2 : n;
	/* Short: the alert keeps 255 bytes and a valley or OTC finding may come first. */
	snprintf(what, sizeof what, "ASPA-invalid at \"%s\"",
	         path_format(l->u + lo, hi - lo, seg, sizeof seg));
	add_finding(f, nf, leaker, false, what);
}

static void emit(const struct leak *l, const struct route_event *ev,
                 const struct mon_prefix *monitored, const struct finding *fd,
                 struct detect_out *out)
{
	char pfx[PREFIX_STRLEN], desc[256];
	snprintf(desc, sizeof desc, "AS%u leaks %s (origin AS%u): %s", fd->leaker,
	         prefix_format(&ev->pfx, pfx, sizeof pfx), ev->origin, fd->what);
	struct detect_hit hit = {
	    .type = "leak",
	    .code = LEAK_CODE,
	    .severity = fd->weak ? ALERT_INFO : ALERT_WARNING,
	    .prefix = ev->pfx,
	    .monitored = monitored,
	    .affected_as = ev->origin,
	    .offender_as = fd->leaker,
	    .description = desc,
	};
	if (l->ctx.rov) {
		enum rov_state st = rov_validate(l->ctx.rov, &ev->pfx, ev->origin);
		hit.rpki = st == ROV_VALID     ? ALERT_RPKI_VALID
		           : st == ROV_INVALID ? ALERT_RPKI_INVALID
		                               : ALERT_RPKI_NOTFOUND;
	}
	detect_emit(out, &hit, ev);
}

static void leak_on_event(void *self, const struct route_event *ev, const struct route_view *prev,
                          struct detect_out *out)
{
	(void)prev;
	struct leak *l = self;
	if (ev->type != ROUTE_EV_ANNOUNCE || ev->origin_set || ev->path_len < 2)
		return;
	bool have_rel = l->ctx.asrel != NULL;
	bool have_aspa = l->ctx.rpki && l->ctx.rpki->naspas > 0;
	if (!have_rel && !have_aspa)
		return;
	const struct mon_prefix *monitored;
	if (!detect_in_scope(out, l->ctx.cfg, l->monitor, ev, &monitored))
		return;
	if (ensure_room(l, ev->path_len) < 0)
		return; /* out of memory: this event goes unchecked */
	size_t n = path_collapse(ev->path, ev->path_len, l->u);
	struct finding f[MAX_FINDINGS];
	size_t nf = 0;
	int64_t age = (int64_t)ev->time - l->rel_date;
	l->rel_stale = l->rel_date && (age > STALE_REL_SECONDS || age < -STALE_REL_SECONDS);
	if (have_rel && n >= 2) {
		for (size_t i = 0; i + 1 < n; i++)
			l->rel[i] = as_rel_get(l->ctx.asrel, l->u[i + 1], l->u[i]);
		if (n >= 3)
			check_valley(l, n, f, &nf);
		if (ev->has_otc)
			check_otc(l, ev, n, f, &nf);
	}
	if (have_aspa)
		check_aspa(l, ev, n, f, &nf);
	for (size_t i = 0; i < nf; i++)
		emit(l, ev, monitored, &f[i], out);
}

const struct detector_ops detect_leak_ops = {
    .name = "leak",
    .create = leak_create,
    .on_event = leak_on_event,
    .on_tick = NULL,
    .destroy = leak_destroy,
};
