/* whois_server.h - the IRRd-compatible whois server: libevent listeners and
 * connections on one event loop, answering from an immutable IRR database
 * that can be swapped at any time (reload) without dropping clients.
 *
 * Every connection has a bounded output backlog: while a client does not
 * read, its further queries are not parsed (back-pressure), and a client
 * that neither sends nor reads for the idle timeout is closed. */
#ifndef MANRS_WHOIS_SERVER_H
#define MANRS_WHOIS_SERVER_H

#include <stddef.h>

#include <event2/event.h>

#include "core/err.h"
#include "irr/irr_db.h"

struct whois_server_opts {
	unsigned idle_timeout; /* seconds without progress before a client is closed; 0 = 300 */
	size_t out_high;       /* stop parsing queries while this much output is queued; 0 = 4 MiB */
	unsigned max_clients;  /* 0 = 1024 */
};

struct whois_server_stats {
	unsigned long accepted, refused, queries, errors;
	unsigned clients;
};

struct whois_server;

/* A server on base (not yet listening). o may be NULL for defaults. */
struct whois_server *whois_server_new(struct event_base *base, const struct whois_server_opts *o);

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

/* Close every connection and listener and free the db. NULL is allowed. */
void whois_server_free(struct whois_server *s);

#endif
