/* SPDX-License-Identifier: ISC */
/* bmp_status.h - the BMP collector's /status JSON page and its metrics in
 * the registry (serve/metrics.h). */
#ifndef MANRS_BMP_STATUS_H
#define MANRS_BMP_STATUS_H

#include <event2/buffer.h>

#include "http_server.h"
#include "metrics.h"

struct bmp_server;

/* Write the status of srv as JSON into out: counters, totals (routes per
 * view, bytes per route), and per router its peers with their state, route
 * counts per view and up/down history. Returns 0, or -1 when memory is
 * short. */
int bmp_status_json(const struct bmp_server *srv, struct evbuffer *out);

/* Serve bmp_status_json as /status on h, and every route held as JSON
 * lines (bmp_state_dump.h) as /rib (meant for small tables and tests: the
 * answer is built in memory). Returns 0 or -1. */
int bmp_status_route(struct bmp_server *srv, struct http_server *h);

/* Register the collector's metrics into m. Returns 0 or -1. */
int bmp_status_register_metrics(struct bmp_server *srv, struct metrics *m);

#endif
