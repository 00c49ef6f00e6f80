/* SPDX-License-Identifier: ISC */
/* daemon_whois.h - the whois service of `manrs serve`: the IRRd-compatible
 * server (whois_server.h) answering from RPSL dumps that are reloaded on a
 * worker thread (reload.h) when they change or on SIGHUP, keeping the last
 * good data when a load fails or shrinks by more than max_shrink. */
#ifndef MANRS_DAEMON_WHOIS_H
#define MANRS_DAEMON_WHOIS_H

#include <time.h>

#include <event2/event.h>

#include "daemon_config.h"
#include "whois_server.h"

struct daemon_whois;

/* What the status page shows. */
struct daemon_whois_info {
	size_t routes, objects;
	time_t loaded;      /* when the served data was loaded */
	time_t last_reload; /* the last attempt, 0 none */
	int last_ok;
	char last_error[512];
	unsigned long reloads_ok, reloads_failed;
};

/* Load the files (synchronously: a bad file fails the start) and listen.
 * cfg must outlive the service (or the next reconfigure). NULL with e. */
struct daemon_whois *daemon_whois_new(struct event_base *base,
                                      const struct daemon_whois_config *cfg, struct err *e);

/* Take a new configuration whose listen addresses and limits are those of
 * the running one: new files and check interval; a reload starts. Returns
 * 0, or -1 with e when a restart is needed instead. */
int daemon_whois_reconfigure(struct daemon_whois *w, const struct daemon_whois_config *cfg,
                             struct err *e);

/* Reload the files now (SIGHUP), on the worker thread. */
void daemon_whois_reload(struct daemon_whois *w, const char *why);

/* The server (metrics) and the db being served (API lookups). */
struct whois_server *daemon_whois_server(struct daemon_whois *w);
const struct irr_db *daemon_whois_db(const struct daemon_whois *w);

void daemon_whois_info(const struct daemon_whois *w, struct daemon_whois_info *info);

/* Stop and free; NULL is allowed. */
void daemon_whois_free(struct daemon_whois *w);

#endif
