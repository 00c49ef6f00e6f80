/* SPDX-License-Identifier: ISC */
/* detect_rpki.c - BGPalerter's monitorRPKI: a monitored prefix, or any
 * prefix a monitored AS (options.monitorASns) originates, announced
 * RPKI-invalid, or (checkUncovered) covered by no ROA; in global mode every
 * RPKI-invalid announcement. And the "roa" channel (detect_rpki.h): ROAs of
 * watched space that disappear or expire across VRP reloads.
 *
 * Codes (ARTEMIS has none for RPKI): "R|invalid", "R|not-found" and
 * "R|roa-gone". The offender is the announcing origin (the ROA's ASN for
 * "roa"). Routes whose path ends in an AS_SET are not checked. */
#include "detect/detect_rpki.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect_scope.h"
#include "rpki/rov.h"
#include "rpki/rpki_diff.h"

#define MAX_SHOWN_VRPS 3

struct rpki_det {
	struct detect_ctx ctx;
	const struct mon_params *params;
	bool global;
};

static void *rpki_create(const struct detect_ctx *ctx, struct err *e)
{
	struct rpki_det *d = calloc(1, sizeof *d);
	if (!d) {
		err_set(e, "rpki: out of memory");
		return NULL;
	}
	d->ctx = *ctx;
	d->params = monitor_config_params(ctx->cfg, "rpki");
	d->global = detect_global_mode(ctx->cfg);
	return d;
}

static void rpki_destroy(void *self)
{
	free(self);
}

/* "covering ROAs: P-M ASx, ..." or "no covering ROA". */
static void describe_vrps(const struct vrp *const *v, size_t shown, size_t total, char *buf,
                          size_t size)
{
	size_t off = (size_t)snprintf(buf, size, total ? "ROAs:" : "no ROA covers it");
	for (size_t i = 0; i < shown && off < size; i++) {
		struct prefix p;
		char pb[PREFIX_STRLEN];
		prefix_from_bytes(&p, v[i]->family, v[i]->addr, v[i]->len);
		off += (size_t)snprintf(buf + off, size - off, " %s%s max %u AS%u", i ? "," : "",
		                        prefix_format(&p, pb, sizeof pb), v[i]->maxlen, v[i]->asn);
	}
	if (total > shown && off < size)
		snprintf(buf + off, size - off, " (+%zu more)", total - shown);
}

static void rpki_on_event(void *self, const struct route_event *ev, const struct route_view *prev,
                          struct detect_out *out)
{
	(void)prev;
	struct rpki_det *d = self;
	if (ev->type != ROUTE_EV_ANNOUNCE || !d->ctx.rov || ev->origin == 0)
		return;
	const struct mon_prefix *m = NULL;
	if (!d->global && !detect_in_scope(out, d->ctx.cfg, d->params->name, ev, &m))
		return;
	const struct vrp *vrps[MAX_SHOWN_VRPS];
	size_t nvrps = 0;
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = rov_validate_detail(d->ctx.rov, &ev->pfx, ev->origin, vrps,
	                                        MAX_SHOWN_VRPS, &nvrps, &why);
	bool uncovered = st == ROV_NOT_FOUND && !d->global && d->params->check_uncovered;
	if (st != ROV_INVALID && !uncovered)
		return;
	char pfx[PREFIX_STRLEN], roas[120], desc[384]; /* the pipeline keeps 255 */
	describe_vrps(vrps, nvrps < MAX_SHOWN_VRPS ? nvrps : MAX_SHOWN_VRPS, nvrps, roas,
	              sizeof roas);
	prefix_format(&ev->pfx, pfx, sizeof pfx);
	if (st == ROV_INVALID)
		snprintf(desc, sizeof desc,
		         "The route %s announced by AS%u is RPKI invalid (%s); %s", pfx, ev->origin,
		         rov_reason_name(why), roas);
	else
		snprintf(desc, sizeof desc,
		         "The route %s announced by AS%u is not covered by a ROA", pfx, ev->origin);
	struct detect_hit hit = {
	    .type = "rpki",
	    .code = st == ROV_INVALID ? "R|invalid" : "R|not-found",
	    .severity = st == ROV_INVALID ? ALERT_CRITICAL : ALERT_WARNING,
	    .prefix = ev->pfx,
	    .monitored = m,
	    .affected_as = m && m->nasns ? m->asns[0] : ev->origin,
	    .offender_as = ev->origin,
	    .description = desc,
	    .rpki = st == ROV_INVALID ? ALERT_RPKI_INVALID : ALERT_RPKI_NOTFOUND,
	};
	detect_emit(out, &hit, ev);
}

const struct detector_ops detect_rpki_ops = {
    .name = "rpki",
    .create = rpki_create,
    .on_event = rpki_on_event,
    .on_tick = NULL,
    .destroy = rpki_destroy,
};

/* --- the roa channel ------------------------------------------------- */

struct roa_walk {
	const struct monitor_config *cfg;
	const struct rpki_set *old, *cur;
	uint32_t now;
	struct detect_out *out;
	unsigned emitted;
};

static int same_prefix(const struct vrp *a, const struct vrp *b)
{
	return a->family == b->family && a->len == b->len && memcmp(a->addr, b->addr, 16) == 0;
}

/* Does s hold a VRP for v's prefix and ASN (any maxLength)? Binary search
 * to the first VRP of that prefix (vrp_cmp order), then scan its run. */
static bool has_prefix_asn(const struct rpki_set *s, const struct vrp *v)
{
	struct vrp key = *v;
	key.maxlen = 0;
	key.asn = 0;
	size_t lo = 0, hi = s->nvrps;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (vrp_cmp(&s->vrps[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < s->nvrps && same_prefix(&s->vrps[i], v); i++)
		if (s->vrps[i].asn == v->asn)
			return true;
	return false;
}

static bool asn_watched(const struct monitor_config *cfg, uint32_t asn)
{
	if (monitor_config_asn(cfg, asn))
		return true;
	for (size_t i = 0; i < cfg->nprefixes; i++)
		if (!cfg->prefixes[i].ignore && mon_prefix_allows(&cfg->prefixes[i], asn))
			return true;
	return false;
}

static bool roa_watched(const struct monitor_config *cfg, const struct vrp *v)
{
	if (detect_global_mode(cfg))
		return true;
	struct prefix p;
	prefix_from_bytes(&p, v->family, v->addr, v->len);
	for (size_t i = 0; i < cfg->nprefixes; i++) {
		const struct mon_prefix *m = &cfg->prefixes[i];
		if (m->ignore)
			continue;
		if (prefix_contains(&m->pfx, &p) || prefix_contains(&p, &m->pfx))
			return mon_prefix_monitored_by(m, monitor_config_params(cfg, "roa")->name);
	}
	return asn_watched(cfg, v->asn);
}

static void roa_gone(struct roa_walk *w, const struct vrp *v)
{
	struct prefix p;
	char pb[PREFIX_STRLEN], desc[256];
	prefix_from_bytes(&p, v->family, v->addr, v->len);
	int64_t exp = 0;
	if (v >= w->old->vrps && v < w->old->vrps + w->old->nvrps)
		exp = rpki_set_vrp_expires(w->old, (size_t)(v - w->old->vrps));
	bool expired = exp > 0 && exp <= (int64_t)w->now;
	snprintf(desc, sizeof desc, "The ROA %s max %u AS%u %s", prefix_format(&p, pb, sizeof pb),
	         v->maxlen, v->asn, expired ? "expired" : "disappeared");
	struct detect_hit hit = {
	    .type = "roa",
	    .code = "R|roa-gone",
	    .severity = ALERT_WARNING,
	    .prefix = p,
	    .monitored = w->cfg->nprefixes ? monitor_config_match(w->cfg, &p) : NULL,
	    .affected_as = v->asn,
	    .offender_as = v->asn,
	    .description = desc,
	    .threshold = 1, /* no peers involved: the ROA itself is the evidence */
	};
	detect_emit(w->out, &hit, NULL);
	w->emitted++;
}

static void roa_changed(const struct vrp *v, int added, void *arg)
{
	struct roa_walk *w = arg;
	if (!roa_watched(w->cfg, v))
		return;
	if (!added) {
		if (!has_prefix_asn(w->cur, v))
			roa_gone(w, v);
		return;
	}
	if (!has_prefix_asn(w->old, v)) {
		struct prefix p;
		prefix_from_bytes(&p, v->family, v->addr, v->len);
		detect_resolve(w->out, "roa", &p, v->asn, w->now);
	}
}

static void roa_expiring(const struct monitor_config *cfg, const struct vrp *v, int64_t exp,
                         uint32_t now, struct detect_out *out)
{
	struct prefix p;
	char pb[PREFIX_STRLEN], desc[256];
	prefix_from_bytes(&p, v->family, v->addr, v->len);
	int64_t left = exp - (int64_t)now;
	snprintf(desc, sizeof desc, "The ROA %s max %u AS%u expires in %lldh%02lldm",
	         prefix_format(&p, pb, sizeof pb), v->maxlen, v->asn, (long long)(left / 3600),
	         (long long)(left % 3600 / 60));
	struct detect_hit hit = {
	    .type = "roa",
	    .code = "R|roa-expiring",
	    .severity = ALERT_WARNING,
	    .prefix = p,
	    .monitored = cfg->nprefixes ? monitor_config_match(cfg, &p) : NULL,
	    .affected_as = v->asn,
	    .offender_as = v->asn,
	    .description = desc,
	    .threshold = 1,
	};
	detect_emit(out, &hit, NULL);
}

unsigned detect_roa_expiring(const struct monitor_config *cfg, const struct rpki_set *set,
                             uint32_t now, uint32_t horizon, struct detect_out *out)
{
	unsigned emitted = 0;
	for (size_t i = 0; i < set->nvrps; i++) {
		int64_t exp = rpki_set_vrp_expires(set, i);
		if (exp <= (int64_t)now || exp > (int64_t)now + horizon)
			continue;
		if (!roa_watched(cfg, &set->vrps[i]))
			continue;
		roa_expiring(cfg, &set->vrps[i], exp, now, out);
		emitted++;
	}
	return emitted;
}

unsigned detect_roa_diff(const struct monitor_config *cfg, const struct rpki_set *old,
                         const struct rpki_set *cur, uint32_t now, struct detect_out *out)
{
	struct roa_walk w = {.cfg = cfg, .old = old, .cur = cur, .now = now, .out = out};
	rpki_diff(old, cur, roa_changed, NULL, &w, NULL);
	return w.emitted;
}
