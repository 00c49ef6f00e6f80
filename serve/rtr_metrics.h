/* rtr_metrics.h - the RTR server's /metrics (Prometheus text format) and
 * /status (JSON) pages. */
#ifndef MANRS_RTR_METRICS_H
#define MANRS_RTR_METRICS_H

#include <event2/buffer.h>

#include "http_server.h"
#include "rtr_server.h"

/* Append Prometheus exposition text for info to out. */
void rtr_metrics_prometheus(const struct rtr_server_info *info, struct evbuffer *out);

/* Append a JSON object describing info to out. */
void rtr_metrics_status_json(const struct rtr_server_info *info, struct evbuffer *out);

/* Serve /metrics and /status for srv on h. Returns 0 or -1. */
int rtr_metrics_register(struct http_server *h, struct rtr_server *srv);

#endif
