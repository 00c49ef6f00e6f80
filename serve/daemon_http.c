/* SPDX-License-Identifier: ISC */
/* daemon_http.c - one http_server per address, each with every route. */
#include "daemon_http.h"

#include <stdlib.h>

#include "api.h"
#include "daemon.h"
#include "dashboard.h"
#include "http_server.h"
#include "metrics.h"

struct daemon_http {
	struct http_server *srv[DAEMON_MAX_LISTEN];
	size_t n;
};

static int add_routes(struct daemon *d, struct http_server *h, struct err *e)
{
	if (metrics_route(daemon_metrics(d), h) || api_route(h, d) || dashboard_route(h, d))
		return err_set(e, "http: cannot add the routes (out of memory)");
	return 0;
}

struct daemon_http *daemon_http_new(struct daemon *d, const struct daemon_listen *l, struct err *e)
{
	struct daemon_http *h = calloc(1, sizeof *h);
	if (!h) {
		err_set(e, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (!(h->srv[h->n] = http_server_start(daemon_base(d), l->addr[i], e)))
			goto fail;
		h->n++;
		if (add_routes(d, h->srv[h->n - 1], e))
			goto fail;
	}
	return h;
fail:
	daemon_http_free(h);
	return NULL;
}

void daemon_http_free(struct daemon_http *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		http_server_free(h->srv[i]);
	free(h);
}
