/* SPDX-License-Identifier: ISC */
/* fetch_sched.c - when each source runs next, how old its data is, and
 * the metrics a daemon or a textfile collector exports about it. */
#include "fetch/fetch.h"

#include <inttypes.h>

#define MAX_BACKOFF_SHIFT 16

int64_t fetch_next_due(const struct fetch_source *s)
{
	const struct fetch_conf *c = &s->conf;
	int64_t wait;

	if (s->st.last_attempt == 0)
		return 0;
	if (s->st.failures == 0)
		return s->st.last_attempt + c->interval;
	unsigned shift = s->st.failures - 1;
	wait = (int64_t)c->retry << (shift > MAX_BACKOFF_SHIFT ? MAX_BACKOFF_SHIFT : shift);
	return s->st.last_attempt + (wait < c->interval ? wait : c->interval);
}

long fetch_due(struct fetch_source *const *srcs, size_t n, int64_t now)
{
	long best = -1;
	int64_t best_due = INT64_MAX;

	for (size_t i = 0; i < n; i++) {
		int64_t due = fetch_next_due(srcs[i]);
		if (due <= now && due < best_due) {
			best = (long)i;
			best_due = due;
		}
	}
	return best;
}

int64_t fetch_next_wakeup(struct fetch_source *const *srcs, size_t n)
{
	int64_t t = INT64_MAX;

	for (size_t i = 0; i < n; i++) {
		int64_t due = fetch_next_due(srcs[i]);
		if (due < t)
			t = due;
	}
	return t;
}

int64_t fetch_source_age(const struct fetch_source *s, int64_t now)
{
	if (s->st.last_change == 0)
		return -1;
	return now > s->st.last_change ? now - s->st.last_change : 0;
}

bool fetch_source_stale(const struct fetch_source *s, int64_t now)
{
	int64_t age = fetch_source_age(s, now);

	return s->conf.max_age > 0 && (age < 0 || age > s->conf.max_age);
}

/* One gauge family: name, help, and the value of each source. */
static int gauge(FILE *f, const char *name, const char *help, struct fetch_source *const *srcs,
                 size_t n, int64_t now, double (*value)(const struct fetch_source *, int64_t))
{
	if (fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (fprintf(f, "%s{source=\"%s\"} %.17g\n", name, srcs[i]->conf.name,
		            value(srcs[i], now)) < 0)
			return -1;
	return 0;
}

static double v_age(const struct fetch_source *s, int64_t now)
{
	return (double)fetch_source_age(s, now);
}
static double v_stale(const struct fetch_source *s, int64_t now)
{
	return fetch_source_stale(s, now);
}
static double v_success(const struct fetch_source *s, int64_t now)
{
	return (double)s->st.last_success;
}
static double v_objects(const struct fetch_source *s, int64_t now)
{
	return (double)s->st.objects;
}
static double v_bytes(const struct fetch_source *s, int64_t now)
{
	return (double)s->st.size;
}
static double v_failures(const struct fetch_source *s, int64_t now)
{
	return s->st.failures;
}

static int runs_counter(FILE *f, struct fetch_source *const *srcs, size_t n)
{
	const char *name = "manrs_fetch_runs_total";

	if (fprintf(f, "# HELP %s Runs of each source by result.\n# TYPE %s counter\n", name,
	            name) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct fetch_counters *c = &srcs[i]->n;
		const uint64_t v[] = {c->updated, c->not_modified, c->unchanged, c->failed};
		for (int r = FETCH_UPDATED; r <= FETCH_FAILED; r++)
			if (fprintf(f, "%s{source=\"%s\",result=\"%s\"} %" PRIu64 "\n", name,
			            srcs[i]->conf.name, fetch_result_name((enum fetch_result)r),
			            v[r]) < 0)
				return -1;
	}
	return 0;
}

int fetch_metrics_write(struct fetch_source *const *srcs, size_t n, int64_t now, FILE *f)
{
	if (gauge(f, "manrs_fetch_age_seconds",
	          "Seconds since the source's content last changed (-1: never fetched).", srcs, n,
	          now, v_age) < 0 ||
	    gauge(f, "manrs_fetch_stale", "1 when the source is older than its max-age.", srcs, n,
	          now, v_stale) < 0 ||
	    gauge(f, "manrs_fetch_last_success_timestamp_seconds",
	          "Unix time of the last run that left a current copy.", srcs, n, now,
	          v_success) < 0 ||
	    gauge(f, "manrs_fetch_objects", "Objects in the last good copy.", srcs, n, now,
	          v_objects) < 0 ||
	    gauge(f, "manrs_fetch_bytes", "Size of the last good copy.", srcs, n, now, v_bytes) <
	        0 ||
	    gauge(f, "manrs_fetch_consecutive_failures", "Failed runs since the last good one.",
	          srcs, n, now, v_failures) < 0)
		return -1;
	return runs_counter(f, srcs, n);
}
