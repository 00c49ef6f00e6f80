/* SPDX-License-Identifier: ISC */
/* daemon_http.h - the HTTP side of `manrs serve`: on every address of the
 * http section, /metrics (every service's metrics, one registry), the JSON
 * API under /api/v1/ (api.h) and the dashboard at / (dashboard.h). There
 * is no authentication: bind it to loopback or a management address. */
#ifndef MANRS_DAEMON_HTTP_H
#define MANRS_DAEMON_HTTP_H

#include "core/err.h"
#include "daemon_config.h"

struct daemon;
struct daemon_http;

/* Listen on every address of l. NULL with e set (address in use...). */
struct daemon_http *daemon_http_new(struct daemon *d, const struct daemon_listen *l, struct err *e);

/* Stop listening and free; NULL is allowed. */
void daemon_http_free(struct daemon_http *h);

#endif
