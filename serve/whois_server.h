/* SPDX-License-Identifier: ISC */
/* whois_server.h - the IRRd-compatible whois server: libevent listeners and
 * connections on one event loop, answering from an immutable IRR database
 * that can be swapped at any time (reload) without dropping clients.
 *
 * Limits that keep hostile clients from starving the others:
 *  - every query line has a deadline from its first byte (and the first
 *    query one from the connection), so a client that dribbles bytes holds
 *    a slot for query_timeout at most; between queries of a persistent
 *    connection the idle timeout applies;
 *  - one address may hold at most max_pending connections that have not
 *    sent a complete query (further ones are refused);
 *  - a client that does not read stops being parsed when out_high bytes
 *    wait for it, and when all clients together hold more than out_budget
 *    bytes of unsent output the client with the largest backlog is closed;
 *  - when accept() fails (out of file descriptors) accepting pauses for a
 *    moment instead of spinning, and the log line is rate-limited. */
#ifndef MANRS_WHOIS_SERVER_H
#define MANRS_WHOIS_SERVER_H

#include <stddef.h>

#include <event2/event.h>

#include "core/err.h"
#include "irr/irr_db.h"

struct whois_server_opts {
	unsigned idle_timeout;  /* seconds silent between queries before closing; 0 = 300 */
	unsigned query_timeout; /* seconds to complete a query line; 0 = 30 */
	size_t out_high;        /* stop parsing queries at this backlog; 0 = 256 KiB */
	size_t out_budget;      /* unsent output of all clients together; 0 = 64 MiB */
	unsigned max_clients;   /* 0 = whois_server_default_clients() */
	unsigned max_pending;   /* per address, connections without a complete
	                           query; 0 = max_clients / 2 */
};

struct whois_server_stats {
	unsigned long accepted, refused, queries, errors;
	unsigned long refused_addr;   /* refused: too many pending from one address */
	unsigned long query_timeouts; /* closed: a query line was not completed in time */
	unsigned long shed;           /* closed: largest backlog over the output budget */
	unsigned long accept_errors;  /* accept() failures (EMFILE...): each pauses accepting */
	size_t out_total;             /* unsent output bytes of all clients now */
	unsigned clients;
};

struct whois_server;

/* The default client limit: the file descriptor limit (getrlimit) minus a
 * reserve for listeners, reloads and logs (LISTEN_GUARD_RESERVE), at most
 * 1024. */
unsigned whois_server_default_clients(void);

/* A server on base (not yet listening). o may be NULL for defaults. */
struct whois_server *whois_server_new(struct event_base *base, const struct whois_server_opts *o);

/* The options in effect (defaults filled in). */
const struct whois_server_opts *whois_server_opts(const struct whois_server *s);

/* Listen on "127.0.0.1:43", "[::1]:4343" or "host:port". Can be called
 * more than once. Returns 0 or -1 with e set. */
int whois_server_listen(struct whois_server *s, const char *addr, struct err *e);

/* Serve db from now on (ownership passes to the server); the previous db is
 * freed. Queries are answered synchronously, so no answer is in flight
 * across the swap. */
void whois_server_set_db(struct whois_server *s, struct irr_db *db);

/* The db being served (NULL before the first set). */
const struct irr_db *whois_server_db(const struct whois_server *s);

/* Counters. */
void whois_server_get_stats(const struct whois_server *s, struct whois_server_stats *st);

struct metrics;

/* Register the counters above into m as manrs_whois_* metrics (read at
 * each scrape). Returns 0 or -1. */
int whois_server_register_metrics(struct whois_server *s, struct metrics *m);

/* Close every connection and listener and free the db. NULL is allowed. */
void whois_server_free(struct whois_server *s);

#endif
