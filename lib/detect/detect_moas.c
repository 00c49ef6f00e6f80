/* SPDX-License-Identifier: ISC */
/* detect_moas.c - global mode (no prefixes.yml): for every prefix, origin
 * changes (MOAS, "E|0|-|-") and more-specifics announced by an origin the
 * covering prefix does not have ("S|0|-|-"), each scored 0-100 with its
 * evidence, in the spirit of Cloudflare Radar's hijack confidence.
 *
 * Cheap on the hot path: an announcement whose origin equals the one the
 * peer held before costs one hash probe (the suspect table). Only origin
 * changes, and prefixes no peer held before, look further (the route
 * state's other peers; covering prefixes by probing the shorter lengths held). RIB
 * entries (the initial table) only build state.
 *
 * A suspicion (prefix -> new origin, old origin, since when the old one
 * held it) is remembered so that every peer that moves to the new origin
 * adds evidence, and a peer going back to the old origin is not taken for
 * a new incident. A new origin that some peer has held at least as long as
 * the old one is not suspect (anycast, multi-origin by design).
 *
 * Score (clamped to 0-100; an alert needs MOAS_ALERT_SCORE):
 *   20 base; +10 for an exact prefix changing origin (a more specific by
 *   another origin is most often a customer's slice of its provider's
 *   space, so it needs RPKI or IRR evidence to alert);
 *   RPKI (new origin): invalid +40, not-found +5, valid: no alert;
 *   IRR route object for prefix + new origin: registered -20, not +15;
 *   old origin held the prefix >= 1 day +15, >= 1 hour +10;
 *   +2 per peer seeing the new origin, at most +10. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "detect/detect_scope.h"
#include "detect/detector.h"
#include "irr/irr_db.h"
#include "rpki/rov.h"

#define MOAS_ALERT_SCORE 50
#define PEERS_MAX 10        /* most the peers' share adds */
#define SUS_CAP 65536       /* suspect prefixes remembered at once (power of two) */
#define SUS_TTL (2 * 86400) /* forget a suspicion this long after it was raised */
#define SWEEP_EVERY 3600    /* data seconds between sweeps of old suspicions */
#define DAY 86400
#define HOUR 3600

enum sus_kind { SUS_FREE = 0, SUS_MOAS, SUS_SUBPREFIX };

struct suspect {
	struct prefix pfx;
	uint8_t kind;
	int8_t base; /* score before the peers' share */
	uint32_t new_origin, old_origin;
	uint32_t old_since; /* when the old origin started holding it (covering prefix for sub) */
	uint32_t raised;    /* data time */
	struct prefix covering; /* sub-prefix: the less specific */
	enum alert_rpki rpki;
	enum alert_irr irr;
};

struct moas {
	struct detect_ctx ctx;
	bool global;
	struct suspect *sus; /* open addressing, linear probing */
	size_t nsus;
	uint32_t last_sweep;
	unsigned long full; /* suspicions not remembered: table full */
};

static size_t pfx_hash(const struct prefix *p)
{
	uint64_t h = 1469598103934665603ULL ^ p->family ^ (uint64_t)p->len << 8;
	for (unsigned i = 0; i < (p->family == 6 ? 16u : 4u); i++)
		h = (h ^ p->addr[i]) * 1099511628211ULL;
	return (size_t)(h ^ h >> 29) & (SUS_CAP - 1);
}

static struct suspect *sus_find(const struct moas *m, const struct prefix *p)
{
	if (m->nsus == 0)
		return NULL;
	for (size_t i = pfx_hash(p);; i = (i + 1) & (SUS_CAP - 1)) {
		struct suspect *s = &m->sus[i];
		if (s->kind == SUS_FREE)
			return NULL;
		if (prefix_equal(&s->pfx, p))
			return s;
	}
}

static struct suspect *sus_add(struct moas *m, const struct prefix *p)
{
	/* Keep a quarter free so probe runs stay short. */
	if (m->nsus >= SUS_CAP - SUS_CAP / 4) {
		if (m->full++ == 0)
			log_warn("moas: %d suspect prefixes at once; more are not scored "
			         "until older ones expire",
			         SUS_CAP - SUS_CAP / 4);
		return NULL;
	}
	size_t i = pfx_hash(p);
	while (m->sus[i].kind != SUS_FREE)
		i = (i + 1) & (SUS_CAP - 1);
	m->nsus++;
	memset(&m->sus[i], 0, sizeof m->sus[i]);
	m->sus[i].pfx = *p;
	return &m->sus[i];
}

/* Backward-shift deletion keeps every probe run unbroken. */
static void sus_del(struct moas *m, struct suspect *s)
{
	size_t i = (size_t)(s - m->sus);
	m->sus[i].kind = SUS_FREE;
	m->nsus--;
	for (size_t j = (i + 1) & (SUS_CAP - 1); m->sus[j].kind != SUS_FREE;
	     j = (j + 1) & (SUS_CAP - 1)) {
		size_t home = pfx_hash(&m->sus[j].pfx);
		/* Move j into the hole at i unless its home lies cyclically in (i, j]. */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (stays)
			continue;
		m->sus[i] = m->sus[j];
		m->sus[j].kind = SUS_FREE;
		i = j;
	}
}

static void *moas_create(const struct detect_ctx *ctx, struct err *e)
{
	struct moas *m = calloc(1, sizeof *m);
	if (!m) {
		err_set(e, "moas: out of memory");
		return NULL;
	}
	m->ctx = *ctx;
	m->global = detect_global_mode(ctx->cfg);
	if (m->global && !(m->sus = calloc(SUS_CAP, sizeof *m->sus))) {
		free(m);
		err_set(e, "moas: out of memory");
		return NULL;
	}
	return m;
}

static void moas_destroy(void *self)
{
	struct moas *m = self;
	free(m->sus);
	free(m);
}

/* --- evidence ---------------------------------------------------------- */

struct origin_scan {
	uint32_t origin;    /* the origin asked about */
	unsigned peer_self; /* the event's peer, left out of "others" */
	unsigned with_origin;
	uint32_t origin_since; /* earliest first_seen among other peers with origin */
	uint32_t other;        /* the longest-held other origin, 0 if none */
	uint32_t other_since;
};

static int scan_route(void *arg, const struct route_view *r)
{
	struct origin_scan *s = arg;
	if (r->origin == s->origin) {
		s->with_origin++;
		if (r->peer != s->peer_self && r->first_seen < s->origin_since)
			s->origin_since = r->first_seen;
	} else if (r->origin && (!s->other || r->first_seen < s->other_since)) {
		s->other = r->origin;
		s->other_since = r->first_seen;
	}
	return 0;
}

static void scan(const struct moas *m, const struct prefix *p, uint32_t origin, unsigned peer,
                 struct origin_scan *s)
{
	*s = (struct origin_scan){.origin = origin, .peer_self = peer, .origin_since = UINT32_MAX};
	route_state_foreach(m->ctx.state, p, scan_route, s);
}

static enum alert_rpki rpki_of(const struct moas *m, const struct prefix *p, uint32_t origin)
{
	if (!m->ctx.rov)
		return ALERT_RPKI_UNCHECKED;
	switch (rov_validate(m->ctx.rov, p, origin)) {
	case ROV_VALID:
		return ALERT_RPKI_VALID;
	case ROV_INVALID:
		return ALERT_RPKI_INVALID;
	default:
		return ALERT_RPKI_NOTFOUND;
	}
}

static enum alert_irr irr_of(const struct moas *m, const struct prefix *p, uint32_t origin)
{
	if (!m->ctx.irr)
		return ALERT_IRR_UNCHECKED;
	size_t n;
	const struct irr_route *r = irr_db_routes_by_origin(m->ctx.irr, origin, p->family, &n);
	for (size_t i = 0; i < n; i++) {
		struct prefix q;
		irr_route_prefix(&r[i], &q);
		if (prefix_equal(&q, p))
			return ALERT_IRR_REGISTERED;
	}
	return ALERT_IRR_UNREGISTERED;
}

/* The score without the peers' share; -1 when the route is RPKI-valid. */
static int base_score(const struct suspect *s, uint32_t now)
{
	int score = 20 + (s->kind == SUS_MOAS ? 10 : 0);
	switch (s->rpki) {
	case ALERT_RPKI_VALID:
		return -1;
	case ALERT_RPKI_INVALID:
		score += 40;
		break;
	case ALERT_RPKI_NOTFOUND:
		score += 5;
		break;
	default:
		break;
	}
	score += s->irr == ALERT_IRR_REGISTERED ? -20 : s->irr == ALERT_IRR_UNREGISTERED ? 15 : 0;
	uint32_t held = now > s->old_since ? now - s->old_since : 0;
	score += held >= DAY ? 15 : held >= HOUR ? 10 : 0;
	return score < 0 ? 0 : score;
}

/* --- detection --------------------------------------------------------- */

/* The longest less specific prefix of p some peer holds (down to /8, /16). */
static bool covering_held(const struct moas *m, const struct prefix *p, struct prefix *cover)
{
	return route_state_covering(m->ctx.state, p, p->family == 6 ? 16 : 8, cover);
}

/* A new suspicion for ev, or NULL when it is not suspect. */
static struct suspect *suspect_new(struct moas *m, const struct route_event *ev,
                                   const struct route_view *prev, unsigned peer)
{
	struct origin_scan s;
	struct suspect cand = {.pfx = ev->pfx, .new_origin = ev->origin, .raised = ev->time};
	if (prev && prev->origin && prev->origin != ev->origin) {
		scan(m, &ev->pfx, ev->origin, peer, &s);
		if (s.origin_since <= prev->first_seen)
			return NULL; /* the new origin is as old as the one it replaced here */
		cand.kind = SUS_MOAS;
		cand.old_origin = prev->origin;
		cand.old_since = prev->first_seen;
	} else if (!prev) {
		scan(m, &ev->pfx, ev->origin, peer, &s);
		if (s.other && s.origin_since > s.other_since) {
			cand.kind = SUS_MOAS;
			cand.old_origin = s.other;
			cand.old_since = s.other_since;
		} else if (s.with_origin <= 1 && !s.other &&
		           covering_held(m, &ev->pfx, &cand.covering)) {
			struct origin_scan c;
			scan(m, &cand.covering, ev->origin, UINT32_MAX, &c);
			if (c.with_origin || !c.other)
				return NULL; /* the covering prefix has this origin too */
			cand.kind = SUS_SUBPREFIX;
			cand.old_origin = c.other;
			cand.old_since = c.other_since;
		} else {
			return NULL;
		}
	} else {
		return NULL;
	}
	cand.rpki = rpki_of(m, &ev->pfx, ev->origin);
	cand.irr = irr_of(m, &ev->pfx, ev->origin);
	int base = base_score(&cand, ev->time);
	/* Even every peer's share cannot lift it to an alert: not worth keeping. */
	if (base < 0 || base + PEERS_MAX < MOAS_ALERT_SCORE)
		return NULL;
	cand.base = (int8_t)base;
	struct suspect *slot = sus_add(m, &ev->pfx);
	if (slot)
		*slot = cand;
	return slot;
}

/* Local names (alert.c's belong to the sinks; the words are the same). */
static const char *rpki_word(enum alert_rpki r)
{
	static const char *const w[] = {"unchecked", "valid", "invalid", "not-found"};
	return r <= ALERT_RPKI_NOTFOUND ? w[r] : "unchecked";
}

static const char *irr_word(enum alert_irr r)
{
	static const char *const w[] = {"unchecked", "registered", "unregistered"};
	return r <= ALERT_IRR_UNREGISTERED ? w[r] : "unchecked";
}

static void emit(const struct moas *m, const struct suspect *s, const struct route_event *ev,
                 unsigned peer, struct detect_out *out)
{
	struct origin_scan sc;
	scan(m, &s->pfx, s->new_origin, peer, &sc);
	unsigned share = sc.with_origin * 2 > PEERS_MAX ? PEERS_MAX : sc.with_origin * 2;
	unsigned score = (unsigned)s->base + share;
	if (score > 100)
		score = 100;
	if (score < MOAS_ALERT_SCORE)
		return;
	char pfx[PREFIX_STRLEN], cov[PREFIX_STRLEN], desc[256];
	uint32_t held = s->raised > s->old_since ? s->raised - s->old_since : 0;
	prefix_format(&s->pfx, pfx, sizeof pfx);
	if (s->kind == SUS_SUBPREFIX)
		snprintf(
		    desc, sizeof desc,
		    "AS%u announces %s inside %s of AS%u (held %us); score %u: RPKI %s, IRR %s, "
		    "%u peers",
		    s->new_origin, pfx, prefix_format(&s->covering, cov, sizeof cov), s->old_origin,
		    held, score, rpki_word(s->rpki), irr_word(s->irr), sc.with_origin);
	else
		snprintf(
		    desc, sizeof desc,
		    "%s moved from AS%u (held %us) to AS%u; score %u: RPKI %s, IRR %s, %u peers",
		    pfx, s->old_origin, held, s->new_origin, score, rpki_word(s->rpki),
		    irr_word(s->irr), sc.with_origin);
	struct detect_hit hit = {
	    .type = "moas",
	    .code = s->kind == SUS_SUBPREFIX ? "S|0|-|-" : "E|0|-|-",
	    .severity = score >= 80 ? ALERT_CRITICAL : ALERT_WARNING,
	    .prefix = s->pfx,
	    .affected_as = s->old_origin,
	    .offender_as = s->new_origin,
	    .description = desc,
	    .rpki = s->rpki,
	    .irr = s->irr,
	    .score = score,
	};
	detect_emit(out, &hit, ev);
}

static void moas_on_event(void *self, const struct route_event *ev, const struct route_view *prev,
                          struct detect_out *out)
{
	struct moas *m = self;
	if (!m->global || ev->type != ROUTE_EV_ANNOUNCE || ev->from_rib || !ev->origin ||
	    !m->ctx.state)
		return;
	struct suspect *s = sus_find(m, &ev->pfx);
	if (!s && prev && prev->origin == ev->origin)
		return; /* the hot path: same origin as before at this peer */
	/* The pipeline applied ev already, so this only looks the peer up. */
	unsigned peer = route_state_peer((struct route_state *)m->ctx.state, ev);
	if (s && s->new_origin != ev->origin) {
		if (ev->origin == s->old_origin)
			return; /* back to the old origin at this peer */
		s = NULL;       /* yet another origin: judged on its own below (not remembered) */
	}
	if (!s)
		s = suspect_new(m, ev, prev, peer);
	if (s)
		emit(m, s, ev, peer, out);
}

static void moas_on_tick(void *self, uint32_t now, struct detect_out *out)
{
	(void)out;
	struct moas *m = self;
	if (!m->sus || now < m->last_sweep + SWEEP_EVERY)
		return;
	m->last_sweep = now;
	for (size_t i = 0; i < SUS_CAP; i++)
		while (m->sus[i].kind != SUS_FREE && m->sus[i].raised + SUS_TTL < now)
			sus_del(m, &m->sus[i]); /* the shift may bring another into slot i */
}

const struct detector_ops detect_moas_ops = {
    .name = "moas",
    .create = moas_create,
    .on_event = moas_on_event,
    .on_tick = moas_on_tick,
    .destroy = moas_destroy,
};
