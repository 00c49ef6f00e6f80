/* SPDX-License-Identifier: ISC */
/* whois_client.h - a client for the IRRd query protocol as bgpq4 speaks it:
 * "!!" keeps the connection open, then "!n", "!a", "!s", "!i", "!g", "!6"
 * queries, pipelined, and "!q". Replies are "A<len>\n<len bytes>C\n"
 * (data), "C\n" (ok, no data), "D\n" (key not found), "E\n" (multiple
 * keys) or "F message\n" (error). The parser is separate from the socket
 * code so it can be fuzzed. Nothing here prints. */
#ifndef MANRS_IRR_WHOIS_CLIENT_H
#define MANRS_IRR_WHOIS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"

/* Largest A reply accepted (a full RADB route dump of one set fits). */
#define WHOIS_MAX_REPLY (512u << 20)

/* One parsed reply; data and msg point into the caller's buffer. */
struct whois_reply {
	char kind;        /* 'A', 'C', 'D', 'E' or 'F' */
	const char *data; /* A: the payload (len bytes, usually ends in '\n') */
	size_t len;
	const char *msg; /* F: the text after "F", without the newline */
	size_t msglen;
};

/* Parse one reply at the start of buf[0..len). Returns the bytes it takes
 * (> 0) when complete, 0 when more input is needed, -1 when malformed (e
 * says why, with the byte offset within buf). */
ssize_t whois_reply_parse(const char *buf, size_t len, struct whois_reply *r, struct err *e);

/* A connection to an IRRd. */
struct whois_client {
	int fd;
	int timeout_ms; /* per wait for the server; default 30 s */
	char *buf;      /* received, not yet consumed bytes: buf[off..len) */
	size_t off, len, cap;
	char host[256];
};

/* Connect to "host", "host:port", "[v6addr]:port" (port 43 by default),
 * trying every address. Returns 0 or -1 with e set. */
int whois_open(struct whois_client *c, const char *hostport, struct err *e);

/* Send raw bytes (for commands without a reply such as "!!\n" and "!q\n").
 * Returns 0 or -1. */
int whois_send(struct whois_client *c, const char *s, size_t n, struct err *e);

/* Send one query (newline added) and wait for its reply; r stays valid
 * until the next call on c. Returns 0 or -1 (I/O error, timeout, malformed
 * reply). */
int whois_query(struct whois_client *c, const char *q, struct whois_reply *r, struct err *e);

/* Called for the reply to queries[i], in order; r is valid during the call.
 * Return 0 to go on, nonzero to stop (whois_pipeline then returns -1 with
 * e unchanged, so set it). */
typedef int (*whois_reply_fn)(void *ctx, size_t i, const struct whois_reply *r, struct err *e);

/* Send n queries with at most `window` unanswered at a time (1 = strict
 * request/reply like bgpq4 -T) while reading replies, so the server is
 * never blocked writing. Returns 0 or -1 with e set. */
int whois_pipeline(struct whois_client *c, const char *const *queries, size_t n, size_t window,
                   whois_reply_fn fn, void *ctx, struct err *e);

/* Send "!q", close and free. Safe to call twice. */
void whois_close(struct whois_client *c);

#endif
