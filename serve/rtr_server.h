/* SPDX-License-Identifier: ISC */
/* rtr_server.h - the RTR cache server: TCP transport over libevent, limits,
 * reloads, and the metrics/status endpoint.
 *
 * One event loop serves every router. Each connection owns an rtr_session
 * and a bounded output buffer that is refilled from the shared snapshot as
 * the socket drains, so slow routers neither grow memory nor block others.
 * The server lives on an event base it is given, beside other services. */
#ifndef MANRS_RTR_SERVER_H
#define MANRS_RTR_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/prefix.h"
#include "rpki/rpki_set.h"
#include "rtr/rtr_session.h"

#define RTR_MAX_LISTEN 16
#define RTR_MAX_FILES 16
#define RTR_MAX_ALLOW 64

struct rtr_server_config {
	const char *listen[RTR_MAX_LISTEN]; /* "127.0.0.1:8282", "[::1]:8282" */
	size_t nlisten;
	const char *vrp_files[RTR_MAX_FILES];
	size_t nvrp_files;
	const char *slurm_files[RTR_MAX_FILES];
	size_t nslurm_files;
	struct rtr_timers timers;
	unsigned history;        /* past serials kept for deltas */
	unsigned check_interval; /* seconds between file checks; 0 = SIGHUP only */
	long max_age;            /* refuse data older than this (s); 0 = no limit */
	unsigned max_clients;    /* 0 = fd limit minus a reserve (listen_guard) */
	unsigned max_per_source; /* 0 = unlimited */
	struct prefix allow[RTR_MAX_ALLOW];
	size_t nallow;          /* 0 = everybody */
	const char *http;       /* metrics/status address, NULL = none */
	unsigned timeout;       /* seconds for a first query, a half PDU, a stalled write */
	int keepalive;          /* TCP keepalive on router sockets */
	int session_id;         /* -1 = random */
	const char *ready_file; /* touched once listening with data (tests) */
	int ignore_expires;     /* serve VRPs/ASPAs past their "expires" too */
	unsigned max_shrink;    /* refuse a reload losing more than this % of
	                           the entries (100 = never refuse) */
	/* Called once every address is bound and the data is loaded, before
	 * the first router is accepted (the privilege drop); non-zero stops
	 * the start with e filled. NULL = none. */
	int (*before_serve)(void *arg, struct err *e);
	void *before_serve_arg;
};

/* Clients per negotiated version, for metrics. */
struct rtr_server_info {
	uint16_t session_id;
	int have_data, stale;
	uint32_t serial;
	size_t vrps4, vrps6, aspas;
	size_t expired_vrps, expired_aspas; /* dropped from the served data */
	int64_t next_expiry;                /* when the next served entry expires, 0 none */
	uint64_t expiry_drops;              /* times entries were dropped as they expired */
	int64_t data_time;
	time_t started, last_reload, last_change;
	int last_reload_ok;
	char last_error[512];
	uint64_t reloads_ok, reloads_failed;
	uint64_t reloads_refused; /* loaded, but refused (--max-shrink, all rejected) */
	size_t rejected_entries;  /* entries the last load skipped as invalid */
	uint64_t accept_failures; /* accept() errors (out of descriptors...) */
	unsigned max_clients;     /* the limit in force, 0 = none */
	double last_reload_seconds;
	unsigned clients, clients_by_version[RTR_VERSION_MAX + 2]; /* [3] = not yet known */
	uint64_t connections, rejected, pdus_sent, pdus_received, errors_sent;
	uint64_t reset_queries, serial_queries, notifies;
	uint64_t aspa_skipped; /* ASPAs not sent for an empty provider list, all streams */
	size_t history;
};

struct rtr_server;
struct metrics;

/* A server on base: loads the data first (a broken file is an error, as is
 * a file whose every entry was rejected), then listens on every address
 * and, with cfg->http, serves /metrics and /status. cfg is copied, but the
 * strings and file names it points to must outlive the server. The caller
 * owns the loop and the signals (rtr_server_reload on SIGHUP). Returns NULL
 * with e filled. */
struct rtr_server *rtr_server_new(struct event_base *base, const struct rtr_server_config *cfg,
                                  struct err *e);

/* Apply a new configuration: limits, allow list, timers, timeouts, file
 * lists and the reload settings take effect at once (a reload of the files
 * is started; open connections stay). The listen and HTTP addresses, the
 * session id and the history size cannot change without a restart: -1 with
 * e says which, and nothing is changed. */
int rtr_server_reconfigure(struct rtr_server *srv, const struct rtr_server_config *cfg,
                           struct err *e);

/* Reload the files on the worker thread (SIGHUP); why is logged. */
void rtr_server_reload(struct rtr_server *srv, const char *why);

/* Register the server's metrics into m (the server's own /metrics uses
 * this too). Returns 0 or -1. */
int rtr_server_register_metrics(struct rtr_server *srv, struct metrics *m);

/* Close every connection and listener, wait for a running load, free all.
 * NULL is allowed. */
void rtr_server_free(struct rtr_server *srv);

/* The VRPs and ASPAs being served (a finished set), NULL before the first
 * load. Valid until the loop runs again (a reload may replace it); serial
 * tells one version from the next. */
const struct rpki_set *rtr_server_vrps(const struct rtr_server *srv, uint32_t *serial);

/* One connected router, for status pages. */
struct rtr_client_info {
	const char *name; /* "192.0.2.1:40000" */
	time_t since;
	int version;          /* negotiated RTR version, -1 before the first PDU */
	uint32_t last_serial; /* the serial of its last End of Data */
	int synced;           /* got at least one complete response */
};

/* Call fn for every connected router, newest first. */
void rtr_server_each_client(const struct rtr_server *srv,
                            void (*fn)(void *arg, const struct rtr_client_info *c), void *arg);

/* Fill info with the server's current state. */
void rtr_server_info(const struct rtr_server *srv, struct rtr_server_info *info);

#endif
