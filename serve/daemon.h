/* SPDX-License-Identifier: ISC */
/* daemon.h - `manrs serve`: every service of one configuration file on one
 * libevent loop (RTR cache, whois, BMP collector, monitor, HTTP with the
 * API, the dashboard and /metrics for all of them).
 *
 * Start: the configuration is checked, the privilege drop prepared, every
 * service loads its data and binds its addresses (a failure stops the
 * start with the reason), then the privileges are dropped and systemd is
 * told the daemon is ready.
 *
 * SIGHUP rereads the file. A file that does not parse or check leaves
 * everything as it runs (the error, with line and column, goes to the
 * log). Otherwise each service takes its new section in place: limits,
 * timers and data files change without closing a connection, and the data
 * files are reloaded; only a service whose listen addresses changed is
 * restarted, and a service that cannot start keeps running as it was.
 * Routers connected to the RTR cache and BMP collector stay connected. */
#ifndef MANRS_DAEMON_H
#define MANRS_DAEMON_H

#include <stdbool.h>
#include <time.h>

#include "core/err.h"
#include "daemon_config.h"
#include "daemon_sources.h"

struct daemon;
struct event_base;
struct daemon_whois;
struct daemon_monitor;
struct metrics;

/* Start every service of the configuration at path (the daemon keeps the
 * path for reloads) on a new loop. NULL with e set. */
struct daemon *daemon_start(const char *path, struct err *e);

/* Write the pidfile, drop privileges, tell systemd and ready(arg) (may be
 * NULL) that the daemon serves, and serve until SIGINT or SIGTERM.
 * Returns 0 on a clean stop, -1 with e set. */
int daemon_run(struct daemon *d, void (*ready)(void *arg), void *arg, struct err *e);

/* Reread the configuration (what SIGHUP does). Returns 0 when the new one
 * is in force, -1 when the old one was kept (logged). */
int daemon_reload(struct daemon *d);

/* Stop every service and free all. NULL is allowed. */
void daemon_free(struct daemon *d);

/* What the API and the dashboard read. */
struct daemon_status {
	time_t started, last_reload; /* last_reload 0: never reloaded */
	int last_reload_ok;
	char last_error[512];
	unsigned long reloads_ok, reloads_failed;
};

void daemon_get_status(const struct daemon *d, struct daemon_status *st);
const struct daemon_config *daemon_current_config(const struct daemon *d);
struct rtr_server *daemon_rtr(const struct daemon *d);
struct daemon_whois *daemon_whois(const struct daemon *d);
struct bmp_server *daemon_bmp(const struct daemon *d);
struct daemon_monitor *daemon_monitor(const struct daemon *d);
/* The state of each configured source (aligned with the current config's
 * sources), read from the fetcher now. */
const struct daemon_source_state *daemon_source_states(struct daemon *d);
struct metrics *daemon_metrics(const struct daemon *d);
struct event_base *daemon_base(const struct daemon *d);

#endif
