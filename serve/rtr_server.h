/* rtr_server.h - the RTR cache server: TCP transport over libevent, limits,
 * reloads, and the metrics/status endpoint.
 *
 * One event loop serves every router. Each connection owns an rtr_session
 * and a bounded output buffer that is refilled from the shared snapshot as
 * the socket drains, so slow routers neither grow memory nor block others. */
#ifndef MANRS_RTR_SERVER_H
#define MANRS_RTR_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"
#include "core/prefix.h"
#include "rtr_session.h"

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
	unsigned history;	 /* past serials kept for deltas */
	unsigned check_interval; /* seconds between file checks; 0 = SIGHUP only */
	long max_age;		 /* refuse data older than this (s); 0 = no limit */
	unsigned max_clients;	 /* 0 = fd limit minus a reserve (listen_guard) */
	unsigned max_per_source; /* 0 = unlimited */
	struct prefix allow[RTR_MAX_ALLOW];
	size_t nallow; /* 0 = everybody */
	const char *http; /* metrics/status address, NULL = none */
	unsigned timeout; /* seconds for a first query, a half PDU, a stalled write */
	int keepalive;	  /* TCP keepalive on router sockets */
	int session_id;	  /* -1 = random */
	const char *ready_file; /* touched once listening with data (tests) */
	int ignore_expires;	/* serve VRPs/ASPAs past their "expires" too */
	unsigned max_shrink;	/* refuse a reload losing more than this % of
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
	int64_t next_expiry; /* when the next served entry expires, 0 none */
	uint64_t expiry_drops; /* times entries were dropped as they expired */
	int64_t data_time;
	time_t started, last_reload, last_change;
	int last_reload_ok;
	char last_error[512];
	uint64_t reloads_ok, reloads_failed;
	uint64_t reloads_refused; /* loaded, but refused (--max-shrink, all rejected) */
	size_t rejected_entries;  /* entries the last load skipped as invalid */
	uint64_t accept_failures; /* accept() errors (out of descriptors...) */
	unsigned max_clients;	  /* the limit in force, 0 = none */
	double last_reload_seconds;
	unsigned clients, clients_by_version[RTR_VERSION_MAX + 2]; /* [3] = not yet known */
	uint64_t connections, rejected, pdus_sent, pdus_received, errors_sent;
	uint64_t reset_queries, serial_queries, notifies;
	size_t history;
};

struct rtr_server;

/* Run until SIGINT or SIGTERM. Loads the data first (a broken file at start
 * is an error, as is a file whose every entry was rejected, and an address
 * that cannot be bound). A reload that fails, rejects every entry, or drops
 * more than max_shrink percent of the entries keeps the served data.
 * Returns 0 on a clean shutdown, -1 with e filled otherwise. */
int rtr_server_run(const struct rtr_server_config *cfg, struct err *e);

/* Fill info with the server's current state. */
void rtr_server_info(const struct rtr_server *srv, struct rtr_server_info *info);

#endif
