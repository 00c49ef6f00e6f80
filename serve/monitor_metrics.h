/* SPDX-License-Identifier: ISC */
/* monitor_metrics.h - the alert dispatcher's counters and the pipeline's
 * (events, route state) in the metrics registry (serve/metrics.h), for
 * `manrs monitor --metrics` and the daemon's /metrics. */
#ifndef MANRS_MONITOR_METRICS_H
#define MANRS_MONITOR_METRICS_H

#include "detect/dispatch.h"
#include "detect/pipeline.h"
#include "metrics.h"

/* Register, read from d at each scrape:
 *   manrs_monitor_alerts_total{type,state}       alert versions from the pipeline
 *   manrs_monitor_alert_duplicates_total         versions the store had already
 *   manrs_monitor_alerts_stored_total
 *   manrs_monitor_store_errors_total
 *   manrs_monitor_alerts_queued                  waiting in memory
 *   manrs_monitor_alerts_dropped_total           lost from the full memory queue
 *   manrs_monitor_deliveries_total{sink,result}  result "ok" or "failed"
 *   manrs_monitor_deliveries_pending{sink}
 *   manrs_monitor_deliveries_inflight{sink}      POSTs a webhook has not answered
 *   manrs_monitor_sink_up{sink}                  0 while a sink fails
 * Returns 0, or -1 (out of memory, names taken). */
int monitor_metrics_register(struct metrics *m, struct dispatch *d);

/* Register, read at each scrape from the pipeline *pipeline points to then
 * (the holder may replace it: a Kafka rebalance, a reload; NULL: no
 * events, zeros), with pipeline itself as the context for metrics_remove:
 *   manrs_monitor_events_total{type}   type "announce", "withdraw", "peer_down"
 *   manrs_monitor_detector_hits_total  hits the detectors reported
 *   manrs_monitor_routes               routes held (every peer's)
 *   manrs_monitor_peers                peers seen
 *   manrs_monitor_route_state_bytes    memory of the route state
 * Returns 0, or -1 (out of memory, names taken). */
int monitor_metrics_register_pipeline(struct metrics *m, struct pipeline *const *pipeline);

#endif
