/* SPDX-License-Identifier: ISC */
/* monitor_http.h - 'manrs monitor --metrics ADDR:PORT': the dispatcher's
 * and the pipeline's counters (serve/monitor_metrics.h) as Prometheus
 * metrics on /metrics,
 * served from the live input's event loop (--ris-live, --bmp). */
#ifndef MANRS_MONITOR_HTTP_H
#define MANRS_MONITOR_HTTP_H

#include "core/err.h"
#include "detect/dispatch.h"
#include "detect/pipeline.h"

struct event_base;

struct monitor_http {
	const char *addr;                 /* "127.0.0.1:9323" */
	struct dispatch *disp;            /* read at each scrape */
	struct pipeline *const *pipeline; /* the current pipeline, read at each scrape */
	struct metrics *metrics;          /* set by monitor_http_attach */
	struct http_server *http;
};

/* The on_base hook of the live inputs (arg is a struct monitor_http): with
 * a base, start the endpoint on it; returns 0, or -1 with e set (address in
 * use...). With base NULL, stop it (monitor_http_free). */
int monitor_http_attach(void *arg, struct event_base *base, struct err *e);

/* Stop the endpoint and free what attach made (safe when it never ran or
 * was stopped already). */
void monitor_http_free(struct monitor_http *h);

#endif
