/* SPDX-License-Identifier: ISC */
/* sink_webhook.h - alerts POSTed to an HTTP(S) webhook with libcurl. */
#ifndef MANRS_SINK_WEBHOOK_H
#define MANRS_SINK_WEBHOOK_H

#include "core/err.h"
#include "detect/alert_sink.h"

/* What the POST body is. */
enum webhook_format {
	WEBHOOK_JSON,      /* the alert's JSON object (alert_json.h) */
	WEBHOOK_SLACK,     /* {"text": "*type state* ..."}: Slack incoming webhooks */
	WEBHOOK_MATTERMOST /* {"text": "**type state** ..."}: Mattermost incoming webhooks */
};

/* "json", "slack", "mattermost". Returns 0, or -1 for another name. */
int webhook_format_parse(const char *name, enum webhook_format *f);

#define WEBHOOK_TIMEOUT_MS 10000 /* whole request */
#define WEBHOOK_CONNECT_MS 5000

/* A sink that POSTs each alert to url (http:// or https:// only; no
 * redirects followed) with Content-Type application/json, waiting at most
 * timeout_ms (0: WEBHOOK_TIMEOUT_MS). A 2xx answer is a delivery; anything
 * else (other status, refused, timed out) is a failure the dispatcher
 * retries. The POSTs go out one at a time, in order, from a thread of the
 * sink's own (started at the first delivery): deliver queues the body and
 * returns ALERT_SINK_IN_FLIGHT, poll reports outcomes (alert_sink.h), and
 * poll with wait waits at most timeout_ms. The sink's name holds the host and a hash of the URL,
 * never the URL itself (webhook URLs carry secrets): "webhook:hooks.slack.com#9f3a0c1e". NULL with
 * e set for a bad URL or when libcurl cannot start. */
struct alert_sink *sink_webhook_new(const char *url, enum webhook_format format, long timeout_ms,
                                    struct err *e);

#endif
