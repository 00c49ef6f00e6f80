/* SPDX-License-Identifier: ISC */
/* daemon_whois.c - whois server + RPSL reloads for the daemon. */
#include "daemon_whois.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "irr/irr_db.h"
#include "reload.h"

struct daemon_whois {
	const struct daemon_whois_config *cfg;
	struct whois_server *srv;
	struct reloader *reloader;
	unsigned long objects[DAEMON_MAX_FILES]; /* per file, in the served data */
	struct daemon_whois_info info;
};

/* A load's result: the db and the objects per file, or why it failed. */
struct whois_load {
	struct irr_db *db;
	unsigned long objects[DAEMON_MAX_FILES];
	char error[512];
};

static void quiet_warning(const struct err *w, void *ctx)
{
	log_debug("whois: %s", w->msg);
}

/* Load every file into a finished db. Runs on the worker thread. */
static struct irr_db *load_files(const struct daemon_whois_config *cfg, unsigned long *objects,
                                 struct err *e)
{
	struct irr_db *db = irr_db_new();
	if (!db) {
		err_set(e, "out of memory");
		return NULL;
	}
	irr_db_set_warn(db, quiet_warning, NULL);
	for (size_t i = 0; i < cfg->nfiles; i++) {
		unsigned long before = irr_db_stats(db)->objects;
		if (irr_db_load_file(db, cfg->files[i], cfg->sources[i], e) < 0) {
			irr_db_free(db);
			return NULL;
		}
		objects[i] = irr_db_stats(db)->objects - before;
	}
	if (irr_db_finish(db, e) < 0) {
		irr_db_free(db);
		return NULL;
	}
	return db;
}

static void *reload_load(void *arg)
{
	struct daemon_whois *w = arg;
	struct whois_load *l = calloc(1, sizeof *l);
	struct err e;
	if (!l)
		return NULL;
	if (!(l->db = load_files(w->cfg, l->objects, &e)))
		snprintf(l->error, sizeof l->error, "%s", e.msg);
	return l;
}

/* A file that lost more than max_shrink % of its objects: refuse. */
static int shrunk(const struct daemon_whois *w, const struct whois_load *l, char *why, size_t n)
{
	for (size_t i = 0; i < w->cfg->nfiles && w->cfg->max_shrink < 100; i++) {
		unsigned long old = w->objects[i], now = l->objects[i];
		if (now < old && (old - now) * 100 > old * w->cfg->max_shrink) {
			snprintf(
			    why, n,
			    "%s: %lu objects, %lu%% fewer than the %lu served (max_shrink %u%%)",
			    w->cfg->files[i], now, (old - now) * 100 / old, old,
			    w->cfg->max_shrink);
			return 1;
		}
	}
	return 0;
}

static void install(struct daemon_whois *w, struct irr_db *db, const unsigned long *objects)
{
	memcpy(w->objects, objects, sizeof w->objects);
	w->info.routes = irr_db_route_count(db);
	w->info.objects = irr_db_stats(db)->objects;
	w->info.loaded = time(NULL);
	whois_server_set_db(w->srv, db);
}

static int reload_swap(void *arg, void *result, const char *why, double seconds)
{
	struct daemon_whois *w = arg;
	struct whois_load *l = result;
	w->info.last_reload = time(NULL);
	w->info.last_ok = 0;
	if (!l) {
		snprintf(w->info.last_error, sizeof w->info.last_error, "out of memory");
	} else if (l->db && !shrunk(w, l, l->error, sizeof l->error)) {
		install(w, l->db, l->objects);
		log_info("whois: reloaded (%s): %zu routes in %.2f s", why, w->info.routes,
		         seconds);
		w->info.last_ok = 1;
		w->info.last_error[0] = 0;
		w->info.reloads_ok++;
		free(l);
		return 0;
	} else {
		irr_db_free(l->db);
		snprintf(w->info.last_error, sizeof w->info.last_error, "%s", l->error);
	}
	w->info.reloads_failed++;
	log_err("whois: reload (%s) failed, still serving the previous data: %s", why,
	        w->info.last_error);
	free(l);
	return -1;
}

static void reload_discard(void *arg, void *result)
{
	struct whois_load *l = result;
	if (l)
		irr_db_free(l->db);
	free(l);
}

static void reload_changed(void *arg, const char *path)
{
	log_info("whois: %s changed: reloading", path);
}

struct daemon_whois *daemon_whois_new(struct event_base *base,
                                      const struct daemon_whois_config *cfg, struct err *e)
{
	struct daemon_whois *w = calloc(1, sizeof *w);
	if (!w) {
		err_set(e, "out of memory");
		return NULL;
	}
	w->cfg = cfg;
	struct reload_config rc = {.files = cfg->files,
	                           .nfiles = cfg->nfiles,
	                           .interval = cfg->check_interval,
	                           .watch = cfg->check_interval != 0,
	                           .load = reload_load,
	                           .swap = reload_swap,
	                           .discard = reload_discard,
	                           .changed = reload_changed,
	                           .arg = w};
	unsigned long objects[DAEMON_MAX_FILES] = {0};
	struct irr_db *db = NULL;
	if (!(w->srv = whois_server_new(base, &cfg->opts))) {
		err_set(e, "whois: out of memory");
		goto fail;
	}
	if (!(w->reloader = reloader_new(base, &rc, e)))
		goto fail;
	reloader_take_stamps(w->reloader);
	if (!(db = load_files(cfg, objects, e)))
		goto fail;
	install(w, db, objects);
	for (size_t i = 0; i < cfg->listen.n; i++)
		if (whois_server_listen(w->srv, cfg->listen.addr[i], e) < 0)
			goto fail;
	return w;
fail:
	daemon_whois_free(w);
	return NULL;
}

int daemon_whois_reconfigure(struct daemon_whois *w, const struct daemon_whois_config *cfg,
                             struct err *e)
{
	const struct whois_server_opts *a = &w->cfg->opts, *b = &cfg->opts;
	if (!daemon_listen_equal(&w->cfg->listen, &cfg->listen) || memcmp(a, b, sizeof *a) != 0)
		return err_set(e, "whois listen addresses or limits changed");
	reloader_cancel(w->reloader);
	w->cfg = cfg;
	if (reloader_set_files(w->reloader, cfg->files, cfg->nfiles, cfg->check_interval,
	                       cfg->check_interval != 0, e))
		return -1;
	reloader_request(w->reloader, "reconfigure");
	return 0;
}

void daemon_whois_reload(struct daemon_whois *w, const char *why)
{
	reloader_request(w->reloader, why);
}

struct whois_server *daemon_whois_server(struct daemon_whois *w)
{
	return w->srv;
}

const struct irr_db *daemon_whois_db(const struct daemon_whois *w)
{
	return whois_server_db(w->srv);
}

void daemon_whois_info(const struct daemon_whois *w, struct daemon_whois_info *info)
{
	*info = w->info;
}

void daemon_whois_free(struct daemon_whois *w)
{
	if (!w)
		return;
	/* first: a running load must not hand its db to a freed server */
	reloader_free(w->reloader);
	whois_server_free(w->srv);
	free(w);
}
