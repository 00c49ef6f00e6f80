/* SPDX-License-Identifier: ISC */
/* alert_json.h - one alert as one JSON object (JSON lines, the store's
 * evidence, webhooks), the same alert read back from that text, and a
 * one-line summary for people (syslog, Slack and Mattermost bodies).
 *
 * Object members, in order: id, key, type, code, state, severity, prefix,
 * monitored (null when none), affected_as, offender_as, description, rule,
 * peers, max_peers, first_seen, first_seen_unix, last_seen, last_seen_unix,
 * resolved_at (null while open), resolved_at_unix, version, nth (only when
 * not 0: the key opened before in the same second), rpki, irr, score,
 * samples: [{peer_as, peer, time, time_unix, path: [ASN...]}].
 * alert_json_read.h reads it back. Times are RFC 3339 UTC ("2024-01-02T03:04:05Z") and unix
 * seconds. */
#ifndef MANRS_ALERT_JSON_H
#define MANRS_ALERT_JSON_H

#include <stddef.h>

#include "core/err.h"
#include "core/json_writer.h"
#include "detect/alert.h"

/* Write a as one JSON object (no newline) as the next value of w. */
void alert_json_write(struct json_writer *w, const struct alert *a);

/* a as one JSON object in a malloc'ed NUL-terminated string (no newline);
 * NULL when out of memory. */
char *alert_json_string(const struct alert *a);

/* Markup of the summary line. */
enum alert_markup {
	ALERT_MARKUP_PLAIN,     /* syslog, terminals */
	ALERT_MARKUP_SLACK,     /* *bold*, &amp; &lt; &gt; escaped */
	ALERT_MARKUP_MATTERMOST /* **bold** (Markdown) */
};

/* One line for people into buf (always NUL-terminated, truncated to n):
 * "hijack open (critical): 192.0.2.0/24 by AS64511, affects AS64500,
 * 3 peers: DESCRIPTION [id 7 v1 E|0|-|-]". Returns buf. */
char *alert_summary(const struct alert *a, enum alert_markup m, char *buf, size_t n);

/* A Slack/Mattermost incoming-webhook body, {"text": "SUMMARY"}, malloc'ed;
 * NULL when out of memory. */
char *alert_chat_body(const struct alert *a, enum alert_markup m);

/* Copy at most max bytes of the string src to dst (max + 1 bytes) as valid
 * UTF-8: each byte that starts no valid character (a field cut in the
 * middle of one) becomes '?'. Returns the length written. */
size_t alert_utf8_clean(char *dst, const char *src, size_t max);

/* Format unix time t as RFC 3339 UTC into buf (>= 21 bytes). Returns buf. */
char *alert_time_format(uint32_t t, char *buf, size_t n);

#endif
