/* SPDX-License-Identifier: ISC */
/* pipeline.c - events -> route state -> detectors -> alert groups.
 *
 * A group is one would-be alert, keyed by (type, prefix, offender). Each
 * peer's hit is a contribution linked both into its group and into the
 * (peer, prefix) entry of the event that produced it: on that peer's next
 * event for the prefix every contribution there is marked stale, the
 * detectors run, and what they did not report again is dropped. A group
 * opens when its distinct peer ASes reach the channel's thresholdMinPeers
 * (or, when the hit asks for hold_seconds, once that has held that long),
 * updates when the peers seeing it double, and resolves when
 * no peer and no standing hit is left. Records live in growing arrays with
 * free lists, so steady state allocates nothing per event.
 *
 * An alert is known across restarts by its key and first_seen (the store
 * maps a replay onto what it has), but a key can open, resolve and open
 * again within one second of data time. So a group that goes in the second
 * it was first seen stays in the table as a ghost until that second ends,
 * and the next group of its key takes over its slot with nth one higher:
 * the same input numbers the same alerts the same way in every run.
 *
 * notificationIntervalSeconds (BGPalerter): after a notification goes out
 * for a key, its next ones within the interval are withheld and counted
 * (alert.suppressed; each such version goes to on_alert marked withheld,
 * for the store), except a resolution the sinks have not heard of; the
 * state the sinks have not seen goes out when the interval ends (and at the
 * end of a replay). A resolved alert stays dormant for the interval: its
 * key coming back re-opens the same alert (same id, alert.flaps one
 * higher), so a flapping prefix is one incident. alertOnlyOnce makes the
 * interval endless: nothing goes out again for that key.
 *
 * A group keeps its alert compact (the description and the samples on the
 * heap, sized to what they hold; the key, type and rule derived when asked)
 * and builds the full struct alert only to report it: most groups never
 * open, and a replay in global mode holds tens of thousands open at once. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/mrt_buf.h"
#include "detect/detect_match.h"
#include "detect/idtab.h"
#include "detect/pipeline.h"

#define NONE IDTAB_NONE
#define MAX_CHANNELS 32

struct group {
	/* the alert (alert_of builds the struct alert from these) */
	uint64_t id;
	struct prefix prefix;
	enum alert_state state;
	uint32_t offender_as, affected_as;
	const struct mon_prefix *monitored; /* from the config, which outlives us */
	char *description;                  /* NULL while none */
	struct alert_sample *samples;       /* nsamples of room for samples_cap */
	uint8_t nsamples, samples_cap;
	char code[16];
	enum alert_severity severity;
	enum alert_rpki rpki;
	enum alert_irr irr;
	uint32_t score;
	unsigned npeers, max_peers;
	uint32_t first_seen, last_seen, resolved_at, version;
	uint32_t nth; /* alert.nth; a ghost's is the next group's */

	uint32_t channel;
	uint32_t contribs; /* first contribution, NONE when none */
	uint32_t pending;  /* data time the threshold was first met while waiting (fade-off) */
	uint32_t notified; /* npeers when last reported */
	unsigned threshold;
	unsigned hold; /* seconds the threshold must stay met (detect_hit.hold_seconds) */
	bool in_use, opened, standing, queued;
	bool ghost;        /* gone, kept for nth until its second ends */
	bool dormant;      /* resolved, kept to re-open on a flap within the interval */
	bool told;         /* a notification of it went out */
	bool told_active;  /* the last one that went out was open/updated */
	bool dirty;        /* a change was withheld: the sinks have not seen it */
	uint32_t told_at;  /* data time of the last notification that went out */
	uint32_t flaps;    /* times it re-opened after resolving */
	uint32_t withheld; /* notifications withheld (notificationIntervalSeconds) */
	uint32_t timer_at; /* due time of its newest timer entry; 0: none */
	bool listed;       /* on the ghost list, linked through next_free */
	uint32_t next_free;
};

struct contrib {
	uint32_t group;
	uint32_t key; /* the (peer, prefix) entry */
	uint32_t peer_as;
	uint32_t gnext, gprev; /* within the group */
	uint32_t knext;        /* within the (peer, prefix) entry; next free when free */
	bool stale;
};

struct pp_key {
	struct prefix pfx;
	uint32_t peer;
	uint32_t head; /* first contribution; next free entry when free */
};

/* A timer entry: a hint that group id may be due at due. The group's own
 * state (timer_due) is the truth: entries it no longer matches are
 * skipped, so a change never has to find and remove one. */
struct timer {
	uint32_t due, id;
};

struct channel {
	char name[24];
	const struct mon_params *params;
	uint32_t interval; /* notificationIntervalSeconds; 0: every change goes out */
	bool once;         /* alertOnlyOnce */
};

struct det {
	const struct detector_ops *ops;
	void *self;
};

struct detect_out {
	struct pipeline *p;
	uint32_t peer; /* peer of the current event */
	uint32_t key;  /* its (peer, prefix) entry, NONE until a hit creates it */
	int failed;
	/* detect_config_match's answer for this event */
	bool matched;
	const struct monitor_config *match_cfg;
	struct prefix match_pfx;
	const struct mon_prefix *match;
};

const struct mon_prefix *detect_config_match(struct detect_out *out,
                                             const struct monitor_config *cfg,
                                             const struct prefix *p)
{
	if (out->matched && out->match_cfg == cfg && prefix_equal(&out->match_pfx, p))
		return out->match;
	out->matched = true;
	out->match_cfg = cfg;
	out->match_pfx = *p;
	out->match = monitor_config_match(cfg, p);
	return out->match;
}

struct pipeline {
	struct detect_ctx ctx;
	struct route_state *rs;
	struct det *dets;
	size_t ndets;
	pipeline_alert_fn on_alert;
	void *arg;
	struct pipeline_stats stats;
	uint32_t now;
	uint64_t next_id;

	struct channel channels[MAX_CHANNELS];
	size_t nchannels;

	struct group *groups;
	size_t ngroups, groups_cap;
	uint32_t group_free;
	uint32_t ghosts; /* groups listed to sweep when the second ends; NONE if none */
	struct idtab group_tab;

	struct contrib *contribs;
	size_t ncontribs, contribs_cap;
	uint32_t contrib_free;

	struct pp_key *keys;
	size_t nkeys, keys_cap;
	uint32_t key_free;
	struct idtab key_tab;

	uint32_t *waiting; /* groups past their threshold waiting out fadeOffSeconds */
	size_t nwaiting, waiting_cap;

	struct timer *timers; /* min-heap by due: groups withheld or dormant */
	size_t ntimers, timers_cap;

	struct prefix *scratch; /* a down peer's prefixes */
	size_t scratch_cap;
	struct alert report; /* the alert being reported (alert_of) */
};

static uint64_t hash_prefix(const struct prefix *p)
{
	uint64_t a, b;
	memcpy(&a, p->addr, 8);
	memcpy(&b, p->addr + 8, 8);
	return idtab_mix(a ^ idtab_mix(b ^ ((uint64_t)p->family << 8 | p->len)));
}

static uint64_t group_key_hash(uint32_t channel, const struct prefix *pfx, uint32_t offender)
{
	return idtab_mix(hash_prefix(pfx) ^ ((uint64_t)channel << 32 | offender));
}

static uint64_t group_hash(const void *ctx, uint32_t id)
{
	const struct group *g = &((const struct pipeline *)ctx)->groups[id];
	return group_key_hash(g->channel, &g->prefix, g->offender_as);
}

static uint64_t pp_key_hash(uint32_t peer, const struct prefix *pfx)
{
	return idtab_mix(hash_prefix(pfx) ^ peer);
}

static uint64_t key_hash(const void *ctx, uint32_t id)
{
	const struct pp_key *k = &((const struct pipeline *)ctx)->keys[id];
	return pp_key_hash(k->peer, &k->pfx);
}

/* The channel index of type (registered on first use); NONE when full. */
static uint32_t channel_of(struct pipeline *p, const char *type)
{
	for (size_t i = 0; i < p->nchannels; i++)
		if (!strcmp(p->channels[i].name, type))
			return (uint32_t)i;
	if (p->nchannels == MAX_CHANNELS)
		return NONE;
	struct channel *c = &p->channels[p->nchannels];
	snprintf(c->name, sizeof c->name, "%s", type);
	c->params = detect_params(p->ctx.cfg, type);
	c->interval = 0;
	c->once = false;
	if (p->ctx.cfg) { /* BGPalerter: the monitor's params first, then config.yml's */
		c->interval = c->params->notification_interval_seconds
		                  ? c->params->notification_interval_seconds
		                  : p->ctx.cfg->notification_interval_seconds;
		c->once = p->ctx.cfg->alert_only_once || c->params->alert_only_once;
	}
	return (uint32_t)p->nchannels++;
}

/* Copy src into dst of n bytes (n > 0), cut to fit; returns the end. */
static char *copy_str(char *dst, size_t n, const char *src)
{
	size_t l = src ? strnlen(src, n - 1) : 0;
	memcpy(dst, src ? src : "", l);
	dst[l] = '\0';
	return dst + l;
}

/* The full alert of group g, into a (no printf: a replay reports
 * hundreds of thousands). */
static void alert_of(const struct pipeline *p, const struct group *g, struct alert *a)
{
	const char *type = p->channels[g->channel].name;
	char pfx[PREFIX_STRLEN];
	memset(a, 0, offsetof(struct alert, samples));
	prefix_format(&g->prefix, pfx, sizeof pfx);
	/* "type|prefix|offender": at most 23 + 1 + 49 + 1 + 10 < sizeof a->key */
	char *k = copy_str(a->key, sizeof a->key, type);
	*k++ = '|';
	k = copy_str(k, PREFIX_STRLEN, pfx);
	*k++ = '|';
	*mrt_fmt_u32(k, g->offender_as) = '\0';
	copy_str(a->type, sizeof a->type, type);
	copy_str(a->code, sizeof a->code, g->code);
	copy_str(a->description, sizeof a->description, g->description);
	if (g->monitored) {
		a->monitored = g->monitored->pfx;
		const char *rule = g->monitored->description;
		if ((!rule || !*rule) && g->monitored->ngroups)
			rule = g->monitored->groups[0];
		copy_str(a->rule, sizeof a->rule, rule);
	}
	a->id = g->id;
	a->state = g->state;
	a->severity = g->severity;
	a->prefix = g->prefix;
	a->affected_as = g->affected_as;
	a->offender_as = g->offender_as;
	a->npeers = g->npeers;
	a->max_peers = g->max_peers;
	a->first_seen = g->first_seen;
	a->last_seen = g->last_seen;
	a->resolved_at = g->resolved_at;
	a->version = g->version;
	a->nth = g->nth;
	a->flaps = g->flaps;
	a->suppressed = g->withheld;
	a->rpki = g->rpki;
	a->irr = g->irr;
	a->score = g->score;
	a->nsamples = g->nsamples;
	if (g->nsamples)
		memcpy(a->samples, g->samples, g->nsamples * sizeof *g->samples);
}

/* The group's current version to on_alert; withheld: for the store only. */
static void report(struct pipeline *p, struct group *g, bool withheld)
{
	if (!p->on_alert)
		return;
	alert_of(p, g, &p->report);
	p->report.withheld = withheld;
	p->on_alert(p->arg, &p->report);
}

static void notify(struct pipeline *p, struct group *g, enum alert_state s)
{
	g->state = s;
	g->version++;
	g->notified = g->npeers;
	g->told = true;
	g->told_at = p->now;
	g->told_active = s != ALERT_RESOLVED;
	g->dirty = false;
	if (s == ALERT_OPEN)
		p->stats.opened++;
	else if (s == ALERT_UPDATED)
		p->stats.updated++;
	else
		p->stats.resolved++;
	report(p, g, false);
}

/* ---- notificationIntervalSeconds, alertOnlyOnce, flaps ---- */

/* When g's timer is due: its withheld state goes out (first), or, dormant,
 * it is forgotten. 0 when it needs none (alertOnlyOnce: never again). */
static uint32_t timer_due(const struct pipeline *p, const struct group *g)
{
	const struct channel *c = &p->channels[g->channel];
	if (!g->in_use || c->once || !c->interval || !(g->dirty || g->dormant))
		return 0;
	uint64_t due = (uint64_t)(g->dirty ? g->told_at : g->resolved_at) + c->interval;
	return due >= UINT32_MAX ? UINT32_MAX - 1 : due ? (uint32_t)due : 1;
}

static void heap_push(struct pipeline *p, struct timer t)
{
	struct timer *v = GROW(p->timers, p->timers_cap, p->ntimers + 1);
	if (!v)
		return; /* out of memory: it goes out at its next change, or at the end */
	p->timers = v;
	size_t i = p->ntimers++;
	while (i > 0 && p->timers[(i - 1) / 2].due > t.due) {
		p->timers[i] = p->timers[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	p->timers[i] = t;
}

static struct timer heap_pop(struct pipeline *p)
{
	struct timer top = p->timers[0], last = p->timers[--p->ntimers];
	size_t i = 0, n = p->ntimers;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && p->timers[c + 1].due < p->timers[c].due)
			c++;
		if (p->timers[c].due >= last.due)
			break;
		p->timers[i] = p->timers[c];
		i = c;
	}
	if (n)
		p->timers[i] = last;
	return top;
}

/* Make sure g has a timer entry for its current due time. */
static void timer_add(struct pipeline *p, uint32_t id)
{
	struct group *g = &p->groups[id];
	uint32_t due = timer_due(p, g);
	if (!due || g->timer_at == due)
		return;
	g->timer_at = due;
	heap_push(p, (struct timer){.due = due, .id = id});
}

/* Whether notification s of g waits: within the interval after the last
 * one that went out, or ever again with alertOnlyOnce. The sinks always
 * hear that an alert they saw open has ended. */
static bool withhold(const struct pipeline *p, const struct group *g, enum alert_state s)
{
	const struct channel *c = &p->channels[g->channel];
	if (!g->told || (s == ALERT_RESOLVED && g->told_active))
		return false;
	if (c->once)
		return true;
	return (uint64_t)p->now < (uint64_t)g->told_at + c->interval;
}

/* Notify s, or withhold it (counted) for the timer or the end to send. */
static void tell(struct pipeline *p, uint32_t id, enum alert_state s)
{
	struct group *g = &p->groups[id];
	if (!withhold(p, g, s)) {
		notify(p, g, s);
		return;
	}
	g->state = s;
	g->version++;
	g->notified = g->npeers;
	g->withheld++;
	p->stats.withheld++;
	if (!g->dirty) {
		g->dirty = true;
		timer_add(p, id);
	}
	report(p, g, true);
}

/* Out of the table and onto the free list. */
static void group_forget(struct pipeline *p, uint32_t id)
{
	struct group *g = &p->groups[id];
	idtab_del(&p->group_tab, p, group_hash,
	          group_key_hash(g->channel, &g->prefix, g->offender_as), id);
	g->in_use = g->ghost = false;
	g->next_free = p->group_free;
	p->group_free = id;
}

/* Free g's description and samples (the next hit gives new ones). */
static void drop_evidence(struct group *g)
{
	free(g->description);
	free(g->samples);
	g->description = NULL;
	g->samples = NULL;
	g->nsamples = g->samples_cap = 0;
}

static void group_release(struct pipeline *p, uint32_t id)
{
	struct group *g = &p->groups[id];
	for (size_t i = 0; g->queued && i < p->nwaiting; i++)
		if (p->waiting[i] == id)
			p->waiting[i--] = p->waiting[--p->nwaiting];
	g->queued = false;
	g->dormant = g->dirty = false;
	g->timer_at = 0;
	drop_evidence(g);
	/* its key may open again this second: the next alert must count this one */
	if (g->first_seen == p->now && (g->opened || g->nth)) {
		g->nth += g->opened;
		g->ghost = true;
		if (!g->listed) {
			g->listed = true;
			g->next_free = p->ghosts;
			p->ghosts = id;
		}
		return;
	}
	group_forget(p, id);
}

/* The second ended: no group can be first seen in it any more. */
static void sweep_ghosts(struct pipeline *p)
{
	uint32_t id = p->ghosts;
	p->ghosts = NONE;
	while (id != NONE) {
		struct group *g = &p->groups[id];
		uint32_t next = g->next_free;
		g->listed = false;
		if (g->ghost)
			group_forget(p, id);
		id = next;
	}
}

static void open_group(struct pipeline *p, uint32_t id)
{
	struct group *g = &p->groups[id];
	if (g->dormant) { /* back within the interval: the same incident again */
		g->dormant = false;
		g->flaps++;
		g->resolved_at = 0;
		tell(p, id, ALERT_OPEN);
		return;
	}
	g->opened = true;
	g->id = ++p->next_id;
	g->version = 0;
	notify(p, g, ALERT_OPEN);
}

/* Whether a resolved g waits, dormant, for its key to come back. */
static bool keep_dormant(const struct pipeline *p, const struct group *g)
{
	const struct channel *c = &p->channels[g->channel];
	return g->opened && (c->once || c->interval);
}

/* Decide what the group's change means: open, update, resolve or forget. */
static void evaluate(struct pipeline *p, uint32_t id)
{
	struct group *g = &p->groups[id];
	if (g->npeers > g->max_peers)
		g->max_peers = g->npeers;
	bool active = g->standing || g->npeers > 0;
	if (!active) {
		g->pending = 0;
		if (g->dormant)
			return;
		if (g->opened) {
			g->resolved_at = p->now;
			tell(p, id, ALERT_RESOLVED);
		}
		if (keep_dormant(p, g)) {
			g->dormant = true;
			timer_add(p, id);
			/* Once its resolution went out, a dormant group is kept for
			 * its id and counts only: a replay in global mode holds
			 * hundreds of thousands. A flap gathers evidence anew. */
			if (!g->dirty)
				drop_evidence(g);
			return;
		}
		group_release(p, id);
		return;
	}
	bool met = g->standing || g->npeers >= g->threshold;
	if (g->opened && !g->dormant) {
		if (g->npeers >= 2 * g->notified && g->npeers > g->notified)
			tell(p, id, ALERT_UPDATED);
		return;
	}
	if (!met) {
		g->pending = 0;
		return;
	}
	if (g->standing || g->hold == 0) {
		open_group(p, id);
		return;
	}
	if (!g->pending) {
		g->pending = p->now ? p->now : 1;
		if (!g->queued) {
			uint32_t *w = GROW(p->waiting, p->waiting_cap, p->nwaiting + 1);
			if (!w) {
				open_group(p, id); /* cannot wait: alert now rather than never */
				return;
			}
			p->waiting = w;
			p->waiting[p->nwaiting++] = id;
			g->queued = true;
		}
	}
}

/* Open the waiting groups whose condition held for fadeOffSeconds. */
static void check_waiting(struct pipeline *p)
{
	size_t keep = 0;
	for (size_t i = 0; i < p->nwaiting; i++) {
		uint32_t id = p->waiting[i];
		struct group *g = &p->groups[id];
		bool shut = !g->opened || g->dormant;
		if (shut && g->pending && p->now >= g->pending + g->hold) {
			g->queued = false;
			open_group(p, id);
			continue;
		}
		if (!shut || !g->pending) {
			g->queued = false;
			continue;
		}
		p->waiting[keep++] = id;
	}
	p->nwaiting = keep;
}

/* A dormant group past its interval that some peers (fewer than the
 * threshold) still report: from now on a new incident, not yet open. */
static void group_restart(struct pipeline *p, struct group *g)
{
	g->opened = g->dormant = g->told = g->told_active = g->dirty = false;
	g->flaps = g->withheld = 0;
	g->version = g->resolved_at = 0;
	g->first_seen = p->now;
	g->nth = 0;
	g->max_peers = g->npeers;
}

/* Send what waited out its interval; forget dormant groups past theirs. */
static void check_timers(struct pipeline *p)
{
	while (p->ntimers && p->timers[0].due <= p->now) {
		struct timer t = heap_pop(p);
		struct group *g = &p->groups[t.id];
		if (g->timer_at == t.due)
			g->timer_at = 0;
		uint32_t due = timer_due(p, g);
		if (!due)
			continue;
		if (due <= p->now && g->dirty) {
			notify(p, g, g->state);
			if (g->dormant)
				drop_evidence(g);
			due = timer_due(p, g);
		}
		if (due && due <= p->now && g->dormant) {
			g->timer_at = 0;
			if (g->contribs == NONE)
				group_release(p, t.id);
			else
				group_restart(p, g); /* peers below the threshold still see it */
			continue;
		}
		timer_add(p, t.id); /* due later: an entry for then */
	}
}

static void advance(struct pipeline *p, uint32_t now)
{
	if (now <= p->now)
		return;
	p->now = now;
	if (p->ghosts != NONE)
		sweep_ghosts(p);
	struct detect_out out = {.p = p, .peer = NONE, .key = NONE};
	for (size_t i = 0; i < p->ndets; i++)
		if (p->dets[i].ops->on_tick)
			p->dets[i].ops->on_tick(p->dets[i].self, now, &out);
	if (p->nwaiting)
		check_waiting(p);
	if (p->ntimers && p->timers[0].due <= now)
		check_timers(p);
}

static uint32_t group_find(const struct pipeline *p, uint32_t channel, const struct prefix *pfx,
                           uint32_t offender, uint64_t h)
{
	if (!p->group_tab.mask)
		return NONE;
	for (size_t j = h & p->group_tab.mask;; j = (j + 1) & p->group_tab.mask) {
		uint32_t id = p->group_tab.slot[j].id;
		if (id == NONE)
			return NONE;
		if (!idtab_maybe(&p->group_tab.slot[j], h))
			continue;
		const struct group *g = &p->groups[id];
		if (g->channel == channel && g->offender_as == offender &&
		    prefix_equal(&g->prefix, pfx))
			return id;
	}
}

/* A new group for hit on channel ch, now. */
static void group_init(struct pipeline *p, struct group *g, uint32_t ch,
                       const struct detect_hit *hit, uint32_t nth)
{
	*g = (struct group){.prefix = hit->prefix,
	                    .offender_as = hit->offender_as,
	                    .monitored = hit->monitored,
	                    .first_seen = p->now,
	                    .nth = nth};
	g->channel = ch;
	g->contribs = NONE;
	g->pending = g->notified = 0;
	g->in_use = true;
	g->opened = g->standing = g->queued = g->ghost = g->listed = false;
	const struct mon_params *mp = p->channels[ch].params;
	g->threshold = hit->threshold ? hit->threshold : mp->threshold_min_peers;
	if (!g->threshold)
		g->threshold = 1;
	g->hold = hit->hold_seconds;
}

/* The group for hit, creating it; NONE when out of memory. */
static uint32_t group_get(struct pipeline *p, const struct detect_hit *hit)
{
	uint32_t ch = channel_of(p, hit->type);
	if (ch == NONE)
		return NONE;
	uint64_t h = group_key_hash(ch, &hit->prefix, hit->offender_as);
	uint32_t id = group_find(p, ch, &hit->prefix, hit->offender_as, h);
	if (id != NONE) {
		struct group *g = &p->groups[id];
		if (g->ghost) { /* the same key again within the second: the next nth */
			uint32_t link = g->next_free;
			group_init(p, g, ch, hit, g->nth);
			g->listed = true;
			g->next_free = link;
		}
		return id;
	}
	if (idtab_reserve(&p->group_tab, p, group_hash))
		return NONE;
	if (p->group_free != NONE) {
		id = p->group_free;
		p->group_free = p->groups[id].next_free;
	} else {
		struct group *v =
		    p->ngroups < NONE - 1 ? GROW(p->groups, p->groups_cap, p->ngroups + 1) : NULL;
		if (!v)
			return NONE;
		p->groups = v;
		id = (uint32_t)p->ngroups++;
	}
	group_init(p, &p->groups[id], ch, hit, 0);
	idtab_put(&p->group_tab, h, id);
	return id;
}

/* Keep desc (as struct alert will hold it) unless g has it already.
 * Returns 0, or -1 when out of memory. */
static int set_description(struct group *g, const char *desc)
{
	size_t n = strnlen(desc, sizeof(((struct alert *)0)->description) - 1);
	if (g->description && strlen(g->description) == n && !memcmp(g->description, desc, n))
		return 0;
	char *d = resize(g->description, n + 1, 1);
	if (!d)
		return -1;
	memcpy(d, desc, n);
	d[n] = 0;
	g->description = d;
	return 0;
}

/* Copy the facts of the latest hit (they may change: a new RPKI state).
 * Returns 0, or -1 when out of memory. */
static int update_facts(struct group *g, const struct detect_hit *hit, uint32_t now)
{
	copy_str(g->code, sizeof g->code, hit->code);
	g->severity = hit->severity ? hit->severity : ALERT_WARNING;
	g->affected_as = hit->affected_as;
	g->rpki = hit->rpki;
	g->irr = hit->irr;
	g->score = hit->score;
	g->last_seen = now;
	return hit->description ? set_description(g, hit->description) : 0;
}

/* Returns 0, or -1 when out of memory. */
static int add_sample(struct pipeline *p, struct group *g, const struct route_event *ev)
{
	unsigned cap = p->channels[g->channel].params->max_data_samples;
	if (cap > ALERT_MAX_SAMPLES || cap == 0)
		cap = ALERT_MAX_SAMPLES;
	if (g->nsamples >= cap)
		return 0;
	for (unsigned i = 0; i < g->nsamples; i++)
		if (g->samples[i].peer_as == ev->peer_as &&
		    prefix_equal(&g->samples[i].peer_addr, &ev->peer_addr))
			return 0;
	if (g->nsamples == g->samples_cap) {
		unsigned room = g->samples_cap ? g->samples_cap * 2u : 1u;
		if (room > ALERT_MAX_SAMPLES)
			room = ALERT_MAX_SAMPLES;
		struct alert_sample *v = resize(g->samples, room, sizeof *v);
		if (!v)
			return -1;
		g->samples = v;
		g->samples_cap = (uint8_t)room;
	}
	struct alert_sample *s = &g->samples[g->nsamples++];
	s->peer_as = ev->peer_as;
	s->peer_addr = ev->peer_addr;
	s->time = ev->time;
	size_t n = ev->path_len < ALERT_MAX_PATH ? ev->path_len : ALERT_MAX_PATH;
	s->path_len = (uint8_t)n;
	if (n)
		memcpy(s->path, ev->path, n * sizeof *s->path);
	return 0;
}

static bool group_has_peer_as(const struct pipeline *p, const struct group *g, uint32_t peer_as,
                              uint32_t except)
{
	for (uint32_t c = g->contribs; c != NONE; c = p->contribs[c].gnext)
		if (c != except && p->contribs[c].peer_as == peer_as)
			return true;
	return false;
}

/* The (peer, prefix) entry, creating it when create; NONE if absent/no memory. */
static uint32_t key_get(struct pipeline *p, uint32_t peer, const struct prefix *pfx, bool create)
{
	uint64_t h = pp_key_hash(peer, pfx);
	if (p->key_tab.mask) {
		for (size_t j = h & p->key_tab.mask;; j = (j + 1) & p->key_tab.mask) {
			uint32_t id = p->key_tab.slot[j].id;
			if (id == NONE)
				break;
			if (idtab_maybe(&p->key_tab.slot[j], h) && p->keys[id].peer == peer &&
			    !memcmp(&p->keys[id].pfx, pfx,
			            sizeof *pfx)) /* hashed whole: see hash_prefix */
				return id;
		}
	}
	if (!create || idtab_reserve(&p->key_tab, p, key_hash))
		return NONE;
	uint32_t id;
	if (p->key_free != NONE) {
		id = p->key_free;
		p->key_free = p->keys[id].head;
	} else {
		struct pp_key *v =
		    p->nkeys < NONE - 1 ? GROW(p->keys, p->keys_cap, p->nkeys + 1) : NULL;
		if (!v)
			return NONE;
		p->keys = v;
		id = (uint32_t)p->nkeys++;
	}
	p->keys[id] = (struct pp_key){.pfx = *pfx, .peer = peer, .head = NONE};
	idtab_put(&p->key_tab, h, id);
	return id;
}

static void key_release(struct pipeline *p, uint32_t id)
{
	struct pp_key *k = &p->keys[id];
	idtab_del(&p->key_tab, p, key_hash, pp_key_hash(k->peer, &k->pfx), id);
	k->head = p->key_free;
	p->key_free = id;
}

/* Add a contribution of ev's peer to group gid; NONE when out of memory. */
static uint32_t contrib_add(struct pipeline *p, uint32_t gid, uint32_t key, uint32_t peer_as)
{
	uint32_t c;
	if (p->contrib_free != NONE) {
		c = p->contrib_free;
		p->contrib_free = p->contribs[c].knext;
	} else {
		struct contrib *v = p->ncontribs < NONE - 1
		                        ? GROW(p->contribs, p->contribs_cap, p->ncontribs + 1)
		                        : NULL;
		if (!v)
			return NONE;
		p->contribs = v;
		c = (uint32_t)p->ncontribs++;
	}
	struct group *g = &p->groups[gid];
	bool new_as = !group_has_peer_as(p, g, peer_as, NONE);
	p->contribs[c] = (struct contrib){.group = gid,
	                                  .key = key,
	                                  .peer_as = peer_as,
	                                  .gnext = g->contribs,
	                                  .gprev = NONE,
	                                  .knext = p->keys[key].head};
	if (g->contribs != NONE)
		p->contribs[g->contribs].gprev = c;
	g->contribs = c;
	p->keys[key].head = c;
	if (new_as)
		g->npeers++;
	return c;
}

/* Unlink contribution c from its group (not from its key) and free it. */
static void contrib_drop(struct pipeline *p, uint32_t c)
{
	struct contrib *x = &p->contribs[c];
	struct group *g = &p->groups[x->group];
	if (!group_has_peer_as(p, g, x->peer_as, c))
		g->npeers--;
	if (x->gprev != NONE)
		p->contribs[x->gprev].gnext = x->gnext;
	else
		g->contribs = x->gnext;
	if (x->gnext != NONE)
		p->contribs[x->gnext].gprev = x->gprev;
	uint32_t gid = x->group;
	x->knext = p->contrib_free;
	p->contrib_free = c;
	evaluate(p, gid);
}

void detect_emit(struct detect_out *out, const struct detect_hit *hit, const struct route_event *ev)
{
	struct pipeline *p = out->p;
	p->stats.hits++;
	uint32_t gid = group_get(p, hit);
	if (gid == NONE) {
		out->failed = 1;
		return;
	}
	struct group *g = &p->groups[gid];
	if (update_facts(g, hit, ev ? ev->time : p->now))
		out->failed = 1;
	if (!ev) {
		g->standing = true;
		evaluate(p, gid);
		return;
	}
	/* In on_event ev is the event being processed; from on_tick it is one
	 * the detector built, whose contribution lasts until that peer's next
	 * event for the prefix. */
	uint32_t key = out->key;
	if (out->peer == NONE)
		key = key_get(p, route_state_peer(p->rs, ev), &ev->pfx, true);
	else if (key == NONE)
		key = out->key = key_get(p, out->peer, &ev->pfx, true);
	if (key == NONE) {
		out->failed = 1;
		return;
	}
	for (uint32_t c = p->keys[key].head; c != NONE; c = p->contribs[c].knext) {
		if (p->contribs[c].group == gid) {
			p->contribs[c].stale = false; /* reported again: it stays */
			if (ev->type == ROUTE_EV_ANNOUNCE && add_sample(p, g, ev))
				out->failed = 1;
			return;
		}
	}
	if (contrib_add(p, gid, key, ev->peer_as) == NONE) {
		out->failed = 1;
		return;
	}
	if (ev->type == ROUTE_EV_ANNOUNCE && add_sample(p, g, ev))
		out->failed = 1;
	evaluate(p, gid);
}

void detect_resolve(struct detect_out *out, const char *type, const struct prefix *pfx,
                    uint32_t offender_as, uint32_t time)
{
	struct pipeline *p = out->p;
	uint32_t ch = channel_of(p, type);
	if (ch == NONE)
		return;
	uint32_t gid = group_find(p, ch, pfx, offender_as, group_key_hash(ch, pfx, offender_as));
	if (gid == NONE || !p->groups[gid].standing)
		return;
	p->groups[gid].standing = false;
	p->groups[gid].last_seen = time;
	evaluate(p, gid);
}

/* Drop the contributions of key still marked stale after the detectors ran. */
static void sweep_stale(struct pipeline *p, uint32_t key)
{
	uint32_t *link = &p->keys[key].head;
	while (*link != NONE) {
		uint32_t c = *link;
		if (!p->contribs[c].stale) {
			link = &p->contribs[c].knext;
			continue;
		}
		*link = p->contribs[c].knext;
		contrib_drop(p, c);
	}
	if (p->keys[key].head == NONE)
		key_release(p, key);
}

static int process(struct pipeline *p, const struct route_event *ev, struct err *e)
{
	struct route_view prev;
	bool had = false;
	if (route_state_apply(p->rs, ev, &prev, &had))
		return err_set(e, "monitor: out of memory for the route state");
	uint32_t peer = route_state_last_peer(p->rs);
	uint32_t key = key_get(p, peer, &ev->pfx, false);
	if (key != NONE)
		for (uint32_t c = p->keys[key].head; c != NONE; c = p->contribs[c].knext)
			p->contribs[c].stale = true;
	struct detect_out out = {.p = p, .peer = peer, .key = key};
	for (size_t i = 0; i < p->ndets; i++)
		p->dets[i].ops->on_event(p->dets[i].self, ev, had ? &prev : NULL, &out);
	if (out.key != NONE)
		sweep_stale(p, out.key);
	if (out.failed)
		return err_set(e, "monitor: out of memory for alerts");
	return 0;
}

struct down_list {
	struct pipeline *p;
	size_t n;
	int failed;
};

static int down_collect(void *arg, const struct prefix *pfx, const struct route_view *r)
{
	struct down_list *d = arg;
	struct prefix *v = GROW(d->p->scratch, d->p->scratch_cap, d->n + 1);
	if (!v) {
		d->failed = 1;
		return 1;
	}
	d->p->scratch = v;
	v[d->n++] = *pfx;
	return 0;
}

/* Warm the route state for the prefixes a peer down withdraws next: the
 * one six ahead's hash slot, four ahead's record, two ahead's routes. */
static void prefetch_ahead(const struct pipeline *p, size_t i, size_t n)
{
	for (int step = 0; step < 3; step++) {
		size_t ahead = i + 6 - 2 * (size_t)step;
		if (ahead < n)
			route_state_prefetch(p->rs, &p->scratch[ahead], step);
	}
}

/* A peer went down: each of its routes is withdrawn, as detectors expect. */
static int peer_down(struct pipeline *p, const struct route_event *ev, struct err *e)
{
	unsigned peer = route_state_peer(p->rs, ev);
	struct down_list d = {.p = p};
	route_state_foreach_peer(p->rs, peer, down_collect, &d);
	if (d.failed)
		return err_set(e, "monitor: out of memory on peer down");
	struct route_event w = *ev;
	w.type = ROUTE_EV_WITHDRAW;
	w.path = NULL;
	w.path_len = 0;
	for (size_t i = 0; i < d.n; i++) {
		prefetch_ahead(p, i, d.n);
		w.pfx = p->scratch[i];
		if (process(p, &w, e))
			return -1;
	}
	if (route_state_apply(p->rs, ev, NULL, NULL))
		return err_set(e, "monitor: out of memory for the route state");
	return 0;
}

int pipeline_feed(struct pipeline *p, const struct route_event *ev, struct err *e)
{
	p->stats.events++;
	advance(p, ev->time);
	switch (ev->type) {
	case ROUTE_EV_ANNOUNCE:
		p->stats.announces++;
		return process(p, ev, e);
	case ROUTE_EV_WITHDRAW:
		p->stats.withdraws++;
		return process(p, ev, e);
	case ROUTE_EV_PEER_DOWN:
		p->stats.peer_downs++;
		return peer_down(p, ev, e);
	}
	return err_set(e, "monitor: unknown route event type %d", (int)ev->type);
}

int pipeline_standing(struct pipeline *p, uint32_t now,
                      void (*fn)(void *arg, struct detect_out *out), void *arg, struct err *e)
{
	advance(p, now);
	struct detect_out out = {.p = p, .peer = NONE, .key = NONE};
	fn(arg, &out);
	if (out.failed)
		return err_set(e, "monitor: out of memory for alerts");
	return 0;
}

void pipeline_finish(struct pipeline *p)
{
	for (size_t i = 0; i < p->nwaiting; i++) {
		uint32_t id = p->waiting[i];
		struct group *g = &p->groups[id];
		g->queued = false;
		if ((!g->opened || g->dormant) && g->pending)
			open_group(p, id);
	}
	p->nwaiting = 0;
	pipeline_flush(p);
}

void pipeline_flush(struct pipeline *p)
{
	for (size_t i = 0; i < p->ntimers; i++) {
		struct group *g = &p->groups[p->timers[i].id];
		/* a dormant one's entry comes due no later than its forgetting,
		 * which check_timers then schedules */
		if (g->in_use && g->dirty && !p->channels[g->channel].once)
			notify(p, g, g->state);
	}
}

void pipeline_prefetch(const struct pipeline *p, const struct prefix *pfx, int step)
{
	route_state_prefetch(p->rs, pfx, step);
}

void pipeline_tick(struct pipeline *p, uint32_t now)
{
	advance(p, now);
}

void pipeline_get_stats(const struct pipeline *p, struct pipeline_stats *s)
{
	*s = p->stats;
}

const struct route_state *pipeline_state(const struct pipeline *p)
{
	return p->rs;
}

static int add_detector(struct pipeline *p, const struct detector_ops *ops, bool required,
                        struct err *e)
{
	struct err de;
	err_clear(&de);
	/* "all detectors" honours config.yml: a channel switched off there stays off */
	const struct mon_params *mp =
	    p->ctx.cfg ? monitor_config_params(p->ctx.cfg, ops->name) : NULL;
	if (!required && mp && !mp->enabled)
		return 0;
	void *self = ops->create ? ops->create(&p->ctx, &de) : NULL;
	if (ops->create && !self) {
		if (!required)
			return 0; /* "all detectors": the ones ctx cannot feed stay off */
		return err_set(e, "monitor: detector %s: %s", ops->name,
		               de.msg[0] ? de.msg : "cannot start");
	}
	p->dets[p->ndets++] = (struct det){.ops = ops, .self = self};
	return 0;
}

static struct pipeline *pipeline_alloc(const struct detect_ctx *ctx, size_t ndets, unsigned keep,
                                       pipeline_alert_fn on_alert, void *arg, struct err *e)
{
	struct pipeline *p = calloc(1, sizeof *p);
	if (!p || !(p->rs = route_state_new(keep)) ||
	    !(p->dets = calloc(ndets ? ndets : 1, sizeof *p->dets))) {
		pipeline_free(p);
		err_set(e, "monitor: out of memory");
		return NULL;
	}
	p->ctx = *ctx;
	p->ctx.state = p->rs;
	p->on_alert = on_alert;
	p->arg = arg;
	p->group_free = p->contrib_free = p->key_free = p->ghosts = NONE;
	return p;
}

struct pipeline *pipeline_new(const struct detect_ctx *ctx, const char *const *detectors,
                              pipeline_alert_fn on_alert, void *arg, struct err *e)
{
	size_t n = 0;
	unsigned keep = 0;
	for (; detectors ? detectors[n] != NULL : detector_all[n] != NULL; n++) {
		const struct detector_ops *ops =
		    detectors ? detector_find(detectors[n]) : detector_all[n];
		if (!ops) {
			err_set(e, "monitor: unknown detector '%s'", detectors[n]);
			return NULL;
		}
		keep |= ops->keep;
	}
	struct pipeline *p = pipeline_alloc(ctx, n, keep, on_alert, arg, e);
	if (!p)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct detector_ops *ops =
		    detectors ? detector_find(detectors[i]) : detector_all[i];
		if (add_detector(p, ops, detectors != NULL, e)) {
			pipeline_free(p);
			return NULL;
		}
	}
	return p;
}

struct pipeline *pipeline_new_ops(const struct detect_ctx *ctx,
                                  const struct detector_ops *const *ops, pipeline_alert_fn on_alert,
                                  void *arg, struct err *e)
{
	size_t n = 0;
	unsigned keep = 0;
	for (; ops[n]; n++)
		keep |= ops[n]->keep;
	struct pipeline *p = pipeline_alloc(ctx, n, keep, on_alert, arg, e);
	if (!p)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (add_detector(p, ops[i], true, e)) {
			pipeline_free(p);
			return NULL;
		}
	return p;
}

void pipeline_free(struct pipeline *p)
{
	if (!p)
		return;
	for (size_t i = 0; p->dets && i < p->ndets; i++)
		if (p->dets[i].ops->destroy)
			p->dets[i].ops->destroy(p->dets[i].self);
	free(p->dets);
	route_state_free(p->rs);
	for (size_t i = 0; i < p->ngroups; i++) {
		free(p->groups[i].description);
		free(p->groups[i].samples);
	}
	free(p->groups);
	free(p->group_tab.slot);
	free(p->contribs);
	free(p->keys);
	free(p->key_tab.slot);
	free(p->waiting);
	free(p->timers);
	free(p->scratch);
	free(p);
}
