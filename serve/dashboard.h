/* SPDX-License-Identifier: ISC */
/* dashboard.h - the web page of `manrs serve` at / : data freshness, RTR
 * routers connected and their serials, open alerts with their evidence,
 * incidents over time (inline SVG), BMP peers.
 *
 * The server renders every table in the HTML, so the page works without
 * JavaScript; /assets/dashboard.js (embedded, assets.h) only refreshes the
 * tables from the JSON API. The page loads nothing from elsewhere. */
#ifndef MANRS_DASHBOARD_H
#define MANRS_DASHBOARD_H

#include <event2/buffer.h>

#include "http_server.h"

struct daemon;

/* Serve the page at / and the assets under /assets/ on h. Returns 0 or
 * -1. */
int dashboard_route(struct http_server *h, struct daemon *d);

/* Append text to out with &, <, >, " and ' escaped for HTML. */
void dashboard_escape(struct evbuffer *out, const char *text);

#endif
