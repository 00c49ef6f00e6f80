/* SPDX-License-Identifier: ISC */
/* rtr_metrics.h - the RTR server's metrics (registered into the shared
 * registry, serve/metrics) and its /status (JSON) page. */
#ifndef MANRS_RTR_METRICS_H
#define MANRS_RTR_METRICS_H

#include <event2/buffer.h>

#include "http_server.h"
#include "metrics.h"
#include "rtr_server.h"

/* Append Prometheus exposition text for info alone to out (what the
 * registry writes for the server's group). */
void rtr_metrics_prometheus(const struct rtr_server_info *info, struct evbuffer *out);

/* Append a JSON object describing info, and a newline, to out. Returns 0,
 * or -1 when out of memory (then nothing was added). */
int rtr_metrics_status_json(const struct rtr_server_info *info, struct evbuffer *out);

/* Register srv's metrics into m (read from rtr_server_info at each
 * scrape). Returns 0 or -1. */
int rtr_metrics_register(struct metrics *m, struct rtr_server *srv);

/* Serve /status for srv on h. Returns 0 or -1. */
int rtr_metrics_route_status(struct http_server *h, struct rtr_server *srv);

#endif
