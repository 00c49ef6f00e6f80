/* SPDX-License-Identifier: ISC */
/* api_priv.h - what the API's files share: JSON answer helpers and the
 * endpoints of each file. Every endpoint returns the HTTP status and writes
 * the body into out. */
#ifndef MANRS_API_PRIV_H
#define MANRS_API_PRIV_H

#include <stdint.h>
#include <time.h>

#include <event2/buffer.h>

#include "core/json_writer.h"
#include "core/mrt_buf.h"

struct daemon;

/* Finish w (over b), append it and a newline to out, free b. 200 or 500. */
int api_finish(struct json_writer *w, struct mrt_buf *b, struct evbuffer *out);

/* {"error": MESSAGE} into out; returns status. */
int api_error(struct evbuffer *out, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "k": v (null for a NULL string / time 0; times as RFC 3339 UTC). */
void api_key_str(struct json_writer *w, const char *k, const char *v);
void api_key_u64(struct json_writer *w, const char *k, uint64_t v);
void api_key_time(struct json_writer *w, const char *k, time_t t);

/* api_status.c */
int api_status(struct daemon *d, struct evbuffer *out);

/* api_rpki.c */
int api_vrps(struct daemon *d, const char *query, struct evbuffer *out);
int api_validity_query(struct daemon *d, const char *query, struct evbuffer *out);
int api_validity_path(struct daemon *d, const char *asn_prefix, struct evbuffer *out);

/* api_alerts.c */
int api_alerts(struct daemon *d, const char *query, struct evbuffer *out);
int api_incidents(struct daemon *d, const char *query, struct evbuffer *out);

#endif
