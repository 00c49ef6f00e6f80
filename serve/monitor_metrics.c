/* SPDX-License-Identifier: ISC */
/* monitor_metrics.c - dispatcher counters as Prometheus metrics. */
#include "monitor_metrics.h"

#include <stdio.h>

/* label="value" with the exposition format's escapes (\\, \", \n). */
static size_t label(char *out, size_t n, size_t at, const char *name, const char *value)
{
	at += (size_t)snprintf(out + at, at < n ? n - at : 0, "%s%s=\"", at ? "," : "", name);
	for (; *value && at + 3 < n; value++) {
		if (*value == '\\' || *value == '"' || *value == '\n')
			out[at++] = '\\';
		out[at++] = *value == '\n' ? 'n' : *value;
	}
	at += (size_t)snprintf(out + at, at < n ? n - at : 0, "\"");
	return at < n ? at : n - 1;
}

static void alerts_by_type(const void *snap, struct metrics_writer *w)
{
	static const char *const states[] = {NULL, "open", "updated", "resolved"};
	const struct dispatch_stats *s = snap;
	char labels[160];
	for (size_t i = 0; i <= DISPATCH_MAX_TYPES; i++) {
		if (i >= s->ntypes && i != DISPATCH_MAX_TYPES)
			continue;
		if (!s->types[i].type[0])
			continue;
		for (int st = ALERT_OPEN; st <= ALERT_RESOLVED; st++) {
			size_t at = label(labels, sizeof labels, 0, "type", s->types[i].type);
			label(labels, sizeof labels, at, "state", states[st]);
			metrics_sample(w, labels, (double)s->types[i].by_state[st]);
		}
	}
}

static void deliveries(const void *snap, struct metrics_writer *w)
{
	const struct dispatch_stats *s = snap;
	char labels[192];
	for (size_t i = 0; i < s->nsinks; i++) {
		size_t at = label(labels, sizeof labels, 0, "sink", s->sinks[i].name);
		label(labels, sizeof labels, at, "result", "ok");
		metrics_sample(w, labels, (double)s->sinks[i].delivered);
		label(labels, sizeof labels, at, "result", "failed");
		metrics_sample(w, labels, (double)s->sinks[i].failed);
	}
}

static void pending(const void *snap, struct metrics_writer *w)
{
	const struct dispatch_stats *s = snap;
	char labels[160];
	for (size_t i = 0; i < s->nsinks; i++)
		if (s->sinks[i].pending >= 0) {
			label(labels, sizeof labels, 0, "sink", s->sinks[i].name);
			metrics_sample(w, labels, (double)s->sinks[i].pending);
		}
}

static void inflight(const void *snap, struct metrics_writer *w)
{
	const struct dispatch_stats *s = snap;
	char labels[160];
	for (size_t i = 0; i < s->nsinks; i++) {
		label(labels, sizeof labels, 0, "sink", s->sinks[i].name);
		metrics_sample(w, labels, (double)s->sinks[i].inflight);
	}
}

static void sink_up(const void *snap, struct metrics_writer *w)
{
	const struct dispatch_stats *s = snap;
	char labels[160];
	for (size_t i = 0; i < s->nsinks; i++) {
		label(labels, sizeof labels, 0, "sink", s->sinks[i].name);
		metrics_sample(w, labels, s->sinks[i].up);
	}
}

#define GETTER(fn, field)                                                                          \
	static double fn(const void *snap)                                                         \
	{                                                                                          \
		return (double)((const struct dispatch_stats *)snap)->field;                       \
	}
GETTER(m_duplicates, duplicates)
GETTER(m_stored, stored)
GETTER(m_store_errors, store_errors)
GETTER(m_queued, queued)
GETTER(m_dropped, dropped)

#define G METRIC_GAUGE
#define C METRIC_COUNTER

static const struct metric_def monitor_metrics[] = {
    {"manrs_monitor_alerts_total", "Alert versions raised, by type and state.", C, NULL,
     alerts_by_type},
    {"manrs_monitor_alert_duplicates_total",
     "Alert versions the store already had (a restart over the same data): not delivered again.", C,
     m_duplicates, NULL},
    {"manrs_monitor_alerts_stored_total", "Alert versions written to the store.", C, m_stored,
     NULL},
    {"manrs_monitor_store_errors_total", "Failed store operations (full disk, lock, corruption).",
     C, m_store_errors, NULL},
    {"manrs_monitor_alerts_queued", "Alerts waiting in memory (store failing, or no store).", G,
     m_queued, NULL},
    {"manrs_monitor_alerts_dropped_total", "Alerts lost because the memory queue was full.", C,
     m_dropped, NULL},
    {"manrs_monitor_deliveries_total", "Delivery attempts per sink, by result.", C, NULL,
     deliveries},
    {"manrs_monitor_deliveries_pending", "Deliveries owed per sink (store and memory).", G, NULL,
     pending},
    {"manrs_monitor_deliveries_inflight",
     "Deliveries an asynchronous sink (webhook) took and has not answered yet.", G, NULL, inflight},
    {"manrs_monitor_sink_up", "1 when the sink's last delivery worked, 0 while it fails.", G, NULL,
     sink_up},
};

static void snapshot(void *d, void *snap)
{
	dispatch_get_stats(d, snap);
}

int monitor_metrics_register(struct metrics *m, struct dispatch *d)
{
	return metrics_add_group(m, monitor_metrics,
	                         sizeof monitor_metrics / sizeof monitor_metrics[0],
	                         sizeof(struct dispatch_stats), snapshot, d);
}
