/* SPDX-License-Identifier: ISC */
/* monitor_metrics.c - dispatcher counters as Prometheus metrics. */
#include "monitor_metrics.h"

#include <stdio.h>
#include <string.h>

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

/* ---- the pipeline ---- */

struct pipeline_snap {
	bool have;
	struct pipeline_stats s;
	size_t routes, peers, bytes;
};

static void pipeline_snapshot(void *ctx, void *snap)
{
	const struct pipeline *p = *(struct pipeline *const *)ctx;
	struct pipeline_snap *x = snap;
	memset(x, 0, sizeof *x);
	if (!p)
		return;
	x->have = true;
	pipeline_get_stats(p, &x->s);
	const struct route_state *rs = pipeline_state(p);
	x->routes = route_state_routes(rs);
	x->peers = route_state_npeers(rs);
	x->bytes = route_state_memory(rs);
}

static void events_by_type(const void *snap, struct metrics_writer *w)
{
	const struct pipeline_snap *x = snap;
	if (!x->have)
		return;
	metrics_sample(w, "type=\"announce\"", (double)x->s.announces);
	metrics_sample(w, "type=\"withdraw\"", (double)x->s.withdraws);
	metrics_sample(w, "type=\"peer_down\"", (double)x->s.peer_downs);
}

#define PGETTER(fn, expr)                                                                          \
	static double fn(const void *snap)                                                         \
	{                                                                                          \
		const struct pipeline_snap *x = snap;                                              \
		return (double)(expr);                                                             \
	}
PGETTER(p_hits, x->s.hits)
PGETTER(p_routes, x->routes)
PGETTER(p_peers, x->peers)
PGETTER(p_bytes, x->bytes)

static const struct metric_def pipeline_metrics[] = {
    {"manrs_monitor_events_total", "Route events through the detectors, by type.", C, NULL,
     events_by_type},
    {"manrs_monitor_detector_hits_total", "Hits the detectors reported.", C, p_hits, NULL},
    {"manrs_monitor_routes", "Routes held, every peer's.", G, p_routes, NULL},
    {"manrs_monitor_peers", "Peers seen.", G, p_peers, NULL},
    {"manrs_monitor_route_state_bytes", "Memory of the route state.", G, p_bytes, NULL},
};

int monitor_metrics_register_pipeline(struct metrics *m, struct pipeline *const *pipeline)
{
	return metrics_add_group(m, pipeline_metrics,
	                         sizeof pipeline_metrics / sizeof pipeline_metrics[0],
	                         sizeof(struct pipeline_snap), pipeline_snapshot, (void *)pipeline);
}
