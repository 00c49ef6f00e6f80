/* SPDX-License-Identifier: ISC */
/* ris_json.h - one RIPE RIS Live message (JSON) -> route events.
 *
 * Accepts the wire format of RIS Live, {"type":"ris_message","data":{...}},
 * and a bare data object (what ris-live dumps often hold). In data:
 * timestamp (seconds, fractional), peer, peer_asn (string or number), host,
 * type, path (numbers, an AS_SET as a nested array), community ([asn,value]
 * pairs), announcements ([{next_hop, prefixes}]), withdrawals (prefixes),
 * state (RIS_PEER_STATE), and an optional otc; other keys (id, origin, med,
 * aggregator, raw...) are checked for syntax and skipped. UPDATE yields a
 * WITHDRAW per withdrawn prefix then an ANNOUNCE per announced prefix;
 * RIS_PEER_STATE with state "down" yields PEER_DOWN; other data types (OPEN,
 * KEEPALIVE, NOTIFICATION, RIS_PEER_STATE "connected") and other message
 * types (ris_error, ris_subscribe_ok, pong...) yield nothing.
 *
 * One pass over the bytes, no allocation per message (buffers grow once
 * to the largest message seen), so it keeps up with millions of messages
 * per second. */
#ifndef MANRS_RIS_JSON_H
#define MANRS_RIS_JSON_H

#include <stddef.h>

#include "core/err.h"
#include "core/prefix.h"
#include "detect/input.h"

/* What one message was. */
enum ris_kind {
	RIS_KIND_UPDATE = 1,    /* an UPDATE (events for its prefixes) */
	RIS_KIND_PEER_DOWN = 2, /* RIS_PEER_STATE "down" */
	RIS_KIND_OTHER = 3,     /* a ris_message of another type: no event */
	RIS_KIND_NOT_ROUTE = 4, /* not a ris_message (ris_error, pong...): no event */
	RIS_KIND_RIS_ERROR = 5, /* ris_error: the message text is in ris_json_error_text */
};

struct ris_json;

/* A parser. NULL on allocation failure. */
struct ris_json *ris_json_new(void);

/* Free; NULL is allowed. */
void ris_json_free(struct ris_json *rj);

/* Parse one message of len bytes (no NUL needed; surrounding spaces are
 * allowed) and hand its events to fn. Returns 0 with *kind set, 1 when fn
 * asked to stop, -1 with e set when fn failed, -2 with e set (message only,
 * no location) when the message is malformed: then no event was handed on.
 * A prefix that does not parse is skipped and counted (ris_json_bad_prefixes),
 * the message's other prefixes still count. */
int ris_json_parse(struct ris_json *rj, const char *msg, size_t len, route_event_fn fn, void *arg,
                   enum ris_kind *kind, struct err *e);

/* ris_json_parse in two steps, so that an input can read a few messages
 * ahead of the ones it hands on (and warm the route state's cache lines for
 * them): scan checks the message and decodes its fields and prefixes
 * (returns 0 with *kind set, or -2 with e set when malformed); emit then
 * hands on its events (returns 0, 1 or -1 as ris_json_parse). The message
 * bytes must stay in place until emit. */
int ris_json_scan(struct ris_json *rj, const char *msg, size_t len, enum ris_kind *kind,
                  struct err *e);
int ris_json_emit(struct ris_json *rj, route_event_fn fn, void *arg, struct err *e);

/* The prefixes of the UPDATE scanned last: withdrawn ones in *wd (*n_wd of
 * them), announced ones in *ann (the count returned). An entry whose len is
 * 255 did not parse. None for other messages. */
size_t ris_json_prefixes(const struct ris_json *rj, const struct prefix **wd, size_t *n_wd,
                         const struct prefix **ann);

/* Prefixes skipped so far because they did not parse; the last one's text
 * (quoted, truncated) in ris_json_last_bad_prefix. */
unsigned long ris_json_bad_prefixes(const struct ris_json *rj);
const char *ris_json_last_bad_prefix(const struct ris_json *rj);

/* The message text of the last ris_error ("" when none). */
const char *ris_json_error_text(const struct ris_json *rj);

#endif
