/* SPDX-License-Identifier: ISC */
/* monitor_http.c - /metrics for the monitor's live inputs. */
#include "monitor_http.h"

#include "http_server.h"
#include "metrics.h"
#include "monitor_metrics.h"

int monitor_http_attach(void *arg, struct event_base *base, struct err *e)
{
	struct monitor_http *h = arg;
	if (!base) {
		monitor_http_free(h);
		return 0;
	}
	if (!(h->metrics = metrics_new()) || monitor_metrics_register(h->metrics, h->disp) < 0 ||
	    (h->pipeline && monitor_metrics_register_pipeline(h->metrics, h->pipeline) < 0))
		return err_set(e, "--metrics: out of memory");
	if (!(h->http = http_server_start(base, h->addr, e)))
		return -1;
	if (metrics_route(h->metrics, h->http) < 0)
		return err_set(e, "--metrics: cannot route /metrics");
	return 0;
}

void monitor_http_free(struct monitor_http *h)
{
	http_server_free(h->http);
	metrics_free(h->metrics);
	h->http = NULL;
	h->metrics = NULL;
}
