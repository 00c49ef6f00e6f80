/* SPDX-License-Identifier: ISC */
/* daemon_sources.c - the fetcher's worker thread and the copies of its
 * state the event loop reads (see daemon_sources.h for the threading). */
#include "daemon_sources.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "fetch/fetch.h"

/* One source: the fetcher's (the worker's while it runs) and the copy
 * published under the lock (string fields cleared: they belong to src). */
struct entry {
	struct fetch_source *src;
	struct fetch_source shown;
	char last_error[256];
	const char *result; /* static names; NULL before the first run */
	bool running;
};

struct daemon_sources {
	pthread_mutex_t lock;
	pthread_t worker;
	bool started, busy, stop; /* thread not joined yet, still working, asked to stop */
	size_t n;
	struct entry e[DAEMON_MAX_SOURCES];
};

/* Copy src's state for the loop thread; caller holds the lock. */
static void publish(struct entry *en)
{
	en->shown = *en->src;
	struct fetch_state *st = &en->shown.st;
	st->url = st->etag = st->last_modified = st->sha256 = st->last_error = NULL;
	st->part_url = st->part_etag = st->part_last_modified = NULL;
	en->shown.state_path = en->shown.part_path = NULL;
	snprintf(en->last_error, sizeof en->last_error, "%s",
	         en->src->st.last_error ? en->src->st.last_error : "");
}

static void conf_from(const struct daemon_source *s, struct fetch_conf *c)
{
	fetch_conf_defaults(c);
	c->name = (char *)s->name;
	c->url = (char *)s->url;
	c->out = (char *)s->path;
	c->sha256_url = (char *)s->sha256_url;
	c->kind = s->kind;
	c->interval = s->interval;
	c->max_age = s->max_age;
	c->timeout = s->timeout;
	c->min_ratio = s->min_ratio;
	if (c->retry > c->interval)
		c->retry = c->interval;
	if (c->connect_timeout > c->timeout)
		c->connect_timeout = c->timeout;
}

struct daemon_sources *daemon_sources_new(const struct daemon_source *cfg, size_t n, struct err *e)
{
	struct daemon_sources *ds = calloc(1, sizeof *ds);
	if (!ds || n > DAEMON_MAX_SOURCES) {
		free(ds);
		err_set(e, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&ds->lock, NULL);
	for (; ds->n < n; ds->n++) {
		struct fetch_conf c;
		conf_from(&cfg[ds->n], &c); /* fetch_source_new copies the strings */
		struct entry *en = &ds->e[ds->n];
		struct err why;
		if (!(en->src = fetch_source_new(&c, &why))) {
			err_set(e, "source %s: %s", cfg[ds->n].name, why.msg);
			daemon_sources_free(ds);
			return NULL;
		}
		publish(en);
	}
	return ds;
}

void daemon_sources_free(struct daemon_sources *ds)
{
	if (!ds)
		return;
	pthread_mutex_lock(&ds->lock);
	ds->stop = true;
	bool busy = ds->busy;
	pthread_mutex_unlock(&ds->lock);
	if (busy)
		log_info("sources: waiting for the running fetch to finish");
	if (ds->started)
		pthread_join(ds->worker, NULL);
	for (size_t i = 0; i < ds->n; i++)
		fetch_source_free(ds->e[i].src);
	pthread_mutex_destroy(&ds->lock);
	free(ds);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool daemon_sources_same_config(const struct daemon_source *a, size_t na,
                                const struct daemon_source *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i].name, b[i].name) || !same_str(a[i].url, b[i].url) ||
		    !same_str(a[i].path, b[i].path) ||
		    !same_str(a[i].sha256_url, b[i].sha256_url) || a[i].kind != b[i].kind ||
		    a[i].interval != b[i].interval || a[i].max_age != b[i].max_age ||
		    a[i].timeout != b[i].timeout || a[i].min_ratio != b[i].min_ratio)
			return false;
	return true;
}

/* One run of en's source, logged; its state published after. */
static void run_one(struct daemon_sources *ds, struct entry *en)
{
	struct fetch_outcome out;
	memset(&out, 0, sizeof out);
	int rc = fetch_run_one(en->src, (int64_t)time(NULL), &out);
	if (rc)
		log_warn("fetch: %s; the previous copy stays", out.e.msg);
	else
		log_info("fetch: %s: %s (%llu bytes received)", en->src->conf.name,
		         fetch_result_name(out.result), (unsigned long long)out.bytes);
	pthread_mutex_lock(&ds->lock);
	publish(en);
	en->result = fetch_result_name(out.result);
	en->running = false;
	pthread_mutex_unlock(&ds->lock);
}

/* Give path to uid:gid; a missing file is fine. */
static void give(const char *path, uid_t uid, gid_t gid)
{
	if (path && chown(path, uid, gid) && errno != ENOENT)
		log_warn("%s: cannot change its owner: %s", path, strerror(errno));
}

int daemon_sources_fetch_missing(struct daemon_sources *ds, uid_t uid, gid_t gid)
{
	int failed = 0;
	for (size_t i = 0; ds && i < ds->n; i++) {
		struct entry *en = &ds->e[i];
		struct stat st;
		if (stat(en->src->conf.out, &st) == 0 || errno != ENOENT)
			continue;
		log_info("source %s: %s is missing: fetching it before the services start",
		         en->src->conf.name, en->src->conf.out);
		run_one(ds, en);
		failed += en->src->st.last_success == 0 || stat(en->src->conf.out, &st) != 0;
		if (uid != (uid_t)-1 && geteuid() == 0) {
			give(en->src->conf.out, uid, gid);
			give(en->src->state_path, uid, gid);
			give(en->src->part_path, uid, gid);
		}
	}
	return failed;
}

/* The worker: every source due when it looks, each once, then exit. */
static void *worker(void *arg)
{
	struct daemon_sources *ds = arg;
	for (size_t i = 0; i < ds->n; i++) {
		struct entry *en = &ds->e[i];
		pthread_mutex_lock(&ds->lock);
		bool go = !ds->stop && fetch_next_due(en->src) <= (int64_t)time(NULL);
		en->running = go;
		pthread_mutex_unlock(&ds->lock);
		if (go)
			run_one(ds, en);
	}
	pthread_mutex_lock(&ds->lock);
	ds->busy = false;
	pthread_mutex_unlock(&ds->lock);
	return NULL;
}

/* Start the worker with every signal blocked: the loop thread takes them. */
static int start_worker(struct daemon_sources *ds)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&ds->worker, NULL, worker, ds);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int daemon_sources_tick(struct daemon_sources *ds, time_t now)
{
	if (!ds || !ds->n)
		return 0;
	pthread_mutex_lock(&ds->lock);
	bool busy = ds->busy;
	struct fetch_source *shown[DAEMON_MAX_SOURCES];
	for (size_t i = 0; i < ds->n; i++)
		shown[i] = &ds->e[i].shown;
	bool due = !busy && fetch_due(shown, ds->n, (int64_t)now) >= 0;
	pthread_mutex_unlock(&ds->lock);
	if (busy || !due)
		return 0;
	if (ds->started) { /* it has finished: only reap it */
		pthread_join(ds->worker, NULL);
		ds->started = false;
	}
	pthread_mutex_lock(&ds->lock);
	ds->busy = true;
	pthread_mutex_unlock(&ds->lock);
	if (start_worker(ds)) {
		pthread_mutex_lock(&ds->lock);
		ds->busy = false;
		pthread_mutex_unlock(&ds->lock);
		log_err("sources: cannot start the fetch worker thread; retrying at the next tick");
		return -1;
	}
	ds->started = true;
	return 1;
}

static void file_state(const char *path, struct daemon_source_state *out)
{
	struct stat st;
	if (path && stat(path, &st) == 0) {
		out->file_mtime = st.st_mtime;
		out->file_size = (long long)st.st_size;
	} else {
		out->file_mtime = 0;
		out->file_size = -1;
	}
}

static struct entry *find(struct daemon_sources *ds, const char *name)
{
	for (size_t i = 0; ds && i < ds->n; i++)
		if (!strcmp(ds->e[i].src->conf.name, name))
			return &ds->e[i];
	return NULL;
}

int daemon_sources_state(struct daemon_sources *ds, const char *name, const char *path, time_t now,
                         struct daemon_source_state *out)
{
	memset(out, 0, sizeof *out);
	file_state(path, out);
	struct entry *en = find(ds, name); /* names and the array do not change while ds lives */
	if (!en)
		return -1;
	pthread_mutex_lock(&ds->lock);
	const struct fetch_source *s = &en->shown;
	out->known = true;
	out->running = en->running;
	out->stale = fetch_source_stale(s, (int64_t)now);
	out->age = fetch_source_age(s, (int64_t)now);
	out->last_attempt = (time_t)s->st.last_attempt;
	out->last_success = (time_t)s->st.last_success;
	out->last_change = (time_t)s->st.last_change;
	out->failures = s->st.failures;
	out->bytes = s->st.size;
	out->objects = s->st.objects;
	snprintf(out->result, sizeof out->result, "%s", en->result ? en->result : "");
	snprintf(out->last_error, sizeof out->last_error, "%s", en->last_error);
	pthread_mutex_unlock(&ds->lock);
	return 0;
}

/* --- metrics: the names and meanings of fetch_metrics_write --- */

struct source_snap {
	const char *name;
	double age, stale, last_success, objects, bytes, failures;
	uint64_t runs[FETCH_FAILED + 1];
};

struct sources_snap {
	size_t n;
	struct source_snap s[DAEMON_MAX_SOURCES];
};

static void snapshot(void *ctx, void *out)
{
	struct daemon_sources *ds = ctx;
	struct sources_snap *snap = out;
	int64_t now = (int64_t)time(NULL);
	pthread_mutex_lock(&ds->lock);
	snap->n = ds->n;
	for (size_t i = 0; i < ds->n; i++) {
		const struct fetch_source *s = &ds->e[i].shown;
		struct source_snap *o = &snap->s[i];
		o->name = ds->e[i].src->conf.name;
		o->age = (double)fetch_source_age(s, now);
		o->stale = fetch_source_stale(s, now);
		o->last_success = (double)s->st.last_success;
		o->objects = (double)s->st.objects;
		o->bytes = (double)s->st.size;
		o->failures = s->st.failures;
		o->runs[FETCH_UPDATED] = s->n.updated;
		o->runs[FETCH_NOT_MODIFIED] = s->n.not_modified;
		o->runs[FETCH_UNCHANGED] = s->n.unchanged;
		o->runs[FETCH_FAILED] = s->n.failed;
	}
	pthread_mutex_unlock(&ds->lock);
}

/* source="NAME" with the exposition format's escapes, then more (or ""). */
static void labels(char *out, size_t n, const char *name, const char *more)
{
	size_t at = (size_t)snprintf(out, n, "source=\"");
	for (; *name && at + 4 < n; name++) {
		if (*name == '\\' || *name == '"' || *name == '\n')
			out[at++] = '\\';
		out[at++] = *name == '\n' ? 'n' : *name;
	}
	snprintf(out + at, n - at, "\"%s", more);
}

#define PER_SOURCE(fn, field)                                                                      \
	static void fn(const void *snap, struct metrics_writer *w)                                 \
	{                                                                                          \
		const struct sources_snap *s = snap;                                               \
		char l[256];                                                                       \
		for (size_t i = 0; i < s->n; i++) {                                                \
			labels(l, sizeof l, s->s[i].name, "");                                     \
			metrics_sample(w, l, s->s[i].field);                                       \
		}                                                                                  \
	}
PER_SOURCE(m_age, age)
PER_SOURCE(m_stale, stale)
PER_SOURCE(m_last_success, last_success)
PER_SOURCE(m_objects, objects)
PER_SOURCE(m_bytes, bytes)
PER_SOURCE(m_failures, failures)

static void m_runs(const void *snap, struct metrics_writer *w)
{
	const struct sources_snap *s = snap;
	char l[288], result[48];
	for (size_t i = 0; i < s->n; i++)
		for (int r = FETCH_UPDATED; r <= FETCH_FAILED; r++) {
			snprintf(result, sizeof result, ",result=\"%s\"",
			         fetch_result_name((enum fetch_result)r));
			labels(l, sizeof l, s->s[i].name, result);
			metrics_sample(w, l, (double)s->s[i].runs[r]);
		}
}

static const struct metric_def defs[] = {
    {"manrs_fetch_age_seconds",
     "Seconds since the source's content last changed (-1: never fetched).", METRIC_GAUGE, NULL,
     m_age},
    {"manrs_fetch_stale", "1 when the source is older than its max_age.", METRIC_GAUGE, NULL,
     m_stale},
    {"manrs_fetch_last_success_timestamp_seconds",
     "Unix time of the last run that left a current copy.", METRIC_GAUGE, NULL, m_last_success},
    {"manrs_fetch_objects", "Objects in the last good copy.", METRIC_GAUGE, NULL, m_objects},
    {"manrs_fetch_bytes", "Size of the last good copy.", METRIC_GAUGE, NULL, m_bytes},
    {"manrs_fetch_consecutive_failures", "Failed runs since the last good one.", METRIC_GAUGE, NULL,
     m_failures},
    {"manrs_fetch_runs_total", "Runs of each source by result since the daemon started.",
     METRIC_COUNTER, NULL, m_runs},
};

int daemon_sources_register_metrics(struct daemon_sources *ds, struct metrics *m)
{
	if (!ds || !ds->n)
		return 0;
	return metrics_add_group(m, defs, sizeof defs / sizeof defs[0], sizeof(struct sources_snap),
	                         snapshot, ds);
}
