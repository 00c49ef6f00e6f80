/* SPDX-License-Identifier: ISC */
/* monitor_metrics.h - the alert dispatcher's counters in the metrics
 * registry (serve/metrics.h), for `manrs monitor --metrics`. */
#ifndef MANRS_MONITOR_METRICS_H
#define MANRS_MONITOR_METRICS_H

#include "detect/dispatch.h"
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
 *   manrs_monitor_sink_up{sink}                  0 while a sink fails
 * Returns 0, or -1 (out of memory, names taken). */
int monitor_metrics_register(struct metrics *m, struct dispatch *d);

#endif
