/* SPDX-License-Identifier: ISC */
/* http_server.h - a tiny HTTP endpoint for metrics and status pages, shared
 * by every long-running service.
 *
 * A service registers one handler per path; the handler appends the body to
 * an evbuffer. Only GET and HEAD are answered (405 otherwise), one request
 * per connection. Limits, so that a hostile client costs next to nothing:
 * the request head (line and headers) is at most HTTP_MAX_HEAD bytes (431),
 * a request announcing a body gets 413 without it being read, the whole
 * exchange must finish within HTTP_TIMEOUT seconds, and at most
 * HTTP_MAX_CONNS connections are open: a new one closes the oldest that
 * has not sent its request yet, or gets 503 when all are being answered. A failed accept()
 * pauses the listener (listen_guard). Bind it to loopback or a management
 * address: there is no authentication. */
#ifndef MANRS_HTTP_SERVER_H
#define MANRS_HTTP_SERVER_H

#include <event2/buffer.h>
#include <event2/event.h>

#include "core/err.h"

#define HTTP_MAX_HEAD 8192
#define HTTP_TIMEOUT 10
#define HTTP_MAX_CONNS 16

struct http_server;

/* Write the body of a response into out; return the HTTP status (200...). */
typedef int (*http_handler_fn)(struct evbuffer *out, void *arg);

/* Listen on addr ("127.0.0.1:9100" or "[::1]:9100") in base. Returns NULL
 * with e filled when the address is invalid or cannot be bound. */
struct http_server *http_server_start(struct event_base *base, const char *addr, struct err *e);

/* Serve path (exact match) with fn; content_type e.g. "application/json".
 * Returns 0, or -1 when the path is already taken or memory is short. */
int http_server_route(struct http_server *h, const char *path, const char *content_type,
                      http_handler_fn fn, void *arg);

struct http_request;

/* A handler that sees the request (path and query string) and may choose
 * the content type (*content_type starts as the route's). Returns the
 * HTTP status; the body goes into out. */
typedef int (*http_request_fn)(const struct http_request *req, struct evbuffer *out,
                               const char **content_type, void *arg);

/* Serve every path starting with prefix that no exact route takes, with fn
 * (the longest matching prefix wins). Returns 0, or -1 when the prefix is
 * already taken or the table is full. */
int http_server_route_prefix(struct http_server *h, const char *prefix, const char *content_type,
                             http_request_fn fn, void *arg);

/* Requests answered so far (all paths and errors). */
unsigned long http_server_requests(const struct http_server *h);

/* Connections refused because HTTP_MAX_CONNS were open (0 for NULL). */
unsigned long http_server_refused(const struct http_server *h);

/* Stop listening and free everything. NULL is ignored. */
void http_server_free(struct http_server *h);

#endif
