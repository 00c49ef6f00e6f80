/* SPDX-License-Identifier: ISC */
/* bmp_server.h - the BMP collector's transport: routers connect over TCP
 * (RFC 7854 section 3.2: the router is the client), one event loop reads
 * them all, and each router's stream goes through its own feed into the
 * shared state (lib/bmp/bmp_state_feed.h).
 *
 * Faults stay with the router that made them: a stream that does not frame
 * or decode, a message above --max-msg, or a disconnect in the middle of a
 * message closes that session with a logged reason naming the router's
 * address and the byte offset in its stream; its routes become stale and
 * are dropped after the grace time unless it comes back and announces them
 * again. Memory per router is bounded: its input buffer never holds more
 * than one message plus one read, and a router sending faster than the
 * collector applies is slowed by TCP itself (the socket is read only when
 * the previous read was applied). The server lives on an event base it is
 * given, beside other services (new / reconfigure / free). */
#ifndef MANRS_BMP_SERVER_H
#define MANRS_BMP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "bmp/bmp_archive.h"
#include "bmp/bmp_state_feed.h"
#include "core/err.h"
#include "core/prefix.h"

struct metrics;

#define BMP_MAX_LISTEN 16
#define BMP_MAX_ALLOW 64

struct bmp_server_config {
	const char *listen[BMP_MAX_LISTEN]; /* "127.0.0.1:11019", "[::1]:11019" */
	size_t nlisten;
	unsigned max_routers;    /* 0 = fd limit minus a reserve */
	unsigned max_per_source; /* 0 = unlimited */
	struct prefix allow[BMP_MAX_ALLOW];
	size_t nallow;          /* 0 = everybody */
	size_t max_msg;         /* largest BMP message accepted (0 = 1 MiB) */
	uint32_t stale_grace;   /* seconds a gone router's routes are kept */
	const char *http;       /* /status and /metrics address, NULL = none */
	const char *ready_file; /* touched once listening (tests) */
	int keepalive;          /* TCP keepalive on router sockets */
	/* every route element, NULL = none (the monitor pipeline plugs in) */
	bmp_event_fn on_event;
	void *event_arg;
	bmp_eor_fn on_eor; /* a peer's End-of-RIB (event_arg), NULL = none */
	/* a router's session ended (its name, as in events; event_arg), NULL =
	 * none: the monitor pipeline ends that router's peers after a grace */
	void (*on_router_down)(void *arg, const char *router);
	/* every whole BMP message as received, before it is applied (the router's
	 * name as in events; message_arg), NULL = none: the Kafka raw feed */
	void (*on_message)(void *arg, const char *router, const uint8_t *p, size_t n);
	void *message_arg;
	/* MRT archives; dir NULL = none */
	struct bmp_archive_config archive;
	/* Called once every address is bound, before the first router is
	 * accepted (the privilege drop); non-zero stops the start. */
	int (*before_serve)(void *arg, struct err *e);
	void *before_serve_arg;
};

/* Counters for /status and /metrics. */
struct bmp_server_info {
	time_t started;
	uint64_t connections, refused, closed_error, closed_eof, closed_mid_msg;
	uint64_t messages, bytes, updates_dropped, stale_dropped;
	uint64_t skipped; /* reports/mirrors/initiations that did not decode */
	uint64_t archive_records, archive_files, archive_ribs, archive_errors;
	unsigned sessions; /* open router sessions */
	struct bmp_state_totals totals;
};

struct bmp_server;

/* A collector on base: listens on every address and, with cfg->http,
 * serves /status (JSON) and /metrics. cfg is copied; its strings must
 * outlive the server. Returns NULL with e filled. */
struct bmp_server *bmp_server_new(struct event_base *base, const struct bmp_server_config *cfg,
                                  struct err *e);

/* Apply a new configuration: limits, allow list, grace time and the
 * callback take effect at once. The listen and HTTP addresses and the
 * archive cannot change without a restart: -1 with e says which. */
int bmp_server_reconfigure(struct bmp_server *srv, const struct bmp_server_config *cfg,
                           struct err *e);

/* Write a RIB snapshot now (in a child process, so routers are not held
 * up); -1 with e when no archive is configured or one is running. */
int bmp_server_snapshot(struct bmp_server *srv, struct err *e);

/* The registry behind /metrics (NULL without cfg->http): other parts of
 * the collector (the Kafka producer) add their metrics to it. */
struct metrics *bmp_server_metrics(struct bmp_server *srv);

/* The state (read only; valid until the next event). */
const struct bmp_state *bmp_server_state(const struct bmp_server *srv);

/* Fill info. */
void bmp_server_info(const struct bmp_server *srv, struct bmp_server_info *info);

/* Close every session (their routes are dropped with the state), close
 * the open archive file into place, free all. NULL is allowed. */
void bmp_server_free(struct bmp_server *srv);

#endif
