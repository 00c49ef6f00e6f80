/* SPDX-License-Identifier: ISC */
/* dispatch.c - store first, then sinks; retries with backoff, in order;
 * deliveries in flight to asynchronous sinks tracked until their outcome. */
#include "detect/dispatch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "core/log.h"
#include "detect/alert_json_read.h"

/* An alert waiting in memory: for the store, or (no store) for sinks. */
struct entry {
	struct alert a;
	uint64_t seq;      /* this run's order of alerts: what a flight points at */
	uint32_t owed;     /* bit i: sink i has not taken it yet */
	uint32_t inflight; /* bit i: with sink i, outcome not known yet */
	bool unstored;     /* the store has not taken it yet */
};

/* A delivery an asynchronous sink took, outcome not known yet. */
struct flight {
	uint64_t seq; /* the memory entry it came from (0: from the store) */
	uint64_t id;
	uint32_t version;
	bool stored; /* pending in the store: marked there when it worked */
	bool doomed; /* taken before a failure was reported: fails unsent */
};

struct sink_state {
	struct alert_sink *sink;
	double down_until; /* no attempt before this */
	unsigned failures; /* in a row */
	bool backlog;      /* older alerts wait: new ones queue behind them */
	unsigned long delivered, failed;
	struct flight *fl; /* in flight, in the order taken: fl[0 .. nfl) */
	size_t nfl;
};

struct dispatch {
	struct alert_store *st;
	struct dispatch_options o;
	double now;
	uint64_t id_base; /* the store's ids before this run: pipeline ids follow */
	size_t n;
	struct sink_state sinks[DISPATCH_MAX_SINKS];
	const char *names[DISPATCH_MAX_SINKS];
	struct entry *q; /* FIFO: q[qhead .. qhead + qlen) */
	size_t qhead, qlen, qcap, unstored;
	struct entry cur;        /* the alert being dispatched */
	uint64_t seq;            /* the last entry's seq */
	double store_retry_at;   /* no store attempt before this */
	unsigned store_failures; /* in a row */
	struct dispatch_stats stats;
};

static double backoff(const struct dispatch *d, unsigned failures)
{
	double t = d->o.retry_min;
	for (unsigned i = 1; i < failures && t < d->o.retry_max; i++)
		t *= 2;
	return t < d->o.retry_max ? t : d->o.retry_max;
}

/* ---- the store's health ---- */

static void store_failed(struct dispatch *d, const struct err *e)
{
	d->stats.store_errors++;
	if (d->store_failures++ == 0)
		log_err(
		    "alert store: %s; alerts wait in memory (at most %zu) and detection goes on",
		    e->msg, d->o.queue_max);
	d->store_retry_at = d->now + backoff(d, d->store_failures);
}

static void store_worked(struct dispatch *d)
{
	if (d->store_failures)
		log_info("alert store %s: works again after %u failed attempts",
		         alert_store_path(d->st), d->store_failures);
	d->store_failures = 0;
}

static bool store_usable(const struct dispatch *d)
{
	return d->st && d->now >= d->store_retry_at;
}

/* ---- one delivery ---- */

static void sink_failed(struct dispatch *d, size_t i, uint64_t id, uint32_t version, bool stored,
                        const char *why)
{
	struct sink_state *s = &d->sinks[i];
	struct err se;
	s->failed++;
	s->backlog = true;
	if (s->failures++ == 0)
		log_warn("alert sink %s: %s; alerts wait and are retried with backoff",
		         s->sink->name, why);
	s->down_until = d->now + backoff(d, s->failures);
	if (stored &&
	    alert_store_failed(d->st, id, version, s->sink->name, s->down_until, why, &se))
		store_failed(d, &se);
}

static void sink_worked(struct dispatch *d, size_t i, uint64_t id, uint32_t version, bool stored)
{
	struct sink_state *s = &d->sinks[i];
	struct err se;
	s->delivered++;
	if (s->failures)
		log_info("alert sink %s: works again after %u failed attempts", s->sink->name,
		         s->failures);
	s->failures = 0;
	/* if this fails the alert may go out again after a restart: said once */
	if (stored && alert_store_delivered(d->st, id, version, s->sink->name, &se) < 0)
		store_failed(d, &se);
}

/* Sink i took a (from the memory entry en, or NULL) in flight. */
static void take_off(struct dispatch *d, size_t i, const struct alert *a, struct entry *en,
                     bool stored)
{
	struct sink_state *s = &d->sinks[i];
	s->fl[s->nfl++] = (struct flight){en ? en->seq : 0, a->id, a->version, stored, false};
	if (en)
		en->inflight |= 1u << i;
}

/* Hand a (from the memory entry en, or NULL) to sink i. Returns 0 when it
 * took it, 1 when it took it in flight, -1 when it failed (down now). */
static int deliver(struct dispatch *d, size_t i, const struct alert *a, struct entry *en,
                   bool stored)
{
	struct alert_sink *sink = d->sinks[i].sink;
	struct err e;
	err_clear(&e);
	int rc = sink->ops->deliver(sink->self, a, &e);
	if (rc == ALERT_SINK_IN_FLIGHT && d->sinks[i].fl) {
		take_off(d, i, a, en, stored);
		return 1;
	}
	if (rc == 0) {
		sink_worked(d, i, a->id, a->version, stored);
		return 0;
	}
	if (!e.msg[0])
		err_set(&e, "delivery failed");
	sink_failed(d, i, a->id, a->version, stored, e.msg);
	return -1;
}

static bool sink_ready(const struct dispatch *d, size_t i)
{
	return d->now >= d->sinks[i].down_until;
}

/* Sink i can take one more (an asynchronous sink has a cap in flight). */
static bool sink_room(const struct dispatch *d, size_t i)
{
	return !d->sinks[i].fl || d->sinks[i].nfl < d->o.inflight_max;
}

/* ---- the memory queue ---- */

/* The entry numbered seq, or NULL when it left the queue. */
static struct entry *queue_find(struct dispatch *d, uint64_t seq)
{
	for (size_t k = d->qhead; seq && k < d->qhead + d->qlen; k++)
		if (d->q[k].seq == seq)
			return &d->q[k];
	return NULL;
}

static void drop_oldest(struct dispatch *d)
{
	struct entry *old = &d->q[d->qhead];
	if (old->unstored)
		d->unstored--;
	d->qhead++;
	d->qlen--;
	unsigned long n = ++d->stats.dropped;
	if ((n & (n - 1)) == 0) /* 1, 2, 4, 8...: loud at first, then rarer */
		log_err("alert queue full (%zu): %lu alerts dropped so far", d->o.queue_max, n);
}

/* Drop entries that nobody waits for any more, keeping the order. */
static void queue_compact(struct dispatch *d)
{
	size_t out = d->qhead;
	for (size_t i = d->qhead; i < d->qhead + d->qlen; i++)
		if (d->q[i].owed || d->q[i].unstored)
			d->q[out++] = d->q[i];
	d->qlen = out - d->qhead;
}

/* Room for one more entry at the tail; false when out of memory. */
static bool queue_room(struct dispatch *d)
{
	/* the oldest may have been delivered (in flight) since the last poll */
	while (d->qlen == d->o.queue_max && !d->q[d->qhead].owed && !d->q[d->qhead].unstored) {
		d->qhead++;
		d->qlen--;
	}
	if (d->qlen == d->o.queue_max)
		drop_oldest(d);
	if (d->qhead + d->qlen < d->qcap)
		return true;
	if (d->qhead > 0) {
		memmove(d->q, d->q + d->qhead, d->qlen * sizeof *d->q);
		d->qhead = 0;
		return true;
	}
	size_t cap = d->qcap ? d->qcap * 2 : 16;
	if (cap > d->o.queue_max)
		cap = d->o.queue_max;
	struct entry *q = resize(d->q, cap, sizeof *q);
	if (!q)
		return false;
	d->q = q;
	d->qcap = cap;
	return true;
}

static void queue_push(struct dispatch *d, const struct entry *en)
{
	if (!queue_room(d)) {
		d->stats.dropped++;
		log_err("alert %s v%u lost: out of memory", en->a.key, (unsigned)en->a.version);
		return;
	}
	d->q[d->qhead + d->qlen++] = *en;
	if (en->unstored)
		d->unstored++;
}

/* ---- outcomes of deliveries in flight ---- */

struct outcome_ctx {
	struct dispatch *d;
	size_t i;
};

/* The flight of (id, version) to sink i, or -1 when there is none. */
static long flight_find(const struct sink_state *s, uint64_t id, uint32_t version)
{
	for (size_t k = 0; k < s->nfl; k++)
		if (s->fl[k].id == id && s->fl[k].version == version)
			return (long)k;
	return -1;
}

/* alert_sink_done_fn: one outcome from sink i, normally of its oldest flight. */
static void on_outcome(void *arg, uint64_t id, uint32_t version, const char *why)
{
	struct outcome_ctx *c = arg;
	struct dispatch *d = c->d;
	struct sink_state *s = &d->sinks[c->i];
	uint32_t bit = 1u << c->i;
	long k = flight_find(s, id, version);
	if (k < 0) {
		log_err("alert sink %s: outcome of alert %llu v%u, not given to it; ignored",
		        s->sink->name, (unsigned long long)id, (unsigned)version);
		return;
	}
	struct flight f = s->fl[k];
	memmove(s->fl + k, s->fl + k + 1, (s->nfl - (size_t)k - 1) * sizeof *s->fl);
	s->nfl--;
	struct entry *en = queue_find(d, f.seq);
	if (en)
		en->inflight &= ~bit;
	if (!why) {
		if (en)
			en->owed &= ~bit;
		sink_worked(d, c->i, id, version, f.stored);
		return;
	}
	if (f.doomed)
		return; /* not sent: not an attempt; it stays owed */
	sink_failed(d, c->i, id, version, f.stored, why);
	/* the sink fails the later ones unsent (alert_sink.h): resent in order */
	for (size_t j = 0; j < s->nfl; j++)
		s->fl[j].doomed = true;
}

/* Collect sink i's outcomes (waiting, at most its timeout, for all when
 * wait). Returns the deliveries still in flight. */
static size_t collect(struct dispatch *d, size_t i, bool wait)
{
	struct alert_sink *sink = d->sinks[i].sink;
	struct outcome_ctx c = {d, i};
	if (!d->sinks[i].fl || (!d->sinks[i].nfl && !wait))
		return 0;
	sink->ops->poll(sink->self, wait, on_outcome, &c);
	return d->sinks[i].nfl;
}

/* A flight of sink i taken before a failure it reported still waits for
 * its outcome: resending anything now could overtake it. */
static bool doomed_in_flight(const struct sink_state *s)
{
	for (size_t k = 0; k < s->nfl; k++)
		if (s->fl[k].doomed)
			return true;
	return false;
}

/* ---- the pipeline's side ---- */

static void count_type(struct dispatch *d, const struct alert *a)
{
	size_t i;
	for (i = 0; i < d->stats.ntypes; i++)
		if (!strncmp(d->stats.types[i].type, a->type, sizeof a->type))
			break;
	if (i == d->stats.ntypes) {
		if (i == DISPATCH_MAX_TYPES) {
			i = DISPATCH_MAX_TYPES; /* the "other" row */
			snprintf(d->stats.types[i].type, sizeof d->stats.types[i].type, "other");
		} else {
			snprintf(d->stats.types[i].type, sizeof d->stats.types[i].type, "%.*s",
			         (int)sizeof a->type, a->type);
			d->stats.ntypes++;
		}
	}
	if (a->state >= ALERT_OPEN && a->state <= ALERT_RESOLVED)
		d->stats.types[i].by_state[a->state]++;
}

/* Store en's alert, owing it to the sinks in en->owed. Returns 1 stored,
 * 0 stored before (a duplicate), -1 failed (reported). */
static int store_entry(struct dispatch *d, struct entry *en)
{
	const char *names[DISPATCH_MAX_SINKS];
	size_t n = 0;
	uint64_t id;
	struct err e;
	for (size_t i = 0; i < d->n; i++)
		if (en->owed & (1u << i))
			names[n++] = d->names[i];
	int rc = alert_store_put(d->st, &en->a, names, n, &id, &e);
	if (rc < 0) {
		store_failed(d, &e);
		return -1;
	}
	store_worked(d);
	en->a.id = id;
	if (rc == 1)
		d->stats.stored++;
	return rc;
}

static void retry_sink(struct dispatch *d, size_t i);

/* Outcomes that came in since the last alert; a sink that was at its cap
 * in flight gets its backlog once half of it is free (one store query for
 * many deliveries). */
static void keep_flying(struct dispatch *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct sink_state *s = &d->sinks[i];
		if (!s->nfl)
			continue;
		collect(d, i, false);
		if (s->backlog && s->nfl <= d->o.inflight_max / 2)
			retry_sink(d, i);
	}
}

void dispatch_alert(void *arg, const struct alert *a)
{
	struct dispatch *d = arg;
	struct entry *en = &d->cur;
	keep_flying(d); /* before d->cur is taken: retries use it */
	en->a = *a;
	en->a.id = a->id + d->id_base;
	en->seq = ++d->seq;
	en->inflight = 0;
	/* a version withheld by notificationIntervalSeconds: the store keeps it,
	 * no sink is told */
	en->owed = d->n && !a->withheld ? (uint32_t)((1u << d->n) - 1) : 0;
	if (a->withheld) {
		d->stats.withheld++;
	} else {
		d->stats.alerts++;
		count_type(d, a);
	}
	en->unstored = d->st != NULL;
	/* behind alerts that wait for the store, to keep the store in order */
	if (d->unstored == 0 && store_usable(d)) {
		int rc = store_entry(d, en);
		if (rc == 0) {
			d->stats.duplicates++;
			return;
		}
		en->unstored = rc < 0;
	}
	for (size_t i = 0; i < d->n; i++) {
		if (!(en->owed & (1u << i)) || d->sinks[i].backlog || !sink_ready(d, i))
			continue;
		if (!sink_room(d, i)) {
			d->sinks[i].backlog = true; /* waits in the store or memory, in order */
			continue;
		}
		if (deliver(d, i, &en->a, en, d->st && !en->unstored) == 0)
			en->owed &= ~(1u << i);
	}
	if (en->unstored || (!d->st && en->owed))
		queue_push(d, en);
}

/* ---- retries ---- */

/* en went into the store: its flights are the store's to mark now. */
static void flights_stored(struct dispatch *d, const struct entry *en)
{
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->sinks[i].nfl; k++) {
			struct flight *f = &d->sinks[i].fl[k];
			if (f->seq == en->seq) {
				f->id = en->a.id;
				f->stored = true;
			}
		}
}

/* Alerts that waited in memory for the store go in, oldest first. */
static void store_queued(struct dispatch *d)
{
	for (size_t i = d->qhead; i < d->qhead + d->qlen && d->unstored; i++) {
		struct entry *en = &d->q[i];
		if (!en->unstored)
			continue;
		if (!store_usable(d) || store_entry(d, en) < 0)
			return;
		en->unstored = false;
		en->owed = 0; /* the store owes them now */
		d->unstored--;
		flights_stored(d, en);
	}
}

struct pending_batch {
	size_t n;
	struct {
		uint64_t id;
		uint32_t version;
		char *json;
	} * rows;
};

static int collect_row(void *arg, const struct alert_pending *p)
{
	struct pending_batch *b = arg;
	char *json = strdup(p->json);
	if (!json)
		return 1;
	b->rows[b->n].id = p->id;
	b->rows[b->n].version = p->version;
	b->rows[b->n++].json = json;
	return 0;
}

/* Deliver one stored row to sink i. Returns 0, or -1 when the sink failed. */
static int deliver_row(struct dispatch *d, size_t i, uint64_t id, uint32_t version,
                       const char *json)
{
	struct err e;
	if (alert_json_parse(json, strlen(json), &d->cur.a, &e) < 0) {
		/* a row that cannot be read would block the sink for good */
		log_err("alert store %s: alert %llu v%u: %s; skipped", alert_store_path(d->st),
		        (unsigned long long)id, (unsigned)version, e.msg);
		d->sinks[i].failed++;
		if (alert_store_delivered(d->st, id, version, d->names[i], &e) < 0)
			store_failed(d, &e);
		return 0;
	}
	d->cur.a.id = id;
	d->cur.a.version = version;
	return deliver(d, i, &d->cur.a, NULL, true) < 0 ? -1 : 0;
}

/* Sink i's deliveries pending in the store, in order, one batch (those in
 * flight skipped). Returns 1 when all went out and none is left, 0 when
 * more wait, -1 on failure. */
static int retry_stored(struct dispatch *d, size_t i)
{
	struct sink_state *s = &d->sinks[i];
	size_t max = d->o.batch + s->nfl; /* the flights are pending too */
	struct pending_batch b = {0, calloc(max, sizeof *b.rows)};
	struct err e;
	if (!b.rows)
		return -1;
	long n = alert_store_pending(d->st, d->names[i], 0, max, collect_row, &b, &e);
	int rc = n < 0 ? -1 : (size_t)n < max ? 1 : 0;
	if (n < 0)
		store_failed(d, &e);
	for (size_t k = 0; k < b.n; k++) {
		if (rc >= 0 && flight_find(s, b.rows[k].id, b.rows[k].version) < 0) {
			if (!sink_room(d, i))
				rc = 0;
			else if (deliver_row(d, i, b.rows[k].id, b.rows[k].version,
			                     b.rows[k].json) < 0)
				rc = -1;
		}
		free(b.rows[k].json);
	}
	free(b.rows);
	return rc;
}

/* Sink i's alerts waiting in memory, in order (those in flight skipped).
 * Returns 1 when none is left, 0 when more wait, -1 on failure. */
static int retry_queued(struct dispatch *d, size_t i)
{
	uint32_t bit = 1u << i;
	for (size_t k = d->qhead; k < d->qhead + d->qlen; k++) {
		struct entry *en = &d->q[k];
		if (!(en->owed & bit) || (en->inflight & bit))
			continue;
		if (!sink_room(d, i))
			return 0;
		int rc = deliver(d, i, &en->a, en, false);
		if (rc < 0)
			return -1;
		if (rc == 0)
			en->owed &= ~bit;
	}
	return 1;
}

static void retry_sink(struct dispatch *d, size_t i)
{
	int rc = 1;
	if (!d->sinks[i].backlog || !sink_ready(d, i) || doomed_in_flight(&d->sinks[i]))
		return;
	if (d->st) {
		if (!store_usable(d))
			return; /* its backlog may be in the store: keep the order */
		rc = retry_stored(d, i);
	}
	if (rc == 1)
		rc = retry_queued(d, i);
	if (rc == 1)
		d->sinks[i].backlog = false;
}

void dispatch_poll(struct dispatch *d, double now)
{
	d->now = now;
	for (size_t i = 0; i < d->n; i++)
		collect(d, i, false);
	if (d->unstored && store_usable(d))
		store_queued(d);
	for (size_t i = 0; i < d->n; i++)
		retry_sink(d, i);
	queue_compact(d);
}

void dispatch_settle(struct dispatch *d, double max_wait)
{
	double end = dispatch_now() + max_wait;
	for (;;) {
		size_t flying = 0;
		for (size_t i = 0; i < d->n; i++)
			flying += collect(d, i, false);
		if (!flying || dispatch_now() >= end)
			break;
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	dispatch_poll(d, dispatch_now());
}

/* ---- life ---- */

static int check_sinks(struct alert_sink **sinks, size_t n, struct err *e)
{
	if (n > DISPATCH_MAX_SINKS)
		return err_set(e, "at most %d alert sinks", DISPATCH_MAX_SINKS);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (!strcmp(sinks[i]->name, sinks[k]->name))
				return err_set(e, "alert sink %s given twice", sinks[i]->name);
	return 0;
}

/* What an earlier run left: ids continue after it, pending deliveries
 * go first, and those owed to sinks not configured now are reported. */
static int resume(struct dispatch *d, struct err *e)
{
	int64_t max = alert_store_max_id(d->st, e);
	if (max < 0)
		return -1;
	d->id_base = (uint64_t)max;
	for (size_t i = 0; i < d->n; i++) {
		long n = alert_store_pending_count(d->st, d->names[i], e);
		if (n < 0)
			return -1;
		d->sinks[i].backlog = n > 0;
		if (n > 0)
			log_info("alert sink %s: %ld deliveries pending from an earlier run",
			         d->names[i], n);
	}
	long orphans = alert_store_orphans(d->st, d->names, d->n, e);
	if (orphans < 0)
		return -1;
	if (orphans > 0)
		log_warn("alert store %s: %ld deliveries pending for sinks not configured now; "
		         "left in the store",
		         alert_store_path(d->st), orphans);
	return 0;
}

static void defaults(struct dispatch_options *o, const struct dispatch_options *given)
{
	*o = given ? *given : (struct dispatch_options){0};
	if (!o->queue_max)
		o->queue_max = 1024;
	if (o->retry_min <= 0)
		o->retry_min = 1;
	if (o->retry_max < o->retry_min)
		o->retry_max = o->retry_min > 300 ? o->retry_min : 300;
	if (!o->batch)
		o->batch = 100;
	if (!o->inflight_max)
		o->inflight_max = 64;
}

struct dispatch *dispatch_new(struct alert_store *store, struct alert_sink **sinks, size_t n,
                              const struct dispatch_options *opt, double now, struct err *e)
{
	struct dispatch *d = NULL;
	if (check_sinks(sinks, n, e) == 0 && !(d = calloc(1, sizeof *d)))
		err_set(e, "alert dispatcher: out of memory");
	if (!d) {
		for (size_t i = 0; i < n; i++)
			alert_sink_free(sinks[i]);
		return NULL;
	}
	defaults(&d->o, opt);
	d->st = store;
	d->now = now;
	d->n = n;
	for (size_t i = 0; i < n; i++) {
		d->sinks[i].sink = sinks[i];
		d->names[i] = sinks[i]->name;
	}
	for (size_t i = 0; i < n; i++)
		if (sinks[i]->ops->poll &&
		    !(d->sinks[i].fl = calloc(d->o.inflight_max, sizeof *d->sinks[i].fl))) {
			err_set(e, "alert dispatcher: out of memory");
			dispatch_free(d);
			return NULL;
		}
	if (store && resume(d, e) < 0) {
		dispatch_free(d);
		return NULL;
	}
	return d;
}

double dispatch_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t dispatch_pending(struct dispatch *d)
{
	size_t n = d->unstored;
	struct err e;
	for (size_t k = d->qhead; k < d->qhead + d->qlen; k++)
		n += (size_t)__builtin_popcount(d->q[k].owed);
	if (d->st) {
		long stored = alert_store_pending_count(d->st, NULL, &e);
		if (stored > 0)
			n += (size_t)stored;
	}
	return n;
}

void dispatch_get_stats(struct dispatch *d, struct dispatch_stats *s)
{
	struct err e;
	*s = d->stats;
	s->queued = d->qlen;
	s->nsinks = d->n;
	for (size_t i = 0; i < d->n; i++) {
		struct dispatch_sink_stats *ss = &s->sinks[i];
		long pending = 0;
		for (size_t k = d->qhead; k < d->qhead + d->qlen; k++)
			pending += (d->q[k].owed >> i) & 1;
		if (d->st) {
			long stored = alert_store_pending_count(d->st, d->names[i], &e);
			pending = stored < 0 ? -1 : pending + stored;
		}
		ss->name = d->names[i];
		ss->delivered = d->sinks[i].delivered;
		ss->failed = d->sinks[i].failed;
		ss->pending = pending;
		ss->up = d->sinks[i].failures == 0;
		ss->inflight = d->sinks[i].nfl;
	}
}

int dispatch_flush(struct dispatch *d)
{
	int rc = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct err e;
		struct alert_sink *s = d->sinks[i].sink;
		if (s->ops->flush && s->ops->flush(s->self, &e) < 0) {
			log_err("alert sink %s: %s", s->name, e.msg);
			rc = -1;
		}
	}
	return rc;
}

/* End of a run: wait (each sink's timeout at most) for what is in flight,
 * and say what did not finish. */
static void land_all(struct dispatch *d)
{
	for (size_t i = 0; i < d->n; i++) {
		size_t left = collect(d, i, true);
		if (left)
			log_err("alert sink %s: %zu deliveries in flight did not finish; %s",
			        d->names[i], left,
			        d->st ? "they stay pending in the store for the next run"
			              : "no --store to keep them");
	}
	queue_compact(d);
}

void dispatch_free(struct dispatch *d)
{
	if (!d)
		return;
	land_all(d);
	size_t lost = d->qlen;
	if (lost)
		log_err("%zu alerts still in memory are lost (%s)", lost,
		        d->st ? "the store did not take them" : "no --store to keep them");
	for (size_t i = 0; i < d->n; i++) {
		struct err e;
		struct alert_sink *s = d->sinks[i].sink;
		if (s->ops->flush && s->ops->flush(s->self, &e) < 0)
			log_err("alert sink %s: %s", s->name, e.msg);
		alert_sink_free(s);
		free(d->sinks[i].fl);
	}
	free(d->q);
	free(d);
}
