/* SPDX-License-Identifier: ISC */
/* whois_client.h - a client for the IRRd query protocol as bgpq4 speaks it:
 * "!!" keeps the connection open, then "!n", "!a", "!s", "!i", "!g", "!6"
 * queries, pipelined, and "!q". Replies are "A<len>\n<len bytes>C\n"
 * (data), "C\n" (ok, no data), "D\n" (key not found), "E\n" (multiple
 * keys) or "F message\n" (error). The parser is separate from the stream
 * so it can be fuzzed, and the client does no I/O itself: it reads and
 * writes through a struct whois_stream the transport provides (TCP in
 * serve/whois_connect.c, memory in the tests). Nothing here prints. */
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

/* The byte stream to an IRRd, provided by the transport. Every function
 * names the server in its errors. */
struct whois_stream {
	void *ctx;
	/* Write up to n bytes: the count written (> 0), 0 when it would block,
	 * or -1 with e set. */
	ssize_t (*write)(void *ctx, const char *s, size_t n, struct err *e);
	/* Read up to n bytes: the count read (> 0), 0 at end of stream, -2 when
	 * it would block, or -1 with e set. */
	ssize_t (*read)(void *ctx, char *buf, size_t n, struct err *e);
	/* Wait until readable, or writable too when want_write: 0, or -1 with e
	 * set (timeout, error). */
	int (*wait)(void *ctx, int want_write, struct err *e);
	/* Close the stream and free ctx. */
	void (*close)(void *ctx);
};

/* A connection to an IRRd. */
struct whois_client {
	struct whois_stream io; /* io.ctx == NULL once closed */
	char *buf;              /* received, not yet consumed bytes: buf[off..len) */
	size_t off, len, cap;
	char host[256];
};

/* Start a client over an open stream to hostport (the name in errors). */
void whois_client_init(struct whois_client *c, const struct whois_stream *io, const char *hostport);

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

/* Send "!q", close the stream and free. Safe to call twice. */
void whois_close(struct whois_client *c);

#endif
